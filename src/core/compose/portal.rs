//! The portal that published the article: its contact details and the article's own data.

use super::cite::{cite_entry, cite_fact};
use super::{Draft, finish, mention_named};
use crate::core::{Answer, Context, Engine, Intent, MIN_COVERAGE, MIN_FACT_COVERAGE, Query, lang};
use crate::messages;

/// Contact details proper, among the contact cues: what a named body may be asked for (folded).
const CONTACT_DETAIL_CUES: &[&str] =
    &["lien he", "dia chi", "dien thoai", "sdt", "hotline", "email", "e mail", "mail", "fax", "van phong", "dat o dau"];
/// Any contact detail ("liên hệ"), among [`CONTACT_DETAIL_CUES`]: beside a named one, that one.
const CONTACT_ANY: &str = "lien he";
/// A website asked of a named body ("website của Sở Lao động"): a contact detail only then
/// (without a body, "trang web" is the portal that published the article).
const WEBSITE_CUES: &[&str] = &["website", "trang web", "trang chu"];

/// The page itself, asked whether it is official (folded).
const PAGE_WORD: &str = "trang";

/// Whose the page is, asked yes or no ("có phải … của thành phố", "thuộc nhà nước"), folded.
const YES_NO_OWNER: &[&str] = &["phai", "thuoc"];

/// How a fact's keywords say it answers "how many" (folded): "bao nhiêu người đọc".
const HOW_MANY_KEY: &str = "bao nhieu";

/// "ai" (who), folded.
const WHO_WORD: &str = "ai";

/// What a portal fact says when it names the body running the portal (folded, in its keywords).
const OWNER_CUE: &str = "co quan";

/// The two bodies behind a portal, as a question names each and as an owner fact's statement
/// says it (folded): the owning body ("chủ quản") and the managing one ("quản lý").
const OWNER_ROLES: [(&str, &str); 2] = [("chu quan", "co quan chu quan"), ("quan ly", "co quan quan ly")];

/// A question is about the article or its portal, whatever its other words, when a portal entry
/// is its best match and covers at least this much of it: most of the question's words are the
/// portal's ("bài viết này đăng trên trang web nào"), not one place name among others ("quán
/// phở nào ngon ở Ngô Quyền" shares only the street of the portal's address).
const PORTAL_COVERAGE: f32 = 0.6;

impl Engine {
    /// Whether the best matching entry, covering the question, belongs to a portal (the
    /// article and the site that published it) rather than to a plan.
    pub(in crate::core) fn best_is_portal(&self, q: &Query) -> bool {
        self.best_is_portal_at(q, PORTAL_COVERAGE)
    }

    /// Whether the best matching entry belongs to a portal and covers `coverage` of the question.
    fn best_is_portal_at(&self, q: &Query, coverage: f32) -> bool {
        let scores = self.entry_scores(q);
        scores.ranked().first().is_some_and(|&b| scores.coverage[b] >= coverage && self.entry_is_portal(b))
    }

    /// A portal has entries but no sections of its own; every plan has sections.
    fn entry_is_portal(&self, e: usize) -> bool {
        let document = &self.kb.entries[e].document;
        !self.kb.sections.iter().any(|s| &s.document == document)
    }

    /// "bai co nhac ten ai ko": the article named ("bài" and a source cue) is what is asked about
    /// when a portal entry matches best, at any share, and a fact of the portal answers.
    pub(in crate::core) fn article_data_asked(&self, q: &Query) -> bool {
        // The facts are scored only when the rest holds: most questions never need them.
        q.source
            && self.best_is_portal_at(q, 0.0)
            && self.fact_scores(q).ranked().first().is_some_and(|&f| {
                let facts = self.fact_scores(q);
                facts.coverage[f] >= MIN_FACT_COVERAGE
                    && self
                        .kb
                        .entries
                        .iter()
                        .position(|e| e.id == self.kb.facts[f].cites)
                        .is_some_and(|e| self.entry_is_portal(e))
            })
    }

    /// Whether a contact question asks for a contact detail proper ("địa chỉ", "số điện
    /// thoại", "email"), not the portal's other data ("cơ quan chủ quản").
    pub(in crate::core) fn asks_contact_detail(&self, q: &Query) -> bool {
        !self.contact_details_asked(q).is_empty()
    }

