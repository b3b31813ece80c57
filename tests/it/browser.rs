//! The web chat, the widget and the dashboard in headless Chromium, driven through chromedriver
//! (WebDriver, `fantoccini`), against the real `hoidap serve` on loopback: a question shows its
//! answer and sources, a follow-up uses the context, a suggestion chip asks its question, 👍 is
//! stored, forget erases, markup typed as a question stays text, the widget opens the chat inside
//! a page of another origin, and the dashboard refuses a wrong token and lists a question just
//! declined. Screenshots of the chat and the dashboard go to the build's temporary folder, or to
//! `docs/screenshots/` (the README's pictures) when `HOIDAP_SCREENSHOTS=1` asks to refresh them,
//! so a test run never changes tracked files.
//!
//! Without Chromium or chromedriver the test prints one line and passes; under `CI=true` it fails.

use crate::serve::{start_with, wait_exit};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the page may take to show what is awaited.
const WAIT: Duration = Duration::from_secs(20);
const TOKEN: &str = "browser-test-admin-token-42";
/// The sizes of the screenshots: a common phone, a laptop.
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 800);

/// Chromium and chromedriver on this machine, or `None` after saying what did not run.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str| {
        std::env::var_os("PATH")
            .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
    };
    let browser = ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|n| find(n));
    match (browser, find("chromedriver")) {
        (Some(browser), Some(driver)) => Some((browser, driver)),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "chromium and chromedriver are required under CI=true (Debian: apt-get install chromium chromium-driver)"
            )
        }
        _ => {
            eprintln!("chromium or chromedriver not installed: the browser tests did not run; CI runs them");
            None
        }
    }
}

/// A chromedriver on a free loopback port, stopped on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(path: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(path)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Driver { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh headless Chromium (its own profile: its own localStorage, so its own web user) of
/// this window size.
async fn browser(driver: &Driver, chromium: &Path, profile: &Path, (width, height): (u32, u32)) -> Client {
    let _ = std::fs::remove_dir_all(profile);
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=vi",
    ]
    .map(String::from)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.display()), format!("--window-size={width},{height}")]);
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args.collect::<Vec<_>>() },
    });
    let Value::Object(capabilities) = capabilities else { unreachable!() };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session");
    // The viewport itself at the asked size (the window may add nothing in headless mode).
    let inner: Value = client.execute("return [window.innerWidth, window.innerHeight]", vec![]).await.unwrap();
    let (w, h) = (inner[0].as_u64().unwrap_or(0) as u32, inner[1].as_u64().unwrap_or(0) as u32);
    if (w, h) != (width, height) {
        let (outer_w, outer_h) = client.get_window_size().await.unwrap();
        let (outer_w, outer_h) = (outer_w as u32 + width - w, outer_h as u32 + height - h);
        client.set_window_size(outer_w, outer_h).await.unwrap();
    }
    client
}

/// Waits until `probe` finds something.
async fn until<T>(what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The finished answers on the page (a pending one excluded).
const ANSWERS: &str = "#log > li.msg.bot:not(.pending)";

/// Waits for the `n`th answer and returns it.
async fn answer(client: &Client, n: usize) -> Element {
    until(&format!("answer {n}"), async || {
        let found = client.find_all(Locator::Css(ANSWERS)).await.ok()?;
        (found.len() >= n).then(|| found[n - 1].clone())
    })
    .await
}

/// Types a question and presses Enter.
async fn ask(client: &Client, question: &str) {
    let input = client.find(Locator::Id("question")).await.unwrap();
    input.send_keys(question).await.unwrap();
    input.send_keys("\u{e007}").await.unwrap();
}

/// Clicks an element after scrolling it to the middle of the window (clear of the sticky
/// question box), as a user would before tapping it.
async fn click(client: &Client, element: &Element) {
    let element_json = serde_json::to_value(element).unwrap();
    client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![element_json]).await.unwrap();
    element.click().await.unwrap();
}

