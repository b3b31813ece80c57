//! The Telegram adapter: rendering answers as Telegram HTML within its limits (`render`).

pub mod render;
