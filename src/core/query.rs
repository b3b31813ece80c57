//! The analysed question ([`Query`]) and the scores computed from it once per question.

use super::analyze::Word;
use super::index::Scores;
use super::{Engine, GENERIC_IDF, lang};
use smol_str::SmolStr;

/// Everything found in one question.
#[derive(Debug, Clone, Default)]
pub(super) struct Query {
    pub(super) question: String,
    /// Asked in English: answered with an English opening line (see `Engine::respond`).
    pub(super) english: bool,
    /// Analysed words: typos corrected, lexicon applied; words used by names and cues are
    /// marked `stop` so only the topic is scored.
    pub(super) words: Vec<Word>,
    /// The words scored against entries: the topic plus the names of documents and the cue
    /// phrases that say what to look for ("ban hành", "mục đích", "bài viết").
    pub(super) scoring: Vec<Word>,
    /// The words scored against facts: the topic plus documents' names, "ban hành", "bài viết".
    pub(super) fact_scoring: Vec<Word>,
    pub(super) agencies: Vec<usize>,
    pub(super) documents: Vec<usize>,
    /// Names a document of a known kind by a number the knowledge base does not know.
    pub(super) unknown_document: bool,
    /// A body or school named by a proper name the source never mentions, as typed.
    pub(super) unknown_entity: Option<String>,
    pub(super) who: bool,
    pub(super) time: bool,
    pub(super) quantity: bool,
    /// What "bao nhiêu"/"mấy" counts, as typed and folded ("truong" in "bao nhiêu trường").
    pub(super) quantity_unit: Option<SmolStr>,
    pub(super) issuer: bool,
    /// "Kế hoạch nhắc tới những văn bản nào?"
    pub(super) document_list: bool,
    pub(super) profile: bool,
    pub(super) fact: bool,
    pub(super) overview: bool,
    pub(super) contact: bool,
    pub(super) source: bool,
    pub(super) follow_up: bool,
    pub(super) pronoun: bool,
    /// "mỗi bên": each body's own part.
    pub(super) each: bool,
    pub(super) topic_pronoun: bool,
    pub(super) more: bool,
    pub(super) detail: bool,
    pub(super) uncovered: Option<usize>,
    pub(super) smalltalk: Option<usize>,
    /// Known topic words outside the small-talk phrase.
    pub(super) smalltalk_rest: usize,
    /// The whole message is chat about the bot ("bot này có phải kênh chính thức của UBND thành
    /// phố không"): a body it names is whose the bot may be, not what is asked.
    pub(super) chat: bool,
    /// Topic words taken from the context.
    pub(super) borrowed_topic: bool,
    /// An ordinal past the agencies the previous answer listed ("cơ quan thứ năm" after
    /// three): the place asked, from 0.
    pub(super) beyond_list: Option<usize>,
    /// One item of the previous answer pointed at by its place ("nói rõ ý 2"), from 0
    /// (`usize::MAX` for the last): that item in full.
    pub(super) item: Option<usize>,
    /// The parts of a compound question ("ai lo A và ai lo B?"), when it asks several things.
    pub(super) split: Option<super::compound::Split>,
    /// A question with an uncovered topic joined to others ("… chuyển đổi số và học phí
    /// không?"), without that topic: the rest may still be answered.
    pub(super) without_topic: Option<String>,
    /// The entries' scores for `scoring`, once computed (reset when the topic is borrowed).
    pub(super) entry_scores: std::cell::OnceCell<Scores>,
    /// The facts' scores, once computed (reset when the topic is borrowed).
    pub(super) fact_scores: std::cell::OnceCell<Scores>,
}

impl Query {
    pub(super) fn topic(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(|w| !w.stop)
    }

    /// Whether one of `phrases` (folded, words one space apart) occurs among the words.
    pub(super) fn says_any(&self, phrases: &[&str]) -> bool {
        // Words of one syllable each (the usual case): spelled word by word.
        if self.words.iter().all(|w| !w.folded.is_empty() && !w.folded.contains(' ')) {
            return super::analyze::said_at(&self.words, phrases).is_some();
        }
        // The words joined once, one space apart and around; a phrase occurs where it stands
        // between two spaces (no string built per phrase).
        let mut folded = String::with_capacity(self.question.len() + 2);
        folded.push(' ');
        for w in &self.words {
            folded.push_str(&w.folded);
            folded.push(' ');
        }
        if self.words.is_empty() {
            folded.push(' ');
        }
        phrases.iter().any(|p| between_spaces(&folded, p))
    }

