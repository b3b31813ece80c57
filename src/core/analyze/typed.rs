//! Reading a message as people type it, before it is analysed: English read through the English
//! lexicon, chat shorthand expanded ("ko" → "không", "gv" → "giáo viên"), words typed with the
//! keyboard off decoded (Telex "truwowngf", VNI "gia1o"), glued syllables split ("vềtrường"),
//! and, in a rambling message, the question sentence(s) kept and the personal context dropped.

use super::asking::question_part_of;
use super::lang;
use super::speller::{Fill, Speller, is_syllable};
use crate::knowledge::{Knowledge, ShorthandPlace};
use crate::text::{self, Token, ime, syllable};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

mod addressee;

use addressee::without_addressee;

/// An English function word in a Vietnamese message is dropped from this many letters ("about").
const MIN_DROPPED_LETTERS: usize = 3;

/// An English message has at least this share of its words in English (function words and the
/// English lexicon): Vietnamese typed without marks shares few words with English.
pub const ENGLISH_SHARE: f32 = 0.6;
/// And at least this many English words: one loan word ("email") does not make English.
pub const MIN_ENGLISH_WORDS: usize = 2;
/// A glued word typed with at least this many tone marks is several syllables whatever its
/// neighbours; one with fewer is split only when its parts are neighbours in the knowledge base.
const GLUED_TONE_MARKS: usize = 2;

/// The most letters a syllable has ("nghiêng"): a longer word may be glued syllables.
const MAX_SYLLABLE_LETTERS: usize = 7;

/// The fewest letters of a shorthand form read glued to a syllable ("sởtc"): a lone letter
/// ("k", "j") glued to one is a typo, not a form.
const MIN_GLUED_FORM: usize = 2;

/// One reading of a shorthand form.
#[derive(Debug, Clone)]
struct Rule {
    means: String,
    at: ShorthandPlace,
    after: Vec<String>,
    before: Vec<String>,
    /// As written (lower case, perhaps with marks) and folded.
    near: Vec<(String, String)>,
}

/// English inflections read through their stem when the word itself is not in the English
/// lexicon ("recruits" → "recruit"), longest first.
const ENGLISH_SUFFIXES: &[&str] = &["ing", "es", "ed", "s", "d"];
/// An English stem shorter than this is not read through a suffix ("is" is not "i" + "s").
const MIN_ENGLISH_STEM: usize = 3;

/// The message as read: the text to analyse, and whether it was written in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed<'t> {
    pub text: Cow<'t, str>,
    pub english: bool,
    /// The text's tokens when it is the cleaned text or its rewriting (not a part picked out of
    /// it): the words are then made from them instead of tokenizing it again.
    pub tokens: Option<Vec<Token>>,
    /// An English message's asking sentences as typed, when it has others ("My wife works for
    /// a Korean company. Does the plan …?"): the names a question makes are looked for there.
    pub asked: Option<String>,
}

/// The shorthand and English lexicons, built once from the knowledge base.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    shorthand: HashMap<String, Vec<Rule>>,
    /// English phrase (lower-case words, one space apart) → Vietnamese words.
    english: HashMap<String, String>,
    /// Every single word of the English lexicon's phrases.
    english_words: rustc_hash::FxHashSet<String>,
    longest_english: usize,
}

impl Reader {
    pub fn new(kb: &Knowledge) -> Reader {
        let mut r = Reader::default();
        for s in &kb.shorthand {
            let near = s.near.iter().map(|n| (n.clone(), text::fold_marks(n))).collect();
            let (after, before) = (s.after.clone(), s.before.clone());
            let rule = Rule { means: s.means.clone(), at: s.at, after, before, near };
            for form in &s.short {
                let key = text::canonical_word(&text::lowercase(form));
                r.shorthand.entry(key).or_default().push(rule.clone());
            }
        }
        for e in &kb.english {
            for phrase in &e.en {
                let words: Vec<String> =
                    text::tokenize(&text::lowercase(phrase)).into_iter().map(|t| t.folded.to_string()).collect();
                r.longest_english = r.longest_english.max(words.len());
                r.english_words.extend(words.iter().cloned());
                r.english.insert(words.join(" "), e.vi.clone());
            }
        }
        r
    }

