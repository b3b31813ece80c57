//! Hostile input through every channel, from one table: the terminal (`hoidap ask`, `ask --json -`,
//! `chat`), `/v1/ask` through `app()`, the Telegram webhook on the real `hoidap serve` binary, and
//! the Zalo Bot and Official Account webhooks (in `bad_input_zalo`). Every hostile text gets a
//! polite reply within the channel's limits (exactly one, even when the delivery is replayed);
//! every bad body a clean 4xx; forged deliveries a 401 and nothing sent; and the channel answers
//! a normal question afterwards. Secrets are in `secrets`.

use crate::bot_api::{self, BotApi};
use crate::serve::{self, SECRET, WAIT};
use crate::server::{call, post, server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::core::Context;
use hoidap::server::{ASK_BODY, Channels, MAX_BODY};
use serde_json::{Value, json};
use std::process::Command;
use std::time::{Duration, Instant};

/// The normal question every channel must still answer after its battery.
pub(crate) const FOLLOW_UP: &str = "Ai chịu trách nhiệm tuyển dụng giáo viên?";
/// What the first page of its answer names (phones show a long list a page at a time).
pub(crate) const FOLLOW_UP_NAMES: &str = "Sở Giáo dục và Đào tạo";

/// What a reply to a hostile text must say, beyond being polite.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Expect {
    /// Any polite reply.
    Polite,
    /// The "empty message" reply: nothing readable was sent.
    Empty,
    /// The question inside the noise was understood: the reply names this.
    Names(&'static str),
}

/// One hostile message.
pub(crate) struct Hostile {
    pub(crate) name: &'static str,
    pub(crate) text: String,
    pub(crate) expect: Expect,
}

pub(crate) fn hostile(name: &'static str, text: impl Into<String>, expect: Expect) -> Hostile {
    Hostile { name, text: text.into(), expect }
}

/// The hostile texts every channel is given.
pub(crate) fn table() -> Vec<Hostile> {
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
            Names(FOLLOW_UP_NAMES),
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
            Names(FOLLOW_UP_NAMES),
        ),
    ]
}

/// Characters only Vietnamese text has: a reply carrying none is not the bot speaking.
pub(crate) fn vietnamese(text: &str) -> bool {
    text.chars().any(|c| "ăâđêôơưạảãàáậầấẩẫắằặẳẵếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵóòỏõọúùủũụéèẻẽẹ".contains(c))
}

/// A reply to `row` is polite: Vietnamese, no control characters (NUL, escapes) passed through,
/// and what the row expects.
pub(crate) fn check_reply(row: &Hostile, reply: &str, channel: &str) {
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

pub(crate) fn smalltalk(id: &str) -> String {
    crate::support::engine().knowledge().smalltalk_reply(id)
}

/// What the engine answers `text` with for someone who asked nothing before.
pub(crate) fn answer(text: &str) -> hoidap::core::Answer {
    crate::support::engine().answer(text, &Context::default())
}

pub(crate) fn deep_nesting() -> String {
    format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))
}

/// Bodies no webhook or API can read, by name.
pub(crate) fn unreadable_bodies() -> Vec<(&'static str, Vec<u8>)> {
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
pub(crate) fn huge_body() -> Vec<u8> {
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
            let body = body.to_string();
            let (status, reply) = call(&s, post("/v1/ask", body.clone())).await;
            if body.len() > ASK_BODY {
                // Larger than any question: refused for its size, whatever it holds.
                assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}: {reply}", row.name);
                continue;
            }
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
    // Nested far past the parser's depth limit, within the question paths' body limit.
    let nested = format!("{}{}", "[".repeat(ASK_BODY / 4), "]".repeat(ASK_BODY / 4));
    bad.push(("nested arrays in the user", format!(r#"{{"question": "a", "user": {nested}}}"#).into_bytes()));
    for (name, body) in bad {
        let too_large = body.len() > ASK_BODY;
        let (status, reply) = call(&s, post("/v1/ask", body)).await;
        if too_large {
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{name}: {reply}");
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {reply}");
        assert!(reply["error"].as_str().is_some_and(|e| e.contains("question")), "{name}: {reply}");
    }

    // Size: over the question paths' limit a 413; exactly at it, answered.
    let (status, _) = call(&s, post("/v1/ask", huge_body())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let question = json!({"question": FOLLOW_UP}).to_string();
    let padded = format!("{question}{}", " ".repeat(ASK_BODY - question.len()));
    assert_eq!(padded.len(), ASK_BODY);
    let (status, reply) = call(&s, post("/v1/ask", padded.clone())).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (status, _) = call(&s, post("/v1/ask", format!("{padded} "))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

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
pub(crate) fn update(update_id: i64, mut update: Value) -> String {
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
