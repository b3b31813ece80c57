//! The real `hoidap telegram` binary against a local Bot API stand-in: commands, questions,
//! follow-ups, buttons, other message kinds, groups, long and hostile text, SIGTERM, conflicts.

use crate::bot_api::{self, BotApi};
use hoidap::split::utf16_len;
use hoidap::telegram::render::{MAX_MESSAGE, is_valid_html};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a 2-core CI machine under load.
const WAIT: Duration = Duration::from_secs(20);

pub fn start(api: &BotApi, data: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env("TELOXIDE_API_URL", &api.url)
        .env("HOIDAP_THROTTLE", "off")
        .env("HOIDAP_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hoidap telegram")
}

/// Every message the bot sent is something Telegram accepts.
pub fn check_sent(sent: &[Value]) {
    for m in sent {
        let text = m["text"].as_str().unwrap();
        assert!(utf16_len(text) <= MAX_MESSAGE, "{} units", utf16_len(text));
        if m["parse_mode"] == "HTML" {
            assert!(is_valid_html(text), "invalid HTML: {text}");
        }
        for row in m["reply_markup"]["inline_keyboard"].as_array().into_iter().flatten() {
            for b in row.as_array().unwrap() {
                assert!(b["callback_data"].as_str().unwrap().len() <= 64, "{b}");
            }
        }
    }
}

fn to_chat(sent: &[Value], chat: i64) -> Vec<&Value> {
    sent.iter().filter(|m| m["chat_id"] == chat).collect()
}

