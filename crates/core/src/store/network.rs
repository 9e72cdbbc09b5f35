//! The network's tables (memberships, topics of expertise) and the reads behind the graph and "who
//! knows X". Lists of ids go into a query as one JSON array (`json_each`), so a statement's text
//! never depends on the data.
//!
//! A case's Kommune is read through the index `cases_municipality` (Kommune, status; the case's id
//! is in every index entry), walking from the Kommunen: looking each case up by its id would read
//! (and decrypt) the case's whole row, summary and all, for one number.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite};

use super::contacts::ContactRow;
use super::instant::Stamp;
use super::Tx;
use crate::domain::{
    Contact, ContactCase, ContactEvent, ContactKind, EventParticipantStatus, EventPlace, FederalState, Membership,
    MembershipInput, NetworkFilter, NetworkNodeKind, NodeFacts, OrganisationType, RoleLink,
};
use crate::{Error, Result};

/// A row of `memberships` with both names.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct MembershipRow {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub role: Option<String>,
    pub from_on: Option<NaiveDate>,
    pub until_on: Option<NaiveDate>,
}

impl From<MembershipRow> for Membership {
    fn from(row: MembershipRow) -> Self {
        Membership {
            id: row.id,
            person_id: row.person_id,
            person_name: row.person_name,
            organisation_id: row.organisation_id,
            organisation_name: row.organisation_name,
            role: row.role,
            from_on: row.from_on,
            until_on: row.until_on,
        }
    }
}

/// The memberships a contact is part of (as the person or the organisation): current first, then
/// by start.
pub async fn memberships_of<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    contact_id: i64,
) -> Result<Vec<Membership>> {
    Ok(sqlx::query_as!(
        MembershipRow,
        r#"SELECT ms.id AS "id!", ms.person_id, p.name AS person_name, ms.organisation_id, o.name AS organisation_name,
                  ms.role, ms.from_on AS "from_on: NaiveDate", ms.until_on AS "until_on: NaiveDate"
             FROM memberships ms
             JOIN contacts p ON p.id = ms.person_id
             JOIN contacts o ON o.id = ms.organisation_id
            WHERE ?1 IN (ms.person_id, ms.organisation_id)
            ORDER BY ms.until_on IS NOT NULL, ms.from_on DESC, p.name COLLATE NOCASE, o.name COLLATE NOCASE"#,
        contact_id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(Membership::from)
    .collect())
}

/// The person and organisation of a membership.
pub async fn membership_contacts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    id: i64,
) -> Result<Option<(i64, i64)>> {
    Ok(
        sqlx::query!("SELECT person_id, organisation_id FROM memberships WHERE id = ?1", id)
            .fetch_optional(executor)
            .await?
            .map(|row| (row.person_id, row.organisation_id)),
    )
}

