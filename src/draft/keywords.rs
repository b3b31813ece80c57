//! Keywords: the syllable pairs that set a paragraph apart from the rest of the text (tf-idf
//! over syllable bigrams), written as the text prints them.

use super::lang;
use crate::text::{Token, tokenize};
use std::collections::{HashMap, HashSet};

/// How many pairs a paragraph keeps.
pub const KEYWORDS_PER_PARAGRAPH: usize = 8;
/// A pair seen in more than this share of the paragraphs says nothing about any of them.
const MAX_DOCUMENT_SHARE: f64 = 0.5;

/// The syllable pairs of a text: (canonical key, byte range of the pair in the text).
fn pairs(text: &str) -> Vec<(String, usize, usize)> {
    let tokens: Vec<Token> = tokenize(text);
    let mut out = Vec::new();
    for w in tokens.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        // Only words separated by spaces: a comma or a dash breaks the phrase.
        if !text[a.end..b.start].chars().all(char::is_whitespace) {
            continue;
        }
        let function = |t: &Token| lang::FUNCTION_WORDS.contains(&t.text.as_str());
        let number = |t: &Token| t.text.chars().any(|c| c.is_ascii_digit());
        let short = |t: &Token| t.text.chars().count() < 2;
        // A capital after a small letter starts a name ("ban hành Kế hoạch"): not one word.
        let capital = |t: &Token| text[t.start..].chars().next().is_some_and(char::is_uppercase);
        if function(a) || function(b) || number(a) || number(b) || short(a) || short(b) || a.capitals || b.capitals {
            continue;
        }
        if capital(b) && !capital(a) {
            continue;
        }
        out.push((format!("{} {}", a.text, b.text), a.start, b.end));
    }
    out
}

/// The distinctive pairs of every paragraph, against all of them.
pub struct Keywords {
    document_frequency: HashMap<String, usize>,
    paragraphs: usize,
    /// How often each syllable and each pair occur in the whole text.
    syllables: HashMap<String, usize>,
    pairs: HashMap<String, usize>,
}

/// A pair whose syllables are seen together less often than this (against the rarer of the two)
/// crosses a word boundary ("kiện kinh" in "điều kiện kinh tế").
const MIN_COHESION: f64 = 0.5;

impl Keywords {
    pub fn new<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Keywords {
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        let mut syllables: HashMap<String, usize> = HashMap::new();
        let mut pair_counts: HashMap<String, usize> = HashMap::new();
        let mut n = 0;
        for p in paragraphs {
            n += 1;
            for t in tokenize(p) {
                *syllables.entry(t.text.to_string()).or_default() += 1;
            }
            let found = pairs(p);
            for (k, _, _) in &found {
                *pair_counts.entry(k.clone()).or_default() += 1;
            }
            let seen: HashSet<String> = found.into_iter().map(|(k, _, _)| k).collect();
            for k in seen {
                *document_frequency.entry(k).or_default() += 1;
            }
        }
        Keywords { document_frequency, paragraphs: n.max(1), syllables, pairs: pair_counts }
    }

    /// How much the two syllables of a pair belong together in the whole text (0 to 1).
    fn cohesion(&self, pair: &str) -> f64 {
        let (a, b) = pair.split_once(' ').unwrap_or((pair, pair));
        let together = *self.pairs.get(pair).unwrap_or(&0) as f64;
        let rarer = (*self.syllables.get(a).unwrap_or(&1)).min(*self.syllables.get(b).unwrap_or(&1)).max(1) as f64;
        (together / rarer).min(1.0)
    }

    /// The best pairs of `text` as printed, best first; ties keep the order of the text.
    pub fn of(&self, text: &str) -> Vec<String> {
        let found = pairs(text);
        let mut tf: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, (k, _, _)) in found.iter().enumerate() {
            tf.entry(k.as_str()).or_insert((0, i)).0 += 1;
        }
        let n = self.paragraphs as f64;
        let mut scored: Vec<(f64, usize, &str)> = tf
            .iter()
            .filter_map(|(k, &(count, first))| {
                let df = *self.document_frequency.get(*k).unwrap_or(&1) as f64;
                let cohesion = self.cohesion(k);
                let distinctive = n < 4.0 || df / n <= MAX_DOCUMENT_SHARE;
                (distinctive && cohesion >= MIN_COHESION)
                    .then(|| (count as f64 * (n / df).ln().max(0.1) * cohesion, first, *k))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, first, _) in scored.into_iter().take(KEYWORDS_PER_PARAGRAPH) {
            let (_, s, e) = &found[first];
            let printed = text[*s..*e].to_owned();
            if !out.contains(&printed) {
                out.push(printed);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_pairs_first() {
        let paragraphs = ["ngân sách nhà nước cho giáo dục", "giáo dục mầm non", "giáo dục nghề nghiệp"];
        let k = Keywords::new(paragraphs);
        let got = k.of(paragraphs[0]);
        assert_eq!(got.first().map(String::as_str), Some("ngân sách"));
    }
}
