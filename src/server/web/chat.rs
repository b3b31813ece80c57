//! The chat page at `/`: the embedded page (its asset links versioned), under a policy that lets
//! the configured portal origins frame it — the widget's iframe — and nobody else.

use super::assets::{self, CACHE_PAGE, CHAT_CSP, INDEX};
use crate::server::Server;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use std::sync::{Arc, LazyLock};

/// The page's ETag.
static INDEX_TAG: LazyLock<String> = LazyLock::new(|| assets::digest(INDEX.as_bytes()));

/// `GET /`.
pub async fn page(State(server): State<Arc<Server>>, headers: HeaderMap) -> Response {
    let csp = policy(&server.web.origins);
    assets::cached(&headers, INDEX.as_str(), &INDEX_TAG, "text/html; charset=utf-8", CACHE_PAGE, &csp)
}

/// The chat page's Content-Security-Policy: its own origin and `origins` may frame it.
pub fn policy(origins: &[String]) -> String {
    let mut csp = format!("{CHAT_CSP}; frame-ancestors 'self'");
    for origin in origins {
        csp.push(' ');
        csp.push_str(origin);
    }
    csp
}
