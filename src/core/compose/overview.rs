//! What the plan is about, as a whole: its summary, opening provisions and parts.

use super::cite::cite_entry;
use super::{Draft, finish};
use crate::core::analyze::Word;
use crate::core::{Answer, Context, Engine, Intent, Query};
use crate::knowledge::{Entry, Knowledge, Role};
use crate::messages;

pub(super) fn overview(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    if let Some(answer) = part_outline(engine, q, ctx) {
        return answer;
    }
    let kb = &engine.kb;
    let plan = &kb.documents[engine.plan];
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let issuer = plan.issuer.as_deref().and_then(|i| kb.agency(i)).map(|a| a.name.as_str());
    d.body =
        format!("{}: {}", messages::document_line(&messages::document_name(plan), &plan.date, issuer), plan.summary);
    let scores = engine.entry_scores(q);
    let mut ranked: Vec<usize> = engine.plan_intro.clone();
    ranked.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]).then(a.cmp(&b)));
    let mut numbers = Vec::new();
    for &e in ranked.iter().take(2) {
        numbers.push(cite_entry(engine, &mut d, &kb.entries[e], &q.words));
    }
    let refs: Vec<String> = numbers.iter().map(|n| format!("[{n}]")).collect();
    d.body.push_str(&format!(" {}", refs.join("")));
    let parts: Vec<String> =
        kb.sections.iter().filter(|s| s.document == plan.id && s.parent.is_none()).map(|s| s.title.clone()).collect();
    if !parts.is_empty() {
        d.body.push('\n');
        d.body.push_str(&messages::overview_parts(&parts));
    }
    if let Some(a) = plan.issuer.as_deref().and_then(|i| kb.agency(i)) {
        d.mention(&a.id, &a.name, Some(messages::role(Role::BanHanh)));
    }
    d.document = Some(plan.id.clone());
    finish(engine, q, ctx, Intent::Overview, true, d)
}

/// The plan's opening entries (no section), except the article's headline (an entry whose quotes
/// are all its source's title), in knowledge-base order: found once, when the engine is built.
pub(in crate::core) fn plan_intro(kb: &Knowledge, plan: usize) -> Vec<usize> {
    let plan = &kb.documents[plan];
    let headline = |e: &Entry| {
        kb.source(&e.source).is_some_and(|s| {
            e.quotes
                .iter()
                .all(|x| crate::knowledge::check::comparable(x) == crate::knowledge::check::comparable(&s.title))
        })
    };
    (0..kb.entries.len())
        .filter(|&i| {
            let e = &kb.entries[i];
            e.document == plan.id && e.section.is_none() && !headline(e)
        })
        .collect()
}

/// "Phần tổ chức thực hiện gồm những gì?", "nội dung triển khai thực hiện có những gì?", "phần 2
/// có mấy mục": a part of the plan named by its heading or its place, asked what it holds, with
/// no other topic: its numbered items, each citing its first provision (so that "nói rõ ý 2" then
/// points at the second item). A part or an item past the last is said to be so, with the list.
pub(super) fn part_outline(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let kb = &engine.kb;
    if !q.agencies.is_empty() {
        return None;
    }
    // "mục 3 phần tổ chức thực hiện nói gì", "ý thứ 2 của phần nội dung": one item of the part.
    let pointers = engine.cues.items.find_all(&q.words);
    // "cơ quan nào được nêu đầu tiên trong phần tổ chức thực hiện": an ordinal alone, asked who.
    let alone = if pointers.is_empty() && q.who { ordinal_alone(q) } else { None };
    let pointed = pointers.first().map(|f| *f.value).or(alone.map(|a| a.0));
    let placed = part_place(engine, q);
    // Asking who reaches here only through `part_asked_who` (the route reads other who questions
    // elsewhere): the part's items answer it.
    if !(q.overview || pointed.is_some() || q.counts_parts() || placed.is_some() || q.who) {
        return None;
    }
    let parts = plan_parts(engine);
    let part = match placed {
        Some(place) => {
            let at = if place == usize::MAX { parts.len().checked_sub(1)? } else { place };
            match parts.get(at) {
                Some(&p) => p,
                None => return Some(parts_beyond(engine, q, ctx, place + 1, &parts)),
            }
        }
        None => match part_by_heading(engine, q, &parts, |i| in_items(&pointers, i) || in_ordinal(alone, i)) {
            Some(p) => p,
            // "mục cuối cùng của kế hoạch": the last item of the last part.
            None if last_item_of_plan(engine, q) => *parts.last()?,
            None => return None,
        },
    };
    let s = &kb.sections[part];
    let items: Vec<&crate::knowledge::Section> =
        kb.sections.iter().filter(|c| c.parent.as_deref() == Some(s.id.as_str())).collect();
    if items.is_empty() {
        return None;
    }
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::part_items(&s.title, items.len());
    if let Some(place) = pointed {
        let item = if place == usize::MAX { items.last() } else { items.get(place) };
        match item {
            Some(&c) => return Some(part_item(engine, q, ctx, c)),
            None => d.body = messages::item_beyond(&s.title, place + 1, items.len()),
        }
    }
    for c in items {
        let first = kb.entries_in_section(&c.id).into_iter().next();
        let marks = first.map(|e| format!(" [{}]", cite_entry(engine, &mut d, e, &[]))).unwrap_or_default();
        d.body.push_str(&format!("\n{} {}{marks}", c.number, c.title));
    }
    d.document = Some(kb.documents[engine.plan].id.clone());
    Some(finish(engine, q, ctx, Intent::Overview, true, d))
}

