//! Conversation context: what the previous turn was about, passed in and out as a plain value
//! so follow-ups ("còn Sở Nội vụ thì sao?", "họ còn phải làm gì nữa?") resolve.

use super::answer::Intent;
use serde::{Deserialize, Serialize};

/// What the next question may refer back to. Empty at the start of a conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The intent of the last answered question.
    pub intent: Option<Intent>,
    /// Agencies the last answer was about (ids), in order.
    pub agencies: Vec<String>,
    /// Entries and documents the last answer cited (ids), in order.
    pub cited: Vec<String>,
    /// The document the last answer was about, if any.
    pub document: Option<String>,
    /// Topic words of the last question that had a topic (canonical forms).
    pub topic: Vec<String>,
    /// The rest of a long list the last answer started (its first page shown on phones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<super::page::More>,
    /// The plan being discussed (its document id), when the knowledge base has several: "kế
    /// hoạch" without a number means it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Context {
    pub fn is_empty(&self) -> bool {
        self.intent.is_none()
    }
}
