//! `hoidap export` and `hoidap import`: every record as one tagged JSON line, and back.

use super::context::StoredContext;
use super::feedback::{comment_key, feedback_key};
use super::{COMMENTS, CONTEXTS, Comment, FEEDBACK, Feedback, Result, Store, Turn, json, parse};
use crate::core::Context;
use serde::{Deserialize, Serialize};

/// One line of `hoidap export`: every kind of record, tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    Turn(Turn),
    Feedback(Feedback),
    Comment(Comment),
    Context { user: String, at: u64, context: Context },
}

impl Store {
    /// Every record, for `hoidap export`.
    pub fn export(&self) -> Result<Vec<Record>> {
        let mut out: Vec<Record> = self.turns()?.into_iter().map(Record::Turn).collect();
        out.extend(self.feedbacks()?.into_iter().map(Record::Feedback));
        out.extend(self.comments()?.into_iter().map(Record::Comment));
        for (k, v) in self.kv.scan(CONTEXTS)? {
            let c: StoredContext = parse(CONTEXTS, &v)?;
            out.push(Record::Context { user: String::from_utf8_lossy(&k).into_owned(), at: c.at, context: c.context });
        }
        Ok(out)
    }

    /// Adds one exported record (an import of the same record twice keeps one copy).
    pub fn import(&self, record: &Record) -> Result<()> {
        match record {
            Record::Turn(t) => self.put_turn(t),
            Record::Feedback(f) => self.kv.put(FEEDBACK, &feedback_key(f), &json(f)),
            Record::Comment(c) => self.kv.put(COMMENTS, &comment_key(c), &json(c)),
            Record::Context { user, at, context } => {
                self.kv.put(CONTEXTS, user.as_bytes(), &json(&StoredContext { at: *at, context: context.clone() }))
            }
        }
    }
}