    /// Reads `cleaned` (see `analyze::clean`) with the speller's vocabulary deciding which words
    /// are meant as typed.
    pub fn read<'t>(&self, cleaned: &'t str, speller: &Speller) -> Typed<'t> {
        let tokens = text::tokenize(cleaned);
        if !tokens.iter().any(|t| t.accented) {
            let (question, asked) = english_question(cleaned, &tokens);
            if let Some(vietnamese) = self.english_reading(&question) {
                return Typed { text: Cow::Owned(vietnamese), english: true, tokens: None, asked };
            }
        }
        // Shorthand expanded in a message typed without marks is written without marks too: its
        // marks must not make the other words read as exact ("ve" as written, not "về").
        let letters = tokens.iter().filter(|t| !t.text.bytes().all(|b| b.is_ascii_digit())).count();
        let marked = tokens.iter().filter(|t| t.accented).count();
        let unmarked = (marked as f32) < super::MARKED_TEXT_SHARE * letters as f32;
        let mut rewritten = self.rewrite(cleaned, &tokens, speller, unmarked);
        // Read as typed, the rewritten text's tokens are those already made.
        let mut rewritten_tokens = match &rewritten {
            Cow::Borrowed(_) => None,
            Cow::Owned(text) => Some(text::tokenize(text)),
        };
        if let Some(text) = without_addressee(&rewritten, rewritten_tokens.as_deref().unwrap_or(&tokens)) {
            rewritten_tokens = Some(text::tokenize(&text));
            rewritten = Cow::Owned(text);
        }
        let part = question_part_of(&rewritten, rewritten_tokens.as_deref().unwrap_or(&tokens));
        // The text's tokens, when it is the rewritten text: those already made.
        let (text, tokens) = match part {
            Some(part) => (Cow::Owned(part), None),
            None => (rewritten, Some(rewritten_tokens.unwrap_or(tokens))),
        };
        Typed { text, english: false, tokens, asked: None }
    }

    /// The Vietnamese words an English message is read as, or `None` when it is not English.
    fn english_reading(&self, tokens: &[Token]) -> Option<String> {
        if tokens.is_empty() {
            return None;
        }
        if self.english.is_empty() || tokens.iter().any(|t| t.accented) {
            return None;
        }
        let letters: Vec<&Token> = tokens.iter().filter(|t| !t.text.bytes().all(|b| b.is_ascii_digit())).collect();
        // "so" before a department's field ("email so noi vu") is "sở": neither it nor the
        // field's words are English.
        let mut vietnamese = vec![false; letters.len()];
        for k in 0..letters.len() {
            if letters[k].folded == "so" {
                if let Some(n) = field_len(&letters[k + 1..]) {
                    vietnamese[k..=k + n].fill(true);
                }
            }
        }
        // English words that are also Vietnamese syllables typed without marks ("ai", "can",
        // "do": "ai cần đổi …") count, but a message of only those is Vietnamese: an English
        // question has some word no syllable is shaped like ("who", "plan", "is").
        let mut foreign = false;
        let english = letters
            .iter()
            .zip(&vietnamese)
            .filter(|&(t, &vi)| {
                let en = !vi
                    && (lang::ENGLISH_FUNCTION_WORDS.contains(&t.folded.as_str())
                        || self.english_words.contains(t.folded.as_str())
                        || self.english_inflected(&t.folded).is_some());
                foreign |= en && !is_syllable(&t.folded);
                en
            })
            .count();
        if !foreign || english < MIN_ENGLISH_WORDS || (english as f32) < ENGLISH_SHARE * letters.len() as f32 {
            return None;
        }
        let mut out: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let longest = (1..=self.longest_english.min(tokens.len() - i)).rev().find_map(|len| {
                let phrase = tokens[i..i + len].iter().map(|t| t.folded.as_str()).collect::<Vec<_>>().join(" ");
                self.english.get(&phrase).map(|vi| (len, vi))
            });
            match longest {
                Some((len, vi)) => {
                    out.push(vi);
                    i += len;
                }
                None => {
                    let t = &tokens[i];
                    if let Some(vi) = self.english_inflected(&t.folded) {
                        out.push(vi);
                    } else if !lang::ENGLISH_FUNCTION_WORDS.contains(&t.folded.as_str()) {
                        out.push(t.text.as_str());
                    }
                    i += 1;
                }
            }
        }
        Some(out.join(" "))
    }

    /// An inflected English word whose stem the lexicon reads ("recruits", "funded",
    /// "training" when only "recruit", "fund", "train" are listed): the stem's reading.
    fn english_inflected(&self, word: &str) -> Option<&str> {
        if lang::ENGLISH_FUNCTION_WORDS.contains(&word) {
            return None;
        }
        ENGLISH_SUFFIXES.iter().find_map(|suffix| {
            let stem = word.strip_suffix(suffix).filter(|s| s.len() >= MIN_ENGLISH_STEM)?;
            self.english.get(stem).map(String::as_str)
        })
    }

    /// Shorthand expanded, keyboard-off words decoded and glued syllables split; borrowed when
    /// nothing changes.
    fn rewrite<'t>(&self, cleaned: &'t str, tokens: &[Token], speller: &Speller, unmarked: bool) -> Cow<'t, str> {
        let mut out = String::new();
        let mut copied = 0;
        for (i, t) in tokens.iter().enumerate() {
            let Some(replacement) = self.replacement(cleaned, tokens, i, speller, unmarked) else {
                continue;
            };
            out.push_str(&cleaned[copied..t.start]);
            out.push_str(&replacement);
            copied = t.end;
        }
        if copied == 0 {
            return Cow::Borrowed(cleaned);
        }
        out.push_str(&cleaned[copied..]);
        Cow::Owned(out)
    }

    /// What token `i` is read as, when not as typed.
    fn replacement(
        &self,
        cleaned: &str,
        tokens: &[Token],
        i: usize,
        speller: &Speller,
        unmarked: bool,
    ) -> Option<String> {
        let t = &tokens[i];
        if let Some(rules) = self.shorthand.get(t.text.as_str()) {
            // "GD&ĐT", "298/KH-UBND": a token joined to its neighbour is part of a name.
            let joined_before = i > 0 && !gap(cleaned, tokens[i - 1].end, t.start);
            let joined_after = tokens.get(i + 1).is_some_and(|n| !gap(cleaned, t.end, n.start));
            if !joined_before && !joined_after {
                if let Some(rule) = rules.iter().find(|r| fits(r, cleaned, tokens, i)) {
                    return Some(if unmarked { text::fold_marks(&rule.means) } else { rule.means.clone() });
                }
            }
        }
        let digits = t.text.bytes().any(|b| b.is_ascii_digit());
        // A known word longer than any syllable typed with marks the knowledge base never gives
        // it ("hảiphòng", known only as the "haiphong" of an e-mail address) is glued syllables.
        let glued_known = || {
            t.accented
                && t.folded.len() > MAX_SYLLABLE_LETTERS
                && !is_syllable(&t.folded)
                && speller.fill_marks(&t.text, &t.folded) != Fill::Exact
        };
        if speller.is_known(&t.folded) && !glued_known() || t.text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let raw = &cleaned[t.start..t.end];
        let decoded = if digits {
            ime::vni(raw)
        } else if t.accented {
            None
        } else {
            ime::telex(raw)
        };
        if let Some(d) = decoded {
            if speller.is_known(&text::fold_marks(&d)) {
                return Some(d);
            }
        }
        if digits {
            // "nq29": an abbreviation glued to its number; "kếhoạch298": glued syllables too.
            let letters = t.text.trim_end_matches(|c: char| c.is_ascii_digit());
            let number = &t.text[letters.len()..];
            let all_digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
            if !all_digits || letters.is_empty() {
                return None;
            }
            if speller.is_known(&text::fold_marks(letters)) {
                return Some(format!("{letters} {number}"));
            }
            let parts = split_syllables(letters, speller)?;
            return glued_reading(letters, &parts, speller).then(|| format!("{} {number}", parts.join(" ")));
        }
        if let Some(split) = capitals_glued(raw, speller) {
            return Some(if unmarked { text::fold_marks(&split) } else { split });
        }
        // A syllable carries one tone mark: "đềán", "nàyáp" (shaped like one syllable, "dean",
        // "nayap") typed with two are glued syllables whose second opens with a vowel.
        if is_syllable(&t.folded) && syllable::tone_marks(&t.text) < GLUED_TONE_MARKS {
            return None;
        }
        if let Some(read) = self.glued_shorthand(&t.text) {
            return Some(if unmarked { text::fold_marks(&read) } else { read });
        }
        if let Some(parts) = split_syllables(&t.text, speller) {
            if glued_reading(&t.text, &parts, speller) {
                return Some(parts.join(" "));
            }
        }
        self.english_in_vietnamese(&t.folded, unmarked)
    }

    /// A syllable typed with marks glued to a shorthand form ("sởgdđt", "sởtc"): the syllable
    /// and the form's reading after it.
    fn glued_shorthand(&self, word: &str) -> Option<String> {
        word.char_indices().skip(1).find_map(|(at, _)| {
            let (head, tail) = word.split_at(at);
            let folded = text::fold_marks(head);
            if folded == head || !is_syllable(&folded) || tail.chars().count() < MIN_GLUED_FORM {
                return None;
            }
            let rule = self.shorthand.get(tail)?.iter().find(|r| match r.at {
                ShorthandPlace::Anywhere => true,
                _ => r.after.contains(&folded),
            })?;
            Some(format!("{head} {}", rule.means))
        })
    }

    /// An English word in a Vietnamese message ("kế hoạch có nói about preschool không"), no
    /// Vietnamese syllable by its shape: the lexicon's reading, or nothing for a function word
    /// among marked words (unmarked, a short one may be chat: "m" is "mày", "t" "tôi").
    fn english_in_vietnamese(&self, folded: &str, unmarked: bool) -> Option<String> {
        if lang::ENGLISH_FUNCTION_WORDS.contains(&folded) {
            let chat = folded.len() < MIN_DROPPED_LETTERS || lang::chat::CHAT_CALL.contains(&folded);
            return (!unmarked && !chat).then(String::new);
        }
        let vi = self.english.get(folded).map(String::as_str).or_else(|| self.english_inflected(folded))?;
        Some(if unmarked { text::fold_marks(vi) } else { vi.to_string() })
    }
}

