//! From text to words: normalisation, tokenizing, typo correction against the knowledge base's
//! own vocabulary, abbreviations and synonyms read through the lexicon, and phrase matching.

use super::lang;
use crate::knowledge::Knowledge;
use crate::text::{self, Token};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smol_str::SmolStr;

/// How a word came to be in the analysed question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Typed,
    /// Read through the lexicon (an abbreviation or synonym replaced by its canonical form).
    Lexicon,
    /// A typo corrected to a word of the knowledge base.
    Corrected,
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Canonical form: lower case, NFC, canonical tone placement.
    pub text: SmolStr,
    /// Without diacritics.
    pub folded: SmolStr,
    /// The diacritics are trustworthy (typed with marks, or taken from the knowledge base).
    pub accented: bool,
    /// Typed in capitals inside a question that is not all capitals ("AI", "UBND").
    pub capitals: bool,
    pub origin: Origin,
    /// A function word: not a topic.
    pub stop: bool,
}

impl Word {
    fn from_token(t: Token, all_caps: bool) -> Word {
        Word {
            text: t.text,
            folded: t.folded,
            accented: t.accented,
            capitals: t.capitals && !all_caps,
            origin: Origin::Typed,
            stop: false,
        }
    }

    /// A word of the knowledge base's own text: its marks are exactly right.
    pub fn known(text: &str) -> Word {
        let folded = text::fold_marks(text);
        Word {
            accented: folded != text,
            text: text.into(),
            folded: folded.into(),
            capitals: false,
            origin: Origin::Lexicon,
            stop: false,
        }
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().all(|c| c.is_ascii_digit() || c == '%')
    }
}

/// Cleans `raw` for matching: NFC, invisible characters and markup tags removed. Offsets of
/// tokens refer to it.
pub fn clean(raw: &str) -> String {
    text::strip_markup(&text::strip_invisible(&text::nfc(raw)))
}

/// When at least this share of a text's words carry marks, the writer types with marks: a word
/// without marks is then meant as written ("ban" in "ban hành" is not "bạn").
pub const MARKED_TEXT_SHARE: f32 = 0.3;

/// Splits cleaned text into words (no typo correction, no lexicon).
pub fn words(cleaned: &str) -> Vec<Word> {
    let tokens = text::tokenize(cleaned);
    let letters: Vec<&Token> =
        tokens.iter().filter(|t| !t.text.bytes().all(|b| b.is_ascii_digit() || b == b'%')).collect();
    let all_caps =
        !letters.is_empty() && letters.iter().all(|t| !cleaned[t.start..t.end].chars().any(char::is_lowercase));
    let marked = letters.iter().filter(|t| t.accented).count();
    let trust_marks = !letters.is_empty() && marked as f32 >= MARKED_TEXT_SHARE * letters.len() as f32;
    tokens
        .into_iter()
        .map(|t| {
            let letter = !t.text.bytes().all(|b| b.is_ascii_digit() || b == b'%');
            let mut w = Word::from_token(t, all_caps);
            if trust_marks && letter {
                w.accented = true;
            }
            w
        })
        .collect()
}

/// How strictly a phrase word must match a question word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Cue lists, written without marks: the folded forms must be equal. A cue word written
    /// with marks ("họ", "ký") is matched as [`Strictness::Marked`]: "hỗ trợ" is not "họ".
    Folded,
    /// Knowledge-base phrases: exact, or folded when the question word has no marks (or when a
    /// longer phrase gives context to a wrong mark).
    Marked,
}

#[derive(Debug, Clone)]
struct PhraseWord {
    word: Word,
    /// Its marks count (see [`Strictness`]).
    marked: bool,
    /// Written in capitals in the knowledge base and also a Vietnamese function word ("AI"):
    /// only a question word typed in capitals matches it.
    needs_capitals: bool,
}

/// A set of phrases to find in a word sequence, longest match first.
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    phrases: Vec<(Vec<PhraseWord>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    strictness: Strictness,
}

/// A phrase found in a word sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'p, T> {
    pub start: usize,
    pub len: usize,
    pub value: &'p T,
    /// Every word matched with its marks.
    pub exact: bool,
}

impl<T> Phrases<T> {
    pub fn new(strictness: Strictness) -> Self {
        Phrases { phrases: Vec::new(), by_first: HashMap::default(), strictness }
    }