    /// The contact details a question asks for, as cue phrases (folded): "dia chi", "email".
    fn contact_details_asked(&self, q: &Query) -> Vec<&'static str> {
        let folded: Vec<&str> = q.words.iter().map(|w| w.folded.as_str()).collect();
        // The cue's words side by side among the question's; most questions hold no cue's first
        // word, and the cue is split only when one does.
        let has = |cue: &&str| {
            cue.split(' ').next().is_some_and(|first| folded.contains(&first)) && {
                let cue: Vec<&str> = cue.split(' ').collect();
                folded.windows(cue.len()).any(|w| w == cue.as_slice())
            }
        };
        let mut asked: Vec<&'static str> = CONTACT_DETAIL_CUES.iter().copied().filter(has).collect();
        if !q.agencies.is_empty() {
            asked.extend(WEBSITE_CUES.iter().copied().filter(has));
        }
        // "Email liên hệ của trang": the detail named, not any way to get in touch.
        if asked.len() > 1 {
            asked.retain(|&a| a != CONTACT_ANY);
        }
        let mut end = folded.len();
        while end > 0 && super::super::lang::CLOSING_WORDS.contains(&folded[end - 1]) {
            end -= 1;
        }
        // "ở đâu" closing a question about a body ("Sở Nội vụ ở đâu?") asks where it is; inside one
        // ("được nhắc đến ở đâu trong kế hoạch") it asks something else.
        if asked.is_empty() && folded[..end].ends_with(&lang::WHERE) {
            asked.push("dia chi");
        }
        // In the order the question names them ("địa chỉ và điện thoại").
        let at = |cue: &str| {
            let first = cue.split(' ').next().unwrap_or(cue);
            folded.iter().position(|w| *w == first).unwrap_or(folded.len())
        };
        asked.sort_by_key(|cue| at(cue));
        asked
    }
}

