//! Assembles the router and runs it until Ctrl-C or SIGTERM, finishing requests in flight.

use std::net::SocketAddr;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::routing::any;
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::api;
use crate::assets::{self, Assets};
use crate::security::SecurityHeaders;
use crate::state::AppState;
use crate::BoxError;

pub fn app(state: AppState, assets: Assets) -> Router {
    let security = SecurityHeaders::new(&assets);
    let site = Router::new().fallback(any(assets::serve)).with_state(assets);
    Router::new()
        .nest(motcua_domain::api::API_PREFIX, api::router(state))
        .merge(site)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let security = security.clone();
            async move { security.apply(next.run(req).await) }
        }))
        .layer(TraceLayer::new_for_http())
}

pub async fn run(listen: SocketAddr, state: AppState, assets: Assets) -> Result<(), BoxError> {
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    // Harnesses that start the server on port 0 read this line to learn the port.
    println!("MOTCUA_LISTENING http://{addr}");
    crate::uploads::spawn_sweeper(state.db.clone(), state.uploads.clone(), std::time::Duration::from_secs(600));
    axum::serve(listener, app(state, assets).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
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