    /// Adds `phrase` (any text; it is tokenized). Empty phrases are ignored.
    pub fn add(&mut self, phrase: &str, value: T, stopwords: &Stopwords) {
        let cleaned = clean(phrase);
        let tokens = text::tokenize(&cleaned);
        let words: Vec<PhraseWord> = tokens
            .iter()
            .map(|t| {
                let raw = &cleaned[t.start..t.end];
                let marked = self.strictness == Strictness::Marked || t.accented;
                let word = Word::known(if marked { &t.text } else { &t.folded });
                PhraseWord { needs_capitals: t.capitals && stopwords.contains(&word) && raw.len() <= 3, marked, word }
            })
            .collect();
        let Some(first) = words.first() else { return };
        self.by_first.entry(first.word.folded.to_string()).or_default().push(self.phrases.len());
        self.phrases.push((words, value));
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    fn word_matches(&self, q: &Word, p: &PhraseWord, phrase_len: usize) -> Option<bool> {
        if p.needs_capitals && !q.capitals {
            return None;
        }
        if q.text == p.word.text {
            return Some(true);
        }
        if q.folded != p.word.folded {
            return None;
        }
        match p.marked {
            false => Some(true),
            true if !q.accented || phrase_len >= 2 => Some(false),
            true => None,
        }
    }

    /// The longest phrase starting at `at`, if any (ties: the one added first).
    pub fn at<'p>(&'p self, words: &[Word], at: usize) -> Option<Found<'p, T>> {
        let candidates = self.by_first.get(words.get(at)?.folded.as_str())?;
        let mut best: Option<Found<'p, T>> = None;
        for &i in candidates {
            let (phrase, value) = &self.phrases[i];
            if at + phrase.len() > words.len() || best.as_ref().is_some_and(|b| b.len >= phrase.len()) {
                continue;
            }
            let mut exact = true;
            let all = phrase.iter().zip(&words[at..]).all(|(p, q)| match self.word_matches(q, p, phrase.len()) {
                Some(e) => {
                    exact &= e;
                    true
                }
                None => false,
            });
            if all {
                best = Some(Found { start: at, len: phrase.len(), value, exact });
            }
        }
        best
    }

    /// Calls `f(len, value)` for every phrase that matches at `at`.
    pub fn each_at<'p>(&'p self, words: &[Word], at: usize, mut f: impl FnMut(usize, &'p T)) {
        let Some(candidates) = words.get(at).and_then(|w| self.by_first.get(w.folded.as_str())) else {
            return;
        };
        for &i in candidates {
            let (phrase, value) = &self.phrases[i];
            if at + phrase.len() <= words.len()
                && phrase.iter().zip(&words[at..]).all(|(p, q)| self.word_matches(q, p, phrase.len()).is_some())
            {
                f(phrase.len(), value);
            }
        }
    }

    /// Every non-overlapping longest match, left to right.
    pub fn find_all<'p>(&'p self, words: &[Word]) -> Vec<Found<'p, T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.at(words, i) {
                Some(f) => {
                    i += f.len;
                    out.push(f);
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn any(&self, words: &[Word]) -> bool {
        (0..words.len()).any(|i| self.at(words, i).is_some())
    }
}

/// Function words, by exact form and by folded form.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    exact: HashSet<String>,
    folded: HashSet<String>,
}

impl Stopwords {
    /// Drops the folded forms that are also the folded form of a content word of the
    /// knowledge base: typed without marks, "ban" may be "bạn" or the "ban" of "ban hành",
    /// "thoi" "thôi" or "thời"; such a word is then read as content.
    pub fn without_ambiguous<'a>(mut self, content: impl IntoIterator<Item = &'a str>) -> Self {
        for w in content {
            if !self.exact.contains(w) {
                self.folded.remove(&text::fold_marks(w));
            }
        }
        self
    }

    pub fn new(list: &[&str]) -> Self {
        Stopwords {
            exact: list.iter().map(|w| (*w).to_owned()).collect(),
            folded: list.iter().map(|w| text::fold_marks(w)).collect(),
        }
    }

    /// A word typed with marks must match exactly; one typed without marks matches folded.
    pub fn contains(&self, w: &Word) -> bool {
        if w.accented { self.exact.contains(w.text.as_str()) } else { self.folded.contains(w.folded.as_str()) }
    }
}

/// Spelling correction against the knowledge base's vocabulary: one edit (insertion, deletion,
/// substitution or swap of neighbours) on the folded form, found through a deletion index.
#[derive(Debug, Clone, Default)]
pub struct Speller {
    /// Folded word → the most frequent canonical word with that folded form.
    known: HashMap<String, (String, u32)>,
    /// A folded word with one letter deleted → folded words it comes from.
    deletions: HashMap<String, Vec<String>>,
    /// Folded pairs of neighbouring words in the knowledge base ("giao vien").
    pairs: HashSet<String>,
}

/// Words shorter than this (in letters) are not corrected: too many neighbours.
const MIN_CORRECTABLE_CHARS: usize = 3;

