//! Plain-text rendering of an [`Answer`]: the terminal and the JSON `text` field.

use super::Answer;
use crate::messages;

/// The whole reply as plain text: the answer, the numbered citations, then suggestions.
pub fn plain(answer: &Answer) -> String {
    let mut out = answer.body.clone();
    if !answer.citations.is_empty() {
        out.push_str("\n\n");
        out.push_str(messages::CITATIONS_HEADING);
        for (i, c) in answer.citations.iter().enumerate() {
            out.push_str(&format!("\n[{}] {}: “{}”", i + 1, c.label, c.quote));
        }
    }
    push_suggestions(&mut out, answer);
    out
}

/// Appends the suggestions, under their heading, as plain-text bullets (nothing when there are
/// none). Shared by the plain text and Zalo's phone-sized text.
pub fn push_suggestions(out: &mut String, answer: &Answer) {
    if !answer.suggestions.is_empty() {
        out.push_str("\n\n");
        out.push_str(if answer.answered { messages::CLOSE_READINGS_HEADING } else { messages::SUGGESTIONS_HEADING });
        for s in &answer.suggestions {
            out.push_str("\n• ");
            out.push_str(s);
        }
    }
}

/// The stable JSON contract of `hoidap ask --json` (and of the HTTP API).
#[derive(Debug, serde::Serialize)]
pub struct JsonReply<'a> {
    pub question: &'a str,
    /// False only when the bot abstains.
    pub answered: bool,
    pub intent: &'static str,
    /// The full reply as plain text.
    pub text: String,
    pub citations: &'a [super::Citation],
    /// Agency names.
    pub agencies: Vec<&'a str>,
    pub suggestions: &'a [String],
    pub score: f32,
    /// Agency ids with their roles (added field).
    pub agency_roles: &'a [super::AgencyMention],
    pub low_confidence: bool,
    /// The answer alone, without citations and suggestions; `[n]` refers to `citations[n-1]`
    /// (added field).
    pub body: &'a str,
    /// The id feedback refers to, when the answer was recorded (added field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_id: Option<&'a str>,
}

impl<'a> JsonReply<'a> {
    pub fn new(answer: &'a Answer) -> Self {
        JsonReply {
            question: &answer.question,
            answered: answer.answered,
            intent: answer.intent.name(),
            text: plain(answer),
            citations: &answer.citations,
            agencies: answer.agencies.iter().map(|a| a.name.as_str()).collect(),
            suggestions: &answer.suggestions,
            score: (answer.score * 1000.0).round() / 1000.0,
            agency_roles: &answer.agencies,
            low_confidence: answer.low_confidence,
            body: &answer.body,
            answer_id: None,
        }
    }
}
