//! The stand-ins for Telegram's Bot API and the Zalo Open API, on one loopback address: they
//! hand out the questions and check every message of every reply as it arrives.

use crate::workload::Turn;
use crate::{Channel, FIRST_CHAT, OA_APP_ID};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};

/// Where a conversation stands.
#[derive(Default)]
pub struct Chat {
    /// The turn whose reply is awaited next.
    pub turn: usize,
    /// Messages of that reply received so far.
    pub part: usize,
    /// When each turn was offered.
    pub offered: Vec<Option<Instant>>,
}

#[derive(Default)]
pub struct Tally {
    pub latencies: Vec<Duration>,
    pub duplicated: usize,
    pub wrong: usize,
    /// The first few wrong messages, to show.
    pub examples: Vec<String>,
    pub first_offer: Option<Instant>,
    pub last_reply: Option<Instant>,
}

/// The stand-ins' shared state.
pub struct Shared {
    pub path: Channel,
    pub closed_loop: bool,
    pub turns: Vec<Vec<Turn>>,
    pub chats: Mutex<Vec<Chat>>,
    pub tally: Mutex<Tally>,
    /// Telegram updates not yet handed out: (update_id, update).
    pub updates: Mutex<(i64, VecDeque<(i64, Value)>)>,
    pub new_updates: Notify,
    /// Replies all in.
    pub done: Notify,
    /// Set once getUpdates was called: the bot is up.
    pub polling: Notify,
    /// Zalo: chats whose next question is due.
    pub due: mpsc::UnboundedSender<usize>,
    pub sent_messages: Mutex<i64>,
}

impl Shared {
    pub fn expected_replies(&self) -> usize {
        self.turns.iter().map(Vec::len).sum()
    }

    /// Offers turn `turn` of chat `chat` now.
    pub fn offer(&self, chat: usize, turn: usize) {
        let now = Instant::now();
        {
            let mut chats = self.chats.lock().unwrap();
            chats[chat].offered[turn] = Some(now);
            let mut tally = self.tally.lock().unwrap();
            tally.first_offer.get_or_insert(now);
        }
        match self.path {
            Channel::Telegram => {
                let mut updates = self.updates.lock().unwrap();
                updates.0 += 1;
                let id = updates.0;
                let update = telegram_update(id, FIRST_CHAT + chat as i64, &self.turns[chat][turn].question);
                updates.1.push_back((id, update));
                drop(updates);
                self.new_updates.notify_waiters();
            }
            Channel::ZaloOa => {
                let _ = self.due.send(chat);
            }
        }
    }

    /// A message from the bot arrived for `chat`.
    pub fn received(&self, chat: usize, text: &str) {
        let now = Instant::now();
        let mut chats = self.chats.lock().unwrap();
        let mut tally = self.tally.lock().unwrap();
        let Some(state) = chats.get_mut(chat) else {
            tally.wrong += 1;
            return;
        };
        let Some(turn) = self.turns[chat].get(state.turn) else {
            tally.duplicated += 1;
            return;
        };
        if turn.expected.get(state.part).map(String::as_str) != Some(text) {
            tally.wrong += 1;
            if tally.examples.len() < 3 {
                tally.examples.push(format!(
                    "chat {chat}, question {:?}: got {:?}, expected {:?}",
                    turn.question,
                    preview(text),
                    turn.expected.get(state.part).map(|e| preview(e))
                ));
            }
        }
        state.part += 1;
        if state.part < turn.expected.len() {
            return;
        }
        let offered = state.offered[state.turn].unwrap_or(now);
        tally.latencies.push(now.duration_since(offered));
        tally.last_reply = Some(now);
        state.part = 0;
        state.turn += 1;
        let next = state.turn;
        let all_in = tally.latencies.len() == self.expected_replies();
        drop(tally);
        drop(chats);
        if self.closed_loop && next < self.turns[chat].len() {
            self.offer(chat, next);
        }
        if all_in {
            self.done.notify_one();
        }
    }
}

pub fn preview(text: &str) -> String {
    text.chars().take(80).collect()
}

pub fn telegram_update(id: i64, chat: i64, text: &str) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": {"id": chat, "is_bot": false, "first_name": "Lan"}, "text": text}})
}

/// A signed-webhook event dated `timestamp` (ms; the server answers only events dated within
/// five minutes of now).
pub fn oa_event(chat: usize, turn: usize, text: &str, timestamp: &str) -> Value {
    json!({"app_id": OA_APP_ID, "user_id_by_app": "1", "event_name": "user_send_text",
        "timestamp": timestamp,
        "sender": {"id": format!("{}", FIRST_CHAT + chat as i64)}, "recipient": {"id": "579745863508352884"},
        "message": {"msg_id": format!("load-{chat}-{turn}"), "text": text}})
}

/// The stand-ins for the Bot API and the Zalo Open API, on one address.
pub async fn stand_in(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    let path = uri.path();
    let method = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if path.ends_with("/v3.0/oa/message/cs") {
        let user = body["recipient"]["user_id"].as_str().and_then(|u| u.parse::<i64>().ok()).unwrap_or(-1);
        let text = body["message"]["text"].as_str().unwrap_or_default();
        shared.received((user - FIRST_CHAT) as usize, text);
        return axum::Json(json!({"error": 0, "message": "Success", "data": {"message_id": "m"}})).into_response();
    }
    let reply = match method.as_str() {
        "getme" => json!({"ok": true, "result": {
            "id": 1, "is_bot": true, "first_name": "hoidap", "username": "hoidap_load_bot",
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false}}),
        "getupdates" => {
            shared.polling.notify_one();
            let offset = body["offset"].as_i64().unwrap_or(0);
            let limit = body["limit"].as_u64().unwrap_or(100) as usize;
            let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0).min(1));
            let deadline = tokio::time::Instant::now() + wait;
            loop {
                let notified = shared.new_updates.notified();
                let batch: Vec<Value> = {
                    let mut updates = shared.updates.lock().unwrap();
                    while updates.1.front().is_some_and(|(id, _)| *id < offset) {
                        updates.1.pop_front();
                    }
                    updates.1.iter().take(limit).map(|(_, u)| u.clone()).collect()
                };
                if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                    break json!({"ok": true, "result": batch});
                }
                let _ = tokio::time::timeout_at(deadline, notified).await;
            }
        }
        "sendmessage" => {
            let chat = body["chat_id"].as_i64().unwrap_or(-1);
            let text = body["text"].as_str().unwrap_or_default();
            shared.received((chat - FIRST_CHAT) as usize, text);
            let id = {
                let mut n = shared.sent_messages.lock().unwrap();
                *n += 1;
                *n
            };
            json!({"ok": true, "result": {"message_id": id, "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "Lan"}, "text": text}})
        }
        _ => json!({"ok": true, "result": true}),
    };
    axum::Json(reply).into_response()
}