impl Speller {
    /// `vocabulary` is every word of the knowledge base, in order, with repeats (frequency
    /// breaks ties); `pairs` the folded neighbouring pairs.
    pub fn new<'a>(vocabulary: impl IntoIterator<Item = &'a str>, pairs: HashSet<String>) -> Self {
        let mut known: HashMap<String, (String, u32)> = HashMap::default();
        let mut counts: HashMap<&str, u32> = HashMap::default();
        for w in vocabulary {
            *counts.entry(w).or_default() += 1;
        }
        let mut sorted: Vec<(&str, u32)> = counts.into_iter().collect();
        sorted.sort();
        for (w, n) in sorted {
            let folded = text::fold_marks(w);
            let slot = known.entry(folded).or_insert_with(|| (w.to_owned(), 0));
            if n > slot.1 {
                *slot = (w.to_owned(), n);
            }
        }
        let mut deletions: HashMap<String, Vec<String>> = HashMap::default();
        let mut folded_words: Vec<&String> = known.keys().collect();
        folded_words.sort();
        for f in folded_words {
            for d in deletes(f) {
                let list = deletions.entry(d).or_default();
                if !list.contains(f) {
                    list.push(f.clone());
                }
            }
        }
        Speller { known, deletions, pairs }
    }

    /// True when `a b` (folded) stands in the knowledge base.
    pub fn is_pair(&self, a: &str, b: &str) -> bool {
        self.pairs.contains(&format!("{a} {b}"))
    }

    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// The known word one edit away from `folded`: the most frequent, then alphabetical.
    pub fn correct(&self, folded: &str) -> Option<&str> {
        self.candidates(folded).into_iter().next()
    }

    /// Known words one edit away from `folded`, most frequent first, then alphabetical.
    pub fn candidates(&self, folded: &str) -> Vec<&str> {
        if folded.chars().count() < MIN_CORRECTABLE_CHARS || folded.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let mut candidates: Vec<&String> = Vec::new();
        let mut consider = |key: &str| {
            if let Some(list) = self.deletions.get(key) {
                candidates.extend(list.iter());
            }
            if self.known.contains_key(key) {
                if let Some((k, _)) = self.known.get_key_value(key) {
                    candidates.push(k);
                }
            }
        };
        consider(folded);
        for d in deletes(folded) {
            consider(&d);
        }
        candidates.sort();
        candidates.dedup();
        candidates.retain(|c| c.as_str() != folded && strsim::osa_distance(c, folded) == 1);
        candidates.sort_by(|a, b| self.known[*b].1.cmp(&self.known[*a].1).then_with(|| a.cmp(b)));
        candidates.into_iter().map(|f| self.known[f].0.as_str()).collect()
    }
}

/// Whether a folded word has the shape of a Vietnamese syllable: initial consonants, one to
/// three vowels, an allowed final. A typo often breaks the shape ("dugn", "sack"); a word that
/// keeps it is more likely a real word the knowledge base does not have ("nau", "banh").
pub fn is_syllable(folded: &str) -> bool {
    const INITIALS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
        "p", "r", "s", "t", "v", "x", "",
    ];
    const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    INITIALS.iter().filter_map(|i| folded.strip_prefix(i)).any(|rest| {
        let n = rest.chars().take_while(|&c| vowel(c)).count();
        (1..=3).contains(&n) && FINALS.contains(&&rest[n..])
    })
}

fn deletes(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len()).map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect()).collect()
}

/// Everything needed to turn text into words, built once from the knowledge base.
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub stopwords: Stopwords,
    /// Lexicon variants → the canonical words of their group.
    lexicon: Phrases<Vec<Word>>,
    speller: Speller,
}

impl Analyzer {
    /// Builds the lexicon; the speller is added by [`Analyzer::with_vocabulary`].
    pub fn new(kb: &Knowledge) -> Self {
        let stopwords = Stopwords::new(lang::STOPWORDS);
        let mut lexicon = Phrases::new(Strictness::Marked);
        for term in &kb.terms {
            let Some(canonical) = term.words.first() else {
                continue;
            };
            let canonical_words: Vec<Word> = words(&clean(canonical)).iter().map(|w| Word::known(&w.text)).collect();
            for variant in &term.words[1..] {
                lexicon.add(variant, canonical_words.clone(), &stopwords);
            }
        }
        Analyzer { stopwords, lexicon, speller: Speller::default() }
    }

