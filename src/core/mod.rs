//! The answering core: `Engine::answer(question, context) -> Answer`. Pure: no I/O, no async,
//! no panics on any input, deterministic. Every channel renders the same [`Answer`].
//!
//! The pipeline: clean and analyse the question (`analyze`), find what it names (agencies,
//! documents, cue phrases, uncovered topics, small talk), resolve follow-ups against the
//! [`Context`], pick the intent, score the knowledge base (`index`) and compose the answer.

pub mod analyze;
pub mod answer;
pub mod context;
pub mod index;
pub mod lang;
pub mod quote;
pub mod render;

mod compose;

pub use answer::{AgencyMention, Answer, Citation, Intent};
pub use context::Context;

use crate::knowledge::Knowledge;
use analyze::{Analyzer, Phrases, Strictness, Word};
use index::{Scores, TermIndex};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smol_str::SmolStr;

/// Questions longer than this (in characters, once cleaned) are cut before analysis: nobody
/// asks more, and it bounds the time spent on a 100 KB paste.
pub const MAX_QUESTION_CHARS: usize = 1000;

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
/// A follow-up "họ" (they) means at most this many agencies of the previous answer: the ones
/// that lead.
pub const MAX_PRONOUN_AGENCIES: usize = 2;
/// A responsibility answer gathers the duties of entries scoring at least this share of the best.
pub const RESPONSIBILITY_SHARE: f32 = 0.6;
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

/// Field weights of an entry's text: curated keywords and sample questions say most about what
/// an entry is for; the verbatim quote says everything but also much else. Labels are not
/// indexed: their words ("mục", "ý thứ") are about the layout, not the topic.
const W_KEYWORDS: f32 = 1.0;
const W_QUESTIONS: f32 = 0.9;
const W_SUMMARY: f32 = 0.8;
const W_DUTY: f32 = 0.8;
const W_QUOTE: f32 = 0.6;
const W_SECTION: f32 = 0.5;

/// Cue phrases, compiled.
#[derive(Debug, Clone)]
struct Cues {
    /// Every cue list in one set, so a question is scanned once.
    all: Phrases<Cue>,
    document_kinds: Phrases<()>,
    titled_kinds: Phrases<()>,
}

/// The kinds of cue phrase (see `lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Who,
    Profile,
    Pronoun,
    TopicPronoun,
    Detail,
    More,
    DocumentList,
    Contact,
    Fact,
    Time,
    Quantity,
    Overview,
    Source,
    Issuer,
}

impl Cue {
    const ALL: [(Cue, &'static [&'static str]); 14] = [
        (Cue::Who, lang::RESPONSIBILITY_CUES),
        (Cue::Profile, lang::PROFILE_CUES),
        (Cue::Pronoun, lang::PRONOUN_CUES),
        (Cue::TopicPronoun, lang::TOPIC_PRONOUN_CUES),
        (Cue::Detail, lang::DETAIL_CUES),
        (Cue::More, lang::MORE_CUES),
        (Cue::DocumentList, lang::DOCUMENT_LIST_CUES),
        (Cue::Contact, lang::CONTACT_CUES),
        (Cue::Fact, lang::FACT_CUES),
        (Cue::Time, lang::TIME_CUES),
        (Cue::Quantity, lang::QUANTITY_CUES),
        (Cue::Overview, lang::OVERVIEW_CUES),
        (Cue::Source, lang::SOURCE_CUES),
        (Cue::Issuer, lang::ISSUER_CUES),
    ];
}

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
    uncovered: Phrases<(usize, bool)>,
    smalltalk: Phrases<usize>,
    cues: Cues,
    /// The main plan: the document most entries belong to.
    plan: usize,
    /// Words of each document's short name and each agency's name, for fact scoring.
    document_name_words: Vec<Vec<Word>>,
    agency_name_words: Vec<Vec<Word>>,
    /// Agencies each fact's statement names.
    fact_agencies: Vec<Vec<usize>>,
    /// Documents each fact is about (named in it, or the document of what it cites).
    fact_documents: Vec<Vec<usize>>,
    /// Folded words of each fact's statement, keywords and quote.
    fact_vocabulary: Vec<HashSet<SmolStr>>,
    /// Whether each fact tells when something was issued ("ban hành", "ký").
    fact_issuance: Vec<bool>,
    /// Each entry's quotes prepared for trimming, in the same order.
    prepared: Vec<Vec<quote::Prepared>>,
    /// Each fact's citation, located in the plan once (see `compose::locate`).
    fact_citations: Vec<Citation>,
    /// Each document's citation: where the plan mentions it.
    document_citations: Vec<Citation>,
    /// Numbers that appear in the numbers and names of known documents ("298", "91").
    document_numbers: HashSet<String>,
}

