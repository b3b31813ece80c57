//! Shared helpers: the engine over the shipped knowledge base, built once.

use hoidap::core::Engine;
use hoidap::knowledge::load;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(load::load(None).expect("the shipped knowledge base loads")))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the outside binary `binary` (redis-server, chromedriver…) is installed, for tests that
/// start it themselves. When it is not, the test returns early after one line on stderr naming
/// what did not run (written past the test harness's capture, once per binary), so `cargo test`
/// passes on a machine with only Rust; with `CI=true` a missing binary fails the test instead,
/// since CI installs everything (`.ci/run`).
pub fn outside_binary(binary: &str, what: &str) -> bool {
    use std::io::Write;
    use std::sync::Mutex;
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(binary).is_file()));
    if found {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("`{binary}` is not installed, and CI=true: {what} must run in CI (.ci/run installs it)");
    }
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.iter().any(|b| b == binary) {
        said.push(binary.to_owned());
        let _ = writeln!(std::io::stderr(), "skipped: `{binary}` is not installed: {what} did not run; CI runs them");
    }
    false
}

/// The bodies Plan 298's "TỔ CHỨC THỰC HIỆN" part gives duties to.
pub const DUTY_HOLDERS: [&str; 9] = [
    "so-gddt",
    "so-ldtbxh",
    "so-noi-vu",
    "so-tai-chinh",
    "so-tttt",
    "so-khcn",
    "ubnd-cap-huyen",
    "dh-hai-phong",
    "cac-so-nganh",
];
