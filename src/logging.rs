//! Logs of the long-running commands (`telegram`, `serve`, `zalo-bot`): `tracing` events as lines
//! on standard error, filtered by `HOIDAP_LOG` (`info` by default; e.g. `debug`, or
//! `info,tower_http=debug` to log every HTTP request).

use std::str::FromStr;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the subscriber; the error names the variable and the bad value.
pub fn init(filter: &str) -> Result<(), String> {
    let targets = Targets::from_str(filter).map_err(|e| format!("HOIDAP_LOG `{filter}` is not a log filter: {e}"))?;
    let lines = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_ansi(false);
    // A second initialisation (tests that run commands in-process) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(lines).with(targets).try_init();
    Ok(())
}
