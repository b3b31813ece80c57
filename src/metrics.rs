//! Counters and a latency histogram for `GET /metrics`, in Prometheus' text format: requests per
//! route and status, answers per channel and outcome, errors per channel and kind.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the answer-latency buckets.
const BUCKETS: [f64; 10] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1.0];

/// Shared by every channel; cheap to update from any thread.
#[derive(Default)]
pub struct Metrics {
    /// (route, status) → count.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// (channel, "answered" | "declined") → count.
    answers: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    /// (channel, kind) → count.
    errors: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    /// Cumulative counts per bucket, then +Inf.
    latency: [AtomicU64; BUCKETS.len() + 1],
    latency_micros: AtomicU64,
}

/// The HELP and TYPE lines of a metric.
fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A counter with two labels, one line per pair of label values.
fn counter<A: std::fmt::Display, B: std::fmt::Display>(
    out: &mut String,
    (name, help): (&str, &str),
    [a, b]: [&str; 2],
    values: &Mutex<BTreeMap<(A, B), u64>>,
) {
    header(out, name, help, "counter");
    for ((x, y), n) in values.lock().unwrap_or_else(|p| p.into_inner()).iter() {
        let _ = writeln!(out, "{name}{{{a}=\"{x}\",{b}=\"{y}\"}} {n}");
    }
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    *map.lock().unwrap_or_else(|p| p.into_inner()).entry(key).or_default() += 1;
}

impl Metrics {
    pub fn request(&self, route: &str, status: u16) {
        bump(&self.requests, (route.to_owned(), status));
    }

    /// One answer on `channel`, and how long answering (core and store) took.
    pub fn answer(&self, channel: &'static str, answered: bool, took: Duration) {
        bump(&self.answers, (channel, if answered { "answered" } else { "declined" }));
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS.len());
        self.latency[bucket].fetch_add(1, Ordering::Relaxed);
        self.latency_micros.fetch_add(took.as_micros().min(u64::MAX as u128) as u64, Ordering::Relaxed);
    }

    /// A failure on `channel`: "store", "send", "answer".
    pub fn error(&self, channel: &'static str, kind: &'static str) {
        bump(&self.errors, (channel, kind));
    }

    /// The text `GET /metrics` serves; `memory_only`: the store could not be opened.
    pub fn render(&self, memory_only: bool) -> String {
        let mut out = String::new();
        let gauge = "1 when the store could not be opened and nothing is kept past a restart.";
        header(&mut out, "hoidap_store_memory_only", gauge, "gauge");
        let _ = writeln!(out, "hoidap_store_memory_only {}", u8::from(memory_only));
        let requests = ("hoidap_http_requests_total", "HTTP requests by route and status.");
        counter(&mut out, requests, ["route", "status"], &self.requests);
        let answers = ("hoidap_answers_total", "Answers by channel and outcome (declined: the plan does not say).");
        counter(&mut out, answers, ["channel", "outcome"], &self.answers);
        counter(&mut out, ("hoidap_errors_total", "Failures by channel and kind."), ["channel", "kind"], &self.errors);
        header(&mut out, "hoidap_answer_seconds", "Time to answer a question (core and store).", "histogram");
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().map(|b| b.to_string()).chain(["+Inf".to_owned()]).enumerate() {
            cumulative += self.latency[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "hoidap_answer_seconds_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let sum = self.latency_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "hoidap_answer_seconds_sum {sum}");
        let _ = writeln!(out, "hoidap_answer_seconds_count {cumulative}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_the_histogram_render_as_prometheus_text() {
        let m = Metrics::default();
        m.request("/v1/ask", 200);
        m.request("/v1/ask", 200);
        m.request("/webhook/zalo-oa", 401);
        m.answer("http", true, Duration::from_micros(80));
        m.answer("zalo-oa", false, Duration::from_millis(3));
        m.answer("zalo-oa", true, Duration::from_secs(2));
        m.error("zalo-oa", "send");
        let text = m.render(false);
        assert!(text.contains("hoidap_store_memory_only 0\n"), "{text}");
        assert!(text.contains("hoidap_http_requests_total{route=\"/v1/ask\",status=\"200\"} 2\n"), "{text}");
        assert!(text.contains("hoidap_http_requests_total{route=\"/webhook/zalo-oa\",status=\"401\"} 1\n"));
        assert!(text.contains("hoidap_answers_total{channel=\"zalo-oa\",outcome=\"declined\"} 1\n"));
        assert!(text.contains("hoidap_errors_total{channel=\"zalo-oa\",kind=\"send\"} 1\n"));
        assert!(text.contains("hoidap_answer_seconds_bucket{le=\"0.0001\"} 1\n"), "{text}");
        assert!(text.contains("hoidap_answer_seconds_bucket{le=\"0.005\"} 2\n"), "{text}");
        assert!(text.contains("hoidap_answer_seconds_bucket{le=\"1\"} 2\n"), "{text}");
        assert!(text.contains("hoidap_answer_seconds_bucket{le=\"+Inf\"} 3\n"), "{text}");
        assert!(text.contains("hoidap_answer_seconds_count 3\n"));
    }
}