/// A glued word's syllables (see [`syllable::split_glued`]), each a word of the knowledge base,
/// preferring those it writes with exactly the marks typed.
fn split_syllables(word: &str, speller: &Speller) -> Option<Vec<String>> {
    syllable::split_glued(word, |part| {
        let folded = text::fold_marks(part);
        if !speller.is_known(&folded) {
            return None;
        }
        Some(part == folded || speller.fill_marks(part, &folded) == Fill::Exact)
    })
}

/// Whether a word split into `parts` is read so: typed with several tone marks (so several
/// syllables whatever its neighbours), or its parts are neighbours in the knowledge base.
fn glued_reading(word: &str, parts: &[String], speller: &Speller) -> bool {
    syllable::tone_marks(word) >= GLUED_TONE_MARKS
        || parts.windows(2).all(|p| speller.is_pair(&text::fold_marks(&p[0]), &text::fold_marks(&p[1])))
}

/// True when two tokens are separate words: a space or more than one character between them
/// ("GD&ĐT" and "KH-UBND" are not).
fn gap(cleaned: &str, from: usize, to: usize) -> bool {
    cleaned.get(from..to).is_none_or(|s| s.chars().count() != 1 || s.chars().any(char::is_whitespace))
}

/// What ends a sentence, and what also ends a clause.
const SENTENCE_ENDS: &[char] = &['.', '?', '!', '\n'];
const CLAUSE_ENDS: &[char] = &['.', '?', '!', ';', ',', ':', '\n'];

