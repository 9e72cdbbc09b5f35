//! The team server under load, on loopback (a bench binary: it drives the real server process over
//! HTTP against a throw-away PostgreSQL). `cargo bench -p beratungsplaner-server --bench team_sync`.
//!
//! A team of 50 advisors (each with one of 50 Kommunen) and a lead, 10,000 cases, 100,000
//! journal entries and 10,000 people, each named in one case (so an advisor's feed decides every
//! contact through the cases naming it), on the server. Measured: one change pushed by one advisor until another
//! client (the lead) has pulled it; 50 advisors syncing at once (push one change, pull what is
//! new), 20 rounds each, p50 and p99 per sync; an advisor's first pull of their scope; a sync
//! with nothing new: its requests and the WAL PostgreSQL wrote for it; the app's first sync of the
//! whole team into an empty database.

#[path = "../tests/support/binary.rs"]
mod binary;
#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use beratungsplaner_core::domain::TeamProgress;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::Planner;
use beratungsplaner_team_protocol::{Changes, FieldChange, LoginResponse, Operation, Outcome, Pushed};
use binary::{server, PASSWORD};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

const ADVISORS: usize = 50;
const ROUNDS: usize = 20;
const CASES: i64 = 10_000;
const JOURNAL: i64 = 100_000;

fn run(command: &mut Command) {
    let status = command.stdout(Stdio::null()).status().expect("run the server binary");
    assert!(status.success(), "{command:?}");
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
    cursor: i64,
}

