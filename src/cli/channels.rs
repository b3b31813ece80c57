//! `hoidap telegram`, `hoidap serve` and `hoidap zalo-bot`: configuration from the environment,
//! the runtime, and the exit codes (2: a required variable is missing; 1: another instance polls,
//! a platform refused the token, or the address cannot be listened on).

use super::StoreOptions;
use crate::app::{State, spawn_retention, stop_signal};
use crate::knowledge::Knowledge;
use crate::server::{self, Channels, Server, TelegramHook};
use crate::telegram::{self, Ended, Tg};
use crate::zalo::{self, ZaloBotHook, ZaloOaHook};
use anyhow::{Context as _, Result, bail};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use teloxide::prelude::*;

/// How the bot reaches Telegram (shared by polling and webhook mode).
#[derive(Debug, clap::Args)]
pub struct BotOptions {
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
    /// The secret Telegram sends back with webhook calls.
    #[arg(long, env = "TELEGRAM_WEBHOOK_SECRET", hide_env_values = true, value_name = "SECRET")]
    webhook_secret: Option<String>,
}

impl BotOptions {
    fn token(&self) -> Option<&str> {
        self.token.as_deref().filter(|t| !t.trim().is_empty())
    }

    /// The plain bot, pointed at `TELOXIDE_API_URL` when set.
    fn plain(&self, token: &str) -> Result<Bot> {
        let mut bot = Bot::new(token);
        if let Some(url) = self.api_url.as_deref() {
            let url = url.parse().with_context(|| format!("TELOXIDE_API_URL `{url}` is not a URL"))?;
            bot = bot.set_api_url(url);
        }
        Ok(bot)
    }

    /// Checks the token with getMe and returns the bot (paced unless HOIDAP_THROTTLE=off) and who it is.
    async fn connect(&self, plain: Bot) -> Result<(Tg, teloxide::types::Me)> {
        let me = match plain.get_me().await {
            Ok(me) => me,
            Err(e) => bail!("Telegram refused the bot's token or could not be reached: {e}"),
        };
        Ok((Tg::new(plain, self.throttle == "on"), me))
    }
}

