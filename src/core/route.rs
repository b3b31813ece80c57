//! Routing: which composer answers a question, decided by pure functions over plain data (the
//! question's [`Signals`] and the conversation's [`Context`]). A route that may find nothing to
//! say ("a fact, if one is stated") carries the route that answers otherwise.

use super::{Context, Engine, Intent, MIN_COVERAGE, Query, lang};
use std::fmt;

mod courtesy;
mod issuer;
mod says;
use courtesy::{closes_asking, promises};
use says::{article_contents, document_says, ends_on_about};

/// What a question says, as far as routing is concerned: plain flags read from the analysed
/// question (and, after [`before_context`], from the question with its follow-up resolved).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// No word at all (an empty message, punctuation only).
    pub empty: bool,
    /// The small-talk pattern found ("xin chào", "cảm ơn"): its index in the knowledge base.
    pub smalltalk: Option<usize>,
    /// Besides the small talk stands a real question: more than one known topic word, and an
    /// entry covers the question.
    pub smalltalk_rest_is_question: bool,
    /// The whole message is chat about the bot: the bodies it names are no question's.
    pub chat: bool,
    /// A topic the knowledge base lists as not covered by the plan: its index.
    pub uncovered: Option<usize>,
    /// A kind of document with a number no known document has ("Kế hoạch 299").
    pub unknown_document: bool,
    /// A body or school named by a proper name the source never mentions ("Sở Y tế").
    pub unknown_entity: bool,
    /// That name, in English, holds the names of known agencies only as words of its own
    /// ("Hai Phong Medical University" is no "Hai Phong University"): it is declined even when
    /// agencies are found in it. A district is answered with what the plan gives every district.
    pub entity_over_agencies: bool,
    /// The article is asked what it says ("bài này nói về gì", "tóm tắt bài viết"): a source
    /// cue, an overview cue and a word of saying or summing up (in English the cues suffice:
    /// "about" is read as no word).
    pub article_contents: bool,
    /// The article is asked what it says of a topic ("bài viết nói gì về ngân sách").
    pub article_says: bool,
    /// A part or an item of the article is named ("đoạn cuối của bài viết nói gì"): the article
    /// is laid out as the plan, so the plan's part or item answers, not the byline.
    pub article_part: bool,
    /// Agencies are named (or, in context, referred to).
    pub agencies: bool,
    /// Bodies are named, none of them the plan's issuer ("Thành ủy ban hành nghị quyết nào"):
    /// an issuer cue asks what they issued, not who issued the plan.
    pub other_issuer: bool,
    /// The plan itself is named.
    pub plan_named: bool,
    /// Other documents named, in the order of the question (indexes in the knowledge base).
    pub other_documents: Vec<usize>,
    /// Every other document named is a portal (the article's publisher), not a real document.
    pub other_documents_are_portals: bool,
    /// Another document named as the one speaking, about a topic or a body ("Nghị quyết 29 nói
    /// gì về giáo viên", "Kết luận 91 yêu cầu Bộ GD làm gì"): its index.
    pub document_says: Option<usize>,
    /// Topic words beyond those most entries share.
    pub topic: bool,
    /// Topic words were taken from the context.
    pub borrowed_topic: bool,
    /// Cues: "ai" (who is responsible).
    pub who: bool,
    /// "làm gì", "nhiệm vụ gì": what an agency does.
    pub profile: bool,
    /// A fact is asked for ("là gì", "tên là").
    pub fact: bool,
    /// When ("ngày nào", "năm nào").
    pub time: bool,
    /// How many ("bao nhiêu", "mấy").
    pub quantity: bool,
    /// Who issued it ("ban hành", "ký").
    pub issuer: bool,
    /// Which documents the plan mentions.
    pub document_list: bool,
    /// What the plan is about, as a whole.
    pub overview: bool,
    /// The plan's parts or items are counted ("kế hoạch có mấy phần", "gồm mấy mục").
    pub structure: bool,
    /// Contact details.
    pub contact: bool,
    /// A contact detail proper is asked for (an address, a phone number, an email), not the
    /// portal's other data.
    pub contact_detail: bool,
    /// The best matching entry, covering the question, is the article's or its portal's (not
    /// the plan's): "bài viết đăng trên trang nào", "ai viết bài".
    pub about_portal: bool,
    /// "Bài này là tin tức hay văn bản gốc?": what kind of text the article is.
    pub article_kind: bool,
    /// Where it comes from ("nguồn").
    pub source: bool,
    /// It names the article or its author ([`lang::BYLINE`]: "bài viết", "tác giả").
    pub byline: bool,
    /// "còn … thì sao?".
    pub follow_up: bool,
    /// "còn … nữa": more of the same.
    pub more: bool,
    /// "chi tiết hơn": the previous answer in full.
    pub detail: bool,
}

