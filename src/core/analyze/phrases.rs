//! Phrase matching: a set of phrases (names, cues, lexicon variants) found in a word sequence,
//! longest match first, as strictly as the phrases' marks require.

use super::{Stopwords, Word, clean};
use crate::text;
use rustc_hash::FxHashMap;

/// How strictly a phrase word must match a question word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Cue lists, written without marks: the folded forms must be equal. A cue word written
    /// with marks ("họ", "ký") is matched as [`Strictness::Marked`]: "hỗ trợ" is not "họ".
    Folded,
    /// Knowledge-base phrases: exact, or folded when the question word has no marks (or when a
    /// longer phrase gives context to a wrong mark).
    Marked,
    /// As [`Strictness::Folded`], but a word typed with marks matches a marked phrase word only
    /// as written, whatever the phrase's other words: "số thứ tự" is no "sở thứ tư".
    Exact,
}

#[derive(Debug, Clone)]
struct PhraseWord {
    word: Word,
    /// Its marks count (see [`Strictness`]).
    marked: bool,
    /// Written in capitals in the knowledge base and also a Vietnamese function word ("AI"):
    /// only a question word typed in capitals matches it.
    needs_capitals: bool,
    /// Written with a Vietnamese mark (`text::has_marks`), known when the phrase is added.
    has_marks: bool,
    /// [`key`] of its folded form.
    key: u64,
}

/// A set of phrases to find in a word sequence, longest match first.
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    phrases: Vec<(Vec<PhraseWord>, T)>,
    /// Phrases by their first word (folded), longest first, then in the order added.
    by_first: Vec<FirstWord>,
    /// By a first word's signature ([`signature`]): the first of its [`FirstWord`]s
    /// (`NO_FIRST_WORD` for none; the others chained by `next`). Most words start no phrase
    /// of a list and are passed over on one look at their signature, none hashed.
    first_words: Box<[u32]>,
    strictness: Strictness,
}

/// The phrases of a list opening with one word (or with one of the long words of one [`key`]).
#[derive(Debug, Clone)]
struct FirstWord {
    /// The word's [`key`].
    key: u64,
    /// Its phrases, longest first, then in the order added.
    phrases: Vec<usize>,
    /// The next first word of the same signature, or `NO_FIRST_WORD`.
    next: u32,
}

