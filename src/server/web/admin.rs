//! The officials' dashboard at `/admin`, on only when `HOIDAP_ADMIN_TOKEN` is set: sign-in with
//! the token (an HttpOnly, SameSite=Strict cookie signed with it and expiring; a wrong token costs
//! a second and a 401), the unanswered questions grouped as `hoidap unanswered` groups them
//! (newest first, by period), 👎 feedback with the question, today's answer and the citations,
//! statistics with SVG charts, and the unanswered list as CSV for the curators' spreadsheet.

use super::assets::{self, ADMIN_CSP};
use super::charts::{self, escape};
use crate::core::Context;
use crate::messages as m;
use crate::secret::same_secret;
use crate::server::Server;
use crate::store::{self, Feedback, Record, Stats, UnansweredGroup, Verdict, time};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
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
    let mut per_day: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut down = Vec::new();
    for record in store.export()? {
        match record {
            Record::Turn(t) if t.at >= since => {
                let day = per_day.entry(time::day(t.at)).or_default();
                day.0 += 1;
                day.1 += usize::from(t.answered);
            }
            Record::Feedback(f) if f.at >= since && f.verdict == Verdict::Down => down.push(f),
            _ => {}
        }
    }
    down.sort_by(|a, b| b.at.cmp(&a.at).then(a.answer_id.cmp(&b.answer_id)));
    down.truncate(FEEDBACK_SHOWN);
    let down = down
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

/// A whole page: the header (with sign-out when signed in) and `main`.
fn page(status: StatusCode, title: &str, main: &str, signed_in: bool) -> Response {
    let css = format!("{}?v={}", assets::ADMIN_CSS.path, assets::digest(assets::ADMIN_CSS.body));
    let icon = format!("{}?v={}", assets::FAVICON.path, assets::digest(assets::FAVICON.body));
    let logout = if signed_in {
        format!(
            r#"<form method="post" action="/admin/logout"><button class="ghost" type="submit">{}</button></form>"#,
            escape(m::ADMIN_LOGOUT)
        )
    } else {
        String::new()
    };
    let html = format!(
        r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link rel="icon" href="{icon}" type="image/svg+xml">
<link rel="stylesheet" href="{css}">
</head>
<body>
<header class="top"><div class="wrap bar"><div class="brand"><img src="{icon}" alt="" width="36" height="36"><div><strong>{brand}</strong><span>{sub}</span></div></div>{logout}</div></header>
<main class="wrap" id="main">
{main}
</main>
</body>
</html>
"#,
        title = escape(title),
        brand = escape(m::ADMIN_BRAND),
        sub = escape(m::ADMIN_BRAND_SUB),
    );
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    assets::security_headers(h, ADMIN_CSP);
    response
}

