//! Invariants from ARCHITECTURE.md that a test can check by reading the source.

use crate::support::repo;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The core and the text pipeline do no I/O and need no runtime: they never name these.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "tokio",
    "teloxide",
    "axum",
    "sled",
    "reqwest",
    "hyper",
    "std::fs",
    "std::net",
    "std::io",
    "std::env",
    "std::time::SystemTime",
    "println!",
    "eprintln!",
];

#[test]
fn core_and_text_do_no_io() {
    let mut files = Vec::new();
    rust_files(&repo().join("src/core"), &mut files);
    rust_files(&repo().join("src/text"), &mut files);
    assert!(files.len() >= 8);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for word in FORBIDDEN_IN_CORE {
            assert!(!text.contains(word), "{} mentions `{word}`", f.display());
        }
    }
}

#[test]
fn every_module_starts_with_a_doc_line() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with a `//!` line", f.display());
    }
}

/// User-visible Vietnamese text is composed in `messages.rs` (curated replies live in the
/// knowledge base): other modules hold no Vietnamese string literals, tests aside. `lang.rs`
/// holds matching data (function words), never shown to users.
#[test]
fn vietnamese_text_lives_in_messages() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    let vietnamese = |c: char| {
        let lower: String = c.to_lowercase().collect();
        "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ".contains(lower.as_str())
    };
    for f in files {
        if f.ends_with("messages.rs") || f.ends_with("lang.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            let in_string = line.split('"').skip(1).step_by(2).any(|s| s.chars().any(vietnamese));
            assert!(!in_string, "{}:{}: Vietnamese text outside messages.rs: {line}", f.display(), n + 1);
        }
    }
}

/// ARCHITECTURE.md's code map is kept current: every top-level module has its place in it.
#[test]
fn the_code_map_names_every_module() {
    let map = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let map = map.split("## Code map").nth(1).unwrap().split("\n## ").next().unwrap();
    for entry in std::fs::read_dir(repo().join("src")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name == "lib.rs" {
            continue;
        }
        let path = if entry.path().is_dir() { format!("`src/{name}/`") } else { format!("`src/{name}`") };
        assert!(map.contains(&path), "ARCHITECTURE.md's code map does not mention {path}");
    }
}

/// Every message to Telegram leaves through `Tg::send` (pacing, retries, the in-flight bound):
/// no other file calls teloxide's `send_message` on a bot (Zalo's clients have their own).
#[test]
fn telegram_messages_leave_through_one_sender() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    let senders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("bot.send_message(") || text.contains("bot().send_message(")
        })
        .map(|f| f.strip_prefix(repo()).unwrap().display().to_string())
        .collect();
    assert_eq!(senders, ["src/telegram/send.rs"]);
}
