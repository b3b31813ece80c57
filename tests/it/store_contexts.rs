//! Retention and a user's message at the same moment, on memory, sled and Redis: a context
//! refreshed between retention's read and its delete is kept.

use crate::redis::RedisServer;
use crate::store::{T0, TempDir};
use hoidap::core::Context;
use hoidap::store::memory::MemoryKv;
use hoidap::store::redis_kv::RedisKv;
use hoidap::store::sled_kv::SledKv;
use hoidap::store::{Kv, Store, StoreError};
use std::sync::{Arc, Mutex};

/// A [`Kv`] on which, once armed, a context is rewritten right after the first range read of
/// `contexts`: a user's message landing between retention's read and its delete.
struct Refreshing {
    inner: Arc<dyn Kv>,
    refresh: Refresh,
}

/// The context key to rewrite, and its new value.
type Refresh = Arc<Mutex<Option<(Vec<u8>, Vec<u8>)>>>;

impl Kv for Refreshing {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner.get(tree, key)
    }
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.inner.put(tree, key, value)
    }
    fn delete(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.inner.delete(tree, key)
    }
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<(), StoreError> {
        self.inner.delete_many(tree, keys)
    }
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool, StoreError> {
        self.inner.delete_if(tree, key, expected)
    }
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>, StoreError> {
        let read = self.inner.scan_range(tree, from, limit)?;
        if tree == "contexts" {
            if let Some((key, value)) = self.refresh.lock().unwrap().take() {
                self.inner.put_expiring(tree, &key, &value, 30 * 60)?;
            }
        }
        Ok(read)
    }
    fn flush(&self) -> Result<(), StoreError> {
        self.inner.flush()
    }
    fn next_id(&self) -> Result<u64, StoreError> {
        self.inner.next_id()
    }
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool, StoreError> {
        self.inner.insert_new(tree, key, value)
    }
    fn put_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<(), StoreError> {
        self.inner.put_expiring(tree, key, value, ttl)
    }
}

/// Retention expires contexts read a moment earlier: one the user refreshed in between stays
/// (with what it was refreshed to), one left alone goes. Underneath, [`Kv::delete_if`] deletes
/// only the value it is given.
fn refreshed_context_suite(kv: Arc<dyn Kv>) {
    // The engine's own compare-and-delete.
    kv.put("contexts", b"k", b"fresh").unwrap();
    assert!(!kv.delete_if("contexts", b"k", b"stale").unwrap(), "a stale value deletes nothing");
    assert_eq!(kv.get("contexts", b"k").unwrap().as_deref(), Some(&b"fresh"[..]));
    assert_eq!(kv.scan_range("contexts", b"", 10).unwrap().len(), 1, "still ranged over");
    assert!(kv.delete_if("contexts", b"k", b"fresh").unwrap());
    assert_eq!(kv.get("contexts", b"k").unwrap(), None);
    assert!(kv.scan_range("contexts", b"", 10).unwrap().is_empty(), "gone from ranges too");
    assert!(!kv.delete_if("contexts", b"k", b"fresh").unwrap(), "nothing left to delete");

    // Through retention: the refresh lands between the pass's read and its delete.
    let refresh = Refresh::default();
    let store =
        Store::open(Box::new(Refreshing { inner: kv.clone(), refresh: refresh.clone() }), "contexts", None).unwrap();
    let (lan, minh) = (store.user_hash("telegram:1"), store.user_hash("telegram:2"));
    let old = Context { topic: vec!["học phí".into()], ..Context::default() };
    let fresh = Context { topic: vec!["tuyển dụng".into()], ..Context::default() };
    let later = T0 + 2 * 60 * 60;
    store.set_context(&lan, &fresh, later).unwrap();
    let refreshed = kv.get("contexts", lan.as_bytes()).unwrap().unwrap();
    store.set_context(&lan, &old, T0).unwrap();
    store.set_context(&minh, &old, T0).unwrap();
    *refresh.lock().unwrap() = Some((lan.as_bytes().to_vec(), refreshed));
    assert_eq!(store.purge(later).unwrap(), 1, "only the context left alone goes");
    assert!(refresh.lock().unwrap().is_none(), "the refresh came after the read");
    assert_eq!(store.context(&lan, later).unwrap(), fresh, "the refreshed context is kept");
    assert_eq!(kv.get("contexts", minh.as_bytes()).unwrap(), None, "the expired one is gone");
    assert_eq!(store.purge(later + 60).unwrap(), 0);
}

#[test]
fn a_context_refreshed_during_retention_stays_in_memory() {
    refreshed_context_suite(Arc::new(MemoryKv::new()));
}

#[test]
fn a_context_refreshed_during_retention_stays_in_sled() {
    let dir = TempDir::new("refreshed");
    refreshed_context_suite(Arc::new(SledKv::open(dir.path()).unwrap()));
}

#[test]
fn a_context_refreshed_during_retention_stays_in_redis() {
    let Some(redis) = RedisServer::start() else { return };
    refreshed_context_suite(Arc::new(RedisKv::open(&redis.url(), "refreshed").unwrap()));
}
