//! The sled storage engine: the embedded default, one directory, no server to run.

use super::{Kv, Result, StoreError};
use std::path::Path;

/// sled's page cache. Its default (1 GB) lets the cache grow with everything written; the hot
/// data (contexts, the newest turns) fits in a few megabytes.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// sled's settings, for measuring others than the ones [`SledKv::open`] uses (the store
/// benchmark takes them as flags). sled 0.34 has no `snapshot_after_ops` any more (the setting
/// is kept but does nothing): it writes its snapshot when it opens, so opening replays the log
/// written since the previous open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SledTuning {
    /// `cache_capacity`, bytes.
    pub cache_bytes: u64,
    /// `Mode::HighThroughput` instead of sled's default, `Mode::LowSpace`.
    pub high_throughput: bool,
    /// `segment_size` (bytes; sled's default is 512 KiB, and sled calls it a testing setting).
    pub segment_bytes: Option<usize>,
}

impl Default for SledTuning {
    fn default() -> Self {
        SledTuning { cache_bytes: CACHE_BYTES, high_throughput: false, segment_bytes: None }
    }
}

/// A sled database; each tree name is a sled tree.
pub struct SledKv {
    db: sled::Db,
    dir: std::path::PathBuf,
}

fn engine(e: sled::Error) -> StoreError {
    StoreError::Engine(Box::new(e))
}

impl SledKv {
    /// Opens (or creates) the database in `dir`. A directory another process holds is refused
    /// at once with [`StoreError::Locked`].
    pub fn open(dir: &Path) -> Result<SledKv> {
        SledKv::open_tuned(dir, SledTuning::default())
    }

    /// [`SledKv::open`] with other settings.
    pub fn open_tuned(dir: &Path, tuning: SledTuning) -> Result<SledKv> {
        /// A process that just closed the store may hold its lock a moment longer.
        const LOCK_RETRIES: usize = 5;
        const LOCK_PAUSE: std::time::Duration = std::time::Duration::from_millis(40);
        let mut attempt = 0;
        loop {
            let mut config = sled::Config::new().path(dir).cache_capacity(tuning.cache_bytes);
            if tuning.high_throughput {
                config = config.mode(sled::Mode::HighThroughput);
            }
            if let Some(bytes) = tuning.segment_bytes {
                config = config.segment_size(bytes);
            }
            match config.open() {
                Ok(db) => return Ok(SledKv { db, dir: dir.to_owned() }),
                Err(sled::Error::Io(io)) if is_lock_error(&io) && attempt < LOCK_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(LOCK_PAUSE);
                }
                Err(sled::Error::Io(io)) if is_lock_error(&io) => {
                    return Err(StoreError::Locked { path: dir.display().to_string() });
                }
                Err(e) => return Err(engine(e)),
            }
        }
    }
}

/// sled takes an exclusive file lock; a second process gets "would block" (or, on some
/// systems, a message naming the lock).
fn is_lock_error(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().to_lowercase().contains("lock")
}

impl Kv for SledKv {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        Ok(t.get(key).map_err(engine)?.map(|v| v.to_vec()))
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        t.insert(key, value).map_err(engine)?;
        Ok(())
    }

    fn delete(&self, tree: &str, key: &[u8]) -> Result<()> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        t.remove(key).map_err(engine)?;
        Ok(())
    }

    /// One `sled::Batch`, applied atomically.
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<()> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        let mut batch = sled::Batch::default();
        for key in keys {
            batch.remove(key.as_slice());
        }
        t.apply_batch(batch).map_err(engine)
    }

    /// `compare_and_swap` to nothing.
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        Ok(t.compare_and_swap(key, Some(expected), None as Option<&[u8]>).map_err(engine)?.is_ok())
    }

    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        t.range(from..).take(limit).map(|r| r.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(engine)).collect()
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map_err(engine)?;
        Ok(())
    }

    fn next_id(&self) -> Result<u64> {
        self.db.generate_id().map_err(engine)
    }

    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool> {
        let t = self.db.open_tree(tree).map_err(engine)?;
        Ok(t.compare_and_swap(key, None as Option<&[u8]>, Some(value)).map_err(engine)?.is_ok())
    }

    /// `turns/` in the database's folder: the turns are the bulk of the store, an append-only
    /// log that sled would hold at a cost per key (BENCHMARKS.md, "The store at a year's size").
    fn turn_dir(&self) -> Option<std::path::PathBuf> {
        Some(self.dir.join("turns"))
    }
}