/// The part (of `parts`, the plan's top-level sections) whose heading the question names: in
/// full, by its first words when three or more ("nội dung triển khai"), or after "phần" ("phần
/// tổ chức", "phần nội dung"), with no other topic word.
/// Words `named` (by index: an item pointed at, "mục thứ hai") ask no topic either.
fn part_by_heading(engine: &Engine, q: &Query, parts: &[usize], named: impl Fn(usize) -> bool) -> Option<usize> {
    // The question's syllables, folded, and which are topic words.
    let syllables: Vec<(&str, bool)> = q
        .words
        .iter()
        .enumerate()
        .flat_map(|(i, w)| {
            let topical = !w.stop && !w.is_number() && !named(i);
            w.folded.split(' ').map(move |x| (x, topical))
        })
        .collect();
    parts.iter().copied().find(|&p| {
        let title = heading(engine, p);
        let title: Vec<&str> = title.split(' ').collect();
        (2..=title.len()).rev().any(|k| {
            syllables.windows(k).enumerate().any(|(at, w)| {
                let named = k == title.len() || k >= 3 || at > 0 && syllables[at - 1].0 == PART_NOUN;
                named
                    && w.iter().map(|x| x.0).eq(title[..k].iter().copied())
                    && syllables
                        .iter()
                        .enumerate()
                        .all(|(i, (x, topical))| !topical || (at..at + k).contains(&i) || PART_FRAME.contains(x))
            })
        })
    })
}

/// "phần 2 có mấy mục", "phan thu hai gom nhung gi": the place (from 0, `usize::MAX` for the
/// last) of the part the question names by its place, when it asks nothing else (every other
/// topic word is one of [`PART_FRAME`] or points at an item: "mục 3 phần 2") and names no
/// document but the plan.
pub(in crate::core) fn part_place(engine: &Engine, q: &Query) -> Option<usize> {
    let found = engine.cues.parts.find_all(&q.words);
    let first = found.first()?;
    if q.documents.iter().any(|&d| d != engine.plan) {
        return None;
    }
    let items = engine.cues.items.find_all(&q.words);
    framed(q, |i| in_items(&found, i) || in_items(&items, i)).then_some(*first.value)
}

/// "phần tổ chức thực hiện", "trong phần 2", "phần thứ hai", "phần nội dung triển khai": a part
/// of the plan named after "phần", by its place or by its heading (in full, or by its first two
/// syllables or more), as the span of `words` it takes. Beside a named body ("phần tổ chức thực
/// hiện giao cho Sở Nội vụ việc gì") it says where, not what is asked.
pub(in crate::core) fn part_frame(engine: &Engine, words: &[Word]) -> Option<(usize, usize)> {
    let at = words.iter().position(|w| w.folded == PART_NOUN)?;
    if let Some(f) = engine.cues.parts.at(words, at) {
        return Some((at, f.len));
    }
    plan_parts(engine).into_iter().find_map(|p| {
        let title = heading(engine, p);
        let title: Vec<&str> = title.split(' ').collect();
        // Whole words after "phần" while their syllables go on spelling the heading.
        let (mut syllables, mut end) = (0, at + 1);
        while let Some(w) = words.get(end) {
            let parts: Vec<&str> = w.folded.split(' ').collect();
            if title.get(syllables..syllables + parts.len()) != Some(&parts[..]) {
                break;
            }
            syllables += parts.len();
            end += 1;
        }
        (syllables >= MIN_HEADING_SYLLABLES.min(title.len())).then_some((at, end - at))
    })
}

