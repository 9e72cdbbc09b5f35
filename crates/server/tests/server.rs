//! The real server binary against a real PostgreSQL: accounts and device tokens, scopes enforced by
//! the server and again by PostgreSQL's row-level security, TLS, and the command line's errors.

#[path = "support/binary.rs"]
mod binary;
#[path = "support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use beratungsplaner_team_protocol::{
    Account, Change, Changes, ErrorBody, ErrorCode, FieldChange, FieldConflict, LoginResponse, Operation, Outcome,
    Pushed, Refusal, Role,
};
use binary::{server, PASSWORD};
use postgres::TestPostgres;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

fn ok(command: &mut Command) -> String {
    let output = command.output().expect("run the server binary");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs a command that must fail with exit 1 and one `error: …` line; returns that line.
fn refused(command: &mut Command) -> String {
    let Output { status, stderr, .. } = command.output().expect("run the server binary");
    assert_eq!(status.code(), Some(1), "{command:?}");
    let stderr = String::from_utf8_lossy(&stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    errors[0].to_owned()
}

/// A running `serve` logging everything (`trace`) into a file, killed when dropped.
struct Serving {
    child: Child,
    url: String,
    log: tempfile::NamedTempFile,
}

impl Serving {
    fn start(url: &str, args: &[&str]) -> Self {
        let log = tempfile::NamedTempFile::new().expect("log file");
        let mut child = server(url)
            .arg("serve")
            .args(args)
            .env("BERATUNGSPLANER_SERVER_LOG", "trace")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log.reopen().expect("log file")))
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the listening line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, url, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).expect("read the log")
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn login(http: &reqwest::Client, base: &str, user: &str, password: &str) -> reqwest::Response {
    http.post(format!("{base}/v1/login"))
        .json(&json!({"user": user, "password": password, "device": "Testlaptop"}))
        .send()
        .await
        .expect("login request")
}

async fn token(http: &reqwest::Client, base: &str, user: &str) -> String {
    let response = login(http, base, user, PASSWORD).await;
    assert_eq!(response.status(), 200);
    response.json::<LoginResponse>().await.expect("login answer").token
}

async fn changes(http: &reqwest::Client, base: &str, token: &str) -> reqwest::Response {
    http.get(format!("{base}/v1/changes?after=0"))
        .bearer_auth(token)
        .send()
        .await
        .expect("changes request")
}

/// Two Kommunen with a case each, and a team-wide topic, written as the server's owner.
async fn seed(pool: &PgPool) -> (Uuid, Uuid) {
    let (oberstedt, nordstadt) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, name, case_title) in [
        (oberstedt, "Oberstedt", "Quartiersfonds"),
        (nordstadt, "Nordstadt", "Stadtteilbüro"),
    ] {
        sqlx::query("INSERT INTO records (id, kind, municipality, fields) VALUES ($1, 'municipality', $1, $2)")
            .bind(id)
            .bind(json!({"name": name, "state": "HE"}))
            .execute(pool)
            .await
            .expect("municipality");
        let case = Uuid::new_v4();
        sqlx::query("INSERT INTO records (id, kind, municipality, case_id, fields) VALUES ($1, 'case', $2, $1, $3)")
            .bind(case)
            .bind(id)
            .bind(json!({"title": case_title}))
            .execute(pool)
            .await
            .expect("case");
    }
    sqlx::query("INSERT INTO records (id, kind, fields) VALUES ($1, 'topic', $2)")
        .bind(Uuid::new_v4())
        .bind(json!({"name": "Wohnen"}))
        .execute(pool)
        .await
        .expect("topic");
    (oberstedt, nordstadt)
}

/// A migrated team database with the two seeded Kommunen, accounts, and a running server. Fields
/// drop in order: the server stops before its database.
struct Team {
    serving: Serving,
    http: reqwest::Client,
    pool: PgPool,
    url: String,
    oberstedt: Uuid,
    nordstadt: Uuid,
    _pg: TestPostgres,
}

impl Team {
    /// `accounts`: name, role, and the Kommune an advisor sees.
    async fn start(accounts: &[(&str, &str, Option<&str>)]) -> Self {
        let pg = TestPostgres::start();
        let url = pg.database("team");
        ok(server(&url).arg("migrate"));
        let pool = PgPool::connect(&url).await.expect("pool");
        let (oberstedt, nordstadt) = seed(&pool).await;
        for (name, role, scope) in accounts {
            ok(server(&url).args(["user", "add", name, "--role", role]));
            if let Some(municipality) = scope {
                ok(server(&url).args(["user", "scope", name, "--municipality", municipality]));
            }
        }
        Self {
            serving: Serving::start(&url, &["--bind", "127.0.0.1:0"]),
            http: client(),
            pool,
            url,
            oberstedt,
            nordstadt,
            _pg: pg,
        }
    }

    fn base(&self) -> &str {
        &self.serving.url
    }

    async fn token(&self, user: &str) -> String {
        token(&self.http, self.base(), user).await
    }
}

