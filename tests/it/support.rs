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
