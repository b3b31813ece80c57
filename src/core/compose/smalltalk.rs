//! Small talk: the knowledge base's reply to a greeting, a thank-you, an empty message.

use super::{Draft, finish};
use crate::core::{Answer, Context, Engine, Intent, Query};

pub(super) fn reply(engine: &Engine, q: &Query, ctx: &Context, id: &str) -> Answer {
    let reply = engine.kb.smalltalk_reply(id);
    finish(engine, q, ctx, Intent::Smalltalk, true, Draft { body: reply, score: 1.0, ..Draft::default() })
}