fn names(changes: &Changes) -> Vec<String> {
    let mut names: Vec<String> = changes
        .changes
        .iter()
        .filter_map(|c| c.fields.as_ref())
        .filter_map(|f| f.get("name").or_else(|| f.get("title")))
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn accounts_sign_in_see_their_scope_and_are_disabled_at_once() {
    let pg = TestPostgres::start();
    let url = pg.database("team");
    assert_eq!(ok(server(&url).arg("migrate")).trim(), "database migrated");
    ok(server(&url).arg("migrate")); // a second time changes nothing
    let pool = PgPool::connect(&url).await.expect("pool");
    let (oberstedt, _) = seed(&pool).await;

    assert!(ok(server(&url).args(["user", "add", "Miriam Albers", "--role", "advisor"])).contains("prefix MA"));
    ok(server(&url).args(["user", "add", "Bernd Kühn", "--role", "advisor"]));
    ok(server(&url).args(["user", "add", "Jonas Weber", "--role", "lead"]));
    ok(server(&url).args(["user", "scope", "Miriam Albers", "--municipality", "Oberstedt"]));
    ok(server(&url).args(["user", "scope", "Bernd Kühn", "--municipality", "Nordstadt (HE)"]));

    let serving = Serving::start(&url, &["--bind", "127.0.0.1:0"]);
    let (http, base) = (client(), serving.url.clone());
    let health = http.get(format!("{base}/health")).send().await.expect("health");
    assert_eq!(health.status(), 200);

    let miriam = token(&http, &base, "Miriam Albers").await;
    let account: Account = http
        .get(format!("{base}/v1/account"))
        .bearer_auth(&miriam)
        .send()
        .await
        .expect("account")
        .json()
        .await
        .expect("account answer");
    assert_eq!(
        account,
        Account {
            name: "Miriam Albers".into(),
            role: Role::Advisor,
            reference_prefix: "MA".into(),
            municipalities: vec![oberstedt],
        }
    );
    let seen: Changes = changes(&http, &base, &miriam).await.json().await.expect("changes");
    assert_eq!(names(&seen), ["Oberstedt", "Quartiersfonds", "Wohnen"]);
    assert!(!seen.more);
    let bernd = token(&http, &base, "Bernd Kühn").await;
    let seen: Changes = changes(&http, &base, &bernd).await.json().await.expect("changes");
    assert_eq!(names(&seen), ["Nordstadt", "Stadtteilbüro", "Wohnen"]);
    let jonas = token(&http, &base, "Jonas Weber").await;
    let seen: Changes = changes(&http, &base, &jonas).await.json().await.expect("changes");
    assert_eq!(seen.changes.len(), 5, "a lead sees the whole team");
    let after: Changes = http
        .get(format!("{base}/v1/changes?after={}", seen.cursor))
        .bearer_auth(&jonas)
        .send()
        .await
        .expect("changes")
        .json()
        .await
        .expect("changes");
    assert!(after.changes.is_empty(), "nothing after the last cursor");

    // Refused: a wrong password, an unknown user, a made-up token, no token.
    for (user, password) in [("Miriam Albers", "falsch-falsch-falsch"), ("Niemand", PASSWORD)] {
        let response = login(&http, &base, user, password).await;
        assert_eq!(response.status(), 401);
        let body: ErrorBody = response.json().await.expect("error body");
        assert_eq!(body.code, ErrorCode::Unauthorized);
    }
    assert_eq!(changes(&http, &base, "erfunden").await.status(), 401);
    let anonymous = http.get(format!("{base}/v1/changes")).send().await.expect("request");
    assert_eq!(anonymous.status(), 401);

    // Disabled: the token stops working with the next request, and signing in again fails.
    ok(server(&url).args(["user", "disable", "Miriam Albers"]));
    assert_eq!(changes(&http, &base, &miriam).await.status(), 401);
    assert_eq!(login(&http, &base, "Miriam Albers", PASSWORD).await.status(), 401);
    assert_eq!(changes(&http, &base, &bernd).await.status(), 200, "others keep working");

    let log = serving.log();
    assert!(log.contains("\"request\""), "requests are logged");
    for secret in [
        PASSWORD,
        miriam.as_str(),
        bernd.as_str(),
        jonas.as_str(),
        "Miriam",
        "Oberstedt",
        "Quartiersfonds",
    ] {
        assert!(!log.contains(secret), "{secret:?} is in the server's trace log");
    }

    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM device_tokens")
        .fetch_all(&pool)
        .await
        .expect("tokens");
    assert_eq!(
        stored.len(),
        2,
        "Bernd's and Jonas's devices; Miriam's token went with her account"
    );
    for token in [&bernd, &jonas] {
        assert!(
            stored.iter().all(|hash| hash.as_slice() != token.as_bytes()),
            "only a token's hash is stored"
        );
    }
}

/// A transaction running as an account's own PostgreSQL role, as the server runs each request.
async fn as_role(pool: &PgPool, account: &str) -> sqlx::Transaction<'static, sqlx::Postgres> {
    let mut tx = pool.begin().await.expect("begin");
    let role: String = sqlx::query_scalar("SELECT db_role::text FROM accounts WHERE name = $1")
        .bind(account)
        .fetch_one(&mut *tx)
        .await
        .expect("the account's role");
    sqlx::query("SELECT set_config('role', $1, true)")
        .bind(&role)
        .execute(&mut *tx)
        .await
        .expect("set role");
    tx
}

