//! The team server as the tests run it: a throw-away PostgreSQL (the Debian package's, on
//! loopback), migrated by the real server binary, its accounts added through the binary's command
//! line, and `serve` on a free loopback port. Dropped, the server stops before its database.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::postgres::TestPostgres;
use crate::workspace_root;

/// Every account's password in the tests.
pub const PASSWORD: &str = "Quartiersfonds-2026!";

/// The debug build of the server, as an absolute path.
pub fn server_binary() -> PathBuf {
    let path = workspace_root().join("target/debug/beratungsplaner-server");
    assert!(path.is_file(), "{} is missing: run `cargo build` first", path.display());
    path
}

/// `serve`, killed when dropped.
pub struct Serving {
    child: Child,
    /// The address it listens on (`http://127.0.0.1:PORT`).
    pub url: String,
}

impl Serving {
    /// Starts `serve --bind ADDR` and waits for its "listening on" line.
    pub fn start(database: &str, bind: &str) -> Self {
        let mut child = Command::new(server_binary())
            .args(["serve", "--bind", bind])
            .env("DATABASE_URL", database)
            .env("BERATUNGSPLANER_SERVER_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the listening line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, url }
    }

    /// Kills the process with SIGKILL (a crash, or a machine switched off).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A migrated team database with its accounts, and a running server.
pub struct TeamServer {
    pub serving: Serving,
    /// The database's URL (superuser), for the administrator's commands and the tests' checks.
    pub database: String,
    _pg: TestPostgres,
}

impl TeamServer {
    /// `accounts`: name and role (`advisor` or `lead`); the reference prefix is the name's first two
    /// letters (`miriam` → `MI`).
    pub fn start(accounts: &[(&str, &str)]) -> Self {
        let pg = TestPostgres::start();
        let database = pg.database("team");
        admin(&database, &["migrate"]);
        for (name, role) in accounts {
            let prefix: String = name.chars().take(2).collect::<String>().to_uppercase();
            admin(&database, &["user", "add", name, "--role", role, "--prefix", &prefix]);
        }
        Self {
            serving: Serving::start(&database, "127.0.0.1:0"),
            database,
            _pg: pg,
        }
    }

    pub fn url(&self) -> &str {
        &self.serving.url
    }

    /// `user scope NAME --municipality "Name (XX)"`.
    pub fn scope(&self, user: &str, municipality: &str) {
        admin(&self.database, &["user", "scope", user, "--municipality", municipality]);
    }

    /// Stops the server and starts it again on the same address.
    pub fn restart(&mut self) {
        let bind = self.serving.url.trim_start_matches("http://").to_owned();
        self.serving.kill();
        self.serving = Serving::start(&self.database, &bind);
    }
}

/// Runs an administrator's command of the server binary; panics with its stderr when it fails.
pub fn admin(database: &str, args: &[&str]) {
    let output = Command::new(server_binary())
        .args(args)
        .env("DATABASE_URL", database)
        .env("BERATUNGSPLANER_SERVER_PASSWORD", PASSWORD)
        .output()
        .expect("run the server binary");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