impl Signals {
    /// A question as asked: also whether a real question stands beside its small talk (the
    /// only signal that needs the entries' scores).
    pub(super) fn asked(engine: &Engine, q: &Query) -> Signals {
        let mut s = Signals::read(engine, q);
        // A greeting or thanks beside a question with two topic words or more ("chào ad, GD&ĐT
        // phải làm gì") opens it, however loosely its words match ("alo alo có ai không" does not).
        let courtesy = s.smalltalk.is_some_and(|i| COURTESY.contains(&engine.kb.smalltalk[i].id.as_str()));
        let asks = q.who || q.profile || q.fact || q.time || q.quantity || q.issuer || q.contact || q.document_list;
        s.smalltalk_rest_is_question = !s.empty
            && s.smalltalk.is_some()
            && (courtesy && asks && q.topic().filter(|w| !w.is_number()).nth(1).is_some()
                || q.smalltalk_rest > 1 && {
                    let scores = engine.entry_scores(q);
                    scores.ranked().first().is_some_and(|&b| scores.coverage[b] >= MIN_COVERAGE)
                }
                // "xin chào tôi là phụ huynh … nghe nói thành phố định … có thật không": a greeting
                // before a long message closing on a question word asks it, unpunctuated as it is.
                || courtesy && q.smalltalk_rest > 2 && closes_asking(q));
        // "Cảm ơn ad, khi nào rảnh mình sẽ đọc lại": thanks and what the asker will do, no question.
        if courtesy && promises(q) {
            s.chat = true;
            s.smalltalk_rest_is_question = false;
        }
        s
    }

    /// The flags of a query (as asked or as resolved).
    pub(super) fn read(engine: &Engine, q: &Query) -> Signals {
        let other_documents: Vec<usize> = q.documents.iter().copied().filter(|&d| d != engine.plan).collect();
        // "What is the article about?": English asks what a text says with a closing "about".
        let english_about = q.english && q.source && ends_on_about(&q.question);
        let topic = engine.has_topic(q);
        let part_who = q.who && super::compose::part_asked_who(engine, q);
        let named_part = super::compose::part_or_item_named(engine, q);
        Signals {
            empty: q.words.is_empty(),
            smalltalk: q.smalltalk,
            smalltalk_rest_is_question: false,
            chat: q.chat,
            uncovered: q.uncovered,
            unknown_document: q.unknown_document,
            unknown_entity: q.unknown_entity.is_some(),
            entity_over_agencies: q.unknown_entity.as_deref().is_some_and(|n| q.english && !engine.names_place(n)),
            agencies: !q.agencies.is_empty(),
            article_contents: english_about || article_contents(engine, q),
            article_says: q.source && (q.says_any(lang::SAYS_ABOUT) || q.says_any(lang::MENTIONS)),
            article_part: q.source && named_part,
            other_issuer: !q.agencies.is_empty() && {
                let issuer = engine.kb.documents[engine.plan].issuer.as_deref();
                q.agencies.iter().all(|&a| Some(engine.kb.agencies[a].id.as_str()) != issuer)
            },
            plan_named: q.documents.contains(&engine.plan)
                || issuer::kind_issuer_asked(engine, q)
                || issuer::kind_dated(engine, q),
            other_documents_are_portals: other_documents.iter().all(|&d| engine.is_portal(d)),
            document_says: document_says(engine, q, &other_documents, topic),
            other_documents,
            topic,
            borrowed_topic: q.borrowed_topic,
            // "phần tổ chức thực hiện giao việc cho cơ quan nào": the part's items are its bodies.
            who: q.who && !part_who,
            profile: q.profile,
            fact: q.fact,
            time: q.time,
            quantity: q.quantity,
            issuer: q.issuer,
            document_list: q.document_list,
            overview: q.overview || english_about,
            // "phần 2 có mấy mục", "phan 3 gom nhung muc nao": a part named by its place.
            structure: part_who || q.counts_parts() || named_part,
            contact: q.contact,
            byline: q.says_any(lang::BYLINE),
            // "Sở Nội vụ ở đâu?": a body and where it is, nothing else, asks its address.
            contact_detail: (q.contact || !q.agencies.is_empty() && !topic) && engine.asks_contact_detail(q),
            about_portal: engine.best_is_portal(q) || engine.article_data_asked(q),
            article_kind: q.source && q.says_any(lang::ARTICLE_KIND_CUES),
            source: q.source,
            follow_up: q.follow_up,
            more: q.more,
            detail: q.detail,
        }
    }