/// Contact details or the article's own data: entries outside the plan, and their facts.
pub(super) fn portal(engine: &Engine, q: &Query, ctx: &Context, intent: Intent) -> Option<Answer> {
    let kb = &engine.kb;
    let plan_id = &kb.documents[engine.plan].id;
    let facts = engine.fact_scores(q);
    // The article's own data ("ai viết", "đăng ngày nào") comes from the facts of the entry that
    // best matches the question; contact details from any of the portal's facts.
    let scores = engine.entry_scores(q);
    let best_entry = scores.ranked().iter().copied().find(|&i| &kb.entries[i].document != plan_id);
    let candidates: Vec<usize> = facts
        .by_coverage()
        .into_iter()
        .filter(|&i| {
            (intent == Intent::Contact || best_entry.is_some_and(|b| kb.facts[i].cites == kb.entries[b].id))
                && kb.entry(&kb.facts[i].cites).is_some_and(|e| &e.document != plan_id)
                && facts.coverage[i] >= MIN_FACT_COVERAGE
        })
        .collect();
    // "email trang tin …": the fact giving the detail asked for, before one that only shares
    // the portal's name.
    let asked = engine.contact_details_asked(q);
    // A fact's keywords (lower case, folded; its statement after them), folded once at start-up.
    let keywords = |i: usize| &engine.fact_folded[i][..kb.facts[i].keywords.len()];
    let gives_asked = |i: usize| keywords(i).iter().any(|k| asked.iter().any(|a| k.contains(a)));
    // "Trang web thuộc cơ quan nào?": which body runs the portal, whatever else is said of it.
    let owner = |i: usize| {
        keywords(i).iter().any(|k| k.contains(OWNER_CUE))
            && kb.entry(&kb.facts[i].cites).is_some_and(|e| &e.document != plan_id)
    };
    // "Cơ quan nào quản lý trang web đăng bài?": "which body" asks the owner even beside the
    // portal's other words; "ban biên tập là ai" asks a person.
    let which_body = q.words.windows(3).any(|w| {
        let [a, b, c] = [&w[0].folded, &w[1].folded, &w[2].folded];
        (a == "co" && b == "quan" || a == "don" && b == "vi") && c == "nao"
    });
    // "Trang web đăng bài này do sở nào quản lý?": which department, asked of the article's
    // page (a source question), is its owner too.
    let which_department = q.words.windows(2).any(|w| w[0].folded == "so" && w[1].folded == "nao");
    let owner_asked = q.who
        && asked.is_empty()
        && (intent == Intent::Contact && (!q.contact || which_body)
            || intent == Intent::Source && (which_body || which_department));
    // "Trang web này có phải trang chính thức không?": whose the page is, the owner fact that
    // matches the question best, not the page's name.
    // "Trang này có phải trang của thành phố không?", "trang này thuộc nhà nước à": whose it is,
    // asked yes or no, the same owner fact.
    let whose = |b: &&str| lang::chat::CHAT_OWNERS.iter().any(|o| q.says_any(&[format!("{b} {o}").as_str()]));
    let owner_named = q.says_any(YES_NO_OWNER) && lang::chat::OWNER_BEFORE.iter().any(whose);
    let official_page =
        asked.is_empty() && q.says_any(&[PAGE_WORD]) && (q.says_any(lang::chat::CHAT_OFFICIAL) || owner_named);
    // "Cơ quan chủ quản của trang tin là ai?", "trang này của cơ quan nào": the owner fact that
    // names the roles asked (the owning body, the managing one), both when the question names
    // neither or both; read only for a question about the owner (asked as such, or naming a
    // role and best matched by an owner fact).
    let named = OWNER_ROLES.map(|r| q.says_any(&[r.0]));
    let any_named = named.contains(&true);
    // "Ai quản lý trang web đăng bài": "ai" naming a role, asking no contact detail ("cơ quan
    // quản lý trang thì số nào" asks a number).
    let who_runs = q.who && asked.is_empty() && q.says_any(&[WHO_WORD]);
    let role_asked = owner_asked || any_named && (candidates.first().is_some_and(|&i| owner(i)) || who_runs);
    let role_fact = if role_asked {
        // The statement follows the keywords among a fact's folded texts.
        let says =
            |i: usize, role: &str| engine.fact_folded[i][kb.facts[i].keywords.len()..].iter().any(|s| s.contains(role));
        let fits = |i: usize| OWNER_ROLES.iter().zip(named).all(|(r, n)| says(i, r.1) == (n || !any_named));
        let fitting = |i: usize| owner(i) && fits(i);
        candidates
            .iter()
            .copied()
            .find(|&i| fitting(i))
            .or_else(|| (0..kb.facts.len()).find(|&i| fitting(i)))
            // A portal whose owner facts name no role: the owner fact the question matches best.
            .or_else(|| candidates.iter().copied().find(|&i| owner(i)))
            .or_else(|| (0..kb.facts.len()).find(|&i| owner(i)).filter(|_| owner_asked))
    } else {
        None
    };
    // "Tác giả bài viết công tác ở cơ quan nào?": the source names the author, not the author's body.
    if role_asked && (which_body || which_department) && q.says_any(lang::AUTHOR_CUES) {
        return Some(decline(engine, q, ctx, messages::AUTHOR_BODY_NOT_GIVEN));
    }
    // "Bài viết có bao nhiêu mục?": only a fact giving what is counted answers how many.
    let counts =
        |i: usize| q.quantity_unit.as_deref().is_none_or(|u| engine.fact_folded[i].iter().any(|k| k.contains(u)));
    if q.quantity && !candidates.is_empty() && !candidates.iter().any(|&i| counts(i)) {
        return Some(decline(engine, q, ctx, messages::ARTICLE_NO_FIGURE));
    }
    // "email của ban biên tập": the detail asked, among the facts of the part of the page the
    // question names (its contact block), whatever their share of the question's words (a
    // contact question: "nguồn … ở đâu" asks no address).
    let part = candidates.first().filter(|_| intent == Intent::Contact).map(|&b| kb.facts[b].cites.as_str());
    let detail = (0..kb.facts.len()).find(|&i| gives_asked(i) && part == Some(kb.facts[i].cites.as_str()));
    if !asked.is_empty() && part.is_some() && detail.is_none() && !candidates.iter().any(|&i| gives_asked(i)) {
        // "Số điện thoại của tác giả?": the page gives contact details of itself alone.
        return Some(decline(engine, q, ctx, messages::NO_DETAIL_GIVEN));
    }
    // "Địa chỉ và số điện thoại của trang?": every detail asked, in the order asked; "liên hệ thế
    // nào?": every way of getting in touch the page gives.
    if let Some(p) = part.filter(|_| q.agencies.is_empty()) {
        let several = details_in(engine, &asked, |i| kb.facts[i].cites == p);
        if several.len() > 1 {
            let mut d = Draft { score: facts.coverage[several[0]].max(MIN_COVERAGE), ..Draft::default() };
            let lines: Vec<String> = several
                .iter()
                .map(|&i| {
                    let marks = cite_fact(engine, &mut d, i);
                    mention_named(engine, &mut d, i);
                    format!("{} {marks}", kb.facts[i].statement)
                })
                .collect();
            d.body = lines.join("\n");
            d.document = kb.entry(p).map(|e| e.document.clone());
            return Some(finish(engine, q, ctx, Intent::Contact, true, d));
        }
    }
    // "Bài viết có đầy đủ nội dung kế hoạch không?": what kind of text the article is (a
    // summary, not the full text), among the facts of the article the question matches.
    let whole_asked = asked.is_empty() && q.says_any(lang::WHOLE_TEXT_CUES);
    let says_summary = |i: usize| engine.fact_folded[i].iter().any(|k| k.contains(lang::NOT_FULL_TEXT));
    // "Bài viết được bao nhiêu người đọc?": a fact keyed for "how many", before one that only
    // shares the article's words (its byline).
    let keyed_count = |i: usize| counts(i) && keywords(i).iter().any(|k| k.starts_with(HOW_MANY_KEY));
    let best_fact = (if q.quantity { candidates.iter().copied().find(|&i| keyed_count(i)) } else { None })
        .or_else(|| candidates.iter().copied().find(|&i| gives_asked(i)))
        .or(detail)
        .or_else(|| if whole_asked { candidates.iter().copied().find(|&i| says_summary(i)) } else { None })
        .or(role_fact)
        // The owner fact the question matches best ("chủ quản" is not "quản lý"), else the first.
        .or_else(|| if official_page { facts.by_coverage().into_iter().find(|&i| owner(i)) } else { None })
        .or_else(|| candidates.first().copied());
    if let Some(fi) = best_fact {
        let f = &kb.facts[fi];
        let e = kb.entry(&f.cites)?;
        let mut d = Draft { score: facts.coverage[fi], ..Draft::default() };
        let marks = cite_fact(engine, &mut d, fi);
        d.body = format!("{} {marks}", f.statement);
        mention_named(engine, &mut d, fi);
        d.document = Some(e.document.clone());
        // Who runs the portal is part of its contact details, however it was asked.
        let intent = if owner(fi) { Intent::Contact } else { intent };
        return Some(finish(engine, q, ctx, intent, true, d));
    }
    let best = best_entry.or_else(|| kb.entries.iter().position(|e| &e.document != plan_id))?;
    let e = &kb.entries[best];
    let mut d = Draft { score: scores.coverage[best].max(MIN_COVERAGE), ..Draft::default() };
    let source = kb.source(&e.source)?;
    let n = cite_entry(engine, &mut d, e, &q.scoring);
    d.body = match intent {
        Intent::Source => format!(
            "{} [{n}]",
            messages::source_intro(&source.title, &source.publisher, &source.published, &source.author)
        ),
        _ => format!("{} [{n}]", e.summary),
    };
    // "Thông tin trong bài có chính thống không, lấy từ đâu ra?": where it comes from, then whose
    // the page is (its owner and manager), the only answer the source gives to "official".
    if intent == Intent::Source && q.says_any(lang::OFFICIAL_CUES) {
        if let Some(fi) = facts.by_coverage().into_iter().find(|&i| owner(i)) {
            let marks = cite_fact(engine, &mut d, fi);
            d.body = format!("{}\n{} {marks}", d.body, kb.facts[fi].statement);
        }
    }
    d.document = Some(e.document.clone());
    Some(finish(engine, q, ctx, intent, true, d))
}

/// The facts among `within` that give the contact details `asked` (cue phrases, folded), in
/// the order the question asks them: one fact per detail named, every one for "liên hệ".
fn details_in(engine: &Engine, asked: &[&str], within: impl Fn(usize) -> bool) -> Vec<usize> {
    let kb = &engine.kb;
    let gives = |i: usize, a: &str| engine.fact_folded[i][..kb.facts[i].keywords.len()].iter().any(|k| k.contains(a));
    let mut found = Vec::new();
    for &a in asked {
        for i in (0..kb.facts.len()).filter(|&i| within(i) && gives(i, a)) {
            if !found.contains(&i) {
                found.push(i);
            }
            if a != CONTACT_ANY {
                break;
            }
        }
    }
    found
}

/// A decline from the portal's data: what the page does not give, then what the bot covers.
fn decline(engine: &Engine, q: &Query, ctx: &Context, reason: &str) -> Answer {
    let d = Draft { body: format!("{reason}\n{}", engine.kb.smalltalk_reply("scope")), ..Draft::default() };
    finish(engine, q, ctx, Intent::OutOfScope, false, d)
}
