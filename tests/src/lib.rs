//! Helpers shared by the end-to-end tests: where the built binary is, running it on a database.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(target_os = "linux")]
pub use driver::TauriDriver;

#[cfg(target_os = "linux")]
pub mod hostile;

#[path = "../../crates/server/tests/support/postgres.rs"]
pub mod postgres;
pub mod team_server;

/// The workspace root (the folder with the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// The debug build of the app, as an absolute path; panics with a hint when it was not built.
pub fn app_binary() -> PathBuf {
    let path = workspace_root().join("target/debug/beratungsplaner");
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build` first (from the workspace root)",
        path.display()
    );
    path
}

/// `<workspace>/target/screenshots`, created on first use.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral port")
        .port()
}

/// Polls `check` every 50 ms until it returns true; false when `timeout` ran out first.
pub fn poll(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Running `tauri-driver` (Linux: WebKitWebDriver, process groups, `/proc`).
#[cfg(target_os = "linux")]
/// What poppler (not our code) reads in a PDF.
pub mod poppler {
    use std::path::Path;
    use std::process::Command;

    /// The text `pdftotext` reads.
    pub fn text(pdf: &Path) -> String {
        let out = Command::new("pdftotext")
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) runs");
        assert!(
            out.status.success(),
            "pdftotext: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The number of pages `pdfinfo` counts; `None` while the file is missing or not a whole PDF.
    pub fn page_count(pdf: &Path) -> Option<usize> {
        let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok()))
    }

    /// One page rendered by `pdftoppm` at `dpi` (`extra` e.g. `-png` or `-gray`), written to
    /// `<prefix>.png` or returned on standard output when `prefix` is `None`.
    pub fn render_page(pdf: &Path, page: usize, dpi: u32, extra: &str, prefix: Option<&Path>) -> Vec<u8> {
        let mut command = Command::new("pdftoppm");
        command
            .args([extra, "-r", &dpi.to_string(), "-singlefile"])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf);
        if let Some(prefix) = prefix {
            command.arg(prefix);
        }
        let out = command.output().expect("pdftoppm (poppler-utils) runs");
        assert!(out.status.success(), "pdftoppm page {page}");
        out.stdout
    }
}

/// The system keychain as another program sees it: the Secret Service of the session's GNOME
/// Keyring (`scripts/with-keychain.sh` provides one), read with libsecret's `secret-tool`.
pub mod secret_service {
    use std::process::Command;

    /// The secret of the first entry whose attributes include all of `attributes`, if any.
    pub fn lookup(attributes: &[(&str, &str)]) -> Option<String> {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "no D-Bus session bus: run the tests under `bash scripts/with-keychain.sh`, which starts \
             one with an unlocked GNOME Keyring"
        );
        let mut command = Command::new("secret-tool");
        command.arg("lookup");
        for (key, value) in attributes {
            command.args([key, value]);
        }
        let out = command.output().expect("secret-tool (libsecret-tools) runs");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// The key of the databases the app and the command line made in this keychain (one for all of
/// the user's databases, `src-tauri/src/database_keys.rs`).
pub fn database_key() -> beratungsplaner_core::store::DatabaseKey {
    let text = secret_service::lookup(&[("service", "Beratungsplaner Datenbank"), ("username", "database key")])
        .expect("the database key in the keychain");
    beratungsplaner_core::store::DatabaseKey::from_recovery_key(&text).expect("the keychain holds a recovery key")
}

/// Opens a database the way a test reads what the app wrote: with its key from the keychain. A
/// database that does not exist yet is made by the command line first, so that its key is where
/// the app and the command line will look for it.
pub async fn open_planner(db: &Path) -> beratungsplaner_core::Planner {
    if !db.exists() {
        let out = std::process::Command::new(app_binary())
            .arg("--db")
            .arg(db)
            .args(["audit", "verify"])
            .output()
            .expect("the command line runs");
        assert!(
            out.status.success(),
            "creating {}: {}",
            db.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    beratungsplaner_core::Planner::open(db, &database_key())
        .await
        .expect("open the database with its key from the keychain")
}

/// Runs SQL on an encrypted database with its key from the keychain, as someone with the file
/// and the login would (the `sqlite3` program cannot read it): the first column of every row of
/// the last statement, as text.
pub fn sql_with_key(db: &Path, sql: &str) -> Result<Vec<String>, String> {
    use sqlx::{ConnectOptions, Connection, Row};
    let key = database_key();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut conn = beratungsplaner_core::store::encryption::options(Some(&key))
            .filename(db)
            .connect()
            .await
            .map_err(|e| e.to_string())?;
        let rows = sqlx::raw_sql(sql)
            .fetch_all(&mut conn)
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(|row| {
                row.try_get::<i64, _>(0)
                    .map(|n| n.to_string())
                    .or_else(|_| row.try_get::<String, _>(0))
                    .unwrap_or_default()
            })
            .collect();
        conn.close().await.map_err(|e| e.to_string())?;
        Ok(rows)
    })
}

mod driver {
    use std::ffi::OsString;
    use std::net::{Ipv4Addr, SocketAddr, TcpStream};
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    use super::{free_port, poll};

    fn port_answers(port: u16) -> bool {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
    }

    /// Sends `signal` to every process in group `pgid`; true if at least one received it.
    fn signal_group(pgid: u32, signal: &str) -> bool {
        Command::new("kill")
            .args([signal, "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Live (not zombie) processes whose process group is `pgid`.
    fn live_group_members(pgid: u32) -> Vec<u32> {
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // `pid (comm) state ppid pgrp …`; comm may contain spaces and parentheses.
            let rest = &stat[stat.rfind(')')? + 2..];
            let mut fields = rest.split(' ');
            let state = fields.next()?;
            let pgrp: u32 = fields.nth(1)?.parse().ok()?;
            (pgrp == pgid && state != "Z" && state != "X").then_some(pid)
        })
        .collect()
    }

    /// `tauri-driver` (and through it `WebKitWebDriver` and the app) in its own process group.
    /// Dropping it ends the whole group and waits until every process of it is gone, so that the
    /// next start on the same database never meets the previous app.
    pub struct TauriDriver {
        /// `None` once the group has been ended.
        child: Option<Child>,
        port: u16,
    }

    impl TauriDriver {
        /// Starts `tauri-driver` on free ports with `env` added to its (and so the app's)
        /// environment and its output (and the app's) in `log`, and waits until it and the native
        /// driver accept connections.
        pub fn start(env: &[(&str, OsString)], log: &Path) -> Self {
            Self::start_in(env, log, None)
        }

        /// As `start`, with the app working in `dir` (where GTK's "Print to File" writes).
        pub fn start_in(env: &[(&str, OsString)], log: &Path, dir: Option<&Path>) -> Self {
            let port = free_port();
            let mut native_port = free_port();
            while native_port == port {
                native_port = free_port();
            }
            let program = which("tauri-driver").unwrap_or_else(|| {
                panic!("tauri-driver not found on PATH or in ~/.cargo/bin: `cargo install tauri-driver --locked`")
            });
            if let Some(dir) = log.parent() {
                std::fs::create_dir_all(dir).expect("create the log folder");
            }
            let out = std::fs::File::create(log).expect("create the tauri-driver log");
            let err = out.try_clone().expect("clone the log handle");
            let mut cmd = Command::new(program);
            cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .process_group(0);
            if let Some(dir) = dir {
                cmd.current_dir(dir);
            }
            for (key, value) in env {
                cmd.env(key, value);
            }
            let child = cmd.spawn().expect("start tauri-driver");
            let mut driver = TauriDriver {
                child: Some(child),
                port,
            };
            let up = poll(Duration::from_secs(20), || {
                port_answers(port) && port_answers(native_port)
            });
            if !up {
                let exited = driver.child.as_mut().and_then(|c| c.try_wait().ok().flatten());
                panic!(
                    "tauri-driver did not answer on ports {port}/{native_port} within 20 s \
                 (exit status: {exited:?}); see {}",
                    log.display()
                );
            }
            driver
        }

        /// The URL to create WebDriver sessions at.
        pub fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        /// Ends the process group and waits until all of it is gone.
        pub fn stop(mut self) {
            self.shutdown();
        }

        fn shutdown(&mut self) {
            let Some(mut child) = self.child.take() else { return };
            // The group's id is tauri-driver's pid (`process_group(0)`).
            let pgid = child.id();
            if signal_group(pgid, "-TERM") {
                let gone = poll(Duration::from_secs(10), || {
                    let _ = child.try_wait();
                    live_group_members(pgid).is_empty()
                });
                if !gone {
                    signal_group(pgid, "-KILL");
                    poll(Duration::from_secs(5), || live_group_members(pgid).is_empty());
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    impl Drop for TauriDriver {
        fn drop(&mut self) {
            self.shutdown();
        }
    }

    /// `name` on `PATH`, else in `~/.cargo/bin`.
    fn which(name: &str) -> Option<PathBuf> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let cargo_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
        std::env::split_paths(&path)
            .chain(cargo_bin)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    }
}

/// A CalDAV server of the test's own, on loopback, stopped when dropped: Radicale (htpasswd
/// authentication) or Xandikos (no authentication of its own), both from `.venv/`
/// (`tests/caldav/requirements.txt`, installed by `scripts/setup.sh`).
pub struct CalDavServer {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    /// Where it keeps its data.
    pub storage: PathBuf,
}

impl CalDavServer {
    /// Radicale with user `beraterin`, password `geheim`.
    pub fn radicale(dir: &Path) -> Self {
        let port = free_port();
        let storage = dir.join("radicale");
        std::fs::create_dir_all(&storage).expect("radicale dir");
        std::fs::write(storage.join("users"), "beraterin:geheim\n").expect("htpasswd");
        let config = storage.join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n\
                 htpasswd_encryption = plain\n[storage]\nfilesystem_folder = {collections}\n[logging]\nlevel = warning\n",
                users = storage.join("users").display(),
                collections = storage.join("collections").display()
            ),
        )
        .expect("config");
        let python = workspace_root().join(".venv/bin/python");
        assert!(
            python.exists(),
            "run `bash scripts/setup.sh` (it installs Radicale into .venv/)"
        );
        let child = std::process::Command::new(python)
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start radicale");
        Self::started(child, port, storage)
    }

    /// Xandikos with a calendar home for `/user/`.
    pub fn xandikos(dir: &Path) -> Self {
        let port = free_port();
        let storage = dir.join("xandikos");
        let program = workspace_root().join(".venv/bin/xandikos");
        assert!(
            program.exists(),
            "run `bash scripts/setup.sh` (it installs Xandikos into .venv/)"
        );
        let child = std::process::Command::new(program)
            .args(["serve", "--defaults", "-l", "127.0.0.1", "-p", &port.to_string(), "-d"])
            .arg(&storage)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start xandikos");
        Self::started(child, port, storage)
    }

    fn started(child: std::process::Child, port: u16, storage: PathBuf) -> Self {
        let up = poll(Duration::from_secs(20), || {
            std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok()
        });
        assert!(up, "the CalDAV server did not start on port {port}");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}/"),
            storage,
        }
    }
}

impl Drop for CalDavServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Henrike Sörensen, a new contact named (with her e-mail and phone) in a new site visit on
/// `day`: what the erasure tests look for in the calendar outputs. Returns her id.
pub async fn henrike_in_an_appointment(planner: &beratungsplaner_core::Planner, day: chrono::NaiveDate) -> i64 {
    use beratungsplaner_core::domain::{AppointmentInput, AppointmentKind, ContactInput, ContactKind};
    let person = planner
        .create_contact(ContactInput {
            kind: ContactKind::Person,
            name: "Henrike Sörensen".into(),
            organisation: None,
            organisation_type: None,
            email: Some("h.soerensen@nordstadt.example".into()),
            phone: Some("0171 5550123".into()),
        })
        .await
        .expect("contact");
    planner
        .create_appointment(AppointmentInput {
            kind: AppointmentKind::SiteVisit,
            title: "Begehung mit Henrike Sörensen".into(),
            location: Some("Marktplatz".into()),
            case_id: None,
            municipality_id: None,
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: day,
            ends_on: day,
            start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
            end_time: chrono::NaiveTime::from_hms_opt(11, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: Some("Rückfragen an h.soerensen@nordstadt.example oder 0171 5550123".into()),
            accept_overlap: true,
        })
        .await
        .expect("named in an appointment");
    person.id
}

/// What of Henrike Sörensen an erasure must take out of every output.
pub const HENRIKE: [&str; 4] = ["Sörensen", "Henrike", "soerensen", "5550123"];