/// The fewest syllables of a part's heading that name it after "phần" ("phần tổ chức").
const MIN_HEADING_SYLLABLES: usize = 2;

/// Whether every topic word of `q` is `named` (by its place) or one of [`PART_FRAME`]: the
/// question asks nothing beside the part or item it names.
fn framed(q: &Query, named: impl Fn(usize) -> bool) -> bool {
    q.words
        .iter()
        .enumerate()
        .all(|(i, w)| w.stop || w.is_number() || named(i) || w.folded.split(' ').all(|x| PART_FRAME.contains(&x)))
}

/// "Phần tổ chức thực hiện giao việc cho những cơ quan nào?", "mục cuối cùng của kế hoạch giao
/// cho ai": a part named by its place or heading (or the plan's last item) and asked who, with no
/// other topic; the part's outline answers it (the items of the plan's last part are its bodies).
/// Read only when the question asks who and says "phần", "mục" or "ý".
pub(in crate::core) fn part_asked_who(engine: &Engine, q: &Query) -> bool {
    // A part's heading may stand in one word with its noun ("phần tổ chức thực").
    let noun = |w: &crate::core::analyze::Word| {
        w.folded.split(' ').next().is_some_and(|x| x == PART_NOUN || ITEM_NOUNS.contains(&x))
    };
    if !q.agencies.is_empty() || !q.words.iter().any(noun) {
        return false;
    }
    part_place(engine, q).is_some() || last_item_of_plan(engine, q) || {
        let pointers = engine.cues.items.find_all(&q.words);
        let alone = if pointers.is_empty() { ordinal_alone(q) } else { None };
        part_by_heading(engine, q, &plan_parts(engine), |i| in_items(&pointers, i) || in_ordinal(alone, i)).is_some()
    }
}

/// An ordinal standing alone ("đầu tiên", "thứ hai", "cuối cùng", not after an item's noun):
/// its place (from 0, `usize::MAX` for the last) and its first word and how many words it takes.
fn ordinal_alone(q: &Query) -> Option<(usize, (usize, usize))> {
    let w = &q.words;
    ORDINALS_FOLDED.iter().find_map(|(folded, place)| {
        let (folded, place) = (folded.as_str(), *place);
        let (a, b) = folded.split_once(' ')?;
        (0..w.len()).find_map(|i| {
            if w[i].folded == folded {
                Some((place, (i, 1)))
            } else if w[i].folded == a && w.get(i + 1).is_some_and(|n| n.folded == b) {
                Some((place, (i, 2)))
            } else {
                None
            }
        })
    })
}

/// [`crate::core::lang::referents::ORDINALS`] folded, once.
static ORDINALS_FOLDED: std::sync::LazyLock<Vec<(String, usize)>> = std::sync::LazyLock::new(|| {
    crate::core::lang::referents::ORDINALS.iter().map(|&(o, place)| (crate::text::fold_marks(o), place)).collect()
});

/// Whether the word at `i` belongs to the ordinal [`ordinal_alone`] found.
fn in_ordinal(alone: Option<(usize, (usize, usize))>, i: usize) -> bool {
    alone.is_some_and(|(_, (start, len))| (start..start + len).contains(&i))
}

/// "phần 2 có mấy mục", "mục thứ hai của phần tổ chức thực hiện nói gì": a part named by its place,
/// or an item pointed at in a part named by its heading, with nothing else asked; "đoạn cuối của
/// bài viết nói gì": the plan's last item. The items' cue is read only when a word opens with an
/// item's noun ("mục", "ý") or a last item's phrase ("kết thúc bằng").
pub(in crate::core) fn part_or_item_named(engine: &Engine, q: &Query) -> bool {
    if part_place(engine, q).is_some() {
        return true;
    }
    let opens = |w: &crate::core::analyze::Word| {
        w.folded.split(' ').next().is_some_and(|x| ITEM_NOUNS.contains(&x) || ITEM_LAST_OPENERS.contains(&x))
    };
    if !q.words.iter().any(opens) || q.documents.iter().any(|&d| d != engine.plan) {
        return false;
    }
    let pointers = engine.cues.items.find_all(&q.words);
    !pointers.is_empty()
        && (part_by_heading(engine, q, &plan_parts(engine), |i| in_items(&pointers, i)).is_some()
            || last_item_of_plan(engine, q))
}

