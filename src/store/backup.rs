//! `hoidap export` and `hoidap import`: every record as one tagged JSON line, and back.

use super::context::StoredContext;
use super::stats::Daily;
use super::{CONTEXTS, Comment, DAILY, Feedback, Result, Store, Turn, json, parse};
use crate::core::Context;
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;

/// One line of `hoidap export`: every kind of record, tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    Turn(Turn),
    Feedback(Feedback),
    Comment(Comment),
    Context {
        user: String,
        at: u64,
        context: Context,
    },
    /// The anonymous figures of a day whose records retention deleted.
    Daily {
        day: String,
        counts: Daily,
    },
}

impl Store {
    /// Calls `visit` on every record, a batch at a time, for `hoidap export`.
    pub fn export_each(&self, mut visit: impl FnMut(Record) -> Result<()>) -> Result<()> {
        self.each_turn(0, |t| visit(Record::Turn(t)))?;
        self.each_feedback(|_, f| visit(Record::Feedback(f)))?;
        self.each_comment(0, |c| visit(Record::Comment(c)))?;
        self.walk(CONTEXTS, b"", |k, v| {
            let c: StoredContext = parse(CONTEXTS, v)?;
            let user = String::from_utf8_lossy(k).into_owned();
            visit(Record::Context { user, at: c.at, context: c.context }).map(|()| ControlFlow::Continue(()))
        })?;
        self.each_daily(0, |day, counts| visit(Record::Daily { day, counts }))
    }

    /// Every record, in memory (tests, small stores; `hoidap export` streams them).
    pub fn export(&self) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        self.export_each(|r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// Adds one exported record (an import of the same record twice keeps one copy).
    pub fn import(&self, record: &Record) -> Result<()> {
        match record {
            Record::Turn(t) => self.turns.import(t),
            Record::Feedback(f) => self.put_feedback(f),
            Record::Comment(c) => self.put_comment(c),
            Record::Context { user, at, context } => {
                self.kv.put(CONTEXTS, user.as_bytes(), &json(&StoredContext { at: *at, context: context.clone() }))
            }
            Record::Daily { day, counts } => self.kv.put(DAILY, day.as_bytes(), &json(counts)),
        }
    }
}
