//! The accept loop of `hoidap serve` (hyper directly, as `axum::serve` has no timer): a cap on
//! open connections, a header-read timeout, a lifetime per connection (so keep-alive cannot
//! hold one forever), the peer's address for the per-client limit, and graceful shutdown.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_util::task::TaskTracker;
use tower::ServiceExt as _;

/// How connections are bounded.
#[derive(Debug, Clone)]
pub struct Connections {
    /// Connections open at once; the next ones wait in the kernel's backlog until one closes.
    pub max_open: usize,
    /// A client must send a request's headers within this (slow clients are cut off).
    pub header_read_timeout: Duration,
    /// A connection is closed (gracefully, after its request in progress) once this old.
    pub max_age: Duration,
    /// On shutdown, open connections get this long to finish.
    pub grace: Duration,
}

impl Default for Connections {
    fn default() -> Self {
        Connections {
            max_open: 1024,
            header_read_timeout: Duration::from_secs(5),
            max_age: Duration::from_secs(60),
            grace: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open connections finish
/// their requests (at most `grace`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Connections,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let open = Arc::new(Semaphore::new(limits.max_open.max(1)));
    let (stop, stopping) = watch::channel(false);
    let connections = TaskTracker::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first: at the cap, nothing more is accepted until a connection closes.
        let slot = tokio::select! {
            slot = open.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, mostly: pause rather than spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let (app, limits, mut stopping) = (app.clone(), limits.clone(), stopping.clone());
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(request)
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let old = tokio::time::sleep(limits.max_age);
            tokio::pin!(old);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = &mut old => {}
                _ = stopping.wait_for(|stop| *stop) => {}
            }
            // Finish the request in progress, then close.
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = stop.send(true);
    connections.close();
    if tokio::time::timeout(limits.grace, connections.wait()).await.is_err() {
        tracing::warn!("connections still open after {:?}: closed", limits.grace);
    }
}
