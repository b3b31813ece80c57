//! Replies made for a phone, measured: every answer of tests/eval rendered for Telegram, Zalo
//! Bot and Zalo OA — messages per answer, visible length (outside Telegram's folded block) —
//! against the limits of issue 15, and what a citizen sees for typical questions (snapshots).

use crate::support::{engine, repo};
use hoidap::core::{Answer, Context};
use hoidap::split::utf16_len;
use hoidap::telegram::render::{MAX_MESSAGE, is_valid_html, to_plain};

/// Every answer of the evaluation set: cases asked alone, dialogs asked turn by turn with the
/// context each turn leaves.
pub fn eval_answers() -> Vec<Answer> {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/eval")]).unwrap();
    let mut out = Vec::new();
    for (_, f) in &files {
        for c in &f.case {
            out.push(engine().answer(&c.q, &Context::default()));
        }
        for d in &f.dialog {
            let mut context = Context::default();
            for t in &d.turn {
                let a = engine().answer(&t.q, &context);
                context = a.context.clone();
                out.push(a);
            }
        }
    }
    out
}

/// The Telegram messages of an answer (HTML).
fn telegram_messages(answer: &Answer) -> Vec<String> {
    hoidap::telegram::render::render(answer).messages
}

/// The Zalo messages of an answer, for the Bot platform (plain text) or an Official Account
/// (the text under its query buttons, when it has any and fits one message, as it is sent).
fn zalo_messages(answer: &Answer, official_account: bool) -> Vec<String> {
    let oa = hoidap::zalo::oa_reply(answer);
    if official_account && !oa.buttons.is_empty() && oa.text.chars().count() <= hoidap::zalo::MAX_TEXT {
        return vec![oa.text];
    }
    hoidap::zalo::pieces(&hoidap::zalo::text(answer))
}

/// What a reader sees of a Telegram message before unfolding anything: the text outside
/// `<blockquote expandable>` blocks.
pub fn telegram_visible(html: &str) -> String {
    const OPEN: &str = "<blockquote expandable>";
    let mut shown = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        shown.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        rest = after.find("</blockquote>").map_or("", |end| &after[end + "</blockquote>".len()..]);
    }
    shown.push_str(rest);
    to_plain(&shown).trim().to_owned()
}

/// Messages per answer and visible characters (of the whole reply) per answer, for one channel.
#[derive(Debug, Default)]
pub struct Distribution {
    pub messages: Vec<usize>,
    pub visible: Vec<usize>,
}

impl Distribution {
    fn add(&mut self, messages: usize, visible: usize) {
        self.messages.push(messages);
        self.visible.push(visible);
    }

    fn percentile(sorted: &[usize], p: f64) -> usize {
        let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[i]
    }

    /// Share of answers (0–1) for which `ok` holds of (messages, visible).
    pub fn share(&self, ok: impl Fn(usize, usize) -> bool) -> f64 {
        let n = self.messages.iter().zip(&self.visible).filter(|(m, v)| ok(**m, **v)).count();
        n as f64 / self.messages.len() as f64
    }

    pub fn median_visible(&self) -> usize {
        let mut v = self.visible.clone();
        v.sort_unstable();
        Self::percentile(&v, 0.5)
    }

    /// One Markdown table row: answers, visible p50/p90/p99/max, one message %, max messages.
    pub fn row(&self, channel: &str) -> String {
        let mut v = self.visible.clone();
        v.sort_unstable();
        format!(
            "| {channel} | {} | {} | {} | {} | {} | {:.1} % | {} |",
            v.len(),
            Self::percentile(&v, 0.5),
            Self::percentile(&v, 0.9),
            Self::percentile(&v, 0.99),
            v.last().copied().unwrap_or(0),
            100.0 * self.share(|m, _| m == 1),
            self.messages.iter().max().copied().unwrap_or(0),
        )
    }
}

