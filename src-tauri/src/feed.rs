//! The subscription feed while the window is open: started and stopped from the settings, and
//! at every start when the settings say so. The server runs as a task on Tauri's async runtime
//! (tokio), so serving never blocks the window; a stop is a graceful shutdown.

use std::time::Duration;

use beratungsplaner_core::domain::FeedStatus;
use beratungsplaner_core::feed_server::SHUTDOWN_GRACE;
use beratungsplaner_core::{Planner, Result};
use tauri::async_runtime::JoinHandle;
use tokio::sync::{oneshot, Mutex};

/// How long a stop waits for the server's own bounded shutdown before the task is aborted
/// (which drops its connections too).
const STOP_GRACE: Duration = SHUTDOWN_GRACE.saturating_add(Duration::from_secs(1));

/// The running feed server, if any: managed Tauri state.
#[derive(Default)]
pub struct FeedControl {
    running: Mutex<Option<Running>>,
}

struct Running {
    port: u16,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    fn alive(&self) -> bool {
        !self.task.inner().is_finished()
    }

    /// Asks for a graceful shutdown and waits for it (the port is free afterwards); a server
    /// still busy after `STOP_GRACE` is aborted.
    async fn stop(self) {
        let _ = self.stop.send(());
        let abort = self.task.inner().abort_handle();
        if tokio::time::timeout(STOP_GRACE, self.task).await.is_err() {
            tracing::warn!("the feed server did not stop in time");
            abort.abort();
        }
    }
}

impl FeedControl {
    /// The settings, with `running` as it is.
    pub async fn status(&self, planner: &Planner) -> Result<FeedStatus> {
        let running = self.running.lock().await;
        let mut status = planner.feed_settings().await?;
        status.running = running.as_ref().is_some_and(|r| r.alive() && r.port == status.port);
        Ok(status)
    }

    /// Switches the feed on (on `port`) or off, and records that in the settings. Switching on
    /// binds the port before anything else changes: when it is taken, the error names the port
    /// and the feed stays as it was. `port` is ignored when switching off.
    pub async fn set_enabled(&self, planner: &Planner, enabled: bool, port: u16) -> Result<FeedStatus> {
        let mut running = self.running.lock().await;
        if !enabled {
            if let Some(old) = running.take() {
                old.stop().await;
            }
            return planner.set_feed_enabled(false).await;
        }
        let same = running.as_ref().is_some_and(|r| r.alive() && r.port == port);
        if !same {
            if let Some(dead) = running.take_if(|r| !r.alive()) {
                dead.stop().await;
            }
            // A server on another port keeps running until the new port is bound.
            let server = planner.bind_feed(port).await?;
            let (stop, stopped) = oneshot::channel::<()>();
            let task = tauri::async_runtime::spawn(async move {
                let shutdown = async move {
                    let _ = stopped.await;
                };
                if let Err(error) = server.run(shutdown).await {
                    tracing::error!(code = error.code(), "the feed server stopped: {error}");
                }
            });
            if let Some(old) = running.replace(Running { port, stop, task }) {
                old.stop().await;
            }
        }
        planner.set_feed_port(port).await?;
        let mut status = planner.set_feed_enabled(true).await?;
        status.running = true;
        Ok(status)
    }

    /// A new secret link: the old one answers 404 from now on.
    pub async fn rotate(&self, planner: &Planner) -> Result<FeedStatus> {
        planner.rotate_feed_token().await?;
        self.status(planner).await
    }

    /// At the app's start: serves the feed when the settings say so. A port taken meanwhile is
    /// logged; the settings dialog then shows the feed as on but not running, with the reason
    /// once it is switched on again.
    pub async fn start_if_enabled(&self, planner: &Planner) {
        let settings = match planner.feed_settings().await {
            Ok(settings) => settings,
            Err(error) => {
                tracing::error!(code = error.code(), "the feed settings could not be read: {error}");
                return;
            }
        };
        if !settings.enabled {
            return;
        }
        if let Err(error) = self.set_enabled(planner, true, settings.port).await {
            tracing::warn!(
                code = error.code(),
                port = settings.port,
                "the feed could not start: {error}"
            );
        }
    }
}
