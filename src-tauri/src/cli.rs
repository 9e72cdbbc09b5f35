//! The command line (docs/ARCHITECTURE.md "Command line"): without a command the desktop app starts.
//! Errors are one `error: …` line on stderr; exit 0 on success, 1 on failure, 2 on bad usage.

use std::io::Write;
use std::path::{Path, PathBuf};

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::{
    ActivityReport, Appointment, AppointmentStatus, AuditRecord, CalendarQuery, CaseFilter, CaseStatus, CaseSummary,
    Contact, ContactErasurePreview, ContactKind, DuplicatePair, DuplicateReason, EventParticipant, EventSheet,
    EventSummary, Expert, ExportScope, FederalState, PrintProfile, PrintRequest, RecordErasurePreview, ReportPeriod,
    ReportQuery, ReportScope, ReportTexts, Slot, SlotStatus, DEFAULT_FEED_PORT, HOME_ZONE,
};
use beratungsplaner_core::feed_server::{feed_path, FeedServer};
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::{store, Planner};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::database_keys::{self, KeyError};
use crate::error::AppError;
use crate::team_tokens;

/// Beratungsplaner: advisory cases, consultation hours and calendars for municipalities.
#[derive(Debug, Parser)]
#[command(name = "beratungsplaner", version, about)]
pub struct Cli {
    /// Database file [default: the app-data folder's beratungsplaner.db]
    #[arg(long, global = true, env = crate::DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create fictional demo data (deterministic for a seed) in one transaction
    DemoData {
        /// Number of municipalities
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        municipalities: u32,
        /// Number of cases
        #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
        cases: u32,
        /// Seed of the random generator
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Cases
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Contacts: people and organisations
    Contact {
        #[command(subcommand)]
        command: ContactCommand,
    },
    /// Consultation-hour slots
    Slots {
        #[command(subcommand)]
        command: SlotsCommand,
    },
    /// Appointments (site visits, workshops, the congress, …)
    Appointment {
        #[command(subcommand)]
        command: AppointmentCommand,
    },
    /// Events: workshops, site visits, the congress, network meetings, online formats
    Event {
        #[command(subcommand)]
        command: EventCommand,
    },
    /// The network: who knows what
    Network {
        #[command(subcommand)]
        command: NetworkCommand,
    },
    /// The activity report (Tätigkeitsbericht) of a period: as PDF/A, XLSX or CSV (after the
    /// file's extension), or on stdout as a table or JSON
    Report {
        /// First day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        from: NaiveDate,
        /// Last day, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        to: NaiveDate,
        /// me (your cases, consultation hours and events), team (everything), state:XX (a
        /// Bundesland), municipality:ID, topic:NAME
        #[arg(long, default_value = "team", value_parser = parse_scope, value_name = "SCOPE")]
        scope: ReportScope,
        /// The file to write (FILE.pdf, FILE.xlsx, FILE.csv), or `-` for stdout
        #[arg(long, default_value = "-", value_name = "FILE|-")]
        out: PathBuf,
        /// The advisor's own words per section for the PDF: a JSON object with the keys summary,
        /// cases, consultation_hours, events, reach, topics
        #[arg(long, value_name = "FILE.json")]
        texts: Option<PathBuf>,
        /// Print the figures as JSON on stdout (also when a file is written)
        #[arg(long)]
        json: bool,
    },
    /// Write the calendar as iCalendar (.ics): series, bookings and appointments
    ExportIcs {
        /// The file to write, or `-` for stdout
        #[arg(long, value_name = "FILE|-")]
        out: PathBuf,
        /// Only this municipality (id)
        #[arg(long, value_name = "ID")]
        municipality: Option<i64>,
        /// Only this case's bookings and appointments (id)
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<i64>,
        #[command(flatten)]
        period: Period,
    },
    /// Import the events of an iCalendar (.ics) file as appointments, in one transaction
    ImportIcs {
        /// The file to read
        file: PathBuf,
        /// Only say what would be created, updated or skipped
        #[arg(long)]
        dry_run: bool,
    },
    /// Serve the calendar as a subscription feed (iCalendar over HTTP) until Ctrl+C
    ServeFeed {
        /// Port (0 picks a free one)
        #[arg(long, default_value_t = DEFAULT_FEED_PORT)]
        port: u16,
        /// Address to listen on; other than loopback only on a trusted network
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
    },
    /// Print a case's dossier as PDF/A or HTML (after the file's extension)
    PrintCase {
        /// The case (id)
        id: i64,
        /// The file to write: FILE.pdf or FILE.html
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// intern (everything), kommune (internal journal entries left out), anonymisiert (contacts replaced by their roles)
        #[arg(long, default_value = "intern", value_parser = parse_profile, value_name = "PROFILE")]
        profile: PrintProfile,
        /// Journal, tasks and bookings from this day, YYYY-MM-DD [default: all]
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// … up to this day, YYYY-MM-DD [default: all]
        #[arg(long, value_name = "DATE")]
        to: Option<NaiveDate>,
    },
    /// Print an event's participant list, sign-in sheet or name badges as PDF/A
    PrintEvent {
        /// The event (id)
        id: i64,
        /// The file to write: FILE.pdf
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// participants (everyone invited, with their state), signin (the registered, with a
        /// signature column), badges (name badges, eight to a page)
        #[arg(long, default_value = "participants", value_parser = parse_sheet, value_name = "SHEET")]
        sheet: EventSheet,
    },
    /// Push the calendar to a CalDAV server (password from $BERATUNGSPLANER_CALDAV_PASSWORD);
    /// events changed on the server are reported as conflicts and left untouched (exit 1)
    SyncCaldav {
        /// The server, the principal or the calendar
        #[arg(long, value_name = "URL")]
        url: String,
        /// The user name (default: the saved account's)
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
    /// Sync with the team server: local changes up, the team's down. The first time, the password
    /// from $BERATUNGSPLANER_TEAM_PASSWORD is exchanged for a device token kept in the keychain;
    /// conflicts for the advisor to decide are listed (exit 1)
    SyncTeam {
        /// The team server, https:// (http:// only on this computer)
        #[arg(long, value_name = "URL")]
        url: String,
        /// The account's name
        #[arg(long, value_name = "NAME")]
        user: String,
    },
    /// Public holidays of a federal state (German names); needs no database
    Holidays {
        /// Federal state: SH, HH, NI, HB, NW, HE, RP, BW, BY, SL, BE, BB, MV, SN, ST, TH
        #[arg(long, value_parser = parse_state, value_name = "XX")]
        state: FederalState,
        /// Year, 1990–2100
        #[arg(long, value_parser = clap::value_parser!(i32).range(1990..=2100), value_name = "YYYY")]
        year: i32,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the database while it may be in use
    Backup {
        /// The copy to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the database with a verified backup; the current file is kept aside
    Restore {
        /// The backup to restore
        file: PathBuf,
    },
    /// Encrypt the database with a new key and print its recovery key (backups made before keep
    /// the old one)
    Rekey,
    /// Erase a contact on request (DSGVO Art. 17): its roles stay without the person, its name,
    /// e-mail and phone leave every text
    EraseContact {
        /// The contact's id (`contact list`)
        id: i64,
        /// Only say what would go
        #[arg(long)]
        dry_run: bool,
    },
    /// Erase a case with its journal, tasks, roles, bookings and appointments
    EraseCase {
        /// The case's id (`case list`)
        id: i64,
        /// Only say what would go
        #[arg(long)]
        dry_run: bool,
    },
    /// Erase a Kommune with its Quartiere, cases, consultation hours and appointments
    EraseMunicipality {
        /// The Kommune's id
        id: i64,
        /// Only say what would go
        #[arg(long)]
        dry_run: bool,
    },
    /// Everything held about a contact (DSGVO Art. 15), for the person: PDF/A or JSON (after the
    /// file's extension); other people in its texts are taken out
    AccessReport {
        /// The contact's id (`contact list`)
        id: i64,
        /// The file to write: FILE.pdf or FILE.json
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Retention: anonymise closed cases after the years set (off unless set)
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The audit trail: exports, saved dossiers, backups and restores (no content, no personal data)
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

/// Retention commands.
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Anonymise the closed cases that are due (their people leave; Kommune, topics, dates and
    /// counts stay)
    Run {
        /// Only list the cases that would be anonymised
        #[arg(long)]
        dry_run: bool,
    },
    /// Set after how many years (1–30) closed cases are anonymised, or `off`
    Set {
        /// 1 to 30, or off
        #[arg(value_parser = parse_retention_years, value_name = "YEARS|off")]
        years: RetentionYears,
    },
}

/// A retention setting on the command line: off, or years.
#[derive(Debug, Clone, Copy)]
pub struct RetentionYears(Option<u8>);

fn parse_retention_years(text: &str) -> Result<RetentionYears, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(RetentionYears(None));
    }
    match text.parse::<u8>() {
        Ok(years) if (1..=30).contains(&years) => Ok(RetentionYears(Some(years))),
        _ => Err("expected 1 to 30 (years) or off".into()),
    }
}

/// Audit-trail commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List the records, newest first
    List {
        /// At most this many records
        #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(i64).range(1..))]
        limit: i64,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
    /// Check the records' hash chain; names the first record that breaks it (exit 1)
    Verify,
}

/// Case commands.
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// List cases, filtered; with --search ranked by relevance
    List {
        /// Only cases of this municipality (id)
        #[arg(long, value_name = "ID")]
        municipality: Option<i64>,
        /// Only cases in this status
        #[arg(long, value_parser = parse_status, value_name = "new|active|on_hold|closed")]
        status: Option<CaseStatus>,
        /// Full-text search over cases, journals, contacts and places
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// At most this many cases
        #[arg(long, default_value_t = 100_000)]
        limit: i64,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
}

/// Contact commands.
#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// List contacts by name; with --search those whose name or organisation holds the words
    List {
        /// Words of the name or organisation (each a prefix)
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// At most this many contacts
        #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(i64).range(1..))]
        limit: i64,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
    /// List likely duplicates: the same e-mail, or names alike in the same organisation
    Duplicates {
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
    /// Merge contact DROP into KEEP: roles, bookings and event participations move over, KEEP's
    /// empty fields take DROP's values, DROP is deleted; in one transaction
    Merge {
        /// The contact kept (id)
        keep: i64,
        /// The contact merged into it and deleted (id)
        drop: i64,
        /// Only say what would move
        #[arg(long)]
        dry_run: bool,
    },
}

/// Slot commands.
#[derive(Debug, Subcommand)]
pub enum SlotsCommand {
    /// List the slots of all series in a period: free, booked and cancelled
    List {
        #[command(flatten)]
        period: Period,
        /// Only slots of this municipality (id)
        #[arg(long, value_name = "ID")]
        municipality: Option<i64>,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
}

/// Appointment commands.
#[derive(Debug, Subcommand)]
pub enum AppointmentCommand {
    /// List appointments in a period
    List {
        #[command(flatten)]
        period: Period,
        /// Only appointments of this case (id)
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<i64>,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
}

/// Event commands.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// List the events starting in a period
    List {
        #[command(flatten)]
        period: Period,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
    /// The participants of an event, with their state
    Participants {
        /// The event (id)
        id: i64,
        /// One JSON document on stdout
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Write the list as CSV (semicolons, UTF-8, as spreadsheets open it) to this file
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
}

/// Network commands.
#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Who in the network knows a topic: people and organisations with cases of it, events about
    /// it or the topic as their expertise, ranked by how much they took part
    Search {
        /// The topic, e.g. Quartiersfonds
        #[arg(long, value_name = "TOPIC")]
        topic: String,
        /// Only cases and events in this Bundesland (two letters, e.g. HE)
        #[arg(long, value_name = "XX", value_parser = parse_state)]
        state: Option<FederalState>,
        /// One JSON document on stdout
        #[arg(long)]
        json: bool,
    },
}

/// A period of days, both inclusive.
#[derive(Debug, clap::Args)]
pub struct Period {
    /// First day, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD [default: four weeks after the first]
    #[arg(long, value_name = "DATE")]
    to: Option<NaiveDate>,
}

fn parse_profile(value: &str) -> Result<PrintProfile, String> {
    match value {
        "intern" | "internal" => Ok(PrintProfile::Internal),
        "kommune" | "municipality" => Ok(PrintProfile::Municipality),
        "anonymisiert" | "anonymised" => Ok(PrintProfile::Anonymised),
        _ => Err(format!("unknown profile `{value}` (intern, kommune, anonymisiert)")),
    }
}

fn parse_scope(value: &str) -> Result<ReportScope, String> {
    let (kind, rest) = value.split_once(':').unwrap_or((value, ""));
    let rest = rest.trim();
    match kind.trim().to_lowercase().as_str() {
        "me" | "mine" | "eigene" if rest.is_empty() => Ok(ReportScope::Mine),
        "team" | "alle" if rest.is_empty() => Ok(ReportScope::Team),
        "state" | "land" => FederalState::from_code(rest)
            .map(|state| ReportScope::State { state })
            .ok_or_else(|| format!("unknown Bundesland `{rest}` (a code such as HE, NW, BY)")),
        "municipality" | "kommune" => rest
            .parse()
            .map(|id| ReportScope::Municipality { id })
            .map_err(|_| format!("`{rest}` is no municipality id")),
        "topic" | "handlungsfeld" if !rest.is_empty() => Ok(ReportScope::Topic { name: rest.to_owned() }),
        _ => Err(format!(
            "unknown scope `{value}` (me, team, state:XX, municipality:ID, topic:NAME)"
        )),
    }
}

fn parse_sheet(value: &str) -> Result<EventSheet, String> {
    match value {
        "participants" | "teilnehmende" => Ok(EventSheet::Participants),
        "signin" | "unterschriften" => Ok(EventSheet::Signin),
        "badges" | "namensschilder" => Ok(EventSheet::Badges),
        _ => Err(format!("unknown sheet `{value}` (participants, signin, badges)")),
    }
}

fn parse_state(value: &str) -> Result<FederalState, String> {
    FederalState::from_code(value).ok_or_else(|| {
        format!("unknown federal state `{value}` (SH, HH, NI, HB, NW, HE, RP, BW, BY, SL, BE, BB, MV, SN, ST, TH)")
    })
}

fn parse_status(value: &str) -> Result<CaseStatus, String> {
    CaseStatus::parse(value).ok_or_else(|| format!("unknown status `{value}` (new, active, on_hold, closed)"))
}

/// Parses the arguments and runs; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let db = match cli.db.clone().map(Ok).unwrap_or_else(crate::default_db_path) {
        Ok(db) => db,
        Err(error) => return fail(&error),
    };
    let Some(command) = cli.command else {
        return match crate::run_app(&db) {
            Ok(()) => 0,
            Err(error) => fail(&error),
        };
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&AppError::Environment(format!("cannot start: {e}"))),
    };
    let name = command_name();
    tracing::debug!(command = %name, "command started");
    let started = std::time::Instant::now();
    let result = runtime.block_on(execute(&db, command));
    tracing::debug!(
        command = %name,
        ok = result.is_ok(),
        elapsed_ms = started.elapsed().as_millis(),
        "command finished"
    );
    match result {
        Ok(()) => 0,
        Err(error) => fail(&error),
    }
}

/// The command's name for the log; never its arguments, which may name people or files.
fn command_name() -> String {
    use clap::CommandFactory;
    let known: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    std::env::args_os()
        .skip(1)
        .filter_map(|a| a.to_str().map(str::to_owned))
        .find(|a| known.contains(a))
        .unwrap_or_default()
}

fn fail(error: &AppError) -> i32 {
    eprintln!("error: {error}");
    1
}

fn write_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| AppError::Environment(format!("cannot write JSON: {e}")))?;
    write_stdout(&format!("{text}\n"))
}

async fn execute(db: &Path, command: Command) -> Result<(), AppError> {
    let command = match command {
        Command::Holidays { state, year, json } => {
            let holidays = Planner::public_holidays(state, year)?;
            return if json {
                write_json(&holidays)
            } else {
                let lines: String = holidays
                    .iter()
                    .map(|h| format!("{}  {}  {}\n", h.date.format("%Y-%m-%d"), weekday_de(h.date), h.name))
                    .collect();
                write_stdout(&lines)
            };
        }
        // The key change rewrites the file, so it must not be open meanwhile.
        Command::Rekey => {
            let key = database_key(db).await?;
            // Opened once first: a plain file is encrypted, a pending migration applied.
            Planner::open(db, &key).await?.close().await;
            let new = database_keys::change(db, &key).await.map_err(key_error)?;
            let planner = Planner::open(db, &new).await?;
            let recorded = planner.record_key_change().await;
            planner.close().await;
            recorded?;
            return write_stdout(&format!(
                "{} is encrypted with a new key. Its recovery key (keep it apart from this computer; backups made before keep the old key):\n{}\n",
                db.display(),
                new.recovery_key().as_str()
            ));
        }
        // Restore replaces the file, so it must not be opened (or migrated) first.
        Command::Restore { file } => {
            let key = database_key(db).await?;
            // What the database being replaced erased is erased again in the restored one.
            let erasures = match store::encryption::file_state(db).await? {
                store::FileState::Encrypted => match store::erasure::log_of_file(db, &key).await {
                    Ok(log) => log,
                    Err(e) => {
                        eprintln!("warning: the erasures of {} cannot be read: {e}", db.display());
                        Vec::new()
                    }
                },
                _ => Vec::new(),
            };
            match store::restore(&file, db, &key).await? {
                Some(kept) => eprintln!(
                    "restored {} into {}; the previous file is kept as {}",
                    file.display(),
                    db.display(),
                    kept.display()
                ),
                None => eprintln!("restored {} into {}", file.display(), db.display()),
            }
            // The restored database records its own restore (it may first need migrating). The
            // restore itself is done by now, so a failure here is a warning, not the command's.
            let planner = Planner::open(db, &key).await?;
            let replayed = planner.replay_erasures(&erasures).await;
            let recorded = planner.record_restore().await;
            planner.close().await;
            let replayed = replayed?;
            if replayed > 0 {
                eprintln!("erased again what the replaced database had erased: {replayed} records");
            }
            if let Err(e) = recorded {
                eprintln!("warning: the restore is not in the audit trail: {e}");
            }
            return Ok(());
        }
        Command::DemoData {
            municipalities,
            cases,
            seed,
        } => DatabaseCommand::DemoData(DemoOptions {
            municipalities: municipalities as usize,
            cases: cases as usize,
            seed,
        }),
        Command::Case {
            command:
                CaseCommand::List {
                    municipality,
                    status,
                    search,
                    limit,
                    json,
                },
        } => DatabaseCommand::ListCases(
            CaseFilter {
                status,
                municipality_id: municipality,
                search,
                limit: Some(limit),
                ..CaseFilter::default()
            },
            json,
        ),
        Command::Contact {
            command: ContactCommand::List { search, limit, json },
        } => DatabaseCommand::ListContacts(search.unwrap_or_default(), limit, json),
        Command::Contact {
            command: ContactCommand::Duplicates { json },
        } => DatabaseCommand::ContactDuplicates(json),
        Command::Contact {
            command: ContactCommand::Merge { keep, drop, dry_run },
        } => DatabaseCommand::MergeContacts { keep, drop, dry_run },
        Command::Slots {
            command:
                SlotsCommand::List {
                    period,
                    municipality,
                    json,
                },
        } => {
            if let (Some(from), Some(to)) = (period.from, period.to) {
                if to < from {
                    return Err(AppError::Usage("--to lies before --from".into()));
                }
            }
            DatabaseCommand::ListSlots(
                CalendarQuery {
                    from: period.from,
                    to: period.to,
                    municipality_id: municipality,
                    ..CalendarQuery::default()
                },
                json,
            )
        }
        Command::Appointment {
            command: AppointmentCommand::List { period, case_id, json },
        } => {
            if let (Some(from), Some(to)) = (period.from, period.to) {
                if to < from {
                    return Err(AppError::Usage("--to lies before --from".into()));
                }
            }
            DatabaseCommand::ListAppointments(
                CalendarQuery {
                    from: period.from,
                    to: period.to,
                    case_id,
                    ..CalendarQuery::default()
                },
                json,
            )
        }
        Command::Event {
            command: EventCommand::List { period, json },
        } => {
            if let (Some(from), Some(to)) = (period.from, period.to) {
                if to < from {
                    return Err(AppError::Usage("--to lies before --from".into()));
                }
            }
            DatabaseCommand::ListEvents(period.from, period.to, json)
        }
        Command::Event {
            command: EventCommand::Participants { id, json, csv },
        } => DatabaseCommand::EventParticipants(
            id,
            match (json, csv) {
                (_, Some(file)) => ListOutput::Csv(file),
                (true, None) => ListOutput::Json,
                (false, None) => ListOutput::Table,
            },
        ),
        Command::Network {
            command: NetworkCommand::Search { topic, state, json },
        } => DatabaseCommand::WhoKnows(topic, state, json),
        Command::Report {
            from,
            to,
            scope,
            out,
            texts,
            json,
        } => {
            if to < from {
                return Err(AppError::Usage("--to lies before --from".into()));
            }
            let texts = match texts {
                Some(file) => read_report_texts(&file)?,
                None => ReportTexts::default(),
            };
            DatabaseCommand::Report(
                ReportQuery {
                    period: ReportPeriod { from, to },
                    scope,
                },
                texts,
                out,
                json,
            )
        }
        Command::ExportIcs {
            out,
            municipality,
            case_id,
            period,
        } => {
            if let (Some(from), Some(to)) = (period.from, period.to) {
                if to < from {
                    return Err(AppError::Usage("--to lies before --from".into()));
                }
            }
            DatabaseCommand::ExportIcs(
                ExportScope {
                    municipality_id: municipality,
                    case_id,
                    from: period.from,
                    to: period.to,
                },
                out,
            )
        }
        Command::ImportIcs { file, dry_run } => DatabaseCommand::ImportIcs(file, dry_run),
        Command::ServeFeed { port, bind } => DatabaseCommand::ServeFeed(std::net::SocketAddr::new(bind, port)),
        Command::Backup { out } => DatabaseCommand::Backup(out),
        Command::PrintCase {
            id,
            out,
            profile,
            from,
            to,
        } => DatabaseCommand::PrintCase(id, PrintRequest { profile, from, to }, out),
        Command::PrintEvent { id, out, sheet } => DatabaseCommand::PrintEvent(id, sheet, out),
        Command::Audit {
            command: AuditCommand::List { limit, json },
        } => DatabaseCommand::AuditList(limit, json),
        Command::Audit {
            command: AuditCommand::Verify,
        } => DatabaseCommand::AuditVerify,
        Command::AccessReport { id, out } => DatabaseCommand::AccessReport(id, out),
        Command::Retention {
            command: RetentionCommand::Run { dry_run },
        } => DatabaseCommand::RetentionRun(dry_run),
        Command::Retention {
            command: RetentionCommand::Set { years },
        } => DatabaseCommand::RetentionSet(years.0),
        Command::EraseContact { id, dry_run } => DatabaseCommand::Erase(Erasure::Contact, id, dry_run),
        Command::EraseCase { id, dry_run } => DatabaseCommand::Erase(Erasure::Case, id, dry_run),
        Command::EraseMunicipality { id, dry_run } => DatabaseCommand::Erase(Erasure::Municipality, id, dry_run),
        Command::SyncCaldav { url, user } => {
            let password = std::env::var(PASSWORD_VARIABLE)
                .map_err(|_| AppError::Usage(format!("set ${PASSWORD_VARIABLE} to the CalDAV password")))?;
            DatabaseCommand::SyncCaldav { url, user, password }
        }
        Command::SyncTeam { url, user } => DatabaseCommand::SyncTeam {
            url,
            user,
            password: std::env::var(TEAM_PASSWORD_VARIABLE).ok().filter(|p| !p.is_empty()),
        },
    };
    let key = database_key(db).await?;
    let planner = Planner::open(db, &key).await?;
    let result = execute_with(&planner, command).await;
    planner.close().await;
    result
}

/// The database's key (`database_keys`). A new key is made silently, where the window and every
/// later command look for it; a note would break the one-line contract of a failing command.
async fn database_key(db: &Path) -> Result<DatabaseKey, AppError> {
    let state = store::encryption::file_state(db).await?;
    let found = database_keys::find(db, state).map_err(key_error)?;
    database_keys::settle(db, found.key).await.map_err(key_error)
}

fn key_error(error: KeyError) -> AppError {
    match error {
        KeyError::Core(e) => e.into(),
        e => AppError::Environment(format!(
            "{e}; set ${} to a file holding the database's recovery key",
            database_keys::KEY_FILE_ENV
        )),
    }
}

/// A command that works on the opened database.
enum DatabaseCommand {
    DemoData(DemoOptions),
    ListCases(CaseFilter, bool),
    ListContacts(String, i64, bool),
    ContactDuplicates(bool),
    MergeContacts {
        keep: i64,
        drop: i64,
        dry_run: bool,
    },
    ListSlots(CalendarQuery, bool),
    ListAppointments(CalendarQuery, bool),
    ListEvents(Option<NaiveDate>, Option<NaiveDate>, bool),
    EventParticipants(i64, ListOutput),
    WhoKnows(String, Option<FederalState>, bool),
    Report(ReportQuery, ReportTexts, PathBuf, bool),
    ExportIcs(ExportScope, PathBuf),
    ServeFeed(std::net::SocketAddr),
    ImportIcs(PathBuf, bool),
    Backup(PathBuf),
    SyncCaldav {
        url: String,
        user: Option<String>,
        password: String,
    },
    SyncTeam {
        url: String,
        user: String,
        password: Option<String>,
    },
    PrintCase(i64, PrintRequest, PathBuf),
    PrintEvent(i64, EventSheet, PathBuf),
    AuditList(i64, bool),
    AuditVerify,
    Erase(Erasure, i64, bool),
    AccessReport(i64, PathBuf),
    RetentionRun(bool),
    RetentionSet(Option<u8>),
}

/// Where a list goes: a table or JSON on stdout, or a CSV file.
#[derive(Debug)]
enum ListOutput {
    Table,
    Json,
    Csv(PathBuf),
}

/// What an erase command erases.
#[derive(Debug, Clone, Copy)]
enum Erasure {
    Contact,
    Case,
    Municipality,
}

/// Where the command line takes the CalDAV password from (never an argument: those show in the
/// process list).
const PASSWORD_VARIABLE: &str = "BERATUNGSPLANER_CALDAV_PASSWORD";
const TEAM_PASSWORD_VARIABLE: &str = "BERATUNGSPLANER_TEAM_PASSWORD";
/// What the team server's administrator sees as this device.
const TEAM_DEVICE: &str = "Beratungsplaner (Kommandozeile)";

/// A contact as `contact list --json` shows it (docs/ARCHITECTURE.md "Command line").
#[derive(serde::Serialize)]
struct ContactLine<'a> {
    id: i64,
    name: &'a str,
    kind: ContactKind,
    organisation: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
}

impl<'a> From<&'a Contact> for ContactLine<'a> {
    fn from(contact: &'a Contact) -> Self {
        Self {
            id: contact.id,
            name: &contact.name,
            kind: contact.kind,
            organisation: contact.organisation.as_deref(),
            email: contact.email.as_deref(),
            phone: contact.phone.as_deref(),
        }
    }
}

