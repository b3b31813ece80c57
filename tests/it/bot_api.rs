//! A local stand-in for the Telegram Bot API on 127.0.0.1: hands out queued updates to
//! getUpdates, records every other call, and answers with the shapes teloxide expects.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the stand-in saw and will serve.
#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    calls: Vec<(String, Value)>,
    next_update: i64,
    next_message: i64,
    /// Answer getUpdates with 409 Conflict (another instance polls).
    conflict: bool,
    /// The body of the last getUpdates call.
    last_poll: Option<Value>,
    /// Refusals for the next sendMessage calls (recorded as `refused:sendMessage`).
    refusals: VecDeque<(&'static str, Value)>,
}

#[derive(Clone)]
pub struct BotApi {
    inner: Arc<(Mutex<Inner>, Condvar)>,
    pub url: String,
}

impl BotApi {
    pub fn start() -> BotApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let api = BotApi {
            inner: Arc::new((
                Mutex::new(Inner { next_update: 1, next_message: 1, ..Inner::default() }),
                Condvar::new(),
            )),
            url,
        };
        let server = api.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                std::thread::spawn(move || server.serve(stream));
            }
        });
        api
    }

    /// Queues an update (its update_id is filled in).
    pub fn push(&self, mut update: Value) {
        let (lock, cvar) = &*self.inner;
        let mut inner = lock.lock().unwrap();
        update["update_id"] = json!(inner.next_update);
        inner.next_update += 1;
        inner.updates.push_back(update);
        cvar.notify_all();
    }

    /// The next sendMessage is refused with `status` and the error `description`; a
    /// `retry_after` adds Telegram's flood-control parameter.
    pub fn refuse_next_send(&self, status: &'static str, description: &str, retry_after: Option<u64>) {
        let code: u16 = status.split(' ').next().unwrap().parse().unwrap();
        let mut body = json!({"ok": false, "error_code": code, "description": description});
        if let Some(seconds) = retry_after {
            body["parameters"] = json!({"retry_after": seconds});
        }
        self.inner.0.lock().unwrap().refusals.push_back((status, body));
    }

    /// The next sendMessage is read, then its connection closed without an answer.
    pub fn drop_next_send(&self) {
        self.inner.0.lock().unwrap().refusals.push_back((crate::http_stub::DROP, Value::Null));
    }

    pub fn set_conflict(&self) {
        let (lock, cvar) = &*self.inner;
        lock.lock().unwrap().conflict = true;
        cvar.notify_all();
    }

    /// The body of the last getUpdates call, waiting for one at most `timeout`.
    pub fn last_poll(&self, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.inner;
        let mut inner = lock.lock().unwrap();
        while inner.last_poll.is_none() {
            let now = Instant::now();
            assert!(now < deadline, "no getUpdates call within {timeout:?}");
            inner = cvar.wait_timeout(inner, deadline - now).unwrap().0;
        }
        inner.last_poll.clone().unwrap()
    }

    /// Every call to `method` so far.
    pub fn calls(&self, method: &str) -> Vec<Value> {
        let method = method.to_ascii_lowercase();
        let (lock, _) = &*self.inner;
        lock.lock().unwrap().calls.iter().filter(|(m, _)| *m == method).map(|(_, b)| b.clone()).collect()
    }

    /// Waits until `method` has been called at least `n` times; panics after `timeout`.
    pub fn wait_calls(&self, method: &str, n: usize, timeout: Duration) -> Vec<Value> {
        self.wait_until(method, &format!("{n} call(s)"), timeout, |calls| calls.len() >= n)
    }

    /// Waits until the calls of `method` satisfy `done`, and returns them.
    pub fn wait_until(
        &self,
        method: &str,
        what: &str,
        timeout: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let method = method.to_ascii_lowercase();
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.inner;
        let mut inner = lock.lock().unwrap();
        loop {
            let calls: Vec<Value> = inner.calls.iter().filter(|(m, _)| *m == method).map(|(_, b)| b.clone()).collect();
            if done(&calls) {
                return calls;
            }
            let now = Instant::now();
            if now >= deadline {
                panic!("waited {timeout:?} for {what} of {method}; got {}: {:#?}", calls.len(), inner.calls);
            }
            inner = cvar.wait_timeout(inner, deadline - now).unwrap().0;
        }
    }

    fn serve(&self, stream: TcpStream) {
        crate::http_stub::serve_json(stream, |request| {
            // Telegram method names are case-insensitive (teloxide sends "SendMessage").
            let method = request.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            // Some methods (setWebhook) come as multipart forms: kept as text.
            let body = if request.body.is_null() { json!({ "raw": request.raw }) } else { request.body };
            self.answer(&method, body)
        });
    }

    fn answer(&self, method: &str, body: Value) -> (&'static str, Value) {
        let (lock, cvar) = &*self.inner;
        match method {
            "getme" => (
                "200 OK",
                json!({"ok": true, "result": {
                    "id": 1, "is_bot": true, "first_name": "hoidap", "username": "hoidap_test_bot",
                    "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                    "can_connect_to_business": false, "has_main_web_app": false
                }}),
            ),
            "getupdates" => {
                let offset = body.get("offset").and_then(Value::as_i64).unwrap_or(0);
                let deadline = Instant::now() + Duration::from_millis(300);
                let mut inner = lock.lock().unwrap();
                inner.last_poll = Some(body.clone());
                cvar.notify_all();
                inner.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                while inner.updates.is_empty() && !inner.conflict && Instant::now() < deadline {
                    inner = cvar.wait_timeout(inner, deadline - Instant::now()).unwrap().0;
                }
                if inner.conflict {
                    return (
                        "409 Conflict",
                        json!({"ok": false, "error_code": 409,
                        "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}),
                    );
                }
                let updates: Vec<Value> = inner.updates.iter().cloned().collect();
                ("200 OK", json!({"ok": true, "result": updates}))
            }
            "sendmessage" => {
                let mut inner = lock.lock().unwrap();
                if let Some((status, refusal)) = inner.refusals.pop_front() {
                    inner.calls.push((format!("refused:{method}"), body));
                    cvar.notify_all();
                    return (status, refusal);
                }
                let id = inner.next_message;
                inner.next_message += 1;
                inner.calls.push((method.to_owned(), body.clone()));
                cvar.notify_all();
                let chat = body.get("chat_id").cloned().unwrap_or(json!(0));
                (
                    "200 OK",
                    json!({"ok": true, "result": {
                        "message_id": id, "date": 1_700_000_000, "chat": {"id": chat, "type": "private", "first_name": "x"},
                        "text": body.get("text").cloned().unwrap_or(json!(""))
                    }}),
                )
            }
            _ => {
                let mut inner = lock.lock().unwrap();
                inner.calls.push((method.to_owned(), body));
                cvar.notify_all();
                ("200 OK", json!({"ok": true, "result": true}))
            }
        }
    }
}

fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "Lan"})
}

