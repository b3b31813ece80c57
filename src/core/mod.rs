//! The answering core: `Engine::answer(question, context) -> Answer`. Pure: no I/O, no async,
//! no panics on any input, deterministic. Every channel renders the same [`Answer`].
//!
//! The pipeline, once per question and in this order: analyse the question (`analysis`: what
//! it names and asks), route it (`route`: a pure decision over plain signals, with the
//! conversation's follow-ups resolved by `resolve` in between), compose the answer for that
//! route (`compose`, one file per intent) and cite it (`compose::cite`). The engine's indexes
//! are built once from the knowledge base (`build`).

pub mod analyze;
pub mod answer;
pub mod context;
pub mod index;
pub mod lang;
pub mod page;
pub mod plans;
pub mod quote;
pub mod render;
pub mod route;

mod analysis;
mod build;
mod chat;
mod compose;
mod compound;
mod cues;
mod explain;
mod query;
mod resolve;
mod short_words;

pub use answer::{AgencyMention, Answer, Citation, Intent, Language};
pub use context::Context;

use crate::knowledge::Knowledge;
use analyze::{Analyzer, Phrases, Word};
use cues::Cues;
use index::TermIndex;
use query::Query;
use route::{Route, Signals};
use rustc_hash::FxHashSet as HashSet;
use smol_str::SmolStr;

/// Questions longer than this (in characters, once cleaned) are cut before analysis: nobody
/// asks more, and it bounds the time spent on a 100 KB paste.
pub const MAX_QUESTION_CHARS: usize = 1000;
/// Characters of the raw text read at all, before any processing: room for invisible
/// characters a paste carries around a full-length question, while a 1 MiB body costs no more
/// than a few kilobytes of work.
pub const MAX_RAW_QUESTION_CHARS: usize = 4 * MAX_QUESTION_CHARS;

/// The part of a raw question the core reads: at most [`MAX_RAW_QUESTION_CHARS`] characters,
/// cut on a character boundary. Adapters call it at their boundary too, so an oversized body
/// is never copied whole.
pub fn cut_question(raw: &str) -> &str {
    // No more characters than bytes: a short question is read whole without counting them.
    if raw.len() <= MAX_RAW_QUESTION_CHARS {
        return raw;
    }
    match raw.char_indices().nth(MAX_RAW_QUESTION_CHARS) {
        Some((cut, _)) => &raw[..cut],
        None => raw,
    }
}

/// Best entry coverage below this: the knowledge base does not answer the question.
pub const MIN_COVERAGE: f32 = 0.34;
/// And the matched evidence (idf units) must reach this, so that a question made only of very
/// common words ("giáo dục") does not pass on coverage alone.
pub const MIN_EVIDENCE: f32 = 0.9;
/// Answers below this coverage are given but logged as low confidence.
pub const LOW_CONFIDENCE: f32 = 0.5;
/// Other entries are cited with the best one when they score at least this share of its score.
pub const CLOSE_SCORE: f32 = 0.72;
/// Entries scoring at least this share of the best are offered as other readings.
pub const OTHER_READING: f32 = 0.55;
/// A "who" question is answered with agencies only when the best provision that names some
/// scores at least this share of the best provision overall; below, the plan assigns it to no one.
pub const ASSIGNED_SHARE: f32 = 0.8;
/// A follow-up "họ" (they) means at most this many agencies of the previous answer, in its
/// order (the ones that lead first): an answer naming up to five keeps them all, a longer list
/// ("every agency with duties") is too many to be meant by one pronoun.
pub const MAX_PRONOUN_AGENCIES: usize = 5;
/// A responsibility answer gathers the duties of entries scoring at least this share of the best.
pub const RESPONSIBILITY_SHARE: f32 = 0.6;
/// The longest runs of the sources' words looked up whole (see `Engine::source_says`): names
/// of bodies and offices are shorter.
const MAX_SOURCE_PHRASE: usize = 8;
/// A fact is stated when its coverage of the question reaches this.
pub const MIN_FACT_COVERAGE: f32 = 0.45;
/// A question that names a kind of document ("đề án") and covers this much of one document's
/// title and names is about that document.
pub const DOCUMENT_TITLE_COVERAGE: f32 = 0.6;
/// A fact covering this much of a question answers it even without a cue word.
pub const STRONG_FACT_COVERAGE: f32 = 0.8;
/// Words with an idf below this appear in most entries ("giáo dục", "thành phố"): they do not
/// make a topic of their own.
pub const GENERIC_IDF: f32 = 0.9;
/// At most this many citations, unless the answer is a list that needs more.
pub const MAX_CITATIONS: usize = 3;
/// At most this many suggestions.
pub const MAX_SUGGESTIONS: usize = 3;