    /// Adds the vocabulary the speller corrects towards (every word, with repeats), the
    /// knowledge base's own words (`content`) and its neighbouring pairs.
    pub fn with_vocabulary<'a>(
        mut self,
        vocabulary: impl IntoIterator<Item = &'a str>,
        content: impl IntoIterator<Item = &'a str>,
        pairs: HashSet<String>,
    ) -> Self {
        self.stopwords = self.stopwords.without_ambiguous(content);
        self.speller = Speller::new(vocabulary, pairs);
        self
    }

    /// Words of knowledge-base text: lexicon applied, marks trusted, no spelling correction.
    pub fn kb_words(&self, text: &str) -> Vec<Word> {
        self.kb_words_from(words(&clean(text)))
    }

    /// [`Analyzer::kb_words`] of text already split by [`words`].
    pub fn kb_words_from(&self, mut ws: Vec<Word>) -> Vec<Word> {
        for w in &mut ws {
            w.accented = w.text != w.folded;
            w.capitals = false;
        }
        self.finish(ws)
    }

    /// Words of a question: spelling corrected, lexicon applied.
    /// `raw` is [`Analyzer::raw_words`] of the question.
    pub fn question_words(&self, raw: &[Word]) -> Vec<Word> {
        let mut ws = raw.to_vec();
        for i in 0..ws.len() {
            let w = &ws[i];
            if w.is_number() || self.stopwords.contains(w) || self.speller.is_known(&w.folded) {
                continue;
            }
            let Some(fix) = self.speller.correct(&w.folded) else {
                continue;
            };
            // Correct a word that cannot be Vietnamese, or one whose correction joins a
            // neighbour into a phrase of the knowledge base ("giáo vin" → "giáo viên").
            let fixed = crate::text::fold_marks(fix);
            let joins = (i > 0 && self.speller.is_pair(&ws[i - 1].folded, &fixed))
                || ws.get(i + 1).is_some_and(|next| self.speller.is_pair(&fixed, &next.folded));
            if joins || !is_syllable(&w.folded) {
                let known = Word::known(fix);
                ws[i] = Word { accented: false, origin: Origin::Corrected, capitals: ws[i].capitals, ..known };
            }
        }
        self.finish(ws)
    }

    /// The words as typed, with stop flags, before the lexicon (for cue and topic detection).
    pub fn raw_words(&self, cleaned: &str) -> Vec<Word> {
        let mut ws = words(cleaned);
        for w in &mut ws {
            w.stop = self.stopwords.contains(w);
        }
        ws
    }

    fn finish(&self, ws: Vec<Word>) -> Vec<Word> {
        let mut out = Vec::with_capacity(ws.len());
        // Phrase lengths found at each position, then the words moved, not copied.
        let mut skip = 0;
        let mut replaced: Vec<Option<&Vec<Word>>> = vec![None; ws.len()];
        let mut dropped = vec![false; ws.len()];
        for i in 0..ws.len() {
            if skip > 0 {
                skip -= 1;
                dropped[i] = true;
                continue;
            }
            if let Some(found) = self.lexicon.at(&ws, i) {
                replaced[i] = Some(found.value);
                skip = found.len - 1;
            }
        }
        for ((w, replacement), dropped) in ws.into_iter().zip(replaced).zip(dropped) {
            match replacement {
                Some(canonical) => out.extend(canonical.iter().cloned()),
                None if !dropped => out.push(w),
                None => {}
            }
        }
        for w in &mut out {
            w.stop = self.stopwords.contains(w);
        }
        out
    }

    pub fn is_known(&self, w: &Word) -> bool {
        self.speller.is_known(&w.folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speller_fixes_one_edit() {
        let s = Speller::new(["giáo", "viên", "tuyển", "dụng", "ngân", "sách", "sách"], HashSet::default());
        assert_eq!(s.correct("vin"), Some("viên"));
        assert_eq!(s.correct("dugn"), Some("dụng"));
        assert_eq!(s.correct("sack"), Some("sách"));
        assert_eq!(s.correct("xyzw"), None);
        assert_eq!(s.correct("ab"), None);
    }

    #[test]
    fn syllable_shapes() {
        for w in ["nau", "banh", "nghieng", "quy", "gi", "giao", "vien", "truong", "a"] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["dugn", "sack", "wifi", "xyz", "tramk"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn phrases_prefer_the_longest_match() {
        let stop = Stopwords::new(&[]);
        let mut p = Phrases::new(Strictness::Marked);
        p.add("sở giáo dục", 1, &stop);
        p.add("sở giáo dục và đào tạo", 2, &stop);
        let ws = words("Sở Giáo dục và Đào tạo");
        assert_eq!(*p.at(&ws, 0).unwrap().value, 2);
        let ws = words("so giao duc");
        assert_eq!(*p.at(&ws, 0).unwrap().value, 1);
    }

    #[test]
    fn capitals_only_abbreviation_needs_capitals() {
        let stop = Stopwords::new(&["ai"]);
        let mut p = Phrases::new(Strictness::Marked);
        p.add("AI", (), &stop);
        assert!(p.any(&words("kế hoạch nói gì về AI")));
        assert!(!p.any(&words("ai chịu trách nhiệm")));
        assert!(!p.any(&words("AI CHỊU TRÁCH NHIỆM")));
    }
}
