//! The real `hoidap serve` binary over a socket, with Telegram's webhook against the local Bot
//! API stand-in: signed deliveries answered in the background, a retried delivery answered once,
//! forged ones refused, the JSON API, and a clean stop on SIGTERM.

use crate::bot_api::{self, BotApi};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(20);
pub const SECRET: &str = "webhook-s3cret";

/// Starts `hoidap serve` with Telegram on the stand-in and a free port; returns the child, its
/// address, and its log.
pub fn start(api: &BotApi, data: &std::path::Path) -> (Child, String, mpsc::Receiver<String>) {
    let telegram = [
        ("TELOXIDE_TOKEN", "123:TEST"),
        ("TELOXIDE_API_URL", api.url.as_str()),
        ("TELEGRAM_WEBHOOK_SECRET", SECRET),
        ("HOIDAP_THROTTLE", "off"),
    ];
    let (child, address, log, first) = start_with(&telegram, data);
    assert!(first.contains("webhooks: /webhook/telegram"), "{first}");
    (child, address, log)
}

/// Starts `hoidap serve` with these variables on a free port; its standard error and standard
/// output lines both come through the receiver, after the log up to the line naming the address
/// (returned last).
pub fn start_with(env: &[(&str, &str)], data: &std::path::Path) -> (Child, String, mpsc::Receiver<String>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
    command.arg("serve").env("HOIDAP_LISTEN", "127.0.0.1:0").env("HOIDAP_DATA_DIR", data);
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start hoidap serve");
    let (lines, log) = mpsc::channel();
    let (stderr, stdout) = (child.stderr.take().unwrap(), child.stdout.take().unwrap());
    let out = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = out.send(line);
        }
    });
    let mut first = String::new();
    let listening = std::iter::from_fn(|| log.recv_timeout(WAIT).ok())
        .find(|line| {
            first.push_str(line);
            first.push('\n');
            line.contains("listening on")
        })
        .expect("hoidap serve logs its address");
    let address =
        listening.split("listening on ").nth(1).and_then(|r| r.split(';').next()).unwrap_or_default().to_owned();
    (child, address, log, first)
}