#[derive(Debug, clap::Args)]
pub struct TelegramOptions {
    #[command(flatten)]
    bot: BotOptions,
    /// Register this HTTPS address as the bot's webhook (with TELEGRAM_WEBHOOK_SECRET) and exit.
    #[arg(long, value_name = "URL")]
    set_webhook: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ServeOptions {
    /// The address to listen on.
    #[arg(long, env = "HOIDAP_LISTEN", default_value = "0.0.0.0:8080", value_name = "ADDR")]
    listen: SocketAddr,
    /// A delivery acknowledged this many seconds ago and never answered (its replica died, or
    /// this process crashed) is answered by the replica that finds it.
    #[arg(long, env = "HOIDAP_RECOVER_AFTER", default_value_t = server::RECOVER_AFTER.as_secs(), value_name = "SECONDS")]
    recover_after: u64,
    /// When set, `/v1/ask` and `/metrics` need `Authorization: Bearer <token>`.
    #[arg(long, env = "HOIDAP_API_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    api_token: Option<String>,
    /// `/v1/ask` requests answered at once; more get 503 with Retry-After (default: two a core).
    #[arg(long, env = "HOIDAP_ASK_CONCURRENCY", value_name = "N")]
    ask_concurrency: Option<usize>,
    /// Questions from all clients together admitted a second on `/v1/ask` and the web chat's
    /// paths; more get 503 with Retry-After (default: 25 a core).
    #[arg(long, env = "HOIDAP_ASK_PER_SECOND", value_name = "N")]
    ask_per_second: Option<usize>,
    /// Questions one client (address) may ask `/v1/ask` per minute; more get 429.
    #[arg(long, env = "HOIDAP_ASK_PER_MINUTE", default_value_t = server::DEFAULT_PER_CLIENT, value_name = "N")]
    ask_per_minute: usize,
    /// Behind a proxy that writes X-Forwarded-For: the client is its first hop (never set this
    /// without such a proxy: clients could then name themselves anew at every request).
    #[arg(long, env = "HOIDAP_TRUSTED_PROXY", value_name = "true|false", default_value_t = false, action = clap::ArgAction::Set)]
    trusted_proxy: bool,
    /// HTTP connections open at once (more wait until one closes).
    #[arg(long, env = "HOIDAP_MAX_CONNECTIONS", default_value_t = 1024, value_name = "N")]
    max_connections: usize,
    #[command(flatten)]
    bot: BotOptions,
    #[command(flatten)]
    zalo: ZaloOptions,
    #[command(flatten)]
    web: crate::server::web::WebOptions,
}

/// The Zalo Bot platform.
#[derive(Debug, clap::Args)]
pub struct ZaloBotOptions {
    /// The Zalo Bot's token.
    #[arg(long, env = "ZALO_BOT_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    zalo_bot_token: Option<String>,
    /// The Zalo Bot platform's address.
    #[arg(long, env = "ZALO_BOT_API_URL", default_value = zalo::bot::DEFAULT_API_URL, value_name = "URL")]
    zalo_bot_api_url: String,
    /// The secret token set with the Zalo Bot's webhook.
    #[arg(long, env = "ZALO_BOT_SECRET_TOKEN", hide_env_values = true, value_name = "SECRET")]
    zalo_bot_secret_token: Option<String>,
}

/// The Zalo channels (each on when its variables are set).
#[derive(Debug, clap::Args)]
pub struct ZaloOptions {
    #[command(flatten)]
    bot: ZaloBotOptions,
    /// The Zalo app id of the Official Account.
    #[arg(long, env = "ZALO_OA_APP_ID", value_name = "ID")]
    zalo_oa_app_id: Option<String>,
    /// The OA secret key webhooks are signed with.
    #[arg(long, env = "ZALO_OA_SECRET_KEY", hide_env_values = true, value_name = "KEY")]
    zalo_oa_secret_key: Option<String>,
    /// The OA access token replies are sent with.
    #[arg(long, env = "ZALO_OA_ACCESS_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    zalo_oa_access_token: Option<String>,
    /// The Zalo Open API's address.
    #[arg(long, env = "ZALO_OA_API_URL", default_value = zalo::oa::DEFAULT_API_URL, value_name = "URL")]
    zalo_oa_api_url: String,
    /// A refresh token, to renew the access token when it expires (with ZALO_OA_APP_SECRET).
    #[arg(long, env = "ZALO_OA_REFRESH_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    zalo_oa_refresh_token: Option<String>,
    /// The Zalo app's secret (for renewing the access token).
    #[arg(long, env = "ZALO_OA_APP_SECRET", hide_env_values = true, value_name = "SECRET")]
    zalo_oa_app_secret: Option<String>,
    /// The Zalo OAuth server's address.
    #[arg(long, env = "ZALO_OA_OAUTH_URL", default_value = zalo::oa::DEFAULT_OAUTH_URL, value_name = "URL")]
    zalo_oa_oauth_url: String,
}

/// The configured Zalo channels, before the store is open.
struct ZaloHooks {
    bot: Option<ZaloBotHook>,
    oa: Option<ZaloOaHook>,
    /// How to renew the OA access token, and the configured refresh token.
    oa_refresh: Option<(zalo::oa::Refresh, String)>,
}

/// A set, non-blank value.
fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

impl ZaloOptions {
    /// The configured Zalo webhooks, or the line saying which variable is missing.
    fn hooks(&self) -> std::result::Result<ZaloHooks, String> {
        let b = &self.bot;
        let bot = match (set(&b.zalo_bot_token), set(&b.zalo_bot_secret_token)) {
            (Some(token), Some(secret)) => Some(ZaloBotHook {
                client: zalo::bot::BotClient::new(&b.zalo_bot_api_url, token),
                secret: secret.to_owned(),
            }),
            (Some(_), None) => {
                return Err("ZALO_BOT_TOKEN is set but ZALO_BOT_SECRET_TOKEN is not: without it anyone could post forged updates; set it to the secret token of the bot's webhook".into());
            }
            (None, _) => None,
        };
        let oa = [
            ("ZALO_OA_APP_ID", set(&self.zalo_oa_app_id)),
            ("ZALO_OA_SECRET_KEY", set(&self.zalo_oa_secret_key)),
            ("ZALO_OA_ACCESS_TOKEN", set(&self.zalo_oa_access_token)),
        ];
        let missing: Vec<&str> = oa.iter().filter(|(_, v)| v.is_none()).map(|(name, _)| *name).collect();
        let oa = match (oa[0].1, oa[1].1, oa[2].1) {
            (Some(app_id), Some(secret_key), Some(token)) => {
                Some(ZaloOaHook::new(zalo::oa::OaClient::new(&self.zalo_oa_api_url, token), app_id, secret_key))
            }
            _ if missing.len() == oa.len() => None,
            _ => return Err(format!("the Zalo Official Account needs {} too", missing.join(" and "))),
        };
        let oa_refresh = match (set(&self.zalo_oa_refresh_token), set(&self.zalo_oa_app_secret)) {
            (Some(token), Some(app_secret)) if oa.is_some() => {
                let app_id = set(&self.zalo_oa_app_id).unwrap_or_default().to_owned();
                let (oauth_url, app_secret) = (self.zalo_oa_oauth_url.clone(), app_secret.to_owned());
                Some((zalo::oa::Refresh { oauth_url, app_id, app_secret }, token.to_owned()))
            }
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err("ZALO_OA_REFRESH_TOKEN is set but the Official Account is not configured".into());
            }
            (Some(_), None) => return Err("ZALO_OA_REFRESH_TOKEN needs ZALO_OA_APP_SECRET too".into()),
            (None, Some(_)) => return Err("ZALO_OA_APP_SECRET needs ZALO_OA_REFRESH_TOKEN too".into()),
        };
        Ok(ZaloHooks { bot, oa, oa_refresh })
    }
}

