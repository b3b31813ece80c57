//! The store's command-line options: where it is kept (sled folder or Redis URL), how long
//! records are kept, and opening it (waiting for Redis to come up).

use super::now;
use crate::store::{self, Store, StoreError};
use anyhow::{Context as _, Result, bail};
use std::path::PathBuf;
use std::time::Duration;

/// What every key of a Redis store starts with.
const REDIS_PREFIX: &str = "hoidap";

/// Where and how the store is kept (flags with environment fallbacks).
#[derive(Debug, clap::Args)]
pub struct StoreOptions {
    /// The store's directory.
    #[arg(long, global = true, env = "HOIDAP_DATA_DIR", default_value = "./data", value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The store: `sled` (embedded, in the data directory) or `redis://host:port/db`
    /// (`rediss://` for TLS), shared by several `serve` replicas. May hold a password: never shown.
    #[arg(
        long = "store",
        global = true,
        env = "HOIDAP_STORE",
        hide_env_values = true,
        default_value = "sled",
        value_name = "sled|redis://…"
    )]
    pub engine: String,
    /// Seconds a Redis store that does not answer at start is tried again (with growing pauses)
    /// before giving up: a compose file may start Redis and hoidap together.
    #[arg(long, global = true, env = "HOIDAP_STORE_WAIT", default_value_t = 30, value_name = "SECONDS")]
    pub store_wait: u64,
    /// Secret for hashing user ids (kept in the store, generated on first start, when unset).
    #[arg(long, global = true, env = "HOIDAP_ID_SALT", hide_env_values = true, value_name = "SECRET")]
    pub id_salt: Option<String>,
    /// Days message text is kept.
    #[arg(long, global = true, env = "HOIDAP_RETENTION_DAYS", default_value_t = store::DEFAULT_RETENTION_DAYS, value_name = "DAYS")]
    pub retention_days: u64,
    /// Minutes of silence after which a conversation's context is forgotten.
    #[arg(long, global = true, env = "HOIDAP_CONTEXT_MINUTES", default_value_t = store::DEFAULT_CONTEXT_TTL / 60, value_name = "MINUTES")]
    pub context_minutes: u64,
}

impl StoreOptions {
    /// Opens the configured store (sled or Redis) and applies retention.
    pub fn open(&self) -> Result<Store> {
        let store = self.open_unpurged()?;
        store.purge(now())?;
        Ok(store)
    }

    /// Opens the store as it is.
    pub fn open_unpurged(&self) -> Result<Store> {
        let store = match self.redis()? {
            Some(url) => {
                let shown = without_password(url);
                let opened = open_redis_waiting(url, Duration::from_secs(self.store_wait))
                    .and_then(|kv| Store::open(Box::new(kv), &shown, self.id_salt.as_deref()));
                opened.with_context(|| {
                    format!("cannot open the store on Redis at {shown} (HOIDAP_STORE, waited up to {} s: HOIDAP_STORE_WAIT)", self.store_wait)
                })?
            }
            None => {
                let path = self.data_dir.display().to_string();
                let opened = store::sled_kv::SledKv::open(&self.data_dir)
                    .and_then(|kv| Store::open(Box::new(kv), &path, self.id_salt.as_deref()));
                opened.with_context(|| format!("cannot open the store in `{path}` (HOIDAP_DATA_DIR)"))?
            }
        };
        Ok(self.configured(store))
    }

    /// The Redis address when the store is on Redis; `None` for sled. Replicas hash user ids
    /// alike only with one secret, so Redis needs `HOIDAP_ID_SALT`.
    fn redis(&self) -> Result<Option<&str>> {
        match self.engine.as_str() {
            "sled" | "" => Ok(None),
            url if url.starts_with("redis://") || url.starts_with("rediss://") => {
                if self.id_salt.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    bail!(
                        "HOIDAP_STORE is a Redis store: set HOIDAP_ID_SALT too, the same on every replica \
                         (user ids are hashed under it)"
                    );
                }
                Ok(Some(url))
            }
            other => bail!(
                "HOIDAP_STORE `{}` is neither `sled` nor a `redis://host:port/db` (or `rediss://`) address",
                without_password(other)
            ),
        }
    }

    fn configured(&self, mut store: Store) -> Store {
        store.retention_days = self.retention_days;
        store.context_ttl = self.context_minutes.saturating_mul(60);
        store
    }

    /// Opens the store for a long-running command. When its directory cannot be used (missing,
    /// read-only, full, damaged) the error is logged and the bot answers from a store in memory:
    /// answering matters more than remembering. Another process holding the store, or a store
    /// from a newer hoidap, still stop the command.
    pub fn open_or_memory(&self) -> Result<Store> {
        let error = match self.open() {
            Ok(store) => return Ok(store),
            Err(e) => e,
        };
        // Replicas on Redis must share what they remember: a replica without it would answer
        // follow-ups wrongly and answer retried deliveries twice. Another process holding a
        // sled store, or a store from a newer hoidap, is no accident either.
        if self.redis()?.is_some()
            || matches!(error.downcast_ref::<StoreError>(), Some(StoreError::Locked { .. } | StoreError::TooNew { .. }))
        {
            return Err(error);
        }
        tracing::error!(
            "{error:#}; answering WITHOUT MEMORY: follow-ups, feedback and records are lost at the next \
             restart. Fix the directory and restart."
        );
        let kv = Box::new(store::memory::MemoryKv::new());
        let mut store = self.configured(Store::open(kv, "memory", self.id_salt.as_deref())?);
        store.memory_only = Some(format!("{error:#}"));
        Ok(store)
    }
}

/// Opens the Redis store, trying again with growing pauses while Redis does not answer, for at
/// most `wait`. A refusal that waiting cannot fix (a bad address) ends at once.
fn open_redis_waiting(url: &str, wait: Duration) -> store::Result<store::redis_kv::RedisKv> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        match store::redis_kv::RedisKv::open(url, REDIS_PREFIX) {
            Ok(kv) => return Ok(kv),
            Err(e @ StoreError::Unavailable { .. }) if started.elapsed() + pause < wait => {
                tracing::warn!("the Redis store does not answer yet ({e}); trying again in {pause:?}");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            Err(e) => return Err(e),
        }
    }
}

/// A store address as it may be shown: the password (and user) replaced by `…`.
pub fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}