/// True when the text between two tokens holds one of `marks`.
fn ends(cleaned: &str, from: usize, to: usize, marks: &[char]) -> bool {
    cleaned.get(from..to).is_some_and(|s| s.contains(marks))
}

/// True when the text between two tokens ends a sentence or a clause.
fn boundary(cleaned: &str, from: usize, to: usize) -> bool {
    ends(cleaned, from, to, CLAUSE_ENDS)
}

/// Whether a shorthand rule's place fits token `i`.
fn fits(rule: &Rule, cleaned: &str, tokens: &[Token], i: usize) -> bool {
    let after_listed = i > 0 && rule.after.iter().any(|a| a == tokens[i - 1].folded.as_str());
    if tokens.get(i + 1).is_some_and(|next| rule.before.iter().any(|b| *b == next.folded)) {
        return true;
    }
    if !rule.near.is_empty() {
        // The sentence around the form.
        let ends_before = |j: usize| ends(cleaned, tokens[j - 1].end, tokens[j].start, SENTENCE_ENDS);
        let first = (1..=i).rev().find(|&j| ends_before(j)).unwrap_or(0);
        let last = (i + 1..tokens.len()).find(|&j| ends_before(j)).unwrap_or(tokens.len());
        // A word typed with marks matches a near word written with marks only as written:
        // "giảm", not "giám (sát)".
        let near = |t: &Token| {
            rule.near
                .iter()
                .any(|(n, folded)| if t.accented && *n != *folded { t.text == *n } else { t.folded == *folded })
        };
        if tokens[first..last].iter().any(near) {
            return true;
        }
    }
    match rule.at {
        ShorthandPlace::Anywhere => true,
        ShorthandPlace::After => after_listed,
        ShorthandPlace::Start => after_listed || i == 0 || boundary(cleaned, tokens[i - 1].end, tokens[i].start),
        ShorthandPlace::End => {
            let mut j = i + 1;
            while j < tokens.len() && !boundary(cleaned, tokens[j - 1].end, tokens[j].start) {
                // "… có tăng hk hay vẫn vậy": "hay" opens the other half of the question.
                if tokens[j].folded == "hay" {
                    break;
                }
                if !lang::CLOSING_WORDS.contains(&tokens[j].folded.as_str()) {
                    return false;
                }
                j += 1;
            }
            true
        }
    }
}