/// Inserts a membership.
pub async fn insert_membership(tx: &mut Tx, input: &MembershipInput) -> Result<i64> {
    let now = Stamp::now();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO memberships (person_id, organisation_id, role, from_on, until_on, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id AS "id!""#,
        input.person_id,
        input.organisation_id,
        input.role,
        input.from_on,
        input.until_on,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes a membership's role and period; `false` when missing.
pub async fn update_membership(tx: &mut Tx, id: i64, input: &MembershipInput) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE memberships SET organisation_id = ?2, role = ?3, from_on = ?4, until_on = ?5, updated_at = ?6
          WHERE id = ?1",
        id,
        input.organisation_id,
        input.role,
        input.from_on,
        input.until_on,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a membership entered by mistake; `false` when missing.
pub async fn delete_membership(tx: &mut Tx, id: i64) -> Result<bool> {
    let done = sqlx::query!("DELETE FROM memberships WHERE id = ?1", id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A contact's topics of expertise.
pub async fn expertise<'c, E: Executor<'c, Database = Sqlite>>(executor: E, contact_id: i64) -> Result<Vec<String>> {
    let json = sqlx::query_scalar!("SELECT expertise FROM contacts WHERE id = ?1", contact_id)
        .fetch_optional(executor)
        .await?
        .flatten();
    match json {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|e| Error::Database(format!("expertise as stored: {e}"))),
    }
}

/// Sets a contact's topics of expertise (`NULL` for none); `false` when the contact is missing.
pub async fn set_expertise(tx: &mut Tx, contact_id: i64, topics: &[String]) -> Result<bool> {
    let now = Stamp::now();
    let json = if topics.is_empty() {
        None
    } else {
        Some(serde_json::to_string(topics).map_err(|e| Error::Database(format!("expertise as stored: {e}")))?)
    };
    let done = sqlx::query!(
        "UPDATE contacts SET expertise = ?2, updated_at = ?3 WHERE id = ?1 AND expertise IS NOT ?2",
        contact_id,
        json,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1 || super::contacts::get(&mut **tx, contact_id).await?.is_some())
}

/// A contact's roles on cases, newest first.
pub async fn cases_of<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    contact_id: i64,
) -> Result<Vec<ContactCase>> {
    Ok(sqlx::query_as!(
        ContactCase,
        r#"SELECT c.id AS "case_id!", c.reference, c.title, m.name AS municipality, cc.role,
                  cc.from_on AS "from_on: NaiveDate", cc.until_on AS "until_on: NaiveDate"
             FROM case_contacts cc
             JOIN cases c ON c.id = cc.case_id
             JOIN municipalities m ON m.id = c.municipality_id
            WHERE cc.contact_id = ?1
            ORDER BY cc.from_on DESC, c.reference"#,
        contact_id
    )
    .fetch_all(executor)
    .await?)
}

/// The events a contact was invited to, newest first.
pub async fn events_of<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    contact_id: i64,
) -> Result<Vec<ContactEvent>> {
    Ok(sqlx::query_as!(
        ContactEvent,
        r#"SELECT e.id AS "event_id!", a.title, a.starts_on AS "starts_on: NaiveDate",
                  p.status AS "status: EventParticipantStatus"
             FROM event_participants p
             JOIN events e ON e.id = p.event_id
             JOIN appointments a ON a.id = e.appointment_id
            WHERE p.contact_id = ?1
            ORDER BY a.start_at DESC, e.id"#,
        contact_id
    )
    .fetch_all(executor)
    .await?)
}

fn filter_binds(filter: &NetworkFilter) -> (Option<&'static str>, Option<&str>, Option<NaiveDate>, Option<NaiveDate>) {
    (
        filter.state.map(FederalState::code),
        filter.topic.as_deref(),
        filter.from_on,
        filter.until_on,
    )
}

/// The roles on cases the filter admits: cases in the Bundesland, of the topic, roles overlapping
/// the period.
pub async fn role_links<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    filter: &NetworkFilter,
) -> Result<Vec<RoleLink>> {
    let (state, topic, from_on, until_on) = filter_binds(filter);
    Ok(sqlx::query_as!(
        RoleLink,
        r#"SELECT cc.contact_id AS "contact_id!", cc.case_id, c.municipality_id
             FROM municipalities m
             CROSS JOIN cases c ON c.municipality_id = m.id
             CROSS JOIN case_contacts cc ON cc.case_id = c.id
            WHERE cc.contact_id IS NOT NULL
              AND (?1 IS NULL OR m.state = ?1)
              AND (?2 IS NULL OR EXISTS (SELECT 1 FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                          WHERE ct.case_id = cc.case_id AND t.name = ?2 COLLATE NOCASE))
              AND (?3 IS NULL OR cc.until_on IS NULL OR cc.until_on >= ?3)
              AND (?4 IS NULL OR cc.from_on <= ?4)"#,
        state,
        topic,
        from_on,
        until_on
    )
    .fetch_all(executor)
    .await?)
}

/// The places taken at events (registered or attended) that the filter admits: events in the
/// Bundesland (through their Kommunen and cases), about the topic, within the period.
pub async fn event_places<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    filter: &NetworkFilter,
) -> Result<Vec<EventPlace>> {
    let (state, topic, from_on, until_on) = filter_binds(filter);
    Ok(sqlx::query_as!(
        EventPlace,
        r#"SELECT p.contact_id AS "contact_id!", p.event_id
             FROM event_participants p
             JOIN events e ON e.id = p.event_id
             JOIN appointments a ON a.id = e.appointment_id
            WHERE p.contact_id IS NOT NULL AND p.status IN ('registered', 'attended')
              AND (?1 IS NULL OR EXISTS (SELECT 1 FROM event_links l
                                           LEFT JOIN cases c ON c.id = l.case_id
                                           JOIN municipalities m ON m.id = coalesce(l.municipality_id, c.municipality_id)
                                          WHERE l.event_id = e.id AND m.state = ?1))
              AND (?2 IS NULL OR instr(lower(a.title), lower(?2)) > 0
                   OR EXISTS (SELECT 1 FROM event_links l
                                JOIN case_topics ct ON ct.case_id = l.case_id
                                JOIN topics t ON t.id = ct.topic_id
                               WHERE l.event_id = e.id AND t.name = ?2 COLLATE NOCASE))
              AND (?3 IS NULL OR a.ends_on >= ?3)
              AND (?4 IS NULL OR a.starts_on <= ?4)"#,
        state,
        topic,
        from_on,
        until_on
    )
    .fetch_all(executor)
    .await?)
}

/// Memberships overlapping the period: (person, organisation).
pub async fn membership_links<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    filter: &NetworkFilter,
) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query!(
        "SELECT person_id, organisation_id FROM memberships
          WHERE (?1 IS NULL OR until_on IS NULL OR until_on >= ?1)
            AND (?2 IS NULL OR from_on IS NULL OR from_on <= ?2)",
        filter.from_on,
        filter.until_on
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|row| (row.person_id, row.organisation_id))
    .collect())
}

