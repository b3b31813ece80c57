//! The other document a question asks about with a verb of saying ("Nghị quyết 29 nói gì …"):
//! the source gives such documents' names and dates, not their contents.
//! Also what a text is asked to hold rather than who wrote it (the article's contents).

use super::super::analyze::opens_with;
use super::super::{Engine, MIN_COVERAGE, Query, lang};

/// The other document a question makes its subject with a verb of saying ("Nghị quyết 29 nói
/// gì về giáo viên", "KL 91-KL/TW yêu cầu Bộ GD làm gì"), on a topic or a body, when the plan is
/// not named: the source gives such documents' names and dates, not their contents. `topic` is
/// [`Engine::has_topic`] of the query.
pub(super) fn document_says(engine: &Engine, q: &Query, others: &[usize], topic: bool) -> Option<usize> {
    let &[d] = others else { return None };
    if engine.is_portal(d) || q.documents.contains(&engine.plan) || q.issuer || q.time {
        return None;
    }
    if q.agencies.is_empty() && !topic {
        return None;
    }
    let raw = engine.analyzer.raw_words(&q.question);
    // The question's text around the name, by the tokens the raw words were read from.
    let tokens = crate::text::tokenize(&q.question);
    if raw.len() != tokens.len() {
        return None;
    }
    // The words of the document's name: from its kind to the verb.
    let span = engine.cues.document_kinds.find_all(&raw).into_iter().find_map(|f| {
        let mut i = f.start + f.len;
        if raw.get(i).is_some_and(|w| w.folded == "so") {
            i += 1;
        }
        raw.get(i).filter(|w| w.is_number())?;
        // The number's tail ("29-NQ/TW", "91-kl/tw"): numbers, and short words glued to it.
        i += 1;
        while tokens.get(i).is_some_and(|t| {
            let gap = &q.question[tokens[i - 1].end..t.start];
            raw[i].is_number() || t.text.len() <= 5 && !gap.is_empty() && !gap.contains(char::is_whitespace)
        }) {
            i += 1;
        }
        // Its issuer after it ("KH 407-KH/TU của Ban Thường vụ Thành ủy yêu cầu …") is part of
        // its name.
        if raw.get(i).is_some_and(|w| w.folded == OF) {
            if let Some(issuer) = engine.agency_names.at(&raw, i + 1) {
                i += 1 + issuer.len;
            }
        }
        let next = raw.get(i..)?;
        lang::DOCUMENT_SAYS.iter().find(|v| opens_with(next, v)).map(|v| (f.start, i, v.split(' ').count()))
    });
    let (from, to, verb) = span?;
    // "Theo Nghị quyết 29, nếu …": punctuation after the number ends the name's sentence part.
    if crate::text::parts_words(&q.question[tokens[to - 1].end..tokens[to].start]) {
        return None;
    }
    // A passage whose quote names the document ("… được thể hiện trong Nghị quyết số 29-NQ/TW")
    // says what it holds: then the question is answered as usual. Scored without the name and
    // the verb, so that passages only naming the document (its issue, its dissemination) or
    // using the verb otherwise ("đáp ứng yêu cầu …") do not count.
    let number = &engine.kb.documents[d].number;
    if number.is_empty() {
        return Some(d);
    }
    let after = tokens.get(to + verb).map_or(q.question.len(), |t| t.start);
    let rest = format!("{}{}", &q.question[..tokens[from].start], &q.question[after..]);
    let rest = engine.analyse(&rest);
    let scores = engine.entry_scores(&rest);
    let attributed = scores.ranked().iter().take(2).any(|&b| {
        scores.coverage[b] >= MIN_COVERAGE
            && engine.kb.entries[b].quotes.iter().any(|quote| quote.contains(number.as_str()))
    });
    (!attributed).then_some(d)
}

/// "của" ("of"), folded: before the issuer of a document named by its number.
const OF: &str = "cua";

/// Whether a kind of document stands before "nào" ("nghị quyết nào", "kết luận nào").
fn asks_kind(engine: &Engine, q: &Query) -> bool {
    engine
        .cues
        .document_kinds
        .find_all(&q.words)
        .iter()
        .any(|f| q.words.get(f.start + f.len).is_some_and(|w| w.folded == lang::WHICH))
}

/// Whether a question asks what the article holds rather than its byline (besides "What is the
/// article about?"): what it says ("bài viết tóm tắt nội dung gì") or the documents it names
/// ("Bài viết trích dẫn những văn bản nào?", "… có trích dẫn nghị quyết nào không?").
pub(super) fn article_contents(engine: &Engine, q: &Query) -> bool {
    let any = |words: &[&str]| q.words.iter().any(|w| words.contains(&w.folded.as_str()));
    q.source
        && (q.overview && (q.english || any(ARTICLE_CONTENT_WORDS))
            || q.document_list && (any(lang::LIST_WORDS) || asks_kind(engine, q)))
}

/// Words that ask what a text says or holds, besides the overview cue (folded): "nói", "tóm",
/// "nội dung", "phần", "đưa tin".
const ARTICLE_CONTENT_WORDS: &[&str] = &["noi", "tom", "dung", "phan", "tin"];

/// Whether an English question closes on "about" ("What is the article about?").
pub(super) fn ends_on_about(question: &str) -> bool {
    let trimmed = question.trim_end_matches(|c: char| !c.is_alphanumeric());
    // Bytes, not characters: `get` is `None` where the cut falls inside a letter ("… vậy ạạa").
    trimmed.len() > 6 && trimmed.get(trimmed.len() - 6..).is_some_and(|end| end.eq_ignore_ascii_case(" about"))
}

#[cfg(test)]
mod tests {
    use super::ends_on_about;

    #[test]
    fn about_is_read_on_whole_letters() {
        assert!(ends_on_about("What is the article about?"));
        assert!(!ends_on_about("What is it for?"));
        // The last six bytes start inside "ạ": no match, and no slice cut inside a letter.
        assert!(!ends_on_about("x ạạa"));
        assert!(!ends_on_about("about"));
    }
}
