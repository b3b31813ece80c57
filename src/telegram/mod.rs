//! The Telegram adapter: the bot on teloxide (`bot`) and rendering answers as Telegram HTML
//! within its limits (`render`).

pub mod bot;
pub mod render;
pub mod send;