/// The second fence: as an advisor's own PostgreSQL role, row-level security admits only their
/// scope, whatever the query asks for — reading, changing and adding.
#[tokio::test]
async fn postgres_admits_an_advisors_role_only_to_its_scope() {
    let pg = TestPostgres::start();
    let url = pg.database("team");
    ok(server(&url).arg("migrate"));
    let pool = PgPool::connect(&url).await.expect("pool");
    let (oberstedt, nordstadt) = seed(&pool).await;
    ok(server(&url).args(["user", "add", "Bernd Kühn", "--role", "advisor"]));
    ok(server(&url).args(["user", "scope", "Bernd Kühn", "--municipality", "Nordstadt"]));
    let mut tx = as_role(&pool, "Bernd Kühn").await;
    let visible: Vec<Option<Uuid>> = sqlx::query_scalar("SELECT municipality FROM records")
        .fetch_all(&mut *tx)
        .await
        .expect("select as Bernd");
    assert!(
        visible.iter().all(|m| m.is_none() || *m == Some(nordstadt)),
        "{visible:?}"
    );
    assert_eq!(visible.len(), 3, "Nordstadt, its case, the team-wide topic");
    let changed = sqlx::query("UPDATE records SET fields = '{}' WHERE municipality = $1")
        .bind(oberstedt)
        .execute(&mut *tx)
        .await
        .expect("update as Bernd");
    assert_eq!(changed.rows_affected(), 0, "another Kommune's rows cannot be changed");
    let planted = sqlx::query("INSERT INTO records (id, kind, municipality, fields) VALUES ($1, 'case', $2, '{}')")
        .bind(Uuid::new_v4())
        .bind(oberstedt)
        .execute(&mut *tx)
        .await;
    assert!(planted.is_err(), "a row in another Kommune cannot be added");
    tx.rollback().await.expect("rollback");

    let mut tx = as_role(&pool, "Bernd Kühn").await;
    let setting = sqlx::query(
        "INSERT INTO records (id, kind, fields) VALUES ($1, 'setting', '{\"key\": \"retention_years\", \"value\": \"1\"}')",
    )
    .bind(Uuid::new_v4())
    .execute(&mut *tx)
    .await;
    assert!(setting.is_err(), "an advisor's role cannot set the team's settings");
    tx.rollback().await.expect("rollback");

    let mut tx = as_role(&pool, "Bernd Kühn").await;
    let secrets = sqlx::query("SELECT password_hash FROM accounts")
        .fetch_all(&mut *tx)
        .await;
    assert!(secrets.is_err(), "an account's role cannot read the password hashes");
}

#[tokio::test]
async fn tls_serves_with_a_certificate_and_plain_http_only_on_loopback() {
    let pg = TestPostgres::start();
    let url = pg.database("team");
    ok(server(&url).arg("migrate"));

    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).expect("certificate");
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).expect("cert");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("key");
    let (cert_arg, key_arg) = (cert.display().to_string(), key.display().to_string());
    let serving = Serving::start(
        &url,
        &["--bind", "127.0.0.1:0", "--tls-cert", &cert_arg, "--tls-key", &key_arg],
    );
    assert!(serving.url.starts_with("https://"), "{}", serving.url);

    // An independent TLS client (curl with the system's TLS library): trusting the certificate it
    // gets the health answer; without it, the certificate is refused; plain HTTP gets nothing.
    let curl = |args: &[&str]| {
        Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"])
            .args(args)
            .output()
            .expect("curl (scripts/setup.sh installs it)")
    };
    let health = format!("{}/health", serving.url);
    let trusted = curl(&["--cacert", &cert_arg, &health]);
    assert_eq!(String::from_utf8_lossy(&trusted.stdout), "200", "{trusted:?}");
    let stranger = curl(&[&health]);
    assert_eq!(
        stranger.status.code(),
        Some(60),
        "an unknown certificate is not trusted: {stranger:?}"
    );
    let plain = curl(&[&health.replacen("https://", "http://", 1)]);
    assert!(
        !plain.status.success() || String::from_utf8_lossy(&plain.stdout) != "200",
        "no plain HTTP on the TLS port"
    );

    let line = refused(server(&url).args(["serve", "--bind", "0.0.0.0:0"]));
    assert!(line.contains("loopback only"), "{line}");
    let line = refused(server(&url).args([
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--tls-cert",
        "/nonexistent.pem",
        "--tls-key",
        "/nonexistent.key",
    ]));
    assert!(line.contains("/nonexistent.pem"), "{line}");
}

