//! The in-memory storage engine, for tests and for running without a data directory.

use super::{Kv, Result};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One tree: ordered keys and their values.
type Tree = BTreeMap<Vec<u8>, Vec<u8>>;

/// Trees of ordered keys in memory. Nothing survives the process.
#[derive(Debug, Default)]
pub struct MemoryKv {
    trees: Mutex<BTreeMap<String, Tree>>,
    ids: std::sync::atomic::AtomicU64,
}

impl MemoryKv {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Kv for MemoryKv {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.trees.lock().expect("lock").get(tree).and_then(|t| t.get(key).cloned()))
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        self.trees.lock().expect("lock").entry(tree.to_owned()).or_default().insert(key.to_vec(), value.to_vec());
        Ok(())
    }

    fn delete(&self, tree: &str, key: &[u8]) -> Result<()> {
        if let Some(t) = self.trees.lock().expect("lock").get_mut(tree) {
            t.remove(key);
        }
        Ok(())
    }

    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<()> {
        if let Some(t) = self.trees.lock().expect("lock").get_mut(tree) {
            for key in keys {
                t.remove(key);
            }
        }
        Ok(())
    }

    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool> {
        let mut trees = self.trees.lock().expect("lock");
        let Some(t) = trees.get_mut(tree) else { return Ok(false) };
        if t.get(key).map(Vec::as_slice) != Some(expected) {
            return Ok(false);
        }
        t.remove(key);
        Ok(true)
    }

    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let trees = self.trees.lock().expect("lock");
        let Some(t) = trees.get(tree) else { return Ok(Vec::new()) };
        Ok(t.range(from.to_vec()..).take(limit).map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn flush(&self) -> Result<()> {
        Ok(())
    }

    fn next_id(&self) -> Result<u64> {
        Ok(self.ids.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1)
    }

    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool> {
        let mut trees = self.trees.lock().expect("lock");
        match trees.entry(tree.to_owned()).or_default().entry(key.to_vec()) {
            std::collections::btree_map::Entry::Occupied(_) => Ok(false),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(value.to_vec());
                Ok(true)
            }
        }
    }
}
