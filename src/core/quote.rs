//! Trimming a verbatim quote to the sentence(s) that answer the question, keeping it a
//! verbatim substring of the source.

use super::analyze::Word;
use crate::text;

/// Quotes up to this many characters are cited whole.
pub const WHOLE_QUOTE_CHARS: usize = 320;
/// A trimmed quote grows sentence by sentence until it has at least this many characters.
pub const MIN_TRIMMED_CHARS: usize = 140;

/// Byte ranges of the sentences of `quote` (split after ". ", "; " and "! ", "? ").
pub fn sentences(quote: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = quote.as_bytes();
    for (i, c) in quote.char_indices() {
        if matches!(c, '.' | ';' | '!' | '?') && bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()) {
            out.push((start, i + 1));
            start = i + 2;
        }
    }
    if start < quote.len() {
        out.push((start, quote.len()));
    }
    out.retain(|&(s, e)| !quote[s..e].trim().is_empty());
    out
}

/// A quote prepared once for matching: its sentences and their words without marks.
#[derive(Debug, Clone)]
pub struct Prepared {
    sentences: Vec<(usize, usize)>,
    /// Folded, lower-case words of each sentence, sorted.
    words: Vec<Vec<String>>,
    chars: usize,
}

impl Prepared {
    pub fn new(quote: &str) -> Prepared {
        let sentences = sentences(quote);
        let words = sentences
            .iter()
            .map(|&(s, e)| {
                let folded = text::fold_marks(&text::lowercase(&quote[s..e]));
                let mut words: Vec<String> =
                    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
                words.sort_unstable();
                words.dedup();
                words
            })
            .collect();
        Prepared { sentences, words, chars: quote.chars().count() }
    }

    fn has(&self, sentence: usize, word: &str) -> bool {
        self.words[sentence].binary_search_by(|x| x.as_str().cmp(word)).is_ok()
    }

    fn sentence_score(&self, sentence: usize, wanted: &[&str]) -> usize {
        wanted.iter().filter(|w| self.has(sentence, w)).count()
    }

    /// How many of the `wanted` folded words the quote has.
    pub fn score(&self, wanted: &[&str]) -> usize {
        wanted.iter().filter(|w| (0..self.words.len()).any(|s| self.has(s, w))).count()
    }
}

/// The folded topic words of a question, for [`trim_prepared`] and [`Prepared::score`].
pub fn wanted(topic: &[Word]) -> Vec<&str> {
    topic.iter().filter(|w| !w.stop).map(|w| w.folded.as_str()).collect()
}

/// The part of `quote` that best matches `topic` (whole when short or when nothing matches).
pub fn trim<'q>(quote: &'q str, topic: &[Word]) -> &'q str {
    trim_prepared(quote, &Prepared::new(quote), &wanted(topic))
}

/// [`trim`] with the quote prepared beforehand.
pub fn trim_prepared<'q>(quote: &'q str, prepared: &Prepared, wanted: &[&str]) -> &'q str {
    if prepared.chars <= WHOLE_QUOTE_CHARS {
        return quote;
    }
    let parts = &prepared.sentences;
    let scores: Vec<usize> = (0..parts.len()).map(|i| prepared.sentence_score(i, wanted)).collect();
    let Some(best) = (0..parts.len()).max_by(|&a, &b| scores[a].cmp(&scores[b]).then(b.cmp(&a))) else {
        return quote;
    };
    if scores[best] == 0 {
        return quote;
    }
    let (start, mut end) = parts[best];
    let mut next = best + 1;
    while quote[start..end].chars().count() < MIN_TRIMMED_CHARS && next < parts.len() {
        end = parts[next].1;
        next += 1;
    }
    quote[start..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_after_stops() {
        let q = "Một câu. Câu hai; câu ba? Hết";
        let parts: Vec<&str> = sentences(q).into_iter().map(|(s, e)| &q[s..e]).collect();
        assert_eq!(parts, ["Một câu.", "Câu hai;", "câu ba?", "Hết"]);
    }

    #[test]
    fn short_quotes_are_kept_whole() {
        assert_eq!(trim("Ngắn gọn. Rất ngắn.", &[Word::known("ngắn")]), "Ngắn gọn. Rất ngắn.");
    }

    #[test]
    fn long_quotes_keep_the_matching_sentence_verbatim() {
        let filler = "Câu không liên quan đến chủ đề được hỏi ở đây, chỉ để làm dài đoạn trích. ".repeat(4);
        let quote =
            format!("{filler}Bảo đảm ngân sách nhà nước chi cho giáo dục tối thiểu 20% tổng chi ngân sách. {filler}");
        let got = trim(&quote, &[Word::known("ngân"), Word::known("sách")]);
        assert!(got.starts_with("Bảo đảm ngân sách"), "{got}");
        assert!(quote.contains(got));
    }
}
