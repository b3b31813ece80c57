//! The officials' dashboard at `/admin`, on only when `HOIDAP_ADMIN_TOKEN` is set: sign-in with
//! the token (an HttpOnly, SameSite=Strict cookie signed with it and expiring; a wrong token costs
//! a second and a 401), the unanswered questions grouped as `hoidap unanswered` groups them
//! (newest first, by period), 👎 feedback with the question, today's answer and the citations,
//! statistics with SVG charts, and the unanswered list as CSV for the curators' spreadsheet.

mod html;

use super::assets::{self, ADMIN_CSP};
use super::charts::escape;
use crate::core::Context;
use crate::messages as m;
use crate::secret::same_secret;
use crate::server::Server;
use crate::store::{self, Feedback, Stats, UnansweredGroup, time};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use html::{dashboard_html, login_page, page};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// The session cookie.
const COOKIE: &str = "hoidap_admin";
/// A sign-in lasts a working day.
const SESSION_SECS: u64 = 8 * 60 * 60;
/// A wrong token is answered after this pause (guessing costs time; the pause blocks no thread).
pub const LOGIN_DELAY: Duration = Duration::from_secs(1);
/// The periods offered, in days; the default one.
const PERIODS: [u64; 5] = [1, 7, 30, 90, 365];
const DEFAULT_DAYS: u64 = 30;
/// 👎 verdicts shown (newest first); older ones are in `hoidap export`.
const FEEDBACK_SHOWN: usize = 50;
/// Unanswered groups shown on the page; the CSV has them all.
const UNANSWERED_SHOWN: usize = 200;

fn now() -> u64 {
    crate::app::now()
}

/// The session value for a sign-in expiring at `expires`: a MAC under the token, so it is valid on
/// every replica and void when the token changes.
fn session_mac(token: &str, expires: u64) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(token.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("hoidap-admin-session:{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether the request carries a valid, unexpired session cookie.
fn signed_in(server: &Server, headers: &HeaderMap) -> bool {
    let Some(token) = server.web.admin_token.as_deref() else { return false };
    let cookies = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    let value = cookies.flat_map(|c| c.split(';')).find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='));
    let Some((expires, mac)) = value.and_then(|v| v.split_once('.')) else { return false };
    let Ok(expires) = expires.parse::<u64>() else { return false };
    expires > now() && same_secret(mac.as_bytes(), session_mac(token, expires).as_bytes())
}

/// `?days=N`, one of [`PERIODS`].
#[derive(Debug, Deserialize)]
pub struct Period {
    days: Option<String>,
}

impl Period {
    fn days(&self) -> u64 {
        let asked = self.days.as_deref().and_then(|d| d.parse().ok());
        asked.filter(|d| PERIODS.contains(d)).unwrap_or(DEFAULT_DAYS)
    }
}

/// The sign-in form's body.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    token: String,
}

/// `GET /admin`: the dashboard, or the sign-in form.
pub async fn dashboard(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    if !signed_in(&server, &headers) {
        return login_page(StatusCode::OK, None);
    }
    let days = period.days();
    let shared = server.clone();
    match tokio::task::spawn_blocking(move || collect(&shared, days, now())).await {
        Ok(Ok(data)) => page(StatusCode::OK, m::ADMIN_TITLE, &dashboard_html(&server, &data), true),
        Ok(Err(e)) => store_error(&e.to_string()),
        Err(e) => store_error(&e.to_string()),
    }
}

fn store_error(e: &str) -> Response {
    tracing::warn!("the dashboard cannot read the store: {e}");
    let body = format!(r#"<p class="alert" role="alert">{}</p>"#, escape(m::ADMIN_STORE_ERROR));
    page(StatusCode::SERVICE_UNAVAILABLE, m::ADMIN_TITLE, &body, true)
}

/// `POST /admin/login`: the token from the form; right → the session cookie and back to the
/// dashboard; wrong → a 401 after [`LOGIN_DELAY`].
pub async fn login(State(server): State<Arc<Server>>, headers: HeaderMap, form: axum::Form<LoginForm>) -> Response {
    let expected = server.web.admin_token.as_deref().unwrap_or_default();
    if !same_secret(form.token.trim().as_bytes(), expected.as_bytes()) {
        tracing::warn!("a wrong admin token was tried");
        tokio::time::sleep(LOGIN_DELAY).await;
        return login_page(StatusCode::UNAUTHORIZED, Some(m::ADMIN_LOGIN_WRONG));
    }
    let expires = now() + SESSION_SECS;
    let cookie = format!(
        "{COOKIE}={expires}.{}; Path=/admin; Max-Age={SESSION_SECS}; HttpOnly; SameSite=Strict{}",
        session_mac(expected, expires),
        secure(&headers)
    );
    redirect(&cookie)
}

/// `; Secure` when the request reached the proxy over HTTPS (behind a TLS-terminating proxy the
/// server itself only sees HTTP; a plain-HTTP test on loopback must still get its cookie).
fn secure(headers: &HeaderMap) -> &'static str {
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p == "https");
    if https { "; Secure" } else { "" }
}

/// `POST /admin/logout`: the cookie goes.
pub async fn logout(headers: HeaderMap) -> Response {
    redirect(&format!("{COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict{}", secure(&headers)))
}

fn redirect(cookie: &str) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin")]).into_response();
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    assets::security_headers(response.headers_mut(), ADMIN_CSP);
    response
}

