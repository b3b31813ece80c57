//! Cue phrases: the words that say what a question asks ("ai", "bao nhiêu", "chi tiết hơn"),
//! compiled once into one set so a question is scanned once.

use super::analyze::{Phrases, Stopwords, Strictness};
use super::lang;

/// Cue phrases, compiled.
#[derive(Debug, Clone)]
pub(super) struct Cues {
    /// Every cue list in one set, so a question is scanned once.
    pub all: Phrases<Cue>,
    pub document_kinds: Phrases<()>,
    pub titled_kinds: Phrases<()>,
    /// Discourse markers dropped from the topic (`lang::FILLER_PHRASES`).
    pub fillers: Phrases<()>,
    /// Ways of addressing the readers, dropped at the end of a message.
    pub vocatives: Phrases<()>,
    /// An agency pointed at by its place in the previous answer ("cơ quan thứ hai"): the place.
    pub ordinals: Phrases<usize>,
    /// One item of the previous answer pointed at by its place ("ý 2", "mục thứ hai"): the place.
    pub items: Phrases<usize>,
    /// One of the plan's parts named by its place ("phần 2", "phần thứ hai"): the place.
    pub parts: Phrases<usize>,
}

/// The kinds of cue phrase (see `lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    Who,
    Profile,
    Pronoun,
    Each,
    TopicPronoun,
    Detail,
    More,
    DocumentList,
    Contact,
    Fact,
    Time,
    Deadline,
    Quantity,
    Overview,
    Source,
    Issuer,
}

impl Cue {
    pub const ALL: [(Cue, &'static [&'static str]); 17] = [
        (Cue::Who, lang::RESPONSIBILITY_CUES),
        (Cue::Who, lang::BODY_COUNT_CUES),
        (Cue::Profile, lang::PROFILE_CUES),
        (Cue::Pronoun, lang::PRONOUN_CUES),
        (Cue::Each, lang::EACH_CUES),
        (Cue::TopicPronoun, lang::TOPIC_PRONOUN_CUES),
        (Cue::Detail, lang::DETAIL_CUES),
        (Cue::More, lang::MORE_CUES),
        (Cue::DocumentList, lang::DOCUMENT_LIST_CUES),
        (Cue::Contact, lang::CONTACT_CUES),
        (Cue::Fact, lang::FACT_CUES),
        (Cue::Time, lang::TIME_CUES),
        (Cue::Deadline, lang::DEADLINE_CUES),
        (Cue::Quantity, lang::QUANTITY_CUES),
        (Cue::Overview, lang::OVERVIEW_CUES),
        (Cue::Source, lang::SOURCE_CUES),
        (Cue::Issuer, lang::ISSUER_CUES),
    ];
}

impl Cues {
    pub fn build(stop: &Stopwords) -> Cues {
        let mut all = Phrases::new(Strictness::Folded);
        for (cue, list) in Cue::ALL {
            for phrase in list {
                all.add(phrase, cue, stop);
            }
        }
        Cues {
            all,
            document_kinds: phrases(lang::DOCUMENT_KINDS, stop),
            titled_kinds: phrases(lang::TITLED_KINDS, stop),
            fillers: phrases(lang::FILLER_PHRASES, stop),
            vocatives: phrases(lang::VOCATIVE_PHRASES, stop),
            ordinals: ordinals(stop),
            items: items(stop),
            parts: parts(stop),
        }
    }
}

fn phrases(list: &[&str], stopwords: &Stopwords) -> Phrases<()> {
    let mut p = Phrases::new(Strictness::Folded);
    for cue in list {
        p.add(cue, (), stopwords);
    }
    p
}

/// Every head with every ordinal ("cơ quan thứ hai"), matched as marked when typed with marks.
fn ordinals(stopwords: &Stopwords) -> Phrases<usize> {
    use lang::referents::{ORDINAL_HEADS, ORDINALS};
    headed(ORDINAL_HEADS, ORDINALS, stopwords)
}

/// Every item head with every ordinal or number ("ý 2", "mục thứ hai").
/// "mục cuối", "ý cuối": the last item ("cuối" alone only after these heads, "nhiệm vụ cuối năm"
/// being no last duty).
fn items(stopwords: &Stopwords) -> Phrases<usize> {
    let mut p = numbered(lang::referents::ITEM_HEADS, &[], stopwords);
    for head in lang::referents::ITEM_LAST_HEADS {
        for &(last, place) in lang::referents::PART_LAST {
            p.add(&format!("{head} {last}"), place, stopwords);
        }
    }
    for phrase in lang::referents::ITEM_LAST_PHRASES {
        p.add(phrase, usize::MAX, stopwords);
    }
    p
}

/// "phần" with every ordinal or number, and with the words that name only the last part ("phần
/// cuối": "cuối" alone names no agency or item, "sở cuối năm" being no last department).
fn parts(stopwords: &Stopwords) -> Phrases<usize> {
    use lang::referents::{PART_HEADS, PART_LAST};
    numbered(PART_HEADS, PART_LAST, stopwords)
}

/// Every one of `heads` with every ordinal or number ("phần 2", "phần thứ hai"), and with the
/// words of `more`.
fn numbered(heads: &[&str], more: &[(&str, usize)], stopwords: &Stopwords) -> Phrases<usize> {
    use lang::referents::{ITEM_NUMBERS, ORDINALS};
    let places: Vec<(&str, usize)> = ORDINALS.iter().chain(ITEM_NUMBERS).chain(more).copied().collect();
    headed(heads, &places, stopwords)
}

fn headed(heads: &[&str], places: &[(&str, usize)], stopwords: &Stopwords) -> Phrases<usize> {
    let mut p = Phrases::new(Strictness::Exact);
    for head in heads {
        for &(ordinal, place) in places {
            p.add(&format!("{head} {ordinal}"), place, stopwords);
        }
    }
    p
}
