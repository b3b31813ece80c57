//! Invariants from ARCHITECTURE.md that a test can check by reading the source.

use crate::support::repo;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "target") {
                continue;
            }
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

/// A file a reader takes in at one sitting: no Rust source of the crate, its tests, examples,
/// benchmarks or fuzz targets is longer than this.
const MAX_FILE_LINES: usize = 500;

#[test]
fn every_source_file_is_short_enough_to_read_in_one_sitting() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "examples", "benches", "fuzz"] {
        let dir = repo().join(dir);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
    }
    assert!(files.len() >= 50, "found only {} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_FILE_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_FILE_LINES} lines, split by concern: {long:#?}");
}

/// User-visible Vietnamese text is composed in `src/messages/` (curated replies live in the
/// knowledge base): other modules hold no Vietnamese string literals, tests aside. `lang.rs` and
/// `src/core/lang/` hold matching data (function words), never shown to users.
#[test]
fn vietnamese_text_lives_in_messages() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    let vietnamese = |c: char| {
        let lower: String = c.to_lowercase().collect();
        "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ".contains(lower.as_str())
    };
    for f in files {
        if f.starts_with(repo().join("src/messages"))
            || f.ends_with("lang.rs")
            || f.starts_with(repo().join("src/core/lang"))
        {
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
            assert!(!in_string, "{}:{}: Vietnamese text outside src/messages/: {line}", f.display(), n + 1);
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

/// The top-level modules under `src/` a source text names through `crate::…` (grouped
/// `crate::{a, b::c}` imports included, across lines; comment lines are not read).
fn crate_references(text: &str) -> std::collections::BTreeSet<String> {
    let ident = |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = std::collections::BTreeSet::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (i, _) in line.match_indices("crate::") {
            let after = start + i + "crate::".len();
            if !text[after..].starts_with('{') {
                out.insert(ident(&text[after..]));
                continue;
            }
            // The group's top-level items, to its closing brace.
            let (mut depth, mut item) = (0, String::new());
            for c in text[after..].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (c == ',' && depth == 1) {
                    out.insert(ident(&item));
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth == 1 && c != '{' {
                    item.push(c);
                }
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Which top-level module each other one names: `core` → {`knowledge`, `messages`, `text`}…
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut graph = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(repo().join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" {
            continue;
        }
        let mut files = Vec::new();
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path.clone());
        }
        let mut uses = std::collections::BTreeSet::new();
        for f in files {
            uses.extend(crate_references(&std::fs::read_to_string(&f).unwrap()));
        }
        uses.remove(&name);
        graph.insert(name, uses);
    }
    graph
}

#[test]
fn crate_references_are_read_from_grouped_imports() {
    let refs =
        crate_references("use crate::{app::State, core::{Engine, Context}};\nuse crate::store;\n// crate::cli\n");
    assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["app", "core", "store"]);
}

/// The answering core names only the knowledge base, the text pipeline and the messages: never
/// a channel, the store, the server or the shared channel state.
#[test]
fn the_core_names_no_channel_or_store() {
    let graph = module_graph();
    for (module, allowed) in [
        ("core", &["knowledge", "messages", "text"][..]),
        ("text", &[][..]),
        ("knowledge", &["text"][..]),
        ("draft", &["knowledge", "messages", "text"][..]),
        ("messages", &["knowledge", "text"][..]),
    ] {
        let extra: Vec<&String> = graph[module].iter().filter(|m| !allowed.contains(&m.as_str())).collect();
        assert!(extra.is_empty(), "src/{module} names {extra:?}; it may name only {allowed:?}");
    }
}

/// Channel state (`State`, the per-user rate limit, the clock) is defined once, in `src/app/`,
/// and the channels take it from there; no channel reaches into the terminal adapter, and only
/// the server (which hosts the webhooks) names other channels.
#[test]
fn channels_take_their_state_from_app() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    for f in &files {
        let rel = f.strip_prefix(repo()).unwrap().display().to_string();
        let text = std::fs::read_to_string(f).unwrap();
        for definition in ["pub struct State ", "pub struct RateLimit", "pub fn now("] {
            assert!(
                rel.starts_with("src/app/") || !text.contains(definition),
                "{rel} defines `{definition}`: channel state lives in src/app/"
            );
        }
    }
    let graph = module_graph();
    for channel in ["telegram", "zalo", "server"] {
        assert!(graph[channel].contains("app"), "src/{channel} does not take its state from src/app");
        assert!(!graph[channel].contains("cli"), "src/{channel} names the terminal adapter");
    }
    for channel in ["telegram", "zalo"] {
        assert!(!graph[channel].contains("server"), "src/{channel} names the server");
    }
}

/// No two top-level modules depend on each other, directly or through others.
#[test]
fn no_cycle_between_top_level_modules() {
    let graph = module_graph();
    fn visit<'g>(
        m: &'g str,
        graph: &'g std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<&'g str>,
        done: &mut std::collections::BTreeSet<&'g str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            panic!("import cycle between top-level modules: {} → {m}", path[at..].join(" → "));
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            if graph.contains_key(next) {
                visit(next, graph, path, done);
            }
        }
        path.pop();
    }
    let mut done = std::collections::BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
    assert!(graph.len() >= 15, "{graph:?}");
}