/// A minimal HTTP/1.1 POST of any bytes; returns the status code and the body. A server that
/// answers before reading a whole (too large) body may close the connection mid-write: the
/// answer it sent is still read.
pub fn post(address: &str, path: &str, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> (u16, String) {
    let body = body.as_ref();
    let stream = TcpStream::connect(address).unwrap();
    let mut request = format!("POST {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len()));
    let mut request = request.into_bytes();
    request.extend_from_slice(body);
    exchange(stream, &request)
}

/// A minimal HTTP/1.1 GET; the status code and the body.
pub fn get(address: &str, path: &str) -> (u16, String) {
    let stream = TcpStream::connect(address).unwrap();
    exchange(stream, format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes())
}

/// Writes a whole request (a failed write is ignored: the server may answer and close before
/// reading it all) and reads the answer: its status code and body.
fn exchange(mut stream: TcpStream, request: &[u8]) -> (u16, String) {
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// Waits until the server at `address` has answered every delivery it acknowledged (its
/// `hoidap_deliveries_in_flight` is 0): after that, no reply of those deliveries is still to
/// come from it, so counting what was sent is final.
pub fn wait_answered(address: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (status, metrics) = get(address, "/metrics");
        let in_flight = metrics.lines().find_map(|l| l.strip_prefix("hoidap_deliveries_in_flight "));
        assert_eq!(status, 200, "{metrics}");
        if in_flight.expect("the metrics name the deliveries in flight").trim() == "0" {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{address} still holds deliveries: {metrics}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn delivery(update_id: i64, chat: i64, text: &str) -> String {
    let mut update = bot_api::text(chat, text);
    update["update_id"] = update_id.into();
    update.to_string()
}

pub fn to_chat(sent: &[Value], chat: i64) -> Vec<&Value> {
    sent.iter().filter(|m| m["chat_id"] == chat).collect()
}

#[test]
fn serve_answers_signed_telegram_deliveries_once_and_refuses_forged_ones() {
    let api = BotApi::start();
    let data = std::env::temp_dir().join(format!("hoidap-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (child, address, log) = start(&api, &data);
    api.wait_calls("setMyCommands", 1, WAIT);
    let signed = [("X-Telegram-Bot-Api-Secret-Token", SECRET)];

    // A signed delivery: acknowledged at once, answered in the background.
    let first = delivery(10, 42, "Sở Tài chính làm gì?");
    assert_eq!(post(&address, "/webhook/telegram", &signed, &first).0, 200);
    let sent = api.wait_until("sendMessage", "the answer", WAIT, |s| !to_chat(s, 42).is_empty());
    assert!(to_chat(&sent, 42)[0]["text"].as_str().unwrap().contains("Sở Tài chính"));
    assert_eq!(to_chat(&sent, 42)[0]["parse_mode"], "HTML");

    // Telegram retries the same update: acknowledged, not answered again. Another update is.
    assert_eq!(post(&address, "/webhook/telegram", &signed, &first).0, 200);
    assert_eq!(post(&address, "/webhook/telegram", &signed, delivery(11, 43, "Sở Nội vụ làm gì?")).0, 200);
    let sent = api.wait_until("sendMessage", "the second answer", WAIT, |s| !to_chat(s, 43).is_empty());
    assert!(to_chat(&sent, 43)[0]["text"].as_str().unwrap().contains("Sở Nội vụ"));

    // Forged: no secret, a wrong one. Nothing is answered.
    let forged = delivery(12, 44, "Sở Tài chính làm gì?");
    assert_eq!(post(&address, "/webhook/telegram", &[], &forged).0, 401);
    assert_eq!(post(&address, "/webhook/telegram", &[("X-Telegram-Bot-Api-Secret-Token", "guess")], &forged).0, 401);

    // The JSON API and health on the same server.
    let (status, body) = post(&address, "/v1/ask", &[], r#"{"question": "KL 91 là gì?"}"#);
    assert_eq!(status, 200, "{body}");
    let reply: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(reply["answered"], true, "{reply}");

    // SIGTERM: a clean exit, and everything answered is stored.
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = wait_exit(child);
    assert_eq!(status, Some(0), "{:?}", log.try_iter().collect::<Vec<_>>());
    let sent = api.calls("sendMessage");
    assert_eq!(to_chat(&sent, 42).len(), 1, "the retry was not answered");
    assert!(to_chat(&sent, 44).is_empty(), "forged updates are not answered");
    let export =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("export").env("HOIDAP_DATA_DIR", &data).output().unwrap();
    let text = String::from_utf8(export.stdout).unwrap();
    let channels: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["kind"] == "turn")
        .map(|r| r["channel"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(channels.iter().filter(|c| *c == "telegram").count(), 2, "{text}");
    assert_eq!(channels.iter().filter(|c| *c == "http").count(), 1, "{text}");
    let _ = std::fs::remove_dir_all(&data);
}

pub fn wait_exit(mut child: Child) -> Option<i32> {
    wait_exit_of(&mut child)
}

#[test]
fn a_token_without_a_webhook_secret_is_refused() {
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("serve")
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env_remove("TELEGRAM_WEBHOOK_SECRET")
        .env("HOIDAP_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("TELEGRAM_WEBHOOK_SECRET"), "{err}");
}

#[test]
fn serve_answers_both_zalo_channels_and_reports_its_health() {
    use crate::http_stub::Stub;
    use hoidap::zalo::oa;
    let bot_api = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": "m"}}));
    let oa_api = Stub::start(serde_json::json!({"error": 0, "message": "Success"}));
    let data = std::env::temp_dir().join(format!("hoidap-serve-zalo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let env = [
        ("ZALO_BOT_TOKEN", "777:zalo-bot"),
        ("ZALO_BOT_API_URL", bot_api.url.as_str()),
        ("ZALO_BOT_SECRET_TOKEN", "zalo-bot-secret"),
        ("ZALO_OA_APP_ID", "3901234567"),
        ("ZALO_OA_SECRET_KEY", "oa-key"),
        ("ZALO_OA_ACCESS_TOKEN", "oa-token"),
        ("ZALO_OA_API_URL", oa_api.url.as_str()),
        ("HOIDAP_LOG", "info,tower_http=debug"),
    ];
    let (child, address, log, first) = start_with(&env, &data);
    assert!(first.contains("webhooks: /webhook/zalo-bot, /webhook/zalo-oa"), "{first}");
    let fixture =
        |name: &str| std::fs::read_to_string(crate::support::repo().join("tests/data/zalo").join(name)).unwrap();

    // Zalo Bot: forged refused, signed answered, the retry not answered again.
    let update = fixture("bot_text_wrapped.json");
    assert_eq!(post(&address, "/webhook/zalo-bot", &[("X-Bot-Api-Secret-Token", "nope")], &update).0, 401);
    let signed = [("X-Bot-Api-Secret-Token", "zalo-bot-secret")];
    assert_eq!(post(&address, "/webhook/zalo-bot", &signed, &update).0, 200);
    assert_eq!(post(&address, "/webhook/zalo-bot", &signed, &update).0, 200);
    let seen = bot_api.wait(1, WAIT);
    assert_eq!(seen[0].path, "/bot777:zalo-bot/sendMessage");

    // Zalo OA: the same, with signatures over the raw body.
    // Dated now: `serve` leaves events dated more than 5 minutes away unanswered (a replay).
    let now_ms = hoidap::app::now_millis().to_string();
    let stale = fixture("oa_follow.json");
    let event = stale.replace("1735862400500", &now_ms);
    let timestamp = oa::timestamp(&serde_json::from_str(&event).unwrap()).unwrap();
    let stale_mac = format!("mac={}", oa::signature("3901234567", stale.as_bytes(), "1735862400500", "oa-key"));
    // A signed event replayed long after: acknowledged (Zalo stops retrying), never answered.
    assert_eq!(post(&address, "/webhook/zalo-oa", &[("X-ZEvent-Signature", &stale_mac)], &stale).0, 200);
    let mac = format!("mac={}", oa::signature("3901234567", event.as_bytes(), &timestamp, "oa-key"));
    let forged = format!("mac={}", oa::signature("3901234567", event.as_bytes(), &timestamp, "guess"));
    assert_eq!(post(&address, "/webhook/zalo-oa", &[("X-ZEvent-Signature", &forged)], &event).0, 401);
    assert_eq!(post(&address, "/webhook/zalo-oa", &[("X-ZEvent-Signature", &mac)], &event).0, 200);
    assert_eq!(post(&address, "/webhook/zalo-oa", &[("X-ZEvent-Signature", &mac)], &event).0, 200);
    let seen = oa_api.wait(1, WAIT);
    assert_eq!(seen[0].headers["access_token"], "oa-token");

    // Health through the binary itself, as Docker's HEALTHCHECK runs it.
    let health =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("healthcheck").env("HOIDAP_LISTEN", &address).output().unwrap();
    assert!(health.status.success(), "{}", String::from_utf8_lossy(&health.stderr));
    assert!(String::from_utf8_lossy(&health.stdout).contains("\"status\":\"ok\""));

    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert_eq!(wait_exit(child), Some(0), "{:?}", log.try_iter().collect::<Vec<_>>());
    let lines: Vec<String> = log.try_iter().collect();
    assert!(lines.iter().any(|l| l.contains("finished processing request")), "requests are traced: {lines:?}");
    assert!(lines.iter().any(|l| l.contains("INFO") && l.contains("stopping")), "{lines:?}");
    assert_eq!(bot_api.seen().len(), 1, "each retry answered once");
    assert_eq!(oa_api.seen().len(), 1, "each retry answered once, the replay never");
    let down =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("healthcheck").env("HOIDAP_LISTEN", &address).output().unwrap();
    assert_eq!(down.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&down.stderr).contains("no hoidap server answers"));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_half_configured_official_account_is_refused_naming_what_is_missing() {
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("serve")
        .env("ZALO_OA_APP_ID", "3901234567")
        .env_remove("ZALO_OA_SECRET_KEY")
        .env_remove("ZALO_OA_ACCESS_TOKEN")
        .env("HOIDAP_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("ZALO_OA_SECRET_KEY and ZALO_OA_ACCESS_TOKEN"), "{err}");
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("serve").env("HOIDAP_LOG", "info,=[").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("HOIDAP_LOG"));
}

#[test]
fn zalo_bot_long_polling_answers_and_stops_on_sigterm() {
    use crate::http_stub::Stub;
    let api = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": "m"}}));
    api.slow("/getUpdates", Duration::from_millis(200));
    let update: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::repo().join("tests/data/zalo/bot_text_bare.json")).unwrap(),
    )
    .unwrap();
    api.queue("/getUpdates", serde_json::json!({"ok": true, "result": update}));
    api.queue("/getUpdates", serde_json::json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}));
    let data = std::env::temp_dir().join(format!("hoidap-zalo-poll-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("zalo-bot")
        .env("ZALO_BOT_TOKEN", "777:zalo-bot")
        .env("ZALO_BOT_API_URL", &api.url)
        .env("HOIDAP_DATA_DIR", &data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let sends = |seen: &[crate::http_stub::Seen]| seen.iter().filter(|s| s.path.ends_with("/sendMessage")).count();
    let long = {
        let kb = hoidap::knowledge::load::load(None).unwrap();
        let engine = hoidap::core::Engine::new(kb);
        let answer = engine.answer("Sở Giáo dục và Đào tạo làm gì?", &Default::default());
        hoidap::zalo::pieces(&hoidap::zalo::text(&answer)).len()
    };
    let deadline = std::time::Instant::now() + WAIT;
    while sends(&api.seen()) < long {
        assert!(std::time::Instant::now() < deadline, "{:#?}", api.seen());
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = api.seen();
    let polls: Vec<&str> = seen.iter().filter(|s| s.path.ends_with("/getUpdates")).map(|s| s.path.as_str()).collect();
    assert_eq!(polls[0], "/bot777:zalo-bot/getUpdates");
    let send = seen.iter().find(|s| s.path.ends_with("/sendMessage")).unwrap();
    assert_eq!(send.body["chat_id"], "9b1c2d3e4f5a6b7c");
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let code = wait_exit_of(&mut child);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("polling failed, retrying") && err.contains("Bad Gateway"), "{err}");
    let _ = std::fs::remove_dir_all(&data);
}

fn wait_exit_of(child: &mut Child) -> Option<i32> {
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("the command did not stop within 10 s of SIGTERM");
}

#[test]
fn set_webhook_registers_the_address_and_secret_on_both_platforms() {
    let telegram = BotApi::start();
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(["telegram", "--set-webhook", "https://hoidap.example.org/webhook/telegram"])
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env("TELOXIDE_API_URL", &telegram.url)
        .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let calls = telegram.calls("setWebhook");
    let form = calls[0]["raw"].as_str().unwrap_or_default();
    for part in ["name=\"url\"", "https://hoidap.example.org/webhook/telegram", "name=\"secret_token\"", SECRET] {
        assert!(form.contains(part), "{part} in {form}");
    }

    let zalo = crate::http_stub::Stub::start(serde_json::json!({"ok": true, "result": {"url": "x"}}));
    let register = |secret: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
        command
            .args(["zalo-bot", "--set-webhook", "https://hoidap.example.org/webhook/zalo-bot"])
            .env("ZALO_BOT_TOKEN", "777:zalo-bot")
            .env("ZALO_BOT_API_URL", &zalo.url)
            .env_remove("ZALO_BOT_SECRET_TOKEN");
        if let Some(secret) = secret {
            command.env("ZALO_BOT_SECRET_TOKEN", secret);
        }
        command.output().unwrap()
    };
    let refused = register(None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ZALO_BOT_SECRET_TOKEN"));
    assert!(zalo.seen().is_empty());
    let o = register(Some("zalo-bot-secret"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seen = zalo.seen();
    assert_eq!(seen[0].path, "/bot777:zalo-bot/setWebhook");
    assert_eq!(
        seen[0].body,
        serde_json::json!({"url": "https://hoidap.example.org/webhook/zalo-bot", "secret_token": "zalo-bot-secret"})
    );
}
