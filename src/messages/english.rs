//! The English lines of replies to questions asked in English (the plan's text stays
//! Vietnamese).

use super::document_name;
use crate::knowledge::Document;

/// The opening line of an answer to a question asked in English.
pub const ENGLISH_OPENING: &str = "The plan is published in Vietnamese; here is what it says:";
/// The opening line of a small-talk reply (a greeting, the help reply) to an English message.
pub const ENGLISH_SMALLTALK: &str = "Hello! I answer in Vietnamese, the language the plan is published in:";
/// In an English abstention, before the source's own reason in Vietnamese ("Kế hoạch không đề
/// cập đến học phí."), kept when the bot knows why it declines.
pub const ENGLISH_REASON: &str = "What the source says about this, in Vietnamese:";
/// A plan's name in an English reply: "Plan 298/KH-UBND"; a document of another kind keeps its
/// Vietnamese name.
pub fn english_plan_name(d: &Document) -> String {
    if !d.number.is_empty() && crate::text::fold_marks(&d.kind.to_lowercase()) == "ke hoach" {
        format!("Plan {}", d.number)
    } else {
        document_name(d)
    }
}

/// The reply to an English question the plans do not answer, naming the plans the bot knows
/// (as [`english_plan_name`] gives them).
pub fn english_abstention(plans: &[String]) -> String {
    let (names, does, them, their, they_refer) = match plans {
        [] => ("the plan".to_owned(), "does", "the plan", "its", "it refers"),
        [one] => (one.clone(), "does", "the plan", "its", "it refers"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "do", "these plans", "their", "they refer"),
    };
    format!(
        "Sorry, {names} (published in Vietnamese) {does} not say this, so I cannot answer it reliably. I answer questions about {them}: {their} tasks, the agencies responsible, {their} figures, dates and the documents {they_refer} to."
    )
}