/// Everything found in one question.
#[derive(Debug, Clone, Default)]
struct Query {
    question: String,
    /// Analysed words: typos corrected, lexicon applied; words used by names and cues are
    /// marked `stop` so only the topic is scored.
    words: Vec<Word>,
    /// The words scored against entries: the topic plus the names of documents and the cue
    /// phrases that say what to look for ("ban hành", "mục đích", "bài viết").
    scoring: Vec<Word>,
    /// The words scored against facts: the topic plus documents' names, "ban hành", "bài viết".
    fact_scoring: Vec<Word>,
    agencies: Vec<usize>,
    documents: Vec<usize>,
    /// Names a document of a known kind by a number the knowledge base does not know.
    unknown_document: bool,
    who: bool,
    time: bool,
    quantity: bool,
    /// What "bao nhiêu"/"mấy" counts, as typed and folded ("truong" in "bao nhiêu trường").
    quantity_unit: Option<SmolStr>,
    issuer: bool,
    /// "Kế hoạch nhắc tới những văn bản nào?"
    document_list: bool,
    profile: bool,
    fact: bool,
    overview: bool,
    contact: bool,
    source: bool,
    follow_up: bool,
    pronoun: bool,
    topic_pronoun: bool,
    more: bool,
    detail: bool,
    uncovered: Option<usize>,
    smalltalk: Option<usize>,
    /// Known topic words outside the small-talk phrase.
    smalltalk_rest: usize,
    /// Topic words taken from the context.
    borrowed_topic: bool,
    /// The entries' scores for `scoring`, once computed (reset when the topic is borrowed).
    entry_scores: std::cell::OnceCell<Scores>,
    /// The facts' scores, once computed (reset when the topic is borrowed).
    fact_scores: std::cell::OnceCell<Scores>,
}

impl Query {
    fn topic(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(|w| !w.stop)
    }
}

fn phrases(list: &[&str], stopwords: &analyze::Stopwords) -> Phrases<()> {
    let mut p = Phrases::new(Strictness::Folded);
    for cue in list {
        p.add(cue, (), stopwords);
    }
    p
}