/// `GET /admin/unanswered.csv?days=N`: every unanswered group of the period, newest first.
pub async fn unanswered_csv(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    if !signed_in(&server, &headers) {
        return (StatusCode::UNAUTHORIZED, m::ADMIN_SIGNED_IN_NEEDED).into_response();
    }
    let (days, at) = (period.days(), now());
    let shared = server.clone();
    let groups = tokio::task::spawn_blocking(move || newest_first(shared.shared.store.unanswered(since(at, days))?));
    let groups = match groups.await {
        Ok(Ok(groups)) => groups,
        Ok(Err(e)) => return store_error(&e.to_string()),
        Err(e) => return store_error(&e.to_string()),
    };
    let disposition = format!("attachment; filename=\"hoidap-unanswered-{}-{days}d.csv\"", time::day(at));
    let mut response = (StatusCode::OK, csv(&groups)).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    assets::security_headers(h, ADMIN_CSP);
    response
}

fn since(now: u64, days: u64) -> u64 {
    now.saturating_sub(days.saturating_mul(time::DAY))
}

/// The store groups most frequent first; the dashboard lists what is new first.
fn newest_first(mut groups: Vec<UnansweredGroup>) -> store::Result<Vec<UnansweredGroup>> {
    groups.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then(b.count.cmp(&a.count)));
    Ok(groups)
}

/// The unanswered list as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the
/// marks right). A cell a spreadsheet would run as a formula is prefixed with `'`.
pub fn csv(groups: &[UnansweredGroup]) -> String {
    fn cell(text: &str) -> String {
        let text =
            if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
        format!("\"{}\"", text.replace('"', "\"\""))
    }
    let mut out = String::from("\u{feff}");
    out.push_str(&m::ADMIN_CSV_HEADER.map(cell).join(","));
    out.push_str("\r\n");
    for g in groups {
        let kind = if g.declined { m::ADMIN_KIND_DECLINED } else { m::ADMIN_KIND_LOW };
        let row = [
            g.count.to_string(),
            kind.to_owned(),
            time_of(g.last_seen),
            time_of(g.first_seen),
            g.normalised.clone(),
            g.examples.join(" | "),
            g.channels.join(" "),
        ];
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// "2026-11-29 10:05 UTC".
fn time_of(at: u64) -> String {
    let minutes = (at % time::DAY) / 60;
    format!("{} {:02}:{:02} UTC", time::day(at), minutes / 60, minutes % 60)
}

/// What the dashboard shows for one period.
struct Dashboard {
    days: u64,
    stats: Stats,
    unanswered: Vec<UnansweredGroup>,
    /// 👎 verdicts, newest first, with the answer the bot gives the question today.
    down: Vec<(Feedback, Option<crate::core::Answer>)>,
    /// Per day: questions and answered ones, every day from the first with questions to today.
    per_day: Vec<(String, usize, usize)>,
}

fn collect(server: &Server, days: u64, now: u64) -> store::Result<Dashboard> {
    let (store, engine) = (&server.shared.store, &server.shared.engine);
    let since = since(now, days);
    let unanswered = newest_first(store.unanswered(since)?)?;
    let stats = store.stats(since)?;
    // Per-day figures from the statistics (they include what retention kept of deleted
    // records); the newest 👎 verdicts read a batch at a time: the page never reads the store whole.
    let per_day: BTreeMap<String, (usize, usize)> = stats
        .per_day_channel
        .iter()
        .map(|(day, channels)| {
            let answered = stats.per_day_answered.get(day).copied().unwrap_or_default();
            (day.clone(), (channels.values().sum(), answered))
        })
        .collect();
    let down = store
        .recent_down_verdicts(since, FEEDBACK_SHOWN)?
        .into_iter()
        .map(|f| {
            let answer = f.question.as_deref().map(|q| engine.answer(q, &Context::default()));
            (f, answer)
        })
        .collect();
    let mut filled = Vec::new();
    if let Some(first) = per_day.keys().next().and_then(|d| time::parse_day(d)) {
        let mut at = first;
        while at <= now {
            let day = time::day(at);
            let (questions, answered) = per_day.get(&day).copied().unwrap_or_default();
            filled.push((day, questions, answered));
            at += time::DAY;
        }
    }
    Ok(Dashboard { days, stats, unanswered, down, per_day: filled })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_signed_and_expire() {
        let token = "a-long-enough-admin-token";
        let mac = session_mac(token, 100);
        assert_eq!(mac, session_mac(token, 100));
        assert_ne!(mac, session_mac(token, 101), "the expiry is signed");
        assert_ne!(mac, session_mac("another-long-admin-token", 100), "a new token voids old sessions");
    }

    #[test]
    fn csv_quotes_cells_and_defuses_formulas() {
        let group = UnansweredGroup {
            normalised: "=cmd".into(),
            count: 2,
            first_seen: 0,
            last_seen: 86_400 + 3_600,
            examples: vec!["Học phí \"năm\" nay?".into(), "-1".into()],
            channels: vec!["web".into()],
            declined: true,
        };
        let text = csv(&[group]);
        assert!(text.starts_with('\u{feff}'));
        let row = text.lines().nth(1).unwrap();
        assert!(row.contains(r#""'=cmd""#), "{row}");
        assert!(row.contains(r#""Học phí ""năm"" nay? | -1""#), "{row}");
        assert!(row.contains("1970-01-02 01:00 UTC"), "{row}");
    }

    #[test]
    fn periods_fall_back_to_the_default() {
        let period = |d: &str| Period { days: Some(d.into()) }.days();
        assert_eq!((period("7"), period("13"), period("x")), (7, DEFAULT_DAYS, DEFAULT_DAYS));
    }
}