#[tokio::test]
async fn the_command_line_says_what_is_wrong_in_one_line() {
    let pg = TestPostgres::start();
    let url = pg.database("team");
    let line = refused(server(&url).args(["user", "list"]));
    assert!(line.contains("database"), "before migrate: {line}");
    ok(server(&url).arg("migrate"));

    let line = refused(
        server(&url)
            .args(["user", "add", "Miriam Albers", "--role", "advisor"])
            .env_remove("BERATUNGSPLANER_SERVER_PASSWORD"),
    );
    assert!(line.contains("BERATUNGSPLANER_SERVER_PASSWORD"), "{line}");
    let line = refused(
        server(&url)
            .args(["user", "add", "Miriam Albers", "--role", "advisor"])
            .env("BERATUNGSPLANER_SERVER_PASSWORD", "kurz"),
    );
    assert!(line.contains("12 characters"), "{line}");
    ok(server(&url).args(["user", "add", "Miriam Albers", "--role", "advisor"]));
    let line = refused(server(&url).args(["user", "add", "Miriam Albers", "--role", "lead"]));
    assert!(line.contains("exists already"), "{line}");
    let line = refused(server(&url).args(["user", "add", "Martin Arndt", "--role", "advisor"]));
    assert!(line.contains("--prefix"), "the initials MA are taken: {line}");
    ok(server(&url).args(["user", "add", "Martin Arndt", "--role", "advisor", "--prefix", "MAR"]));
    let line = refused(server(&url).args(["user", "add", "Eva", "--role", "advisor", "--prefix", "e1"]));
    assert!(line.contains("capital letters"), "{line}");
    let line = refused(server(&url).args(["user", "disable", "Niemand"]));
    assert!(line.contains("no account named"), "{line}");
    let line = refused(server(&url).args(["user", "scope", "Miriam Albers", "--municipality", "Atlantis"]));
    assert!(line.contains("Atlantis"), "{line}");

    let listed: serde_json::Value =
        serde_json::from_str(&ok(server(&url).args(["user", "list", "--json"]))).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    let output = server(&url)
        .env_remove("DATABASE_URL")
        .args(["user", "list"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("DATABASE_URL"));
    let usage = server(&url)
        .args(["user", "add", "X", "--role", "boss"])
        .output()
        .expect("run");
    assert_eq!(usage.status.code(), Some(2), "bad usage");
}

async fn push(http: &reqwest::Client, base: &str, token: &str, operations: &[Operation]) -> Vec<Outcome> {
    let response = http
        .post(format!("{base}/v1/push"))
        .bearer_auth(token)
        .json(&json!({ "operations": operations }))
        .send()
        .await
        .expect("push request");
    assert_eq!(response.status(), 200);
    let pushed: Pushed = response.json().await.expect("push answer");
    assert_eq!(pushed.results.len(), operations.len());
    for (result, operation) in pushed.results.iter().zip(operations) {
        assert_eq!(result.operation, operation.id);
    }
    pushed.results.into_iter().map(|r| r.outcome).collect()
}

async fn pull(http: &reqwest::Client, base: &str, token: &str, after: i64) -> Changes {
    http.get(format!("{base}/v1/changes?after={after}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("pull")
        .json()
        .await
        .expect("changes")
}

fn operation(record: Uuid, municipality: Option<Uuid>, fields: &[(&str, i64, &str)]) -> Operation {
    Operation {
        id: Uuid::new_v4(),
        record,
        kind: "case".into(),
        municipality,
        case: Some(record),
        fields: fields
            .iter()
            .map(|(field, base, value)| FieldChange {
                field: (*field).into(),
                base: *base,
                value: json!(value),
            })
            .collect(),
        delete: false,
    }
}

fn record(changes: &Changes, id: Uuid) -> &Change {
    changes
        .changes
        .iter()
        .find(|c| c.id == id)
        .expect("the record in the pull")
}

#[tokio::test]
async fn pushes_merge_field_by_field_conflicts_wait_for_the_advisor_and_replays_change_nothing() {
    let team = Team::start(&[
        ("Miriam Albers", "advisor", Some("Oberstedt")),
        ("Bernd Kühn", "advisor", Some("Nordstadt")),
        ("Jonas Weber", "lead", None),
    ])
    .await;
    let (http, base, pool) = (team.http.clone(), team.base().to_owned(), team.pool.clone());
    let (oberstedt, nordstadt) = (team.oberstedt, team.nordstadt);
    let miriam = team.token("Miriam Albers").await;
    let bernd = team.token("Bernd Kühn").await;
    let jonas = team.token("Jonas Weber").await;

    // A new case, and the same push replayed: one record, one change.
    let case = Uuid::new_v4();
    let created = operation(
        case,
        Some(oberstedt),
        &[
            ("reference", 0, "BF-2026-MA-0001"),
            ("title", 0, "Spielplatz"),
            ("summary", 0, "alt"),
        ],
    );
    let first = push(&http, &base, &miriam, std::slice::from_ref(&created)).await;
    let Outcome::Applied { seq, .. } = first[0] else {
        panic!("{first:?}")
    };
    assert_eq!(
        push(&http, &base, &miriam, std::slice::from_ref(&created)).await,
        first,
        "a replay gets the same answer"
    );
    let seen = pull(&http, &base, &jonas, 0).await;
    assert_eq!(seen.changes.iter().filter(|c| c.id == case).count(), 1);
    assert_eq!(
        pull(&http, &base, &jonas, seq).await.changes,
        Vec::new(),
        "the replay changed nothing"
    );

    // Both change the summary from version 1: the later one gets a conflict with the server's value;
    // the field only they changed is taken.
    let by_jonas = push(
        &http,
        &base,
        &jonas,
        &[operation(case, None, &[("summary", 1, "von Jonas")])],
    )
    .await;
    assert!(matches!(by_jonas[0], Outcome::Applied { .. }), "{by_jonas:?}");
    let by_miriam = push(
        &http,
        &base,
        &miriam,
        &[operation(
            case,
            None,
            &[("summary", 1, "von Miriam"), ("next_step", 0, "Termin")],
        )],
    )
    .await;
    let Outcome::Conflicts { conflicts, .. } = &by_miriam[0] else {
        panic!("{by_miriam:?}")
    };
    assert_eq!(
        conflicts,
        &[FieldConflict {
            field: "summary".into(),
            server_value: json!("von Jonas"),
            server_version: 2,
        }]
    );
    let fields = record(&pull(&http, &base, &miriam, 0).await, case)
        .fields
        .clone()
        .expect("fields");
    assert_eq!(
        (fields["summary"].as_str(), fields["next_step"].as_str()),
        (Some("von Jonas"), Some("Termin"))
    );

    // Miriam decides for her value, naming the version she was shown; both then agree.
    let decided = push(
        &http,
        &base,
        &miriam,
        &[operation(case, None, &[("summary", 2, "von Miriam")])],
    )
    .await;
    let Outcome::Applied {
        seq: decided_seq,
        versions: ref decided_versions,
    } = decided[0]
    else {
        panic!("{decided:?}")
    };
    assert_eq!(
        decided_versions.get("summary"),
        Some(&3),
        "the decision is the summary's third version"
    );
    for token in [&miriam, &jonas] {
        let fields = record(&pull(&http, &base, token, 0).await, case)
            .fields
            .clone()
            .expect("fields");
        assert_eq!(fields["summary"], json!("von Miriam"));
    }
    // The same value from a stale base is no conflict, and no change.
    let same = push(
        &http,
        &base,
        &jonas,
        &[operation(case, None, &[("summary", 1, "von Miriam")])],
    )
    .await;
    assert!(
        matches!(&same[0], Outcome::Applied { seq, .. } if *seq == decided_seq),
        "{same:?}"
    );

    // Out of scope, whatever the operation claims: Bernd's Kommune is Nordstadt.
    let refused = push(
        &http,
        &base,
        &bernd,
        &[
            operation(case, Some(nordstadt), &[("summary", 3, "von Bernd")]),
            operation(Uuid::new_v4(), Some(oberstedt), &[("title", 0, "Fremd")]),
            operation(Uuid::new_v4(), None, &[("title", 0, "Ohne Kommune")]),
        ],
    )
    .await;
    assert!(
        refused.iter().all(|o| *o
            == Outcome::Refused {
                reason: Refusal::OutOfScope
            }),
        "{refused:?}"
    );
    let fields = record(&pull(&http, &base, &jonas, 0).await, case)
        .fields
        .clone()
        .expect("fields");
    assert_eq!(fields["summary"], json!("von Miriam"), "nothing of Bernd's arrived");

    // Deleted: a tombstone without fields; changing it is refused, and so is another kind.
    let mut deletion = operation(case, None, &[]);
    deletion.delete = true;
    assert!(matches!(
        push(&http, &base, &miriam, &[deletion]).await[0],
        Outcome::Applied { .. }
    ));
    assert_eq!(record(&pull(&http, &base, &jonas, 0).await, case).fields, None);
    let late = push(
        &http,
        &base,
        &jonas,
        &[operation(case, None, &[("summary", 3, "zu spät")])],
    )
    .await;
    assert_eq!(
        late[0],
        Outcome::Refused {
            reason: Refusal::Deleted
        }
    );
    let mut booking = operation(case, None, &[("status", 0, "booked")]);
    booking.kind = "booking".into();
    assert_eq!(
        push(&http, &base, &jonas, &[booking]).await[0],
        Outcome::Refused {
            reason: Refusal::WrongKind
        }
    );
    let stored: Option<serde_json::Value> = sqlx::query_scalar("SELECT fields FROM records WHERE id = $1")
        .bind(case)
        .fetch_one(&pool)
        .await
        .expect("the tombstone");
    assert_eq!(stored, None, "a tombstone keeps no field on the server either");
}

fn booking(record: Uuid, municipality: Uuid, series: Uuid, status: &str) -> Operation {
    Operation {
        id: Uuid::new_v4(),
        record,
        kind: "booking".into(),
        municipality: Some(municipality),
        case: None,
        fields: vec![
            FieldChange {
                field: "series_id".into(),
                base: 0,
                value: json!(series),
            },
            FieldChange {
                field: "occurrence_start".into(),
                base: 0,
                value: json!("2026-12-10T09:00:00Z"),
            },
            FieldChange {
                field: "position".into(),
                base: 0,
                value: json!(0),
            },
            FieldChange {
                field: "status".into(),
                base: 0,
                value: json!(status),
            },
        ],
        delete: false,
    }
}

/// Two advisors book the same slot offline: exactly one is confirmed, the other is told why; once
/// the first is cancelled, the slot can be booked again.
#[tokio::test]
async fn one_booking_per_slot_whoever_pushes_second() {
    let team = Team::start(&[
        ("Miriam Albers", "advisor", Some("Oberstedt")),
        ("Jonas Weber", "lead", None),
    ])
    .await;
    let (http, base, pool, oberstedt) = (
        team.http.clone(),
        team.base().to_owned(),
        team.pool.clone(),
        team.oberstedt,
    );
    let miriam = team.token("Miriam Albers").await;
    let jonas = team.token("Jonas Weber").await;
    let series = Uuid::new_v4();

    let (hers, his) = (Uuid::new_v4(), Uuid::new_v4());
    let first = push(&http, &base, &miriam, &[booking(hers, oberstedt, series, "booked")]).await;
    assert!(matches!(first[0], Outcome::Applied { .. }), "{first:?}");
    let second = push(&http, &base, &jonas, &[booking(his, oberstedt, series, "booked")]).await;
    assert_eq!(
        second[0],
        Outcome::Refused {
            reason: Refusal::SlotTaken
        }
    );
    let held: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE kind = 'booking' AND fields IS NOT NULL")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(held, 1);

    let cancel = Operation {
        id: Uuid::new_v4(),
        fields: vec![FieldChange {
            field: "status".into(),
            base: 1,
            value: json!("cancelled"),
        }],
        ..booking(hers, oberstedt, series, "cancelled")
    };
    assert!(matches!(
        push(&http, &base, &miriam, &[cancel]).await[0],
        Outcome::Applied { .. }
    ));
    let again = push(&http, &base, &jonas, &[booking(his, oberstedt, series, "booked")]).await;
    assert!(matches!(again[0], Outcome::Applied { .. }), "{again:?}");

    // A booking that must be rebooked holds no slot: the app sends a refused one back so.
    let displaced = push(
        &http,
        &base,
        &miriam,
        &[booking(Uuid::new_v4(), oberstedt, series, "needs_rebooking")],
    )
    .await;
    assert!(matches!(displaced[0], Outcome::Applied { .. }), "{displaced:?}");
}

/// The team's settings are a lead's: an advisor's change is refused, a lead's reaches everyone.
#[tokio::test]
async fn team_settings_are_set_by_a_lead_and_read_by_everyone() {
    let team = Team::start(&[
        ("Miriam Albers", "advisor", Some("Oberstedt")),
        ("Jonas Weber", "lead", None),
    ])
    .await;
    let (http, base) = (team.http.clone(), team.base().to_owned());
    let miriam = team.token("Miriam Albers").await;
    let jonas = team.token("Jonas Weber").await;
    let setting = |value: &str| Operation {
        kind: "setting".into(),
        case: None,
        fields: vec![
            FieldChange {
                field: "key".into(),
                base: 0,
                value: json!("retention_years"),
            },
            FieldChange {
                field: "value".into(),
                base: 0,
                value: json!(value),
            },
        ],
        ..operation(Uuid::new_v4(), None, &[])
    };
    assert_eq!(
        push(&http, &base, &miriam, &[setting("1")]).await[0],
        Outcome::Refused {
            reason: Refusal::LeadOnly
        }
    );
    let by_lead = setting("10");
    assert!(matches!(
        push(&http, &base, &jonas, std::slice::from_ref(&by_lead)).await[0],
        Outcome::Applied { .. }
    ));
    let seen = pull(&http, &base, &miriam, 0).await;
    assert_eq!(
        record(&seen, by_lead.record)
            .fields
            .as_ref()
            .map(|f| f["value"].clone()),
        Some(json!("10")),
        "the advisor reads the team's setting"
    );
}

/// A generic operation on a record of `kind` with text fields, all new.
fn new_record(kind: &str, municipality: Option<Uuid>, case: Option<Uuid>, fields: &[(&str, Value)]) -> Operation {
    Operation {
        id: Uuid::new_v4(),
        record: Uuid::new_v4(),
        kind: kind.into(),
        municipality,
        case,
        fields: fields
            .iter()
            .map(|(field, value)| FieldChange {
                field: (*field).into(),
                base: 0,
                value: value.clone(),
            })
            .collect(),
        delete: false,
    }
}

fn sees(changes: &Changes, id: Uuid) -> bool {
    changes.changes.iter().any(|c| c.id == id && c.fields.is_some())
}

/// Contacts are seen through the cases naming them: Bernd (Nordstadt) sees no one of Oberstedt's
/// case, until a Nordstadt case names the person; a contact he enters himself is his; an
/// erasure's tombstone reaches him; and he cannot change a contact he does not see.
#[tokio::test]
async fn a_contact_is_seen_through_the_cases_naming_it() {
    let team = Team::start(&[
        ("Miriam Albers", "advisor", Some("Oberstedt")),
        ("Bernd Kühn", "advisor", Some("Nordstadt")),
        ("Jonas Weber", "lead", None),
    ])
    .await;
    let (http, base) = (team.http.clone(), team.base().to_owned());
    let miriam = team.token("Miriam Albers").await;
    let bernd = team.token("Bernd Kühn").await;
    let jonas = team.token("Jonas Weber").await;
    let case_of = |municipality: Uuid| {
        let pool = team.pool.clone();
        async move {
            sqlx::query_scalar::<_, Uuid>("SELECT id FROM records WHERE kind = 'case' AND municipality = $1")
                .bind(municipality)
                .fetch_one(&pool)
                .await
                .expect("case")
        }
    };
    let (in_oberstedt, in_nordstadt) = (case_of(team.oberstedt).await, case_of(team.nordstadt).await);

    let person = new_record("contact", None, None, &[("name", json!("Petra Schulz"))]);
    let role = new_record(
        "participant",
        Some(team.oberstedt),
        Some(in_oberstedt),
        &[
            ("case_id", json!(in_oberstedt)),
            ("contact_id", json!(person.record)),
            ("role", json!("Quartiersmanagement")),
        ],
    );
    let own = new_record("contact", None, None, &[("name", json!("Karl Brandt"))]);
    // An organisation is the whole team's; Petra's membership of it is seen as Petra is.
    let organisation = new_record(
        "contact",
        None,
        None,
        &[("kind", json!("organisation")), ("name", json!("Diakonie Oberstedt"))],
    );
    let membership = new_record(
        "membership",
        None,
        None,
        &[
            ("person_id", json!(person.record)),
            ("organisation_id", json!(organisation.record)),
            ("role", json!("Referentin")),
        ],
    );
    for outcome in push(
        &http,
        &base,
        &miriam,
        &[person.clone(), role, organisation.clone(), membership.clone()],
    )
    .await
    {
        assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    }
    assert!(matches!(
        push(&http, &base, &bernd, std::slice::from_ref(&own)).await[0],
        Outcome::Applied { .. }
    ));

    let seen = pull(&http, &base, &bernd, 0).await;
    assert!(
        !sees(&seen, person.record),
        "Oberstedt's contact stays hidden from Bernd"
    );
    assert!(sees(&seen, own.record), "his own contact, on no case yet");
    assert!(sees(&seen, organisation.record), "an organisation is everyone's");
    assert!(
        !sees(&seen, membership.record),
        "Petra's membership is hidden as she is"
    );
    assert!(
        !sees(&pull(&http, &base, &miriam, 0).await, own.record),
        "and hidden from Miriam"
    );
    let mut tx = as_role(&team.pool, "Bernd Kühn").await;
    let hidden: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE id = $1")
        .bind(person.record)
        .fetch_one(&mut *tx)
        .await
        .expect("count as Bernd");
    assert_eq!(hidden, 0, "row-level security hides the contact from Bernd's role too");
    let hidden: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE id = $1")
        .bind(membership.record)
        .fetch_one(&mut *tx)
        .await
        .expect("count as Bernd");
    assert_eq!(hidden, 0, "and her membership");
    tx.rollback().await.expect("rollback");
    let rename = Operation {
        id: Uuid::new_v4(),
        fields: vec![FieldChange {
            field: "name".into(),
            base: 1,
            value: json!("Petra S."),
        }],
        ..person.clone()
    };
    assert_eq!(
        push(&http, &base, &bernd, &[rename]).await[0],
        Outcome::Refused {
            reason: Refusal::OutOfScope
        }
    );

    // A Nordstadt case names her: she enters Bernd's feed, after his cursor.
    let cursor = seen.cursor;
    let in_his_case = new_record(
        "participant",
        Some(team.nordstadt),
        Some(in_nordstadt),
        &[
            ("case_id", json!(in_nordstadt)),
            ("contact_id", json!(person.record)),
            ("role", json!("Beirat")),
        ],
    );
    assert_eq!(
        push(&http, &base, &miriam, std::slice::from_ref(&in_his_case)).await[0],
        Outcome::Refused {
            reason: Refusal::OutOfScope
        },
        "not Miriam's Kommune"
    );
    let by_lead = Operation {
        id: Uuid::new_v4(),
        ..in_his_case
    };
    assert!(matches!(
        push(&http, &base, &jonas, &[by_lead]).await[0],
        Outcome::Applied { .. }
    ));
    let news = pull(&http, &base, &bernd, cursor).await;
    assert!(sees(&news, person.record), "named in his case, she is his to see");
    assert!(sees(&news, membership.record), "and her membership comes with her");

    // Erased: the tombstone reaches everyone.
    let erase = Operation {
        id: Uuid::new_v4(),
        fields: Vec::new(),
        delete: true,
        ..own.clone()
    };
    assert!(matches!(
        push(&http, &base, &bernd, &[erase]).await[0],
        Outcome::Applied { .. }
    ));
    let tombstones = pull(&http, &base, &miriam, 0).await;
    assert!(
        tombstones
            .changes
            .iter()
            .any(|c| c.id == own.record && c.fields.is_none()),
        "an erasure's tombstone reaches an advisor who never saw the person"
    );
}

/// The server killed with SIGKILL in the middle of a push's transaction: nothing of it stays, and
/// the same push replayed to a new server process applies every operation exactly once.
#[tokio::test]
async fn a_push_cut_by_sigkill_leaves_nothing_and_its_replay_applies_once() {
    let mut team = Team::start(&[("Miriam Albers", "advisor", Some("Oberstedt"))]).await;
    let (http, pool, oberstedt) = (team.http.clone(), team.pool.clone(), team.oberstedt);
    let miriam = team.token("Miriam Albers").await;
    let last = Uuid::new_v4();
    push(
        &http,
        team.base(),
        &miriam,
        &[operation(
            last,
            Some(oberstedt),
            &[("reference", 0, "BF-2026-MA-0999"), ("title", 0, "Alt")],
        )],
    )
    .await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM records")
        .fetch_one(&pool)
        .await
        .expect("count");

    // 200 new cases, then a change to a case whose row this test holds locked: the push writes the
    // 200 in its transaction and waits there.
    let mut operations: Vec<Operation> = (0..200)
        .map(|i| {
            let (reference, title) = (format!("BF-2026-MA-{i:04}"), format!("Fall {i}"));
            operation(
                Uuid::new_v4(),
                Some(oberstedt),
                &[("reference", 0, &reference), ("title", 0, &title)],
            )
        })
        .collect();
    operations.push(operation(last, None, &[("title", 1, "Neu")]));
    let mut holder = pool.begin().await.expect("begin");
    sqlx::query("SELECT id FROM records WHERE id = $1 FOR UPDATE")
        .bind(last)
        .execute(&mut *holder)
        .await
        .expect("lock the row");
    let in_flight = tokio::spawn({
        let (http, url, token, operations) = (http.clone(), team.base().to_owned(), miriam.clone(), operations.clone());
        async move {
            http.post(format!("{url}/v1/push"))
                .bearer_auth(token)
                .json(&json!({ "operations": operations }))
                .send()
                .await
        }
    });
    let mut waiting = false;
    for _ in 0..200 {
        let blocked: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .fetch_one(&pool)
        .await
        .expect("activity");
        if blocked > 0 {
            waiting = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(waiting, "the push reached the locked row");
    team.serving.child.kill().expect("SIGKILL");
    team.serving.child.wait().expect("reaped");
    assert!(
        in_flight.await.expect("task").is_err(),
        "the client saw the connection die"
    );
    holder.rollback().await.expect("release the row");
    // PostgreSQL rolls the dead connection's transaction back once it notices the socket closed.
    let mut after = i64::MAX;
    for _ in 0..100 {
        let busy: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' OR wait_event_type = 'Lock'",
        )
        .fetch_one(&pool)
        .await
        .expect("activity");
        after = sqlx::query_scalar("SELECT count(*) FROM records")
            .fetch_one(&pool)
            .await
            .expect("count");
        if busy == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(after, before, "nothing of the cut push stayed");

    team.serving = Serving::start(&team.url, &["--bind", "127.0.0.1:0"]);
    let first = push(&http, team.base(), &miriam, &operations).await;
    assert!(first.iter().all(|o| matches!(o, Outcome::Applied { .. })), "{first:?}");
    assert_eq!(
        push(&http, team.base(), &miriam, &operations).await,
        first,
        "replayed again: the same answers"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM records")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, before + 200, "each new case once");
    let versions: serde_json::Value = sqlx::query_scalar("SELECT versions FROM records WHERE id = $1")
        .bind(last)
        .fetch_one(&pool)
        .await
        .expect("versions");
    assert_eq!(versions["title"], json!(2), "the change applied once");
}

/// The case workflow and the references are the server's to decide, for every advisor alike.
#[tokio::test]
async fn cases_keep_to_the_workflow_and_to_unique_own_references() {
    let team = Team::start(&[
        ("Miriam Albers", "advisor", Some("Oberstedt")),
        ("Jonas Weber", "lead", None),
    ])
    .await;
    let (http, base, oberstedt) = (team.http.clone(), team.base().to_owned(), team.oberstedt);
    let miriam = team.token("Miriam Albers").await;
    let jonas = team.token("Jonas Weber").await;

    let case = Uuid::new_v4();
    let new_case = |reference: &str| {
        operation(
            Uuid::new_v4(),
            Some(oberstedt),
            &[("reference", 0, reference), ("status", 0, "new")],
        )
    };
    let created = push(
        &http,
        &base,
        &miriam,
        &[operation(
            case,
            Some(oberstedt),
            &[("reference", 0, "BF-2026-MA-0001"), ("status", 0, "new")],
        )],
    )
    .await;
    assert!(matches!(created[0], Outcome::Applied { .. }), "{created:?}");
    let refused = |reason| Outcome::Refused { reason };
    let answers = push(
        &http,
        &base,
        &miriam,
        &[
            new_case("BF-2026-MA-0001"),
            new_case("BF-2026-JW-0002"),
            new_case("BF-2026-0003"),
            operation(Uuid::new_v4(), Some(oberstedt), &[("status", 0, "new")]),
            operation(case, None, &[("status", 1, "closed")]),
            operation(case, None, &[("reference", 1, "BF-2026-MA-0004")]),
        ],
    )
    .await;
    assert_eq!(
        answers,
        [
            refused(Refusal::ReferenceTaken),
            refused(Refusal::WrongReference),
            refused(Refusal::WrongReference),
            refused(Refusal::WrongReference),
            refused(Refusal::InvalidTransition),
            refused(Refusal::WrongReference),
        ]
    );
    // Along the workflow, by anyone in scope: taken.
    for (base_version, status, token) in [(1, "active", &miriam), (2, "closed", &jonas), (3, "active", &miriam)] {
        let moved = push(
            &http,
            &base,
            token,
            &[operation(case, None, &[("status", base_version, status)])],
        )
        .await;
        assert!(matches!(moved[0], Outcome::Applied { .. }), "{status}: {moved:?}");
    }
}
