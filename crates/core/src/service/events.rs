//! `Planner` operations on events (Veranstaltungen) and their participants.
//!
//! An event is written with its appointment in one transaction: the appointment carries it into
//! the calendar, the exports, the feed and the CalDAV push. Participants move between states by
//! the rules of `EventParticipantStatus::may_move_to`; a registration that finds the event full
//! goes to the waiting list, and a place that becomes free goes to the longest waiting, in the
//! same transaction (which `BEGIN IMMEDIATE` serialises between writers; a trigger refuses any
//! write past the capacity all the same).

use chrono::{Days, NaiveDate};

use crate::domain::*;
use crate::error::Entity;
use crate::store::{self, Tx};
use crate::{Error, Result};

use super::calendar_view::overlap_error;
use super::Planner;

impl Planner {
    /// Events starting on the days `from` to `to` (both inclusive, either open), by start.
    pub async fn events(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<EventSummary>> {
        let (from, to) = (from.map(day_start), to.map(|d| day_start(d + Days::new(1))));
        store::events::summaries(self.store.pool(), from, to, None)
            .await?
            .into_iter()
            .map(summary)
            .collect()
    }

    /// One event with its programme, links and counts.
    pub async fn event(&self, id: i64) -> Result<Event> {
        let pool = self.store.pool();
        let row = store::events::get(pool, id)
            .await?
            .ok_or(Error::not_found(Entity::Event, id))?;
        let appointment = self.appointment(row.appointment_id).await?;
        let municipalities = store::events::municipalities(pool, id).await?;
        let cases = store::events::cases(pool, id).await?;
        let counts = store::events::summaries(pool, None, None, Some(id))
            .await?
            .first()
            .map(store::events::SummaryRow::counts)
            .unwrap_or_default();
        let sessions = store::events::sessions(pool, id).await?;
        let entered = &appointment.input;
        Ok(Event {
            id,
            input: EventInput {
                format: row.format,
                title: entered.title.clone(),
                location: entered.location.clone().filter(|l| Some(l) != row.online_url.as_ref()),
                online_url: row.online_url.clone(),
                organiser: entered.advisor.clone(),
                all_day: entered.all_day,
                starts_on: entered.starts_on,
                ends_on: entered.ends_on,
                start_time: entered.start_time,
                end_time: entered.end_time,
                time_zone: entered.time_zone.clone(),
                capacity: row.capacity(),
                notes: entered.notes.clone(),
                municipality_ids: municipalities.iter().map(|m| m.id).collect(),
                case_ids: cases.iter().map(|c| c.id).collect(),
                sessions,
                accept_overlap: false,
            },
            appointment,
            results: row.results,
            municipalities,
            cases,
            counts,
        })
    }

    async fn validate_event(&self, input: &EventInput) -> Result<(EventInput, ValidAppointment)> {
        let (event, appointment) = input.validate()?;
        let pool = self.store.pool();
        for &id in &event.municipality_ids {
            if store::municipalities::get(pool, id).await?.is_none() {
                return Err(Error::field(
                    "municipality_ids",
                    "Unbekannte Kommune.",
                    "Unknown municipality.",
                ));
            }
        }
        for &id in &event.case_ids {
            if store::cases::get(pool, id).await?.is_none() {
                return Err(Error::field("case_ids", "Unbekannter Beratungsfall.", "Unknown case."));
            }
        }
        Ok((event, appointment))
    }

    async fn refuse_overlap(&self, tx: &mut Tx, appointment: &ValidAppointment, except: Option<i64>) -> Result<()> {
        if appointment.input.accept_overlap {
            return Ok(());
        }
        let names = self
            .check_overlap(
                tx,
                &appointment.input.advisor,
                appointment.start,
                appointment.end,
                None,
                except,
            )
            .await?;
        if names.is_empty() {
            Ok(())
        } else {
            Err(overlap_error(&names))
        }
    }

    /// Creates an event with its appointment, programme and links; an overlap with another item
    /// of the organiser needs `accept_overlap`.
    pub async fn create_event(&self, input: EventInput) -> Result<Event> {
        let (event, appointment) = self.validate_event(&input).await?;
        let mut tx = self.store.begin().await?;
        self.refuse_overlap(&mut tx, &appointment, None).await?;
        let appointment_id = store::appointments::insert(&mut tx, &new_uid(), &appointment).await?;
        let id = store::events::insert(
            &mut tx,
            appointment_id,
            event.format,
            event.online_url.as_deref(),
            event.capacity,
        )
        .await?;
        store::events::replace_sessions(&mut tx, id, &event.sessions).await?;
        store::events::replace_links(&mut tx, id, &event.municipality_ids, &event.case_ids).await?;
        tx.commit().await?;
        self.event(id).await
    }

    /// Changes an event. A smaller capacity than the places taken is refused (nobody loses a
    /// place by an edit); a larger one moves the waiting list up.
    pub async fn update_event(&self, id: i64, input: EventInput) -> Result<Event> {
        let (event, appointment) = self.validate_event(&input).await?;
        let mut tx = self.store.begin().await?;
        let row = store::events::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Event, id))?;
        self.refuse_overlap(&mut tx, &appointment, Some(row.appointment_id))
            .await?;
        let taken = store::events::places_taken(&mut *tx, id).await?;
        if event.capacity.is_some_and(|c| i64::from(c) < taken) {
            return Err(Error::field(
                "capacity",
                &format!("{taken} Plätze sind schon vergeben; bitte nicht weniger angeben."),
                &format!("{taken} places are taken already; please give no fewer."),
            ));
        }
        store::appointments::update(&mut tx, row.appointment_id, &appointment).await?;
        store::events::update(&mut tx, id, &event).await?;
        store::events::replace_sessions(&mut tx, id, &event.sessions).await?;
        store::events::replace_links(&mut tx, id, &event.municipality_ids, &event.case_ids).await?;
        fill_places(&mut tx, id, event.capacity).await?;
        tx.commit().await?;
        self.event(id).await
    }

    /// Cancels an event: its appointment is cancelled (calendars learn of it); the participants stay.
    pub async fn cancel_event(&self, id: i64) -> Result<Event> {
        let row = store::events::get(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Event, id))?;
        self.cancel_appointment(row.appointment_id).await?;
        self.event(id).await
    }

    /// Writes what came out of the event.
    pub async fn set_event_results(&self, id: i64, results: &str) -> Result<Event> {
        let mut errors = FieldErrors::default();
        errors.limit_text("results", Some(results), 20_000);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        if store::events::get(&mut *tx, id).await?.is_none() {
            return Err(Error::not_found(Entity::Event, id));
        }
        store::events::set_results(&mut tx, id, non_empty(Some(results)).as_deref()).await?;
        tx.commit().await?;
        self.event(id).await
    }

    /// Gives each case the event concerns the same follow-up task (one transaction); how many.
    pub async fn add_event_follow_up(&self, event_id: i64, input: TaskInput) -> Result<u32> {
        let valid = input.validate()?;
        let event = self.event(event_id).await?;
        if event.cases.is_empty() {
            return Err(Error::conflict(
                "Die Veranstaltung betrifft keinen Beratungsfall.",
                "the event concerns no case",
            ));
        }
        let mut tx = self.store.begin().await?;
        for linked in &event.cases {
            store::tasks::insert(&mut tx, linked.id, &valid).await?;
            store::cases::touch(&mut tx, linked.id).await?;
        }
        tx.commit().await?;
        Ok(u32::try_from(event.cases.len()).unwrap_or(u32::MAX))
    }

    /// Notes the event in the journal of each case it concerns ("Workshop „Quartiersfonds“: 3
    /// Teilnehmende aus Oberstedt", with the results when written), in one transaction; how many.
    pub async fn record_event_on_cases(&self, event_id: i64) -> Result<u32> {
        let event = self.event(event_id).await?;
        if event.cases.is_empty() {
            return Err(Error::conflict(
                "Die Veranstaltung betrifft keinen Beratungsfall.",
                "the event concerns no case",
            ));
        }
        let kind = match event.input.format {
            EventFormat::Workshop => JournalKind::Workshop,
            EventFormat::SiteVisit => JournalKind::SiteVisit,
            EventFormat::Congress | EventFormat::NetworkMeeting | EventFormat::Online => JournalKind::Meeting,
        };
        let mut tx = self.store.begin().await?;
        for linked in &event.cases {
            let case = store::cases::get(&mut *tx, linked.id)
                .await?
                .ok_or(Error::not_found(Entity::Case, linked.id))?;
            let place = store::municipalities::get(&mut *tx, case.municipality_id)
                .await?
                .map(|m| m.name)
                .unwrap_or_default();
            let came = store::events::attended_from(&mut *tx, event_id, case.municipality_id).await?;
            let mut text = format!(
                "{} „{}“: {came} Teilnehmende aus {place}",
                event.input.format.german(),
                event.input.title
            );
            if let Some(results) = &event.results {
                text.push_str("\n\nErgebnisse: ");
                text.push_str(results);
            }
            store::journal::insert(
                &mut tx,
                linked.id,
                event.input.starts_on,
                kind,
                &event.input.organiser,
                &text,
            )
            .await?;
            store::cases::touch(&mut tx, linked.id).await?;
        }
        tx.commit().await?;
        Ok(u32::try_from(event.cases.len()).unwrap_or(u32::MAX))
    }

    /// The participants of an event: organisers first, then by name.
    pub async fn event_participants(&self, event_id: i64) -> Result<Vec<EventParticipant>> {
        if store::events::get(self.store.pool(), event_id).await?.is_none() {
            return Err(Error::not_found(Entity::Event, event_id));
        }
        store::events::participants(self.store.pool(), event_id, None).await
    }

    /// Invites contacts; those on the list already stay as they are.
    pub async fn invite_to_event(&self, event_id: i64, contact_ids: &[i64]) -> Result<ParticipantsChanged> {
        let mut tx = self.store.begin().await?;
        if store::events::get(&mut *tx, event_id).await?.is_none() {
            return Err(Error::not_found(Entity::Event, event_id));
        }
        let mut changed = ParticipantsChanged::default();
        for &contact in contact_ids {
            if store::contacts::get(&mut *tx, contact).await?.is_none() {
                return Err(Error::field(
                    "contact_ids",
                    "Unbekannte Ansprechperson.",
                    "Unknown contact.",
                ));
            }
            match store::events::add_participant(&mut tx, event_id, contact, EventParticipantStatus::Invited, false)
                .await?
            {
                Some(_) => changed.invited += 1,
                None => changed.already += 1,
            }
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Invites every contact the filter finds (all contacts of a type, of a Bundesland, of a topic).
    pub async fn invite_matching(&self, event_id: i64, filter: &InviteFilter) -> Result<ParticipantsChanged> {
        let contacts = store::events::contacts_matching(self.store.pool(), filter).await?;
        self.invite_to_event(event_id, &contacts).await
    }

    /// How many contacts a bulk invitation would reach (the preview before inviting).
    pub async fn contacts_to_invite(&self, filter: &InviteFilter) -> Result<u32> {
        let contacts = store::events::contacts_matching(self.store.pool(), filter).await?;
        Ok(u32::try_from(contacts.len()).unwrap_or(u32::MAX))
    }

    /// Moves a participant to another state. Registering finds the event full: the waiting list
    /// instead. Giving up a place: the longest waiting moves up.
    pub async fn set_event_participant_status(
        &self,
        event_id: i64,
        participant_id: i64,
        wanted: EventParticipantStatus,
    ) -> Result<ParticipantsChanged> {
        let mut tx = self.store.begin().await?;
        let row = store::events::get(&mut *tx, event_id)
            .await?
            .ok_or(Error::not_found(Entity::Event, event_id))?;
        let participant = store::events::participants(&mut *tx, event_id, Some(participant_id))
            .await?
            .into_iter()
            .next()
            .ok_or(Error::not_found(Entity::EventParticipant, participant_id))?;
        if !participant.status.may_move_to(wanted) {
            return Err(Error::field(
                "status",
                &format!(
                    "Von „{}“ geht es nicht zu „{}“.",
                    participant.status.german(),
                    wanted.german()
                ),
                &format!("{:?} cannot become {:?}.", participant.status, wanted),
            ));
        }
        let mut changed = ParticipantsChanged::default();
        let full = |taken: i64| row.capacity().is_some_and(|c| taken >= i64::from(c));
        let status = if wanted == EventParticipantStatus::Registered
            && !participant.status.holds_place()
            && full(store::events::places_taken(&mut *tx, event_id).await?)
        {
            changed.waitlisted = 1;
            EventParticipantStatus::Waitlisted
        } else {
            wanted
        };
        if status != participant.status {
            store::events::set_status(&mut tx, participant_id, status).await?;
        }
        changed.moved_up = fill_places(&mut tx, event_id, row.capacity()).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Saves an event's participant list as CSV (recorded in the audit trail: personal data leave
    /// the app).
    pub async fn save_participant_list(&self, event_id: i64, path: &std::path::Path) -> Result<SavedParticipantList> {
        let event = self.event(event_id).await?;
        let participants = self.event_participants(event_id).await?;
        let bytes = crate::report::participant_list::to_csv(&event, &participants)?;
        super::write_private(path, bytes).await?;
        self.record(AuditEntry {
            action: AuditAction::ParticipantListSaved,
            subject: Some((AuditSubjectKind::Event, event_id)),
            detail: format!("csv, {}", participants.len()),
        })
        .await?;
        Ok(SavedParticipantList {
            path: path.display().to_string(),
            participants: u32::try_from(participants.len()).unwrap_or(u32::MAX),
        })
    }

    /// Writes a printed sheet of the event (participant list, sign-in sheet, badges) as PDF/A to
    /// `path`, recorded in the audit trail as the CSV list is.
    pub async fn save_event_sheet(
        &self,
        event_id: i64,
        sheet: EventSheet,
        path: &std::path::Path,
    ) -> Result<SavedParticipantList> {
        if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            return Err(Error::field(
                "path",
                &format!("„{}“: bitte als .pdf speichern.", path.display()),
                &format!("{}: the file must end in .pdf", path.display()),
            ));
        }
        let event = self.event(event_id).await?;
        let participants = self.event_participants(event_id).await?;
        let today = chrono::Local::now().date_naive();
        let bytes = crate::report::event_sheets::to_pdf(&event, &participants, sheet, today)?;
        let printed = crate::report::event_sheets::count(sheet, &participants);
        super::write_private(path, bytes).await?;
        self.record(AuditEntry {
            action: AuditAction::ParticipantListSaved,
            subject: Some((AuditSubjectKind::Event, event_id)),
            detail: format!("pdf {}, {printed}", sheet.german()),
        })
        .await?;
        Ok(SavedParticipantList {
            path: path.display().to_string(),
            participants: u32::try_from(printed).unwrap_or(u32::MAX),
        })
    }

    /// The file name a participant list is proposed under: the event's day and title.
    pub async fn participant_list_file_name(&self, event_id: i64) -> Result<String> {
        self.event_file_name(event_id, "teilnehmende", "csv").await
    }

    /// The file name a printed sheet is proposed under.
    pub async fn event_sheet_file_name(&self, event_id: i64, sheet: EventSheet) -> Result<String> {
        self.event_file_name(event_id, &sheet.german().to_lowercase(), "pdf")
            .await
    }

    async fn event_file_name(&self, event_id: i64, stem: &str, extension: &str) -> Result<String> {
        let event = self.event(event_id).await?;
        let title: String = event
            .input
            .title
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let title = title.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        Ok(format!("{stem}-{}-{title}.{extension}", event.input.starts_on))
    }

    /// Marks a participant as one of the organisers, or not.
    pub async fn set_event_organiser(&self, event_id: i64, participant_id: i64, organiser: bool) -> Result<()> {
        let mut tx = self.store.begin().await?;
        if store::events::participants(&mut *tx, event_id, Some(participant_id))
            .await?
            .is_empty()
        {
            return Err(Error::not_found(Entity::EventParticipant, participant_id));
        }
        store::events::set_organiser(&mut tx, participant_id, organiser).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Gives free places to the waiting list, longest waiting first; how many moved up.
async fn fill_places(tx: &mut Tx, event_id: i64, capacity: Option<u32>) -> Result<u32> {
    let mut moved = 0;
    loop {
        let taken = store::events::places_taken(&mut **tx, event_id).await?;
        if capacity.is_some_and(|c| taken >= i64::from(c)) {
            return Ok(moved);
        }
        let Some(next) = store::events::first_waiting(tx, event_id).await? else {
            return Ok(moved);
        };
        store::events::set_status(tx, next, EventParticipantStatus::Registered).await?;
        moved += 1;
    }
}

fn summary(row: store::events::SummaryRow) -> Result<EventSummary> {
    let zone: chrono_tz::Tz = row
        .time_zone
        .parse()
        .map_err(|_| Error::Database(format!("unknown time zone {}", row.time_zone)))?;
    Ok(EventSummary {
        id: row.id,
        format: row.format,
        counts: row.counts(),
        title: row.title,
        all_day: row.all_day,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        start: row.start_at.with_timezone(&zone).fixed_offset(),
        end: row.end_at.with_timezone(&zone).fixed_offset(),
        location: row.location,
        capacity: row.capacity.and_then(|c| u32::try_from(c).ok()),
        cancelled: row.cancelled,
    })
}
