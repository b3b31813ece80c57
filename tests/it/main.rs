//! The integration test suite: one binary, one module per concern.

mod support;
// A local stand-in for the Telegram Bot API (support for `telegram_bot`).
mod bot_api;
// A redis-server on a free loopback port (support for the Redis store tests).
mod redis;

// The knowledge base: the shipped one is valid and complete; every class of error is reported.
mod knowledge;
// The question sets under the strict judge: tests/eval, tests/dev, tests/sealed (figures only).
mod evaluation;
// No copies between the sealed set, the other sets and the knowledge base's sample questions.
mod dedup;
// The answering core: rendered answers, follow-ups, hostile input, determinism.
mod answering;
// Several plans in one bot: Plan 298 beside a fictional test plan.
mod plans;
// Routing as data: the table of (signals, context) → route, and sample questions' routes.
mod route;
// Text normalisation as a whole: properties over arbitrary input.
mod text;
// The `hoidap` binary as a user runs it: exit codes, JSON contract, standard input.
mod cli;
// Telegram rendering: valid HTML within the limits, whatever the answer.
mod telegram;
// The real Telegram bot against the local Bot API stand-in.
mod telegram_bot;
// The store: memory and sled through one suite, the CLI over it, crashes.
mod store;
// Retention keeps a context refreshed while it runs, on sled, Redis and memory.
mod store_contexts;
// sled's turns in day files: the schema-3 migration, a torn last line, retention by whole days.
mod store_days;
// "Forget me", retention in batches and the schema migration, on sled, Redis and memory.
mod store_privacy;

mod server;

mod serve;
// The public server's limits: tokens, rate and concurrency limits, connections, readiness.
mod hardening;
// The question paths' threads: slots held by their jobs, webhooks answered while they are stuck.
mod asking;

mod http_stub;
mod zalo;
// Architecture invariants written in ARCHITECTURE.md.
mod architecture;
// The fuzz targets' checks (fuzz/checks.rs) over their checked-in seeds (fuzz/seeds/).
mod fuzz_corpus;
// Hostile input through every channel (terminal, /v1/ask, Telegram, both Zalo webhooks); secrets never logged.
mod bad_input;
mod bad_input_zalo;
mod secrets;
// Storage faults: an unusable data directory, a disk that fills up; the bot keeps answering.
mod faults;
// Two `serve` replicas on one Redis store; a Redis store's configuration errors.
mod replicas;
// The web chat, the JSON endpoints beside /v1/ask and the dashboard through `app()`.
mod web;
// The chat, the widget and the dashboard in headless Chromium (skipped without it, unless CI=true).
mod browser;
// `hoidap kb draft`: Plan 298 drafts into a valid folder; extraction tables; bad input refused.
mod draft;
// Replies made for a phone: per-channel length and message counts over tests/eval, snapshots.
mod phone;