    /// Portals are named, and no other document.
    fn names_portals(&self) -> bool {
        !self.other_documents.is_empty() && self.other_documents_are_portals
    }

    /// "Trang web đăng bài thuộc cơ quan nào?": who a named portal belongs to.
    fn asks_portal_owner(&self) -> bool {
        self.who && !self.source && self.names_portals()
    }

    /// Some document is named, the plan or another.
    fn documents(&self) -> bool {
        self.plan_named || !self.other_documents.is_empty()
    }
}

/// Which composer answers, and with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// An empty message: the small-talk reply for it.
    Empty,
    /// Small talk: the reply of this pattern (index in the knowledge base).
    Smalltalk(usize),
    /// The bot declines, saying why when it knows.
    OutOfScope(Decline),
    /// "chi tiết hơn": the previous answer's citations in full.
    Detail,
    /// "nguồn ở đâu?": where the previous answer's citations come from.
    SourcePrevious,
    /// The portal's own entries and facts (contact details, the article's data), if any;
    /// `intent` is [`Intent::Contact`] or [`Intent::Source`].
    Portal { intent: Intent, otherwise: Box<Route> },
    /// The stated fact that best answers, if one is stated.
    Fact { wanted: Wanted, otherwise: Box<Route> },
    /// The plan itself as a document: who issued it, when, what it implements.
    Plan,
    /// Another document the plan mentions (index in the knowledge base).
    Document(usize),
    /// Every document the plan mentions.
    Documents,
    /// What the plan is about, as a whole.
    Overview,
    /// What the named agencies must do. `otherwise`: the question has a topic of its own, and
    /// when none of the agencies' duties covers it, this route answers instead.
    Agency { otherwise: Option<Box<Route>> },
    /// Who is responsible for the question's topic.
    Responsibility,
    /// Every agency with duties, each with its first one.
    Responsibilities,
    /// What the plan says about the question's topic (declines when nothing covers it).
    Content,
}

/// Which stated fact answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The best matching fact ("… là gì?").
    Any,
    /// A fact giving a date or a year ("khi nào?").
    Date,
    /// A fact giving a number, of the thing counted when the question says ("bao nhiêu trường").
    Number,
    /// A fact matching the question almost word for word, and no entry matching better.
    Close,
}

/// Why the bot declines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decline {
    /// Nothing in the plan covers the question.
    Unknown,
    /// A topic the plan does not cover (index in the knowledge base).
    Topic(usize),
    /// A document the knowledge base does not have.
    OtherDocument,
    /// What another document (index) says on a topic: the source gives its name, not that.
    DocumentContents(usize),
    /// A body or school the source never mentions.
    UnknownEntity,
    /// A named body's contact details, which the source does not give.
    NoContact,
    /// "When" without a stated date: said so when the plan covers the topic.
    NoDate,
    /// "How many" without a stated figure: said so when the plan covers the topic.
    NoFigure,
    /// An ordinal past the agencies the previous answer listed ("cơ quan thứ năm" after three).
    BeyondList,
}

/// The small talk that only opens or closes a message (greeting, thanks, goodbye): beside a
/// question, the question is answered.
const COURTESY: &[&str] = &["greeting", "thanks", "goodbye"];

/// The whole routing step: [`before_context`], else [`in_context`] over the question as
/// resolved against the context (the pipeline resolves follow-ups between the two, and only
/// when the first gives no route).
pub fn decide(asked: &Signals, context: &Context, resolved: &Signals) -> Route {
    before_context(asked, context).unwrap_or_else(|| in_context(resolved))
}

