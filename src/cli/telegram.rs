//! `hoidap telegram`: configuration from the environment, the runtime, and the exit codes
//! (2: no token; 1: another instance polls, or Telegram refused the token).

use super::StoreOptions;
use crate::core::Engine;
use crate::knowledge::Knowledge;
use crate::telegram::bot::{self, Ended, RateLimit, State};
use anyhow::{Context as _, Result, bail};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use teloxide::prelude::*;

#[derive(Debug, clap::Args)]
pub struct TelegramOptions {
    /// The bot's token from @BotFather.
    #[arg(long, env = "TELOXIDE_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    token: Option<String>,
    /// The Bot API server (a self-hosted one, or a local stand-in for tests).
    #[arg(long, env = "TELOXIDE_API_URL", value_name = "URL")]
    api_url: Option<String>,
    /// `off` sends as fast as the server takes (self-hosted Bot API server, benchmarks).
    #[arg(long, env = "HOIDAP_THROTTLE", default_value = "on", value_parser = ["on", "off"])]
    throttle: String,
    /// Messages a user may send per minute before being asked to slow down.
    #[arg(long, env = "HOIDAP_RATE_LIMIT", default_value_t = 30, value_name = "N")]
    rate_limit: usize,
    /// Register this HTTPS address as the bot's webhook (with TELEGRAM_WEBHOOK_SECRET) and exit.
    #[arg(long, value_name = "URL")]
    set_webhook: Option<String>,
    /// The secret Telegram sends back with webhook calls.
    #[arg(long, env = "TELEGRAM_WEBHOOK_SECRET", hide_env_values = true, value_name = "SECRET")]
    webhook_secret: Option<String>,
}

pub fn run(options: &TelegramOptions, kb: Knowledge, store: &StoreOptions) -> Result<ExitCode> {
    let Some(token) = options.token.as_deref().filter(|t| !t.trim().is_empty()) else {
        eprintln!(
            "hoidap telegram: TELOXIDE_TOKEN is not set: create a bot with @BotFather, then run TELOXIDE_TOKEN=<token> hoidap telegram"
        );
        return Ok(ExitCode::from(2));
    };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    runtime.block_on(async {
        let mut plain = Bot::new(token);
        if let Some(url) = options.api_url.as_deref() {
            let url = url.parse().with_context(|| format!("TELOXIDE_API_URL `{url}` is not a URL"))?;
            plain = plain.set_api_url(url);
        }
        if let Some(url) = options.set_webhook.as_deref() {
            let url = url.parse().with_context(|| format!("--set-webhook `{url}` is not a URL"))?;
            let mut request = plain.set_webhook(url);
            if let Some(secret) = options.webhook_secret.as_deref() {
                request = request.secret_token(secret.to_owned());
            }
            request.await.context("registering the webhook with Telegram")?;
            eprintln!("hoidap telegram: webhook registered");
            return Ok(ExitCode::SUCCESS);
        }
        let me = match plain.get_me().await {
            Ok(me) => me,
            Err(e) => bail!("Telegram refused the bot's token or could not be reached: {e}"),
        };
        let username = me.username.clone().unwrap_or_default();
        let bot = plain.throttle(bot::limits(options.throttle == "on"));
        let state = Arc::new(State {
            engine: Engine::new(kb),
            store: store.open()?,
            limit: RateLimit::new(options.rate_limit, Duration::from_secs(60)),
            username: username.clone(),
        });
        eprintln!("hoidap telegram: polling as @{username}");
        let ended = bot::run(bot, state.clone()).await;
        state.store.flush().context("flushing the store on exit")?;
        Ok(match ended {
            Ended::Stopped => ExitCode::SUCCESS,
            Ended::Conflict => ExitCode::from(1),
        })
    })
}