/// In a message of several sentences, the tokens of those that ask in English (a question mark,
/// or opening with a question word: "Who…", "Could you tell me…"), the greetings and personal
/// context around them dropped ("Hi, I'm a teacher from Australia. … Who manages…?"); every
/// token when no sentence or every sentence asks. Vietnamese messages rarely open so, and a
/// message is read as English only when most of the kept words are.
fn english_question<'a>(cleaned: &str, tokens: &'a [Token]) -> (Cow<'a, [Token]>, Option<String>) {
    let mut sentences: Vec<(usize, usize, bool)> = Vec::new();
    let mut from = 0;
    for (end, c) in cleaned.char_indices().filter(|(_, c)| matches!(c, '.' | '!' | '?' | '\n')) {
        let s = &cleaned[from..end];
        let opener = s.split_whitespace().next().map(str::to_lowercase);
        let asks = c == '?' || opener.is_some_and(|w| lang::ENGLISH_QUESTION_OPENERS.contains(&w.as_str()));
        sentences.push((from, end + c.len_utf8(), asks));
        from = end + c.len_utf8();
    }
    if from < cleaned.len() {
        let s = &cleaned[from..];
        let opener = s.split_whitespace().next().map(str::to_lowercase);
        sentences.push((
            from,
            cleaned.len(),
            opener.is_some_and(|w| lang::ENGLISH_QUESTION_OPENERS.contains(&w.as_str())),
        ));
    }
    let asking = sentences.iter().filter(|s| s.2).count();
    if sentences.len() < 2 || asking == 0 || asking == sentences.len() {
        return (Cow::Borrowed(tokens), None);
    }
    let kept = |t: &Token| sentences.iter().any(|&(a, b, asks)| asks && t.start >= a && t.end <= b);
    let asked = sentences.iter().filter(|s| s.2).map(|&(a, b, _)| cleaned[a..b].trim()).collect::<Vec<_>>().join(" ");
    (Cow::Owned(tokens.iter().filter(|t| kept(t)).cloned().collect()), Some(asked))
}

/// The length of the field a city department is named for ("noi vu", "y te") that `rest` opens
/// with.
fn field_len(rest: &[&Token]) -> Option<usize> {
    lang::DEPARTMENT_FIELDS.iter().map(|f| f.split(' ').count()).zip(lang::DEPARTMENT_FIELDS).find_map(|(n, f)| {
        (rest.len() >= n && f.split(' ').eq(rest[..n].iter().map(|t| t.folded.as_str()))).then_some(n)
    })
}

/// "SởGD&ĐT", "BộGD": a known word glued to an abbreviation in capitals, split where the
/// capitals start (lower case). The word has two letters at least: an abbreviation all in
/// capitals ("ATGT", "ANQP") is no "a" glued to "TGT".
fn capitals_glued(raw: &str, speller: &Speller) -> Option<String> {
    let (at, _) = raw.char_indices().skip(1).find(|&(_, c)| c.is_uppercase())?;
    let (head, tail) = raw.split_at(at);
    let shaped = head.chars().nth(1).is_some()
        && head.chars().skip(1).all(char::is_lowercase)
        && tail.chars().all(|c| !c.is_lowercase());
    let head = text::lowercase(head);
    (shaped && speller.is_known(&text::fold_marks(&head))).then(|| format!("{head} {}", text::lowercase(tail)))
}
