//! Events and their participants. An event's date, time and place are its appointment's
//! (`store::appointments`); here are the rest of the event, its programme, the Kommunen and cases
//! it concerns, and who takes part. The trigger `event_participants_capacity_*` keeps the capacity
//! also between concurrent writers.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::{Instant, Stamp};
use super::Tx;
use crate::domain::{
    ContactKind, EventCase, EventFormat, EventInput, EventMunicipality, EventParticipant, EventParticipantStatus,
    EventSession, FederalState, InviteFilter, OrganisationType, ParticipantCounts,
};
use crate::{Error, Result};

const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M";

/// The event's own columns.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct EventRow {
    pub id: i64,
    pub appointment_id: i64,
    pub format: EventFormat,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub results: Option<String>,
}

impl EventRow {
    /// The capacity as the domain has it.
    pub fn capacity(&self) -> Option<u32> {
        self.capacity.and_then(|c| u32::try_from(c).ok())
    }
}

/// Adds an event carried by the appointment.
pub async fn insert(
    tx: &mut Tx,
    appointment_id: i64,
    format: EventFormat,
    online_url: Option<&str>,
    capacity: Option<u32>,
) -> Result<i64> {
    let now = Stamp::now();
    let capacity = capacity.map(i64::from);
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO events (appointment_id, format, online_url, capacity, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id AS "id!""#,
        appointment_id,
        format,
        online_url,
        capacity,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes an event's own columns.
pub async fn update(tx: &mut Tx, id: i64, e: &EventInput) -> Result<()> {
    let now = Stamp::now();
    let capacity = e.capacity.map(i64::from);
    let format = e.format;
    sqlx::query!(
        "UPDATE events SET format = ?2, online_url = ?3, capacity = ?4, updated_at = ?5 WHERE id = ?1",
        id,
        format,
        e.online_url,
        capacity,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes what came out of the event.
pub async fn set_results(tx: &mut Tx, id: i64, results: Option<&str>) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE events SET results = ?2, updated_at = ?3 WHERE id = ?1",
        id,
        results,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One event's own columns.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<EventRow>> {
    Ok(sqlx::query_as!(
        EventRow,
        r#"SELECT id, appointment_id, format AS "format: EventFormat", online_url, capacity, results
             FROM events WHERE id = ?1"#,
        id
    )
    .fetch_optional(executor)
    .await?)
}

/// The programme, replaced as a whole (it is edited as a whole).
pub async fn replace_sessions(tx: &mut Tx, event_id: i64, sessions: &[EventSession]) -> Result<()> {
    sqlx::query!("DELETE FROM event_sessions WHERE event_id = ?1", event_id)
        .execute(&mut **tx)
        .await?;
    for s in sessions {
        let (starts_at, ends_at) = (
            s.starts_at.format(LOCAL_TIME).to_string(),
            s.ends_at.format(LOCAL_TIME).to_string(),
        );
        sqlx::query!(
            "INSERT INTO event_sessions (event_id, starts_at, ends_at, room, title, speakers)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            event_id,
            starts_at,
            ends_at,
            s.room,
            s.title,
            s.speakers
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The programme, in order.
pub async fn sessions<'c, E: Executor<'c, Database = Sqlite>>(executor: E, event_id: i64) -> Result<Vec<EventSession>> {
    sqlx::query!(
        "SELECT starts_at, ends_at, room, title, speakers FROM event_sessions WHERE event_id = ?1
          ORDER BY starts_at, title, id",
        event_id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|row| {
        let parse = |text: &str| {
            NaiveDateTime::parse_from_str(text, LOCAL_TIME)
                .map_err(|_| Error::Database(format!("bad session time {text}")))
        };
        Ok(EventSession {
            starts_at: parse(&row.starts_at)?,
            ends_at: parse(&row.ends_at)?,
            room: row.room,
            title: row.title,
            speakers: row.speakers,
        })
    })
    .collect()
}

/// The Kommunen and cases the event concerns, replaced as a whole; links that stay are kept as
/// they are (the team sees no change for them).
pub async fn replace_links(tx: &mut Tx, event_id: i64, municipality_ids: &[i64], case_ids: &[i64]) -> Result<()> {
    let municipalities = serde_json::to_string(municipality_ids).map_err(|e| Error::Database(e.to_string()))?;
    let cases = serde_json::to_string(case_ids).map_err(|e| Error::Database(e.to_string()))?;
    sqlx::query!(
        "DELETE FROM event_links WHERE event_id = ?1
            AND (municipality_id NOT IN (SELECT value FROM json_each(?2))
                 OR case_id NOT IN (SELECT value FROM json_each(?3)))",
        event_id,
        municipalities,
        cases
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO event_links (event_id, municipality_id, case_id)
         SELECT ?1, municipality_id, case_id
           FROM (SELECT value AS municipality_id, NULL AS case_id FROM json_each(?2)
                 UNION ALL SELECT NULL, value FROM json_each(?3))
          WHERE true
         ON CONFLICT DO NOTHING",
        event_id,
        municipalities,
        cases
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The Kommunen the event concerns, by name.
pub async fn municipalities<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    event_id: i64,
) -> Result<Vec<EventMunicipality>> {
    sqlx::query!(
        r#"SELECT m.id, m.name, m.state FROM event_links l JOIN municipalities m ON m.id = l.municipality_id
            WHERE l.event_id = ?1 ORDER BY m.name, m.id"#,
        event_id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|row| {
        Ok(EventMunicipality {
            id: row.id,
            state: FederalState::from_code(&row.state)
                .ok_or_else(|| Error::Database(format!("unknown state {}", row.state)))?,
            name: row.name,
        })
    })
    .collect()
}

/// The cases the event concerns, by reference.
pub async fn cases<'c, E: Executor<'c, Database = Sqlite>>(executor: E, event_id: i64) -> Result<Vec<EventCase>> {
    Ok(sqlx::query_as!(
        EventCase,
        r#"SELECT c.id, c.reference, c.title FROM event_links l JOIN cases c ON c.id = l.case_id
            WHERE l.event_id = ?1 ORDER BY c.reference"#,
        event_id
    )
    .fetch_all(executor)
    .await?)
}

/// An event in a list: its own columns, its appointment's and the participants per state.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct SummaryRow {
    pub id: i64,
    pub format: EventFormat,
    pub capacity: Option<i64>,
    pub title: String,
    pub location: Option<String>,
    pub time_zone: String,
    pub all_day: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub cancelled: bool,
    pub invited: i64,
    pub registered: i64,
    pub waitlisted: i64,
    pub cancelled_participants: i64,
    pub attended: i64,
    pub no_show: i64,
}

impl SummaryRow {
    /// The participants per state.
    pub fn counts(&self) -> ParticipantCounts {
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        ParticipantCounts {
            invited: n(self.invited),
            registered: n(self.registered),
            waitlisted: n(self.waitlisted),
            cancelled: n(self.cancelled_participants),
            attended: n(self.attended),
            no_show: n(self.no_show),
        }
    }
}

/// Events starting in `[from, to)` (either open), or the one with `id`; by start.
pub async fn summaries<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    id: Option<i64>,
) -> Result<Vec<SummaryRow>> {
    let (from, to) = (from.map(Instant::new), to.map(Instant::new));
    Ok(sqlx::query_as!(
        SummaryRow,
        r#"SELECT e.id, e.format AS "format: EventFormat", e.capacity, a.title, a.location, a.time_zone,
                  a.all_day AS "all_day: bool", a.starts_on AS "starts_on: NaiveDate", a.ends_on AS "ends_on: NaiveDate",
                  a.start_at AS "start_at: Instant", a.end_at AS "end_at: Instant",
                  a.status = 'cancelled' AS "cancelled!: bool",
                  count(p.id) FILTER (WHERE p.status = 'invited') AS "invited!: i64",
                  count(p.id) FILTER (WHERE p.status = 'registered') AS "registered!: i64",
                  count(p.id) FILTER (WHERE p.status = 'waitlisted') AS "waitlisted!: i64",
                  count(p.id) FILTER (WHERE p.status = 'cancelled') AS "cancelled_participants!: i64",
                  count(p.id) FILTER (WHERE p.status = 'attended') AS "attended!: i64",
                  count(p.id) FILTER (WHERE p.status = 'no_show') AS "no_show!: i64"
             FROM events e
             JOIN appointments a ON a.id = e.appointment_id
             LEFT JOIN event_participants p ON p.event_id = e.id
            WHERE (?1 IS NULL OR a.start_at >= ?1) AND (?2 IS NULL OR a.start_at < ?2) AND (?3 IS NULL OR e.id = ?3)
            GROUP BY e.id
            ORDER BY a.start_at, e.id"#,
        from,
        to,
        id
    )
    .fetch_all(executor)
    .await?)
}

/// The event an appointment carries, if it carries one.
pub async fn of_appointment<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    appointment_id: i64,
) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM events WHERE appointment_id = ?1", appointment_id)
            .fetch_optional(executor)
            .await?,
    )
}

/// A participant row joined with its contact.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ParticipantRow {
    pub id: i64,
    pub event_id: i64,
    pub contact_id: Option<i64>,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub status: EventParticipantStatus,
    pub organiser: bool,
    pub status_since: DateTime<Utc>,
}

impl From<ParticipantRow> for EventParticipant {
    fn from(row: ParticipantRow) -> Self {
        Self {
            id: row.id,
            event_id: row.event_id,
            contact_id: row.contact_id,
            name: row.name,
            organisation: row.organisation,
            email: row.email,
            status: row.status,
            moves: row.status.moves(),
            organiser: row.organiser,
            status_since: row.status_since,
        }
    }
}

/// The participants of an event (or the one with `id`): organisers first, then by name.
pub async fn participants<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    event_id: i64,
    id: Option<i64>,
) -> Result<Vec<EventParticipant>> {
    Ok(sqlx::query_as!(
        ParticipantRow,
        r#"SELECT p.id, p.event_id, p.contact_id, k.name AS "name?", k.organisation, k.email,
                  p.status AS "status: EventParticipantStatus", p.organiser AS "organiser: bool",
                  p.status_since AS "status_since: Stamp"
             FROM event_participants p LEFT JOIN contacts k ON k.id = p.contact_id
            WHERE p.event_id = ?1 AND (?2 IS NULL OR p.id = ?2)
            ORDER BY p.organiser DESC, k.name COLLATE NOCASE, p.id"#,
        event_id,
        id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(EventParticipant::from)
    .collect())
}

/// Places taken now.
pub async fn places_taken<'c, E: Executor<'c, Database = Sqlite>>(executor: E, event_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM event_participants
            WHERE event_id = ?1 AND status IN ('registered', 'attended', 'no_show')"#,
        event_id
    )
    .fetch_one(executor)
    .await?)
}

