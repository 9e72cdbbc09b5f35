//! The kinds of record the team syncs: for each, its table, the fields that travel and how a
//! record finds its Kommune and case. Everything else in the sync — the outbox triggers, the
//! operations sealed for a push, the applying of pulled records — is generated from this one table,
//! so a field cannot travel one way and not the other. A test compares it with the schema: a new
//! column is either listed here or named as local.

/// One kind of synced record.
#[derive(Debug)]
pub struct Kind {
    /// The kind's name on the wire (`team_protocol::Operation::kind`).
    pub name: &'static str,
    /// Its local table.
    pub table: &'static str,
    /// What travels.
    pub fields: &'static [Field],
    /// Columns that stay on this device: derived here, or meaningless elsewhere. `updated_at` is
    /// this device's "last changed" (set to the team's time of change when a pulled change
    /// lands): a stamp both sides touch would make every two edits of a record a conflict.
    pub local_columns: &'static [&'static str],
    /// SQL over the row `t` giving the local id of the record's Kommune (`None`: team-wide).
    pub municipality: Option<&'static str>,
    /// SQL over the row `t` giving the local id of the record's case.
    pub case: Option<&'static str>,
    /// SQL over the row `t` naming it for the advisor (the conflict inbox).
    pub label: &'static str,
    /// Columns that name the same thing on two devices (a Kommune's name and Land): a pulled record
    /// takes over the local row with the same values instead of making a second one.
    pub natural_key: &'static [&'static str],
    /// Only a team lead changes these records (the team's settings); the server refuses others.
    pub lead_only: bool,
}

/// A field of a record and how it is stored here.
#[derive(Debug)]
pub struct Field {
    /// The field's name on the wire, which is its column's name where it has one.
    pub name: &'static str,
    /// How it is stored here.
    pub column: Column,
}

/// How a field is stored in the local database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The column's value as it is (text, number or null).
    Value,
    /// A local id of another synced record, which travels as that record's global id.
    Reference(&'static str),
    /// A case's topics (rows of `case_topics`), travelling as a sorted list of the topics' ids.
    CaseTopics,
}

const fn value(name: &'static str) -> Field {
    Field {
        name,
        column: Column::Value,
    }
}

const fn reference(name: &'static str, kind: &'static str) -> Field {
    Field {
        name,
        column: Column::Reference(kind),
    }
}

const CASE_OF_ROW: &str = "(SELECT c.municipality_id FROM cases c WHERE c.id = t.case_id)";
const EVENT_MUNICIPALITY_OF_ROW: &str = "(SELECT coalesce(a.municipality_id, (SELECT c.municipality_id FROM cases c \
     WHERE c.id = a.case_id)) FROM events e JOIN appointments a ON a.id = e.appointment_id WHERE e.id = t.event_id)";
const EVENT_CASE_OF_ROW: &str =
    "(SELECT a.case_id FROM events e JOIN appointments a ON a.id = e.appointment_id WHERE e.id = t.event_id)";
const SERIES_OF_ROW: &str = "(SELECT s.municipality_id FROM consultation_series s WHERE s.id = t.series_id)";