/// Contacts naming `topic` as their expertise (within a Bundesland: with a role on a case there).
pub async fn declared_experts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    topic: &str,
    state: Option<FederalState>,
) -> Result<Vec<i64>> {
    let state = state.map(FederalState::code);
    Ok(sqlx::query_scalar!(
        r#"SELECT k.id AS "id!" FROM contacts k
            WHERE k.expertise IS NOT NULL
              AND EXISTS (SELECT 1 FROM json_each(k.expertise) x WHERE x.value = ?1 COLLATE NOCASE)
              AND (?2 IS NULL OR k.id IN (SELECT cc.contact_id FROM municipalities m
                                            CROSS JOIN cases c ON c.municipality_id = m.id
                                            CROSS JOIN case_contacts cc ON cc.case_id = c.id
                                           WHERE m.state = ?2))"#,
        topic,
        state
    )
    .fetch_all(executor)
    .await?)
}

/// Every contact as a node (2,500 rows read once are cheaper than a list of ids bound per query).
pub async fn contact_facts<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<HashMap<i64, NodeFacts>> {
    let rows = sqlx::query!(r#"SELECT id, kind AS "kind: ContactKind", name, organisation FROM contacts"#)
        .fetch_all(executor)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let facts = NodeFacts {
                kind: crate::domain::contact_node_kind(row.kind),
                id: row.id,
                label: row.name,
                detail: row.organisation,
            };
            (row.id, facts)
        })
        .collect())
}

/// Every Kommune as a node, its Bundesland as the detail.
pub async fn municipality_facts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
) -> Result<HashMap<i64, NodeFacts>> {
    let rows = sqlx::query!("SELECT id, name, state FROM municipalities")
        .fetch_all(executor)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let detail = FederalState::from_code(&row.state).map(|s| s.name_de().to_owned());
            let facts = NodeFacts {
                kind: NetworkNodeKind::Municipality,
                id: row.id,
                label: row.name,
                detail,
            };
            (row.id, facts)
        })
        .collect())
}

/// Per contact: the cases of `topic` they had a role on, and those cases' Bundesländer (codes,
/// comma-separated).
pub async fn topic_case_counts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    topic: &str,
    state: Option<FederalState>,
) -> Result<Vec<(i64, i64, String)>> {
    let state = state.map(FederalState::code);
    Ok(sqlx::query!(
        r#"WITH topical AS MATERIALIZED (
                SELECT c.id AS case_id, m.state FROM municipalities m
                 CROSS JOIN cases c ON c.municipality_id = m.id
                 WHERE (?2 IS NULL OR m.state = ?2)
                   AND EXISTS (SELECT 1 FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                WHERE ct.case_id = c.id AND t.name = ?1 COLLATE NOCASE))
           SELECT cc.contact_id AS "contact_id!", count(DISTINCT cc.case_id) AS "cases!: i64",
                  group_concat(DISTINCT topical.state) AS "states!: String"
             FROM topical
             CROSS JOIN case_contacts cc ON cc.case_id = topical.case_id
            WHERE cc.contact_id IS NOT NULL
            GROUP BY cc.contact_id"#,
        topic,
        state
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|row| (row.contact_id, row.cases, row.states))
    .collect())
}

/// Per contact: the events about `topic` they attended, and those events' Bundesländer.
pub async fn topic_event_counts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    topic: &str,
    state: Option<FederalState>,
) -> Result<Vec<(i64, i64, String)>> {
    let state = state.map(FederalState::code);
    Ok(sqlx::query!(
        r#"SELECT p.contact_id AS "contact_id!", count(DISTINCT p.event_id) AS "events!: i64",
                  coalesce(group_concat(DISTINCT m.state), '') AS "states!: String"
             FROM event_participants p
             JOIN events e ON e.id = p.event_id
             JOIN appointments a ON a.id = e.appointment_id
             LEFT JOIN event_links l ON l.event_id = e.id
             LEFT JOIN cases c ON c.id = l.case_id
             LEFT JOIN municipalities m ON m.id = coalesce(l.municipality_id, c.municipality_id)
            WHERE p.status = 'attended' AND p.contact_id IS NOT NULL
              AND (instr(lower(a.title), lower(?1)) > 0
                   OR EXISTS (SELECT 1 FROM event_links l2
                                JOIN case_topics ct ON ct.case_id = l2.case_id
                                JOIN topics t ON t.id = ct.topic_id
                               WHERE l2.event_id = e.id AND t.name = ?1 COLLATE NOCASE))
              AND (?2 IS NULL OR m.state = ?2)
            GROUP BY p.contact_id"#,
        topic,
        state
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|row| (row.contact_id, row.events, row.states))
    .collect())
}

/// The contacts with the given ids.
pub async fn contacts_by_ids<'c, E: Executor<'c, Database = Sqlite>>(executor: E, ids: &[i64]) -> Result<Vec<Contact>> {
    let ids = serde_json::to_string(ids).map_err(|e| Error::Database(format!("ids: {e}")))?;
    sqlx::query_as!(
        ContactRow,
        r#"SELECT id, kind AS "kind: ContactKind", name, organisation,
                  organisation_type AS "organisation_type: OrganisationType", email, phone FROM contacts
            WHERE id IN (SELECT value FROM json_each(?1))"#,
        ids
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(Contact::try_from)
    .collect()
}
