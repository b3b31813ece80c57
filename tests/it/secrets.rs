//! Secrets: `hoidap serve`, `telegram` and `zalo-bot` with every secret set and every API
//! failing log the failures and none of the secrets, and every webhook compares secrets in
//! constant time.

use crate::bad_input_zalo::Zalo;
use crate::bot_api::BotApi;
use crate::http_stub::{Seen, Stub};
use crate::serve::{self, WAIT};
use crate::zalo::APP_ID;
use hoidap::zalo::oa;
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    let polled = |seen: &[Seen]| seen.iter().filter(|s| s.path.ends_with("/getUpdates")).count();
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Every line the process writes, as it writes it: the test stops it once the failure is
    // logged (the signal), not after a pause.
    let (lines, log) = std::sync::mpsc::channel::<String>();
    let readers: Vec<_> = [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ]
    .into_iter()
    .map(|stream| {
        let lines = lines.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        })
    })
    .collect();
    drop(lines);
    let mut text = String::new();
    let deadline = Instant::now() + WAIT;
    while !text.contains("polling failed") {
        let left = deadline.saturating_duration_since(Instant::now());
        match log.recv_timeout(left) {
            Ok(line) => text.push_str(&format!("{line}\n")),
            Err(_) => panic!("hoidap zalo-bot logged no polling failure within {WAIT:?}: {text}"),
        }
    }
    assert!(polled(&failing_zalo.seen()) > 0, "the failure came from the platform");
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "hoidap zalo-bot did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The rest of what it wrote, up to its exit.
    for reader in readers {
        reader.join().unwrap();
    }
    text.extend(log.try_iter().map(|line| format!("{line}\n")));
    assert_eq!(child.wait().unwrap().code(), Some(0), "{text}");
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
    // The same for the access token another replica kept in the store. Zalo's error code for
    // an expired token is a public constant, not a secret.
    let allowed = [
        "k.from == store.user_hash(configured)",
        "self.client.current_access_token() != failed",
        "kept.access_token != failed",
        "k.access_token != failed",
        "code != TOKEN_EXPIRED",
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