/// No first word (see [`Phrases::first_words`]).
const NO_FIRST_WORD: u32 = u32::MAX;

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
        let first_words = vec![NO_FIRST_WORD; SIGNATURES].into_boxed_slice();
        Phrases { phrases: Vec::new(), by_first: Vec::new(), first_words, strictness }
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
                let needs_capitals = t.capitals && stopwords.contains(&word) && raw.len() <= 3;
                let (has_marks, key) = (text::has_marks(&word.text), key(&word.folded));
                PhraseWord { needs_capitals, marked, has_marks, key, word }
            })
            .collect();
        let Some(first) = words.first() else { return };
        let k = match self.first_word(first.key) {
            Some(k) => k,
            None => {
                let bit = signature(first.key);
                let next = self.first_words[bit];
                self.first_words[bit] = self.by_first.len() as u32;
                self.by_first.push(FirstWord { key: first.key, phrases: Vec::new(), next });
                self.by_first.len() - 1
            }
        };
        // Longest first, then in the order added: the first match is the longest.
        let candidates = &mut self.by_first[k].phrases;
        let at = candidates.partition_point(|&i| self.phrases[i].0.len() >= words.len());
        candidates.insert(at, self.phrases.len());
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
        // A word's folded form is a function of its text (`Word`): words folded apart differ
        // as written too, and most question words fold apart from a phrase's word.
        if q.folded.as_str() != p.word.folded.as_str() {
            return None;
        }
        if q.text.as_str() == p.word.text.as_str() {
            return Some(true);
        }
        match p.marked {
            false => Some(true),
            true if !q.accented || phrase_len >= 2 && self.strictness != Strictness::Exact => Some(false),
            true => None,
        }
    }

    /// Where in `by_first` the phrases opening with a word of [`key`] `key` are.
    fn first_word(&self, key: u64) -> Option<usize> {
        let mut k = self.first_words[signature(key)];
        while k != NO_FIRST_WORD {
            let first = &self.by_first[k as usize];
            if first.key == key {
                return Some(k as usize);
            }
            k = first.next;
        }
        None
    }

    /// The phrases that may open with a word of [`key`] `key`, longest first.
    fn starting(&self, key: u64) -> Option<&Vec<usize>> {
        self.first_word(key).map(|k| &self.by_first[k].phrases)
    }

    /// The longest phrase starting at `at`, if any (ties: the one added first). A phrase
    /// whose words' keys differ from the words' is passed over without comparing its words.
    pub fn at<'p>(&'p self, words: &[Word], at: usize) -> Option<Found<'p, T>> {
        let candidates = self.starting(words.get(at)?.key)?;
        for &i in candidates {
            let (phrase, value) = &self.phrases[i];
            if at + phrase.len() > words.len() || !same_keys(phrase, &words[at..]) {
                continue;
            }
            let mut exact = true;
            // A wrong mark is read through only with a word of letters matching beside it: the
            // number of "cấp 3" does not make "phổ cập 3" a "cấp 3".
            // The first word of a phrase of a marked list (names, lexicon), where written with
            // marks, may lack some ("Sơ Tài chính") or slip on its tone ("Cãm ơn"), not change
            // a letter's shape: "giáo dục số giáo dục" holds no "sở giáo dục".
            let (mut wrong_mark, mut context) = (false, false);
            let all = phrase.iter().zip(&words[at..]).enumerate().all(|(k, (p, q))| {
                match self.word_matches(q, p, phrase.len()) {
                    Some(e) => {
                        exact &= e;
                        // A marked phrase word matches inexactly only when spelled otherwise.
                        let wrong = q.accented && p.marked && !e;
                        wrong_mark |= wrong;
                        context |= !wrong && !q.is_number();
                        let other_marks = wrong
                            && k == 0
                            && self.strictness == Strictness::Marked
                            && p.has_marks
                            && !crate::text::marks_within(&q.text, &p.word.text)
                            && !same_but_tones(&q.text, &p.word.text);
                        !other_marks
                    }
                    None => false,
                }
            });
            if all && (!wrong_mark || context) {
                return Some(Found { start: at, len: phrase.len(), value, exact });
            }
        }
        None
    }

    /// Calls `f(len, value)` for every phrase that matches at `at`.
    pub fn each_at<'p>(&'p self, words: &[Word], at: usize, mut f: impl FnMut(usize, &'p T)) {
        let Some(candidates) = words.get(at).and_then(|w| self.starting(w.key)) else {
            return;
        };
        for &i in candidates {
            let (phrase, value) = &self.phrases[i];
            if at + phrase.len() <= words.len()
                && same_keys(phrase, &words[at..])
                && phrase.iter().zip(&words[at..]).all(|(p, q)| self.word_matches(q, p, phrase.len()).is_some())
            {
                f(phrase.len(), value);
            }
        }
    }

    /// [`Phrases::each_at`] at every position: `f(at, len, value)`.
    pub fn each_everywhere<'p>(&'p self, words: &[Word], mut f: impl FnMut(usize, usize, &'p T)) {
        for at in 0..words.len() {
            self.each_at(words, at, |len, value| f(at, len, value));
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

/// A list of folded phrases (words one space apart, as `text::spells` reads them) to find in
/// folded words, each split once and looked up by its first word: a word opening none of them
/// (most words) is passed over on one look-up.
#[derive(Debug, Clone, Default)]
pub struct FoldedPhrases {
    /// The phrases by their first word, in the list's order.
    by_first: FxHashMap<&'static str, Vec<Vec<&'static str>>>,
}

impl FoldedPhrases {
    pub fn new(lists: &[&[&'static str]]) -> Self {
        let mut by_first = FxHashMap::<&str, Vec<Vec<&str>>>::default();
        for phrase in lists.iter().flat_map(|list| list.iter()) {
            let words: Vec<&str> = phrase.split(' ').collect();
            by_first.entry(words[0]).or_default().push(words);
        }
        FoldedPhrases { by_first }
    }

    /// How many words the first phrase (in the lists' order) that `words` open with has:
    /// `text::spells` of each phrase in turn, the first that spells.
    pub fn at(&self, words: &[&str]) -> Option<usize> {
        let phrases = self.by_first.get(words.first()?)?;
        phrases.iter().find(|p| words.starts_with(p)).map(Vec::len)
    }

    /// Whether a phrase opens at some word of `words`.
    pub fn any(&self, words: &[&str]) -> bool {
        (0..words.len()).any(|i| self.at(&words[i..]).is_some())
    }

    /// The first word at which a phrase opens, and the phrase's length.
    pub fn find(&self, words: &[&str]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|i| self.at(&words[i..]).map(|len| (i, len)))
    }
}

/// How many signatures a word may have (4,096).
const SIGNATURES: usize = 1 << 12;

/// A word's signature: its [`key`] hashed to one of [`SIGNATURES`]. Equal words have equal
/// signatures; a word of a signature no first word of a list has starts none of its phrases.
fn signature(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// A folded word's key, equal for equal words: a word of at most 7 bytes (every Vietnamese
/// syllable, folded) is its bytes and its length ([`packed`]), so only longer words may share one.
pub(super) fn key(folded: &str) -> u64 {
    packed(folded).unwrap_or_else(|| {
        let mut hasher = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut hasher, folded.as_bytes());
        std::hash::Hasher::finish(&hasher) | 0xff << 56
    })
}

/// A word of at most 7 bytes as one integer, its bytes and its length: equal only for equal
/// words. `None` for a longer word.
pub fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 7).then(|| bytes.iter().rev().fold(0, |k, &b| k << 8 | u64::from(b)) | (bytes.len() as u64) << 56)
}

/// Whether `words` may open with `phrase`: their keys are its words' (a word matches a
/// phrase's word only when their folded forms are equal).
fn same_keys(phrase: &[PhraseWord], words: &[Word]) -> bool {
    phrase.iter().zip(words).all(|(p, w)| p.key == w.key)
}

/// Whether two words differ at most in their tone marks (their letters keep their hats, breves
/// and horns): "cãm" and "cảm" do, "số" and "sở" do not. Letter by letter, without allocating.
fn same_but_tones(a: &str, b: &str) -> bool {
    use unicode_normalization::char::{compose, decompose_canonical};
    let untoned = |c: char| {
        if c.is_ascii() {
            return c;
        }
        let (mut base, mut shaped) = (None, c);
        decompose_canonical(c, |part| match base {
            None => {
                base = Some(part);
                shaped = part;
            }
            Some(_) if !matches!(part, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}') => {
                shaped = compose(shaped, part).unwrap_or(shaped);
            }
            Some(_) => {}
        });
        shaped
    };
    let (mut x, mut y) = (a.chars(), b.chars());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) if c == d || untoned(c) == untoned(d) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::words;
    use super::*;

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
    fn a_name_opens_only_on_its_own_word_or_one_lacking_marks() {
        let stop = Stopwords::new(&[]);
        let mut p = Phrases::new(Strictness::Marked);
        p.add("sở giáo dục", 1, &stop);
        assert!(p.any(&words("Sơ giáo dục làm gì")), "a mark left out");
        assert!(p.any(&words("Sỏ giáo dục làm gì")), "the tone typed without the horn");
        assert!(p.any(&words("Sỡ giáo dục làm gì")), "a tone slipped");
        assert!(!p.any(&words("giáo dục số giáo dục thông minh")), "another word: số");
    }

    #[test]
    fn exact_phrases_forgive_no_wrong_mark() {
        let stop = Stopwords::new(&[]);
        let mut p = Phrases::new(Strictness::Exact);
        p.add("sở thứ tư", 3, &stop);
        assert!(p.any(&words("sở thứ tư")));
        assert!(p.any(&words("so thu tu")));
        assert!(!p.any(&words("số thứ tự")));
        let mut p = Phrases::new(Strictness::Folded);
        p.add("sở thứ tư", 3, &stop);
        assert!(p.any(&words("số thứ tự")), "a folded list reads a wrong mark in a longer phrase");
    }

    #[test]
    fn folded_phrases_spell_as_text_spells() {
        let list: &[&str] = &["biet keu ai", "biet hoi ai", "cu the nay", "thôi"];
        let p = FoldedPhrases::new(&[list]);
        let cases: &[&[&str]] =
            &[&["biet", "hoi", "ai", "bay"], &["cu", "the"], &["thoi"], &["biet", "keu", "ai"], &[]];
        for words in cases {
            let spelled = list.iter().find_map(|phrase| text::spells(phrase, words));
            assert_eq!(p.at(words), spelled, "{words:?}");
        }
    }

    #[test]
    fn an_unmarked_word_in_a_cue_phrase_is_the_function_word_it_spells() {
        // "bảo" is a content word: alone and unmarked, "bao" may be it; in "bao nhieu" it is not.
        let stop = Stopwords::new(&["bao", "nhiêu", "bạn"]).without_ambiguous(["bảo", "ban"]);
        let ws = words("bao nhieu ban");
        assert!(!stop.contains(&ws[0]) && stop.contains_in_phrase(&ws[0]));
        assert!(stop.contains(&ws[1]) && stop.contains_in_phrase(&ws[1]));
        // "ban" spells no function word ("bạn" has a mark): still read as content.
        assert!(!stop.contains_in_phrase(&ws[2]));
        // Typed with marks, a word is what it spells.
        let marked = words("bảo đảm");
        assert!(!stop.contains_in_phrase(&marked[0]));
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
