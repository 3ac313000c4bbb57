//! Assembles the router and serves it: our own accept loop, because `axum::serve` has no
//! timeouts and no bound on connections. Each connection gets a place under the total and
//! per-client bounds (a client is an IPv4 address or an IPv6 /64), a header-read timeout
//! (HTTP/1.1), deadlines that only real progress extends ([`activity`]), a maximum age, and a
//! graceful end on Ctrl-C or SIGTERM (requests in flight finish, for at most 30 s). Over TLS
//! (`crate::tls`) the handshake must end within the header timeout, and a client that chose
//! HTTP/2 in ALPN gets it.

mod activity;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::{self, Next};
use axum::routing::any;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::trace::TraceLayer;

use self::activity::{Activity, Tracked};
use crate::api;
use crate::assets::{self, Assets};
use crate::client::Client;
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
        let slot = match take_slot(&total, &per_address, Client(peer.ip()).key(), settings.max_connections_per_address)
        {
            Ok(s) => s,
            Err(scope) => {
                tracing::warn!(event = "connection_refused", scope, client = %crate::client::Client(peer.ip()).tag(),
                    "connection limit reached");
                drop(stream);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let activity = Activity::new();
        let service = tracked(app.clone(), peer, activity.clone());
        let (settings, tls, stop) = (settings.clone(), tls.clone(), stop_rx.clone());
        connections.spawn(async move {
            let _slot = slot;
            let conn = Conn { service, settings: &settings, activity, stop };
            match tls {
                None => conn.serve(stream, Protocol::Http1).await,
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
                    conn.serve(stream, protocol).await
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

/// The app as hyper calls it on one connection: the peer's address for the handlers, and every
/// request and response body tracked as the connection's [`Activity`].
fn tracked(
    app: Router,
    peer: SocketAddr,
    activity: Arc<Activity>,
) -> TowerToHyperService<
    impl tower::Service<Request<Incoming>, Response = axum::response::Response, Error = Infallible, Future = impl Send>
        + Clone,
> {
    TowerToHyperService::new(tower::service_fn(move |req: Request<Incoming>| {
        let in_flight = activity.begin();
        let mut req = req.map(|body| Body::new(Tracked::request(body, activity.clone())));
        req.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            let res = app.oneshot(req).await?;
            Ok::<_, Infallible>(res.map(|body| Body::new(Tracked::response(body, in_flight))))
        }
    }))
}

enum Protocol {
    Http1,
    Http2,
}

/// Why the watchdog ended a connection.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Requests in flight and no progress for the idle timeout: dropped at once.
    Stalled,
    /// Nothing in flight for the idle timeout: closed gracefully.
    Idle,
    /// Older than the maximum age: closed gracefully, requests in flight given a grace period.
    Old,
}

/// What to do with a connection now, from its activity and age.
fn verdict(in_flight: usize, quiet: Duration, age: Duration, settings: &Settings) -> Option<Verdict> {
    if quiet >= settings.idle_timeout {
        Some(if in_flight > 0 { Verdict::Stalled } else { Verdict::Idle })
    } else if age >= settings.max_connection_age {
        Some(Verdict::Old)
    } else {
        None
    }
}

/// How long requests in flight may run on after their connection reached its maximum age (a
/// tenth of the age when that is shorter).
const AGE_GRACE: Duration = Duration::from_secs(60);

/// One connection: what it serves and what watches it.
struct Conn<'a, S> {
    service: S,
    settings: &'a Settings,
    activity: Arc<Activity>,
    stop: watch::Receiver<bool>,
}

impl<S> Conn<'_, S>
where
    S: hyper::service::HttpService<Incoming, ResBody = Body> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
{
    /// Serves the connection until it closes, its watchdog ends it, or gracefully once `stop`
    /// changes.
    async fn serve<I>(mut self, io: I, protocol: Protocol)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let io = TokioIo::new(io);
        let settings = self.settings;
        let activity = self.activity.clone();
        let born = tokio::time::Instant::now();
        let watchdog = async move {
            let every = (settings.idle_timeout / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let (in_flight, quiet) = activity.quiet();
                if let Some(v) = verdict(in_flight, quiet, born.elapsed(), settings) {
                    return v;
                }
            }
        };
        macro_rules! drive {
            ($conn:expr) => {{
                let conn = $conn;
                tokio::pin!(conn);
                tokio::pin!(watchdog);
                tokio::select! {
                    _ = conn.as_mut() => {}
                    _ = self.stop.changed() => {
                        conn.as_mut().graceful_shutdown();
                        let _ = conn.await;
                    }
                    verdict = watchdog => {
                        tracing::debug!(event = "connection_closed", ?verdict, "connection ended by its deadlines");
                        if verdict != Verdict::Stalled {
                            conn.as_mut().graceful_shutdown();
                            let grace = if verdict == Verdict::Old {
                                (settings.max_connection_age / 10).min(AGE_GRACE)
                            } else {
                                settings.header_timeout
                            };
                            let _ = tokio::time::timeout(grace, conn).await;
                        }
                    }
                }
            }};
        }
        match protocol {
            Protocol::Http1 => {
                let mut builder = hyper::server::conn::http1::Builder::new();
                // Half-closed: a client that hangs up right after its last byte still gets its
                // request read to the end (hyper otherwise drops a request whose read side closed
                // mid-body).
                builder.timer(TokioTimer::new()).header_read_timeout(settings.header_timeout).half_close(true);
                drive!(builder.serve_connection(io, self.service))
            }
            Protocol::Http2 => {
                let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
                // hyper's defaults bound headers and streams reset before they were answered (the
                // "rapid reset" flood); these bound streams open at once, what each may buffer
                // for a client that does not read (answers are shared bytes, see `assets`), and
                // find a peer that vanished (a ping unanswered).
                builder
                    .timer(TokioTimer::new())
                    .max_concurrent_streams(settings.max_streams_per_connection)
                    .max_send_buf_size(SEND_BUFFER_PER_STREAM)
                    .keep_alive_interval(Some(settings.idle_timeout / 2))
                    .keep_alive_timeout(settings.header_timeout);
                drive!(builder.serve_connection(io, self.service))
            }
        }
    }
}

/// Bytes an HTTP/2 stream may have queued for a client that is not reading (hyper's default is
/// 400 KiB).
const SEND_BUFFER_PER_STREAM: usize = 64 * 1024;

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
    fn only_a_quiet_connection_ends_and_a_stalled_one_is_told_from_an_idle_one() {
        let s = Settings {
            idle_timeout: Duration::from_secs(60),
            max_connection_age: Duration::from_secs(600),
            ..Settings::default()
        };
        let (young, old) = (Duration::from_secs(10), Duration::from_secs(600));
        assert_eq!(verdict(3, Duration::from_secs(59), young, &s), None);
        assert_eq!(verdict(3, Duration::from_secs(60), young, &s), Some(Verdict::Stalled));
        assert_eq!(verdict(0, Duration::from_secs(60), young, &s), Some(Verdict::Idle));
        assert_eq!(verdict(1, Duration::from_secs(1), old, &s), Some(Verdict::Old));
    }

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

    #[test]
    fn one_ipv6_slash_64_is_one_client_for_the_connection_bound() {
        let total = Arc::new(Semaphore::new(100));
        let per: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
        let key = |s: &str| Client(s.parse().unwrap()).key();
        let _a = take_slot(&total, &per, key("2001:db8:5:6::1"), 2).unwrap();
        let _b = take_slot(&total, &per, key("2001:db8:5:6:aaaa::2"), 2).unwrap();
        assert_eq!(take_slot(&total, &per, key("2001:db8:5:6:ffff:1:2:3"), 2).err(), Some("address"));
        assert!(take_slot(&total, &per, key("2001:db8:5:7::1"), 2).is_ok(), "the next /64 is another client");
    }
}
