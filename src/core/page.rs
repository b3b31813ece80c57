//! Long lists paged for phones: the first page of an answer's list, the lines past it kept in
//! the [`Context`] (so they survive in the store and any channel continues them), and the
//! continuation a typed "xem thêm" / "tiếp" (or Telegram's button) asks for.

use super::{Answer, Citation, Context, Intent};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// List items one page shows: about one phone screen of one-line items.
pub const PAGE_ITEMS: usize = 8;
/// Characters of a first page, heading included, past which the next list item waits for
/// "Xem thêm" (the first item is always shown): items are often a whole sentence, and eight of
/// them fill two screens; the issue asks for at most 600 visible characters, and the "còn … mục
/// nữa" line takes about 50 of them.
pub const FIRST_PAGE_CHARS: usize = 500;

/// What asks for the rest of a list (key form: folded, lower case), as a whole message.
const CONTINUE: [&str; 8] = ["xem them", "tiep", "tiep tuc", "xem tiep", "con nua", "them", "con tiep", "tiep theo"];

/// The lines of an answer not shown yet and the citations they refer to (markers numbered
/// into `citations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct More {
    pub lines: Vec<String>,
    pub citations: Vec<Citation>,
}

impl More {
    /// List items still to show.
    pub fn items(&self) -> usize {
        self.lines.iter().filter(|l| is_item(l)).count()
    }
}

/// What a phone shows of an answer: the body up to [`PAGE_ITEMS`] list items, the citations
/// that part refers to (renumbered), and how many items a continuation holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub body: String,
    pub citations: Vec<Citation>,
    /// Items past this page ("Xem thêm" shows them).
    pub more: usize,
}

/// A one-line list item: "• …" or "12. …".
fn is_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with("• ") || (digits > 0 && line[digits..].starts_with(". "))
}

/// Splits a body at the list item past the first page: (shown, hidden lines); no hidden lines
/// when the body has at most [`PAGE_ITEMS`] items within [`FIRST_PAGE_CHARS`]. The first page
/// keeps at least one item, and enough that one "Xem thêm" shows the rest of a list of up to
/// twice [`PAGE_ITEMS`]; a heading line ("Ngoài ra:") left last on it moves to the next page
/// with the items it introduces.
fn cut(body: &str) -> (String, Vec<String>) {
    match shown_len(body) {
        Some(shown) => (body[..shown].to_owned(), hidden_lines(body, shown)),
        None => (body.to_owned(), Vec::new()),
    }
}

/// The non-blank lines past the first `shown` bytes of `body`.
fn hidden_lines(body: &str, shown: usize) -> Vec<String> {
    body[shown..].lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
}

/// How many bytes of `body` the first page shows (see [`cut`]); `None` when it shows all.
fn shown_len(body: &str) -> Option<usize> {
    let total = body.lines().filter(|l| is_item(l)).count();
    // Every line counts at most its bytes (the last one a byte more): a short body of at most a
    // page of items, or one with a single item, is shown whole without reading it again.
    if total <= 1 || (total <= PAGE_ITEMS && body.len() < FIRST_PAGE_CHARS) {
        return None;
    }
    let at_least = total.saturating_sub(PAGE_ITEMS).max(1);
    let mut items = 0;
    let mut offset = 0;
    let mut chars = 0;
    for line in body.split_inclusive('\n') {
        let length = line.trim_end().chars().count() + 1;
        if is_item(line) {
            items += 1;
            if items > PAGE_ITEMS || (items > at_least && chars + length > FIRST_PAGE_CHARS) {
                let shown = body[..offset].trim_end();
                // A heading line ends with ':' and introduces the items after it.
                let shown = match shown.rsplit_once('\n') {
                    Some((before, last)) if last.trim_end().ends_with(':') && !is_item(last) => before.trim_end(),
                    _ => shown,
                };
                return Some(shown.len());
            }
        }
        chars += length;
        offset += line.len();
    }
    None
}