/// The three phone channels' distributions over `answers`.
pub fn distributions(answers: &[Answer]) -> [(&'static str, Distribution); 3] {
    let mut telegram = Distribution::default();
    let mut bot = Distribution::default();
    let mut oa = Distribution::default();
    for a in answers {
        let messages = telegram_messages(a);
        for m in &messages {
            assert!(is_valid_html(m), "invalid HTML:\n{m}");
            assert!(utf16_len(m) <= MAX_MESSAGE, "{} units:\n{m}", utf16_len(m));
        }
        let visible: usize = messages.iter().map(|m| telegram_visible(m).chars().count()).sum();
        telegram.add(messages.len(), visible);
        for (official, d) in [(false, &mut bot), (true, &mut oa)] {
            let messages = zalo_messages(a, official);
            for m in &messages {
                assert!(m.chars().count() <= hoidap::zalo::MAX_TEXT);
            }
            d.add(messages.len(), messages.iter().map(|m| m.chars().count()).sum());
        }
    }
    [("Telegram", telegram), ("Zalo Bot", bot), ("Zalo OA", oa)]
}

/// Prints the distributions as the table in BENCHMARKS.md:
/// `cargo test --test it phone::print_the_distributions -- --nocapture`.
#[test]
fn print_the_distributions() {
    let answers = eval_answers();
    println!("| channel | answers | visible p50 | p90 | p99 | max | one message | max messages |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (channel, d) in distributions(&answers) {
        println!("{}", d.row(channel));
    }
    // The longest answers per channel: where to look when a limit does not hold.
    for (channel, d) in distributions(&answers) {
        let mut by_length: Vec<(usize, &str)> =
            d.visible.iter().zip(&answers).map(|(v, a)| (*v, a.question.as_str())).collect();
        by_length.sort_by_key(|b| std::cmp::Reverse(b.0));
        println!("\nLongest on {channel}:");
        for (visible, question) in by_length.iter().take(LONGEST_SHOWN) {
            println!("{visible:>5}  {question}");
        }
    }
}

/// Answers `print_the_distributions` lists as the longest per channel.
const LONGEST_SHOWN: usize = 60;

/// The limits of issue 15 over every answer of tests/eval.
#[test]
fn every_channel_fits_a_phone() {
    let answers = eval_answers();
    let [(_, telegram), (_, bot), (_, oa)] = distributions(&answers);
    assert!(telegram.share(|m, _| m == 1) >= 0.99, "Telegram: one message for {}", telegram.row("t"));
    assert!(telegram.share(|_, v| v <= 600) >= 0.90, "Telegram: visible ≤ 600 for {}", telegram.row("t"));
    for d in [&bot, &oa] {
        assert!(d.share(|m, _| m == 1) >= 0.98, "Zalo: one message: {}", d.row("z"));
        assert!(d.median_visible() <= 600, "Zalo: median {}", d.median_visible());
    }
}

/// Nothing lost: every citation of the full answer is on the first page or one "xem thêm"
/// away (and Zalo's "nguồn" shows every citation of the context's answer).
#[test]
fn every_citation_is_one_step_away() {
    for a in eval_answers() {
        assert_one_step_away(engine(), &a);
    }
}

/// Every citation of `answer` is on its first page or in the page `engine` answers "xem thêm" with.
pub fn assert_one_step_away(engine: &hoidap::core::Engine, answer: &Answer) {
    let page = hoidap::core::page::first_page(answer);
    let next = engine.answer("xem thêm", &answer.context);
    for c in &answer.citations {
        let reachable = page.citations.contains(c) || (page.more > 0 && next.citations.iter().any(|n| n.id == c.id));
        assert!(reachable, "{:?}: {} not reachable", answer.question, c.id);
    }
}

/// What a citizen sees for typical questions on Telegram (messages and button rows) and Zalo.
#[test]
fn typical_replies_on_a_phone() {
    const QUESTIONS: [&str; 12] = [
        "Sở GD&ĐT có nhiệm vụ gì?",
        "Kế hoạch giao nhiệm vụ cho những cơ quan nào?",
        "Ai chịu trách nhiệm tuyển dụng giáo viên?",
        "Sở Tài chính làm gì?",
        "Kế hoạch này ban hành khi nào?",
        "Kế hoạch có mấy phần?",
        "Mục tiêu của kế hoạch là gì?",
        "Kế hoạch thực hiện nghị quyết nào?",
        "Học phí năm nay bao nhiêu?",
        "xin chào",
        "Sở Y tế có nhiệm vụ gì?",
        "UBND quận huyện phải làm gì?",
    ];
    let mut out = String::new();
    for q in QUESTIONS {
        let a = engine().answer(q, &Context::default());
        let r = hoidap::telegram::render::render(&a);
        out.push_str(&format!("=== {q}\n--- Telegram ({} message(s))\n", r.messages.len()));
        for m in &r.messages {
            out.push_str(m);
            out.push_str("\n---\n");
        }
        let quotes: Vec<String> = r.quote_buttons.iter().map(|(n, _)| format!("[Nguyên văn [{n}]]")).collect();
        out.push_str(&format!("buttons: suggestions {:?} | {} | more {}\n", a.suggestions, quotes.join(" "), r.more));
        out.push_str(&format!("--- Zalo\n{}\n", hoidap::zalo::text(&a)));
        let oa = hoidap::zalo::oa_reply(&a);
        if !oa.buttons.is_empty() {
            let buttons: Vec<String> = oa.buttons.iter().map(|b| format!("[{}]", b.title)).collect();
            out.push_str(&format!("--- Zalo OA\n{}\nbuttons: {}\n", oa.text, buttons.join(" ")));
        }
        if r.more > 0 {
            let next = engine().answer("xem thêm", &a.context);
            out.push_str(&format!("--- Zalo, after “xem thêm”\n{}\n", hoidap::zalo::text(&next)));
        }
    }
    insta::assert_snapshot!(out);
}
