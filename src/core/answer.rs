//! The value every channel renders: what the bot says, why, and what it cites.

use serde::{Deserialize, Serialize};

/// What a question asks for; each is answered in its own shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Who is responsible for something: agencies with their roles.
    Responsibility,
    /// What one agency must do.
    Agency,
    /// What the plan says about a topic.
    Content,
    /// A number, date, percentage or target.
    Fact,
    /// A document the plan refers to (or the plan itself as a document).
    Document,
    /// The plan as a whole.
    Overview,
    /// The portal's contact details.
    Contact,
    /// Where the information comes from.
    Source,
    /// Greeting, thanks, help, who-are-you, empty or non-text messages.
    Smalltalk,
    /// The sources do not say: the bot abstains.
    OutOfScope,
}

impl Intent {
    /// The name used in JSON and evaluation files.
    pub fn name(self) -> &'static str {
        match self {
            Intent::Responsibility => "responsibility",
            Intent::Agency => "agency",
            Intent::Content => "content",
            Intent::Fact => "fact",
            Intent::Document => "document",
            Intent::Overview => "overview",
            Intent::Contact => "contact",
            Intent::Source => "source",
            Intent::Smalltalk => "smalltalk",
            Intent::OutOfScope => "out_of_scope",
        }
    }
}

/// A verbatim quote with the label a person would cite it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Entry or document id in the knowledge base.
    pub id: String,
    pub label: String,
    /// Verbatim from the source: the relevant sentence(s) of the item's quotes.
    pub quote: String,
}

/// An agency named in an answer, with its role there (Vietnamese, e.g. "chủ trì").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyMention {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
}

/// The language a question was asked in: an English question gets an English opening line
/// over the plan's Vietnamese text, or an English abstention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Vietnamese,
    English,
}

impl Language {
    pub fn is_vietnamese(&self) -> bool {
        *self == Language::Vietnamese
    }
}

/// The bot's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub question: String,
    /// False only when the bot abstains (the sources do not say).
    pub answered: bool,
    pub intent: Intent,
    /// The language of the question (serialized only when not Vietnamese).
    #[serde(skip_serializing_if = "Language::is_vietnamese")]
    pub language: Language,
    /// The answer itself, in Vietnamese, without the citations; `[n]` refers to `citations[n-1]`.
    pub body: String,
    pub citations: Vec<Citation>,
    pub agencies: Vec<AgencyMention>,
    /// Questions the bot can answer next (other readings, follow-ups, or what it covers).
    pub suggestions: Vec<String>,
    /// How well the question matched, 0 to 1.
    pub score: f32,
    /// Low confidence: answered, but worth a curator's look.
    pub low_confidence: bool,
    /// The context to pass with the next question of the same conversation.
    #[serde(skip)]
    pub context: super::Context,
    /// Why it matched, when asked for (`ask --explain`).
    #[serde(skip)]
    pub explain: Option<String>,
}

/// `body` with each citation mark `[n]` replaced by `[m]` where `map(n)` is `Some(m)`; a mark
/// `map` leaves out, and any `[` that opens no mark, stay as they are.
pub(crate) fn map_marks(body: &str, map: impl Fn(usize) -> Option<usize>) -> String {
    let mut out = String::with_capacity(body.len() + 8);
    let mut rest = body;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let closed = after[digits..].starts_with(']');
        match closed.then(|| after[..digits].parse::<usize>().ok().and_then(&map)).flatten() {
            Some(m) => {
                out.push_str(&format!("[{m}]"));
                rest = &after[digits + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