    /// Whether the question counts the plan's parts or items ("mấy phần", "bao nhiêu mục", "gồm
    /// mấy ý", "mấy nội dung triển khai"): a counting word, then a part's noun that is no other
    /// word ("phần trăm"). One pass over the words, nothing built.
    pub(super) fn counts_parts(&self) -> bool {
        use lang::structure::{
            COUNTING, HOW_MANY, LISTED_NOUNS, LISTING, LISTING_ASKS, NOT_PARTS, PART_CLOSERS, PART_NOUNS, SHARE_NOUN,
            SHARE_VERB,
        };
        let folded = |i: usize| self.words.get(i).map_or("", |w| w.folded.as_str());
        // The word after a part's noun starting at `i` (one word, or one word per syllable).
        let after_noun = |i: usize| {
            PART_NOUNS.iter().find_map(|n| {
                if folded(i) == *n {
                    return Some(i + 1);
                }
                let mut at = i;
                for syllable in n.split(' ') {
                    if folded(at) != syllable {
                        return None;
                    }
                    at += 1;
                }
                Some(at)
            })
        };
        if self.words.iter().any(|w| w.folded == SHARE_VERB) {
            return false;
        }
        (1..self.words.len()).any(|i| {
            let counting = COUNTING.contains(&folded(i - 1))
                || folded(i - 1) == HOW_MANY[1] && i > 1 && folded(i - 2) == HOW_MANY[0];
            // "mấy phần tổng chi ngân sách" asks a share, not the plan's parts.
            let share = |next: usize| {
                folded(i) == SHARE_NOUN
                    && self.words.get(next).is_some_and(|w| !w.stop && !PART_CLOSERS.contains(&w.folded.as_str()))
            };
            // "gồm những phần nào": the parts listed, not counted.
            let listed = LISTING.contains(&folded(i - 1))
                && LISTED_NOUNS.contains(&folded(i))
                && LISTING_ASKS.contains(&folded(i + 1));
            listed || counting && after_noun(i).is_some_and(|next| !NOT_PARTS.contains(&folded(next)) && !share(next))
        })
    }

    /// Drops the cached scores after the words they were computed from changed.
    pub(super) fn forget_scores(&mut self) {
        self.entry_scores = std::cell::OnceCell::new();
        self.fact_scores = std::cell::OnceCell::new();
    }
}

/// Whether `p` occurs in `text` with a space on either side (overlapping occurrences too).
fn between_spaces(text: &str, p: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 1;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(p)) {
        let at = from + found;
        if bytes[at - 1] == b' ' && bytes.get(at + p.len()) == Some(&b' ') {
            return true;
        }
        // The next occurrence can only start after a space: skip to the one after `at`.
        match text[at..].find(' ') {
            Some(space) => from = at + space + 1,
            None => return false,
        }
    }
    false
}

impl Engine {
    /// The entries scored against the query's topic, computed once per query.
    pub(super) fn entry_scores<'q>(&self, q: &'q Query) -> &'q Scores {
        q.entry_scores.get_or_init(|| self.entries.score(&q.scoring, false))
    }

    /// The facts scored against the query (with the informativeness of words taken from the
    /// entries), computed once per query.
    pub(super) fn fact_scores<'q>(&self, q: &'q Query) -> &'q Scores {
        q.fact_scores.get_or_init(|| self.facts.score_using(&self.fact_words(q), &self.entries, false))
    }

    /// Whether the sources say `phrase` (folded words, one space apart) as it stands, with no
    /// word on either side cut: `source_words` holds " {phrase} ". Looked up when the phrase is
    /// short (most are: a name, a body, an office), else searched.
    pub(super) fn source_says(&self, phrase: &str) -> bool {
        if phrase.split(' ').count() <= super::MAX_SOURCE_PHRASE {
            return self.source_phrases.contains(phrase);
        }
        self.source_words.contains(&format!(" {phrase} "))
    }

    /// Agency `a`'s roles in the entries, with their entries, in the knowledge base's order:
    /// `Knowledge::duties_of` without going through every entry.
    pub(super) fn duties_of(
        &self,
        a: usize,
    ) -> impl Iterator<Item = (&crate::knowledge::Entry, &crate::knowledge::AgencyRole)> + '_ {
        self.agency_duties[a].iter().map(|&(e, r)| (&self.kb.entries[e], &self.kb.entries[e].agencies[r]))
    }

    /// Document `d`'s kind, lower case and folded ("ke hoach", "ket luan").
    pub(super) fn kind_of(&self, d: usize) -> &str {
        &self.document_kinds[d]
    }

    /// A document with entries of its own that is not the plan: the portal that published the
    /// article, reached by contact and source questions.
    pub(super) fn is_portal(&self, d: usize) -> bool {
        d != self.plan && self.kb.entries.iter().any(|e| e.document == self.kb.documents[d].id)
    }

    /// An agency that is a school: its name opens with a school's head ("Trường", "Đại học").
    pub(super) fn is_school(&self, a: usize) -> bool {
        super::analyze::names_school(&self.kb.agencies[a].name)
    }

    /// True when the query has topic words beyond those most entries share. Words asking an
    /// aim are no topic unless a body or a year is named: with nothing else, the aim asked is
    /// the plan's own ("Thành phố hướng tới mục tiêu gì?"), which has no year; not one body's
    /// ("Trường … hướng tới gì?") nor one dated ("mục tiêu đến 2030").
    pub(super) fn has_topic(&self, q: &Query) -> bool {
        let own_aim = q.agencies.is_empty() && !q.topic().any(Word::is_number);
        q.topic().any(|w| {
            self.entries.idf(w).is_none_or(|idf| idf >= GENERIC_IDF) && !w.is_number() && !(own_aim && asks_aim(w))
        })
    }

    /// Words for fact scoring: the topic plus the names of documents, also when the document
    /// comes from the conversation rather than the question.
    pub(super) fn fact_words(&self, q: &Query) -> Vec<Word> {
        let mut words = q.fact_scoring.clone();
        for &d in &q.documents {
            words.extend(self.document_name_words[d].iter().cloned());
        }
        for &a in &q.agencies {
            words.extend(self.agency_name_words[a].iter().cloned());
        }
        words
    }
}

/// A word that asks an aim ([`lang::GOAL_WORDS`]): as written when typed with marks, on its
/// letters when typed without.
fn asks_aim(w: &Word) -> bool {
    lang::GOAL_WORDS.iter().any(|g| if w.accented { w.text == *g } else { w.folded == crate::text::fold_marks(g) })
}
