//! "Kế hoạch do Sở Giáo dục ban hành phải không?": a yes/no question on who issued a plan named
//! by its kind alone is about the plan the bot explains, whoever the body it names.

use super::super::analyze::opens_with;
use super::super::{Engine, Query, lang};
use crate::text;

/// Whether the question asks, yes or no, whether a body it names issued "the plan": the issuer
/// cue, the plan's kind without a number or a subject of its own ("kế hoạch", "kế hoạch này";
/// not "kế hoạch tuyển dụng"), and no document named.
pub(super) fn kind_issuer_asked(engine: &Engine, q: &Query) -> bool {
    if !q.issuer || !q.documents.is_empty() || q.agencies.is_empty() {
        return false;
    }
    let raw = engine.analyzer.raw_words(&q.question);
    let folded: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    let kind = text::fold_marks(&text::lowercase(&engine.kb.documents[engine.plan].kind));
    let names_kind = (0..folded.len())
        .any(|i| text::spells(&kind, &folded[i..]).is_some_and(|n| raw.get(i + n).is_none_or(|w| w.stop)));
    let ends =
        |phrase: &str| raw.len().checked_sub(phrase.split(' ').count()).is_some_and(|i| opens_with(&raw[i..], phrase));
    let marked_end = raw.last().is_some_and(|w| w.accented && lang::YES_NO_MARKED.contains(&w.text.as_str()));
    let yes_no = lang::YES_NO_ENDINGS.iter().any(|p| ends(p))
        || marked_end
        || text::spells(lang::YES_NO_OPENING, &folded).is_some();
    names_kind && yes_no
}