/// The citation numbers `[n]` in `text`, in order of first appearance.
fn markers(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(']') {
            if let Ok(n) = rest[..digits].parse::<usize>() {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// Keeps the citations `text` refers to, renumbered 1, 2… in order of appearance, with the
/// markers of `text` rewritten to match. Markers naming no citation are left as they are.
fn renumber(text: &str, citations: &[Citation]) -> (String, Vec<Citation>) {
    let used: Vec<usize> = markers(text).into_iter().filter(|&n| n >= 1 && n <= citations.len()).collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let new = after[..digits].parse::<usize>().ok().and_then(|n| used.iter().position(|&u| u == n));
        match new {
            Some(i) if after[digits..].starts_with(']') => {
                let _ = write!(out, "[{}]", i + 1);
                rest = &after[digits + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, used.into_iter().map(|n| citations[n - 1].clone()).collect())
}

/// What a phone shows of `answer`: its first page. An answer whose context does not hold the
/// rest (composed outside [`super::Engine::answer`]) is shown whole, so nothing is lost.
pub fn first_page(answer: &Answer) -> Page {
    let more = answer.context.more.as_ref().map_or(0, More::items);
    let (shown, hidden) = cut(&answer.body);
    if hidden.is_empty() || answer.context.more.is_none() {
        return Page { body: answer.body.clone(), citations: answer.citations.clone(), more };
    }
    let (body, citations) = renumber(&shown, &answer.citations);
    Page { body, citations, more }
}

/// The lines of a freshly composed answer past its first page, for the context.
pub(super) fn rest(answer: &Answer) -> Option<More> {
    let hidden = shown_len(&answer.body).map_or_else(Vec::new, |shown| hidden_lines(&answer.body, shown));
    if hidden.is_empty() {
        return None;
    }
    let (text, citations) = renumber(&hidden.join("\n"), &answer.citations);
    Some(More { lines: text.lines().map(str::to_owned).collect(), citations })
}

/// The next page of the list the previous answer left, when `question` asks for it.
pub(super) fn continuation(question: &str, ctx: &Context) -> Option<Answer> {
    let more = ctx.more.as_ref()?;
    if !CONTINUE.contains(&crate::text::key_form(question).as_str()) {
        return None;
    }
    // This page: the lines up to the item past a page; the rest stays in the context.
    let mut items = 0;
    let end = more
        .lines
        .iter()
        .position(|l| {
            items += usize::from(is_item(l));
            items > PAGE_ITEMS
        })
        .unwrap_or(more.lines.len());
    let (body, citations) = renumber(&more.lines[..end].join("\n"), &more.citations);
    let left = &more.lines[end..];
    let next = if left.is_empty() {
        None
    } else {
        let (text, citations) = renumber(&left.join("\n"), &more.citations);
        Some(More { lines: text.lines().map(str::to_owned).collect(), citations })
    };
    let context = Context { cited: citations.iter().map(|c| c.id.clone()).collect(), more: next, ..ctx.clone() };
    Some(Answer {
        question: question.to_owned(),
        answered: true,
        intent: ctx.intent.unwrap_or(Intent::Content),
        body: format!("{}\n{body}", crate::messages::LIST_CONTINUED),
        citations,
        agencies: Vec::new(),
        suggestions: Vec::new(),
        score: 1.0,
        low_confidence: false,
        context,
        explain: None,
        language: super::Language::Vietnamese,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(n: usize) -> Citation {
        Citation { id: format!("e{n}"), label: format!("Mục {n}"), quote: format!("Câu {n}.") }
    }

    fn long_answer(items: usize) -> Answer {
        let mut body = String::from("Mở đầu:");
        for i in 1..=items {
            body.push_str(&format!("\n{i}. Việc {i} [{i}]"));
        }
        Answer {
            question: String::new(),
            answered: true,
            intent: Intent::Agency,
            body,
            citations: (1..=items).map(citation).collect(),
            agencies: vec![],
            suggestions: vec![],
            score: 1.0,
            low_confidence: false,
            context: Context { intent: Some(Intent::Agency), ..Context::default() },
            explain: None,
            language: crate::core::Language::Vietnamese,
        }
    }

    #[test]
    fn a_short_list_is_one_page() {
        let a = long_answer(PAGE_ITEMS);
        assert_eq!(rest(&a), None);
        assert_eq!(first_page(&a).body, a.body);
    }

    #[test]
    fn a_long_list_pages_and_every_item_stays_cited() {
        let mut a = long_answer(19);
        a.context.more = rest(&a);
        let page = first_page(&a);
        assert_eq!(page.body.lines().count(), 1 + PAGE_ITEMS);
        assert_eq!(page.citations.len(), PAGE_ITEMS);
        assert_eq!(page.more, 11);
        let mut seen: Vec<String> = page.citations.iter().map(|c| c.id.clone()).collect();
        let mut ctx = a.context.clone();
        assert_eq!(continuation("Sở Y tế làm gì?", &ctx), None, "only a request for more continues");
        for word in ["Xem thêm", "tiếp"] {
            let next = continuation(word, &ctx).unwrap();
            for (i, c) in next.citations.iter().enumerate() {
                assert!(next.body.contains(&format!("[{}]", i + 1)));
                assert!(next.body.contains(&c.quote.replace("Câu", "Việc").replace('.', "")));
            }
            seen.extend(next.citations.iter().map(|c| c.id.clone()));
            ctx = next.context;
        }
        assert_eq!(ctx.more, None);
        assert_eq!(seen, (1..=19).map(|n| format!("e{n}")).collect::<Vec<_>>());
    }

    #[test]
    fn long_items_page_by_length_and_one_continuation_shows_the_rest() {
        let mut a = long_answer(12);
        a.body = a.body.replace("Việc", &"Một việc dài, nêu đủ cơ quan phối hợp và thời hạn; ".repeat(2));
        a.body = a.body.replacen("\n5.", "\nNgoài ra:\n5.", 1);
        a.context.more = rest(&a);
        let page = first_page(&a);
        assert!(page.body.chars().count() <= FIRST_PAGE_CHARS, "{}", page.body);
        assert_eq!(page.body.lines().filter(|l| is_item(l)).count(), 4, "{}", page.body);
        assert!(!page.body.ends_with(':'), "a heading goes with its items: {}", page.body);
        let next = continuation("xem thêm", &a.context).unwrap();
        assert!(next.body.contains("Ngoài ra:\n5."), "{}", next.body);
        assert_eq!(next.context.more, None, "8 items follow the first page's 4: one continuation");
        assert_eq!(page.citations.len() + next.citations.len(), 12);
    }

    #[test]
    fn markers_are_renumbered_in_order() {
        let cs: Vec<Citation> = (1..=4).map(citation).collect();
        let (text, kept) = renumber("a [3] b [1] c [3] [9] [x]", &cs);
        assert_eq!(text, "a [1] b [2] c [1] [9] [x]");
        assert_eq!(kept, vec![citation(3), citation(1)]);
    }
}
