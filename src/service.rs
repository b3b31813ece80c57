//! One message in, one answer out, the same for every channel: the user's context is loaded,
//! the question answered, the turn recorded (flushed when a curator needs it) and the context
//! saved, before the channel sends the reply. Feedback on an answer, comments and erasure
//! ("forget me") are written here once too; each channel only says how the user asks for them.

use crate::core::{Answer, Engine};
use crate::messages;
use crate::store::{self, Comment, Feedback, Store, Turn, Verdict};
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

/// The key a user of `channel` with the channel's own `id` is stored under: a keyed hash, so
/// that no user id is kept. Per sender, so that people in one group have their own context,
/// feedback and erasure.
pub fn user(store: &Store, channel: &str, id: &str) -> String {
    store.user_hash(&format!("{channel}:{id}"))
}

/// Records `user`'s verdict on the answer recorded as `turn`; what to tell them.
pub fn feedback(store: &Store, user: &str, turn: &Turn, verdict: Verdict, now: u64) -> store::Result<&'static str> {
    store.feedback(&Feedback {
        answer_id: turn.answer_id.clone(),
        at: now,
        user: user.to_owned(),
        verdict,
        question: turn.question.clone(),
        intent: turn.intent.clone(),
        cited: turn.cited.clone(),
    })?;
    Ok(if verdict == Verdict::Up { messages::CHAT_RATED_UP } else { messages::CHAT_RATED_DOWN })
}

/// Keeps a comment of `user` on `channel`; what to tell them (how to write one, when `text`
/// is blank).
pub fn comment(store: &Store, channel: &str, user: &str, text: &str, now: u64) -> store::Result<&'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(messages::CHAT_COMMENT_USAGE);
    }
    let comment = Comment { at: now, user: user.to_owned(), channel: channel.to_owned(), text: Some(text.to_owned()) };
    store.comment(&comment)?;
    Ok(messages::CHAT_COMMENT_THANKS)
}

/// Erases everything kept about `user`; what to tell them.
pub fn forget(store: &Store, user: &str) -> store::Result<&'static str> {
    store.forget(user)?;
    Ok(messages::CHAT_FORGOTTEN)
}

/// Characters of a question the store keeps: enough for any real question, while a pasted
/// document (or a flood of them through the API) cannot fill the disk.
pub const MAX_KEPT_CHARS: usize = 1000;

fn kept(question: &str) -> String {
    match question.char_indices().nth(MAX_KEPT_CHARS) {
        Some((cut, _)) => format!("{}…", &question[..cut]),
        None => question.to_owned(),
    }
}

fn record(store: &Store, channel: &str, user: &str, question: &str, answer: &Answer, now: u64) -> store::Result<Turn> {
    let question = kept(question);
    let turn = Turn {
        answer_id: store.next_answer_id(now)?,
        at: now,
        channel: channel.to_owned(),
        user: user.to_owned(),
        normalised: text::key_form(&question),
        question: Some(question),
        intent: answer.intent.name().to_owned(),
        answered: answer.answered,
        low_confidence: answer.low_confidence,
        cited: answer.citations.iter().map(|c| c.id.clone()).collect(),
        suggestions: answer.suggestions.clone(),
    };
    store.record(&turn)?;
    Ok(turn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_questions_are_kept_cut() {
        assert_eq!(kept("Sở Tài chính làm gì?"), "Sở Tài chính làm gì?");
        let paste = "Sở Tài chính làm gì? ".repeat(250);
        let cut = kept(&paste);
        assert_eq!(cut.chars().count(), MAX_KEPT_CHARS + 1);
        assert!(cut.ends_with('…') && paste.starts_with(cut.trim_end_matches('…')));
    }
}