async fn text(element: &Element, css: &str) -> String {
    element.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// Scrolls back to the top of the page, so a screenshot shows the header, the question and its
/// answer.
async fn to_the_top(client: &Client) {
    client.execute("window.scrollTo({top: 0, behavior: 'instant'})", vec![]).await.unwrap();
}

async fn screenshot(client: &Client, name: &str) {
    let dir = if std::env::var_os("HOIDAP_SCREENSHOTS").is_some_and(|v| v == "1") {
        crate::support::repo().join("docs/screenshots")
    } else {
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    std::fs::write(dir.join(name), png).unwrap();
}

/// A page of another origin (another loopback port) carrying the widget's one tag.
fn portal(listener: TcpListener, chat: String) {
    let page = format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cổng thông tin phổ biến, giáo dục pháp luật</title></head>
<body><header><h1>Cổng thông tin phổ biến, giáo dục pháp luật thành phố Hải Phòng</h1></header>
<main><article><h2>Kế hoạch số 298/KH-UBND về đổi mới giáo dục và đào tạo</h2><p>Ngày 30/12/2024, Ủy ban nhân dân thành phố ban hành Kế hoạch số 298/KH-UBND.</p></article></main>
<script src="http://{chat}/widget.js" async></script></body></html>"#
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_the_widget_and_the_dashboard_in_chromium() {
    let Some((chromium, chromedriver)) = tools() else { return };
    let scratch = std::env::temp_dir().join(format!("hoidap-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let portal_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let portal_origin = format!("http://{}", portal_listener.local_addr().unwrap());
    let env = [("HOIDAP_ADMIN_TOKEN", TOKEN), ("HOIDAP_WEB_ORIGINS", portal_origin.as_str())];
    let (child, address, log, _) = start_with(&env, &scratch.join("data"));
    portal(portal_listener, address.clone());
    let chat = format!("http://{address}/");
    let driver = Driver::start(&chromedriver);

    // A citizen at a desk: a question, its answer with sources folded under it.
    let desk = browser(&driver, &chromium, &scratch.join("desk"), DESKTOP).await;
    desk.goto(&chat).await.unwrap();
    assert_eq!(desk.title().await.unwrap(), "Hỏi đáp Kế hoạch 298/KH-UBND · Hải Phòng");
    let hint = desk.find(Locator::Id("first-visit")).await.unwrap();
    assert!(hint.is_displayed().await.unwrap(), "the first-visit hint shows");
    ask(&desk, "Sở Tài chính có nhiệm vụ gì?").await;
    let first = answer(&desk, 1).await;
    assert!(text(&first, ".body").await.contains("Sở Tài chính"));
    let focused = desk.active_element().await.unwrap().attr("id").await.unwrap();
    assert_eq!(focused.as_deref(), Some("question"), "focus stays in the question box");
    let sources = first.find(Locator::Css("details.sources")).await.unwrap();
    assert!(sources.attr("open").await.unwrap().is_none(), "sources start folded");
    // A citation marker opens its source with the full quote.
    click(&desk, &first.find(Locator::Css("button.cite")).await.unwrap()).await;
    let quote = first.find(Locator::Css(".source-list li details[open] blockquote")).await.unwrap();
    assert!(quote.is_displayed().await.unwrap());
    assert!(quote.text().await.unwrap().chars().count() > 40, "the quote is shown whole");

    // 👍 on it.
    click(&desk, &first.find(Locator::Css(".vote[data-verdict=up]")).await.unwrap()).await;
    until("the 👍 to be stored", async || {
        let vote = first.find(Locator::Css(".vote[data-verdict=up]")).await.ok()?;
        (vote.attr("aria-pressed").await.ok()??.as_str() == "true").then_some(())
    })
    .await;

    to_the_top(&desk).await;
    screenshot(&desk, "chat-1280x800.png").await;

    // A follow-up uses the context ("they" are the Department of Finance).
    ask(&desk, "họ còn phải làm gì nữa?").await;
    let follow = answer(&desk, 2).await;
    assert!(follow.attr("class").await.unwrap().is_some_and(|c| !c.contains("declined")), "the follow-up is answered");
    assert!(text(&follow, ".body").await.contains("Sở Tài chính"), "{}", text(&follow, ".body").await);

    // A question the plan does not answer (for the dashboard below); its suggestion chips ask
    // their own question.
    let declined = "Giá vé xe buýt ở Hải Phòng là bao nhiêu?";
    ask(&desk, declined).await;
    let third = answer(&desk, 3).await;
    assert!(third.attr("class").await.unwrap().unwrap_or_default().contains("declined"));
    click(&desk, &third.find(Locator::Css(".vote[data-verdict=down]")).await.unwrap()).await;
    until("the 👎 to be stored", async || {
        let vote = third.find(Locator::Css(".vote[data-verdict=down]")).await.ok()?;
        (vote.attr("aria-pressed").await.ok()??.as_str() == "true").then_some(())
    })
    .await;
    let chip = third.find(Locator::Css(".suggest .chip")).await.expect("a declined answer offers suggestions");
    let suggested = chip.text().await.unwrap();
    click(&desk, &chip).await;
    let fourth = answer(&desk, 4).await;
    let asked = desk.find_all(Locator::Css("#log > li.msg.user .q")).await.unwrap();
    assert_eq!(asked.last().unwrap().text().await.unwrap(), suggested, "the chip asked its own question");
    assert!(!text(&fourth, ".body").await.is_empty());

    // Markup typed as a question is shown as text and runs nothing.
    let markup = "<img src=x onerror=alert(1)>";
    ask(&desk, markup).await;
    answer(&desk, 5).await;
    let asked = desk.find_all(Locator::Css("#log > li.msg.user .q")).await.unwrap();
    assert_eq!(asked.last().unwrap().text().await.unwrap(), markup);
    assert!(desk.find_all(Locator::Css("#log img")).await.unwrap().is_empty(), "no element was made of it");
    assert!(desk.get_alert_text().await.is_err(), "no alert ran");

    // The widget on a page of another origin opens the chat in an iframe.
    desk.goto(&format!("{portal_origin}/")).await.unwrap();
    let host = desk.wait().at_most(WAIT).for_element(Locator::Id("hoidap-widget")).await.unwrap();
    let shadow = host.shadow_root().await.unwrap();
    let launcher = shadow.find(Locator::Css("button.launcher")).await.unwrap();
    assert_eq!(launcher.text().await.unwrap(), "Hỏi đáp Kế hoạch 298");
    launcher.click().await.unwrap();
    let frame = shadow.find(Locator::Css("iframe")).await.unwrap();
    assert_eq!(frame.attr("src").await.unwrap().unwrap(), format!("{chat}?embed=1"));
    frame.clone().enter_frame().await.unwrap();
    desk.wait().at_most(WAIT).for_element(Locator::Id("question")).await.expect("the chat loads inside the frame");
    ask(&desk, "Kết luận 91-KL/TW là gì?").await;
    let framed = answer(&desk, 1).await;
    assert!(!text(&framed, ".body").await.is_empty());
    desk.enter_parent_frame().await.unwrap();
    screenshot(&desk, "widget-1280x800.png").await;

    // The dashboard: a wrong token is refused, the right one shows the declined question.
    desk.goto(&format!("{chat}admin")).await.unwrap();
    let token = desk.find(Locator::Id("token")).await.unwrap();
    token.send_keys("not-the-admin-token-000").await.unwrap();
    token.send_keys("\u{e007}").await.unwrap();
    let refused = desk.wait().at_most(WAIT).for_element(Locator::Id("login-error")).await.unwrap();
    assert!(refused.is_displayed().await.unwrap());
    assert!(desk.find_all(Locator::Css("#unanswered")).await.unwrap().is_empty());
    let token = desk.find(Locator::Id("token")).await.unwrap();
    token.send_keys(TOKEN).await.unwrap();
    token.send_keys("\u{e007}").await.unwrap();
    let table = desk.wait().at_most(WAIT).for_element(Locator::Css("#unanswered")).await.unwrap();
    assert!(table.text().await.unwrap().contains(declined), "the declined question is listed");
    let disliked = desk.find(Locator::Css("#feedback .question")).await.unwrap();
    assert_eq!(disliked.text().await.unwrap(), declined, "with its 👎");
    assert_eq!(desk.find_all(Locator::Css("svg.chart")).await.unwrap().len(), 4);
    screenshot(&desk, "admin-1280x800.png").await;
    desk.close().await.unwrap();

    // A citizen on a phone: a first visit, an answer, then "forget me".
    let phone = browser(&driver, &chromium, &scratch.join("phone"), PHONE).await;
    phone.goto(&chat).await.unwrap();
    // The page has loaded its script once the question box is there: a screenshot before may
    // catch the page still attaching (seen under load: "Not attached to an active page").
    phone.wait().at_most(WAIT).for_element(Locator::Id("question")).await.expect("the chat loads on the phone");
    screenshot(&phone, "chat-first-visit-390x844.png").await;
    let private = "Sở Nội vụ có nhiệm vụ gì trong kế hoạch?";
    ask(&phone, private).await;
    let reply = answer(&phone, 1).await;
    click(&phone, &reply.find(Locator::Css("details.sources > summary")).await.unwrap()).await;
    to_the_top(&phone).await;
    screenshot(&phone, "chat-390x844.png").await;
    click(&phone, &phone.find(Locator::Id("forget")).await.unwrap()).await;
    phone.wait().at_most(WAIT).for_element(Locator::Id("forget-confirm")).await.unwrap().click().await.unwrap();
    until("the data to be erased", async || {
        let notice = phone.find(Locator::Id("status")).await.ok()?.text().await.ok()?;
        notice.contains("Đã xóa").then_some(())
    })
    .await;
    assert!(phone.find_all(Locator::Css(ANSWERS)).await.unwrap().is_empty(), "the conversation is cleared");
    // The dashboard on the phone.
    phone.goto(&format!("{chat}admin")).await.unwrap();
    let token = phone.find(Locator::Id("token")).await.unwrap();
    token.send_keys(TOKEN).await.unwrap();
    token.send_keys("\u{e007}").await.unwrap();
    phone.wait().at_most(WAIT).for_element(Locator::Css("#unanswered")).await.unwrap();
    screenshot(&phone, "admin-390x844.png").await;
    phone.close().await.unwrap();
    drop(driver);

    // Stopped, the store shows the 👍 and the desk's web turns, and nothing of the phone's user.
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(wait_exit(child), Some(0), "{:?}", log.try_iter().collect::<Vec<_>>());
    let export =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).arg("export").env("HOIDAP_DATA_DIR", scratch.join("data")).output();
    let export = String::from_utf8(export.unwrap().stdout).unwrap();
    let records: Vec<Value> = export.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ups: Vec<&Value> = records.iter().filter(|r| r["kind"] == "feedback" && r["verdict"] == "up").collect();
    assert_eq!(ups.len(), 1, "{export}");
    let downs = records.iter().filter(|r| r["kind"] == "feedback" && r["verdict"] == "down").count();
    assert_eq!(downs, 1, "{export}");
    assert_eq!(ups[0]["question"], "Sở Tài chính có nhiệm vụ gì?");
    let web_turns = records.iter().filter(|r| r["kind"] == "turn" && r["channel"] == "web").count();
    assert_eq!(web_turns, 6, "five questions at the desk and one in the widget: {export}");
    assert!(!export.contains(private), "the phone's question was erased");
    let _ = std::fs::remove_dir_all(&scratch);
}
