//! From text to words: normalisation, tokenizing, typo correction against the knowledge base's
//! own vocabulary, abbreviations and synonyms read through the lexicon, and phrase matching.

use super::lang;
use crate::knowledge::Knowledge;
use crate::text::{self, Token};
use rustc_hash::FxHashSet as HashSet;
use smol_str::SmolStr;

mod asking;
mod entity;
mod ministry;
mod phrases;
mod referent;
mod speller;
pub mod typed;

pub use entity::names_school;
pub(in crate::core) use ministry::ministry_field;
pub use phrases::{Found, Phrases, Strictness, packed};
pub use speller::{Fill, Speller, is_syllable};

/// A message typed with marks is read as half-marked (some words missing some of their marks)
/// when at least this many of its words are: see [`Analyzer::fill_marks`].
pub const MIN_HALF_MARKED: usize = 2;
pub use typed::Typed;

/// How a word came to be in the analysed question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Typed,
    /// Read through the lexicon (an abbreviation or synonym replaced by its canonical form).
    Lexicon,
    /// A typo corrected to a word of the knowledge base.
    Corrected,
    /// Typed with some of its marks left out, read as the one word of the knowledge base that
    /// holds every mark typed: the letters were typed right (see [`Analyzer::fill_marks`]).
    Filled,
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Canonical form: lower case, NFC, canonical tone placement.
    pub text: SmolStr,
    /// Without diacritics: always `text::fold_marks(text)` (phrase matching relies on it).
    pub folded: SmolStr,
    /// The diacritics are trustworthy (typed with marks, or taken from the knowledge base).
    pub accented: bool,
    /// Typed in capitals inside a question that is not all capitals ("AI", "UBND").
    pub capitals: bool,
    pub origin: Origin,
    /// A function word: not a topic.
    pub stop: bool,
    /// [`phrases::key`] of `folded`, made once with the word for every phrase list scanned.
    key: u64,
}

impl Word {
    fn from_token(t: &Token, all_caps: bool) -> Word {
        Word {
            text: t.text.clone(),
            folded: t.folded.clone(),
            accented: t.accented,
            capitals: t.capitals && !all_caps,
            origin: Origin::Typed,
            stop: false,
            key: phrases::key(&t.folded),
        }
    }

    /// A word of the knowledge base's own text: its marks are exactly right.
    pub fn known(text: &str) -> Word {
        let folded = text::fold_marks(text);
        Word {
            accented: folded != text,
            text: text.into(),
            key: phrases::key(&folded),
            folded: folded.into(),
            capitals: false,
            origin: Origin::Lexicon,
            stop: false,
        }
    }

    /// Whether this is the word `marked` (written with its marks): as written when typed with
    /// marks, by its letters when typed without.
    pub fn is(&self, marked: &str) -> bool {
        if self.accented { self.text == marked } else { self.folded == text::fold_marks(marked) }
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().all(|c| c.is_ascii_digit() || c == '%')
    }

    /// A word that carries a topic: no function word, no number.
    pub fn is_topical(&self) -> bool {
        !self.stop && !self.is_number()
    }
}

/// An unknown body's name as folded words after its first one, one space apart and around
/// (" tuyen giao thanh uy "): where a known body's name may sit inside it.
pub fn entity_words(name: &str) -> String {
    let mut out = String::from(" ");
    for t in crate::text::tokenize(name).iter().skip(1) {
        out.push_str(&t.folded);
        out.push(' ');
    }
    if out.len() == 1 {
        out.push(' '); // no words after the first: "  ", which no name sits inside
    }
    out
}

/// Where the words spell `name` (a body's name as typed, read word by word on its folded
/// forms): its start and length, the first place it stands.
pub fn name_span(words: &[Word], name: &str) -> Option<(usize, usize)> {
    let name: Vec<SmolStr> = crate::text::tokenize(name).into_iter().map(|t| t.folded).collect();
    (0..words.len())
        .find(|&i| name.len() <= words.len() - i && name.iter().zip(&words[i..]).all(|(n, w)| *n == w.folded))
        .map(|i| (i, name.len()))
}

