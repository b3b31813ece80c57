//! What users send the curators: 👍/👎 verdicts on answers, and free-text comments.

use super::{COMMENTS, FEEDBACK, Result, Store, json, json_string, parse, privacy, time_key};
use serde::{Deserialize, Serialize};

/// 👍 or 👎 on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Up,
    Down,
}

/// A verdict on one answer, with what the answer was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub answer_id: String,
    pub at: u64,
    pub user: String,
    pub verdict: Verdict,
    pub question: Option<String>,
    pub intent: String,
    pub cited: Vec<String>,
}

/// Free text sent to the curators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub at: u64,
    pub user: String,
    pub channel: String,
    pub text: Option<String>,
}

/// A verdict's key: one per user and answer, so the latest verdict wins.
pub(super) fn feedback_key(f: &Feedback) -> Vec<u8> {
    format!("{}:{}", f.answer_id, f.user).into_bytes()
}

/// A comment's key: its time, then a hash of its content (so an import does not duplicate it).
pub(super) fn comment_key(c: &Comment) -> Vec<u8> {
    time_key(c.at, &privacy::keyed_hash(b"comment", &json_string(c)))
}

impl Store {
    /// Stores a verdict (one per user and answer: the latest wins), flushed.
    pub fn feedback(&self, feedback: &Feedback) -> Result<()> {
        self.kv.put(FEEDBACK, &feedback_key(feedback), &json(feedback))?;
        self.kv.flush()
    }

    /// Stores a comment for the curators, flushed.
    pub fn comment(&self, comment: &Comment) -> Result<()> {
        self.kv.put(COMMENTS, &comment_key(comment), &json(comment))?;
        self.kv.flush()
    }

    /// Every verdict.
    pub(super) fn feedbacks(&self) -> Result<Vec<Feedback>> {
        self.kv.scan(FEEDBACK)?.iter().map(|(_, v)| parse(FEEDBACK, v)).collect()
    }

    /// Every comment, oldest first.
    pub(super) fn comments(&self) -> Result<Vec<Comment>> {
        self.kv.scan(COMMENTS)?.iter().map(|(_, v)| parse(COMMENTS, v)).collect()
    }
}
