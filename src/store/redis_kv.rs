//! The Redis storage engine, for several `serve` replicas sharing one store (`HOIDAP_STORE=
//! redis://…`). Every record is one Redis string, `{prefix}:{tree}:{hex key}`: reads are single
//! commands, "insert unless present" is `SET NX` (atomic across replicas), records that expire
//! (contexts, delivery ids, pending deliveries) carry a TTL, ids come from `INCR`. Each tree
//! also keeps its keys in a sorted set, `{prefix}:index:{tree}` (every score 0, so ordered by
//! the hex key, which sorts as the bytes do): a range is one `ZRANGEBYLEX … LIMIT` and one
//! `MGET`, never a keyspace `SCAN`. A member whose record expired is dropped when a range
//! meets it (retention walks every tree hourly, so the index stays as small as the tree).
//!
//! Connections are pooled. When Redis cannot be reached, calls fail at once for a growing pause
//! (so a message does not wait for a connect timeout each time) and the bot answers without
//! memory; the first call after the pause reconnects.

use super::{Kv, Result, StoreError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long connecting, reading and writing may take.
const TIMEOUT: Duration = Duration::from_secs(2);
/// Pauses between attempts to reach an unreachable Redis: doubling from the first to the last.
const FIRST_PAUSE: Duration = Duration::from_millis(250);
const LAST_PAUSE: Duration = Duration::from_secs(5);
/// Keys read per `SCAN` step (only when indexing a schema-1 store).
const SCAN_COUNT: usize = 500;

/// [`Kv::delete_if`] in Redis: KEYS are the record and its tree's index, ARGV the expected
/// value and the index member. Sent whole each time (`EVAL`, no script cache to keep): it
/// runs once per expired context, and few expire per pass.
const DELETE_IF: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
    redis.call('UNLINK', KEYS[1]) redis.call('ZREM', KEYS[2], ARGV[2]) return 1 end return 0";

/// A Redis store.
pub struct RedisKv {
    client: redis::Client,
    /// What every key starts with.
    prefix: String,
    idle: Mutex<Vec<redis::Connection>>,
    /// While Redis is unreachable: when to try again, and the pause after that.
    backoff: Mutex<Option<(Instant, Duration)>>,
    /// The address without credentials, for messages.
    shown: String,
}

fn engine(e: redis::RedisError) -> StoreError {
    StoreError::Engine(Box::new(e))
}

/// The address as it may be shown: without a password.
fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

impl RedisKv {
    /// Connects to `url` (`redis://[:password@]host:port/db`) and checks that Redis answers;
    /// every key starts with `prefix`.
    pub fn open(url: &str, prefix: &str) -> Result<RedisKv> {
        let client = redis::Client::open(url).map_err(engine)?;
        let kv = RedisKv {
            client,
            prefix: prefix.to_owned(),
            idle: Mutex::default(),
            backoff: Mutex::default(),
            shown: shown(url),
        };
        let pong: String = kv.run(&mut redis::cmd("PING"))?;
        if pong != "PONG" {
            return Err(StoreError::Unavailable { what: kv.shown.clone(), why: format!("PING answered {pong:?}") });
        }
        Ok(kv)
    }

    fn key(&self, tree: &str, key: &[u8]) -> String {
        format!("{}:{tree}:{}", self.prefix, hex::encode(key))
    }

    /// The sorted set of a tree's keys.
    fn index(&self, tree: &str) -> String {
        format!("{}:index:{tree}", self.prefix)
    }

    /// A pooled connection, or a new one; refused at once during a pause after a failure.
    fn connection(&self) -> Result<redis::Connection> {
        if let Some(c) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            return Ok(c);
        }
        let mut backoff = self.backoff.lock().unwrap_or_else(|p| p.into_inner());
        if backoff.is_some_and(|(until, _)| Instant::now() < until) {
            return Err(StoreError::Unavailable { what: self.shown.clone(), why: "unreachable; retrying soon".into() });
        }
        let connected = self.client.get_connection_with_timeout(TIMEOUT).and_then(|c| {
            c.set_read_timeout(Some(TIMEOUT))?;
            c.set_write_timeout(Some(TIMEOUT))?;
            Ok(c)
        });
        match connected {
            Ok(c) => {
                *backoff = None;
                Ok(c)
            }
            Err(e) => {
                let pause = backoff.map_or(FIRST_PAUSE, |(_, p)| (p * 2).min(LAST_PAUSE));
                *backoff = Some((Instant::now() + pause, pause));
                Err(StoreError::Unavailable { what: self.shown.clone(), why: e.to_string() })
            }
        }
    }

    /// Runs one command.
    fn run<T: redis::FromRedisValue>(&self, cmd: &mut redis::Cmd) -> Result<T> {
        self.pooled(|c| cmd.query(c))
    }

    /// Runs `call` on a pooled connection; a connection that failed is dropped, a healthy one
    /// goes back to the pool.
    fn pooled<T>(&self, call: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>) -> Result<T> {
        let mut c = self.connection()?;
        let done = call(&mut c).map_err(engine)?;
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(c);
        Ok(done)
    }

    /// Indexes the key, then sets the record, in one round trip and one transaction (so a
    /// `delete_if` script cannot run between the two and leave a record its index misses): the
    /// index may name a record that is gone (skipped and dropped when met), never miss one that
    /// exists.
    fn set(&self, tree: &str, key: &[u8], value: &[u8], only_new: bool, ttl: Option<u64>) -> Result<bool> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        pipe.cmd("ZADD").arg(self.index(tree)).arg(0).arg(hex::encode(key)).ignore();
        let cmd = pipe.cmd("SET").arg(self.key(tree, key)).arg(value);
        if only_new {
            cmd.arg("NX");
        }
        if let Some(seconds) = ttl {
            cmd.arg("EX").arg(seconds.max(1));
        }
        // "OK", or nil when NX found the key.
        let (reply,): (Option<String>,) = self.pooled(|c| pipe.query(c))?;
        Ok(reply.is_some())
    }
}

