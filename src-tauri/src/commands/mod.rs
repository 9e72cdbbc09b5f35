//! Every command the window may call, declared once below, grouped by feature (the feature words
//! of `docs/ARCHITECTURE.md`). `commands!` makes each entry a Tauri command, registers it in
//! [`handler`] and gives it a typed TypeScript function in `ui/src/lib/api/commands/<feature>.ts`.
//!
//! A command's name is the `Planner` method it calls, and its body is that one call. Spans are
//! named after the command and skip every argument: inputs carry contacts' personal data, which
//! must never reach a log.

mod context;
mod declare;
pub mod typescript;

use beratungsplaner_core::domain::*;
use chrono::NaiveDate;
use tauri::ipc::Channel;

pub use context::Context;

use crate::{caldav_passwords, dialogs, encryption, startup, team_tokens};

declare::commands! {
    /// The app's settings.
    settings {
        fn settings() -> Settings = |cx| cx.planner()?.settings().await;
        fn save_settings(settings: Settings) -> Settings = |cx| cx.planner()?.save_settings(settings).await;
    }

    /// The start page: due tasks and bookings, recent cases.
    dashboard {
        fn dashboard() -> Dashboard = |cx| cx.planner()?.dashboard().await;
    }

    /// Start-up: the start-up measurement (why the database could not be opened reaches the page
    /// before its script, `startup::StartupStatus::page_script`).
    startup {
        /// The first view with cases has been painted (logged once per run, target `startup`), with
        /// the page's own clock (milliseconds since it began to load) when its script ran, when the
        /// view's data arrived and at the paint.
        fn first_paint(view: String, script_ms: f64, data_ms: f64, paint_ms: f64) -> () = |_cx| {
            startup::first_paint(&view, startup::PageMarks { script_ms, data_ms, paint_ms });
            Ok(())
        };
    }

    /// The database key: its recovery key until the user confirms keeping it, the recovery key's
    /// sheet, and the unlock where no keychain holds the key.
    encryption {
        /// The recovery key (14 groups), until `confirmRecoveryKey`; null after.
        fn recovery_key() -> Option<String> = |cx| encryption::recovery_key(cx.app(), cx.planner()?).await;
        fn confirm_recovery_key() -> () = |cx| cx.planner()?.confirm_recovery_key().await;
        /// "Als PDF speichern": false when the save dialog was cancelled.
        fn save_recovery_key_sheet() -> bool = |cx| encryption::save_recovery_key_sheet(cx.app(), cx.planner()?).await;
        /// Opens the database with the passphrase or the recovery key; for a new database the
        /// passphrase is chosen now and `repeated` must match it. True: the recovery key waits to
        /// be shown.
        fn unlock(secret: String, repeated: Option<String>) -> bool =
            |cx| encryption::unlock(cx.app(), secret, repeated).await;
    }

    /// Erasure on request (DSGVO Art. 17): what goes, then the erasure.
    erasure {
        fn contact_erasure_preview(contact_id: i64) -> ContactErasurePreview =
            |cx| cx.planner()?.contact_erasure_preview(contact_id).await;
        fn erase_contact(contact_id: i64) -> ContactErasurePreview = |cx| cx.planner()?.erase_contact(contact_id).await;
        fn case_erasure_preview(case_id: i64) -> RecordErasurePreview =
            |cx| cx.planner()?.case_erasure_preview(case_id).await;
        fn erase_case(case_id: i64) -> RecordErasurePreview = |cx| cx.planner()?.erase_case(case_id).await;
        fn municipality_erasure_preview(municipality_id: i64) -> RecordErasurePreview =
            |cx| cx.planner()?.municipality_erasure_preview(municipality_id).await;
        fn erase_municipality(municipality_id: i64) -> RecordErasurePreview =
            |cx| cx.planner()?.erase_municipality(municipality_id).await;
    }

    /// Access on request (DSGVO Art. 15): everything held about a contact, for the person.
    access_report {
        /// Asks for a file in the native save dialog and writes the report; null when cancelled.
        fn save_access_report(contact_id: i64, format: AccessReportFormat) -> Option<SavedAccessReport> =
            |cx| dialogs::save_access_report(cx.app(), cx.planner()?, contact_id, format).await;
    }

    /// Retention: closed cases anonymised after the years set; the setting applies at once.
    retention {
        fn retention_preview() -> RetentionPreview = |cx| cx.planner()?.retention_preview().await;
        /// null switches retention off.
        fn set_retention_years(years: Option<u8>) -> RetentionPreview =
            |cx| cx.planner()?.set_retention_years(years).await;
        fn run_retention() -> RetentionRun = |cx| cx.planner()?.run_retention().await;
    }

    /// The audit trail: the newest records and the check of their hash chain.
    audit {
        fn audit_trail(limit: i64) -> Vec<AuditRecord> = |cx| cx.planner()?.audit_trail(limit).await;
        fn verify_audit_trail() -> AuditVerification = |cx| cx.planner()?.verify_audit_trail().await;
    }

    /// Kommunen and their Quartiere.
    municipalities {
        fn municipality_tree() -> Vec<MunicipalityNode> = |cx| cx.planner()?.municipality_tree().await;
        fn create_municipality(input: MunicipalityInput) -> Municipality =
            |cx| cx.planner()?.create_municipality(input).await;
        fn update_municipality(id: i64, input: MunicipalityInput) -> Municipality =
            |cx| cx.planner()?.update_municipality(id, input).await;
        fn create_neighbourhood(input: NeighbourhoodInput) -> Neighbourhood =
            |cx| cx.planner()?.create_neighbourhood(input).await;
        fn update_neighbourhood(id: i64, input: NeighbourhoodInput) -> Neighbourhood =
            |cx| cx.planner()?.update_neighbourhood(id, input).await;
    }

    /// Advisory cases: the list, the case page, status and topics.
    cases {
        /// Every topic in use, for the topic field's suggestions.
        fn topics() -> Vec<String> = |cx| cx.planner()?.topics().await;
        /// Every advisor named anywhere, for the advisor fields' suggestions.
        fn advisors() -> Vec<String> = |cx| cx.planner()?.advisors().await;
        fn list_cases(filter: CaseFilter) -> Vec<CaseHit> = |cx| cx.planner()?.list_cases(&filter).await;
        fn case_detail(id: i64) -> CaseDetail = |cx| cx.planner()?.case_detail(id).await;
        fn create_case(input: CaseInput) -> CaseDetail = |cx| cx.planner()?.create_case(input).await;
        fn update_case(id: i64, input: CaseInput) -> CaseDetail = |cx| cx.planner()?.update_case(id, input).await;
        fn change_case_status(id: i64, status: CaseStatus) -> CaseDetail =
            |cx| cx.planner()?.change_case_status(id, status).await;
    }

    /// A case's journal (Verlauf).
    journal {
        fn add_journal_entry(case_id: i64, input: JournalInput) -> CaseDetail =
            |cx| cx.planner()?.add_journal_entry(case_id, input).await;
        fn update_journal_entry(id: i64, input: JournalInput) -> CaseDetail =
            |cx| cx.planner()?.update_journal_entry(id, input).await;
    }

    /// A case's tasks.
    tasks {
        fn add_task(case_id: i64, input: TaskInput) -> CaseDetail = |cx| cx.planner()?.add_task(case_id, input).await;
        fn update_task(id: i64, input: TaskInput) -> CaseDetail = |cx| cx.planner()?.update_task(id, input).await;
        fn set_task_done(id: i64, done: bool) -> CaseDetail = |cx| cx.planner()?.set_task_done(id, done).await;
    }

    /// Contacts and their part in cases.
    contacts {
        fn search_contacts(query: String) -> Vec<Contact> = |cx| cx.planner()?.search_contacts(&query).await;
        fn create_contact(input: ContactInput) -> Contact = |cx| cx.planner()?.create_contact(input).await;
        fn update_contact(id: i64, input: ContactInput) -> Contact =
            |cx| cx.planner()?.update_contact(id, input).await;
        fn add_participant(case_id: i64, input: ParticipantInput) -> CaseDetail =
            |cx| cx.planner()?.add_participant(case_id, input).await;
        fn end_participant(id: i64, until_on: Option<NaiveDate>) -> CaseDetail =
            |cx| cx.planner()?.end_participant(id, until_on).await;
    }

    /// Consultation-hour series (Sprechstunden).
    series {
        fn list_series() -> Vec<ConsultationSeries> = |cx| cx.planner()?.list_series().await;
        fn series(id: i64) -> ConsultationSeries = |cx| cx.planner()?.series(id).await;
        /// What saving `input` would bring about; `id` is the series being edited, or null for a new one.
        fn preview_series(id: Option<i64>, input: SeriesInput) -> SeriesPreview =
            |cx| cx.planner()?.preview_series(id, input).await;
        fn create_series(input: SeriesInput) -> ConsultationSeries = |cx| cx.planner()?.create_series(input).await;
        /// Saves the series; bookings that lose their slot need `acceptDisplaced`.
        fn update_series(id: i64, input: SeriesInput, accept_displaced: bool) -> ConsultationSeries =
            |cx| cx.planner()?.update_series(id, input, accept_displaced).await;
    }

    /// Bookings of consultation-hour slots.
    bookings {
        fn booking(id: i64) -> Booking = |cx| cx.planner()?.booking(id).await;
        fn book_slot(input: BookingInput) -> Booking = |cx| cx.planner()?.book_slot(input).await;
        /// Moves a booking to another slot; an overlap with the advisor's other items needs `acceptOverlap`.
        fn rebook(id: i64, slot_id: String, accept_overlap: bool) -> Booking =
            |cx| cx.planner()?.rebook(id, &slot_id, accept_overlap).await;
        fn cancel_booking(id: i64, reason: String) -> Booking = |cx| cx.planner()?.cancel_booking(id, &reason).await;
        /// Writes the minutes of a held consultation into its case's journal.
        fn write_booking_minutes(id: i64, text: String) -> CaseDetail =
            |cx| cx.planner()?.write_booking_minutes(id, &text).await;
        /// Marks a held consultation as not attended (*nicht erschienen*), or takes the mark back.
        fn set_booking_no_show(id: i64, no_show: bool) -> Booking =
            |cx| cx.planner()?.set_booking_no_show(id, no_show).await;
    }

    /// Appointments: site visits, workshops, the congress, imported events.
    appointments {
        fn appointments(query: CalendarQuery) -> Vec<Appointment> = |cx| cx.planner()?.appointments(&query).await;
        fn create_appointment(input: AppointmentInput) -> Appointment =
            |cx| cx.planner()?.create_appointment(input).await;
        fn update_appointment(id: i64, input: AppointmentInput) -> Appointment =
            |cx| cx.planner()?.update_appointment(id, input).await;
        fn cancel_appointment(id: i64) -> Appointment = |cx| cx.planner()?.cancel_appointment(id).await;
        fn delete_appointment(id: i64) -> () = |cx| cx.planner()?.delete_appointment(id).await;
    }

    /// Likely duplicate contacts, and merging one into another.
    duplicates {
        fn contact_duplicates() -> Vec<DuplicatePair> = |cx| cx.planner()?.contact_duplicates().await;
        /// Merges `dropId` into `keepId` in one transaction; with `dryRun` only says what would move.
        fn merge_contacts(keep_id: i64, drop_id: i64, dry_run: bool) -> MergePreview =
            |cx| cx.planner()?.merge_contacts(keep_id, drop_id, dry_run).await;
    }

    /// The network: a contact's page, topics of expertise, memberships, the graph, who knows what.
    network {
        /// A contact with their expertise, memberships, cases and events.
        fn contact_profile(id: i64) -> ContactProfile = |cx| cx.planner()?.contact_profile(id).await;
        fn set_expertise(contact_id: i64, topics: Vec<String>) -> ContactProfile =
            |cx| cx.planner()?.set_expertise(contact_id, topics).await;
        /// Adds (`id` null) or changes a person's membership; returns the person's page.
        fn save_membership(id: Option<i64>, input: MembershipInput) -> ContactProfile =
            |cx| cx.planner()?.save_membership(id, input).await;
        /// Deletes a membership entered by mistake; returns the page of `contactId`.
        fn delete_membership(id: i64, contact_id: i64) -> ContactProfile =
            |cx| cx.planner()?.delete_membership(id, contact_id).await;
        fn network_graph(filter: NetworkFilter) -> NetworkGraph = |cx| cx.planner()?.network_graph(filter).await;
        /// People and organisations who know `topic` (in `state`), ranked by how much they took part.
        fn who_knows(topic: String, state: Option<FederalState>) -> Vec<Expert> =
            |cx| cx.planner()?.who_knows(&topic, state).await;
    }

    /// The activity report (Auswertung, Tätigkeitsbericht): figures of a period and scope.
    activity_report {
        fn activity_report(query: ReportQuery) -> ActivityReport = |cx| cx.planner()?.activity_report(query).await;
        /// The cases or events behind one bar or Land of the report.
        fn activity_report_records(drill: ReportDrill) -> Vec<ReportRecord> =
            |cx| cx.planner()?.activity_report_records(drill).await;
        /// What each figure counts, in the order the report shows them.
        fn figure_definitions() -> Vec<FigureDefinition> = |cx| Ok(cx.planner()?.figure_definitions());
        /// Asks for a file in the native save dialog and writes the report as PDF, XLSX or CSV; null when cancelled.
        fn save_activity_report(query: ReportQuery, texts: ReportTexts, format: ReportFormat) -> Option<SavedActivityReport> =
            |cx| dialogs::save_activity_report(cx.app(), cx.planner()?, query, texts, format).await;
    }

    /// Events (Veranstaltungen) and their participants.
    events {
        /// Events starting on the days `from` to `to` (both inclusive; null: open).
        fn events(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Vec<EventSummary> =
            |cx| cx.planner()?.events(from, to).await;
        fn event(id: i64) -> Event = |cx| cx.planner()?.event(id).await;
        /// Creates an event with its appointment; an overlap with the organiser's items needs `acceptOverlap`.
        fn create_event(input: EventInput) -> Event = |cx| cx.planner()?.create_event(input).await;
        fn update_event(id: i64, input: EventInput) -> Event = |cx| cx.planner()?.update_event(id, input).await;
        fn cancel_event(id: i64) -> Event = |cx| cx.planner()?.cancel_event(id).await;
        fn set_event_results(id: i64, results: String) -> Event =
            |cx| cx.planner()?.set_event_results(id, &results).await;
        /// Notes the event in the journal of each case it concerns; how many.
        fn record_event_on_cases(id: i64) -> u32 = |cx| cx.planner()?.record_event_on_cases(id).await;
        /// Gives each case the event concerns the same follow-up task; how many.
        fn add_event_follow_up(id: i64, input: TaskInput) -> u32 = |cx| cx.planner()?.add_event_follow_up(id, input).await;
        fn event_participants(event_id: i64) -> Vec<EventParticipant> =
            |cx| cx.planner()?.event_participants(event_id).await;
        fn invite_to_event(event_id: i64, contact_ids: Vec<i64>) -> ParticipantsChanged =
            |cx| cx.planner()?.invite_to_event(event_id, &contact_ids).await;
        /// How many contacts a bulk invitation with this filter would reach.
        fn contacts_to_invite(filter: InviteFilter) -> u32 = |cx| cx.planner()?.contacts_to_invite(&filter).await;
        fn invite_matching(event_id: i64, filter: InviteFilter) -> ParticipantsChanged =
            |cx| cx.planner()?.invite_matching(event_id, &filter).await;
        /// Registering for a full event puts the participant on the waiting list; a freed place
        /// goes to the longest waiting.
        fn set_event_participant_status(event_id: i64, participant_id: i64, status: EventParticipantStatus)
            -> ParticipantsChanged =
            |cx| cx.planner()?.set_event_participant_status(event_id, participant_id, status).await;
        fn set_event_organiser(event_id: i64, participant_id: i64, organiser: bool) -> () =
            |cx| cx.planner()?.set_event_organiser(event_id, participant_id, organiser).await;
        /// Saves the participant list as CSV where the user picks (null: the dialog was cancelled).
        fn save_participant_list(event_id: i64) -> Option<SavedParticipantList> =
            |cx| dialogs::save_participant_list(cx.app(), cx.planner()?, event_id).await;
        /// Saves the participant list, the sign-in sheet or the badges as PDF (asks where).
        fn save_event_sheet(event_id: i64, sheet: EventSheet) -> Option<SavedParticipantList> =
            |cx| dialogs::save_event_sheet(cx.app(), cx.planner()?, event_id, sheet).await;
    }

    /// The calendar: slots, appointments and holidays of a period, filtered.
    calendar_view {
        fn calendar_view(query: CalendarQuery) -> CalendarView = |cx| cx.planner()?.calendar_view(&query).await;
    }

    /// Calendar files: the .ics import and export, and the subscription feed.
    calendar_files {
        /// The path picked in the native open dialog, or null when it was cancelled.
        fn choose_import_file() -> Option<String> =
            |cx| dialogs::choose_import_file(cx.app(), cx.planner()?).await;
        /// What importing `path` would do (`dryRun`: nothing is written), or imports it in one
        /// transaction; `onProgress` hears every 200 events and the end.
        fn import_ics(path: String, dry_run: bool, on_progress: Channel<ImportProgress>) -> ImportOutcome =
            |cx| {
                let report = |progress| {
                    let _ = on_progress.send(progress);
                };
                cx.planner()?.import_ics(std::path::Path::new(&path), dry_run, report).await
            };
        /// Asks for a file in the native save dialog and writes the calendar of `scope` into it;
        /// null when the dialog was cancelled.
        fn export_ics_file(scope: ExportScope) -> Option<ExportResult> =
            |cx| dialogs::export_ics_file(cx.app(), cx.planner()?, scope).await;
        fn feed_status() -> FeedStatus = |cx| cx.feed().status(cx.planner()?).await;
        /// Switches the feed on (on `port`) or off; a port in use is refused and nothing changes.
        fn set_feed_enabled(enabled: bool, port: u16) -> FeedStatus =
            |cx| cx.feed().set_enabled(cx.planner()?, enabled, port).await;
        /// A new secret link; the old one answers 404 from now on.
        fn rotate_feed_token() -> FeedStatus = |cx| cx.feed().rotate(cx.planner()?).await;
    }

    /// CalDAV: the account and the sync. A password travels only from the settings form to the
    /// backend, which keeps it in the system's keychain; null means "the one in the keychain".
    caldav {
        fn caldav_account() -> Option<CalDavAccount> = |cx| cx.planner()?.caldav_account().await;
        /// "Verbindung testen": the calendars for events this account reaches.
        fn caldav_calendars(url: String, user: String, password: Option<String>) -> Vec<CalDavCalendar> =
            |cx| caldav_passwords::calendars(cx.planner()?, cx.passwords(), url, user, password).await;
        fn create_caldav_calendar(
            url: String,
            user: String,
            password: Option<String>,
            name: String,
        ) -> CalDavCalendar =
            |cx| caldav_passwords::create_calendar(cx.planner()?, cx.passwords(), url, user, password, name).await;
        fn save_caldav_account(
            url: String,
            user: String,
            password: Option<String>,
            calendar: CalDavCalendar,
        ) -> CalDavAccount =
            |cx| caldav_passwords::save_account(cx.planner()?, cx.passwords(), url, user, password, calendar).await;
        fn sync_caldav(on_progress: Channel<SyncProgress>) -> SyncReport =
            |cx| caldav_passwords::sync(cx.planner()?, cx.passwords(), on_progress).await;
        fn caldav_status() -> SyncStatus = |cx| cx.planner()?.caldav_status().await;
        fn caldav_conflicts() -> Vec<SyncConflict> = |cx| cx.planner()?.caldav_conflicts().await;
        fn resolve_caldav_conflict(resolution: ConflictResolution) -> () =
            |cx| caldav_passwords::resolve_conflict(cx.planner()?, cx.passwords(), resolution).await;
    }

    /// The team server: joining it, syncing, the conflicts, leaving.
    team {
        fn team_status() -> TeamStatus = |cx| cx.planner()?.team_status().await;
        fn check_team_server(url: String) -> () = |cx| cx.planner()?.check_team_server(&url).await;
        fn join_team(url: String, user: String, password: String) -> TeamConnection =
            |cx| team_tokens::join(cx.planner()?, cx.passwords(), url, user, password).await;
        fn sign_in_to_team_again(password: String) -> () =
            |cx| team_tokens::sign_in_again(cx.planner()?, cx.passwords(), password).await;
        fn sync_team(on_progress: Channel<TeamProgress>) -> TeamSyncReport =
            |cx| team_tokens::sync(cx.planner()?, cx.passwords(), on_progress).await;
        fn team_conflicts() -> Vec<TeamConflict> = |cx| cx.planner()?.team_conflicts().await;
        fn decide_team_conflict(kind: String, local_id: i64, field: String, decision: TeamDecision) -> () =
            |cx| cx.planner()?.decide_team_conflict(&kind, local_id, &field, decision).await;
        fn leave_team() -> () = |cx| team_tokens::leave(cx.planner()?).await;
    }

    /// The printed and PDF dossier of a case.
    dossier {
        /// The profile the case was last printed with.
        fn print_profile(case_id: i64) -> PrintProfile = |cx| cx.planner()?.print_profile(case_id).await;
        /// The print preview's pages.
        fn preview_case(case_id: i64, request: PrintRequest) -> DossierPreview =
            |cx| cx.planner()?.preview_case(case_id, &request).await;
        /// Asks for a file in the native save dialog and writes the dossier as PDF/A; null when cancelled.
        fn save_case_pdf(case_id: i64, request: PrintRequest) -> Option<SavedDossier> =
            |cx| dialogs::save_case_pdf(cx.app(), cx.planner()?, case_id, request).await;
        /// Opens the system's print dialog for the window (which then shows only the dossier's pages).
        fn print_window() -> () = |cx| dialogs::print_window(cx.window());
    }
}
