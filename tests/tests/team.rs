//! The team sync from end to end: a real PostgreSQL (the Debian package's, on loopback), the real
//! server binary, and two or three advisors' app databases (SQLCipher files, through the Planner
//! as the window and the command line use it). After every scenario each copy is compared with the
//! server's records.

use beratungsplaner_core::domain::{
    AppointmentInput, AppointmentKind, BookingInput, BookingStatus, CalendarQuery, CaseDetail, CaseFilter, CaseInput,
    ContactInput, ContactKind, ExceptionKind, JournalInput, JournalKind, Municipality, MunicipalityInput,
    ParticipantInput, Priority, RecurrenceKind, SeriesException, SeriesInput, Slot, SlotStatus, TeamDecision,
};
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::Planner;
use beratungsplaner_tests::team_server::{TeamServer, PASSWORD};
use sqlx::PgPool;

/// The team server and a connection to its database, to compare every copy with it.
struct Team {
    server: TeamServer,
    pool: PgPool,
}

impl Team {
    async fn start(accounts: &[(&str, &str)]) -> Self {
        let server = TeamServer::start(accounts);
        let pool = PgPool::connect(&server.database).await.expect("pool");
        Self { server, pool }
    }

    fn url(&self) -> &str {
        self.server.url()
    }

    fn scope(&self, user: &str, municipality: &str) {
        self.server.scope(user, municipality);
    }

    /// The live records of a kind on the server: their fields.
    async fn records(&self, kind: &str) -> Vec<serde_json::Value> {
        sqlx::query_scalar::<_, serde_json::Value>(
            "SELECT fields FROM records WHERE kind = $1 AND fields IS NOT NULL ORDER BY fields->>'reference', fields->>'text'",
        )
        .bind(kind)
        .fetch_all(&self.pool)
        .await
        .expect("records")
    }
}

/// An advisor's laptop: an encrypted database file and the device token of its account.
struct Advisor {
    planner: Planner,
    token: String,
    _dir: tempfile::TempDir,
}

impl Advisor {
    async fn join(team: &Team, user: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let planner = Planner::open(
            &dir.path().join("beratungsplaner.db"),
            &DatabaseKey::from_bytes([7; 32]),
        )
        .await
        .expect("open");
        let (_, token) = planner
            .join_team(team.url(), user, PASSWORD, "Testlaptop")
            .await
            .expect("join");
        Self {
            planner,
            token,
            _dir: dir,
        }
    }

    /// A new Kommune and a case there.
    async fn kommune_with_case(&self, name: &str, state: &str, title: &str) -> (Municipality, CaseDetail) {
        let municipality = self
            .planner
            .create_municipality(MunicipalityInput {
                name: name.into(),
                state: state.into(),
                ags: None,
            })
            .await
            .expect("municipality");
        let case = self
            .planner
            .create_case(case_input(municipality.id, title))
            .await
            .expect("case");
        (municipality, case)
    }

    async fn sync(&self) -> beratungsplaner_core::domain::TeamSyncReport {
        self.planner.sync_team(&self.token, |_| {}).await.expect("sync")
    }

    /// Every case as (reference, title, summary, next step) and every journal text, sorted.
    async fn cases(&self) -> Vec<(String, String, String, Option<String>)> {
        let mut cases: Vec<(String, String, String, Option<String>)> =
            sqlx::query_as("SELECT reference, title, summary, next_step FROM cases ORDER BY reference")
                .fetch_all(self.planner.store().pool())
                .await
                .expect("cases");
        cases.sort();
        cases
    }

    async fn journal(&self) -> Vec<(String, String)> {
        sqlx::query_as(
            "SELECT c.reference, j.text FROM journal_entries j JOIN cases c ON c.id = j.case_id ORDER BY 1, 2",
        )
        .fetch_all(self.planner.store().pool())
        .await
        .expect("journal")
    }

    /// A new person in a role on the case.
    async fn name_in_case(&self, case_id: i64, name: &str, role: &str) {
        self.planner
            .add_participant(
                case_id,
                ParticipantInput {
                    contact_id: None,
                    new_contact: Some(ContactInput {
                        kind: ContactKind::Person,
                        name: name.into(),
                        organisation: Some("Stadtteilbüro".into()),
                        organisation_type: None,
                        email: Some("kontakt@example.org".into()),
                        phone: None,
                    }),
                    role: role.into(),
                    from_on: None,
                },
            )
            .await
            .expect("participant");
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(self.planner.store().pool())
            .await
            .expect("count")
    }
}