/// A private text message from user `chat`.
pub fn text(chat: i64, text: &str) -> Value {
    let mut message = json!({"message_id": 1, "date": 1_700_000_000, "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": user(chat), "text": text});
    if text.starts_with('/') {
        let len = text.split_whitespace().next().unwrap_or("").encode_utf16().count();
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
    }
    json!({ "message": message })
}

/// An edited private text message.
pub fn edited(chat: i64, text: &str) -> Value {
    json!({"edited_message": {"message_id": 1, "date": 1_700_000_000, "edit_date": 1_700_000_100,
        "chat": {"id": chat, "type": "private", "first_name": "Lan"}, "from": user(chat), "text": text}})
}

/// A text message in a group.
pub fn group_text(group: i64, from: i64, text: &str) -> Value {
    json!({"message": {"message_id": 1, "date": 1_700_000_000, "chat": {"id": group, "type": "group", "title": "Phụ huynh"},
        "from": user(from), "text": text}})
}

/// A sticker.
pub fn sticker(chat: i64) -> Value {
    json!({"message": {"message_id": 1, "date": 1_700_000_000, "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": user(chat), "sticker": {"file_id": "s", "file_unique_id": "su", "type": "regular", "width": 512, "height": 512,
        "is_animated": false, "is_video": false}}})
}

/// A press of an inline button carrying `data`.
pub fn button(chat: i64, data: &str) -> Value {
    json!({"callback_query": {"id": format!("cb-{data}"), "from": user(chat), "chat_instance": "ci", "data": data,
        "message": {"message_id": 1, "date": 1_700_000_000, "chat": {"id": chat, "type": "private", "first_name": "Lan"}, "text": "x"}}})
}