/// A slot as `slots list --json` shows it (docs/ARCHITECTURE.md "Command line").
#[derive(serde::Serialize)]
struct SlotLine<'a> {
    id: &'a str,
    series_id: i64,
    series_uid: &'a str,
    booking_uid: Option<&'a str>,
    start: chrono::DateTime<chrono::FixedOffset>,
    end: chrono::DateTime<chrono::FixedOffset>,
    status: SlotStatus,
    case_id: Option<i64>,
    municipality_id: i64,
}

impl<'a> From<&'a Slot> for SlotLine<'a> {
    fn from(slot: &'a Slot) -> Self {
        Self {
            id: &slot.id,
            series_id: slot.series_id,
            series_uid: &slot.series_uid,
            booking_uid: slot.booking.as_ref().map(|b| b.uid.as_str()),
            start: slot.start,
            end: slot.end,
            status: slot.status,
            case_id: slot.booking.as_ref().and_then(|b| b.case_id),
            municipality_id: slot.municipality_id,
        }
    }
}

/// An appointment as `appointment list --json` shows it: instants for timed ones, the first and
/// the last day (inclusive) for all-day ones.
#[derive(serde::Serialize)]
struct AppointmentLine<'a> {
    id: i64,
    uid: &'a str,
    title: &'a str,
    start: String,
    end: String,
    all_day: bool,
    status: AppointmentStatus,
    case_id: Option<i64>,
    location: Option<&'a str>,
}

