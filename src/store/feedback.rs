//! What users send the curators: 👍/👎 verdicts on answers, and free-text comments.

use super::{COMMENTS, FEEDBACK, Result, Store, json, json_string, parse, privacy, time_key};
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;

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
        self.put_feedback(feedback)?;
        self.kv.flush()
    }

    /// Stores a comment for the curators, flushed.
    pub fn comment(&self, comment: &Comment) -> Result<()> {
        self.put_comment(comment)?;
        self.kv.flush()
    }

    pub(super) fn put_feedback(&self, feedback: &Feedback) -> Result<()> {
        let key = feedback_key(feedback);
        self.kv.put(FEEDBACK, &key, &json(feedback))?;
        self.index_user(&feedback.user, 'f', &key)
    }

    pub(super) fn put_comment(&self, comment: &Comment) -> Result<()> {
        let key = comment_key(comment);
        self.kv.put(COMMENTS, &key, &json(comment))?;
        self.index_user(&comment.user, 'c', &key)
    }

    /// Deletes the verdict kept under `key` with its index entry; the verdict, when there was one.
    pub(super) fn drop_feedback(&self, key: &[u8]) -> Result<Option<Feedback>> {
        let Some(value) = self.kv.get(FEEDBACK, key)? else { return Ok(None) };
        let f: Feedback = parse(FEEDBACK, &value)?;
        self.unindex_user(&f.user, 'f', key)?;
        self.kv.delete(FEEDBACK, key)?;
        Ok(Some(f))
    }

    /// Deletes the comment kept under `key` with its index entry; the comment, when there was one.
    pub(super) fn drop_comment(&self, key: &[u8]) -> Result<Option<Comment>> {
        let Some(value) = self.kv.get(COMMENTS, key)? else { return Ok(None) };
        let c: Comment = parse(COMMENTS, &value)?;
        self.drop_read_comment(key, &c)?;
        Ok(Some(c))
    }

    /// [`Store::drop_comment`] for a comment just read under `key`.
    pub(super) fn drop_read_comment(&self, key: &[u8], c: &Comment) -> Result<()> {
        self.unindex_user(&c.user, 'c', key)?;
        self.kv.delete(COMMENTS, key)
    }

    /// Calls `visit` on every verdict, a batch at a time (verdicts are keyed by answer, not
    /// by time).
    pub(super) fn each_feedback(&self, mut visit: impl FnMut(&[u8], Feedback) -> Result<()>) -> Result<()> {
        self.walk(FEEDBACK, b"", |k, v| visit(k, parse(FEEDBACK, v)?).map(|()| ControlFlow::Continue(())))
    }

    /// The `limit` newest 👎 verdicts given since `since` (the officials' dashboard), read a
    /// batch at a time and never holding more than `limit` of them.
    pub fn recent_down_verdicts(&self, since: u64, limit: usize) -> Result<Vec<Feedback>> {
        let mut newest: Vec<Feedback> = Vec::new();
        self.each_feedback(|_, f| {
            if f.at >= since && f.verdict == Verdict::Down {
                newest.push(f);
                if newest.len() > limit {
                    newest.sort_by(|a, b| b.at.cmp(&a.at).then(a.answer_id.cmp(&b.answer_id)));
                    newest.truncate(limit);
                }
            }
            Ok(())
        })?;
        newest.sort_by(|a, b| b.at.cmp(&a.at).then(a.answer_id.cmp(&b.answer_id)));
        Ok(newest)
    }

    /// Calls `visit` on every comment from `since` on, oldest first, a batch at a time.
    pub(super) fn each_comment(&self, since: u64, mut visit: impl FnMut(Comment) -> Result<()>) -> Result<()> {
        self.walk(COMMENTS, &time_key(since, ""), |_, v| visit(parse(COMMENTS, v)?).map(|()| ControlFlow::Continue(())))
    }
}
