//! Assembles the router and serves it: our own accept loop, because `axum::serve` has no
//! timeouts and no bound on connections. Each connection gets a header-read timeout (HTTP/1.1),
//! an idle timeout, a place under the total and per-address bounds, and a graceful end on Ctrl-C
//! or SIGTERM (requests in flight finish, for at most 30 s). Over TLS (`crate::tls`) the handshake
//! must end within the header timeout, and a client that chose HTTP/2 in ALPN gets it.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::{self, Next};
use axum::routing::any;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;
use tower_http::trace::TraceLayer;

use crate::api;
use crate::assets::{self, Assets};
use crate::security::SecurityHeaders;
use crate::settings::Settings;
use crate::state::AppState;
use crate::BoxError;
use tokio_rustls::TlsAcceptor;

pub fn app(state: AppState, assets: Assets) -> Router {
    let security = SecurityHeaders::new(&assets, state.settings.hsts);
    let site = Router::new().fallback(any(assets::serve)).with_state(assets);
    Router::new()
        .nest(motcua_domain::api::API_PREFIX, api::router(state))
        .merge(site)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let security = security.clone();
            async move { security.apply(next.run(req).await) }
        }))
        // The span names the path only: a query string may carry what a citizen typed.
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request| tracing::debug_span!("request", method = %req.method(), path = %req.uri().path()),
        ))
}

pub async fn run(
    listen: SocketAddr,
    tls: Option<TlsAcceptor>,
    state: AppState,
    assets: Assets,
) -> Result<(), BoxError> {
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%addr, scheme, "listening");
    // Harnesses that start the server on port 0 read this line to learn the port.
    println!("MOTCUA_LISTENING {scheme}://{addr}");
    state.uploads.spawn_sweeper();
    let settings = state.settings.clone();
    serve(listener, tls, app(state, assets), settings, shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

/// One connection's places under the bounds, given back when it closes.
struct Slot {
    _total: tokio::sync::OwnedSemaphorePermit,
    per_address: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.per_address.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

fn take_slot(
    total: &Arc<Semaphore>,
    per_address: &Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
    max_per_address: usize,
) -> Result<Slot, &'static str> {
    let permit = total.clone().try_acquire_owned().map_err(|_| "total")?;
    let mut map = per_address.lock().unwrap_or_else(|p| p.into_inner());
    let n = map.entry(ip).or_insert(0);
    if *n >= max_per_address {
        return Err("address");
    }
    *n += 1;
    Ok(Slot { _total: permit, per_address: per_address.clone(), ip })
}

/// Serves `app` on `listener` (over TLS when `tls` is given) until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    tls: Option<TlsAcceptor>,
    app: Router,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()>,
) {
    let total = Arc::new(Semaphore::new(settings.max_connections));
    let per_address: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors or similar: wait a moment rather than spin.
                    tracing::warn!(event = "accept_failed", error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let slot = match take_slot(&total, &per_address, peer.ip(), settings.max_connections_per_address) {
            Ok(s) => s,
            Err(scope) => {
                tracing::warn!(event = "connection_refused", scope, client = %crate::client::Client(peer.ip()).tag(),
                    "connection limit reached");
                drop(stream);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone().map_request(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        }));
        let (settings, tls, stop) = (settings.clone(), tls.clone(), stop_rx.clone());
        connections.spawn(async move {
            let _slot = slot;
            match tls {
                None => connection(stream, Protocol::Http1, service, &settings, stop).await,
                Some(tls) => {
                    // A client that connects and says nothing holds a place: bounded as headers are.
                    let Ok(Ok(stream)) = tokio::time::timeout(settings.header_timeout, tls.accept(stream)).await else {
                        return;
                    };
                    let protocol = if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                        Protocol::Http2
                    } else {
                        Protocol::Http1
                    };
                    connection(stream, protocol, service, &settings, stop).await
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained =
        tokio::time::timeout(Duration::from_secs(30), async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!(event = "shutdown_timeout", "connections still open after 30 s were closed");
    }
}

enum Protocol {
    Http1,
    Http2,
}

/// Serves one connection until it closes, or gracefully once `stop` changes.
async fn connection<I, S>(io: I, protocol: Protocol, service: S, settings: &Settings, mut stop: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::HttpService<Incoming, ResBody = axum::body::Body> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
{
    let io = TokioIo::new(IdleTimeout::new(io, settings.idle_timeout));
    macro_rules! drive {
        ($conn:expr) => {{
            let conn = $conn;
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        }};
    }
    match protocol {
        Protocol::Http1 => {
            let mut builder = hyper::server::conn::http1::Builder::new();
            // Half-closed: a client that hangs up right after its last byte still gets its request
            // read to the end (hyper otherwise drops a request whose read side closed mid-body).
            builder.timer(TokioTimer::new()).header_read_timeout(settings.header_timeout).half_close(true);
            drive!(builder.serve_connection(io, service))
        }
        Protocol::Http2 => {
            let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
            // hyper's defaults bound headers and streams reset before they were answered (the
            // "rapid reset" flood); this bounds streams open at once on one connection.
            builder.timer(TokioTimer::new()).max_concurrent_streams(settings.max_streams_per_connection);
            drive!(builder.serve_connection(io, service))
        }
    }
}

/// A stream that fails when neither a read nor a write makes progress for `timeout` while one
/// is waiting: a stalled body, a client that stopped reading, an idle kept-alive connection.
struct IdleTimeout<T> {
    io: T,
    timeout: Duration,
    deadline: Pin<Box<Sleep>>,
    armed: bool,
}

impl<T> IdleTimeout<T> {
    fn new(io: T, timeout: Duration) -> Self {
        IdleTimeout { io, timeout, deadline: Box::pin(tokio::time::sleep(timeout)), armed: false }
    }

    fn progress<R>(&mut self, cx: &mut Context<'_>, poll: Poll<std::io::Result<R>>) -> Poll<std::io::Result<R>> {
        match poll {
            Poll::Ready(r) => {
                self.armed = false;
                Poll::Ready(r)
            }
            Poll::Pending => {
                if !self.armed {
                    self.armed = true;
                    self.deadline.as_mut().reset(Instant::now() + self.timeout);
                }
                match self.deadline.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(std::io::ErrorKind::TimedOut.into())),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleTimeout<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_read(cx, buf);
        self.progress(cx, poll)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleTimeout<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.progress(cx, poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.progress(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.progress(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_bounded_in_total_and_per_address() {
        let total = Arc::new(Semaphore::new(3));
        let per: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let s1 = take_slot(&total, &per, a, 2).unwrap();
        let _s2 = take_slot(&total, &per, a, 2).unwrap();
        assert_eq!(take_slot(&total, &per, a, 2).err(), Some("address"));
        let _s3 = take_slot(&total, &per, b, 2).unwrap();
        assert_eq!(take_slot(&total, &per, b, 2).err(), Some("total"));
        drop(s1);
        assert!(take_slot(&total, &per, a, 2).is_ok(), "a closed connection gives its places back");
    }
}