/// The runtime of the long-running commands. Answers and store writes run on the blocking pool:
/// one thread a core is as fast, and every extra thread costs memory (tokio's default allows
/// 512; under the load test they grew to 130 threads and about 37 MB more at peak: BENCHMARKS.md).
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .enable_all()
        .build()
        .context("starting the async runtime")
}

pub fn run(options: &TelegramOptions, kb: Knowledge, store: &StoreOptions) -> Result<ExitCode> {
    let Some(token) = options.bot.token() else {
        eprintln!(
            "hoidap telegram: TELOXIDE_TOKEN is not set: create a bot with @BotFather, then run TELOXIDE_TOKEN=<token> hoidap telegram"
        );
        return Ok(ExitCode::from(2));
    };
    runtime()?.block_on(async {
        let plain = options.bot.plain(token)?;
        if let Some(url) = options.set_webhook.as_deref() {
            let url = url.parse().with_context(|| format!("--set-webhook `{url}` is not a URL"))?;
            let mut request = plain.set_webhook(url).allowed_updates(telegram::allowed_updates());
            if let Some(secret) = options.bot.webhook_secret.as_deref() {
                request = request.secret_token(secret.to_owned());
            }
            request.await.context("registering the webhook with Telegram")?;
            tracing::info!("webhook registered");
            return Ok(ExitCode::SUCCESS);
        }
        let (bot, me) = options.bot.connect(plain).await?;
        let username = me.username.clone().unwrap_or_default();
        let state = Arc::new(State::new(kb, store.open_or_memory()?, options.bot.rate_limit, username.clone()));
        tracing::info!("polling as @{username}");
        let ended = telegram::run(bot, state.clone()).await;
        state.store.flush().context("flushing the store on exit")?;
        match ended {
            Ended::Stopped => Ok(ExitCode::SUCCESS),
            Ended::Conflict => bail!(
                "another instance is polling with this token (Telegram answered 409 Conflict): stop the other one, or run this one as a webhook with `hoidap serve`"
            ),
        }
    })
}

