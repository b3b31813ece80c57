//! The dashboard's HTML: the page frame, the sign-in form, and the unanswered, feedback and
//! statistics sections (charts from `charts.rs`). Every text comes from `messages.rs`, every
//! value is escaped.

use super::{Dashboard, PERIODS, UNANSWERED_SHOWN, time_of};
use crate::messages as m;
use crate::server::Server;
use crate::server::web::assets::{self, ADMIN_CSP};
use crate::server::web::charts::{self, escape};
use crate::store::time;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeSet;
use std::fmt::Write as _;
/// A whole page: the header (with sign-out when signed in) and `main`.
pub(super) fn page(status: StatusCode, title: &str, main: &str, signed_in: bool) -> Response {
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

pub(super) fn login_page(status: StatusCode, wrong: Option<&str>) -> Response {
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

pub(super) fn dashboard_html(server: &Server, d: &Dashboard) -> String {
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