fn login_page(status: StatusCode, wrong: Option<&str>) -> Response {
    let alert = wrong
        .map(|w| format!(r#"<p class="alert" role="alert" id="login-error">{}</p>"#, escape(w)))
        .unwrap_or_default();
    let described = if wrong.is_some() { r#" aria-describedby="login-error" aria-invalid="true""# } else { "" };
    let main = format!(
        r#"<section class="login card">
<h1>{heading}</h1>
<p>{intro}</p>
{alert}
<form method="post" action="/admin/login">
<label for="token">{label}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus{described}>
<button type="submit">{button}</button>
</form>
</section>"#,
        heading = escape(m::ADMIN_LOGIN_HEADING),
        intro = escape(m::ADMIN_LOGIN_INTRO),
        label = escape(m::ADMIN_TOKEN_LABEL),
        button = escape(m::ADMIN_LOGIN_BUTTON),
    );
    page(status, m::ADMIN_TITLE, &main, false)
}

fn dashboard_html(server: &Server, d: &Dashboard) -> String {
    let mut out = String::new();
    let _ = write!(out, "<h1>{}</h1>", escape(m::ADMIN_HEADING));
    // The period, and where things are on the page.
    let options: String = PERIODS
        .iter()
        .map(|p| {
            let selected = if *p == d.days { " selected" } else { "" };
            format!(r#"<option value="{p}"{selected}>{}</option>"#, escape(&m::admin_period(*p)))
        })
        .collect();
    let _ = write!(
        out,
        r##"<div class="toolbar"><form class="period" method="get" action="/admin"><label for="days">{}</label><select id="days" name="days">{options}</select><button type="submit">{}</button></form>
<nav aria-label="{}"><a href="#unanswered">{}</a><a href="#feedback">{}</a><a href="#stats">{}</a></nav></div>"##,
        escape(m::ADMIN_PERIOD_LABEL),
        escape(m::ADMIN_PERIOD_APPLY),
        escape(m::ADMIN_NAV_LABEL),
        escape(m::ADMIN_UNANSWERED_HEADING),
        escape(m::ADMIN_CARD_DOWN),
        escape(m::ADMIN_STATS_HEADING),
    );
    // The figures at a glance.
    let s = &d.stats;
    let cards = [
        (m::ADMIN_CARD_QUESTIONS, s.questions.to_string(), ""),
        (m::ADMIN_CARD_ANSWER_RATE, format!("{:.0}%", s.answer_rate() * 100.0), "good"),
        (m::ADMIN_CARD_DECLINED, s.unanswered.to_string(), "warn"),
        (m::ADMIN_CARD_LOW, s.low_confidence.to_string(), "warn"),
        (m::ADMIN_CARD_UP, s.feedback_up.to_string(), ""),
        (m::ADMIN_CARD_DOWN, s.feedback_down.to_string(), "bad"),
    ];
    out.push_str(r#"<ul class="cards">"#);
    for (label, value, class) in cards {
        let _ = write!(
            out,
            r#"<li class="{class}"><span>{}</span><strong>{}</strong></li>"#,
            escape(label),
            escape(&value)
        );
    }
    out.push_str("</ul>");
    unanswered_html(&mut out, d);
    feedback_html(&mut out, server, d);
    stats_html(&mut out, server, d);
    out
}

fn unanswered_html(out: &mut String, d: &Dashboard) {
    let _ = write!(
        out,
        r#"<section id="unanswered" class="card"><div class="head"><h2>{}</h2><a class="button" href="/admin/unanswered.csv?days={}" download>{}</a></div><p class="muted">{}</p>"#,
        escape(m::ADMIN_UNANSWERED_HEADING),
        d.days,
        escape(m::ADMIN_CSV),
        escape(m::ADMIN_UNANSWERED_INTRO)
    );
    if d.unanswered.is_empty() {
        let _ = write!(out, r#"<p class="empty">{}</p></section>"#, escape(m::ADMIN_UNANSWERED_NONE));
        return;
    }
    let _ = write!(
        out,
        r#"<div class="scroll"><table class="unanswered"><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        escape(m::ADMIN_COL_QUESTION),
        escape(m::ADMIN_COL_COUNT),
        escape(m::ADMIN_COL_KIND),
        escape(m::ADMIN_COL_LAST),
        escape(m::ADMIN_COL_CHANNELS),
    );
    for g in d.unanswered.iter().take(UNANSWERED_SHOWN) {
        let examples: String = g.examples.iter().map(|q| format!("<li>{}</li>", escape(q))).collect();
        let (kind, class) =
            if g.declined { (m::ADMIN_KIND_DECLINED, "tag bad") } else { (m::ADMIN_KIND_LOW, "tag warn") };
        let _ = write!(
            out,
            r#"<tr><td><ul class="examples">{examples}</ul><span class="group" title="{group_label}">{}</span></td><td class="num">{}</td><td><span class="{class}">{}</span></td><td><time datetime="{}">{}</time></td><td>{}</td></tr>"#,
            escape(&g.normalised),
            g.count,
            escape(kind),
            time::day(g.last_seen),
            escape(&time_of(g.last_seen)),
            escape(&g.channels.join(", ")),
            group_label = escape(m::ADMIN_COL_GROUP),
        );
    }
    out.push_str("</tbody></table></div></section>");
}

/// A citation's label as the officials read it, without the plan's name in front.
fn short_label(label: &str) -> &str {
    label.split_once(", ").filter(|(head, _)| head.contains("/KH-")).map_or(label, |(_, rest)| rest)
}

fn feedback_html(out: &mut String, server: &Server, d: &Dashboard) {
    let _ = write!(
        out,
        r#"<section id="feedback" class="card"><h2>{}</h2><p class="muted">{}</p>"#,
        escape(m::ADMIN_FEEDBACK_HEADING),
        escape(m::ADMIN_FEEDBACK_INTRO)
    );
    if d.down.is_empty() {
        let _ = write!(out, r#"<p class="empty">{}</p></section>"#, escape(m::ADMIN_FEEDBACK_NONE));
        return;
    }
    let kb = server.shared.engine.knowledge();
    out.push_str(r#"<ol class="feedback">"#);
    for (f, answer) in &d.down {
        let question = f.question.as_deref().unwrap_or(m::ADMIN_QUESTION_ERASED);
        let _ = write!(
            out,
            r#"<li><p class="question">{}</p><p class="meta"><time datetime="{}">{}</time> · {}</p>"#,
            escape(question),
            time::day(f.at),
            escape(&time_of(f.at)),
            escape(m::intent_label(&f.intent))
        );
        if let Some(answer) = answer {
            let _ = write!(
                out,
                r#"<details><summary>{}</summary><p class="answer">{}</p></details>"#,
                escape(m::ADMIN_FEEDBACK_ANSWER),
                escape(&answer.body)
            );
        }
        if !f.cited.is_empty() {
            let _ = write!(
                out,
                r#"<p class="sources-label">{}</p><ol class="sources">"#,
                escape(m::ADMIN_FEEDBACK_SOURCES)
            );
            for id in &f.cited {
                match kb.citable(id) {
                    Some(item) => {
                        let quote = item.quotes().first().map(String::as_str).unwrap_or_default();
                        let _ = write!(
                            out,
                            r#"<li><details><summary>{}</summary><blockquote>{}</blockquote></details></li>"#,
                            escape(short_label(item.label())),
                            escape(quote)
                        );
                    }
                    None => {
                        let _ = write!(out, "<li>{}</li>", escape(id));
                    }
                }
            }
            out.push_str("</ol>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></section>");
}

/// A chart in a figure with its caption, an optional legend, and its figures in a table.
fn figure(out: &mut String, title: &str, svg: &str, legend: &str, table: (&[&str], Vec<Vec<String>>)) {
    let (columns, rows) = table;
    let head: String = columns.iter().map(|c| format!(r#"<th scope="col">{}</th>"#, escape(c))).collect();
    let body: String = rows
        .iter()
        .map(|r| format!("<tr>{}</tr>", r.iter().map(|c| format!("<td>{}</td>", escape(c))).collect::<String>()))
        .collect();
    let _ = write!(
        out,
        r#"<figure class="card"><figcaption>{}</figcaption>{svg}{legend}<details class="data"><summary>{}</summary><div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details></figure>"#,
        escape(title),
        escape(m::ADMIN_CHART_DATA)
    );
}

fn stats_html(out: &mut String, server: &Server, d: &Dashboard) {
    let _ = write!(out, r#"<section id="stats"><h2>{}</h2>"#, escape(m::ADMIN_STATS_HEADING));
    if d.per_day.is_empty() {
        let _ = write!(out, r#"<p class="empty card">{}</p></section>"#, escape(m::ADMIN_CHART_EMPTY));
        return;
    }
    out.push_str(r#"<div class="charts">"#);
    // Questions per day and channel.
    let channels: Vec<String> =
        d.stats.per_day_channel.values().flat_map(|c| c.keys().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    let days: Vec<(String, Vec<usize>)> = d
        .per_day
        .iter()
        .map(|(day, _, _)| {
            let counts = d.stats.per_day_channel.get(day);
            (day.clone(), channels.iter().map(|c| counts.and_then(|n| n.get(c)).copied().unwrap_or(0)).collect())
        })
        .collect();
    let title = m::ADMIN_CHART_PER_DAY;
    let svg = charts::stacked_days(&m::admin_chart_description(title, days.len()), &days, &channels);
    let legend: String = channels
        .iter()
        .enumerate()
        .map(|(i, c)| format!(r#"<li><span class="swatch c{}"></span>{}</li>"#, i % charts::PALETTE, escape(c)))
        .collect();
    let legend = format!(r#"<ul class="legend">{legend}</ul>"#);
    let mut columns = vec![m::ADMIN_COL_DAY];
    columns.extend(channels.iter().map(String::as_str));
    columns.push(m::ADMIN_COL_TOTAL);
    let rows = days
        .iter()
        .map(|(day, counts)| {
            let mut row = vec![day.clone()];
            row.extend(counts.iter().map(usize::to_string));
            row.push(counts.iter().sum::<usize>().to_string());
            row
        })
        .collect();
    figure(out, title, &svg, &legend, (&columns, rows));
    // The answer rate per day (days with questions).
    let points: Vec<(String, f64)> = d
        .per_day
        .iter()
        .filter(|(_, questions, _)| *questions > 0)
        .map(|(day, questions, answered)| (day.clone(), *answered as f64 / *questions as f64))
        .collect();
    let title = m::ADMIN_CHART_RATE;
    let svg = charts::rate_line(&m::admin_chart_description(title, points.len()), &points);
    let rows = d
        .per_day
        .iter()
        .filter(|(_, questions, _)| *questions > 0)
        .map(|(day, questions, answered)| {
            vec![day.clone(), questions.to_string(), format!("{:.0}%", 100.0 * *answered as f64 / *questions as f64)]
        })
        .collect();
    figure(out, title, &svg, "", (&[m::ADMIN_COL_DAY, m::ADMIN_CARD_QUESTIONS, m::ADMIN_COL_RATE], rows));
    // Top intents and most cited entries.
    let intents: Vec<(String, usize)> =
        d.stats.intents.iter().map(|(i, n)| (m::intent_label(i).to_owned(), *n)).collect();
    let kb = server.shared.engine.knowledge();
    let cited: Vec<(String, usize)> = d
        .stats
        .cited
        .iter()
        .map(|(id, n)| (kb.citable(id).map_or(id.as_str(), |c| short_label(c.label())).to_owned(), *n))
        .collect();
    for (title, items, class) in [(m::ADMIN_CHART_INTENTS, intents, 1), (m::ADMIN_CHART_CITED, cited, 2)] {
        let svg = charts::bars(&m::admin_chart_description(title, items.len()), &items, class);
        let rows = items.iter().map(|(name, n)| vec![name.clone(), n.to_string()]).collect();
        figure(out, title, &svg, "", (&[m::ADMIN_COL_NAME, m::ADMIN_COL_COUNT], rows));
    }
    out.push_str("</div></section>");
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