/// How long open HTTP connections may take to finish on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long webhook answers in flight may take to finish on shutdown.
const DRAIN: Duration = Duration::from_secs(10);

pub fn serve(options: &ServeOptions, kb: Knowledge, store: &StoreOptions) -> Result<ExitCode> {
    let token = options.bot.token();
    if token.is_some() && options.bot.webhook_secret.as_deref().is_none_or(|s| s.trim().is_empty()) {
        eprintln!(
            "hoidap serve: TELOXIDE_TOKEN is set but TELEGRAM_WEBHOOK_SECRET is not: without it anyone could post forged updates; set it (and register the webhook with `hoidap telegram --set-webhook URL`)"
        );
        return Ok(ExitCode::from(2));
    }
    let zalo = match options.zalo.hooks() {
        Ok(hooks) => hooks,
        Err(line) => {
            eprintln!("hoidap serve: {line}");
            return Ok(ExitCode::from(2));
        }
    };
    let web = match options.web.config() {
        Ok(web) => web,
        Err(line) => {
            eprintln!("hoidap serve: {line}");
            return Ok(ExitCode::from(2));
        }
    };
    runtime()?.block_on(async {
        let telegram = match token {
            Some(token) => {
                let (bot, me) = options.bot.connect(options.bot.plain(token)?).await?;
                telegram::register_commands(&bot).await;
                let secret = options.bot.webhook_secret.clone().unwrap_or_default();
                Some(TelegramHook { bot, me, secret })
            }
            None => None,
        };
        let username = telegram.as_ref().and_then(|t| t.me.username.clone()).unwrap_or_default();
        let opened = store.open_or_memory()?;
        let zalo_oa = match (zalo.oa, zalo.oa_refresh) {
            (Some(hook), Some((refresh, token))) => Some(hook.with_refresh(refresh, &token, &opened)?),
            (hook, _) => hook,
        };
        let zalo_oa = zalo_oa.map(|hook| hook.checking_event_age(zalo::oa::MAX_EVENT_AGE));
        let channels = Channels { telegram, zalo_bot: zalo.bot, zalo_oa };
        let shared = Arc::new(State::new(kb, opened, options.bot.rate_limit, username));
        let concurrency = options.ask_concurrency.unwrap_or_else(server::default_concurrency);
        let guard =
            server::Guard::new(options.api_token.clone(), concurrency, options.ask_per_minute, options.trusted_proxy)
                .paced(options.ask_per_second.unwrap_or_else(server::default_per_second));
        let server = Server::new(shared.clone(), channels)
            .recovering_after(Duration::from_secs(options.recover_after))
            .guarded(guard)
            .with_web(web);
        let server = Arc::new(server);
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .with_context(|| format!("cannot listen on {} (HOIDAP_LISTEN)", options.listen))?;
        let address = listener.local_addr().context("reading the listening address")?;
        let webhooks = server.webhooks();
        let webhooks = if webhooks.is_empty() { "none".to_owned() } else { webhooks.join(", ") };
        tracing::info!("listening on {address}; webhooks: {webhooks}");
        let background = vec![spawn_retention(shared.clone(), "serve"), server::spawn_recovery(server.clone())];
        // On SIGTERM new connections stop (and /readyz says so); open ones get SHUTDOWN_GRACE
        // to finish their requests.
        let limits = server::Connections {
            max_open: options.max_connections,
            grace: SHUTDOWN_GRACE,
            ..server::Connections::default()
        };
        let stopping = server.clone();
        let stop = stop_signal();
        server::serve(listener, server::app(server.clone()), limits, async move {
            stop.await;
            stopping.stop();
        })
        .await;
        wind_down(&server, background).await
    })
}

