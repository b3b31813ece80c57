//! Answering a Zalo delivery (Bot platform or Official Account): the sender's rate limit, the
//! answer through the conversation service, and the reply in plain text, split within Zalo's
//! limit and sent in order, or on an Official Account with query buttons, falling back on the
//! plain text when Zalo refuses them (an expired OA access token is renewed once on the way).

use super::oa::TOKEN_EXPIRED;
use super::{Inbound, SendError, ZaloBotHook, ZaloOaHook};
use crate::app::{Admit, State};
use crate::messages;
use std::sync::Arc;

/// The configured Zalo channel a reply goes out through.
#[derive(Clone, Copy)]
pub enum Outlet<'a> {
    Bot(&'a ZaloBotHook),
    Oa(&'a ZaloOaHook),
}

impl Outlet<'_> {
    fn channel(self) -> &'static str {
        match self {
            Outlet::Bot(_) => super::bot::CHANNEL,
            Outlet::Oa(_) => super::oa::CHANNEL,
        }
    }

    /// Sends one piece; an OA access token refused as expired is renewed and the piece sent again.
    async fn send(self, state: &Arc<State>, to: &str, piece: &str) -> Result<(), SendError> {
        match self {
            Outlet::Bot(hook) => hook.client.send_message(to, piece).await,
            Outlet::Oa(hook) => renewing(hook, state, || hook.client.send_text(to, piece)).await,
        }
    }
}

/// Sends through an Official Account; an access token refused as expired is renewed and the
/// message sent again.
async fn renewing<F: Future<Output = Result<(), SendError>>>(
    hook: &ZaloOaHook,
    state: &Arc<State>,
    send: impl Fn() -> F,
) -> Result<(), SendError> {
    let token = hook.client.current_access_token();
    match send().await {
        Err(SendError::Refused { code: TOKEN_EXPIRED, .. }) if hook.renew(state, &token).await => send().await,
        other => other,
    }
}

/// Answers a Zalo delivery: the reply in plain text, split within Zalo's limit.
pub async fn respond(state: &Arc<State>, outlet: Outlet<'_>, inbound: Inbound) {
    let channel = outlet.channel();
    let smalltalk = |id: &str| state.engine.knowledge().smalltalk_reply(id);
    // Every kind of message counts against the sender's limit (sticker floods too).
    if let Inbound::Text { user, chat, .. } | Inbound::NotText { user, chat, .. } = &inbound {
        match state.admit(format!("{channel}:{user}")).await {
            Admit::Answer => {}
            Admit::SlowDown => return send(state, outlet, chat, messages::SLOW_DOWN).await,
            Admit::Ignore => return,
        }
    }
    let (to, reply) = match inbound {
        Inbound::Text { user, chat, text, .. } => match state.answer(channel, Some(user), text).await {
            Ok(answered) => {
                if let Outlet::Oa(hook) = outlet {
                    let oa = super::oa_reply(&answered.answer);
                    if !oa.buttons.is_empty() && oa.text.chars().count() <= super::MAX_TEXT {
                        return send_with_buttons(state, hook, &chat, &oa, &super::text(&answered.answer)).await;
                    }
                }
                (chat, super::text(&answered.answer))
            }
            Err(e) => return tracing::warn!("answering a {channel} message failed: {e}"),
        },
        Inbound::NotText { chat, .. } => (chat, smalltalk("not-text")),
        Inbound::Follow { user, .. } => (user, smalltalk("greeting")),
        Inbound::Ignore => return,
    };
    send(state, outlet, &to, &reply).await;
}

/// Sends a reply in pieces Zalo accepts, in order; a failure is logged and stops the rest.
async fn send(state: &Arc<State>, outlet: Outlet<'_>, to: &str, text: &str) {
    for piece in super::pieces(text) {
        if let Err(e) = outlet.send(state, to, &piece).await {
            state.metrics.error(outlet.channel(), "send");
            tracing::warn!("a {} reply failed: {e}", outlet.channel());
            return;
        }
    }
}

/// Sends an Official Account's reply with its query buttons; when Zalo refuses the template,
/// the plain text (suggestions written out) goes instead, so the citizen gets the answer once.
async fn send_with_buttons(state: &Arc<State>, hook: &ZaloOaHook, to: &str, reply: &super::OaReply, plain: &str) {
    let channel = super::oa::CHANNEL;
    match renewing(hook, state, || hook.client.send_with_buttons(to, &reply.text, &reply.buttons)).await {
        Ok(()) => {}
        // Zalo refused this message (its own negative error codes), not the access token (a
        // renewal already failed) nor an HTTP failure (5xx after retries): the plain text may pass.
        Err(e @ SendError::Refused { code, .. }) if code < 0 && code != TOKEN_EXPIRED => {
            state.metrics.error(channel, "template-refused");
            tracing::warn!("a {channel} reply with buttons was refused, sending it as text: {e}");
            send(state, Outlet::Oa(hook), to, plain).await;
        }
        Err(e) => {
            state.metrics.error(channel, "send");
            tracing::warn!("a {channel} reply failed: {e}");
        }
    }
}