/// The answering engine: the knowledge base and the indexes built from it once.
#[derive(Debug)]
pub struct Engine {
    kb: Knowledge,
    analyzer: Analyzer,
    entries: TermIndex,
    facts: TermIndex,
    documents: TermIndex,
    agency_names: Phrases<usize>,
    document_names: Phrases<usize>,
    /// Uncovered topic words: (topic index, ambiguous when typed without marks).
    uncovered: Phrases<(usize, bool, Box<[SmolStr]>)>,
    smalltalk: Phrases<usize>,
    cues: Cues,
    /// The main plan: the document most entries belong to.
    plan: usize,
    /// With several plans, an engine over each alone (`plans.rs`); empty with one.
    plans: Vec<plans::Plan>,
    /// Words of each document's short name and each agency's name, for fact scoring.
    document_name_words: Vec<Vec<Word>>,
    agency_name_words: Vec<Vec<Word>>,
    /// Agencies each fact's statement names.
    fact_agencies: Vec<Vec<usize>>,
    /// Documents each fact is about (named in it, or the document of what it cites).
    fact_documents: Vec<Vec<usize>>,
    /// Documents each fact names or cites as a whole: what "văn bản đó" means after it.
    fact_named_documents: Vec<Vec<usize>>,
    /// Folded words of each fact's statement, keywords and quote.
    fact_vocabulary: Vec<HashSet<SmolStr>>,
    /// Whether each fact tells when something was issued ("ban hành", "ký").
    fact_issuance: Vec<bool>,
    /// Each entry's quotes prepared for trimming, in the same order.
    prepared: Vec<Vec<quote::Prepared>>,
    /// Each fact's citation, located in the plan once (see `compose::locate`).
    fact_citations: Vec<Citation>,
    /// Each fact's `with` facts, as positions in `kb.facts` (ids that name no fact left out).
    fact_with: Vec<Vec<usize>>,
    /// Each fact's keywords, then its statement, lower case and folded (the portal composer
    /// looks for cues in them).
    fact_folded: Vec<Vec<String>>,
    /// Each document's citation: where the plan mentions it.
    document_citations: Vec<Citation>,
    /// Each document's kind, lower case and folded ("ket luan"): what "kết luận ấy" names.
    document_kinds: Vec<String>,
    /// Numbers that appear in the numbers and names of known documents ("298", "91"), each with
    /// the folded kinds of the documents that carry it.
    document_numbers: rustc_hash::FxHashMap<String, Vec<String>>,
    /// Every source's words, folded, one space apart and between spaces: a name the source
    /// mentions is found as " so tai chinh ".
    source_words: String,
    /// Every run of at most [`MAX_SOURCE_PHRASE`] words of `source_words`, one space apart:
    /// what [`Engine::source_says`] looks up.
    source_phrases: rustc_hash::FxHashSet<String>,
    /// Every source's words, folded, as `source_words` but each word that is not capitalised in
    /// the source a `|`, punctuation aside: " Ngô Quyền" is found as " ngo quyen ".
    source_capitalised: String,
    /// Sample questions across the plan (see `compose::examples`).
    examples: Vec<String>,
    /// The plan's opening entries, the article's headline aside (see `compose::plan_intro`).
    plan_intro: Vec<usize>,
    /// Each agency's roles: (entry, role within the entry's agencies), in the knowledge base's
    /// order (see [`Engine::duties_of`]).
    agency_duties: Vec<Vec<(usize, usize)>>,
    /// Whether each agency has a district office among its names ("Phòng Giáo dục …").
    office_named: Vec<bool>,
}

impl Engine {
    pub fn knowledge(&self) -> &Knowledge {
        &self.kb
    }

    /// Answers one question in the given context.
    pub fn answer(&self, question: &str, context: &Context) -> Answer {
        self.respond(question, context, false)
    }

    /// Sample questions across the plan (for a welcome message's buttons).
    pub fn examples(&self) -> Vec<String> {
        self.examples.clone()
    }

    /// The table of contents as (index, "number title") for [`Engine::section_answer`]: the
    /// plan's sections; with several plans, the plans first (what each is about), then the
    /// sections of each.
    pub fn table_of_contents(&self) -> Vec<(usize, String)> {
        let plans: Vec<usize> = if self.plans.is_empty() { vec![self.plan] } else { plans::plan_documents(&self.kb) };
        let listed =
            self.plans.iter().enumerate().map(|(k, p)| {
                (self.kb.sections.len() + k, crate::messages::contents_plan(&self.kb.documents[p.document]))
            });
        let sections = plans.into_iter().flat_map(|d| {
            let plan = &self.kb.documents[d].id;
            self.kb
                .sections
                .iter()
                .enumerate()
                .filter(move |(_, s)| &s.document == plan)
                .map(|(i, s)| (i, format!("{} {}", s.number, s.title).trim().to_owned()))
        });
        listed.chain(sections).collect()
    }

