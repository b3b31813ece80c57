//! One message in, one answer out, the same for every channel: the user's context is loaded,
//! the question answered, the turn recorded (flushed when a curator needs it) and the context
//! saved, before the channel sends the reply.

use crate::core::{Answer, Engine};
use crate::store::{self, Store, Turn};
use crate::text;

/// An answer and the turn it was recorded as (its id is what 👍/👎 buttons refer to).
pub struct Reply {
    pub answer: Answer,
    pub turn: Turn,
}

/// Answers `question` from `user` (a hash from [`Store::user_hash`]) on `channel` at `now`.
pub fn answer(
    engine: &Engine,
    store: &Store,
    channel: &str,
    user: &str,
    question: &str,
    now: u64,
) -> store::Result<Reply> {
    let context = store.context(user, now)?;
    let answer = engine.answer(question, &context);
    let turn = record(store, channel, user, question, &answer, now)?;
    store.set_context(user, &answer.context, now)?;
    Ok(Reply { answer, turn })
}

/// Answers a question that belongs to no conversation (an API call without a user): no context
/// is read or kept, the turn is recorded under an empty user.
pub fn answer_once(engine: &Engine, store: &Store, channel: &str, question: &str, now: u64) -> store::Result<Reply> {
    let answer = engine.answer(question, &crate::core::Context::default());
    let turn = record(store, channel, "", question, &answer, now)?;
    Ok(Reply { answer, turn })
}

fn record(store: &Store, channel: &str, user: &str, question: &str, answer: &Answer, now: u64) -> store::Result<Turn> {
    let turn = Turn {
        answer_id: store.next_answer_id()?,
        at: now,
        channel: channel.to_owned(),
        user: user.to_owned(),
        question: Some(question.to_owned()),
        normalised: text::key_form(question),
        intent: answer.intent.name().to_owned(),
        answered: answer.answered,
        low_confidence: answer.low_confidence,
        cited: answer.citations.iter().map(|c| c.id.clone()).collect(),
        suggestions: answer.suggestions.clone(),
    };
    store.record(&turn)?;
    Ok(turn)
}
