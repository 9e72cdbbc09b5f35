//! The server binary as the tests and the bench start it: the database URL and a new account's
//! password come from the environment, as an administrator would give them, never as arguments.

use std::process::Command;

/// The password of every account the tests and the bench add.
pub const PASSWORD: &str = "Quartiersfonds-2026!";

pub fn server(url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_beratungsplaner-server"));
    command
        .env("DATABASE_URL", url)
        .env("BERATUNGSPLANER_SERVER_PASSWORD", PASSWORD)
        .env("BERATUNGSPLANER_SERVER_LOG", "warn");
    command
}