impl Client {
    async fn sign_in(http: &reqwest::Client, base: &str, user: &str) -> Self {
        let answer: LoginResponse = http
            .post(format!("{base}/v1/login"))
            .json(&json!({"user": user, "password": PASSWORD, "device": "bench"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login answer");
        Self {
            http: http.clone(),
            base: base.to_owned(),
            token: answer.token,
            cursor: 0,
        }
    }

    /// Pulls every page after the cursor; returns how many changes came.
    async fn pull(&mut self) -> usize {
        let mut count = 0;
        loop {
            let changes: Changes = self
                .http
                .get(format!("{}/v1/changes?after={}", self.base, self.cursor))
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("pull")
                .json()
                .await
                .expect("changes");
            count += changes.changes.len();
            self.cursor = changes.cursor;
            if !changes.more {
                return count;
            }
        }
    }

    async fn push(&self, operation: Operation) {
        let pushed: Pushed = self
            .http
            .post(format!("{}/v1/push", self.base))
            .bearer_auth(&self.token)
            .json(&json!({ "operations": [operation] }))
            .send()
            .await
            .expect("push")
            .json()
            .await
            .expect("push answer");
        assert!(
            matches!(pushed.results.as_slice(), [r] if matches!(r.outcome, Outcome::Applied { .. })),
            "{pushed:?}"
        );
    }
}

/// A summary change to a case, based on the version the client last saw (the bench's own count).
fn change(case: Uuid, base: i64, text: String) -> Operation {
    Operation {
        id: Uuid::new_v4(),
        record: case,
        kind: "case".into(),
        municipality: None,
        case: Some(case),
        fields: vec![FieldChange {
            field: "summary".into(),
            base,
            value: json!(text),
        }],
        delete: false,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let pg = postgres::TestPostgres::start();
    let url = pg.database("team");
    run(server(&url).arg("migrate"));
    let pool = PgPool::connect(&url).await.expect("pool");

    // 50 Kommunen, 10,000 cases spread over them, 100,000 journal entries over the cases, a person
    // in a role on every case.
    // The records as the app writes them, every field present, so that the app's first sync below
    // applies them as it would a real team's.
    sqlx::raw_sql(&format!(
        "INSERT INTO records (id, kind, municipality, fields)
         SELECT md5('m' || i)::uuid, 'municipality', md5('m' || i)::uuid,
                jsonb_build_object('name', 'Kommune ' || i, 'state', 'HE', 'ags', NULL,
                                   'created_at', '2026-01-05T08:00:00.000Z')
           FROM generate_series(1, {ADVISORS}) i;
         INSERT INTO records (id, kind, municipality, case_id, fields, versions)
         SELECT md5('c' || i)::uuid, 'case', md5('m' || (i % {ADVISORS} + 1))::uuid, md5('c' || i)::uuid,
                jsonb_build_object('reference', 'BF-2026-TL-' || lpad(i::text, 5, '0'), 'title', 'Fall ' || i,
                                   'status', 'active', 'summary', 'Quartiersentwicklung mit Beteiligung ' || i,
                                   'priority', 'normal', 'municipality_id', md5('m' || (i % {ADVISORS} + 1))::uuid,
                                   'neighbourhood_id', NULL, 'advisor', 'Beraterin ' || (i % {ADVISORS} + 1),
                                   'opened_on', '2026-01-15', 'closed_on', NULL, 'next_step', NULL,
                                   'next_step_due', NULL, 'print_profile', NULL, 'anonymised_on', NULL,
                                   'created_at', '2026-01-15T09:00:00.000Z', 'topics', '[]'::jsonb),
                '{{\"reference\": 1, \"title\": 1, \"status\": 1, \"summary\": 1}}'
           FROM generate_series(1, {CASES}) i;
         INSERT INTO records (id, kind, municipality, case_id, fields)
         SELECT md5('j' || i)::uuid, 'journal_entry', md5('m' || (i % {CASES} % {ADVISORS} + 1))::uuid,
                md5('c' || (i % {CASES} + 1))::uuid,
                jsonb_build_object('text', 'Telefonat zum Antrag, Rückmeldung bis Freitag ' || i, 'kind', 'call',
                                   'case_id', md5('c' || (i % {CASES} + 1))::uuid, 'occurred_on', '2026-03-02',
                                   'author', 'Beraterin', 'internal', 0,
                                   'created_at', '2026-03-02T10:00:00.000Z')
           FROM generate_series(1, {JOURNAL}) i;
         INSERT INTO records (id, kind, fields)
         SELECT md5('p' || i)::uuid, 'contact',
                jsonb_build_object('kind', 'person', 'name', 'Person ' || i, 'organisation', 'Stadtteilbüro',
                                   'organisation_type', NULL, 'email', 'person' || i || '@example.org',
                                   'phone', NULL, 'created_at', '2026-01-15T09:00:00.000Z')
           FROM generate_series(1, {CASES}) i;
         INSERT INTO records (id, kind, municipality, case_id, fields)
         SELECT md5('r' || i)::uuid, 'participant', md5('m' || (i % {ADVISORS} + 1))::uuid, md5('c' || i)::uuid,
                jsonb_build_object('case_id', md5('c' || i)::uuid, 'contact_id', md5('p' || i)::uuid,
                                   'role', 'Quartiersmanagement', 'from_on', '2026-01-15', 'until_on', NULL)
           FROM generate_series(1, {CASES}) i;
         INSERT INTO contact_links (via, contact, municipality, case_id)
         SELECT md5('r' || i)::uuid, md5('p' || i)::uuid, md5('m' || (i % {ADVISORS} + 1))::uuid, md5('c' || i)::uuid
           FROM generate_series(1, {CASES}) i;
         ANALYZE records;
         ANALYZE contact_links;"
    ))
    .execute(&pool)
    .await
    .expect("seed");
    for i in 1..=ADVISORS {
        let name = format!("Beraterin {i}");
        let prefix: String = format!("{:02}", i)
            .chars()
            .map(|c| (b'A' + (c as u8 - b'0')) as char)
            .collect();
        run(server(&url).args([
            "user",
            "add",
            &name,
            "--role",
            "advisor",
            "--prefix",
            &format!("B{prefix}"),
        ]));
        run(server(&url).args(["user", "scope", &name, "--municipality", &format!("Kommune {i}")]));
    }
    run(server(&url).args(["user", "add", "Teamleitung", "--role", "lead", "--prefix", "TL"]));

    let mut child = server(&url)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("listening");
    let base = line.trim().trim_start_matches("listening on ").to_owned();
    let http = reqwest::Client::new();

    // Case number c belongs to Kommune c % 50 + 1: advisor k's own case is number k - 1 (50 for k = 1).
    let mut cases = Vec::new();
    for k in 1..=ADVISORS {
        let number = if k == 1 { ADVISORS } else { k - 1 };
        let id: Uuid = sqlx::query_scalar("SELECT md5('c' || $1)::uuid")
            .bind(number.to_string())
            .fetch_one(&pool)
            .await
            .expect("case id");
        cases.push(id);
    }
    let case_of = |k: usize| cases[k - 1];

    let mut lead = Client::sign_in(&http, &base, "Teamleitung").await;
    let start = Instant::now();
    let pulled = lead.pull().await;
    println!(
        "first pull of the whole team by the lead: {pulled} records in {}",
        ms(start.elapsed())
    );

    // One change by an advisor until the lead has it.
    let mut latencies = Vec::new();
    let advisor = Client::sign_in(&http, &base, "Beraterin 1").await;
    for round in 0..20 {
        let start = Instant::now();
        advisor
            .push(change(case_of(1), 1 + round, format!("Stand {round}")))
            .await;
        let got = lead.pull().await;
        latencies.push(start.elapsed());
        assert_eq!(got, 1, "the lead pulls exactly the change");
    }
    latencies.sort();
    println!(
        "one change pushed and pulled by another client (20 times): median {}",
        ms(percentile(&latencies, 0.5))
    );

    // A sync with nothing new: one request, no WAL written.
    let wal_before: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
        .fetch_one(&pool)
        .await
        .expect("lsn");
    let start = Instant::now();
    let nothing = lead.pull().await;
    let took = start.elapsed();
    let wal_after: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
        .fetch_one(&pool)
        .await
        .expect("lsn");
    let written: i64 = sqlx::query_scalar("SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint")
        .bind(&wal_after)
        .bind(&wal_before)
        .fetch_one(&pool)
        .await
        .expect("diff");
    assert_eq!(nothing, 0);
    println!(
        "a sync with nothing new: 1 request, {written} bytes of WAL written, {}",
        ms(took)
    );

    // 50 advisors at once, 20 rounds each: push one change to their case, pull what is new.
    let mut clients = Vec::new();
    let mut first_pulls = Vec::new();
    let mut scope_size = 0;
    for i in 1..=ADVISORS {
        let mut client = Client::sign_in(&http, &base, &format!("Beraterin {i}")).await;
        let start = Instant::now();
        scope_size = client.pull().await;
        first_pulls.push(start.elapsed());
        clients.push((i, client));
    }
    first_pulls.sort();
    println!(
        "an advisor's first pull of their scope (the people decided through their cases): {scope_size} records, \
         median of {ADVISORS} {}",
        ms(percentile(&first_pulls, 0.5))
    );
    let start = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|(i, mut client)| {
            let case = case_of(i);
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(ROUNDS);
                for round in 0..ROUNDS {
                    // Advisor 1's case took 20 changes above.
                    let base_version = if i == 1 { 21 } else { 1 } + round as i64;
                    let start = Instant::now();
                    client.push(change(case, base_version, format!("Runde {round}"))).await;
                    client.pull().await;
                    times.push(start.elapsed());
                }
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await.expect("advisor"));
    }
    let wall = start.elapsed();
    times.sort();
    println!(
        "{ADVISORS} advisors syncing at once, {ROUNDS} rounds each ({} syncs in {}): p50 {}, p99 {}, max {}",
        times.len(),
        ms(wall),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times[times.len() - 1])
    );

    // The app's first sync into an empty, encrypted database: every record of the team, pulled,
    // staged and applied as the window's "Verbinden" does it.
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(
        &dir.path().join("beratungsplaner.db"),
        &DatabaseKey::from_bytes([7; 32]),
    )
    .await
    .expect("the app's database");
    let (_, token) = planner
        .join_team(&base, "Teamleitung", PASSWORD, "bench")
        .await
        .expect("join");
    let start = Instant::now();
    let mut applying_from = None;
    let report = planner
        .sync_team(&token, |progress| {
            if matches!(progress, TeamProgress::Applying { .. }) {
                applying_from.get_or_insert_with(Instant::now);
            }
        })
        .await
        .expect("first sync");
    let took = start.elapsed();
    let staged = applying_from.map_or(took, |at| at - start);
    let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(planner.store().pool())
        .await
        .expect("cases");
    let journal: i64 = sqlx::query_scalar("SELECT count(*) FROM journal_entries")
        .fetch_one(planner.store().pool())
        .await
        .expect("journal");
    let people: i64 = sqlx::query_scalar("SELECT count(*) FROM case_contacts")
        .fetch_one(planner.store().pool())
        .await
        .expect("people");
    assert_eq!((cases, journal, people), (CASES, JOURNAL, CASES), "{report:?}");
    println!(
        "the app's first sync into an empty database: {} records ({cases} cases, {journal} journal entries, \
         {people} people in their roles) in {} (pulled and staged in {}, applied in {})",
        report.pulled,
        ms(took),
        ms(staged),
        ms(took - staged)
    );
    planner.close().await;
    let _ = child.kill();
    let _ = child.wait();
}
