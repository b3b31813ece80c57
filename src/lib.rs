//! hoidap: answers questions about Hai Phong's Plan 298/KH-UBND with verbatim citations.
//!
//! The crate is a pure answering [`core`] over a validated [`knowledge`] base, with [`text`]
//! normalisation shared by both, a [`store`] every channel writes to, and thin adapters: the
//! terminal ([`cli`]), [`telegram`], [`zalo`] and the HTTP [`server`], which share their state
//! ([`app`]) and answer through one conversation [`service`]. All user-visible text lives in
//! [`messages`]. See ARCHITECTURE.md for the map and the invariants.

pub mod app;
pub mod cli;
pub mod core;
pub mod draft;
pub mod eval;
pub mod knowledge;
pub mod logging;
pub mod messages;
pub mod metrics;
pub mod retry;
pub mod secret;
pub mod server;
pub mod service;
pub mod split;
pub mod store;
pub mod telegram;
pub mod text;
pub mod zalo;
