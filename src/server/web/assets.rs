//! The static files of the web, embedded in the binary, and how they are served: the right
//! content type, an ETag (a revalidation costs a 304), cache headers and the security headers.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::{LazyLock, OnceLock};

/// The chat page's own policy: nothing from elsewhere, no inline script or style, forms and
/// requests to this server only. `frame-ancestors` is added per configuration.
pub const CHAT_CSP: &str =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";
/// The dashboard: the same, and never in a frame.
pub const ADMIN_CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Versioned files (their URL carries `?v=` + a hash of their content) may be cached a day.
const CACHE_VERSIONED: &str = "public, max-age=86400";
/// The widget script is referenced by portal pages without a version: an hour.
const CACHE_WIDGET: &str = "public, max-age=3600";
/// Pages are revalidated on every visit (an ETag makes that cheap).
pub const CACHE_PAGE: &str = "no-cache";

/// One embedded file.
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    cache: &'static str,
    /// The hash of `body`, computed on first use.
    etag: OnceLock<String>,
}

pub static CHAT_CSS: Asset = Asset {
    path: "/chat.css",
    content_type: "text/css; charset=utf-8",
    body: include_bytes!("static/chat.css"),
    cache: CACHE_VERSIONED,
    etag: OnceLock::new(),
};
pub static CHAT_JS: Asset = Asset {
    path: "/chat.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_bytes!("static/chat.js"),
    cache: CACHE_VERSIONED,
    etag: OnceLock::new(),
};
pub static FAVICON: Asset = Asset {
    path: "/favicon.svg",
    content_type: "image/svg+xml",
    body: include_bytes!("static/favicon.svg"),
    cache: CACHE_VERSIONED,
    etag: OnceLock::new(),
};
pub static WIDGET_JS: Asset = Asset {
    path: "/widget.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_bytes!("static/widget.js"),
    cache: CACHE_WIDGET,
    etag: OnceLock::new(),
};
pub static ADMIN_CSS: Asset = Asset {
    path: "/admin/admin.css",
    content_type: "text/css; charset=utf-8",
    body: include_bytes!("static/admin.css"),
    cache: CACHE_VERSIONED,
    etag: OnceLock::new(),
};

/// The chat page's files, served to everyone.
pub static PUBLIC: [&Asset; 3] = [&CHAT_CSS, &CHAT_JS, &FAVICON];

/// The chat page's HTML as shipped (asset links get their version at start-up).
const INDEX_HTML: &str = include_str!("static/index.html");

/// A short hash of some bytes, for versions and ETags.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

/// The chat page with `?v=<hash>` on each asset link, so a new release is fetched at once while
/// the files are cached in between.
pub static INDEX: LazyLock<String> = LazyLock::new(|| {
    PUBLIC.iter().fold(INDEX_HTML.to_owned(), |html, asset| {
        let link = format!("\"{}\"", asset.path);
        html.replace(&link, &format!("\"{}?v={}\"", asset.path, digest(asset.body)))
    })
});

/// The weight of the chat page as a browser loads it: the HTML and every file it links.
pub fn chat_page_weight() -> usize {
    INDEX.len() + PUBLIC.iter().map(|a| a.body.len()).sum::<usize>()
}

/// The headers every web response carries.
pub fn security_headers(headers: &mut HeaderMap, csp: &str) {
    if let Ok(value) = HeaderValue::from_str(csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
}

/// `body` with its content type, cache policy and ETag; a 304 when the client has it already.
pub fn cached(
    request: &HeaderMap,
    body: impl Into<axum::body::Body>,
    etag: &str,
    content_type: &'static str,
    cache: &'static str,
    csp: &str,
) -> Response {
    let etag = format!("\"{etag}\"");
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body: axum::body::Body = body.into();
        body.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    security_headers(headers, csp);
    response
}

impl Asset {
    /// Serves the file.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let etag = self.etag.get_or_init(|| digest(self.body));
        cached(request, self.body, etag, self.content_type, self.cache, CHAT_CSP)
    }
}