impl Kv for RedisKv {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        self.run(redis::cmd("GET").arg(self.key(tree, key)))
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        self.set(tree, key, value, false, None).map(|_| ())
    }

    fn put_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<()> {
        self.set(tree, key, value, false, Some(ttl)).map(|_| ())
    }

    fn delete(&self, tree: &str, key: &[u8]) -> Result<()> {
        let mut pipe = redis::pipe();
        pipe.cmd("DEL").arg(self.key(tree, key)).ignore();
        pipe.cmd("ZREM").arg(self.index(tree)).arg(hex::encode(key)).ignore();
        self.pooled(|c| pipe.query(c))
    }

    /// One pipeline: `UNLINK` of the records (freed in the background) and one `ZREM` from
    /// the index.
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        let unlink = pipe.cmd("UNLINK");
        for key in keys {
            unlink.arg(self.key(tree, key));
        }
        unlink.ignore();
        let zrem = pipe.cmd("ZREM").arg(self.index(tree));
        for key in keys {
            zrem.arg(hex::encode(key));
        }
        zrem.ignore();
        self.pooled(|c| pipe.query(c))
    }

    /// One `EVAL`: the record is compared, then unlinked and dropped from the index as
    /// [`Kv::delete_many`] does, with no command of another client in between.
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool> {
        let deleted: i64 = self.run(
            redis::cmd("EVAL")
                .arg(DELETE_IF)
                .arg(2)
                .arg(self.key(tree, key))
                .arg(self.index(tree))
                .arg(expected)
                .arg(hex::encode(key)),
        )?;
        Ok(deleted == 1)
    }

    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let index = self.index(tree);
        let mut start = if from.is_empty() { "-".to_owned() } else { format!("[{}", hex::encode(from)) };
        let mut out = Vec::new();
        // Members whose record expired are dropped from the index as they are met; the batch is
        // then filled from further on, so that a short batch always means the end of the tree
        // (a caller walking in batches must not stop early: "forget" relies on it).
        while out.len() < limit {
            let want = limit - out.len();
            let members: Vec<String> = self.run(
                redis::cmd("ZRANGEBYLEX")
                    .arg(&index)
                    .arg(&start)
                    .arg("+")
                    .arg("LIMIT")
                    .arg(0)
                    .arg(want.min(i64::MAX as usize)),
            )?;
            let Some(last) = members.last() else { break };
            start = format!("({last}");
            let complete = members.len() < want;
            let keys: Vec<String> = members.iter().map(|m| format!("{}:{tree}:{m}", self.prefix)).collect();
            let values: Vec<Option<Vec<u8>>> = self.run(redis::cmd("MGET").arg(&keys))?;
            let mut gone = Vec::new();
            for (member, value) in members.into_iter().zip(values) {
                match (value, hex::decode(&member)) {
                    (Some(value), Ok(key)) => out.push((key, value)),
                    // Expired (or never set): the index lets go of it.
                    _ => gone.push(member),
                }
            }
            if !gone.is_empty() {
                self.run::<()>(redis::cmd("ZREM").arg(&index).arg(gone))?;
            }
            if complete {
                break;
            }
        }
        Ok(out)
    }

    /// Adds every record of a schema-1 store (one string per record, no index) to the index of
    /// its tree: one `SCAN` over the prefix, once.
    fn index_existing(&self) -> Result<()> {
        let head = format!("{}:", self.prefix);
        let mut cursor = 0u64;
        loop {
            let (next, batch): (u64, Vec<String>) = self.run(
                redis::cmd("SCAN").arg(cursor).arg("MATCH").arg(format!("{head}*")).arg("COUNT").arg(SCAN_COUNT),
            )?;
            let mut pipe = redis::pipe();
            for key in &batch {
                let Some((tree, member)) = key[head.len()..].split_once(':') else { continue };
                if tree != "index" && tree != "counts" && hex::decode(member).is_ok() {
                    pipe.cmd("ZADD").arg(self.index(tree)).arg(0).arg(member).ignore();
                }
            }
            self.pooled(|c| pipe.query::<()>(c))?;
            if next == 0 {
                return Ok(());
            }
            cursor = next;
        }
    }

    /// Redis decides durability itself (`appendonly`, `appendfsync`): see docs/deploy.md.
    fn flush(&self) -> Result<()> {
        Ok(())
    }

    fn next_id(&self) -> Result<u64> {
        self.run(redis::cmd("INCR").arg(format!("{}:next-id", self.prefix)))
    }

    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool> {
        self.set(tree, key, value, true, None)
    }

    fn shared(&self) -> bool {
        true
    }

    /// `INCR` and, for the first event of the window, `EXPIRE`, in one transaction: a counter
    /// never outlives its window.
    fn count(&self, key: &[u8], window: u64) -> Result<Option<u64>> {
        let key = self.key("counts", key);
        let mut pipe = redis::pipe();
        pipe.atomic().cmd("INCR").arg(&key).cmd("EXPIRE").arg(&key).arg(window.max(1)).arg("NX").ignore();
        let (n,): (u64,) = self.pooled(|c| pipe.query(c))?;
        Ok(Some(n))
    }

    fn insert_new_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<bool> {
        self.set(tree, key, value, true, Some(ttl))
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(shown("redis://:s3cret@cache:6379/0"), "redis://…@cache:6379/0");
        assert_eq!(shown("redis://user:s3cret@cache/1"), "redis://…@cache/1");
        assert_eq!(shown("redis://127.0.0.1:6379/0"), "redis://127.0.0.1:6379/0");
    }
}