/// Whether `words` open with the phrase `marked` (its words one space apart, with their marks),
/// each word matched as [`Word::is`] does.
pub fn opens_with(words: &[Word], marked: &str) -> bool {
    let mut rest = words.iter();
    marked.split(' ').all(|p| rest.next().is_some_and(|w| w.is(p)))
}

/// Where the first of `phrases` (folded, one space apart) found among `words` stands, by their
/// folded forms: its first word and how many words it takes. Each phrase is spelled word by word
/// from each word, most rejected by their first letter, with no string built or searched
/// ([`super::Query::says_any`] over words of one syllable each).
pub fn said_at(words: &[Word], phrases: &[&str]) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|i| {
        phrases
            .iter()
            .find_map(|p| crate::text::spells_from(p, words[i..].iter().map(|w| w.folded.as_str())).map(|n| (i, n)))
    })
}

/// Cleans `raw` for matching: NFC, invisible characters and markup tags removed. Offsets of
/// tokens refer to it.
pub fn clean(raw: &str) -> String {
    // Most messages are plain: printable ASCII but '<', spaces and precomposed Vietnamese
    // letters, which each of the three steps keeps as they are.
    let plain = |c: char| {
        if c.is_ascii() {
            c == ' ' || c.is_ascii_graphic() && c != '<'
        } else {
            text::normalize::is_vietnamese_letter(c)
        }
    };
    if raw.chars().all(plain) {
        return raw.to_owned();
    }
    text::strip_markup(&text::strip_invisible(&text::nfc(raw)))
}

/// [`clean`] for a question: its line breaks stay (one "\n" for each run of them), since a
/// message typed on lines without punctuation ("Ad ơi\ncon em học …\nkế hoạch có nói … không
/// ạ") ends a sentence at each; other whitespace becomes a space. Only a message holding a line
/// break is cleaned line by line.
pub fn clean_message(raw: &str) -> String {
    if !raw.contains(['\n', '\r', '\u{2028}']) {
        return clean(raw);
    }
    let lines: Vec<String> = raw.split(['\n', '\r', '\u{2028}']).map(clean).filter(|l| !l.trim().is_empty()).collect();
    lines.join("\n")
}

/// When at least this share of a text's words carry marks, the writer types with marks: a word
/// without marks is then meant as written ("ban" in "ban hành" is not "bạn").
pub const MARKED_TEXT_SHARE: f32 = 0.3;

/// Splits cleaned text into words (no typo correction, no lexicon).
pub fn words(cleaned: &str) -> Vec<Word> {
    words_from(cleaned, &text::tokenize(cleaned))
}

/// [`words`] of text already tokenized (`tokens` are `text::tokenize(cleaned)`).
pub fn words_from(cleaned: &str, tokens: &[Token]) -> Vec<Word> {
    let letters: Vec<&Token> =
        tokens.iter().filter(|t| !t.text.bytes().all(|b| b.is_ascii_digit() || b == b'%')).collect();
    let all_caps =
        !letters.is_empty() && letters.iter().all(|t| !cleaned[t.start..t.end].chars().any(char::is_lowercase));
    let marked = letters.iter().filter(|t| t.accented).count();
    let trust_marks = !letters.is_empty() && marked as f32 >= MARKED_TEXT_SHARE * letters.len() as f32;
    tokens
        .iter()
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

/// Function words, by exact form and by folded form.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    exact: HashSet<String>,
    folded: HashSet<String>,
    /// The [`phrases::key`]s of every word's folded form: a word of another key (most words of
    /// a question) is no function word, told without hashing its text.
    keys: HashSet<u64>,
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
            keys: list.iter().map(|w| phrases::key(&text::fold_marks(w))).collect(),
        }
    }

    /// A word typed with marks must match exactly; one typed without marks matches folded.
    pub fn contains(&self, w: &Word) -> bool {
        if !self.keys.contains(&w.key) {
            return false;
        }
        if w.accented { self.exact.contains(w.text.as_str()) } else { self.folded.contains(w.folded.as_str()) }
    }

    /// Whether a word read inside a phrase of function words (a cue: "bao nhieu", "khi nao") is
    /// a function word: there an unmarked word spelled as one is that word, even when its
    /// letters alone could be a content word ("bao" of "bao nhiêu" is not "bảo").
    pub fn contains_in_phrase(&self, w: &Word) -> bool {
        self.contains(w) || !w.accented && self.keys.contains(&w.key) && self.exact.contains(w.folded.as_str())
    }
}

