//! The dashboard's charts as server-rendered SVG: stacked bars (questions per day and channel), a
//! line (answer rate per day) and horizontal bars (top intents, most cited entries). Colours come
//! from classes styled by `admin.css` (no inline style: the page's CSP forbids it); each chart has
//! a title for screen readers, and the dashboard puts its figures in a table beside it.

use std::fmt::Write as _;

/// The drawing's width in SVG units (it scales to its container).
const WIDTH: f64 = 720.0;
/// Room for the value axis on the left, and for labels at the bottom.
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 12.0;
/// Height of the plots with a time axis.
const HEIGHT: f64 = 240.0;
/// Height of one row of a horizontal bar chart (its label above, the bar below).
const ROW: f64 = 46.0;
/// Day labels kept legible: at most this many along the axis.
const MAX_DAY_LABELS: usize = 10;
/// Colours cycle through this many classes (`c0`…`c5` in admin.css).
pub const PALETTE: usize = 6;
/// Labels longer than this are cut with "…" (the whole label is in the tooltip).
const MAX_LABEL_CHARS: usize = 80;

/// Text for SVG and HTML: the five characters that could end an element or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Grid lines above the zero line.
const STEPS: u32 = 4;

/// The top of a count axis: four equal whole steps of a round size (1, 1.2, 1.5, 2, 2.5, 3, 4, 5,
/// 6 or 8 times a power of ten), the last at least `max`.
fn nice_max(max: f64) -> f64 {
    if max <= f64::from(STEPS) {
        return f64::from(STEPS);
    }
    let step = max / f64::from(STEPS);
    let power = 10f64.powf(step.log10().floor());
    let rounds = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0].map(|m| m * power);
    let step = rounds.into_iter().filter(|v| v.fract() == 0.0).find(|v| *v >= step).unwrap_or(10.0 * power);
    step * f64::from(STEPS)
}

fn open(out: &mut String, height: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet"><title>{}</title>"#,
        escape(label),
        escape(label)
    );
}

/// Horizontal grid lines and their values, from 0 to `max`.
fn value_axis(out: &mut String, max: f64, unit: &str) {
    let plot = HEIGHT - TOP - BOTTOM;
    for i in 0..=STEPS {
        let value = max * f64::from(i) / f64::from(STEPS);
        let y = TOP + plot - plot * f64::from(i) / f64::from(STEPS);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{WIDTH}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}{unit}</text>"#,
            LEFT - 6.0,
            y + 4.0,
            format_value(value)
        );
    }
}

fn format_value(value: f64) -> String {
    if value.fract().abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// "2026-11-29" → "29/11".
fn short_day(day: &str) -> String {
    let parts: Vec<&str> = day.split('-').collect();
    match parts.as_slice() {
        [_, month, day] => format!("{day}/{month}"),
        _ => day.to_owned(),
    }
}

/// Day labels under the plot, every few days so they never overlap.
fn day_axis(out: &mut String, days: &[String], x_of: impl Fn(usize) -> f64) {
    let every = days.len().div_ceil(MAX_DAY_LABELS).max(1);
    for (i, day) in days.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x_of(i),
            HEIGHT - 8.0,
            escape(&short_day(day))
        );
    }
}

/// Questions per day, one bar a day stacked by channel (`channels` fixes the order and colours).
pub fn stacked_days(label: &str, days: &[(String, Vec<usize>)], channels: &[String]) -> String {
    let mut out = String::new();
    open(&mut out, HEIGHT, label);
    let max = nice_max(days.iter().map(|(_, counts)| counts.iter().sum::<usize>()).max().unwrap_or(0) as f64);
    value_axis(&mut out, max, "");
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT) / days.len().max(1) as f64;
    let bar = (slot * 0.7).min(48.0);
    for (i, (day, counts)) in days.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = TOP + plot_h;
        for (c, count) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            let h = plot_h * *count as f64 / max;
            base -= h;
            let channel = channels.get(c).map(String::as_str).unwrap_or_default();
            let _ = write!(
                out,
                r#"<rect class="c{}" x="{x:.1}" y="{base:.1}" width="{bar:.1}" height="{h:.1}"><title>{} · {}: {count}</title></rect>"#,
                c % PALETTE,
                escape(day),
                escape(channel)
            );
        }
    }
    let names: Vec<String> = days.iter().map(|(d, _)| d.clone()).collect();
    day_axis(&mut out, &names, |i| LEFT + slot * (i as f64 + 0.5));
    out.push_str("</svg>");
    out
}

