//! What a command's body reaches: the `Planner` (when the database is open), the window's own
//! state (feed server, session passwords, start-up status) and the window for dialogs.

use beratungsplaner_core::{Error, Planner};
use tauri::{AppHandle, Manager, WebviewWindow};

use crate::caldav_passwords::SessionPasswords;
use crate::feed::FeedControl;

/// The calling window and the app's managed state.
pub struct Context<'a> {
    app: &'a AppHandle,
    window: &'a WebviewWindow,
}

impl<'a> Context<'a> {
    /// The context of a command called from `window`.
    pub fn new(app: &'a AppHandle, window: &'a WebviewWindow) -> Self {
        Self { app, window }
    }

    /// The planner; absent when the database could not be opened at start (the window then
    /// shows why, `StartupStatus`), so every command but the start-up measurement fails the same way.
    pub fn planner(&self) -> Result<&'a Planner, Error> {
        self.app
            .try_state::<Planner>()
            .map(|state| state.inner())
            .ok_or_else(|| Error::Database("the database is not open".into()))
    }

    /// The subscription feed's server.
    pub fn feed(&self) -> &'a FeedControl {
        self.app.state::<FeedControl>().inner()
    }

    /// CalDAV passwords held for this run where the keychain failed.
    pub fn passwords(&self) -> &'a SessionPasswords {
        self.app.state::<SessionPasswords>().inner()
    }

    /// The app, for its dialogs.
    pub fn app(&self) -> &'a AppHandle {
        self.app
    }

    /// The calling window.
    pub fn window(&self) -> &'a WebviewWindow {
        self.window
    }
}
