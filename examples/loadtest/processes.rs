//! The processes of a run: the bot under test, a `redis-server` when asked for, and the memory
//! they use.

use crate::{Channel, OA_APP_ID, OA_SECRET_KEY};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The bot's resident memory now and at its peak, in kB.
pub fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// A process's CPU time so far (user and system, seconds), from `/proc/PID/stat`.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces): utime and stime are the 14th
    // and 15th of the line, the 12th and 13th after the name.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The bot under test, stopped (SIGTERM) when dropped.
pub struct Bot {
    pub child: Child,
    pub data: PathBuf,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// A `redis-server` for the run, stopped when dropped.
pub struct Redis {
    pub child: Child,
    pub url: String,
}

impl Redis {
    pub fn start() -> anyhow::Result<Redis> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("--redis: cannot start redis-server ({e}); install Debian's redis-server"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            anyhow::ensure!(Instant::now() < deadline, "redis-server did not start on port {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Redis { child, url: format!("redis://127.0.0.1:{port}/0") })
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_bot(
    bin: &Path,
    path: Channel,
    stand_in: &str,
    listen: &str,
    store: Option<&str>,
    hostile: bool,
) -> anyhow::Result<Bot> {
    let data = std::env::temp_dir().join(format!("hoidap-load-{}-{}", std::process::id(), listen.replace(':', "-")));
    let _ = std::fs::remove_dir_all(&data);
    let mut command = Command::new(bin);
    command
        .env_clear()
        .env("HOIDAP_DATA_DIR", &data)
        .env("HOIDAP_ID_SALT", "load-test-salt")
        .env("HOIDAP_LOG", "warn")
        // Every message is answered: the limiter still runs on every message.
        .env("HOIDAP_RATE_LIMIT", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = store {
        command.env("HOIDAP_STORE", url);
    }
    if hostile {
        // Each hostile request names its own client: the per-client limit does not stop them.
        command.env("HOIDAP_TRUSTED_PROXY", "true");
    }
    match path {
        Channel::Telegram => {
            command
                .arg("telegram")
                .env("TELOXIDE_TOKEN", "123456:load-test")
                .env("TELOXIDE_API_URL", format!("{stand_in}/"))
                .env("HOIDAP_THROTTLE", "off");
        }
        Channel::ZaloOa => {
            command
                .arg("serve")
                .env("HOIDAP_LISTEN", listen)
                .env("ZALO_OA_APP_ID", OA_APP_ID)
                .env("ZALO_OA_SECRET_KEY", OA_SECRET_KEY)
                .env("ZALO_OA_ACCESS_TOKEN", "load-test-access-token")
                .env("ZALO_OA_API_URL", stand_in);
        }
    }
    let child = command.spawn().map_err(|e| anyhow::anyhow!("cannot start {}: {e}", bin.display()))?;
    Ok(Bot { child, data })
}

/// The hoidap binary: given, or built in release mode next to this example.
pub fn binary(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(bin) = given {
        anyhow::ensure!(bin.is_file(), "--bin {}: no such file", bin.display());
        return Ok(bin);
    }
    if let Ok(cargo) = std::env::var("CARGO") {
        let status = Command::new(cargo).args(["build", "--release", "--locked", "--bin", "hoidap"]).status()?;
        anyhow::ensure!(status.success(), "building hoidap failed");
    }
    let bin = PathBuf::from("target/release/hoidap");
    anyhow::ensure!(bin.is_file(), "{} not found: run `cargo build --release` or pass --bin", bin.display());
    Ok(bin)
}