impl<'a> From<&'a Appointment> for AppointmentLine<'a> {
    fn from(a: &'a Appointment) -> Self {
        let (start, end) = if a.input.all_day {
            (a.input.starts_on.to_string(), a.input.ends_on.to_string())
        } else {
            (a.start.to_rfc3339(), a.end.to_rfc3339())
        };
        Self {
            id: a.id,
            uid: &a.uid,
            title: &a.input.title,
            start,
            end,
            all_day: a.input.all_day,
            status: a.status,
            case_id: a.input.case_id,
            location: a.input.location.as_deref(),
        }
    }
}

async fn execute_with(planner: &Planner, command: DatabaseCommand) -> Result<(), AppError> {
    match command {
        DatabaseCommand::DemoData(options) => {
            let summary = planner.generate_demo_data(&options).await?;
            eprintln!(
                "created {} municipalities, {} neighbourhoods, {} contacts, {} cases, {} journal entries, \
                 {} consultation-hour series, {} bookings, {} appointments, {} events",
                summary.municipalities,
                summary.neighbourhoods,
                summary.contacts,
                summary.cases,
                summary.journal_entries,
                summary.series,
                summary.bookings,
                summary.appointments,
                summary.events
            );
            Ok(())
        }
        DatabaseCommand::ListCases(filter, json) => {
            let cases: Vec<CaseSummary> = planner
                .list_cases(&filter)
                .await?
                .into_iter()
                .map(|hit| hit.case)
                .collect();
            if json {
                write_json(&cases)
            } else {
                write_stdout(&case_table(&cases))
            }
        }
        DatabaseCommand::ContactDuplicates(json) => {
            let pairs = planner.contact_duplicates().await?;
            if json {
                write_json(&pairs)
            } else {
                write_stdout(&duplicate_table(&pairs))
            }
        }
        DatabaseCommand::MergeContacts { keep, drop, dry_run } => {
            let merged = planner.merge_contacts(keep, drop, dry_run).await?;
            write_stdout(&format!(
                "{} {} (id {}) into {} (id {}): {} roles, {} bookings, {} event participations, {} events both were on\n",
                if dry_run { "would merge" } else { "merged" },
                merged.drop.name,
                merged.drop.id,
                merged.keep.name,
                merged.keep.id,
                merged.roles,
                merged.bookings,
                merged.participations,
                merged.shared_events
            ))
        }
        DatabaseCommand::ListContacts(search, limit, json) => {
            let contacts = planner.list_contacts(&search, limit).await?;
            if json {
                let lines: Vec<ContactLine> = contacts.iter().map(ContactLine::from).collect();
                write_json(&lines)
            } else {
                write_stdout(&contact_table(&contacts))
            }
        }
        DatabaseCommand::ListSlots(query, json) => {
            let slots = planner.slots(&query).await?;
            if json {
                let lines: Vec<SlotLine> = slots.iter().map(SlotLine::from).collect();
                write_json(&lines)
            } else {
                write_stdout(&slot_table(&slots))
            }
        }
        DatabaseCommand::ListAppointments(query, json) => {
            let appointments = planner.appointments(&query).await?;
            if json {
                let lines: Vec<AppointmentLine> = appointments.iter().map(AppointmentLine::from).collect();
                write_json(&lines)
            } else {
                write_stdout(&appointment_table(&appointments))
            }
        }
        DatabaseCommand::ListEvents(from, to, json) => {
            let from = from.unwrap_or_else(|| chrono::Local::now().date_naive());
            let to = to.unwrap_or(from + chrono::Days::new(27));
            let events = planner.events(Some(from), Some(to)).await?;
            if json {
                write_json(&events)
            } else {
                write_stdout(&event_table(&events))
            }
        }
        DatabaseCommand::EventParticipants(id, output) => match output {
            ListOutput::Csv(file) => {
                let saved = planner.save_participant_list(id, &file).await?;
                eprintln!("{} participants written to {}", saved.participants, saved.path);
                Ok(())
            }
            ListOutput::Json => write_json(&planner.event_participants(id).await?),
            ListOutput::Table => write_stdout(&participant_table(&planner.event_participants(id).await?)),
        },
        DatabaseCommand::WhoKnows(topic, state, json) => {
            let experts = planner.who_knows(&topic, state).await?;
            if json {
                write_json(&experts)
            } else {
                write_stdout(&expert_table(&experts))
            }
        }
        DatabaseCommand::Report(query, texts, out, json) => {
            let report = planner.activity_report(query.clone()).await?;
            if out.as_os_str() != "-" {
                let saved = planner.save_activity_report(query, texts, &out).await?;
                eprintln!("activity report written to {}", saved.path);
            }
            if json {
                write_json(&report)
            } else if out.as_os_str() == "-" {
                write_stdout(&report_text(&report))
            } else {
                Ok(())
            }
        }
        DatabaseCommand::ExportIcs(scope, out) => {
            if out.as_os_str() == "-" {
                write_stdout(&planner.export_ics(&scope).await?)
            } else {
                let written = planner.export_ics_to(&scope, &out).await?;
                eprintln!("calendar written to {} ({} events)", written.path, written.events);
                Ok(())
            }
        }
        DatabaseCommand::ImportIcs(file, dry_run) => {
            let outcome = planner.import_ics(&file, dry_run, |_| {}).await?;
            for warning in &outcome.warnings_en {
                eprintln!("warning: {warning}");
            }
            let verb = if dry_run { "would create" } else { "created" };
            let update = if dry_run { "would update" } else { "updated" };
            write_stdout(&format!(
                "{verb} {}, {update} {}, skipped {} (unchanged or older)\n",
                outcome.created, outcome.updated, outcome.skipped
            ))
        }
        DatabaseCommand::ServeFeed(addr) => {
            let server = FeedServer::bind(planner.clone(), addr).await?;
            let bound = server.local_addr()?;
            let path = feed_path(&planner.feed_token().await?);
            eprintln!(
                "serving the calendar at http://{bound}{path} (subscribe with webcal://{bound}{path}); Ctrl+C stops"
            );
            server
                .run(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
            Ok(())
        }
        DatabaseCommand::Backup(out) => {
            planner.backup(&out).await?;
            eprintln!("backup written to {}", out.display());
            Ok(())
        }
        DatabaseCommand::PrintCase(id, request, out) => {
            let bytes = planner.print_case_to(id, &request, &out).await?.bytes;
            eprintln!("dossier written to {} ({bytes} bytes)", out.display());
            Ok(())
        }
        DatabaseCommand::PrintEvent(id, sheet, out) => {
            let saved = planner.save_event_sheet(id, sheet, &out).await?;
            eprintln!(
                "{} written to {} ({} participants)",
                sheet.german(),
                saved.path,
                saved.participants
            );
            Ok(())
        }
        DatabaseCommand::AuditList(limit, json) => {
            let records = planner.audit_trail(limit).await?;
            if json {
                write_json(&records)
            } else {
                write_stdout(&audit_table(&records))
            }
        }
        DatabaseCommand::Erase(what, id, dry_run) => {
            let verb = if dry_run { "would erase" } else { "erased" };
            let summary = match (what, dry_run) {
                (Erasure::Contact, true) => contact_summary(&planner.contact_erasure_preview(id).await?),
                (Erasure::Contact, false) => contact_summary(&planner.erase_contact(id).await?),
                (Erasure::Case, true) => record_summary(&planner.case_erasure_preview(id).await?),
                (Erasure::Case, false) => record_summary(&planner.erase_case(id).await?),
                (Erasure::Municipality, true) => record_summary(&planner.municipality_erasure_preview(id).await?),
                (Erasure::Municipality, false) => record_summary(&planner.erase_municipality(id).await?),
            };
            let kind = match what {
                Erasure::Contact => "contact",
                Erasure::Case => "case",
                Erasure::Municipality => "municipality",
            };
            write_stdout(&format!("{verb} {kind} {id}: {summary}\n"))
        }
        DatabaseCommand::AccessReport(id, out) => {
            let saved = planner.save_access_report(id, &out).await?;
            eprintln!("access report written to {} ({} places)", out.display(), saved.places);
            Ok(())
        }
        DatabaseCommand::RetentionRun(true) => {
            let preview = planner.retention_preview().await?;
            let (Some(years), Some(closed_before)) = (preview.years, preview.closed_before) else {
                return Err(beratungsplaner_core::Error::conflict(
                    "Die Aufbewahrungsfrist ist ausgeschaltet.",
                    "retention is switched off: set its years with `retention set YEARS`",
                )
                .into());
            };
            let mut out = format!(
                "would anonymise {} cases closed on or before {closed_before} ({years} years)\n",
                preview.cases.len()
            );
            for case in &preview.cases {
                out.push_str(&format!(
                    "{}\t{}\t{}\n",
                    case.reference, case.closed_on, case.municipality
                ));
            }
            write_stdout(&out)
        }
        DatabaseCommand::RetentionRun(false) => {
            let run = planner.run_retention().await?;
            write_stdout(&format!(
                "anonymised {} cases: {} texts changed, {} roles and bookings taken off their people\n",
                run.cases, run.texts, run.links
            ))
        }
        DatabaseCommand::RetentionSet(years) => {
            let preview = planner.set_retention_years(years).await?;
            match years {
                Some(years) => eprintln!(
                    "retention: closed cases are anonymised after {years} years ({} due now)",
                    preview.cases.len()
                ),
                None => eprintln!("retention is off"),
            }
            Ok(())
        }
        DatabaseCommand::AuditVerify => {
            let verification = planner.verify_audit_trail().await?;
            match verification.first_broken {
                None => write_stdout(&format!("audit trail intact: {} records\n", verification.records)),
                Some(broken) => Err(AppError::Integrity(format!(
                    "the audit trail is broken at record {}: {}",
                    broken.id, broken.reason
                ))),
            }
        }
        DatabaseCommand::SyncTeam { url, user, password } => sync_team(planner, &url, &user, password.as_deref()).await,
        DatabaseCommand::SyncCaldav { url, user, password } => {
            let user = match user {
                Some(user) => user,
                None => planner
                    .caldav_account()
                    .await?
                    .filter(|a| a.url == url.trim())
                    .map(|a| a.user)
                    .ok_or_else(|| AppError::Usage("--user is needed for a new account".into()))?,
            };
            let report = planner.sync_caldav(&url, &user, &password, |_| {}).await?;
            for href in &report.unreadable {
                eprintln!("warning: {href}: the server's version cannot be read and is left as it is");
            }
            write_stdout(&format!(
                "created {}, updated {}, deleted {}, taken over {}, unchanged {}, conflicts {}; {} requests, {} writes\n",
                report.created,
                report.updated,
                report.deleted,
                report.adopted,
                report.unchanged,
                report.conflicts,
                report.requests,
                report.writes
            ))?;
            if report.conflicts == 0 {
                return Ok(());
            }
            for conflict in planner.caldav_conflicts().await? {
                eprintln!(
                    "conflict: {} \"{}\" was changed on the server",
                    conflict.uid, conflict.summary
                );
            }
            Err(AppError::Core(beratungsplaner_core::Error::conflict(
                format!(
                    "{} Termine wurden auf dem Server geändert und bleiben dort, wie sie sind; bitte in der App entscheiden.",
                    report.conflicts
                ),
                format!(
                    "{} events were changed on the server and are left as they are there; resolve them in the app",
                    report.conflicts
                ),
            )))
        }
    }
}

/// The device token: the keychain's, else one signed in for now with the password (and kept).
async fn team_token(planner: &Planner, url: &str, user: &str, password: Option<&str>) -> Result<String, AppError> {
    let need_password = || {
        AppError::Usage(format!(
            "set ${TEAM_PASSWORD_VARIABLE} to the team password (needed once; then the keychain keeps a device token)"
        ))
    };
    let token = match planner.team_connection().await? {
        None => {
            let password = password.ok_or_else(need_password)?;
            planner.join_team(url, user, password, TEAM_DEVICE).await?.1
        }
        Some(joined) if joined.url != url.trim() || joined.user != user.trim() => {
            return Err(AppError::Usage(format!(
                "this database syncs with {} as {}; it cannot sync with another team server or account",
                joined.url, joined.user
            )))
        }
        Some(joined) => match team_tokens::get(&joined.url, &joined.user) {
            Ok(Some(token)) => return Ok(token),
            saved => {
                if let Err(e) = saved {
                    eprintln!("warning: {e}");
                }
                let password = password.ok_or_else(need_password)?;
                planner.renew_team_token(password, TEAM_DEVICE).await?
            }
        },
    };
    if let Err(e) = team_tokens::set(url, user, &token) {
        eprintln!("warning: the device token is not kept ({e}); the next sync signs in with the password again");
    }
    Ok(token)
}

async fn sync_team(planner: &Planner, url: &str, user: &str, password: Option<&str>) -> Result<(), AppError> {
    let token = team_token(planner, url, user, password).await?;
    let report = match planner.sync_team(&token, |_| {}).await {
        Err(beratungsplaner_core::Error::Remote {
            code: beratungsplaner_core::error::RemoteCode::Auth,
            ..
        }) if password.is_some() => {
            // The saved token was revoked: sign in once more with the password given.
            let _ = team_tokens::delete(url, user);
            let token = team_token(planner, url, user, password).await?;
            planner.sync_team(&token, |_| {}).await?
        }
        other => other?,
    };
    if report.purged > 0 {
        eprintln!(
            "note: {} Kommunen left your scope in the team and were removed from this device",
            report.purged
        );
    }
    for refusal in &report.refused {
        eprintln!("refused: {} {}: {}", refusal.kind, refusal.local_id, refusal.reason);
        if !refusal.free_slots.is_empty() {
            let free: Vec<String> = refusal
                .free_slots
                .iter()
                .map(|start| start.format("%Y-%m-%d %H:%M").to_string())
                .collect();
            eprintln!("  free slots to rebook it to: {}", free.join(", "));
        }
    }
    let status = planner.team_status().await?;
    write_stdout(&format!(
        "pushed {}, pulled {}, refused {}, conflicts {}; {} changes waiting\n",
        report.pushed,
        report.pulled,
        report.refused.len(),
        status.conflicts,
        status.waiting
    ))?;
    if status.conflicts == 0 {
        return Ok(());
    }
    for conflict in planner.team_conflicts().await? {
        eprintln!(
            "conflict: {} {} ({}): here {:?}, on the server {:?}{}",
            conflict.kind,
            conflict.local_id,
            conflict.field,
            conflict.mine.unwrap_or_default(),
            conflict.theirs.unwrap_or_default(),
            conflict.changed_by.map(|by| format!(" by {by}")).unwrap_or_default()
        );
    }
    Err(AppError::Core(beratungsplaner_core::Error::conflict(
        format!(
            "{} Felder wurden hier und im Team geändert; bitte in der App entscheiden.",
            status.conflicts
        ),
        format!(
            "{} fields were changed here and on the team server; decide them in the app",
            status.conflicts
        ),
    )))
}

fn weekday_de(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"][date.weekday().num_days_from_monday() as usize]
}

fn contact_summary(p: &ContactErasurePreview) -> String {
    format!(
        "roles in {} cases (kept without the person), {} journal mentions, {} other mentions, {} bookings, {} appointments ({} on the calendar server)",
        p.cases_with_roles, p.journal_mentions, p.other_mentions, p.bookings, p.appointments, p.calendar_server_items
    )
}

fn record_summary(p: &RecordErasurePreview) -> String {
    format!(
        "{} cases, {} journal entries, {} tasks, {} roles, {} bookings, {} appointments, {} consultation-hour series, {} Quartiere ({} on the calendar server)",
        p.cases, p.journal_entries, p.tasks, p.roles, p.bookings, p.appointments, p.series, p.neighbourhoods, p.calendar_server_items
    )
}

fn read_report_texts(file: &Path) -> Result<ReportTexts, AppError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| AppError::Environment(format!("cannot read {}: {e}", file.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| AppError::Usage(format!("{}: not a JSON object of section texts ({e})", file.display())))
}

/// Every table of the report, as aligned text.
fn report_text(report: &ActivityReport) -> String {
    let mut out = format!(
        "Tätigkeitsbericht {} · {}\n",
        report.query.period.german(),
        report.scope_label
    );
    for table in beratungsplaner_core::report::activity_report::tables(report) {
        let cells: Vec<Vec<String>> = std::iter::once(table.columns.iter().map(|c| (*c).to_owned()).collect())
            .chain(table.rows.iter().map(|row| row.iter().map(|c| c.german()).collect()))
            .collect();
        let widths: Vec<usize> = (0..table.columns.len())
            .map(|i| {
                cells
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        out.push_str(&format!("\n{}\n", table.title));
        for row in &cells {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, width))| {
                    if i == 0 {
                        format!("{cell:<width$}")
                    } else {
                        format!("{cell:>width$}")
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
    }
    out
}

fn write_stdout(text: &str) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::Environment(format!("cannot write output: {e}"))),
    }
}

fn case_table(cases: &[CaseSummary]) -> String {
    let mut out = String::new();
    for case in cases {
        let place = match &case.neighbourhood {
            Some(n) => format!("{} / {n}", case.municipality),
            None => case.municipality.clone(),
        };
        out.push_str(&format!(
            "{:<14} {:<8} {:<24} {}\n",
            case.reference,
            case.status.as_str(),
            truncate(&place, 24),
            case.title
        ));
    }
    out.push_str(&format!("{} cases\n", cases.len()));
    out
}

fn contact_table(contacts: &[Contact]) -> String {
    let mut out = String::new();
    for contact in contacts {
        let kind = match contact.kind {
            ContactKind::Person => "Person",
            ContactKind::Organisation => "Organisation",
        };
        out.push_str(&format!(
            "{:>6}  {:<12} {:<32} {:<32} {:<32} {}\n",
            contact.id,
            kind,
            truncate(&contact.name, 32),
            truncate(contact.organisation.as_deref().unwrap_or(""), 32),
            contact.email.as_deref().unwrap_or(""),
            contact.phone.as_deref().unwrap_or("")
        ));
    }
    out.push_str(&format!("{} contacts\n", contacts.len()));
    out
}

fn slot_table(slots: &[Slot]) -> String {
    let mut out = String::new();
    for slot in slots {
        let status = match slot.status {
            SlotStatus::Free => "frei",
            SlotStatus::Booked => "gebucht",
            SlotStatus::Cancelled => "abgesagt",
        };
        let who = slot
            .booking
            .as_ref()
            .filter(|_| slot.status == SlotStatus::Booked)
            .and_then(|b| b.case_reference.clone().or_else(|| b.topic.clone()))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} {}–{}  {:<8} {:<36} {}\n",
            weekday_de(slot.start.date_naive()),
            slot.start.format("%d.%m.%Y %H:%M"),
            slot.end.format("%H:%M"),
            status,
            truncate(&slot.series_title, 36),
            who
        ));
    }
    out.push_str(&format!("{} slots\n", slots.len()));
    out
}