    /// What a row of the table of contents says: a section's entries, cited, or (with several
    /// plans) what a plan is about. `None` for no such row.
    pub fn section_answer(&self, section: usize) -> Option<Answer> {
        if let Some(k) = section.checked_sub(self.kb.sections.len()) {
            return plans::overview(self, k);
        }
        let mut answer = compose::section(self, section)?;
        if !self.plans.is_empty() {
            answer.context.plan = Some(self.kb.sections[section].document.clone());
        }
        Some(answer)
    }

    /// Answers and explains why each candidate matched (`ask --explain`).
    pub fn answer_explained(&self, question: &str, context: &Context) -> Answer {
        self.respond(question, context, true)
    }

    /// The route a question takes in the given context (which composer answers it, and what
    /// it falls back on): analyse, resolve and route, without composing.
    pub fn route(&self, question: &str, context: &Context) -> Route {
        self.routed(self.analyse(question), context).0
    }

    fn respond(&self, question: &str, context: &Context, explain: bool) -> Answer {
        // Cut before any processing: the cost of an answer is bounded whatever the input.
        let question = cut_question(question);
        if let Some(next) = page::continuation(question, context) {
            return next;
        }
        plans::answer(self, question, context, explain)
            .unwrap_or_else(|| self.respond_whole(question, context, explain))
    }

    /// Answers from the whole knowledge base (one plan, or what no plan has to choose).
    fn respond_whole(&self, question: &str, context: &Context, explain: bool) -> Answer {
        let question = cut_question(question);
        if let Some(next) = page::continuation(question, context) {
            return next;
        }
        let (route, query) = self.routed(self.analyse(question), context);
        // A compound question: every part answered, when that says more than the whole.
        let compound = if explain { None } else { self.compound(&query, &route, context) };
        let mut answer = compound.unwrap_or_else(|| compose::compose(self, &route, &query, context));
        answer.context.more = page::rest(&answer);
        if query.english {
            english(&mut answer, &self.kb);
        }
        if explain {
            answer.explain = Some(self.explain(question));
        }
        answer
    }

    /// Routes an analysed question. The routes that read the question as asked come first;
    /// otherwise the context fills in what a follow-up leaves out and the question is routed
    /// as resolved. Returns the route with the query its composer reads.
    fn routed(&self, mut q: Query, context: &Context) -> (Route, Query) {
        let asked = Signals::asked(self, &q);
        if let Some(route) = route::before_context(&asked, context) {
            return (route, q);
        }
        if !context.is_empty() {
            resolve::follow_up(self, &mut q, context, asked.topic);
        }
        if q.beyond_list.is_some() {
            return (Route::OutOfScope(route::Decline::BeyondList), q);
        }
        if q.item.is_some() {
            // "nói rõ ý 2": that item of the previous answer in full.
            return (Route::Detail, q);
        }
        // Without a context the query is the one asked: its signals are those already read.
        let resolved = if context.is_empty() {
            Signals { smalltalk_rest_is_question: false, ..asked }
        } else {
            Signals::read(self, &q)
        };
        let route = route::in_context(&resolved);
        (route, q)
    }
}

/// An answer to an English question: an English opening line over the plan's Vietnamese text,
/// or an English abstention (the plan is published in Vietnamese; nothing is translated).
fn english(answer: &mut Answer, kb: &crate::knowledge::Knowledge) {
    answer.language = Language::English;
    answer.body = if answer.answered {
        let opening = if answer.intent == Intent::Smalltalk {
            crate::messages::ENGLISH_SMALLTALK
        } else {
            crate::messages::ENGLISH_OPENING
        };
        format!("{opening}\n\n{}", answer.body)
    } else {
        let plans: Vec<String> = plans::plan_documents(kb)
            .into_iter()
            .map(|d| crate::messages::english_plan_name(&kb.documents[d]))
            .collect();
        let abstention = crate::messages::english_abstention(&plans);
        // A known reason ("the article gives no link to the full text", "the source never names
        // who signed") stays, in the source's words: everything before what the bot covers.
        let scope = kb.smalltalk_reply("scope");
        let generic = kb.smalltalk_reply("out-of-scope");
        let reason = answer.body.split(scope.as_str()).next().unwrap_or_default().trim();
        if reason.is_empty() || scope.is_empty() || reason == generic.trim() {
            abstention
        } else {
            format!("{abstention}\n\n{}\n{reason}", crate::messages::ENGLISH_REASON)
        }
    };
}