/// The routes that read the question as asked, before the context fills anything in: empty
/// messages, small talk, uncovered topics, unknown documents, and "more detail" or "which
/// source" about the previous answer.
pub fn before_context(s: &Signals, context: &Context) -> Option<Route> {
    if s.empty {
        return Some(Route::Empty);
    }
    if let Some(id) = s.smalltalk {
        // "Cảm ơn, thông tin rất hữu ích": small talk unless the rest is a real question.
        if s.chat || !s.agencies && !s.documents() && !s.smalltalk_rest_is_question {
            return Some(Route::Smalltalk(id));
        }
    }
    if let Some(u) = s.uncovered {
        // "Trang web đăng bài thuộc cơ quan nào?": a question about the portal that published
        // the article is about the portal, not about a topic of the plan.
        // "Trang này thuộc cơ quan nào?": whose the named portal is (its contact entry), when
        // nothing else is asked ("Trang này có nói ai lo việc phân luồng …" is the topic's).
        let about_portal = s.about_portal && s.names_portals() || s.asks_portal_owner() && !s.topic;
        if !about_portal && !s.article_kind {
            return Some(Route::OutOfScope(Decline::Topic(u)));
        }
    }
    if s.unknown_document && !s.documents() {
        return Some(Route::OutOfScope(Decline::OtherDocument));
    }
    if let Some(d) = s.document_says {
        return Some(Route::OutOfScope(Decline::DocumentContents(d)));
    }
    if s.unknown_entity && (!s.agencies || s.entity_over_agencies) {
        // "Sở Y tế làm gì?": never answered with another body's duties.
        return Some(Route::OutOfScope(Decline::UnknownEntity));
    }
    if !context.is_empty() {
        if s.detail && !s.topic && !s.agencies && !context.cited.is_empty() {
            return Some(Route::Detail);
        }
        // "bài viết của ai?" asks the article's author, not where the last answer came from;
        // "nguồn tin này của ai?" does.
        let byline_asked = s.who && s.byline;
        if s.source && !s.topic && !byline_asked && !context.cited.is_empty() {
            return Some(Route::SourcePrevious);
        }
    }
    None
}

/// The routes of a question read in context, first match wins; a tentative route (portal,
/// fact, agency) carries the rest of the cascade as what answers otherwise.
pub fn in_context(s: &Signals) -> Route {
    // "Trang web đăng bài thuộc cơ quan nào?": who the portal belongs to is its contact entry.
    if (s.contact || s.asks_portal_owner()) && !s.agencies {
        return Route::Portal { intent: Intent::Contact, otherwise: Box::new(after_contact(s)) };
    }
    if s.contact_detail && s.agencies && !s.profile {
        // "Địa chỉ Sở Giáo dục và Đào tạo ở đâu?": the source gives only the portal's details.
        return Route::OutOfScope(Decline::NoContact);
    }
    after_contact(s)
}

fn after_contact(s: &Signals) -> Route {
    // "Bài viết này nói về gì?": what the article says is the plan's overview, not its byline.
    // "Bài viết nói gì về ngân sách?": what it says of a topic is the topic's, not its byline.
    let article_contents = s.article_contents && !s.topic || s.article_says && s.topic || s.article_part;
    // "Ai đưa ra kế hoạch này?": the plan's issuer, though its cue words match the portal's.
    // "… do ai ban hành?" then "ngày nào?": the plan's date (the plan named or taken from the
    // context), not the article's posting time.
    let plan_issuer = (s.issuer || s.time) && s.plan_named && !s.source;
    if (s.source && (!s.topic || s.article_kind) || s.about_portal && !plan_issuer)
        && !s.agencies
        && s.other_documents_are_portals
        && !article_contents
    {
        return Route::Portal { intent: Intent::Source, otherwise: Box::new(after_portal(s)) };
    }
    after_portal(s)
}

