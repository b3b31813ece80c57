//! The Telegram adapter on teloxide: the handler tree (`handlers`: messages, other kinds,
//! groups), its commands (`commands`) and buttons (`buttons`), long polling in ordered lanes
//! (`polling`), the one way a message leaves (`send`) and rendering answers as Telegram HTML
//! within its limits (`render`). The same handler tree answers webhook deliveries
//! (`src/server/`); the state it shares with the other channels is `crate::app::State`.

mod buttons;
mod commands;
mod handlers;
mod polling;
pub mod render;
pub mod send;

pub use commands::{Cmd, register_commands};
pub use handlers::{answer_update, schema};
pub use polling::{Ended, LANES, allowed_updates, run};
pub use send::Tg;

/// The channel name turns from Telegram are recorded under.
pub const CHANNEL: &str = "telegram";