/// Whether the word at `i` belongs to one of the items pointed at ("mục thứ hai", "ý 3").
fn in_items(pointers: &[crate::core::analyze::Found<'_, usize>], i: usize) -> bool {
    pointers.iter().any(|f| (f.start..f.start + f.len).contains(&i))
}

/// Part `p`'s heading, lower case and folded ("to chuc thuc hien").
fn heading(engine: &Engine, p: usize) -> String {
    crate::text::fold_marks(&crate::text::lowercase(&engine.kb.sections[p].title))
}

/// The plan's parts (its top-level sections), in order.
fn plan_parts(engine: &Engine) -> Vec<usize> {
    let plan = &engine.kb.documents[engine.plan].id;
    (0..engine.kb.sections.len())
        .filter(|&i| &engine.kb.sections[i].document == plan && engine.kb.sections[i].parent.is_none())
        .collect()
}

/// "mục cuối cùng của kế hoạch": the last item named with no part and nothing else asked.
fn last_item_of_plan(engine: &Engine, q: &Query) -> bool {
    let items = engine.cues.items.find_all(&q.words);
    if items.first().is_none_or(|f| *f.value != usize::MAX) || q.documents.iter().any(|&d| d != engine.plan) {
        return false;
    }
    framed(q, |i| in_items(&items, i))
}

/// A part asked past the last ("phần 3" of a plan in two parts): said so, then every part, each
/// citing its first provision (whose quotes hold its heading).
fn parts_beyond(engine: &Engine, q: &Query, ctx: &Context, asked: usize, parts: &[usize]) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::part_beyond(asked, parts.len());
    for (k, &p) in parts.iter().enumerate() {
        let first = kb.entries_in_section(&kb.sections[p].id).into_iter().next();
        let marks = first.map(|e| format!(" [{}]", cite_entry(engine, &mut d, e, &[]))).unwrap_or_default();
        d.body.push_str(&format!("\n{}. {}{marks}", k + 1, kb.sections[p].title));
    }
    d.document = Some(kb.documents[engine.plan].id.clone());
    finish(engine, q, ctx, Intent::Overview, true, d)
}

/// The numbered item of a part of the plan that holds the entry `id` (the section under a part),
/// if any: "ý 2" after a part's outline points at that item, not at its first provision alone.
pub(super) fn item_of<'k>(engine: &'k Engine, id: &str) -> Option<&'k crate::knowledge::Section> {
    let kb = &engine.kb;
    let mut cur = kb.section(kb.entry(id)?.section.as_deref()?)?;
    // At most as many steps as there are sections.
    for _ in 0..kb.sections.len() {
        let parent = kb.section(cur.parent.as_deref()?)?;
        if parent.parent.is_none() {
            return Some(cur);
        }
        cur = parent;
    }
    None
}

/// One numbered item of a part: its heading, then each of its provisions, cited.
pub(super) fn part_item(engine: &Engine, q: &Query, ctx: &Context, item: &crate::knowledge::Section) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = format!("{} {}:", item.number, item.title);
    for e in kb.entries_in_section(&item.id) {
        let n = cite_entry(engine, &mut d, e, &[]);
        d.body.push_str(&format!("\n• {} [{n}]", e.summary));
        for r in &e.agencies {
            if let Some(a) = kb.agency(&r.agency) {
                d.mention(&a.id, &a.name, Some(messages::role(r.role)));
            }
        }
    }
    d.document = Some(kb.documents[engine.plan].id.clone());
    finish(engine, q, ctx, Intent::Content, true, d)
}

/// Words beside a part's heading that ask no topic of their own ("phần", "mục", "kế hoạch").
const PART_FRAME: &[&str] = &[
    "phan", "muc", "y", "thu", "ke", "hoach", "co", "cac", "nhung", "gom", "bao", "nhieu", "may", "chinh", "noi",
    "dung", "giao", "viec", "nhiem", "vu", "quan", "don", "vi", "cua", "la", "cho", "ai", "nao", "trong", "cuoi",
    "cung", "neu", "nhac", "de", "cap", "doan", "bai", "viet", "bao",
];

/// The noun that names a part before its heading's first words ("phần tổ chức").
const PART_NOUN: &str = "phan";

/// The nouns of a part's numbered item ("mục cuối cùng", "ý cuối", "đoạn cuối"), folded.
const ITEM_NOUNS: &[&str] = &["muc", "y", "doan"];

/// The first words of [`crate::core::lang::referents::ITEM_LAST_PHRASES`] ("kết thúc bằng"),
/// folded: with the item nouns, what makes the items' cue worth reading.
const ITEM_LAST_OPENERS: &[&str] = &["ket", "khep"];
