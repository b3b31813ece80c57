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

const WAIT: Duration = Duration::from_secs(20);
const SECRET: &str = "webhook-s3cret";

/// Starts `hoidap serve` on a free port; returns the child, its address, and its log so far.
fn start(api: &BotApi, data: &std::path::Path) -> (Child, String, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .arg("serve")
        .env("HOIDAP_LISTEN", "127.0.0.1:0")
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env("TELOXIDE_API_URL", &api.url)
        .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
        .env("HOIDAP_THROTTLE", "off")
        .env("HOIDAP_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hoidap serve");
    let (lines, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let first = log.recv_timeout(WAIT).expect("hoidap serve logs its address");
    let address = first.split("listening on ").nth(1).and_then(|r| r.split(';').next()).unwrap_or_default().to_owned();
    assert!(first.contains("webhooks: /webhook/telegram"), "{first}");
    (child, address, log)
}

/// A minimal HTTP/1.1 POST; returns the status code and the body.
fn post(address: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!("POST {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn delivery(update_id: i64, chat: i64, text: &str) -> String {
    let mut update = bot_api::text(chat, text);
    update["update_id"] = update_id.into();
    update.to_string()
}

fn to_chat(sent: &[Value], chat: i64) -> Vec<&Value> {
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
    assert_eq!(post(&address, "/webhook/telegram", &signed, &delivery(11, 43, "Sở Nội vụ làm gì?")).0, 200);
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

fn wait_exit(mut child: Child) -> Option<i32> {
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("hoidap serve did not stop within 10 s of SIGTERM");
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