fn appointment_table(appointments: &[Appointment]) -> String {
    let mut out = String::new();
    for a in appointments {
        let when = if a.input.all_day {
            format!(
                "{} – {} ganztägig",
                a.input.starts_on.format("%d.%m.%Y"),
                a.input.ends_on.format("%d.%m.%Y")
            )
        } else {
            format!("{}–{}", a.start.format("%d.%m.%Y %H:%M"), a.end.format("%H:%M"))
        };
        let status = if a.status == AppointmentStatus::Cancelled {
            "  (abgesagt)"
        } else {
            ""
        };
        out.push_str(&format!("{when:<32} {}{status}\n", a.input.title));
    }
    out.push_str(&format!("{} appointments\n", appointments.len()));
    out
}

fn duplicate_table(pairs: &[DuplicatePair]) -> String {
    let mut out = String::new();
    for p in pairs {
        let why = match p.reason {
            DuplicateReason::SameEmail => "same e-mail",
            DuplicateReason::SimilarName => "similar name, same organisation",
        };
        out.push_str(&format!(
            "{:>5} {}  ←  {:>5} {}  ({why})\n",
            p.keep.id, p.keep.name, p.drop.id, p.drop.name
        ));
    }
    out.push_str(&format!("{} likely duplicates\n", pairs.len()));
    out
}