impl Engine {
    /// Builds the indexes. Cannot fail: `kb` has been validated by the loader.
    pub fn new(kb: Knowledge) -> Engine {
        let analyzer = Analyzer::new(&kb);
        // The vocabulary the speller corrects towards: every word of the knowledge base and of
        // the cue lists.
        let mut texts: Vec<&str> = Vec::new();
        for e in &kb.entries {
            texts.extend(e.quotes.iter().map(String::as_str));
            texts.extend(e.keywords.iter().map(String::as_str));
            texts.extend(e.questions.iter().map(String::as_str));
            texts.push(&e.summary);
        }
        for a in &kb.agencies {
            texts.push(&a.name);
            texts.extend(a.aliases.iter().map(String::as_str));
        }
        for d in &kb.documents {
            texts.push(&d.title);
            texts.push(&d.summary);
            texts.extend(d.aliases.iter().map(String::as_str));
        }
        for f in &kb.facts {
            texts.extend(f.keywords.iter().map(String::as_str));
        }
        for t in &kb.terms {
            texts.extend(t.words.iter().map(String::as_str));
        }
        for s in &kb.smalltalk {
            texts.extend(s.patterns.iter().map(String::as_str));
        }
        for e in &kb.entries {
            texts.extend(e.agencies.iter().filter_map(|r| r.duty.as_deref()));
        }
        texts.extend(kb.sections.iter().map(|s| s.title.as_str()));
        texts.extend(kb.facts.iter().flat_map(|f| [f.statement.as_str(), f.quote.as_str()]));
        // Every text is tokenized once.
        let tokenized: HashMap<&str, Vec<Word>> =
            texts.iter().map(|&t| (t, analyze::words(&analyze::clean(t)))).collect();
        let mut vocabulary: Vec<&str> = Vec::new();
        let mut pairs = HashSet::default();
        for ws in tokenized.values() {
            for p in ws.windows(2) {
                pairs.insert(format!("{} {}", p[0].folded, p[1].folded));
            }
            vocabulary.extend(ws.iter().map(|w| w.text.as_str()));
        }
        vocabulary.sort_unstable();
        // The source's own words (quotes are verbatim, so their marks are right): a function
        // word typed without marks is ambiguous when one of these folds to it.
        let source_words: Vec<&str> = kb
            .entries
            .iter()
            .flat_map(|e| e.quotes.iter())
            .flat_map(|q| tokenized[q.as_str()].iter().map(|w| w.text.as_str()))
            .collect();
        let cue_words: Vec<String> = lang::CUE_LISTS
            .iter()
            .flat_map(|list| list.iter())
            .flat_map(|cue| analyze::words(cue).into_iter().map(|w| w.text.to_string()))
            .collect();
        let analyzer = analyzer.with_vocabulary(
            vocabulary.iter().copied().chain(cue_words.iter().map(String::as_str)),
            source_words,
            pairs,
        );

        let kbw = |s: &str| match tokenized.get(s) {
            Some(ws) => analyzer.kb_words_from(ws.clone()),
            None => analyzer.kb_words(s),
        };
        let entry_fields: Vec<Vec<(Vec<Word>, f32)>> = kb
            .entries
            .iter()
            .map(|e| {
                let mut f = Vec::new();
                f.extend(e.keywords.iter().map(|k| (kbw(k), W_KEYWORDS)));
                f.extend(e.questions.iter().map(|q| (kbw(q), W_QUESTIONS)));
                f.push((kbw(&e.summary), W_SUMMARY));
                f.extend(e.agencies.iter().filter_map(|r| r.duty.as_deref()).map(|d| (kbw(d), W_DUTY)));
                f.extend(e.quotes.iter().map(|q| (kbw(q), W_QUOTE)));
                if let Some(s) = e.section.as_deref().and_then(|s| kb.section(s)) {
                    f.push((kbw(&s.title), W_SECTION));
                }
                f
            })
            .collect();
        let fact_fields: Vec<Vec<(Vec<Word>, f32)>> = kb
            .facts
            .iter()
            .map(|x| {
                let mut f: Vec<(Vec<Word>, f32)> = x.keywords.iter().map(|k| (kbw(k), W_KEYWORDS)).collect();
                f.push((kbw(&x.statement), W_SUMMARY));
                f.push((kbw(&x.quote), W_QUOTE));
                f
            })
            .collect();
        let document_fields: Vec<Vec<(Vec<Word>, f32)>> = kb
            .documents
            .iter()
            .map(|d| {
                let mut f: Vec<(Vec<Word>, f32)> = d.aliases.iter().map(|k| (kbw(k), W_KEYWORDS)).collect();
                f.push((kbw(&d.title), W_KEYWORDS));
                f.push((kbw(&d.summary), W_SUMMARY));
                f
            })
            .collect();

        let stop = &analyzer.stopwords;
        let mut agency_names = Phrases::new(Strictness::Marked);
        for (i, a) in kb.agencies.iter().enumerate() {
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                agency_names.add(&words_text(&kbw(name)), i, stop);
            }
        }
        let mut document_names = Phrases::new(Strictness::Marked);
        for (i, d) in kb.documents.iter().enumerate() {
            for name in d.aliases.iter().chain(std::iter::once(&d.number)).filter(|n| !n.is_empty()) {
                document_names.add(&words_text(&kbw(name)), i, stop);
            }
        }
        let mut uncovered = Phrases::new(Strictness::Marked);
        for (i, u) in kb.uncovered.iter().enumerate() {
            for w in &u.words {
                let ws = analyze::words(&analyze::clean(w));
                let ambiguous = ws.len() == 1 && analyzer.is_known(&ws[0]);
                uncovered.add(w, (i, ambiguous), stop);
            }
        }
        let mut smalltalk = Phrases::new(Strictness::Marked);
        for (i, s) in kb.smalltalk.iter().enumerate() {
            for p in &s.patterns {
                smalltalk.add(p, i, stop);
            }
        }
        let mut all = Phrases::new(Strictness::Folded);
        for (cue, list) in Cue::ALL {
            for phrase in list {
                all.add(phrase, cue, stop);
            }
        }
        let cues = Cues {
            all,
            document_kinds: phrases(lang::DOCUMENT_KINDS, stop),
            titled_kinds: phrases(lang::TITLED_KINDS, stop),
        };
        let mut document_numbers = HashSet::default();
        for d in &kb.documents {
            for name in d.aliases.iter().chain(std::iter::once(&d.number)) {
                document_numbers
                    .extend(analyze::words(name).into_iter().filter(|w| w.is_number()).map(|w| w.text.to_string()));
            }
        }
        let plan = (0..kb.documents.len())
            .max_by_key(|&i| {
                (kb.entries.iter().filter(|e| e.document == kb.documents[i].id).count(), std::cmp::Reverse(i))
            })
            .unwrap_or(0);
        let comparable: Vec<Vec<String>> = kb
            .entries
            .iter()
            .map(|e| e.quotes.iter().map(|q| crate::knowledge::check::comparable(q)).collect())
            .collect();
        let fact_citations = kb
            .facts
            .iter()
            .map(|f| match kb.citable(&f.cites) {
                Some(item) => compose::locate(&kb, &comparable, plan, item, &f.quote),
                None => Citation { id: f.cites.clone(), label: String::new(), quote: f.quote.clone() },
            })
            .collect();
        let document_citations = kb
            .documents
            .iter()
            .map(|d| {
                let first = d.quotes.first().map(String::as_str).unwrap_or_default();
                compose::locate(&kb, &comparable, plan, crate::knowledge::Citable::Document(d), first)
            })
            .collect();
        let document_name_words =
            kb.documents.iter().map(|d| analyzer.kb_words(d.aliases.first().unwrap_or(&d.number))).collect();
        let agency_name_words = kb.agencies.iter().map(|a| analyzer.kb_words(&a.name)).collect();
        let fact_agencies = kb
            .facts
            .iter()
            .map(|f| agency_names.find_all(&analyzer.kb_words(&f.statement)).iter().map(|x| *x.value).collect())
            .collect();
        // What each fact is about: the documents it concerns, its words, whether it tells when
        // something was issued. A question that names a document, asks "how many X" or asks
        // when something was issued is answered only by a fact about that.
        let doc_position = |id: &str| kb.documents.iter().position(|d| d.id == id);
        let mut fact_documents = Vec::with_capacity(kb.facts.len());
        let mut fact_vocabulary = Vec::with_capacity(kb.facts.len());
        let mut fact_issuance = Vec::with_capacity(kb.facts.len());
        for f in &kb.facts {
            let statement = analyzer.kb_words(&f.statement);
            let mut documents: Vec<usize> =
                (0..statement.len()).filter_map(|i| document_names.at(&statement, i)).map(|x| *x.value).collect();
            documents.extend(match kb.citable(&f.cites) {
                Some(crate::knowledge::Citable::Document(d)) => doc_position(&d.id),
                Some(crate::knowledge::Citable::Entry(e)) => doc_position(&e.document),
                None => None,
            });
            documents.sort_unstable();
            documents.dedup();
            let texts = std::iter::once(&f.statement).chain(&f.keywords).chain(std::iter::once(&f.quote));
            let mut vocabulary = HashSet::default();
            let mut issuance = false;
            for t in texts {
                let raw = analyze::words(&analyze::clean(t));
                let read = analyzer.kb_words_from(raw.clone());
                for ws in [&raw, &read] {
                    vocabulary.extend(ws.iter().map(|w| w.folded.clone()));
                    for i in 0..ws.len() {
                        cues.all.each_at(ws, i, |_, &cue| issuance |= cue == Cue::Issuer);
                    }
                }
            }
            fact_documents.push(documents);
            fact_vocabulary.push(vocabulary);
            fact_issuance.push(issuance);
        }
        let prepared = kb.entries.iter().map(|e| e.quotes.iter().map(|q| quote::Prepared::new(q)).collect()).collect();
        Engine {
            fact_documents,
            fact_vocabulary,
            fact_issuance,
            document_name_words,
            agency_name_words,
            fact_agencies,
            prepared,
            fact_citations,
            document_citations,
            entries: TermIndex::build(&entry_fields),
            facts: TermIndex::build(&fact_fields),
            documents: TermIndex::build(&document_fields),
            analyzer,
            agency_names,
            document_names,
            uncovered,
            smalltalk,
            cues,
            plan,
            document_numbers,
            kb,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.kb
    }