/// The server's cases in the same shape as [`Advisor::cases`].
async fn server_cases(team: &Team) -> Vec<(String, String, String, Option<String>)> {
    let mut cases: Vec<(String, String, String, Option<String>)> = team
        .records("case")
        .await
        .into_iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (
                text("reference"),
                text("title"),
                text("summary"),
                f["next_step"].as_str().map(str::to_owned),
            )
        })
        .collect();
    cases.sort();
    cases
}

async fn server_journal(team: &Team) -> Vec<(String, String)> {
    let cases = team.records("case").await;
    let references: std::collections::HashMap<String, String> = sqlx::query_as::<_, (String, serde_json::Value)>(
        "SELECT id::text, fields FROM records WHERE kind = 'case' AND fields IS NOT NULL",
    )
    .fetch_all(&team.pool)
    .await
    .expect("cases")
    .into_iter()
    .map(|(id, f)| (id, f["reference"].as_str().unwrap_or_default().to_owned()))
    .collect();
    assert_eq!(references.len(), cases.len());
    let mut journal: Vec<(String, String)> = team
        .records("journal_entry")
        .await
        .into_iter()
        .map(|f| {
            let case = f["case_id"].as_str().unwrap_or_default();
            (
                references.get(case).cloned().unwrap_or_default(),
                f["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    journal.sort();
    journal
}

async fn assert_converged(team: &Team, advisors: &[&Advisor]) {
    let cases = server_cases(team).await;
    let journal = server_journal(team).await;
    for (i, advisor) in advisors.iter().enumerate() {
        assert_eq!(advisor.cases().await, cases, "advisor {i}'s cases");
        assert_eq!(advisor.journal().await, journal, "advisor {i}'s journal");
    }
}

fn case_input(municipality_id: i64, title: &str) -> CaseInput {
    CaseInput {
        title: title.into(),
        summary: "Erstgespräch geführt".into(),
        priority: Priority::Normal,
        municipality_id: Some(municipality_id),
        neighbourhood_id: None,
        advisor: "Miriam Albers".into(),
        opened_on: None,
        closed_on: None,
        next_step: Some("Ortstermin vereinbaren".into()),
        next_step_due: None,
        topics: vec!["Quartiersfonds".into()],
    }
}

fn journal_input(text: &str) -> JournalInput {
    JournalInput {
        occurred_on: None,
        kind: JournalKind::Note,
        author: "Miriam Albers".into(),
        text: text.into(),
        internal: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_advisors_edit_offline_and_both_end_with_every_edit() {
    let team = Team::start(&[("miriam", "advisor"), ("jonas", "advisor"), ("bernd", "advisor")]).await;
    let miriam = Advisor::join(&team, "miriam").await;

    // Miriam, offline: a new Kommune and a case there. Her Kommune joins her scope on the push.
    let (oberstedt, case) = miriam
        .kommune_with_case("Oberstedt", "HE", "Quartiersfonds Oberstedt")
        .await;
    assert!(case.case.reference.contains("-MI-"), "{}", case.case.reference);
    miriam
        .name_in_case(case.case.id, "Petra Schulz", "Quartiersmanagerin")
        .await;
    miriam.sync().await;

    team.scope("jonas", "Oberstedt (HE)");
    let jonas = Advisor::join(&team, "jonas").await;
    let first = jonas.sync().await;
    assert!(first.pulled >= 3, "Kommune, topic, case: {first:?}");
    let bernd = Advisor::join(&team, "bernd").await;
    bernd.sync().await;
    assert_eq!(bernd.count("cases").await, 0, "Oberstedt is not in Bernd's scope");
    assert_eq!(bernd.count("municipalities").await, 0);
    assert_eq!(bernd.count("contacts").await, 0, "nor the people of its cases");
    assert_eq!(
        jonas.count("contacts").await,
        1,
        "Jonas sees the people of Oberstedt's case"
    );

    // Offline: Jonas rewrites the summary, Miriam adds a journal entry.
    let on_jonas = sqlx::query_scalar::<_, i64>("SELECT id FROM cases")
        .fetch_one(jonas.planner.store().pool())
        .await
        .expect("case on Jonas' laptop");
    let mut edit = case_input(
        sqlx::query_scalar::<_, i64>("SELECT id FROM municipalities")
            .fetch_one(jonas.planner.store().pool())
            .await
            .expect("municipality"),
        "Quartiersfonds Oberstedt",
    );
    edit.summary = "Fonds mit der Kommune abgestimmt (Jonas)".into();
    jonas.planner.update_case(on_jonas, edit).await.expect("edit");
    miriam
        .planner
        .add_journal_entry(case.case.id, journal_input("Telefonat mit dem Stadtteilbüro"))
        .await
        .expect("journal");
    for _ in 0..2 {
        miriam.sync().await;
        jonas.sync().await;
    }
    assert_converged(&team, &[&miriam, &jonas]).await;
    let cases = miriam.cases().await;
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].2, "Fonds mit der Kommune abgestimmt (Jonas)");
    assert_eq!(
        miriam
            .journal()
            .await
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>(),
        ["Telefonat mit dem Stadtteilbüro"]
    );

    // The same field on both sides: the later syncer gets a conflict; nothing is lost.
    let mut by_miriam = case_input(oberstedt.id, "Quartiersfonds Oberstedt");
    by_miriam.summary = "Fonds mit der Kommune abgestimmt (Jonas)".into();
    by_miriam.next_step = Some("Antrag bis Freitag (Miriam)".into());
    miriam
        .planner
        .update_case(case.case.id, by_miriam.clone())
        .await
        .expect("edit");
    let mut by_jonas = by_miriam.clone();
    by_jonas.municipality_id = Some(
        sqlx::query_scalar::<_, i64>("SELECT id FROM municipalities")
            .fetch_one(jonas.planner.store().pool())
            .await
            .expect("municipality"),
    );
    by_jonas.next_step = Some("Begehung im Quartier (Jonas)".into());
    jonas
        .planner
        .update_case(on_jonas, by_jonas.clone())
        .await
        .expect("edit");
    miriam.sync().await;
    let later = jonas.sync().await;
    assert_eq!(later.conflicts, 1, "{later:?}");
    let conflicts = jonas.planner.team_conflicts().await.expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "next_step");
    assert_eq!(conflicts[0].mine.as_deref(), Some("Begehung im Quartier (Jonas)"));
    assert_eq!(conflicts[0].theirs.as_deref(), Some("Antrag bis Freitag (Miriam)"));
    assert_eq!(conflicts[0].changed_by.as_deref(), Some("miriam"));
    assert_eq!(jonas.planner.team_status().await.expect("status").conflicts, 1);

    // Jonas keeps his: after the next syncs, both have it.
    jonas
        .planner
        .decide_team_conflict("case", on_jonas, "next_step", TeamDecision::KeepMine)
        .await
        .expect("decide");
    jonas.sync().await;
    miriam.sync().await;
    assert_converged(&team, &[&miriam, &jonas]).await;
    assert_eq!(
        miriam.cases().await[0].3.as_deref(),
        Some("Begehung im Quartier (Jonas)")
    );
    let change = miriam
        .planner
        .case_team_change(case.case.id)
        .await
        .expect("change")
        .expect("who changed it");
    assert_eq!(change.by, "jonas", "geändert von …");

    // Again, the other way: Jonas takes Miriam's value.
    by_miriam.next_step = Some("Bürgerversammlung (Miriam)".into());
    miriam.planner.update_case(case.case.id, by_miriam).await.expect("edit");
    by_jonas.next_step = Some("Lenkungskreis (Jonas)".into());
    jonas.planner.update_case(on_jonas, by_jonas).await.expect("edit");
    miriam.sync().await;
    assert_eq!(jonas.sync().await.conflicts, 1);
    jonas
        .planner
        .decide_team_conflict("case", on_jonas, "next_step", TeamDecision::TakeTheirs)
        .await
        .expect("decide");
    jonas.sync().await;
    miriam.sync().await;
    assert_converged(&team, &[&miriam, &jonas]).await;
    assert_eq!(jonas.cases().await[0].3.as_deref(), Some("Bürgerversammlung (Miriam)"));
    for advisor in [&miriam, &jonas] {
        let status = advisor.planner.team_status().await.expect("status");
        assert_eq!((status.waiting, status.conflicts), (0, 0));
    }
    assert_eq!(bernd.count("cases").await, 0, "still nothing of Oberstedt for Bernd");

    // Jonas moves from Oberstedt to Nordstadt, where Miriam has a case already: Oberstedt leaves his
    // laptop, Nordstadt arrives, though its records changed before his last sync.
    miriam
        .kommune_with_case("Nordstadt", "NI", "Stadtteilbeirat Nordstadt")
        .await;
    miriam.sync().await;
    jonas.sync().await;
    team.scope("jonas", "Nordstadt (NI)");
    let moved = jonas.sync().await;
    assert_eq!(moved.purged, 1, "{moved:?}");
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM cases")
        .fetch_all(jonas.planner.store().pool())
        .await
        .expect("cases");
    assert_eq!(titles, ["Stadtteilbeirat Nordstadt"]);
    let places: Vec<String> = sqlx::query_scalar("SELECT name FROM municipalities")
        .fetch_all(jonas.planner.store().pool())
        .await
        .expect("municipalities");
    assert_eq!(places, ["Nordstadt"]);
    assert_eq!(
        jonas.count("journal_entries").await,
        0,
        "Oberstedt's journal left with it"
    );
    assert_eq!(jonas.count("contacts").await, 0, "and the people of its cases");
    let status = jonas.planner.team_status().await.expect("status");
    assert_eq!((status.waiting, status.conflicts), (0, 0));

    // A disabled account's device is refused at once, and says so next to the password.
    beratungsplaner_tests::team_server::admin(&team.server.database, &["user", "disable", "bernd"]);
    match bernd.planner.sync_team(&bernd.token, |_| {}).await {
        Err(beratungsplaner_core::Error::Remote { code, .. }) => {
            assert_eq!(code, beratungsplaner_core::error::RemoteCode::Auth)
        }
        other => panic!("a disabled account synced: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_erasure_reaches_every_copy_and_leaves_nothing_of_the_person() {
    let team = Team::start(&[("miriam", "advisor"), ("jonas", "advisor")]).await;
    let miriam = Advisor::join(&team, "miriam").await;
    let (_, case) = miriam
        .kommune_with_case("Oberstedt", "HE", "Nachbarschaftszentrum")
        .await;
    let with_henrike = miriam
        .planner
        .add_participant(
            case.case.id,
            ParticipantInput {
                contact_id: None,
                new_contact: Some(ContactInput {
                    kind: ContactKind::Person,
                    name: "Henrike Vollmer".into(),
                    organisation: Some("Stadtteilbüro".into()),
                    organisation_type: None,
                    email: Some("henrike.vollmer@example.org".into()),
                    phone: Some("+49 561 123456".into()),
                }),
                role: "Quartiersmanagerin".into(),
                from_on: None,
            },
        )
        .await
        .expect("participant");
    miriam
        .planner
        .add_journal_entry(
            case.case.id,
            journal_input("Rückruf von Henrike Vollmer wegen der Räume"),
        )
        .await
        .expect("journal");
    miriam.sync().await;
    team.scope("jonas", "Oberstedt (HE)");
    let jonas = Advisor::join(&team, "jonas").await;
    jonas.sync().await;
    assert_eq!(jonas.count("contacts").await, 1);

    let contact_id = with_henrike.participants[0].contact.as_ref().expect("contact").id;
    miriam.planner.erase_contact(contact_id).await.expect("erase");
    miriam.sync().await;
    jonas.sync().await;

    for (who, advisor) in [("miriam", &miriam), ("jonas", &jonas)] {
        assert_eq!(advisor.count("contacts").await, 0, "{who}");
        let texts: Vec<String> = sqlx::query_scalar("SELECT text FROM journal_entries")
            .fetch_all(advisor.planner.store().pool())
            .await
            .expect("journal");
        assert!(
            texts.iter().all(|t| !t.contains("Henrike") && !t.contains("Vollmer")),
            "{who}: {texts:?}"
        );
        let roles: Vec<(Option<i64>, String)> = sqlx::query_as("SELECT contact_id, role FROM case_contacts")
            .fetch_all(advisor.planner.store().pool())
            .await
            .expect("roles");
        assert_eq!(
            roles,
            [(None, "Quartiersmanagerin".to_owned())],
            "{who}: the role stays"
        );
        let hits = advisor
            .planner
            .list_cases(&CaseFilter {
                search: Some("Vollmer".into()),
                ..CaseFilter::default()
            })
            .await
            .expect("search");
        assert!(hits.is_empty(), "{who}: the search finds nothing of her");
    }
    let traces: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM records WHERE fields::text ILIKE '%vollmer%' OR fields::text ILIKE '%henrike%'",
    )
    .fetch_one(&team.pool)
    .await
    .expect("server");
    assert_eq!(traces, 0, "nothing of the person on the server");
    assert_converged(&team, &[&miriam, &jonas]).await;
}

/// The synced tables and their kinds on the server.
const SYNCED: &[(&str, &str)] = &[
    ("municipalities", "municipality"),
    ("neighbourhoods", "neighbourhood"),
    ("topics", "topic"),
    ("contacts", "contact"),
    ("cases", "case"),
    ("case_contacts", "participant"),
    ("journal_entries", "journal_entry"),
    ("tasks", "task"),
    ("consultation_series", "series"),
    ("series_exceptions", "series_exception"),
    ("bookings", "booking"),
    ("appointments", "appointment"),
    ("events", "event"),
    ("event_sessions", "event_session"),
    ("event_links", "event_link"),
    ("event_participants", "event_participant"),
    ("memberships", "membership"),
];

/// Every synced table holds as many rows as the server has live records of its kind (no
/// duplicates, nothing missing), and cases and journal agree with the server's.
async fn assert_whole_copy(team: &Team, advisor: &Advisor, who: &str) {
    for (table, kind) in SYNCED {
        let on_server: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE kind = $1 AND fields IS NOT NULL")
            .bind(kind)
            .fetch_one(&team.pool)
            .await
            .expect("count on the server");
        assert_eq!(advisor.count(table).await, on_server, "{who}: {table}");
    }
    assert_eq!(advisor.cases().await, server_cases(team).await, "{who}: cases");
    assert_eq!(advisor.journal().await, server_journal(team).await, "{who}: journal");
}

/// A laptop driven through the command line (`beratungsplaner --db … sync-team`), so that the
/// test can kill it: its database and key file.
struct Laptop {
    db: std::path::PathBuf,
    key_file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        Self {
            db: dir.path().join("beratungsplaner.db"),
            key_file: dir.path().join("database.key"),
            _dir: dir,
        }
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(beratungsplaner_tests::app_binary());
        command
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("BERATUNGSPLANER_DB_KEY_FILE", &self.key_file)
            .env("BERATUNGSPLANER_TEAM_PASSWORD", PASSWORD);
        command
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().expect("run the app's command line")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `sync-team` and kills it with SIGKILL after `after`.
    async fn sync_killed_after(&self, url: &str, user: &str, after: std::time::Duration) {
        let mut child = self
            .command(&["sync-team", "--url", url, "--user", user])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start sync-team");
        tokio::time::sleep(after).await;
        let _ = child.kill();
        let _ = child.wait();
    }

    /// The laptop's database through the Planner (no process of it may run meanwhile).
    async fn open(&self) -> Advisor {
        let key = std::fs::read_to_string(&self.key_file).expect("key file");
        let planner = Planner::open(&self.db, &DatabaseKey::from_recovery_key(&key).expect("key"))
            .await
            .expect("open");
        Advisor {
            planner,
            token: String::new(),
            _dir: tempfile::tempdir().expect("tempdir"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_clients_and_a_stopped_server_lose_nothing_and_every_copy_converges() {
    let mut team = Team::start(&[("miriam", "advisor"), ("jonas", "lead")]).await;
    let url = team.url().to_owned();
    let miriam = Laptop::new();
    miriam.ok(&["demo-data", "--municipalities", "4", "--cases", "120", "--seed", "7"]);
    // Plain HTTP only to this computer: a token or password would travel readable.
    let plain = miriam.run(&["sync-team", "--url", "http://team.example.org", "--user", "miriam"]);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert_eq!(plain.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("not encrypted"),
        "{stderr}"
    );

    // Mid-push: the first sync (the whole demo) killed again and again, then run to the end.
    for ms in [150, 400, 700, 1_000, 1_500, 2_500] {
        miriam
            .sync_killed_after(&url, "miriam", std::time::Duration::from_millis(ms))
            .await;
    }
    let summary = miriam.ok(&["sync-team", "--url", &url, "--user", "miriam"]);
    assert!(summary.contains("conflicts 0; 0 changes waiting"), "{summary}");

    // Mid-pull: the lead's first sync killed again and again, then run to the end.
    let jonas = Laptop::new();
    for ms in [150, 400, 700, 1_000, 1_500] {
        jonas
            .sync_killed_after(&url, "jonas", std::time::Duration::from_millis(ms))
            .await;
    }
    jonas.ok(&["sync-team", "--url", &url, "--user", "jonas"]);
    {
        let (m, j) = (miriam.open().await, jonas.open().await);
        assert_whole_copy(&team, &m, "miriam").await;
        assert_whole_copy(&team, &j, "jonas").await;
        assert!(m.count("cases").await >= 120);
        m.planner.close().await;
        j.planner.close().await;
    }

    // The server killed while a push is in flight, then stopped for a while: changes wait.
    {
        let m = miriam.open().await;
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id LIMIT 40")
            .fetch_all(m.planner.store().pool())
            .await
            .expect("cases");
        for id in &ids {
            let detail = m.planner.case_detail(*id).await.expect("case");
            let mut input = case_input(detail.case.municipality_id, &detail.case.title);
            input.advisor = detail.case.advisor.clone();
            input.opened_on = Some(detail.case.opened_on);
            input.closed_on = detail.case.closed_on;
            input.neighbourhood_id = detail.case.neighbourhood_id;
            input.topics = detail.topics.clone();
            input.summary = format!("Nach dem Ausfall geändert ({id})");
            m.planner.update_case(*id, input).await.expect("edit");
        }
        m.planner.close().await;
    }
    let mut push = miriam
        .command(&["sync-team", "--url", &url, "--user", "miriam"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start sync-team");
    tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    team.server.serving.kill();
    let _ = push.wait();
    let offline = miriam.run(&["sync-team", "--url", &url, "--user", "miriam"]);
    assert_eq!(offline.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&offline.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("cannot be reached"),
        "{stderr}"
    );
    team.server.restart();
    miriam.ok(&["sync-team", "--url", &url, "--user", "miriam"]);
    jonas.ok(&["sync-team", "--url", &url, "--user", "jonas"]);
    let (m, j) = (miriam.open().await, jonas.open().await);
    assert_whole_copy(&team, &m, "miriam").await;
    assert_whole_copy(&team, &j, "jonas").await;
    let changed: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE summary LIKE 'Nach dem Ausfall geändert%'")
        .fetch_one(j.planner.store().pool())
        .await
        .expect("count");
    assert_eq!(changed, 40, "every edit made before the outage arrived");
}

/// A weekday consultation hour in Oberstedt from tomorrow on: three half-hour slots a morning.
fn series_input(municipality_id: i64) -> SeriesInput {
    let tomorrow = chrono::Local::now().date_naive() + chrono::Days::new(1);
    let time = |h: u32| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("time");
    SeriesInput {
        title: "Sprechstunde Quartiersfonds".into(),
        municipality_id,
        neighbourhood_id: None,
        location: Some("Rathaus Oberstedt, Zimmer 12".into()),
        online_url: None,
        advisor: "Miriam Albers".into(),
        time_zone: "Europe/Berlin".into(),
        recurrence: RecurrenceKind::Weekly,
        interval_weeks: 1,
        weekdays: vec![1, 2, 3, 4, 5],
        nth: 1,
        starts_on: tomorrow,
        until_on: None,
        count: None,
        window_start: time(9),
        window_end: time(10),
        slot_minutes: 20,
        buffer_minutes: 0,
        skip_holidays: true,
        exceptions: vec![],
    }
}

impl Advisor {
    /// The slots of the coming four weeks.
    async fn slots(&self) -> Vec<Slot> {
        self.planner.slots(&CalendarQuery::default()).await.expect("slots")
    }

    /// Every booking as (start, status, topic), sorted.
    async fn bookings(&self) -> Vec<(String, String, Option<String>)> {
        sqlx::query_as("SELECT start_at, status, topic FROM bookings ORDER BY start_at, topic")
            .fetch_all(self.planner.store().pool())
            .await
            .expect("bookings")
    }

    /// A booking of the slot for the (one) case on this laptop.
    async fn booking(&self, slot: &Slot, topic: &str) -> BookingInput {
        let case_id = sqlx::query_scalar::<_, i64>("SELECT id FROM cases")
            .fetch_one(self.planner.store().pool())
            .await
            .expect("the case");
        BookingInput {
            slot_id: slot.id.clone(),
            case_id: Some(case_id),
            contact_id: None,
            topic: Some(topic.into()),
            accept_overlap: true,
        }
    }
}

async fn server_bookings(team: &Team) -> Vec<(String, String, Option<String>)> {
    let mut bookings: Vec<(String, String, Option<String>)> = team
        .records("booking")
        .await
        .into_iter()
        .map(|f| {
            (
                f["start_at"].as_str().unwrap_or_default().to_owned(),
                f["status"].as_str().unwrap_or_default().to_owned(),
                f["topic"].as_str().map(str::to_owned),
            )
        })
        .collect();
    bookings.sort();
    bookings
}

/// Two advisors book the same slot offline: exactly one is confirmed; the other's booking must be
/// rebooked, and the sync names the free slots. Series and appointments travel with the bookings.
#[tokio::test(flavor = "multi_thread")]
async fn two_advisors_book_the_same_slot_offline_and_exactly_one_is_confirmed() {
    let team = Team::start(&[("miriam", "advisor"), ("jonas", "advisor")]).await;
    let miriam = Advisor::join(&team, "miriam").await;
    let (oberstedt, _) = miriam
        .kommune_with_case("Oberstedt", "HE", "Quartiersfonds Oberstedt")
        .await;
    let mut series = series_input(oberstedt.id);
    let first_day = series.starts_on;
    series.exceptions = vec![SeriesException {
        kind: ExceptionKind::Skip,
        original_on: (0..7)
            .map(|d| first_day + chrono::Days::new(d + 7))
            .find(|d| chrono::Datelike::weekday(d) == chrono::Weekday::Mon),
        date: None,
        start: None,
        end: None,
        reason: Some("Betriebsausflug".into()),
    }];
    miriam.planner.create_series(series).await.expect("series");
    miriam
        .planner
        .create_appointment(AppointmentInput {
            kind: AppointmentKind::SiteVisit,
            title: "Ortstermin Marktplatz".into(),
            location: Some("Marktplatz Oberstedt".into()),
            case_id: None,
            municipality_id: Some(oberstedt.id),
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: first_day,
            ends_on: first_day,
            start_time: chrono::NaiveTime::from_hms_opt(14, 0, 0),
            end_time: chrono::NaiveTime::from_hms_opt(15, 30, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: true,
        })
        .await
        .expect("appointment");
    miriam.sync().await;
    team.scope("jonas", "Oberstedt (HE)");
    let jonas = Advisor::join(&team, "jonas").await;
    jonas.sync().await;
    assert_eq!(jonas.count("consultation_series").await, 1);
    assert_eq!(jonas.count("series_exceptions").await, 1, "the skipped day travels");
    assert_eq!(jonas.count("appointments").await, 1);
    let (hers, his) = (miriam.slots().await, jonas.slots().await);
    assert_eq!(
        hers.iter().map(|s| s.start).collect::<Vec<_>>(),
        his.iter().map(|s| s.start).collect::<Vec<_>>(),
        "both laptops expand the series to the same slots"
    );

    // Offline, both book the first slot.
    let booked_by_her = miriam
        .planner
        .book_slot(miriam.booking(&hers[0], "Antrag Quartiersfonds").await)
        .await
        .expect("her booking");
    let booked_by_him = jonas
        .planner
        .book_slot(jonas.booking(&his[0], "Beteiligungsverfahren").await)
        .await
        .expect("his booking");
    assert!(
        booked_by_her.provisional && booked_by_him.provisional,
        "vorläufig until the team confirms"
    );

    let report = miriam.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    let hers_now = miriam.planner.booking(booked_by_her.id).await.expect("her booking");
    assert!(!hers_now.provisional, "confirmed");
    assert_eq!(hers_now.status, BookingStatus::Booked);

    let report = jonas.sync().await;
    assert_eq!(report.refused.len(), 1, "{report:?}");
    let refusal = &report.refused[0];
    assert_eq!((refusal.kind.as_str(), refusal.local_id), ("booking", booked_by_him.id));
    assert!(
        refusal.must_rebook && refusal.reason.contains("schon vergeben"),
        "{refusal:?}"
    );
    assert!(!refusal.free_slots.is_empty(), "free slots offered");
    assert!(
        !refusal.free_slots.contains(&his[0].start),
        "the taken slot is not offered"
    );
    let his_now = jonas.planner.booking(booked_by_him.id).await.expect("his booking");
    assert_eq!(his_now.status, BookingStatus::NeedsRebooking, "kept, to be rebooked");
    assert!(!his_now.provisional);
    let taken = jonas.slots().await;
    assert_eq!(
        taken[0].status,
        SlotStatus::Booked,
        "her booking holds the slot on his laptop too"
    );
    assert_eq!(
        taken[0].booking.as_ref().and_then(|b| b.topic.clone()).as_deref(),
        Some("Antrag Quartiersfonds")
    );

    // He takes the first free slot offered; after two rounds every copy holds both bookings.
    let offered = taken
        .iter()
        .find(|s| s.start == refusal.free_slots[0])
        .expect("the offered slot");
    jonas
        .planner
        .rebook(booked_by_him.id, &offered.id, true)
        .await
        .expect("rebooked");
    for _ in 0..2 {
        assert!(jonas.sync().await.refused.is_empty());
        assert!(miriam.sync().await.refused.is_empty());
    }
    let expected = server_bookings(&team).await;
    assert_eq!(expected.len(), 2);
    assert!(expected.iter().all(|(_, status, _)| status == "booked"), "{expected:?}");
    assert_eq!(miriam.bookings().await, expected);
    assert_eq!(jonas.bookings().await, expected);
    assert!(!jonas.planner.booking(booked_by_him.id).await.expect("his").provisional);
    assert_whole_copy(&team, &miriam, "miriam").await;
    assert_whole_copy(&team, &jonas, "jonas").await;
}

/// The team's settings (the retention period) are a lead's to set; they reach every device, and
/// an advisor's device refuses to change them while it is in the team.
#[tokio::test(flavor = "multi_thread")]
async fn the_teams_settings_are_set_by_a_lead_and_reach_every_device() {
    let team = Team::start(&[("miriam", "advisor"), ("jonas", "lead")]).await;
    let miriam = Advisor::join(&team, "miriam").await;
    miriam
        .kommune_with_case("Oberstedt", "HE", "Quartiersfonds Oberstedt")
        .await;
    let refused = miriam.planner.set_retention_years(Some(3)).await;
    assert!(
        matches!(&refused, Err(beratungsplaner_core::Error::Validation(errors)) if errors.0[0].field == "years"),
        "{refused:?}"
    );
    miriam.sync().await;

    let jonas = Advisor::join(&team, "jonas").await;
    jonas.sync().await;
    jonas
        .planner
        .set_retention_years(Some(10))
        .await
        .expect("the lead sets it");
    assert!(jonas.sync().await.refused.is_empty());
    miriam.sync().await;
    assert_eq!(
        miriam.planner.retention_preview().await.expect("preview").years,
        Some(10),
        "the team's retention period on the advisor's laptop"
    );
    jonas.planner.set_retention_years(None).await.expect("switched off");
    jonas.sync().await;
    miriam.sync().await;
    assert_eq!(miriam.planner.retention_preview().await.expect("preview").years, None);
    assert_eq!(miriam.count("shared_settings").await, 1, "one record of the setting");
}
