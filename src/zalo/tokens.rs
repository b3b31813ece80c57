//! The Official Account webhook's configuration and the renewal of its access token: on error
//! -216 the configured refresh token (or the last one it rotated to) is traded for new tokens,
//! one renewal at a time, and the rotated tokens are kept in the store for the next start.

use super::oa::{OaClient, Refresh, Tokens};
use crate::store::{self, Store};

/// The Zalo Official Account webhook, when configured.
pub struct ZaloOaHook {
    pub client: OaClient,
    pub app_id: String,
    /// The OA secret key deliveries are signed with.
    pub secret_key: String,
    /// Signed events dated further than this from now are acknowledged and not answered
    /// (`hoidap serve` sets [`super::oa::MAX_EVENT_AGE`]; `None` answers events of any date).
    pub max_event_age: Option<std::time::Duration>,
    /// How to renew an expired access token, with the configured refresh token.
    refresh: Option<(Refresh, String)>,
    /// One refresh at a time: a refresh token is single-use. Holds the tokens of the last
    /// renewal, which win over the store's copy (should keeping them there fail).
    refreshing: tokio::sync::Mutex<Option<Tokens>>,
}

/// The store setting that keeps the tokens of the last refresh.
const OA_TOKENS: &str = "zalo-oa-tokens";

/// Tokens from a refresh, and which configured refresh token (as a keyed hash) they descend from:
/// when the operator configures a new one, the kept tokens are stale.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptTokens {
    from: String,
    tokens: Tokens,
}

impl ZaloOaHook {
    pub fn new(client: OaClient, app_id: &str, secret_key: &str) -> Self {
        let (app_id, secret_key) = (app_id.to_owned(), secret_key.to_owned());
        ZaloOaHook { client, app_id, secret_key, max_event_age: None, refresh: None, refreshing: Default::default() }
    }

    /// Leaves signed events dated further than `window` from now unanswered.
    pub fn checking_event_age(mut self, window: std::time::Duration) -> Self {
        self.max_event_age = Some(window);
        self
    }

    /// Renews the access token on error -216 with this refresh token, keeping rotated tokens in
    /// `store` (whose kept access token, if it descends from `refresh_token`, is used at once).
    pub fn with_refresh(mut self, refresh: Refresh, refresh_token: &str, store: &Store) -> store::Result<Self> {
        if let Some(kept) = Self::kept(store, refresh_token)? {
            self.client.set_access_token(&kept.access_token);
        }
        self.refresh = Some((refresh, refresh_token.to_owned()));
        Ok(self)
    }

    fn kept(store: &Store, configured: &str) -> store::Result<Option<Tokens>> {
        let Some(text) = store.setting(OA_TOKENS)? else { return Ok(None) };
        let kept: Option<KeptTokens> = serde_json::from_str(&text).ok();
        Ok(kept.filter(|k| k.from == store.user_hash(configured)).map(|k| k.tokens))
    }

    /// Renews the access token after `failed` was refused as expired; true when sending may be
    /// tried again.
    pub async fn renew(&self, store: &Store, failed: &str) -> bool {
        let Some((refresh, configured)) = &self.refresh else { return false };
        let mut latest = self.refreshing.lock().await;
        if self.client.current_access_token() != failed {
            return true; // another send renewed it meanwhile
        }
        let current = match (latest.as_ref(), Self::kept(store, configured)) {
            (Some(tokens), _) => tokens.refresh_token.clone(),
            (None, Ok(kept)) => kept.map(|t| t.refresh_token).unwrap_or_else(|| configured.clone()),
            (None, Err(e)) => {
                tracing::warn!("cannot read the kept Zalo OA tokens: {e}");
                configured.clone()
            }
        };
        match self.client.refresh(refresh, &current).await {
            Ok(tokens) => {
                let kept = KeptTokens { from: store.user_hash(configured), tokens };
                let text = serde_json::to_string(&kept).unwrap_or_default();
                if let Err(e) = store.set_setting(OA_TOKENS, &text) {
                    tracing::error!("the Zalo OA refresh token rotated but could not be stored (kept in memory): {e}");
                }
                self.client.set_access_token(&kept.tokens.access_token);
                *latest = Some(kept.tokens);
                tracing::info!("the Zalo OA access token was renewed");
                true
            }
            Err(e) => {
                tracing::error!("renewing the Zalo OA access token failed: {e}");
                false
            }
        }
    }
}