    /// Answers one question in the given context.
    pub fn answer(&self, question: &str, context: &Context) -> Answer {
        self.respond(question, context, false)
    }

    /// Sample questions across the plan (for a welcome message's buttons).
    pub fn examples(&self) -> Vec<String> {
        compose::examples(self)
    }

    /// The plan's sections as (index, "number title"), for a table of contents.
    pub fn table_of_contents(&self) -> Vec<(usize, String)> {
        let plan = &self.kb.documents[self.plan].id;
        self.kb
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| &s.document == plan)
            .map(|(i, s)| (i, format!("{} {}", s.number, s.title).trim().to_owned()))
            .collect()
    }

    /// What a section of the plan says: each of its entries, cited. `None` for no such section.
    pub fn section_answer(&self, section: usize) -> Option<Answer> {
        compose::section(self, section)
    }

    /// Answers and explains why each candidate matched (`ask --explain`).
    pub fn answer_explained(&self, question: &str, context: &Context) -> Answer {
        self.respond(question, context, true)
    }

    fn respond(&self, question: &str, context: &Context, explain: bool) -> Answer {
        let query = self.analyse(question);
        let mut answer = compose::answer(self, query, context);
        if explain {
            answer.explain = Some(self.explain(question));
        }
        answer
    }

    fn analyse(&self, question: &str) -> Query {
        // Cleaned first (a paste of invisible characters hides nothing), then cut.
        let cleaned = analyze::clean(question);
        let cleaned: String = cleaned.chars().take(MAX_QUESTION_CHARS).collect();
        let raw = self.analyzer.raw_words(&cleaned);
        let mut words = self.analyzer.question_words(&raw);
        let mut q = Query { question: question.to_owned(), ..Query::default() };

        // Uncovered topics, on the words as typed (the lexicon may have rewritten them).
        q.uncovered = self
            .uncovered
            .find_all(&raw)
            .into_iter()
            .find(|f| (f.exact || !f.value.1) && !(yes_no(&raw) && asks_which(&raw[f.start..f.start + f.len])))
            .map(|f| f.value.0);
        if let Some(f) = self.smalltalk.find_all(&raw).first() {
            q.smalltalk = Some(*f.value);
            let outside = raw.iter().enumerate().filter(|(i, _)| *i < f.start || *i >= f.start + f.len);
            q.smalltalk_rest =
                outside.filter(|(_, w)| !w.stop && !w.is_number() && self.entries.idf(w).is_some()).count();
        }
        q.unknown_document = self.names_unknown_document(&raw);

        let consume = |words: &mut Vec<Word>, start: usize, len: usize| {
            for w in &mut words[start..start + len] {
                w.stop = true;
            }
        };
        for f in self.agency_names.find_all(&words) {
            if !q.agencies.contains(f.value) {
                q.agencies.push(*f.value);
            }
            consume(&mut words, f.start, f.len);
        }
        // Spans that are not the topic but still say what to look for (a document's name,
        // "ban hành", "mục đích", "nguồn"): left out of the topic, kept for scoring.
        let mut kept_for_scoring = Vec::new();
        // Every name at every position: "Kết luận số 91-KL/TW" names the document twice.
        for i in 0..words.len() {
            let Some(f) = self.document_names.at(&words, i) else {
                continue;
            };
            if !q.documents.contains(f.value) {
                q.documents.push(*f.value);
            }
            consume(&mut words, f.start, f.len);
            kept_for_scoring.push((f.start, f.len));
        }
        if q.documents.is_empty() && self.cues.titled_kinds.any(&words) {
            // "Đề án Đổi mới và nâng cao chất lượng giáo dục nghề nghiệp": a document named by
            // its title rather than a short name.
            let scores = self.documents.score_using(&words, &self.entries, false);
            if let Some(&best) = scores.ranked().first() {
                if scores.coverage[best] >= DOCUMENT_TITLE_COVERAGE {
                    q.documents.push(best);
                }
            }
        }
        let mut kept_for_facts = kept_for_scoring.clone();
        // Every cue of every kind in one scan: per kind, the longest match at each position,
        // left to right without overlap.
        let mut longest = vec![[0usize; Cue::ALL.len()]; words.len()];
        for (i, slot) in longest.iter_mut().enumerate() {
            self.cues.all.each_at(&words, i, |len, &cue| {
                slot[cue as usize] = slot[cue as usize].max(len);
            });
        }
        let spans_of = |cue: Cue| {
            let mut spans = Vec::new();
            let mut i = 0;
            while i < longest.len() {
                match longest[i][cue as usize] {
                    0 => i += 1,
                    len => {
                        spans.push((i, len));
                        i += len;
                    }
                }
            }
            spans
        };
        // Finds a cue; `Some(kept)` consumes its words and records their spans in `kept`.
        let cue = |cue: Cue, words: &mut Vec<Word>, take: Option<&mut Vec<(usize, usize)>>| {
            let found = spans_of(cue);
            if let Some(kept) = take {
                for &(start, len) in &found {
                    consume(words, start, len);
                    kept.push((start, len));
                }
            }
            !found.is_empty()
        };
        let mut dropped = Vec::new();
        q.who = cue(Cue::Who, &mut words, Some(&mut dropped));
        q.profile = cue(Cue::Profile, &mut words, Some(&mut dropped));
        q.pronoun = cue(Cue::Pronoun, &mut words, Some(&mut dropped));
        q.topic_pronoun = cue(Cue::TopicPronoun, &mut words, Some(&mut dropped));
        q.detail = cue(Cue::Detail, &mut words, Some(&mut dropped));
        q.more = cue(Cue::More, &mut words, Some(&mut dropped));
        q.document_list = cue(Cue::DocumentList, &mut words, Some(&mut dropped));
        q.contact = cue(Cue::Contact, &mut words, None);
        q.fact = cue(Cue::Fact, &mut words, None);
        let mut named = Vec::new();
        q.time = cue(Cue::Time, &mut words, Some(&mut named));
        q.quantity = cue(Cue::Quantity, &mut words, Some(&mut named))
            || raw.iter().rev().find(|w| !w.stop || w.folded == "may").is_some_and(|w| w.folded == "may");
        q.quantity_unit = quantity_unit(&raw);
        q.overview = cue(Cue::Overview, &mut words, Some(&mut kept_for_scoring));
        q.source = cue(Cue::Source, &mut words, Some(&mut named));
        q.issuer = cue(Cue::Issuer, &mut words, Some(&mut named));
        kept_for_scoring.extend_from_slice(&named);
        kept_for_facts.extend_from_slice(&named);
        q.follow_up = is_follow_up(&raw);
        if q.follow_up {
            // "còn", "thế còn", "vậy còn" at the start and "thì sao" are not topic words.
            for w in words.iter_mut().filter(|w| matches!(w.folded.as_str(), "con" | "the" | "vay" | "sao" | "thi")) {
                w.stop = true;
            }
        }
        let restore = |spans: &[(usize, usize)]| {
            let mut out = words.clone();
            for &(start, len) in spans {
                for w in &mut out[start..start + len] {
                    w.stop = self.analyzer.stopwords.contains(w);
                }
            }
            out
        };
        q.scoring = restore(&kept_for_scoring);
        q.fact_scoring = restore(&kept_for_facts);
        q.words = words;
        q
    }

    /// "Kế hoạch 299", "Quyết định số 12": a kind of document with a number no known document has.
    fn names_unknown_document(&self, raw: &[Word]) -> bool {
        self.cues.document_kinds.find_all(raw).into_iter().any(|f| {
            let mut i = f.start + f.len;
            if raw.get(i).is_some_and(|w| w.folded == "so") {
                i += 1;
            }
            raw.get(i).is_some_and(|w| w.is_number() && !self.document_numbers.contains(w.text.as_str()))
        })
    }

    /// The entries scored against the query's topic, computed once per query.
    fn entry_scores<'q>(&self, q: &'q Query) -> &'q Scores {
        q.entry_scores.get_or_init(|| self.entries.score(&q.scoring, false))
    }

    /// The facts scored against the query (with the informativeness of words taken from the
    /// entries), computed once per query.
    fn fact_scores<'q>(&self, q: &'q Query) -> &'q Scores {
        q.fact_scores.get_or_init(|| self.facts.score_using(&compose::fact_words(self, q), &self.entries, false))
    }

    /// A document with entries of its own that is not the plan: the portal that published the
    /// article, reached by contact and source questions.
    fn is_portal(&self, d: usize) -> bool {
        d != self.plan && self.kb.entries.iter().any(|e| e.document == self.kb.documents[d].id)
    }

    /// True when the query has topic words beyond those most entries share.
    fn has_topic(&self, q: &Query) -> bool {
        q.topic().any(|w| self.entries.idf(w).is_none_or(|idf| idf >= GENERIC_IDF) && !w.is_number())
    }

    fn explain(&self, question: &str) -> String {
        use std::fmt::Write as _;
        let q = self.analyse(question);
        let mut out = String::new();
        let words: Vec<String> = q
            .words
            .iter()
            .map(|w| {
                let mut s = w.text.to_string();
                if w.origin == analyze::Origin::Corrected {
                    s.push_str("(corrected)");
                }
                if w.origin == analyze::Origin::Lexicon {
                    s.push_str("(lexicon)");
                }
                if w.stop {
                    s = format!("[{s}]");
                }
                s
            })
            .collect();
        let _ = writeln!(out, "tokens: {}", words.join(" "));
        let names =
            |ids: &[usize], f: &dyn Fn(usize) -> String| ids.iter().map(|&i| f(i)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "agencies: {}", names(&q.agencies, &|i| self.kb.agencies[i].id.clone()));
        let _ = writeln!(out, "documents: {}", names(&q.documents, &|i| self.kb.documents[i].id.clone()));
        let _ = writeln!(
            out,
            "cues: who={} profile={} fact={} overview={} contact={} source={} follow_up={} pronoun={} more={} detail={}",
            q.who, q.profile, q.fact, q.overview, q.contact, q.source, q.follow_up, q.pronoun, q.more, q.detail
        );
        if let Some(u) = q.uncovered {
            let _ = writeln!(out, "uncovered topic: {}", self.kb.uncovered[u].topic);
        }
        let scores = self.entries.score(&q.scoring, true);
        let _ = writeln!(out, "topic mass: {:.2}", scores.mass);
        for i in scores.ranked().iter().copied().take(6) {
            let _ = writeln!(
                out,
                "  {:<28} score {:>6.2}  coverage {:.2}  matched: {}",
                self.kb.entries[i].id,
                scores.score[i],
                scores.coverage[i],
                scores.matched[i].join(", ")
            );
        }
        let facts = self.facts.score_using(&compose::fact_words(self, &q), &self.entries, true);
        for i in facts.ranked().iter().copied().take(3) {
            let _ = writeln!(
                out,
                "  fact {:<23} score {:>6.2}  coverage {:.2}",
                self.kb.facts[i].id, facts.score[i], facts.coverage[i]
            );
        }
        out
    }
}