/// A percentage per day (0 to 1), as a line with a dot per day.
pub fn rate_line(label: &str, points: &[(String, f64)]) -> String {
    let mut out = String::new();
    open(&mut out, HEIGHT, label);
    value_axis(&mut out, 100.0, "%");
    let plot_h = HEIGHT - TOP - BOTTOM;
    let step = (WIDTH - LEFT - 20.0) / (points.len().max(2) - 1) as f64;
    let x_of = |i: usize| if points.len() == 1 { LEFT + (WIDTH - LEFT) / 2.0 } else { LEFT + 10.0 + step * i as f64 };
    let y_of = |rate: f64| TOP + plot_h * (1.0 - rate.clamp(0.0, 1.0));
    let path: Vec<String> =
        points.iter().enumerate().map(|(i, (_, r))| format!("{:.1},{:.1}", x_of(i), y_of(*r))).collect();
    if points.len() > 1 {
        let _ = write!(out, r#"<polyline class="line" points="{}"/>"#, path.join(" "));
    }
    for (i, (day, rate)) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="dot" cx="{:.1}" cy="{:.1}" r="4"><title>{}: {:.0}%</title></circle>"#,
            x_of(i),
            y_of(*rate),
            escape(day),
            rate * 100.0
        );
    }
    let names: Vec<String> = points.iter().map(|(d, _)| d.clone()).collect();
    day_axis(&mut out, &names, x_of);
    out.push_str("</svg>");
    out
}

/// Horizontal bars, largest first as given: each label above its bar, the value at its end.
pub fn bars(label: &str, items: &[(String, usize)], class: usize) -> String {
    let height = ROW * items.len().max(1) as f64 + 4.0;
    let mut out = String::new();
    open(&mut out, height, label);
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let room = WIDTH - 60.0;
    for (i, (name, count)) in items.iter().enumerate() {
        let y = ROW * i as f64;
        let w = (room * *count as f64 / max).max(2.0);
        let shown: String = if name.chars().count() > MAX_LABEL_CHARS {
            name.chars().take(MAX_LABEL_CHARS - 1).chain(['…']).collect()
        } else {
            name.clone()
        };
        let _ = write!(
            out,
            r#"<text class="label" x="0" y="{:.1}">{}</text><rect class="c{}" x="0" y="{:.1}" width="{w:.1}" height="16" rx="3"><title>{}: {count}</title></rect><text class="value" x="{:.1}" y="{:.1}">{count}</text>"#,
            y + 16.0,
            escape(&shown),
            class % PALETTE,
            y + 23.0,
            escape(name),
            w + 6.0,
            y + 36.0
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_text_is_escaped() {
        assert_eq!(nice_max(0.0), 4.0);
        assert_eq!(nice_max(5.0), 8.0);
        assert_eq!(nice_max(13.0), 16.0);
        assert_eq!(nice_max(41.0), 48.0);
        assert_eq!(nice_max(150.0), 160.0);
        let svg = bars("<b>", &[("<script>alert(1)</script>".into(), 3)], 0);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("style="), "no inline style: the CSP forbids it");
    }

    #[test]
    fn every_day_gets_a_bar_and_a_dot() {
        let days = vec![("2026-11-28".to_owned(), vec![2, 1]), ("2026-11-29".to_owned(), vec![0, 3])];
        let svg = stacked_days("per day", &days, &["web".into(), "telegram".into()]);
        assert_eq!(svg.matches("<rect").count(), 3, "a zero count draws nothing");
        assert!(svg.contains("28/11") && svg.contains("29/11"));
        let line = rate_line("rate", &[("2026-11-28".into(), 0.5), ("2026-11-29".into(), 1.0)]);
        assert_eq!(line.matches("<circle").count(), 2);
        assert!(line.contains("<polyline"));
    }
}
