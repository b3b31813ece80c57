//! Hostile input through every channel, from one table: the terminal (`hoidap ask`, `ask --json -`,
//! `chat`), `/v1/ask` through `app()`, the Telegram webhook on the real `hoidap serve` binary, and
//! the Zalo Bot and Official Account webhooks through `app()`. Every hostile text gets a polite
//! reply within the channel's limits (exactly one, even when the delivery is replayed); every bad
//! body a clean 4xx; forged deliveries a 401 and nothing sent; and the channel answers a normal
//! question afterwards. Then secrets: `hoidap serve`, `telegram` and `zalo-bot` with every secret
//! set and every API failing log the failures and none of the secrets, and every webhook compares
//! secrets in constant time.

use crate::bot_api::{self, BotApi};
use crate::http_stub::{Seen, Stub};
use crate::serve::{self, SECRET, WAIT};
use crate::server::{call, post, server};
use crate::zalo::{APP_ID, BOT_SECRET, OA_KEY, bot_delivery, bot_server, oa_delivery, oa_server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::core::Context;
use hoidap::server::{Channels, MAX_BODY, Server};
use hoidap::zalo::{self, MAX_TEXT, oa};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The normal question every channel must still answer after its battery.
const FOLLOW_UP: &str = "Ai chịu trách nhiệm tuyển dụng giáo viên?";
/// What its answer names.
const FOLLOW_UP_NAMES: &str = "Sở Nội vụ";

/// What a reply to a hostile text must say, beyond being polite.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Any polite reply.
    Polite,
    /// The "empty message" reply: nothing readable was sent.
    Empty,
    /// The question inside the noise was understood: the reply names this.
    Names(&'static str),
}

/// One hostile message.
struct Hostile {
    name: &'static str,
    text: String,
    expect: Expect,
}

fn hostile(name: &'static str, text: impl Into<String>, expect: Expect) -> Hostile {
    Hostile { name, text: text.into(), expect }
}

/// The hostile texts every channel is given.
fn table() -> Vec<Hostile> {
    use Expect::*;
    let paste = {
        let mut paste = FOLLOW_UP.to_owned() + " ";
        while paste.len() < 100_000 - 80 {
            paste.push_str("Kế hoạch 298 <b>giáo dục</b> & đào tạo *Hải Phòng* ");
        }
        paste
    };
    assert!(paste.len() <= 100_000 && paste.len() > 99_000, "100 KB: {}", paste.len());
    vec![
        hostile("empty", "", Empty),
        hostile("whitespace only", " \t \u{a0}\u{3000}\u{2003}  \n \r\n ", Empty),
        hostile("100 KB paste", paste, Names(FOLLOW_UP_NAMES)),
        hostile("emoji only", "😀🎉👍🏽👨‍👩‍👧‍👦🇻🇳🤖🙏", Polite),
        hostile("zero-width only", "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{200b}", Empty),
        hostile(
            "zero-width inside a question",
            "Sở\u{200b} Tài\u{200d} chính\u{feff} làm\u{2060} gì?",
            Names("Sở Tài chính"),
        ),
        hostile("RTL override, reversed text", "\u{202e}?ìg màl hníhc iàT ởS\u{202c}", Polite),
        hostile(
            "RTL marks around a question",
            "\u{202e}\u{200f}Sở Nội vụ làm gì?\u{202c}\u{61c}\u{2067}\u{2069}",
            Names("Sở Nội vụ"),
        ),
        hostile("NUL bytes only", "\0\0\0", Polite),
        hostile("NUL inside a question", "Sở Tài chính\0 làm gì?\0", Names("Sở Tài chính")),
        hostile("script injection", "<script>alert('x')</script><img src=x onerror=alert(1)>", Polite),
        hostile(
            "HTML tags and entities",
            "<b>Ai</b> chịu trách nhiệm </i> tuyển dụng &amp; giáo viên &lt;?",
            Names("Sở Nội vụ"),
        ),
        hostile("Markdown injection", "*bold* _it_ [link](http://x) ``` `code` ~~s~~ ||spoiler|| # h1 > quote", Polite),
        hostile(
            "Markdown around a question",
            "**Sở Tài chính** _làm gì_? [x](http://evil.example) ```",
            Names("Sở Tài chính"),
        ),
        hostile("a 70,000-character word", "giáodụcđàotạo".repeat(5_000), Polite),
        hostile("control characters", "\u{7}\u{1b}[31mđỏ\u{1b}[0m\u{8}\u{7f}\u{85}\u{2028}\u{2029}", Polite),
        hostile("combining marks only", "\u{301}\u{303}\u{323}\u{309}".repeat(100), Polite),
        hostile("unknown command", "/khonglenh <i>x", Polite),
        hostile(
            "everything at once",
            "<b>Ai</b>\u{200b} chịu *trách nhiệm* tuyển\0 dụng giáo viên? 😀\u{202e} &amp; ``` [x](y)",
            Names("Sở Nội vụ"),
        ),
    ]
}

/// Characters only Vietnamese text has: a reply carrying none is not the bot speaking.
fn vietnamese(text: &str) -> bool {
    text.chars().any(|c| "ăâđêôơưạảãàáậầấẩẫắằặẳẵếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵóòỏõọúùủũụéèẻẽẹ".contains(c))
}

/// A reply to `row` is polite: Vietnamese, no control characters (NUL, escapes) passed through,
/// and what the row expects.
fn check_reply(row: &Hostile, reply: &str, channel: &str) {
    let at = format!("{channel}, {}: {reply:.300}", row.name);
    assert!(!reply.trim().is_empty() && vietnamese(reply), "not a polite reply: {at}");
    assert!(!reply.contains("panicked"), "{at}");
    assert!(!reply.chars().any(|c| c.is_control() && c != '\n'), "a control character in the reply: {at}");
    match row.expect {
        Expect::Polite => {}
        Expect::Empty => assert!(reply.contains(&smalltalk("empty")), "not the empty-message reply: {at}"),
        Expect::Names(name) => assert!(reply.contains(name), "{name} not in the reply: {at}"),
    }
}

fn smalltalk(id: &str) -> String {
    crate::support::engine().knowledge().smalltalk_reply(id)
}

/// What the engine answers `text` with for someone who asked nothing before.
fn answer(text: &str) -> hoidap::core::Answer {
    crate::support::engine().answer(text, &Context::default())
}

fn deep_nesting() -> String {
    format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))
}

