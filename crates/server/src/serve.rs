//! `serve`: the HTTP API on an address, over TLS (rustls through axum-server) or, on loopback only,
//! plain HTTP; stops cleanly on Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum_server::tls_rustls::RustlsConfig;
use axum_server::Handle;
use sqlx::PgPool;

use crate::error::ServerError;
use crate::http;

pub async fn serve(pool: PgPool, bind: SocketAddr, tls: Option<(PathBuf, PathBuf)>) -> Result<(), ServerError> {
    if tls.is_none() && !bind.ip().is_loopback() {
        return Err(ServerError::Invalid(format!(
            "plain HTTP is served on loopback only: give --tls-cert and --tls-key to serve {bind}"
        )));
    }
    // One crypto provider for the process (ring, as the app's).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let app = http::router(pool).into_make_service();
    let handle = Handle::new();
    tokio::spawn(stop_on_signal(handle.clone()));
    let scheme = if tls.is_some() { "https" } else { "http" };
    let announce = {
        let handle = handle.clone();
        async move {
            if let Some(address) = handle.listening().await {
                // On stdout for whoever started the server (and tests waiting for it).
                println!("listening on {scheme}://{address}");
                tracing::info!(%address, scheme, "listening");
            }
        }
    };
    tokio::spawn(announce);
    let served = match tls {
        Some((cert, key)) => {
            let config = RustlsConfig::from_pem_file(&cert, &key).await.map_err(|e| {
                ServerError::io(
                    format!(
                        "cannot read the certificate {} or its key {}",
                        cert.display(),
                        key.display()
                    ),
                    e,
                )
            })?;
            axum_server::bind_rustls(bind, config).handle(handle).serve(app).await
        }
        None => axum_server::bind(bind).handle(handle).serve(app).await,
    };
    served.map_err(|e| ServerError::io(format!("cannot serve on {bind}"), e))
}

async fn stop_on_signal(handle: Handle) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("stopping");
    handle.graceful_shutdown(Some(Duration::from_secs(10)));
}