/// Adds a contact to the event in this state; `None` when they are on its list already.
pub async fn add_participant(
    tx: &mut Tx,
    event_id: i64,
    contact_id: i64,
    status: EventParticipantStatus,
    organiser: bool,
) -> Result<Option<i64>> {
    let now = Stamp::now();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO event_participants (event_id, contact_id, status, organiser, status_since, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)
           ON CONFLICT DO NOTHING RETURNING id AS "id!""#,
        event_id,
        contact_id,
        status,
        organiser,
        now
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Moves a participant to a state (from now on, for the waiting list's order).
pub async fn set_status(tx: &mut Tx, id: i64, status: EventParticipantStatus) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE event_participants SET status = ?2, status_since = ?3, updated_at = ?3 WHERE id = ?1",
        id,
        status,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a participant as organiser or not.
pub async fn set_organiser(tx: &mut Tx, id: i64, organiser: bool) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE event_participants SET organiser = ?2, updated_at = ?3 WHERE id = ?1",
        id,
        organiser,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The first on the waiting list: the longest waiting.
pub async fn first_waiting(tx: &mut Tx, event_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM event_participants WHERE event_id = ?1 AND status = 'waitlisted'
          ORDER BY status_since, id LIMIT 1",
        event_id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The contacts a bulk invitation reaches: of a kind, of an organisation type, on a case in a
/// Bundesland, on a case of a topic (each given field narrows it).
pub async fn contacts_matching<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    filter: &InviteFilter,
) -> Result<Vec<i64>> {
    let kind: Option<ContactKind> = filter.kind;
    let organisation_type: Option<OrganisationType> = filter.organisation_type;
    let state = filter.state.map(FederalState::code);
    let topic = filter.topic.as_deref().map(str::trim).filter(|t| !t.is_empty());
    Ok(sqlx::query_scalar!(
        r#"SELECT k.id AS "id!" FROM contacts k
            WHERE (?1 IS NULL OR k.kind = ?1)
              AND (?2 IS NULL OR k.organisation_type = ?2)
              AND (?3 IS NULL OR EXISTS (SELECT 1 FROM case_contacts cc
                                           JOIN cases c ON c.id = cc.case_id
                                           JOIN municipalities m ON m.id = c.municipality_id
                                          WHERE cc.contact_id = k.id AND m.state = ?3))
              AND (?4 IS NULL OR EXISTS (SELECT 1 FROM case_contacts cc
                                           JOIN case_topics ct ON ct.case_id = cc.case_id
                                           JOIN topics t ON t.id = ct.topic_id
                                          WHERE cc.contact_id = k.id AND t.name = ?4 COLLATE NOCASE))
            ORDER BY k.name COLLATE NOCASE, k.id"#,
        kind,
        organisation_type,
        state,
        topic
    )
    .fetch_all(executor)
    .await?)
}

/// How many came to the event who have a role on a case in the Kommune ("3 Teilnehmende aus
/// Oberstedt").
pub async fn attended_from<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    event_id: i64,
    municipality_id: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(DISTINCT p.contact_id) AS "n!: i64" FROM event_participants p
            WHERE p.event_id = ?1 AND p.status = 'attended'
              AND EXISTS (SELECT 1 FROM case_contacts cc JOIN cases c ON c.id = cc.case_id
                           WHERE cc.contact_id = p.contact_id AND c.municipality_id = ?2)"#,
        event_id,
        municipality_id
    )
    .fetch_one(executor)
    .await?)
}
