//! Declining: what the plan does not cover, what the bot does cover, and questions to try.

use super::{Draft, default_suggestions, finish};
use crate::core::route::Decline;
use crate::core::{Answer, Context, Engine, Intent, MIN_COVERAGE, Query};
use crate::messages;

/// The bot declines: `why` says what the plan does not cover, when known.
pub(super) fn out_of_scope(engine: &Engine, q: &Query, ctx: &Context, why: Decline) -> Answer {
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    let best = scores.ranked().first().map(|&i| scores.coverage[i]).unwrap_or(0.0);
    // "When" or "how many" on the plan's topic with no figure stated: say so; off topic: the
    // usual reply.
    let on_topic = best >= MIN_COVERAGE;
    let reason = match why {
        Decline::Unknown => None,
        Decline::Topic(u) => Some(messages::out_of_scope_topic(&kb.uncovered[u].topic)),
        Decline::OtherDocument => Some(messages::OTHER_DOCUMENT.to_owned()),
        Decline::UnknownEntity => q.unknown_entity.as_deref().map(messages::unknown_entity),
        Decline::NoDate => on_topic.then(|| messages::NO_DATE.to_owned()),
        Decline::NoFigure => on_topic.then(|| messages::NO_FIGURE.to_owned()),
    };
    let mut d = Draft::default();
    let reply = |id: &str| kb.smalltalk_reply(id);
    // The precise reason when known ("Kế hoạch không đề cập đến học phí."), else the apology;
    // then what the bot covers.
    d.body = reason.unwrap_or_else(|| reply("out-of-scope"));
    d.body.push('\n');
    d.body.push_str(&reply("scope"));
    for i in scores.ranked().iter().copied().take(2) {
        if let Some(question) = kb.entries[i].questions.first() {
            d.suggest(question);
        }
    }
    default_suggestions(engine, &mut d);
    d.score = best;
    finish(engine, q, ctx, Intent::OutOfScope, false, d)
}
