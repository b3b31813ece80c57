//! The web: the citizens' chat page at `/` with its embeddable widget (`/widget.js`), the
//! officials' dashboard at `/admin`, the JSON endpoints beside `/v1/ask` (`/v1/feedback`,
//! `/v1/forget`), and the page's own paths to them (`/chat/ask`, `/chat/feedback`,
//! `/chat/forget`), which work without the API token. Static files are embedded in the binary; every page carries a
//! strict Content-Security-Policy (no inline script or style anywhere).

pub mod admin;
pub mod api;
mod assets;
pub mod charts;
pub mod chat;

pub use assets::chat_page_weight;

use crate::server::Server;
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use std::sync::Arc;

/// The web's settings, from `hoidap serve`'s flags and environment.
#[derive(Debug, clap::Args)]
pub struct WebOptions {
    /// Origins allowed to embed the chat (the portal pages carrying `/widget.js`), separated by
    /// commas or spaces, e.g. `https://pbgdpl.haiphong.gov.vn`.
    #[arg(long, env = "HOIDAP_WEB_ORIGINS", default_value = "", value_name = "ORIGINS")]
    web_origins: String,
    /// Turns the dashboard at /admin on; officials sign in with this token (16 characters or more).
    #[arg(long, env = "HOIDAP_ADMIN_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    admin_token: Option<String>,
}

impl WebOptions {
    /// The checked configuration, or the line saying what is wrong.
    pub fn config(&self) -> Result<Config, String> {
        Config::new(&self.web_origins, self.admin_token.as_deref())
    }
}

/// A shorter admin token could be guessed.
pub const MIN_ADMIN_TOKEN: usize = 16;

/// What the web routes need to know beyond the shared state.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Origins allowed to frame the chat, besides its own (CSP `frame-ancestors`).
    pub origins: Vec<String>,
    /// The dashboard's token; `None`: no dashboard (its paths are 404).
    pub admin_token: Option<String>,
}

impl Config {
    /// `origins` as in `HOIDAP_WEB_ORIGINS`; a blank token means no dashboard.
    pub fn new(origins: &str, admin_token: Option<&str>) -> Result<Config, String> {
        let origins = origins
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|o| !o.is_empty())
            .map(|o| {
                let o = o.trim_end_matches('/');
                if is_origin(o) {
                    Ok(o.to_owned())
                } else {
                    Err(format!(
                        "HOIDAP_WEB_ORIGINS: `{o}` is not an origin; write scheme://host[:port], e.g. https://portal.example.vn"
                    ))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let admin_token = admin_token.map(str::trim).filter(|t| !t.is_empty());
        if admin_token.is_some_and(|t| t.chars().count() < MIN_ADMIN_TOKEN) {
            return Err(format!(
                "HOIDAP_ADMIN_TOKEN is shorter than {MIN_ADMIN_TOKEN} characters: choose a long random one (e.g. `openssl rand -hex 24`)"
            ));
        }
        Ok(Config { origins, admin_token: admin_token.map(str::to_owned) })
    }
}

/// `http(s)://host[:port]`, where the host may start with `*.` (CSP source syntax); nothing that
/// could end the directive.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host = host.strip_prefix("*.").unwrap_or(host);
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
}

impl Server {
    /// Serves the web with these settings.
    pub fn with_web(mut self, config: Config) -> Self {
        self.web = config;
        self
    }
}

/// The chat page's own paths: `/v1/ask`, `/v1/feedback` and `/v1/forget` for the page alone, as
/// the channel `web`, without the API token (`HOIDAP_API_TOKEN` guards the JSON API, not the
/// public page), under the same per-client and concurrency limits.
pub const CHAT_ASK: &str = "/chat/ask";
pub const CHAT_FEEDBACK: &str = "/chat/feedback";
pub const CHAT_FORGET: &str = "/chat/forget";

/// The web's routes, merged into [`crate::server::app`] (so the body limit, the timeout and the
/// request counts of `/v1/ask` apply to them too, and its guard — token, per-client rate limit,
/// concurrency — to the JSON endpoints; the chat page's paths pass the same limits without the
/// token). `/admin` exists only with a token.
pub fn routes(server: &Arc<Server>) -> Router<Arc<Server>> {
    let guarded = || axum::middleware::from_fn_with_state(server.clone(), super::guard::ask_guard);
    let chat_guarded = || axum::middleware::from_fn_with_state(server.clone(), super::guard::web_chat_guard);
    let mut router = Router::new()
        .route("/", get(chat::page))
        .route(assets::WIDGET_JS.path, get(|headers: HeaderMap| async move { assets::WIDGET_JS.respond(&headers) }))
        .route("/v1/feedback", post(api::feedback).route_layer(guarded()))
        .route("/v1/forget", post(api::forget).route_layer(guarded()))
        .route(
            CHAT_ASK,
            post(super::api::ask)
                .layer(axum::extract::DefaultBodyLimit::max(super::ASK_BODY))
                .route_layer(chat_guarded()),
        )
        .route(CHAT_FEEDBACK, post(api::feedback).route_layer(chat_guarded()))
        .route(CHAT_FORGET, post(api::forget).route_layer(chat_guarded()));
    for asset in assets::PUBLIC {
        router = router.route(asset.path, get(move |headers: HeaderMap| async move { asset.respond(&headers) }));
    }
    if server.web.admin_token.is_some() {
        router = router
            .route("/admin", get(admin::dashboard))
            .route("/admin/login", post(admin::login))
            .route("/admin/logout", post(admin::logout))
            .route("/admin/unanswered.csv", get(admin::unanswered_csv))
            .route(
                assets::ADMIN_CSS.path,
                get(|headers: HeaderMap| async move { assets::ADMIN_CSS.respond(&headers) }),
            );
    }
    router
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn origins_are_checked() {
        let ok = Config::new("https://portal.example.vn, http://127.0.0.1:8081/ https://*.gov.vn", None).unwrap();
        assert_eq!(ok.origins, ["https://portal.example.vn", "http://127.0.0.1:8081", "https://*.gov.vn"]);
        for bad in
            ["portal.example.vn", "ftp://x.vn", "https://x.vn/path", "https://x.vn;script-src", "https://:80", "*"]
        {
            assert!(Config::new(bad, None).is_err(), "{bad}");
        }
        assert!(Config::new("", Some("short")).is_err());
        assert_eq!(Config::new("", Some("  ")).unwrap().admin_token, None);
        assert!(Config::new("", Some("a-long-enough-token")).unwrap().admin_token.is_some());
    }
}