fn words_text(words: &[Word]) -> String {
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// The word a quantity question counts: the word right after "bao nhiêu" or "mấy" ("bao nhiêu
/// trường mầm non" → "truong"). None when a function word or nothing follows ("kết luận số
/// mấy của …", "tối thiểu bao nhiêu?"): then what is counted stands before the cue.
fn quantity_unit(raw: &[Word]) -> Option<SmolStr> {
    let after = raw.iter().enumerate().find_map(|(i, w)| match w.folded.as_str() {
        "nhieu" if i > 0 && raw[i - 1].folded == "bao" => Some(i + 1),
        "may" => Some(i + 1),
        _ => None,
    })?;
    raw.get(after).filter(|w| !w.stop).map(|w| w.folded.clone())
}

/// "Có … không?": a yes/no question.
fn yes_no(raw: &[Word]) -> bool {
    let content: Vec<&Word> = raw.iter().filter(|w| !w.is_number()).collect();
    content.first().is_some_and(|w| w.folded == "co") && content.last().is_some_and(|w| w.folded == "khong")
}

/// A phrase ending in "nào" (which): asks to name things, unless the question only asks
/// whether there are any ("Có trường nước ngoài nào … không?").
fn asks_which(phrase: &[Word]) -> bool {
    phrase.last().is_some_and(|w| w.folded == "nao")
}

/// "còn …", "thế còn …", "vậy còn …" at the start, or "… thì sao" anywhere.
fn is_follow_up(raw: &[Word]) -> bool {
    let f: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    let starts_con =
        |i: usize| raw.get(i).is_some_and(|w| w.folded == "con" && (!w.accented || w.text == lang::FOLLOW_UP_WORD));
    let start = starts_con(0) || (matches!(f.first(), Some(&"the") | Some(&"vay")) && starts_con(1));
    let thi_sao =
        f.windows(2).any(|p| p == ["thi", "sao"]) || f.windows(2).any(|p| p == ["the", "nao"]) && f.len() <= 4;
    start || thi_sao
}
