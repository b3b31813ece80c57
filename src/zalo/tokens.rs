//! The Official Account webhook's configuration and the renewal of its access token: on error
//! -216 the configured refresh token (or the last one it rotated to) is traded for new tokens,
//! one renewal at a time across every replica on the store (a store lock), and the rotated
//! tokens are kept in the store, where the next start and the other replicas find them.

use super::oa::{OaClient, Refresh, Tokens};
use crate::app::State;
use crate::store::{self, Store};
use std::sync::Arc;
use std::time::Duration;

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
    /// One refresh at a time in this process: a refresh token is single-use. Holds the tokens
    /// of the last renewal while they could not be kept in the store (they win over its copy).
    refreshing: tokio::sync::Mutex<Option<Tokens>>,
    /// This process's name on the store lock replicas renew under.
    holder: String,
}

/// The store lock replicas sharing a store renew the tokens under.
const REFRESH_LOCK: &str = "zalo-oa-refresh";
/// A lock holder that dies frees the lock after this long (a refresh takes one HTTP call, retried).
const LOCK_TTL: Duration = Duration::from_secs(30);
/// How long a replica waits for another's renewal before giving up on this send.
const LOCK_WAIT: Duration = Duration::from_secs(35);
/// How often a waiting replica looks for the other's tokens.
const LOCK_POLL: Duration = Duration::from_millis(100);

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
        let mut id = [0u8; 8];
        // A clash needs two processes with the same 64 random bits; the time is the fallback.
        if getrandom::fill(&mut id).is_err() {
            id = crate::app::now_millis().to_be_bytes();
        }
        let holder = format!("{}-{}", std::process::id(), hex::encode(id));
        let refreshing = Default::default();
        ZaloOaHook { client, app_id, secret_key, max_event_age: None, refresh: None, refreshing, holder }
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
    /// tried again. Replicas sharing a store renew one at a time under a store lock, and a
    /// replica that finds a newer access token kept by another uses it instead of renewing
    /// (the refresh token is single-use: the other would be refused). Store calls run off the
    /// async workers.
    pub async fn renew(&self, state: &Arc<State>, failed: &str) -> bool {
        let Some((refresh, configured)) = &self.refresh else { return false };
        let mut unsaved = self.refreshing.lock().await;
        if self.client.current_access_token() != failed {
            return true; // another send renewed it meanwhile
        }
        let deadline = tokio::time::Instant::now() + LOCK_WAIT;
        loop {
            // (Tokens this process could not keep are newer than any in the store.)
            if unsaved.is_none() && self.newer_kept(state, configured, failed).await {
                return true;
            }
            let holder = self.holder.clone();
            match state.with_store(move |store| store.try_lock(REFRESH_LOCK, &holder, LOCK_TTL.as_secs())).await {
                Ok(true) => break,
                // Another replica is renewing: its tokens will be kept in a moment.
                Ok(false) if tokio::time::Instant::now() < deadline => tokio::time::sleep(LOCK_POLL).await,
                Ok(false) => {
                    tracing::error!("another replica held the Zalo OA renewal lock for {LOCK_WAIT:?}: not renewed");
                    return false;
                }
                // The store is unreachable: renewing alone beats not answering.
                Err(e) => {
                    tracing::warn!("cannot take the Zalo OA renewal lock, renewing without it: {e}");
                    break;
                }
            }
        }
        let renewed = self.renew_locked(state, refresh, configured, failed, &mut unsaved).await;
        let holder = self.holder.clone();
        if let Err(e) = state.with_store(move |store| store.unlock(REFRESH_LOCK, &holder)).await {
            tracing::warn!("cannot let go of the Zalo OA renewal lock (it runs out in {LOCK_TTL:?}): {e}");
        }
        renewed
    }

    /// Uses the access token kept in the store if another replica renewed it since `failed`.
    async fn newer_kept(&self, state: &Arc<State>, configured: &str, failed: &str) -> bool {
        let configured = configured.to_owned();
        match state.with_store(move |store| Self::kept(store, &configured)).await {
            Ok(Some(kept)) if kept.access_token != failed => {
                self.client.set_access_token(&kept.access_token);
                tracing::info!("the Zalo OA access token renewed by another replica is used");
                true
            }
            Ok(_) => false,
            Err(e) => {
                tracing::warn!("cannot read the kept Zalo OA tokens: {e}");
                false
            }
        }
    }

    /// Trades the newest refresh token for new tokens and keeps them, holding the lock.
    async fn renew_locked(
        &self,
        state: &Arc<State>,
        refresh: &Refresh,
        configured: &str,
        failed: &str,
        unsaved: &mut Option<Tokens>,
    ) -> bool {
        // Read again under the lock: the holder before may have kept new tokens.
        let owned = configured.to_owned();
        let kept = match state.with_store(move |store| Self::kept(store, &owned)).await {
            Ok(kept) => kept,
            Err(e) => {
                tracing::warn!("cannot read the kept Zalo OA tokens: {e}");
                None
            }
        };
        if let Some(kept) = kept.as_ref().filter(|k| unsaved.is_none() && k.access_token != failed) {
            self.client.set_access_token(&kept.access_token);
            return true;
        }
        // Tokens that could not be kept in the store win over its older copy.
        let current = match (unsaved.as_ref(), kept) {
            (Some(tokens), _) => tokens.refresh_token.clone(),
            (None, Some(kept)) => kept.refresh_token,
            (None, None) => configured.to_owned(),
        };
        match self.client.refresh(refresh, &current).await {
            Ok(tokens) => {
                let kept = KeptTokens { from: state.store.user_hash(configured), tokens: tokens.clone() };
                let text = serde_json::to_string(&kept).unwrap_or_default();
                self.client.set_access_token(&tokens.access_token);
                match state.with_store(move |store| store.set_setting(OA_TOKENS, &text)).await {
                    Ok(()) => *unsaved = None,
                    Err(e) => {
                        tracing::error!(
                            "the Zalo OA refresh token rotated but could not be stored (kept in memory): {e}"
                        );
                        *unsaved = Some(tokens);
                    }
                }
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