fn after_portal(s: &Signals) -> Route {
    // "Kế hoạch gồm mấy nội dung chính?" asks the plan's outline, not a figure.
    // "Kế hoạch có bao nhiêu phần?", "phần tổ chức thực hiện có mấy mục?": its parts or a
    // part's items, though "phần" or a heading's words score as a topic.
    let structure = s.structure && !s.agencies && s.other_documents.is_empty() && !s.who;
    let outline = s.overview && !s.topic && s.other_documents.is_empty() || structure;
    if (s.time || s.quantity) && (s.topic || s.documents()) && !s.who && !outline {
        // Only a stated figure answers "how many" or "when": never a nearby provision.
        let (wanted, decline) =
            if s.time { (Wanted::Date, Decline::NoDate) } else { (Wanted::Number, Decline::NoFigure) };
        return Route::Fact { wanted, otherwise: Box::new(Route::OutOfScope(decline)) };
    }
    if s.issuer && s.other_documents.is_empty() && (!s.topic || s.plan_named) && (s.plan_named || !s.other_issuer) {
        // "Ai ban hành kế hoạch này?", "KH 298 có phải văn bản của Thành ủy?": the plan itself.
        return Route::Plan;
    }
    if s.document_list && !s.agencies && !s.topic {
        return Route::Documents;
    }
    if structure || !s.agencies && s.other_documents.is_empty() && !s.topic && (s.overview || s.plan_named) && !s.who {
        return Route::Overview;
    }
    if s.fact && !s.who {
        return Route::Fact { wanted: Wanted::Any, otherwise: Box::new(after_fact(s)) };
    }
    after_fact(s)
}

fn after_fact(s: &Signals) -> Route {
    // A body and a document it carries out ("Trường Đại học Hải Phòng phải triển khai đề án
    // nào?") ask for that body's duty about the document: its duties, the topic deciding.
    if s.agencies && (s.profile || s.other_documents.is_empty() || s.topic) && !(s.who && s.topic) {
        // An agency's name inside a question about a topic none of its duties covers is
        // answered as content; a follow-up about the agency ("còn Sở Tài chính thì sao?"),
        // "làm gì" and "còn … nữa" are about the agency.
        let topical = (s.topic || s.borrowed_topic) && !s.profile && !s.more && !s.follow_up;
        return Route::Agency { otherwise: topical.then(|| Box::new(Route::Content)) };
    }
    if let Some(&d) = s.other_documents.first() {
        if !s.topic || s.issuer {
            return Route::Document(d);
        }
    }
    if !s.who && s.topic {
        return Route::Fact { wanted: Wanted::Close, otherwise: Box::new(last(s)) };
    }
    last(s)
}

fn last(s: &Signals) -> Route {
    match (s.who, s.topic) {
        (true, true) => Route::Responsibility,
        (true, false) => Route::Responsibilities,
        _ => Route::Content,
    }
}

/// A route in a few words: `fact(date) else out-of-scope(no-date)`.
impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Empty => write!(f, "empty"),
            Route::Smalltalk(i) => write!(f, "smalltalk({i})"),
            Route::OutOfScope(d) => write!(f, "out-of-scope({d})"),
            Route::Detail => write!(f, "detail"),
            Route::SourcePrevious => write!(f, "source-previous"),
            Route::Portal { intent, otherwise } => write!(f, "portal({}) else {otherwise}", intent.name()),
            Route::Fact { wanted, otherwise } => write!(f, "fact({wanted}) else {otherwise}"),
            Route::Plan => write!(f, "plan"),
            Route::Document(d) => write!(f, "document({d})"),
            Route::Documents => write!(f, "documents"),
            Route::Overview => write!(f, "overview"),
            Route::Agency { otherwise: None } => write!(f, "agency"),
            Route::Agency { otherwise: Some(o) } => write!(f, "agency else {o}"),
            Route::Responsibility => write!(f, "responsibility"),
            Route::Responsibilities => write!(f, "responsibilities"),
            Route::Content => write!(f, "content"),
        }
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Wanted::Any => "any",
            Wanted::Date => "date",
            Wanted::Number => "number",
            Wanted::Close => "close",
        })
    }
}

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decline::Unknown => write!(f, "unknown"),
            Decline::Topic(i) => write!(f, "topic {i}"),
            Decline::OtherDocument => write!(f, "other-document"),
            Decline::DocumentContents(d) => write!(f, "document-contents({d})"),
            Decline::UnknownEntity => write!(f, "unknown-entity"),
            Decline::NoContact => write!(f, "no-contact"),
            Decline::NoDate => write!(f, "no-date"),
            Decline::NoFigure => write!(f, "no-figure"),
            Decline::BeyondList => write!(f, "beyond-list"),
        }
    }
}