/// Everything needed to turn text into words, built once from the knowledge base.
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub stopwords: Stopwords,
    /// Lexicon variants → the canonical words of their group.
    lexicon: Phrases<Vec<Word>>,
    speller: Speller,
    /// Shorthand, keyboard-off typing, glued syllables, English (`typed`).
    reader: typed::Reader,
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
        Analyzer { stopwords, lexicon, speller: Speller::default(), reader: typed::Reader::new(kb) }
    }

    /// Adds the vocabulary the speller corrects towards (every word, with repeats), the
    /// knowledge base's own words (`content`) and its neighbouring pairs.
    pub fn with_vocabulary<'a>(
        mut self,
        vocabulary: impl IntoIterator<Item = &'a str>,
        content: impl IntoIterator<Item = &'a str>,
        pairs: HashSet<String>,
    ) -> Self {
        let content: Vec<&str> = content.into_iter().collect();
        self.stopwords = self.stopwords.without_ambiguous(content.iter().copied());
        self.speller = Speller::new(vocabulary, pairs).with_source(content);
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
    /// `raw` is [`Analyzer::raw_words`] of the question. The words an English message leaves
    /// untranslated are English ("so far"), never a slip of a Vietnamese word ("fax"): `english`
    /// keeps them as typed.
    pub fn question_words(&self, raw: &[Word], english: bool) -> Vec<Word> {
        let mut ws = raw.to_vec();
        self.fill_marks(&mut ws);
        // A question naming a document by its number ("kế hoạc 298 ban hàng ngày nào").
        let numbered = ws.iter().any(Word::is_number);
        let corrected = if english { 0 } else { ws.len() };
        for i in 0..corrected {
            let w = &ws[i];
            if w.is_number() || self.stopwords.contains(w) {
                continue;
            }
            if self.speller.is_known(&w.folded) {
                if let Some(fix) = numbered.then(|| self.slip(&ws, i)).flatten() {
                    let known = Word::known(fix);
                    ws[i] = Word { accented: false, origin: Origin::Corrected, capitals: ws[i].capitals, ..known };
                }
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

    /// A known word typed with its tone that is a one-letter slip of another with the same
    /// tone: it joins neither neighbour into a phrase of the knowledge base, and the other word
    /// joins the word before ("kế hoạc" → "kế hoạch", "ban hàng" → "ban hành"). Only in a
    /// question naming a document by number, whose words are the documents' own.
    fn slip(&self, ws: &[Word], i: usize) -> Option<&str> {
        let w = &ws[i];
        let tone = crate::text::syllable::tone(&w.text);
        let prev = ws[..i].last()?;
        let joins = |f: &str| self.speller.is_pair(&prev.folded, f);
        if tone.is_none()
            || joins(&w.folded)
            || ws.get(i + 1).is_some_and(|n| self.speller.is_pair(&w.folded, &n.folded))
        {
            return None;
        }
        // The mend joins the word before as the source marks it ("học phí" is no slip of "học
        // phố": the source has "học phổ"); an unmarked word before joins by its letters.
        let joins_marked = |c: &str| {
            if prev.accented { self.speller.is_pair(&prev.text, c) } else { joins(&crate::text::fold_marks(c)) }
        };
        self.speller
            .candidates(&w.folded)
            .into_iter()
            .find(|c| crate::text::syllable::tone(c) == tone && joins_marked(c))
    }

    /// Words typed with some of their marks left out in a message typed with marks ("kê hoach
    /// 298 ban hanh ngày nào", "Sơ Nôi vu"), read as the knowledge base's word holding every
    /// mark typed, or by their letters alone when several do. Only when at least
    /// [`MIN_HALF_MARKED`] words are so: one word of a carefully typed question that the
    /// knowledge base lacks ("lương") is meant as typed, not as a word with a mark more
    /// ("lượng").
    fn fill_marks(&self, ws: &mut [Word]) {
        let mut fills: Vec<(usize, Fill<'_>)> = Vec::new();
        for (i, w) in ws.iter().enumerate() {
            if !w.accented
                || w.is_number()
                || self.stopwords.contains(w)
                || lang::UNMARKED_WORDS.contains(&w.text.as_str())
            {
                continue;
            }
            match self.speller.fill_marks(&w.text, &w.folded) {
                Fill::Exact | Fill::None => {}
                fill => fills.push((i, fill)),
            }
        }
        if fills.len() < MIN_HALF_MARKED {
            return;
        }
        for (i, fill) in fills {
            match fill {
                Fill::One(form) => {
                    let known = Word::known(form);
                    ws[i] = Word { origin: Origin::Filled, capitals: ws[i].capitals, ..known };
                }
                _ => ws[i].accented = false,
            }
        }
    }

    /// Reads cleaned text as the person meant it (see [`typed`]): the text to analyse, and
    /// whether it was English.
    pub fn read<'t>(&self, cleaned: &'t str) -> Typed<'t> {
        self.reader.read(cleaned, &self.speller)
    }

    /// The words as typed, with stop flags, before the lexicon (for cue and topic detection).
    pub fn raw_words(&self, cleaned: &str) -> Vec<Word> {
        self.raw_words_from(words(cleaned))
    }

    /// [`Analyzer::raw_words`] of words already split by [`words`].
    pub fn raw_words_from(&self, mut ws: Vec<Word>) -> Vec<Word> {
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
        // "theo hướng": a topic phrase, its preposition included (see `lang::ORIENTATION`).
        for i in 1..out.len() {
            // Not "theo hướng dẫn" (following guidance).
            let guidance = out.get(i + 1).is_some_and(|w| w.folded == GUIDANCE);
            if orientation(&out[i - 1], &out[i]) && !guidance {
                out[i - 1].stop = false;
            }
        }
        out
    }

    pub fn is_known(&self, w: &Word) -> bool {
        self.speller.is_known(&w.folded)
    }

    /// Whether `typed`, matched to a phrase written `written`, may be read as the phrase: no
    /// word typed with other marks that the knowledge base writes as typed, which is another
    /// word ("quy định tại Kế hoạch"), not the phrase's word mistyped ("tải kế hoạch").
    pub fn read_as_written(&self, typed: &[Word], written: &[SmolStr]) -> bool {
        !typed
            .iter()
            .zip(written)
            .any(|(t, w)| t.accented && t.text != *w && self.speller.fill_marks(&t.text, &t.folded) == Fill::Exact)
    }
}

/// The word that makes "hướng" guidance ("hướng dẫn"), folded.
const GUIDANCE: &str = "dan";

/// Whether two words are [`lang::ORIENTATION`]: as written when typed with marks, else folded.
fn orientation(a: &Word, b: &Word) -> bool {
    a.is(lang::ORIENTATION[0]) && b.is(lang::ORIENTATION[1])
}

impl super::Engine {
    /// Whether the uncovered topic's single word at `start` of `raw`, typed without marks and
    /// ambiguous with a word of the source, reads as the topic's: right before people paid a
    /// wage ([`lang::WAGE_EARNERS`]), after no word the source puts before it ("chat luong").
    pub(super) fn reads_as_wage(&self, raw: &[Word], start: usize) -> bool {
        let folded = || raw[start + 1..].iter().map(|w| w.folded.as_str());
        !raw[start].accented
            && lang::WAGE_EARNERS.iter().any(|p| text::spells_from(p, folded()).is_some())
            && (start == 0 || !self.source_says(&format!("{} {}", raw[start - 1].folded, raw[start].folded)))
    }
}