/// Bodies no webhook or API can read, by name.
fn unreadable_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty body", vec![]),
        ("not JSON", b"not json at all".to_vec()),
        ("truncated JSON", "{\"question\": \"Sở Tài".as_bytes().to_vec()),
        ("invalid UTF-8 in a string", b"{\"question\": \"\xff\xfe\xc0\x80\", \"timestamp\": \"1\"}".to_vec()),
        ("invalid UTF-8 outside JSON", b"\xff\xfe\x00{}".to_vec()),
        ("a lone surrogate escape", br#"{"question": "\ud800", "timestamp": "1"}"#.to_vec()),
        ("100,000 nested arrays", deep_nesting().into_bytes()),
    ]
}

/// A body just over the size limit.
fn huge_body() -> Vec<u8> {
    format!(r#"{{"question": "{}"}}"#, "a".repeat(MAX_BODY)).into_bytes()
}

// ---------------------------------------------------------------------------------------------
// The terminal.

#[test]
fn the_terminal_answers_every_hostile_question_politely() {
    use crate::cli::{hoidap, stderr, stdout};
    let rows = table();
    // As an argument (the operating system cannot pass NUL in one).
    for row in rows.iter().filter(|r| !r.text.contains('\0')) {
        let o = hoidap(&["ask", &row.text], "");
        assert_eq!(o.status.code(), Some(0), "{}: {}", row.name, stderr(&o));
        assert_eq!(stderr(&o), "", "{}", row.name);
        check_reply(row, &stdout(&o), "hoidap ask");
    }

    // One question a line on standard input, as JSON: one object per line, in order.
    let lines: Vec<String> = rows.iter().map(|r| r.text.replace(['\n', '\r'], " ")).collect();
    let o = hoidap(&["ask", "--json", "-"], lines.join("\n") + "\n");
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
    let replies: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(replies.len(), rows.len());
    for ((row, line), reply) in rows.iter().zip(&lines).zip(&replies) {
        assert_eq!(reply["question"], hoidap::core::cut_question(line), "{}", row.name);
        check_reply(row, reply["text"].as_str().unwrap(), "hoidap ask --json -");
    }

    // A conversation with a store: every line answered, then a normal question.
    let data = std::env::temp_dir().join(format!("hoidap-bad-chat-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let o =
        hoidap(&["--data-dir", data.to_str().unwrap(), "chat", "--json"], lines.join("\n") + "\n" + FOLLOW_UP + "\n");
    let _ = std::fs::remove_dir_all(&data);
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
    let turns: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(turns.len(), rows.len() + 1);
    assert!(turns[rows.len()]["text"].as_str().unwrap().contains(FOLLOW_UP_NAMES), "{}", turns[rows.len()]);

    // Invalid UTF-8 on standard input: what came before is answered, and then either the line is
    // read lossily or the command stops with a clear error, never a panic.
    let mut bytes = b"S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh l\xc3\xa0m g\xc3\xac?\n\xff\xfe\xc0\x80 x\n".to_vec();
    bytes.extend_from_slice(format!("{FOLLOW_UP}\n").as_bytes());
    let o = hoidap(&["ask", "--json", "-"], &bytes);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.lines().next().is_some_and(|l| l.contains("Sở Tài chính")), "{out}");
    match o.status.code() {
        Some(0) => assert_eq!(out.lines().count(), 3, "{out}"),
        Some(1) => assert!(err.contains("UTF-8") && err.lines().count() <= 2, "{err}"),
        code => panic!("exit code {code:?}: {err}"),
    }
    // …and as an argument, a usage error (exit 2), not a panic.
    use std::os::unix::ffi::OsStrExt;
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("ask")
        .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

// ---------------------------------------------------------------------------------------------
// The JSON API.

#[tokio::test]
async fn the_json_api_answers_every_hostile_question_or_refuses_the_body_cleanly() {
    let s = server(Channels::default());
    for row in table() {
        // Anonymous, and with the hostile text as the user id too.
        for body in [json!({"question": row.text}), json!({"question": row.text, "user": row.text})] {
            let (status, reply) = call(&s, post("/v1/ask", body.to_string())).await;
            assert_eq!(status, StatusCode::OK, "{}: {reply}", row.name);
            assert_eq!(reply["question"], hoidap::core::cut_question(&row.text), "{}", row.name);
            assert!(reply["answered"].is_boolean() && reply["answer_id"].is_string(), "{}: {reply}", row.name);
            check_reply(&row, reply["text"].as_str().unwrap(), "/v1/ask");
        }
    }

    // Bodies that are not a question: a 400 with a JSON error.
    let mut bad = unreadable_bodies();
    for (name, body) in [
        ("a number", r#"{"question": 5}"#),
        ("null", r#"{"question": null}"#),
        ("an array", "[]"),
        ("a bare string", r#""Sở Tài chính làm gì?""#),
        ("a duplicate field", r#"{"question": "a", "question": "b"}"#),
        ("an unknown field", r#"{"question": "a", "admin": true}"#),
        ("a numeric user", r#"{"question": "a", "user": 5}"#),
        ("a byte-order mark", "\u{feff}{\"question\": \"a\"}"),
        ("a form", "question=S%E1%BB%9F"),
    ] {
        bad.push((name, body.as_bytes().to_vec()));
    }
    bad.push(("nested arrays in the user", format!(r#"{{"question": "a", "user": {}}}"#, deep_nesting()).into_bytes()));
    for (name, body) in bad {
        let (status, reply) = call(&s, post("/v1/ask", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {reply}");
        assert!(reply["error"].as_str().is_some_and(|e| e.contains("question")), "{name}: {reply}");
    }

    // Size: over the limit a 413; exactly at it, answered.
    let (status, _) = call(&s, post("/v1/ask", huge_body())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let question = json!({"question": FOLLOW_UP}).to_string();
    let padded = format!("{question}{}", " ".repeat(MAX_BODY - question.len()));
    assert_eq!(padded.len(), MAX_BODY);
    let (status, reply) = call(&s, post("/v1/ask", padded)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");

    // Another content type is read the same; another method or path is refused.
    let plain = Request::post("/v1/ask").header("content-type", "text/plain").body(Body::from(question.clone()));
    assert_eq!(call(&s, plain.unwrap()).await.0, StatusCode::OK);
    let get = Request::get("/v1/ask").body(Body::empty()).unwrap();
    assert_eq!(call(&s, get).await.0, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(call(&s, post("/v1/ask/../../etc/passwd", question.clone())).await.0, StatusCode::NOT_FOUND);

    // And it keeps answering.
    let (status, reply) = call(&s, post("/v1/ask", question)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["answered"], true, "{reply}");
    assert!(reply["agencies"].as_array().unwrap().iter().any(|a| a == FOLLOW_UP_NAMES), "{reply}");
    let (status, health) = call(&s, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, health["status"].as_str()), (StatusCode::OK, Some("ok")));
}

// ---------------------------------------------------------------------------------------------
// Telegram, on the real binary: a panic would end the process and the last question would fail.

/// A Telegram update with this id.
fn update(update_id: i64, mut update: Value) -> String {
    update["update_id"] = update_id.into();
    update.to_string()
}

#[test]
fn the_telegram_webhook_on_the_real_binary_survives_the_battery() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-bad-tg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (mut child, address, log) = serve::start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    let hook = "/webhook/telegram";
    let signed = [("X-Telegram-Bot-Api-Secret-Token", SECRET)];

    // Forged deliveries: refused, never processed.
    let forged = serve::delivery(1, 1, FOLLOW_UP);
    let (upper, longer, shorter, junk) =
        (SECRET.to_uppercase(), format!("{SECRET}x"), SECRET[..SECRET.len() - 1].to_owned(), "x".repeat(8_000));
    for secret in [None, Some(""), Some("guess"), Some(&upper), Some(&longer), Some(&shorter), Some(&junk)] {
        let headers: Vec<(&str, &str)> = secret.map(|s| ("X-Telegram-Bot-Api-Secret-Token", s)).into_iter().collect();
        assert_eq!(serve::post(&address, hook, &headers, &forged).0, 401, "{secret:.20?}");
    }
    assert_eq!(serve::post(&address, hook, &[("X-Bot-Api-Secret-Token", SECRET)], &forged).0, 401, "another header");

    // Bodies that are not updates: 400; too large: 413.
    let mut bad = unreadable_bodies();
    bad.extend([("an array", b"[1, 2]".to_vec()), ("no update_id", b"{}".to_vec())]);
    bad.push(("a text update_id", br#"{"update_id": "x", "message": {}}"#.to_vec()));
    for (name, body) in &bad {
        let (status, reply) = serve::post(&address, hook, &signed, body);
        assert_eq!(status, 400, "{name}: {reply}");
    }
    assert_eq!(serve::post(&address, hook, &signed, huge_body()).0, 413);

    // Updates of kinds the bot does not answer: acknowledged, nothing sent.
    let user = json!({"id": 7, "is_bot": false, "first_name": "Lan"});
    let group = json!({"id": -7, "type": "group", "title": "x"});
    let unknown = [
        json!({"poll": {"id": "p", "question": "?", "options": [{"text": "a", "voter_count": 0}], "total_voter_count": 0,
            "is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}}),
        json!({"chat_member": {"chat": group, "from": user, "date": 0, "old_chat_member": {"user": user, "status": "left"},
            "new_chat_member": {"user": user, "status": "member"}}}),
        json!({"my_chat_member": {"chat": group, "from": user, "date": 0, "old_chat_member": {"user": user, "status": "left"},
            "new_chat_member": {"user": user, "status": "member"}}}),
        json!({"message_reaction": {"chat": group, "message_id": 1, "user": user, "date": 0, "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}]}}),
        json!({"kind_from_the_future": {"text": FOLLOW_UP}}),
        json!({}),
    ];
    for (i, kind) in unknown.iter().enumerate() {
        let (status, reply) = serve::post(&address, hook, &signed, update(50 + i as i64, kind.clone()));
        assert_eq!(status, 200, "{kind}: {reply}");
    }

    // The battery: one chat per text, then the first delivered again (a retry); pressed buttons
    // with forged data, each answered "this button has expired".
    let rows = table();
    let chat = |i: usize| 1_000 + i as i64;
    for (i, row) in rows.iter().enumerate() {
        let delivery = update(100 + i as i64, bot_api::text(chat(i), &row.text));
        assert_eq!(serve::post(&address, hook, &signed, delivery).0, 200, "{}", row.name);
    }
    assert_eq!(serve::post(&address, hook, &signed, update(100, bot_api::text(chat(0), &rows[0].text))).0, 200);
    let callbacks =
        ["", "x", ":::::", "e:99999999999999999999", "m:18446744073709551615", "q:a1:0", "s::", "f:nope:u", "c:-1"];
    let long_data = ":".repeat(64);
    let callbacks: Vec<&str> = callbacks.into_iter().chain([long_data.as_str()]).collect();
    let button_chat = |j: usize| 2_000 + j as i64;
    for (j, data) in callbacks.iter().enumerate() {
        let delivery = update(200 + j as i64, bot_api::button(button_chat(j), data));
        assert_eq!(serve::post(&address, hook, &signed, delivery).0, 200, "{data}");
    }

    // Every text answered: as many messages as its answer renders to.
    let expected: Vec<usize> =
        rows.iter().map(|r| hoidap::telegram::render::render(&answer(&r.text)).messages.len()).collect();
    let done = |sent: &[Value]| {
        expected.iter().enumerate().all(|(i, n)| serve::to_chat(sent, chat(i)).len() >= *n)
            && (0..callbacks.len()).all(|j| !serve::to_chat(sent, button_chat(j)).is_empty())
    };
    api.wait_until("sendMessage", "every hostile text answered", WAIT, done);

    // And it keeps answering.
    assert_eq!(serve::post(&address, hook, &signed, update(300, bot_api::text(999, FOLLOW_UP))).0, 200);
    let sent = api.wait_until("sendMessage", "the follow-up", WAIT, |s| !serve::to_chat(s, 999).is_empty());
    assert!(serve::to_chat(&sent, 999)[0]["text"].as_str().unwrap().contains(FOLLOW_UP_NAMES));
    let (status, reply) = serve::post(&address, "/v1/ask", &[], json!({"question": FOLLOW_UP}).to_string());
    assert_eq!(status, 200, "{reply}");
    // Every delivery answered (a late duplicate would come before this), and still running.
    serve::wait_answered(&address);
    assert!(child.try_wait().unwrap().is_none(), "hoidap serve is still running");

    let sent = api.calls("sendMessage");
    crate::telegram_bot::check_sent(&sent);
    for (i, row) in rows.iter().enumerate() {
        let mine = serve::to_chat(&sent, chat(i));
        assert_eq!(mine.len(), expected[i], "{}: exactly one reply (in {} messages)", row.name, expected[i]);
        let whole: Vec<&str> = mine.iter().map(|m| m["text"].as_str().unwrap()).collect();
        check_reply(row, &whole.join("\n"), "telegram");
    }
    let expired = hoidap::messages::TELEGRAM_BUTTON_EXPIRED;
    for (j, data) in callbacks.iter().enumerate() {
        let mine = serve::to_chat(&sent, button_chat(j));
        assert_eq!(mine.len(), 1, "{data}");
        assert_eq!(mine[0]["text"], expired, "{data}");
    }
    assert_eq!(api.calls("answerCallbackQuery").len(), callbacks.len(), "every press acknowledged");
    let known: Vec<i64> = (0..rows.len()).map(chat).chain((0..callbacks.len()).map(button_chat)).chain([999]).collect();
    let strays: Vec<&Value> = sent.iter().filter(|m| !known.iter().any(|c| m["chat_id"] == *c)).collect();
    assert!(strays.is_empty(), "forged and unknown updates are not answered: {strays:#?}");

    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(serve::wait_exit(child), Some(0));
    let lines: Vec<String> = log.try_iter().collect();
    assert!(!lines.iter().any(|l| l.contains("panicked")), "{lines:#?}");
    let _ = std::fs::remove_dir_all(&data);
}

/// teloxide-core 0.13's `MessageReactionUpdated` deserializer unwraps a missing actor
/// (message_reaction_updated.rs:59): an authenticated delivery without `user` and `actor_chat`
/// panics inside `serde_json::from_slice::<Update>`. `telegram_webhook` catches that panic and
/// answers 400, as for any body it cannot read (without it the connection got no answer at all,
/// and Telegram would have retried the delivery).
#[test]
fn a_reaction_without_an_actor_gets_an_answer() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-bad-reaction-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (child, address, log) = serve::start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    let signed = [("X-Telegram-Bot-Api-Secret-Token", SECRET)];
    let reaction = json!({"message_reaction": {"chat": {"id": -7, "type": "group", "title": "x"}, "message_id": 1,
        "date": 0, "old_reaction": [], "new_reaction": []}});
    // teloxide's parser panics on this body; the server catches it and refuses the body (the
    // panic hook still prints the dependency's panic once).
    let (status, reply) = serve::post(&address, "/webhook/telegram", &signed, update(1, reaction));
    assert_eq!(status, 400, "refused like any unreadable update: {reply}");
    assert_eq!(serve::post(&address, "/webhook/telegram", &signed, update(2, bot_api::text(9, FOLLOW_UP))).0, 200);
    api.wait_until("sendMessage", "the follow-up", WAIT, |s| !serve::to_chat(s, 9).is_empty());
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(serve::wait_exit(child), Some(0));
    drop(log);
    let _ = std::fs::remove_dir_all(&data);
}

/// Through long polling the same update would end `hoidap telegram` (the panic is inside
/// teloxide's getUpdates): the bot asks Telegram only for the kinds it answers, so Telegram never
/// sends a reaction or a poll answer.
#[test]
fn polling_asks_only_for_the_updates_it_answers() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-bad-reaction-poll-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = crate::telegram_bot::start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    let poll = api.last_poll(WAIT);
    let mut kinds: Vec<&str> = poll["allowed_updates"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["callback_query", "edited_message", "message"], "{poll}");
    api.push(bot_api::text(9, FOLLOW_UP));
    let deadline = Instant::now() + WAIT;
    while api.calls("sendMessage").is_empty() {
        if let Some(status) = child.try_wait().unwrap() {
            let err = String::from_utf8_lossy(&child.wait_with_output().unwrap().stderr).into_owned();
            panic!("hoidap telegram ended ({status}):\n{err:.2000}");
        }
        assert!(Instant::now() < deadline, "the follow-up was not answered");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (code, err) = crate::telegram_bot::stop(child);
    assert_eq!(code, Some(0), "{err}");
    let _ = std::fs::remove_dir_all(&data);
}

// ---------------------------------------------------------------------------------------------
// Zalo, both channels through `app()` with the send endpoints on stand-ins.

#[derive(Clone, Copy, Debug)]
enum Zalo {
    Bot,
    Oa,
}

impl Zalo {
    fn server(self, stub: &Stub) -> Arc<Server> {
        match self {
            Zalo::Bot => bot_server(stub),
            Zalo::Oa => oa_server(stub),
        }
    }

    fn stub(self) -> Stub {
        match self {
            Zalo::Bot => Stub::start(json!({"ok": true, "result": {"message_id": "m"}})),
            Zalo::Oa => Stub::start(json!({"error": 0, "message": "Success"})),
        }
    }

    /// A text message `id` from user `user`.
    fn text(self, id: &str, user: &str, text: &str) -> String {
        match self {
            Zalo::Bot => json!({"event_name": "message.text.received", "message": {"from": {"id": user, "display_name": "x",
                "is_bot": false}, "chat": {"id": user, "chat_type": "PRIVATE"}, "text": text, "message_id": id,
                "date": 1735862400000u64}}),
            Zalo::Oa => json!({"app_id": APP_ID, "event_name": "user_send_text", "timestamp": hoidap::app::now_millis().to_string(),
                "sender": {"id": user}, "recipient": {"id": "579745863508352884"}, "message": {"msg_id": id, "text": text}}),
        }
        .to_string()
    }

    /// An authentic delivery of `body` (JSON with a timestamp, for the Official Account).
    fn signed(self, body: &str) -> Request<Body> {
        match self {
            Zalo::Bot => bot_delivery(body, Some(BOT_SECRET)),
            Zalo::Oa => oa_delivery(body, Some(OA_KEY)),
        }
    }

    /// Any bytes, authenticated as well as they can be: the Bot's secret header, or the Official
    /// Account's signature over the bytes with timestamp "1".
    fn signed_bytes(self, body: &[u8]) -> Request<Body> {
        let request = Request::post(self.path()).header("content-type", "application/json");
        let request = match self {
            Zalo::Bot => request.header("X-Bot-Api-Secret-Token", BOT_SECRET),
            Zalo::Oa => {
                request.header("X-ZEvent-Signature", format!("mac={}", oa::signature(APP_ID, body, "1", OA_KEY)))
            }
        };
        request.body(Body::from(body.to_vec())).unwrap()
    }

    fn path(self) -> &'static str {
        match self {
            Zalo::Bot => "/webhook/zalo-bot",
            Zalo::Oa => "/webhook/zalo-oa",
        }
    }

    /// Deliveries that must be refused as not authentic.
    fn forged(self, body: &str) -> Vec<Request<Body>> {
        let with = |name: &str, value: String| {
            Request::post(self.path()).header(name, value).body(Body::from(body.to_owned())).unwrap()
        };
        match self {
            Zalo::Bot => {
                let mut forged = vec![bot_delivery(body, None)];
                for secret in
                    ["", "guess", &format!("{BOT_SECRET} "), &BOT_SECRET.to_uppercase(), &format!("{BOT_SECRET}x")]
                {
                    forged.push(with("X-Bot-Api-Secret-Token", secret.to_owned()));
                }
                forged.push(with("X-Telegram-Bot-Api-Secret-Token", BOT_SECRET.to_owned()));
                forged
            }
            Zalo::Oa => {
                let timestamp = oa::timestamp(&serde_json::from_str(body).unwrap()).unwrap();
                let other_app = oa::signature("3901234568", body.as_bytes(), &timestamp, OA_KEY);
                let other_body = oa::signature(APP_ID, b"{}", &timestamp, OA_KEY);
                vec![
                    oa_delivery(body, None),
                    oa_delivery(body, Some("wrong key")),
                    with("X-ZEvent-Signature", "mac=".into()),
                    with("X-ZEvent-Signature", format!("mac={}", "0".repeat(64))),
                    with("X-ZEvent-Signature", format!("mac={other_app}")),
                    with("X-ZEvent-Signature", format!("mac={other_body}")),
                    with("X-ZEvent-Signature", "mac=".to_owned() + &"f".repeat(10_000)),
                ]
            }
        }
    }

    /// Authenticated JSON of shapes this bot does not answer: acknowledged, nothing sent.
    fn ignored(self) -> Vec<String> {
        let shapes = match self {
            Zalo::Bot => vec![
                json!({}),
                json!([]),
                json!({"hello": 1}),
                json!({"ok": true, "result": null}),
                json!({"event_name": "message.text.received"}),
                json!({"event_name": "message.text.received", "message": {"from": {"id": "x"}, "text": "a"}}),
                json!({"event_name": "bot.unknown.event", "message": {"from": {"id": "zi1"}, "message_id": "zi1", "text": "a"}}),
                json!({"event_name": "message.text.received", "message": {"from": {"id": "zi2", "is_bot": true},
                    "message_id": "zi2", "text": FOLLOW_UP}}),
            ],
            Zalo::Oa => vec![
                json!({"timestamp": "1"}),
                json!({"timestamp": "2", "event_name": 5}),
                json!({"timestamp": "3", "event_name": "user_seen_message", "sender": {"id": "zi1"}}),
                json!({"timestamp": "4", "event_name": "user_send_text", "sender": {"id": "zi2"}, "message": {"text": "a"}}),
                json!({"timestamp": "5", "event_name": "oa_send_text", "sender": {"id": "oa"}, "message": {"msg_id": "zi3"}}),
                json!({"timestamp": "6", "event_name": "follow"}),
                json!({"timestamp": "7", "event_name": "unknown_event_from_the_future", "sender": {"id": "zi4"}}),
            ],
        };
        shapes.into_iter().map(|s| s.to_string()).collect()
    }

    /// Authenticated messages that are not text, each from its own user: the polite "I read text"
    /// reply (or, for a text event without text, the empty-message reply).
    fn not_text(self) -> Vec<(String, String, String)> {
        let (not_text, empty) = (smalltalk("not-text"), smalltalk("empty"));
        match self {
            Zalo::Bot => vec![
                (json!({"event_name": "message.sticker.received", "message": {"from": {"id": "zn1"}, "message_id": "zn1"}}), not_text.clone()),
                (json!({"event_name": "message.unknown.received", "message": {"from": {"id": "zn2"}, "message_id": "zn2"}}), not_text.clone()),
                (json!({"event_name": "message.text.received", "message": {"from": {"id": "zn3"}, "message_id": "zn3", "text": 5}}), not_text),
            ],
            Zalo::Oa => vec![
                (json!({"timestamp": "8", "event_name": "user_send_sticker", "sender": {"id": "zn1"}, "message": {"msg_id": "zn1"}}), not_text.clone()),
                (json!({"timestamp": "9", "event_name": "user_send_gif", "sender": {"id": "zn2"}}), not_text),
                (json!({"timestamp": "10", "event_name": "user_send_text", "sender": {"id": "zn3"}, "message": {"msg_id": "zn3"}}), empty),
            ],
        }
        .into_iter()
        .enumerate()
        .map(|(i, (body, reply))| (body.to_string(), format!("zn{}", i + 1), reply))
        .collect()
    }

    /// Who a request to the stand-in was sent to, and the text.
    fn sent(self, seen: &Seen) -> (String, String) {
        let (to, text) = match self {
            Zalo::Bot => (&seen.body["chat_id"], &seen.body["text"]),
            Zalo::Oa => (&seen.body["recipient"]["user_id"], &seen.body["message"]["text"]),
        };
        (to.as_str().unwrap_or_default().to_owned(), text.as_str().unwrap_or_default().to_owned())
    }

    /// What a bad body gets: the Bot reads it and says 400; the Official Account cannot check
    /// the signature of a body whose timestamp it cannot read, so it says 401.
    fn unreadable_status(self) -> StatusCode {
        match self {
            Zalo::Bot => StatusCode::BAD_REQUEST,
            Zalo::Oa => StatusCode::UNAUTHORIZED,
        }
    }
}

fn zalo_battery(zalo: Zalo) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stub = zalo.stub();
    let s = zalo.server(&stub);
    let status = |request: Request<Body>| runtime.block_on(call(&s, request));

    for request in zalo.forged(&zalo.text("forged", "zf", FOLLOW_UP)) {
        let (code, reply) = status(request);
        assert_eq!(code, StatusCode::UNAUTHORIZED, "{zalo:?}: {reply}");
        assert!(reply["error"].is_string(), "{reply}");
    }
    for (name, body) in unreadable_bodies() {
        assert_eq!(status(zalo.signed_bytes(&body)).0, zalo.unreadable_status(), "{zalo:?}: {name}");
    }
    assert_eq!(status(zalo.signed_bytes(&huge_body())).0, StatusCode::PAYLOAD_TOO_LARGE);
    for body in zalo.ignored() {
        assert_eq!(status(zalo.signed(&body)).0, StatusCode::OK, "{zalo:?}: {body}");
    }
    let not_text = zalo.not_text();
    for (body, _, _) in &not_text {
        assert_eq!(status(zalo.signed(body)).0, StatusCode::OK, "{zalo:?}: {body}");
    }

    // The battery, one user per text, the first delivered twice; then a normal question.
    let rows = table();
    let user = |i: usize| format!("zu{i}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            status(zalo.signed(&zalo.text(&format!("zm{i}"), &user(i), &row.text))).0,
            StatusCode::OK,
            "{}",
            row.name
        );
    }
    assert_eq!(status(zalo.signed(&zalo.text("zm0", &user(0), &rows[0].text))).0, StatusCode::OK);
    let pieces = |text: &str| zalo::pieces(&zalo::text(&answer(text))).len();
    let expected: Vec<usize> = rows.iter().map(|r| pieces(&r.text)).collect();
    let total = expected.iter().sum::<usize>() + not_text.len();
    stub.wait(total, WAIT);
    assert_eq!(status(zalo.signed(&zalo.text("zm-last", "zu-last", FOLLOW_UP))).0, StatusCode::OK);
    let seen = stub.wait(total + pieces(FOLLOW_UP), WAIT);
    // Every acknowledged delivery answered: what was sent is final.
    assert!(runtime.block_on(s.drain(WAIT)));
    assert_eq!(stub.seen().len(), seen.len(), "{zalo:?}: nothing more is sent");

    let mut by_user: HashMap<String, Vec<String>> = HashMap::new();
    for request in &seen {
        let (to, text) = zalo.sent(request);
        assert!(text.chars().count() <= MAX_TEXT, "{zalo:?}: {} characters to {to}", text.chars().count());
        by_user.entry(to).or_default().push(text);
    }
    for (i, row) in rows.iter().enumerate() {
        let mine = by_user.remove(&user(i)).unwrap_or_default();
        assert_eq!(mine.len(), expected[i], "{zalo:?}, {}: exactly one reply (in {} messages)", row.name, expected[i]);
        check_reply(row, &mine.join("\n"), &format!("{zalo:?}"));
    }
    for (body, id, reply) in &not_text {
        assert_eq!(by_user.remove(id), Some(vec![reply.clone()]), "{zalo:?}: {body}");
    }
    let last = by_user.remove("zu-last").unwrap_or_default();
    assert!(last.first().is_some_and(|t| t.contains(FOLLOW_UP_NAMES)), "{zalo:?}: {last:?}");
    assert!(by_user.is_empty(), "{zalo:?}: forged and ignored deliveries are not answered: {by_user:#?}");
}

#[test]
fn the_zalo_bot_webhook_survives_the_battery() {
    zalo_battery(Zalo::Bot);
}

#[test]
fn the_zalo_official_account_webhook_survives_the_battery() {
    zalo_battery(Zalo::Oa);
}

// ---------------------------------------------------------------------------------------------
// Secrets: never in logs or error messages; compared in constant time.

/// A distinctive value for every secret; some hold characters URL encoding changes.
const SECRETS: &[(&str, &str)] = &[
    ("TELOXIDE_TOKEN", "4242424242:TgTokenSECRET-x9Qz_Telegram"),
    ("TELEGRAM_WEBHOOK_SECRET", "tg-webhook-SECRET-7f3a"),
    ("ZALO_BOT_TOKEN", "31337:ZaloBotTOKEN-secret-5e2b"),
    ("ZALO_BOT_SECRET_TOKEN", "zalo-bot-webhook-SECRET-c4d1"),
    ("ZALO_OA_SECRET_KEY", "oa-signing-KEY/secret-9a8b"),
    ("ZALO_OA_ACCESS_TOKEN", "oa-access-TOKEN=secret-1d2e"),
    ("ZALO_OA_APP_SECRET", "oa-app-SECRET-value-3c4d"),
    ("ZALO_OA_REFRESH_TOKEN", "oa+refresh/TOKEN=secret-5f6a"),
    ("HOIDAP_ID_SALT", "id-salt-SECRET-7b8c"),
];

fn secret(name: &str) -> &'static str {
    SECRETS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap()
}

/// Percent-encoding of everything but unreserved characters (URLs, forms).
fn url_encoded(value: &str) -> String {
    hoidap::zalo::oa::form_encode(value)
}

/// Fails naming the variable when `text` holds a secret: whole, URL-encoded, or its last 12
/// characters (a secret cut short is still a leak). Case is ignored.
fn assert_no_secret(text: &str, what: &str) {
    let text = text.to_lowercase();
    for (name, value) in SECRETS {
        let tail = &value[value.len() - 12..];
        for form in [value.to_string(), url_encoded(value), tail.to_owned()] {
            assert!(!text.contains(&form.to_lowercase()), "{what} shows {name} (as `{form}`):\n{text}");
        }
    }
}

/// A local address nothing listens on.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/")
}

/// Reads log lines until every one of `markers` was seen (or `WAIT` passed), keeping them all.
fn read_until(log: &std::sync::mpsc::Receiver<String>, lines: &mut Vec<String>, markers: &[&str]) {
    let deadline = Instant::now() + WAIT;
    while !markers.iter().all(|m| lines.iter().any(|l| l.contains(m))) {
        let left = deadline.saturating_duration_since(Instant::now());
        match log.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => break,
        }
    }
}

#[test]
fn serve_logs_failures_but_never_a_secret() {
    let telegram = BotApi::start();
    // A final refusal (a 5xx would be retried, after teloxide's own 10 s pause).
    telegram.refuse_next_send("403 Forbidden", "Forbidden: bot was blocked by the user", None);
    let oa_api = Stub::start(json!({"error": -216, "message": "Access token is invalid"}));
    let oauth = Stub::start_with(
        "500 Internal Server Error",
        json!({"error": -14014, "error_name": "Invalid refresh token", "error_description": "The refresh token is invalid"}),
    );
    let zalo_bot_api = closed_port();
    let data = std::env::temp_dir().join(format!("hoidap-bad-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut env: Vec<(&str, &str)> = SECRETS.to_vec();
    env.extend([
        ("TELOXIDE_API_URL", telegram.url.as_str()),
        ("HOIDAP_THROTTLE", "off"),
        ("ZALO_BOT_API_URL", zalo_bot_api.as_str()),
        ("ZALO_OA_APP_ID", APP_ID),
        ("ZALO_OA_API_URL", oa_api.url.as_str()),
        ("ZALO_OA_OAUTH_URL", oauth.url.as_str()),
        ("HOIDAP_LOG", "trace"),
    ]);
    let (child, address, log, first) = serve::start_with(&env, &data);
    assert!(first.contains("/webhook/telegram, /webhook/zalo-bot, /webhook/zalo-oa"), "{first}");
    let mut lines: Vec<String> = first.lines().map(str::to_owned).collect();
    let mut replies = Vec::new();
    let mut post = |path: &str, headers: &[(&str, &str)], body: &str| {
        let (status, reply) = serve::post(&address, path, headers, body);
        replies.push(format!("{path} {status}: {reply}"));
        status
    };

    // Wrong secrets, some holding the real one: refused, and not echoed anywhere.
    let (tg, bot, key) =
        (secret("TELEGRAM_WEBHOOK_SECRET"), secret("ZALO_BOT_SECRET_TOKEN"), secret("ZALO_OA_SECRET_KEY"));
    let tg_update = serve::delivery(1, 42, "Sở Tài chính làm gì?");
    for wrong in [format!("{tg}x"), tg[..tg.len() - 1].to_owned(), secret("TELOXIDE_TOKEN").to_owned()] {
        assert_eq!(post("/webhook/telegram", &[("X-Telegram-Bot-Api-Secret-Token", &wrong)], &tg_update), 401);
    }
    let zalo_update = Zalo::Bot.text("s1", "zs1", "Sở Nội vụ làm gì?");
    for wrong in [format!("{bot}x"), bot[..bot.len() - 1].to_owned(), secret("ZALO_BOT_TOKEN").to_owned()] {
        assert_eq!(post("/webhook/zalo-bot", &[("X-Bot-Api-Secret-Token", &wrong)], &zalo_update), 401);
    }
    let oa_event = Zalo::Oa.text("s2", "zs2", "Sở Nội vụ làm gì?");
    let timestamp = oa::timestamp(&serde_json::from_str(&oa_event).unwrap()).unwrap();
    let near = oa::signature(APP_ID, oa_event.as_bytes(), &timestamp, &format!("{key}x"));
    for wrong in
        [format!("mac={near}"), format!("mac={key}"), key.to_owned(), secret("ZALO_OA_ACCESS_TOKEN").to_owned()]
    {
        assert_eq!(post("/webhook/zalo-oa", &[("X-ZEvent-Signature", &wrong)], &oa_event), 401);
    }
    // Unreadable bodies, authenticated.
    assert_eq!(post("/webhook/telegram", &[("X-Telegram-Bot-Api-Secret-Token", tg)], "{not json"), 400);
    assert_eq!(post("/webhook/zalo-bot", &[("X-Bot-Api-Secret-Token", bot)], "{not json"), 400);

    // Authentic deliveries whose replies fail: Telegram answers 500, the Zalo Bot platform is
    // unreachable, the Official Account says the token expired and renewing it fails.
    assert_eq!(post("/webhook/telegram", &[("X-Telegram-Bot-Api-Secret-Token", tg)], &tg_update), 200);
    assert_eq!(post("/webhook/zalo-bot", &[("X-Bot-Api-Secret-Token", bot)], &zalo_update), 200);
    let mac = oa::signature(APP_ID, oa_event.as_bytes(), &timestamp, key);
    assert_eq!(post("/webhook/zalo-oa", &[("X-ZEvent-Signature", &format!("mac={mac}"))], &oa_event), 200);
    assert_eq!(post("/v1/ask", &[], &json!({"question": "Sở Tài chính làm gì?", "user": "lan"}).to_string()), 200);
    let markers = [
        "a Telegram reply failed",
        "bot was blocked by the user",
        "a zalo-bot reply failed: cannot reach Zalo",
        "renewing the Zalo OA access token failed",
        "a zalo-oa reply failed: Zalo refused the message (error -216)",
    ];
    read_until(&log, &mut lines, &markers);
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(serve::wait_exit(child), Some(0));
    // The rest of the log, up to its end (the reader stops at the exited process's EOF).
    while let Ok(line) = log.recv_timeout(WAIT) {
        lines.push(line);
    }
    let all = lines.join("\n");

    // The failures were logged (the test is not passing on an empty log)…
    for marker in markers {
        assert!(all.contains(marker), "`{marker}` is logged:\n{all}");
    }
    assert!(all.contains("TRACE") || all.contains("DEBUG"), "the log ran at trace level:\n{all}");
    // …the secrets were really used…
    assert_eq!(telegram.calls("refused:sendMessage").len(), 1);
    assert_eq!(oa_api.seen()[0].headers["access_token"], secret("ZALO_OA_ACCESS_TOKEN"));
    let renewal = &oauth.seen()[0];
    assert_eq!(renewal.headers["secret_key"], secret("ZALO_OA_APP_SECRET"));
    assert!(renewal.raw.contains(&url_encoded(secret("ZALO_OA_REFRESH_TOKEN"))), "{}", renewal.raw);
    // …and none of them shows, in the log or in any answer (the check itself does catch one).
    let probe = format!("form body: refresh_token={}", url_encoded(secret("ZALO_OA_REFRESH_TOKEN")));
    assert!(std::panic::catch_unwind(|| assert_no_secret(&probe, "a probe")).is_err());
    assert_no_secret(&all, "the log of hoidap serve");
    assert_no_secret(&replies.join("\n"), "the answers of hoidap serve");
    let _ = std::fs::remove_dir_all(&data);
}

/// A command line, the variables it runs with (besides the secrets), and what its output says.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn failing_registrations_and_polls_never_print_a_secret() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
        command.args(args).env("HOIDAP_LOG", "trace").env("ZALO_OA_APP_ID", APP_ID);
        command.env("HOIDAP_DATA_DIR", std::env::temp_dir().join(format!("hoidap-bad-run-{}", std::process::id())));
        for (name, value) in SECRETS.iter().chain(env) {
            command.env(name, value);
        }
        let o = command.output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        (o.status.code(), text)
    };
    // A refusal, not a 5xx: teloxide pauses 10 s after a server error.
    let failing_telegram =
        Stub::start_with("401 Unauthorized", json!({"ok": false, "error_code": 401, "description": "Unauthorized"}));
    let failing_telegram_url = format!("{}/", failing_telegram.url);
    let failing_zalo = Stub::start_with(
        "500 Internal Server Error",
        json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
    );
    let closed = closed_port();
    let hook = ["--set-webhook", "https://hoidap.example.org/webhook"];
    let cases: Vec<Case> = vec![
        (
            ["telegram"].into_iter().chain(hook).collect(),
            vec![("TELOXIDE_API_URL", &closed)],
            "registering the webhook",
        ),
        (
            ["telegram"].into_iter().chain(hook).collect(),
            vec![("TELOXIDE_API_URL", &failing_telegram_url)],
            "registering the webhook",
        ),
        (vec!["serve"], vec![("TELOXIDE_API_URL", &closed), ("HOIDAP_LISTEN", "127.0.0.1:0")], "could not be reached"),
        (vec!["telegram"], vec![("TELOXIDE_API_URL", &closed)], "could not be reached"),
        (["zalo-bot"].into_iter().chain(hook).collect(), vec![("ZALO_BOT_API_URL", &closed)], "cannot reach Zalo"),
        (
            ["zalo-bot"].into_iter().chain(hook).collect(),
            vec![("ZALO_BOT_API_URL", &failing_zalo.url)],
            "Internal Server Error",
        ),
    ];
    for (args, env, marker) in cases {
        let (code, text) = run(&args, &env);
        assert_eq!(code, Some(1), "{args:?}: {text}");
        assert!(text.contains(marker), "{args:?}: `{marker}` in {text}");
        assert_no_secret(&text, &format!("hoidap {}", args.join(" ")));
    }
    assert!(failing_telegram.seen()[0].path.contains(secret("TELOXIDE_TOKEN")), "the token was used");
    assert!(failing_zalo.seen()[0].path.contains(secret("ZALO_BOT_TOKEN")), "the token was used");

    // Long polling against a failing platform: the failure is logged, the token is not.
    let data = std::env::temp_dir().join(format!("hoidap-bad-poll-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
    command.arg("zalo-bot").env("HOIDAP_LOG", "trace").env("HOIDAP_DATA_DIR", &data);
    command.env("ZALO_BOT_API_URL", &failing_zalo.url);
    for (name, value) in SECRETS {
        command.env(name, value);
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let polled = |seen: &[Seen]| seen.iter().filter(|s| s.path.ends_with("/getUpdates")).count();
    let deadline = Instant::now() + WAIT;
    while polled(&failing_zalo.seen()) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "hoidap zalo-bot did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("polling failed"), "{text}");
    assert_no_secret(&text, "hoidap zalo-bot");
    let _ = std::fs::remove_dir_all(&data);
}

/// The source of `function` in `code`, up to the end of its body.
fn body_of<'a>(code: &'a str, function: &str) -> &'a str {
    let start = code.find(function).unwrap_or_else(|| panic!("`{function}` is in the source"));
    let rest = &code[start..];
    &rest[..rest.find("\n}\n").map_or(rest.len(), |end| end + 2)]
}

#[test]
fn every_webhook_compares_secrets_in_constant_time() {
    use hoidap::secret::same_secret;
    assert!(same_secret(b"s3cret", b"s3cret"));
    for wrong in [&b"s3creT"[..], b"S3cret", b"s3cre", b"s3crets", b"", b"\0\0\0\0\0\0"] {
        assert!(!same_secret(wrong, b"s3cret"), "{wrong:?}");
    }
    assert!(!same_secret(b"", b""), "an empty secret authenticates nothing");

    let read = |path: &str| {
        let text = std::fs::read_to_string(crate::support::repo().join(path)).unwrap();
        text.split("#[cfg(test)]").next().unwrap().to_owned()
    };
    let server = read("src/server/webhooks.rs") + &read("src/server/guard.rs");
    let oa = read("src/zalo/oa.rs");
    let secret = read("src/secret.rs");

    // `same_secret` looks at every byte (`subtle`'s constant-time `ct_eq`, no early exit of its
    // own) and an empty expected secret matches nothing.
    let same = body_of(&secret, "pub fn same_secret(");
    assert!(secret.contains("use subtle::ConstantTimeEq;"), "{secret}");
    assert!(same.contains("given.ct_eq(expected)") && same.contains("!expected.is_empty()"), "{same}");
    assert!(!same.contains("return") && !same.contains("=="), "{same}");
    // Every webhook authenticates with it (or with the OA signature check) before reading the body.
    for (handler, check) in [
        ("async fn telegram_secret(", "secret_matches("),
        ("async fn zalo_bot_secret(", "secret_matches("),
        ("async fn zalo_oa_webhook(", "zalo::oa::verify("),
    ] {
        let body = body_of(&server, handler);
        let checked = body.find(check).unwrap_or_else(|| panic!("{handler} calls {check}"));
        let read = body.find("serde_json::from_slice").unwrap_or(body.len());
        assert!(checked < read, "{handler} authenticates before reading the body");
        assert!(body[checked..].contains("StatusCode::UNAUTHORIZED"), "{handler} refuses with 401");
    }
    // The OA signature is compared with it too.
    let verify = body_of(&oa, "pub fn verify(");
    assert!(verify.contains("crate::secret::same_secret(given.as_bytes(), expected.as_bytes())"), "{verify}");
    assert_eq!(server.matches("fn telegram_webhook(").count() + server.matches("fn zalo_bot_webhook(").count(), 2);

    // Nowhere else in the server or Zalo code is a secret compared with an ordinary operator.
    // Allowed, with their reasons: the kept tokens' origin (a keyed hash of the configuration,
    // never a request value); the access token against the one that just failed (both the
    // server's own, to notice a concurrent renewal).
    // The same for the access token another replica kept in the store.
    let allowed = [
        "k.from == store.user_hash(configured)",
        "self.client.current_access_token() != failed",
        "kept.access_token != failed",
        "k.access_token != failed",
    ];
    let secret_words = ["secret", "signature", "mac", "given", "expected", "token", "key"];
    let operators = ["==", "!=", ".eq(", ".ne(", ".cmp(", "starts_with(", "ends_with(", "contains("];
    let mut files = vec![("src/secret.rs".to_owned(), secret.clone())];
    for dir in ["src/server", "src/server/web", "src/zalo"] {
        for entry in std::fs::read_dir(crate::support::repo().join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if name.ends_with(".rs") {
                files.push((name.clone(), read(&name)));
            }
        }
    }
    assert!(files.len() >= 10, "{:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
    for (path, code) in files {
        for (n, line) in code.lines().enumerate() {
            let (code_part, lower) = (line.split("//").next().unwrap(), line.to_lowercase());
            let compares = operators.iter().any(|o| code_part.contains(o));
            let secretive = secret_words.iter().any(|w| lower.split("//").next().unwrap().contains(w));
            if compares && secretive && !allowed.iter().any(|a| line.contains(a)) {
                panic!("{path}:{}: a secret compared without `same_secret`: {line}", n + 1);
            }
        }
    }
}