pub fn stop(mut child: Child) -> (Option<i32>, String) {
    unsafe_sigterm(child.id());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            assert!(started.elapsed() < Duration::from_secs(10), "stopped in {:?}", started.elapsed());
            return (status.code(), err);
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("hoidap telegram did not stop within 10 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// SIGTERM through the `kill` command (the standard library only sends SIGKILL).
fn unsafe_sigterm(pid: u32) {
    let status = Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill");
    assert!(status.success());
}

#[test]
fn the_bot_answers_every_kind_of_message() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-tg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let child = start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    let commands = &api.calls("setMyCommands")[0]["commands"];
    let names: Vec<&str> =
        commands.as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap().trim_start_matches('/')).collect();
    assert!(names.contains(&"mucluc") && names.contains(&"xoadulieu"), "{commands}");

    // /start: a welcome with example questions as buttons.
    api.push(bot_api::text(42, "/start"));
    let sent = api.wait_calls("sendMessage", 1, WAIT);
    assert!(sent[0]["reply_markup"]["inline_keyboard"].as_array().unwrap().len() >= 2);

    // A question: HTML with numbered citations and 👍/👎 buttons.
    api.push(bot_api::text(42, "Ai chịu trách nhiệm tuyển dụng giáo viên?"));
    let sent = api.wait_calls("sendMessage", 2, WAIT);
    let reply = &sent[1];
    assert_eq!(reply["parse_mode"], "HTML");
    let text = reply["text"].as_str().unwrap();
    assert!(text.contains("<blockquote expandable><b>Nguồn</b>"), "{text}");
    assert!(text.contains("Sở Nội vụ"), "{text}");
    let buttons: Vec<String> = reply["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|b| b["callback_data"].as_str().unwrap().to_owned()))
        .collect();
    let thumbs_up = buttons.iter().find(|b| b.starts_with("f:") && b.ends_with(":u")).expect("👍 button").clone();

    // Another agency, named in a follow-up.
    api.push(bot_api::text(42, "còn Sở Tài chính thì sao?"));
    let sent = api.wait_calls("sendMessage", 3, WAIT);
    assert!(sent[2]["text"].as_str().unwrap().contains("Sở Tài chính"));

    // 👍: acknowledged, stored, thanked.
    api.push(bot_api::button(42, &thumbs_up));
    let sent = api.wait_calls("sendMessage", 4, WAIT);
    assert_eq!(sent[3]["text"], "Cảm ơn bạn đã đánh giá 👍.");
    assert_eq!(api.wait_calls("answerCallbackQuery", 1, WAIT).len(), 1);

    // A sticker: the bot reads text.
    api.push(bot_api::sticker(42));
    let sent = api.wait_calls("sendMessage", 5, WAIT);
    assert!(
        sent[4]["text"].as_str().unwrap().contains("tin nhắn chữ")
            || sent[4]["text"].as_str().unwrap().contains("văn bản"),
        "{}",
        sent[4]["text"]
    );

    // A 5,000-character paste and HTML-looking text: every message valid and within limits.
    api.push(bot_api::text(43, &"Sở Tài chính làm gì? ".repeat(250)));
    api.push(bot_api::text(44, "<b>ai</b> chịu trách nhiệm & </i> tuyển dụng giáo viên"));
    let sent = api.wait_until("sendMessage", "replies in chats 43 and 44", WAIT, |s| {
        !to_chat(s, 43).is_empty() && !to_chat(s, 44).is_empty()
    });
    assert!(!to_chat(&sent, 43).is_empty());
    assert!(to_chat(&sent, 44)[0]["text"].as_str().unwrap().contains("Sở Nội vụ"));

    // In a group: nothing without a mention; an answer with one.
    api.push(bot_api::group_text(-100, 45, "Sở Tài chính làm gì?"));
    api.push(bot_api::group_text(-100, 45, "@hoidap_test_bot Sở Nội vụ làm gì?"));
    let sent = api.wait_until("sendMessage", "a reply in the group", WAIT, |s| !to_chat(s, -100).is_empty());
    let in_group = to_chat(&sent, -100);
    assert_eq!(in_group.len(), 1, "only the mention is answered");
    assert!(in_group[0]["text"].as_str().unwrap().contains("Sở Nội vụ"));

    // /mucluc: the sections as buttons; a press shows a section, cited.
    api.push(bot_api::text(46, "/mucluc"));
    let sent = api.wait_until("sendMessage", "the table of contents", WAIT, |s| !to_chat(s, 46).is_empty());
    let toc = to_chat(&sent, 46)[0]["reply_markup"]["inline_keyboard"].as_array().unwrap().clone();
    assert!(toc.len() >= 10, "{toc:?}");
    let section = toc[2][0]["callback_data"].as_str().unwrap().to_owned();
    api.push(bot_api::button(46, &section));
    let sent = api.wait_until("sendMessage", "the section", WAIT, |s| {
        to_chat(s, 46).iter().any(|m| m["text"].as_str().is_some_and(|t| t.contains("<blockquote expandable>")))
    });
    let section_texts: Vec<&str> = to_chat(&sent, 46)[1..].iter().filter_map(|m| m["text"].as_str()).collect();
    assert!(section_texts.concat().contains("<blockquote expandable><b>Nguồn</b>"), "{section_texts:?}");

    // An edited message is answered again.
    api.push(bot_api::edited(47, "Sở Khoa học và Công nghệ làm gì?"));
    let sent = api.wait_until("sendMessage", "the edited answer", WAIT, |s| !to_chat(s, 47).is_empty());
    assert!(to_chat(&sent, 47)[0]["text"].as_str().unwrap().contains("Khoa học và Công nghệ"));

    // Context belongs to the sender: in a group, "họ" means the agency that user asked about,
    // and nothing for someone who asked nothing yet.
    api.push(bot_api::group_text(-100, 45, "@hoidap_test_bot họ còn phải làm gì nữa?"));
    api.push(bot_api::group_text(-100, 49, "@hoidap_test_bot họ còn phải làm gì nữa?"));
    let sent = api.wait_until("sendMessage", "3 replies in the group", WAIT, |s| to_chat(s, -100).len() >= 3);
    let in_group = to_chat(&sent, -100);
    assert!(in_group[1]["text"].as_str().unwrap().contains("Sở Nội vụ"), "{}", in_group[1]["text"]);
    assert!(!in_group[2]["text"].as_str().unwrap().contains("Sở Nội vụ"), "{}", in_group[2]["text"]);

    // A suggestion under that reply, pressed: the suggested question is asked and answered.
    let suggestion = &in_group[2]["reply_markup"]["inline_keyboard"][0][0];
    let (label, callback) =
        (suggestion["text"].as_str().unwrap().to_owned(), suggestion["callback_data"].as_str().unwrap());
    assert!(callback.starts_with("s:"), "{suggestion}");
    api.push(bot_api::button(50, callback));
    let sent = api.wait_until("sendMessage", "a reply to the suggestion", WAIT, |s| !to_chat(s, 50).is_empty());
    let reply = to_chat(&sent, 50)[0]["text"].as_str().unwrap();
    assert!(reply.contains("<blockquote expandable><b>Nguồn</b>"), "{label}: {reply}");

    // The 👍 pressed and both questions asked in the group are stored, under different users.
    check_sent(&api.calls("sendMessage"));
    assert_eq!(api.calls("answerCallbackQuery").len(), 3, "every button press is acknowledged");
    let (code, err) = stop(child);
    assert_eq!(code, Some(0), "{err}");
    let export =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("export").env("HOIDAP_DATA_DIR", &data).output().unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let records: Vec<Value> =
        String::from_utf8(export.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let feedback: Vec<&Value> = records.iter().filter(|r| r["kind"] == "feedback").collect();
    assert_eq!(feedback.len(), 1, "{records:#?}");
    assert_eq!(feedback[0]["verdict"], "up");
    assert!(feedback[0]["question"].as_str().unwrap().contains("tuyển dụng giáo viên"), "{}", feedback[0]);
    let askers: std::collections::HashSet<&str> = records
        .iter()
        .filter(|r| r["kind"] == "turn" && r["question"].as_str().is_some_and(|q| q.contains("họ còn phải")))
        .map(|r| r["user"].as_str().unwrap())
        .collect();
    assert_eq!(askers.len(), 2, "two people in one group are two users");
    assert!(records.iter().any(|r| r["kind"] == "turn" && r["question"] == label.as_str()), "{label}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_second_instance_makes_the_bot_exit_with_a_clear_line() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-tg-conflict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    api.set_conflict();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > WAIT {
            child.kill().unwrap();
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("the bot kept running after a conflict; calls {:?}; stderr:\n{err}", api.calls("getUpdates").len());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    use std::io::Read;
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("another instance is polling with this token"), "{err}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_missing_token_is_exit_code_2_with_one_line() {
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("telegram").env_remove("TELOXIDE_TOKEN").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("TELOXIDE_TOKEN"));
}

#[test]
fn flood_control_server_errors_and_dropped_connections_are_retried_and_refused_html_is_resent_as_plain_text() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-tg-refusals-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let child = start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);

    // 429 with retry_after: the same message is sent again after the pause.
    api.refuse_next_send("429 Too Many Requests", "Too Many Requests: retry after 1", Some(1));
    api.push(bot_api::text(60, "Sở Tài chính làm gì?"));
    let sent = api.wait_until("sendMessage", "the answer after flood control", WAIT, |s| !to_chat(s, 60).is_empty());
    let refused = api.calls("refused:sendMessage");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["text"], to_chat(&sent, 60)[0]["text"], "the same message, retried");

    // Telegram cannot parse the HTML: the same answer goes out as plain text.
    api.refuse_next_send(
        "400 Bad Request",
        "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0",
        None,
    );
    api.push(bot_api::text(61, "Sở Nội vụ làm gì?"));
    let sent = api.wait_until("sendMessage", "the plain-text answer", WAIT, |s| !to_chat(s, 61).is_empty());
    let plain = to_chat(&sent, 61)[0];
    assert!(plain.get("parse_mode").is_none_or(Value::is_null), "{plain}");
    let text = plain["text"].as_str().unwrap();
    assert!(text.contains("Sở Nội vụ") && !text.contains("<b>"), "{text}");
    assert_eq!(api.calls("refused:sendMessage")[1]["parse_mode"], "HTML");
    assert!(plain["reply_markup"]["inline_keyboard"].is_array(), "the buttons stay");

    // Telegram fails on its side (teloxide pauses 10 s after a 5xx), then the connection drops
    // twice: the message is retried until it is delivered, once.
    api.refuse_next_send("500 Internal Server Error", "Internal Server Error", None);
    api.drop_next_send();
    api.drop_next_send();
    api.push(bot_api::text(62, "Sở Y tế làm gì?"));
    let expected =
        hoidap::telegram::render::render(&crate::support::engine().answer("Sở Y tế làm gì?", &Default::default()));
    let n = expected.messages.len();
    let sent = api.wait_until("sendMessage", "the answer after the failures", Duration::from_secs(40), |s| {
        to_chat(s, 62).len() >= n
    });
    assert_eq!(api.calls("refused:sendMessage").len(), 5, "429, 400, 500 and two dropped connections");
    // Stopped (SIGTERM waits for the answer in progress): whatever was to be sent has been.
    let (code, err) = stop(child);
    assert_eq!(code, Some(0), "{err}");
    let delivered: Vec<Value> = to_chat(&api.calls("sendMessage"), 62).into_iter().cloned().collect();
    let texts: Vec<&str> = delivered.iter().map(|m| m["text"].as_str().unwrap()).collect();
    let wanted: Vec<&str> = expected.messages.iter().map(String::as_str).collect();
    assert_eq!(texts, wanted, "every part delivered once, in order ({} sent before)", to_chat(&sent, 62).len());
    assert!(err.contains("sent as plain text"), "the refusal is logged: {err}");
    let _ = std::fs::remove_dir_all(&data);
}