fn event_table(events: &[EventSummary]) -> String {
    let mut out = String::new();
    for e in events {
        let places = e.capacity.map_or_else(String::new, |c| format!(" von {c}"));
        let cancelled = if e.cancelled { "  (abgesagt)" } else { "" };
        let when = if e.all_day {
            format!("{} – {}", e.starts_on.format("%d.%m.%Y"), e.ends_on.format("%d.%m.%Y"))
        } else {
            format!("{}–{}", e.start.format("%d.%m.%Y %H:%M"), e.end.format("%H:%M"))
        };
        out.push_str(&format!(
            "{:>5}  {when:<23}  {:<16} {}{cancelled}  ({} angemeldet{places}, {} auf der Warteliste, {} teilgenommen)\n",
            e.id,
            e.format.german(),
            e.title,
            e.counts.registered,
            e.counts.waitlisted,
            e.counts.attended
        ));
    }
    out.push_str(&format!("{} events\n", events.len()));
    out
}

fn expert_table(experts: &[Expert]) -> String {
    let mut out = String::new();
    for e in experts {
        let organisation = e
            .contact
            .organisation
            .as_deref()
            .map_or_else(String::new, |o| format!(" ({o})"));
        let states: Vec<&str> = e.states.iter().map(|s| s.code()).collect();
        let declared = if e.declared { "  Fachgebiet" } else { "" };
        out.push_str(&format!(
            "{:>5}  {}{organisation}  {} {}, {} {}  {}{declared}\n",
            e.contact.id,
            e.contact.name,
            e.cases,
            if e.cases == 1 { "Fall" } else { "Fälle" },
            e.events,
            if e.events == 1 {
                "Veranstaltung"
            } else {
                "Veranstaltungen"
            },
            states.join(",")
        ));
    }
    out.push_str(&format!("{} found\n", experts.len()));
    out
}

fn participant_table(participants: &[EventParticipant]) -> String {
    let mut out = String::new();
    for p in participants {
        let organiser = if p.organiser { "  (organisiert)" } else { "" };
        out.push_str(&format!(
            "{:>5}  {:<18} {}{}{organiser}\n",
            p.id,
            p.status.german(),
            p.name.as_deref().unwrap_or("(gelöscht)"),
            p.organisation.as_deref().map(|o| format!(", {o}")).unwrap_or_default()
        ));
    }
    out.push_str(&format!("{} participants\n", participants.len()));
    out
}

fn audit_table(records: &[AuditRecord]) -> String {
    let mut out = String::new();
    for record in records {
        let subject = match (record.subject_kind, record.subject_id) {
            (Some(kind), Some(id)) => format!("{} {id}", kind.as_str()),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:>6}  {}  {:<18} {:<18} {}\n",
            record.id,
            record.at.with_timezone(&HOME_ZONE).format("%d.%m.%Y %H:%M:%S"),
            record.action.as_str(),
            subject,
            record.detail
        ));
    }
    out.push_str(&format!("{} records\n", records.len()));
    out
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}