/// After the last message was taken: lets background answers finish, stops the background tasks
/// (retention, recovery), flushes.
async fn wind_down(server: &Server, background: Vec<tokio::task::JoinHandle<()>>) -> Result<ExitCode> {
    tracing::info!("stopping");
    if !server.drain(DRAIN).await {
        tracing::warn!("some answers were still being sent after {DRAIN:?}");
    }
    background.iter().for_each(tokio::task::JoinHandle::abort);
    server.shared.store.flush().context("flushing the store on exit")?;
    Ok(ExitCode::SUCCESS)
}

/// `hoidap zalo-bot`: long polling for development, or `--set-webhook URL`.
#[derive(Debug, clap::Args)]
pub struct ZaloBotCommand {
    #[command(flatten)]
    bot: ZaloBotOptions,
    /// Register this HTTPS address as the bot's webhook (with ZALO_BOT_SECRET_TOKEN) and exit.
    #[arg(long, value_name = "URL")]
    set_webhook: Option<String>,
    /// Messages a user may send per minute before being asked to slow down.
    #[arg(long, env = "HOIDAP_RATE_LIMIT", default_value_t = 30, value_name = "N")]
    rate_limit: usize,
}

/// How long one getUpdates call waits for messages (below the client's timeout).
const ZALO_POLL_SECS: u64 = 10;
/// The longest pause between failed polls.
const ZALO_MAX_BACKOFF: Duration = Duration::from_secs(30);

pub fn zalo_bot(options: &ZaloBotCommand, kb: Knowledge, store: &StoreOptions) -> Result<ExitCode> {
    let Some(token) = set(&options.bot.zalo_bot_token) else {
        eprintln!(
            "hoidap zalo-bot: ZALO_BOT_TOKEN is not set: create a bot in Zalo Bot Manager, then run ZALO_BOT_TOKEN=<token> hoidap zalo-bot"
        );
        return Ok(ExitCode::from(2));
    };
    let client = zalo::bot::BotClient::new(&options.bot.zalo_bot_api_url, token);
    runtime()?.block_on(async {
        if let Some(url) = options.set_webhook.as_deref() {
            let Some(secret) = set(&options.bot.zalo_bot_secret_token) else {
                eprintln!("hoidap zalo-bot: --set-webhook needs ZALO_BOT_SECRET_TOKEN (8 to 256 characters), the secret Zalo sends back with every delivery");
                return Ok(ExitCode::from(2));
            };
            client.set_webhook(url, secret).await.context("registering the webhook with the Zalo Bot platform")?;
            tracing::info!("webhook registered");
            return Ok(ExitCode::SUCCESS);
        }
        let shared = Arc::new(State::new(kb, store.open_or_memory()?, options.rate_limit, String::new()));
        let hook = ZaloBotHook { client, secret: String::new() };
        let server = Arc::new(Server::new(shared.clone(), Channels { zalo_bot: Some(hook), ..Channels::default() }));
        let poller = server.clone();
        let background = vec![spawn_retention(shared.clone(), "zalo-bot"), server::spawn_recovery(server.clone())];
        tracing::info!("polling");
        // The signal interrupts a wait (a poll, a pause), never a batch being handed over.
        let stop = stop_signal();
        tokio::pin!(stop);
        let mut failures = 0u32;
        while let Some(hook) = poller.channels.zalo_bot.as_ref() {
            let polled = tokio::select! {
                polled = hook.client.get_updates(ZALO_POLL_SECS) => polled,
                _ = &mut stop => break,
            };
            match polled {
                Ok(updates) => {
                    failures = 0;
                    for inbound in updates {
                        server::deliver_zalo_bot(poller.clone(), inbound).await;
                    }
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let pause = Duration::from_secs(1u64 << failures.min(5)).min(ZALO_MAX_BACKOFF);
                    tracing::warn!("polling failed, retrying in {pause:?}: {e}");
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = &mut stop => break,
                    }
                }
            }
        }
        wind_down(&server, background).await
    })
}
