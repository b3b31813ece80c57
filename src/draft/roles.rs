//! Agencies named in the text (ids reused from the reference or made up) and their roles in
//! each paragraph, from the verbs around them.

use super::items::{DAgency, Drafted};
use super::names::{self, AgencyMatch};
use super::structure;
use super::text::{self, clauses, shorten, slug};
use super::{DUTY_MAX_WORDS, Report, VERB_REACH_WORDS, lang};
use crate::knowledge::{Knowledge, Role};
use std::collections::HashMap;

/// Agencies named in the text, with ids reused from the reference or made up.
pub(super) struct AgencyBook<'k> {
    kb: &'k Knowledge,
    pub list: Vec<DAgency>,
    by_name: HashMap<String, usize>,
}

impl<'k> AgencyBook<'k> {
    pub fn new(kb: &'k Knowledge) -> AgencyBook<'k> {
        AgencyBook { kb, list: Vec::new(), by_name: HashMap::new() }
    }

    /// The id of the agency matched at `at` in `text`.
    pub fn id(&mut self, text: &str, at: usize, m: &AgencyMatch) -> String {
        let name = &text[at..at + m.len];
        if let Some(id) = &m.known {
            if !self.list.iter().any(|a| &a.id == id) {
                let a = self.kb.agency(id).expect("matched agencies come from the reference");
                self.list.push(DAgency {
                    id: id.clone(),
                    name: a.name.clone(),
                    aliases: a.aliases.clone(),
                    new: false,
                });
            }
            return id.clone();
        }
        let key = text::folded_words(name);
        if let Some(&i) = self.by_name.get(&key) {
            return self.list[i].id.clone();
        }
        let base = slug(name, 6);
        let mut id = base.clone();
        let mut n = 2;
        while self.list.iter().any(|a| a.id == id) || self.kb.agency(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.by_name.insert(key, self.list.len());
        self.list.push(DAgency { id: id.clone(), name: name.to_owned(), aliases: Vec::new(), new: true });
        id
    }
}

/// Finds the agencies of every entry and their roles, and adds their names to its keywords.
pub(super) fn roles(d: &mut Drafted, kb: &Knowledge, book: &mut AgencyBook, report: &mut Report) {
    // Agencies and their roles, paragraph by paragraph.
    for e in &mut d.entries {
        let t = e.quotes[0].clone();
        let organisation = e.section.is_some_and(|s| d.sections[s].organisation);
        let heading = e.section.and_then(|s| {
            // The nearest heading that names agencies.
            let mut cur = Some(s);
            while let Some(c) = cur {
                if !d.sections[c].agencies.is_empty() {
                    return Some(d.sections[c].agencies.clone());
                }
                cur = d.sections[c].parent.as_ref().and_then(|p| d.sections.iter().position(|x| &x.id == p));
            }
            None
        });
        let found = names::agencies(&t, kb);
        let refs_here = names::documents(&t, kb);
        let mut roles: Vec<(String, Role, String)> = Vec::new();
        let (_, skip) = structure::mark(&t);
        let opening_agency = found.first().filter(|(at, _)| *at <= skip + 1).cloned();
        let mut previous: Option<(usize, Option<Role>)> = None;
        for (at, m) in &found {
            let id = book.id(&t, *at, m);
            let issuer = refs_here.iter().any(|r| r.issuer.is_some_and(|(s, _)| s == *at));
            let mut role = if issuer { Some(Role::BanHanh) } else { role_of(&t, *at, m.len) };
            // "của A, B, C" and "phối hợp với A, B và C": the list shares the first one's role.
            if let Some((end, Some(r))) = previous {
                if end <= *at && enumerated(&t[end..*at]) && r != Role::BanHanh {
                    role = Some(r);
                }
            }
            previous = Some((at + m.len, role));
            if let Some(role) = role {
                if !roles.iter().any(|(a, _, _)| *a == id) {
                    roles.push((id, role, duty_at(&t, *at)));
                }
            }
        }
        if organisation {
            let subject: Vec<String> = match (&opening_agency, &heading) {
                (Some((at, m)), _) => vec![book.id(&t, *at, m)],
                (None, Some(h)) => h.clone(),
                (None, None) => Vec::new(),
            };
            let (role, duty) = subject_role(&t[skip..]);
            for a in subject {
                if let Some(r) = roles.iter_mut().find(|(x, _, _)| *x == a) {
                    if opening_agency.is_some() {
                        r.1 = role;
                    }
                } else {
                    roles.push((a, role, duty.clone()));
                }
            }
            if let Some(h) = &heading {
                let names: Vec<String> =
                    h.iter().filter_map(|id| book.list.iter().find(|a| &a.id == id)).map(|a| a.name.clone()).collect();
                if opening_agency.is_none() && !names.is_empty() {
                    e.summary = format!("{}: {}", names.join(", "), e.summary);
                }
            }
        }
        report.roles += roles.len();
        e.agencies = roles;
        for (a, _, _) in &e.agencies {
            if let Some(name) = book.list.iter().find(|x| &x.id == a).map(|x| x.name.clone()) {
                if !e.keywords.contains(&name) {
                    e.keywords.push(name);
                }
            }
        }
        for r in &refs_here {
            let short = format!("{} {}", r.kind, text::number_display(&r.number));
            if !r.number.is_empty() && !e.keywords.contains(&short) {
                e.keywords.push(short);
            }
        }
    }
}

/// The role of an agency named at `at` from the verbs around it, when they give one:
/// "<verb> của" right before it (it acts), a verb before it in its clause that sends to it
/// ("báo cáo", "trình": it receives and decides, or approves when "phê duyệt" follows) or
/// "phối hợp với" (a partner), else the verb right after it (it acts).
fn role_of(t: &str, at: usize, len: usize) -> Option<Role> {
    let after = t[at + len..].trim_start_matches([',', ' ']);
    let clause_start = t[..at].rfind([';', '.']).map(|p| p + 1).unwrap_or(0);
    let before = &t[clause_start..at];
    let words: Vec<&str> = before.split_whitespace().collect();
    let window = words[words.len().saturating_sub(VERB_REACH_WORDS)..].join(" ").to_lowercase();
    let of_suffix = format!(" {}", lang::OF_WORD);
    if let Some(w) = window.strip_suffix(of_suffix.as_str()) {
        for (verb, role) in lang::ROLE_VERBS {
            if w.ends_with(verb) {
                return Some(*role);
            }
        }
    }
    // The nearest verb before it in the clause.
    let mut best: Option<(usize, Role, bool)> = None;
    for (verb, role) in lang::ROLE_VERBS {
        if let Some(p) = text::find_all(&window, verb).last() {
            if best.is_none_or(|(b, _, _)| *p > b) {
                best = Some((*p, *role, false));
            }
        }
    }
    for verb in lang::RECIPIENT_VERBS {
        if let Some(p) = text::find_all(&window, verb).last() {
            if best.is_none_or(|(b, _, _)| *p >= b) {
                best = Some((*p, Role::QuyetDinh, true));
            }
        }
    }
    match best {
        Some((_, _, true)) => {
            // "trình Hội đồng nhân dân thành phố phê duyệt": the verb after says what it does.
            let approves = lang::ROLE_VERBS.iter().any(|(v, r)| *r == Role::PheDuyet && text::starts_nocase(after, v));
            return Some(if approves { Role::PheDuyet } else { Role::QuyetDinh });
        }
        Some((_, Role::PhoiHop, _)) => return Some(Role::PhoiHop),
        _ => {}
    }
    lang::ROLE_VERBS.iter().find(|(verb, _)| text::starts_nocase(after, verb)).map(|(_, r)| *r)
}

/// True when the text between two agency names only separates them ("A, B và C").
fn enumerated(between: &str) -> bool {
    let rest = between.trim().trim_matches(',').trim();
    rest.is_empty() || rest == lang::AND_WORD
}

/// True when a verb at `p` (of length `len`) is another body's: "đề xuất của Sở …",
/// "tổng hợp, kiểm tra, đề xuất của …" (a list of verbs ending in "của").
fn attributed(lower: &str, p: usize, len: usize) -> bool {
    const LIST_WORDS: usize = 5;
    let rest = &lower[p + len..];
    let end = rest.find(['.', ';']).unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().take(LIST_WORDS).collect();
    match words.iter().position(|w| *w == lang::OF_WORD) {
        // Only verbs and commas before "của".
        Some(i) => words[..i].iter().all(|w| {
            w.ends_with(',') || lang::ROLE_VERBS.iter().any(|(v, _)| v.split(' ').any(|x| x == w.trim_end_matches(',')))
        }),
        None => false,
    }
}

/// The duty of an agency named at `at`: its clause, shortened.
fn duty_at(t: &str, at: usize) -> String {
    let c = clauses(t).into_iter().find(|(s, c)| *s <= at && at < s + c.len()).map(|(_, c)| c).unwrap_or(t);
    shorten(c.trim_start_matches(['-', '+', ' ']).trim_end_matches(['.', ';']), DUTY_MAX_WORDS)
}

/// The role of the agencies a paragraph is about (its heading's) from its first verb that is
/// not someone else's ("đề xuất của Sở …"), and their duty (the first clause).
fn subject_role(t: &str) -> (Role, String) {
    let lower = t.to_lowercase();
    let mut best: Option<(usize, Role)> = None;
    for (verb, role) in lang::ROLE_VERBS {
        for p in text::find_all(&lower, verb) {
            if attributed(&lower, p, verb.len()) {
                continue;
            }
            if best.is_none_or(|(b, _)| p < b) {
                best = Some((p, *role));
            }
            break;
        }
    }
    let first = clauses(t).first().map(|(_, c)| *c).unwrap_or(t);
    (best.map(|(_, r)| r).unwrap_or(Role::ThucHien), shorten(first.trim_end_matches(['.', ';']), DUTY_MAX_WORDS))
}