/// The synced kinds, parents before the records that refer to them: the order of a push and of
/// applying pulled records (tombstones go the other way).
pub const KINDS: &[Kind] = &[
    Kind {
        name: "municipality",
        table: "municipalities",
        fields: &[value("name"), value("state"), value("ags"), value("created_at")],
        local_columns: &["updated_at"],
        municipality: Some("t.id"),
        case: None,
        label: "t.name || ' (' || t.state || ')'",
        natural_key: &["name", "state"],
        lead_only: false,
    },
    Kind {
        name: "neighbourhood",
        table: "neighbourhoods",
        fields: &[
            reference("municipality_id", "municipality"),
            value("name"),
            value("programme"),
            value("description"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: Some("t.municipality_id"),
        case: None,
        label: "t.name",
        natural_key: &["municipality_id", "name"],
        lead_only: false,
    },
    Kind {
        name: "topic",
        table: "topics",
        fields: &[value("name")],
        local_columns: &[],
        municipality: None,
        case: None,
        label: "t.name",
        natural_key: &["name"],
        lead_only: false,
    },
    Kind {
        name: "contact",
        table: "contacts",
        fields: &[
            value("kind"),
            value("name"),
            value("organisation"),
            value("organisation_type"),
            value("email"),
            value("phone"),
            value("expertise"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: None,
        case: None,
        label: "t.name",
        natural_key: &[],
        lead_only: false,
    },
    // Seen by whoever sees its person (the server decides).
    Kind {
        name: "membership",
        table: "memberships",
        fields: &[
            reference("person_id", "contact"),
            reference("organisation_id", "contact"),
            value("role"),
            value("from_on"),
            value("until_on"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: None,
        case: None,
        label: "(SELECT p.name || ' – ' || o.name FROM contacts p, contacts o WHERE p.id = t.person_id AND o.id = t.organisation_id)",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "case",
        table: "cases",
        fields: &[
            value("reference"),
            value("title"),
            value("summary"),
            value("status"),
            value("priority"),
            reference("municipality_id", "municipality"),
            reference("neighbourhood_id", "neighbourhood"),
            value("advisor"),
            value("opened_on"),
            value("closed_on"),
            value("next_step"),
            value("next_step_due"),
            value("print_profile"),
            value("anonymised_on"),
            value("created_at"),
            Field {
                name: "topics",
                column: Column::CaseTopics,
            },
        ],
        // The numbering of this device's own references (`store::team::references`).
        local_columns: &["reference_year", "reference_number", "updated_at"],
        municipality: Some("t.municipality_id"),
        case: Some("t.id"),
        label: "t.reference || ' ' || t.title",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "participant",
        table: "case_contacts",
        fields: &[
            reference("case_id", "case"),
            reference("contact_id", "contact"),
            value("role"),
            value("from_on"),
            value("until_on"),
        ],
        local_columns: &[],
        municipality: Some(CASE_OF_ROW),
        case: Some("t.case_id"),
        label: "(SELECT c.reference FROM cases c WHERE c.id = t.case_id) || ' · ' || t.role",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "journal_entry",
        table: "journal_entries",
        fields: &[
            reference("case_id", "case"),
            value("occurred_on"),
            value("kind"),
            value("author"),
            value("text"),
            value("internal"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: Some(CASE_OF_ROW),
        case: Some("t.case_id"),
        label: "(SELECT c.reference FROM cases c WHERE c.id = t.case_id) || ' · Verlauf ' || t.occurred_on",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "task",
        table: "tasks",
        fields: &[
            reference("case_id", "case"),
            value("title"),
            value("due_on"),
            value("assignee"),
            value("done_on"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: Some(CASE_OF_ROW),
        case: Some("t.case_id"),
        label: "(SELECT c.reference FROM cases c WHERE c.id = t.case_id) || ' · ' || t.title",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "series",
        table: "consultation_series",
        fields: &[
            value("uid"),
            value("title"),
            reference("municipality_id", "municipality"),
            reference("neighbourhood_id", "neighbourhood"),
            value("location"),
            value("online_url"),
            value("advisor"),
            value("time_zone"),
            value("recurrence"),
            value("interval_weeks"),
            value("weekdays"),
            value("nth"),
            value("starts_on"),
            value("until_on"),
            value("occurrence_count"),
            value("window_start"),
            value("window_end"),
            value("slot_minutes"),
            value("buffer_minutes"),
            value("skip_holidays"),
            value("created_at"),
        ],
        // `sequence` counts the changes one device's calendars have seen (iCalendar SEQUENCE):
        // every edit on two devices would otherwise be a conflict over it.
        local_columns: &["sequence", "updated_at"],
        municipality: Some("t.municipality_id"),
        case: None,
        label: "t.title",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "series_exception",
        table: "series_exceptions",
        fields: &[
            reference("series_id", "series"),
            value("kind"),
            value("original_on"),
            value("on_date"),
            value("start_time"),
            value("end_time"),
            value("reason"),
        ],
        local_columns: &[],
        municipality: Some(SERIES_OF_ROW),
        case: None,
        label: "(SELECT s.title FROM consultation_series s WHERE s.id = t.series_id) || ' · ' \
                || coalesce(t.original_on, t.on_date)",
        // Two advisors cancelling the same day of a series mean the same exception.
        natural_key: &["series_id", "original_on"],
        lead_only: false,
    },
    Kind {
        name: "booking",
        table: "bookings",
        fields: &[
            value("uid"),
            reference("series_id", "series"),
            value("occurrence_start"),
            value("position"),
            value("start_at"),
            value("end_at"),
            value("status"),
            reference("case_id", "case"),
            reference("municipality_id", "municipality"),
            reference("contact_id", "contact"),
            value("topic"),
            value("cancel_reason"),
            value("no_show"),
            reference("minutes_entry_id", "journal_entry"),
            value("created_at"),
        ],
        local_columns: &["sequence", "updated_at"],
        municipality: Some("t.municipality_id"),
        case: Some("t.case_id"),
        label: "(SELECT s.title FROM consultation_series s WHERE s.id = t.series_id) || ' · ' || t.occurrence_start",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "appointment",
        table: "appointments",
        fields: &[
            value("uid"),
            value("recurrence_id"),
            value("kind"),
            value("title"),
            value("location"),
            reference("case_id", "case"),
            reference("municipality_id", "municipality"),
            value("advisor"),
            value("all_day"),
            value("starts_on"),
            value("ends_on"),
            value("start_time"),
            value("end_time"),
            value("time_zone"),
            value("start_at"),
            value("end_at"),
            value("status"),
            value("notes"),
            value("rrule"),
            value("exdates"),
            value("floating"),
            value("categories"),
            value("source"),
            value("created_at"),
        ],
        local_columns: &["sequence", "updated_at"],
        // An appointment of no Kommune and no case (the congress) is the whole team's.
        municipality: Some(
            "coalesce(t.municipality_id, (SELECT c.municipality_id FROM cases c WHERE c.id = t.case_id))",
        ),
        case: Some("t.case_id"),
        label: "t.title || ' · ' || t.starts_on",
        // The same calendar imported on two devices: one appointment, not two.
        natural_key: &["uid", "recurrence_id"],
        lead_only: false,
    },
    Kind {
        name: "event",
        table: "events",
        fields: &[
            reference("appointment_id", "appointment"),
            value("format"),
            value("online_url"),
            value("capacity"),
            value("results"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: Some(
            "(SELECT coalesce(a.municipality_id, (SELECT c.municipality_id FROM cases c WHERE c.id = a.case_id)) \
               FROM appointments a WHERE a.id = t.appointment_id)",
        ),
        case: Some("(SELECT a.case_id FROM appointments a WHERE a.id = t.appointment_id)"),
        label: "(SELECT a.title FROM appointments a WHERE a.id = t.appointment_id)",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "event_session",
        table: "event_sessions",
        fields: &[
            reference("event_id", "event"),
            value("starts_at"),
            value("ends_at"),
            value("room"),
            value("title"),
            value("speakers"),
        ],
        local_columns: &[],
        municipality: Some(EVENT_MUNICIPALITY_OF_ROW),
        case: Some(EVENT_CASE_OF_ROW),
        label: "t.title",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "event_link",
        table: "event_links",
        fields: &[
            reference("event_id", "event"),
            reference("municipality_id", "municipality"),
            reference("case_id", "case"),
        ],
        local_columns: &[],
        municipality: Some(EVENT_MUNICIPALITY_OF_ROW),
        case: Some(EVENT_CASE_OF_ROW),
        label: "(SELECT a.title FROM events e JOIN appointments a ON a.id = e.appointment_id WHERE e.id = t.event_id)",
        natural_key: &[],
        lead_only: false,
    },
    Kind {
        name: "event_participant",
        table: "event_participants",
        fields: &[
            reference("event_id", "event"),
            reference("contact_id", "contact"),
            value("status"),
            value("organiser"),
            value("status_since"),
            value("created_at"),
        ],
        local_columns: &["updated_at"],
        municipality: Some(EVENT_MUNICIPALITY_OF_ROW),
        case: Some(EVENT_CASE_OF_ROW),
        label: "(SELECT a.title FROM events e JOIN appointments a ON a.id = e.appointment_id WHERE e.id = t.event_id) \
                || ' · ' || coalesce((SELECT k.name FROM contacts k WHERE k.id = t.contact_id), '–')",
        // The same person invited on two devices is one participation.
        natural_key: &["event_id", "contact_id"],
        lead_only: false,
    },
    Kind {
        name: "setting",
        table: "shared_settings",
        fields: &[value("key"), value("value")],
        local_columns: &[],
        municipality: None,
        case: None,
        label: "t.key",
        // One value per setting in the team: a device's own becomes the team's record of the key.
        natural_key: &["key"],
        lead_only: true,
    },
];

/// The kind of this name.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// Where a kind comes in [`KINDS`].
pub fn position(name: &str) -> usize {
    KINDS.iter().position(|k| k.name == name).unwrap_or(KINDS.len())
}

impl Kind {
    /// The fields stored in a column of the kind's own table.
    pub fn column_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.column != Column::CaseTopics)
    }

    /// `json_object(...)` of the row `t` as it travels: references as global ids.
    pub fn fields_json(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|f| {
                let value = match f.column {
                    Column::Value => format!("t.{}", f.name),
                    Column::Reference(kind) => format!(
                        "(SELECT r.record FROM team_records r WHERE r.kind = '{kind}' AND r.local_id = t.{})",
                        f.name
                    ),
                    Column::CaseTopics => "json((SELECT coalesce(json_group_array(s.record), '[]') FROM \
                         (SELECT r.record FROM case_topics ct JOIN team_records r ON r.kind = 'topic' \
                           AND r.local_id = ct.topic_id WHERE ct.case_id = t.id ORDER BY r.record) s))"
                        .to_string(),
                };
                format!("'{}', {value}", f.name)
            })
            .collect();
        format!("json_object({})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Every column of a synced table travels or is named as local: a column added later cannot
    /// be forgotten by the sync.
    #[tokio::test]
    async fn every_column_of_a_synced_table_is_accounted_for() {
        let store = Store::in_memory().await.expect("store");
        for kind in KINDS {
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .bind(kind.table)
                .fetch_all(store.pool())
                .await
                .expect("columns");
            let mut expected: Vec<&str> = vec!["id"];
            expected.extend(kind.column_fields().map(|f| f.name));
            expected.extend(kind.local_columns);
            let mut found: Vec<&str> = columns.iter().map(String::as_str).collect();
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{}", kind.table);
        }
    }
}
