//! Events (Veranstaltungen): workshops, site visits, the congress, network meetings and online
//! formats, with a programme, the Kommunen and cases they concern, and their participants.
//!
//! An event is an appointment with more to it: its date, time and place are the appointment's, so
//! the calendar, the exports, the feed and the CalDAV push show it without knowing of events.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::FieldErrors;
use super::{
    non_empty, Appointment, AppointmentInput, AppointmentKind, ContactKind, FederalState, OrganisationType,
    ValidAppointment,
};

/// The most places an event can have.
pub const MAX_CAPACITY: u32 = 10_000;

/// What kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum EventFormat {
    Workshop,
    SiteVisit,
    Congress,
    NetworkMeeting,
    Online,
}

impl EventFormat {
    /// Every format, in the order the report lists them.
    pub const ALL: [Self; 5] = [
        Self::Workshop,
        Self::SiteVisit,
        Self::Congress,
        Self::NetworkMeeting,
        Self::Online,
    ];

    /// German name.
    pub fn german(self) -> &'static str {
        match self {
            Self::Workshop => "Workshop",
            Self::SiteVisit => "Standortbesuch",
            Self::Congress => "Kongress",
            Self::NetworkMeeting => "Netzwerktreffen",
            Self::Online => "Online-Format",
        }
    }

    /// The kind of the appointment that carries the event into calendars.
    pub fn appointment_kind(self) -> AppointmentKind {
        match self {
            Self::Workshop => AppointmentKind::Workshop,
            Self::SiteVisit => AppointmentKind::SiteVisit,
            Self::Congress => AppointmentKind::Congress,
            Self::NetworkMeeting | Self::Online => AppointmentKind::Other,
        }
    }
}

/// One session of the programme (the congress's talks and workshops).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventSession {
    /// Local start in the event's time zone.
    pub starts_at: NaiveDateTime,
    /// Local end.
    pub ends_at: NaiveDateTime,
    /// Room.
    pub room: Option<String>,
    /// What it is.
    pub title: String,
    /// Who speaks, as written.
    pub speakers: Option<String>,
}

/// What the user enters for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct EventInput {
    pub format: EventFormat,
    pub title: String,
    /// Place.
    pub location: Option<String>,
    /// Link of an online event (or the online part of one).
    pub online_url: Option<String>,
    /// The advisor organising it (whose calendar it is in).
    pub organiser: String,
    /// Whole days without times.
    pub all_day: bool,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day (inclusive).
    pub ends_on: NaiveDate,
    /// Start time on the first day (timed).
    pub start_time: Option<NaiveTime>,
    /// End time on the last day (timed).
    pub end_time: Option<NaiveTime>,
    /// IANA time zone of the times.
    pub time_zone: String,
    /// Places; `None`: no limit.
    pub capacity: Option<u32>,
    pub notes: Option<String>,
    /// The Kommunen it concerns.
    pub municipality_ids: Vec<i64>,
    /// The cases it concerns.
    pub case_ids: Vec<i64>,
    /// The programme.
    pub sessions: Vec<EventSession>,
    /// Save even though it overlaps another item of the organiser.
    pub accept_overlap: bool,
}

impl EventInput {
    /// Checks every field; the appointment that carries the event, with the trimmed input.
    pub fn validate(&self) -> crate::Result<(EventInput, ValidAppointment)> {
        let mut errors = FieldErrors::default();
        errors.limit_text("online_url", self.online_url.as_deref(), 500);
        let online_url = non_empty(self.online_url.as_deref());
        if let Some(url) = &online_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                errors.add(
                    "online_url",
                    "Bitte einen Link mit https:// angeben.",
                    "Please give a link starting with https://.",
                );
            }
        }
        let location = non_empty(self.location.as_deref());
        if self.format == EventFormat::Online && online_url.is_none() {
            errors.add(
                "online_url",
                "Ein Online-Format braucht einen Link.",
                "An online event needs a link.",
            );
        } else if location.is_none() && online_url.is_none() {
            errors.add(
                "location",
                "Bitte einen Ort oder einen Link angeben.",
                "Please give a place or a link.",
            );
        }
        if self.capacity.is_some_and(|c| c == 0 || c > MAX_CAPACITY) {
            errors.add(
                "capacity",
                format!("Zwischen 1 und {MAX_CAPACITY} Plätze, oder leer für unbegrenzt."),
                format!("Between 1 and {MAX_CAPACITY} places, or empty for no limit."),
            );
        }
        let first = self.starts_on.and_time(NaiveTime::MIN);
        let after_last = (self.ends_on + chrono::Days::new(1)).and_time(NaiveTime::MIN);
        let mut sessions = Vec::with_capacity(self.sessions.len());
        for (i, session) in self.sessions.iter().enumerate() {
            let field = format!("sessions.{i}");
            if session.title.trim().is_empty() {
                errors.add(
                    &format!("{field}.title"),
                    "Bitte einen Titel angeben.",
                    "Please give a title.",
                );
            }
            if session.ends_at <= session.starts_at {
                errors.add(
                    &format!("{field}.ends_at"),
                    "Das Ende muss nach dem Beginn liegen.",
                    "The end must be after the start.",
                );
            }
            if session.starts_at < first || session.ends_at > after_last {
                errors.add(
                    &format!("{field}.starts_at"),
                    "Der Programmpunkt liegt außerhalb der Tage der Veranstaltung.",
                    "The session lies outside the event's days.",
                );
            }
            sessions.push(EventSession {
                title: session.title.trim().to_owned(),
                room: non_empty(session.room.as_deref()),
                speakers: non_empty(session.speakers.as_deref()),
                ..session.clone()
            });
        }
        sessions.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.title.cmp(&b.title)));
        let appointment = AppointmentInput {
            kind: self.format.appointment_kind(),
            title: self.title.clone(),
            location: location.clone().or_else(|| online_url.clone()),
            case_id: self.case_ids.first().copied(),
            municipality_id: self.municipality_ids.first().copied(),
            advisor: self.organiser.clone(),
            all_day: self.all_day,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            start_time: self.start_time,
            end_time: self.end_time,
            time_zone: self.time_zone.clone(),
            notes: self.notes.clone(),
            accept_overlap: self.accept_overlap,
        };
        // The appointment's own rules (title, organiser, days and times), named as the event's fields.
        let appointment = match appointment.validate() {
            Ok(valid) => Some(valid),
            Err(crate::Error::Validation(found)) => {
                for e in found.0 {
                    let field = if e.field == "advisor" {
                        "organiser".to_owned()
                    } else {
                        e.field
                    };
                    errors.add(&field, e.de, e.en);
                }
                None
            }
            Err(other) => return Err(other),
        };
        errors.into_result()?;
        let appointment =
            appointment.ok_or_else(|| crate::Error::Database("an event without its appointment".into()))?;
        let mut municipality_ids = self.municipality_ids.clone();
        municipality_ids.dedup();
        let mut case_ids = self.case_ids.clone();
        case_ids.dedup();
        let entered = &appointment.input;
        Ok((
            EventInput {
                title: entered.title.clone(),
                location,
                online_url,
                organiser: entered.advisor.clone(),
                time_zone: entered.time_zone.clone(),
                notes: entered.notes.clone(),
                start_time: entered.start_time,
                end_time: entered.end_time,
                municipality_ids,
                case_ids,
                sessions,
                ..self.clone()
            },
            appointment,
        ))
    }
}

/// A Kommune an event concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct EventMunicipality {
    pub id: i64,
    pub name: String,
    pub state: FederalState,
}

/// A case an event concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct EventCase {
    pub id: i64,
    pub reference: String,
    pub title: String,
}

/// How many participants are in each state ("38 angemeldet, 31 teilgenommen, 4 auf der Warteliste").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct ParticipantCounts {
    pub invited: u32,
    pub registered: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    pub attended: u32,
    pub no_show: u32,
}

impl ParticipantCounts {
    /// Places taken: registered, and kept by coming or not.
    pub fn taken(&self) -> u32 {
        self.registered + self.attended + self.no_show
    }

    /// Adds one participant in this state.
    pub fn count(&mut self, status: EventParticipantStatus) {
        let slot = match status {
            EventParticipantStatus::Invited => &mut self.invited,
            EventParticipantStatus::Registered => &mut self.registered,
            EventParticipantStatus::Waitlisted => &mut self.waitlisted,
            EventParticipantStatus::Cancelled => &mut self.cancelled,
            EventParticipantStatus::Attended => &mut self.attended,
            EventParticipantStatus::NoShow => &mut self.no_show,
        };
        *slot += 1;
    }
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Event {
    /// Database id.
    pub id: i64,
    /// What was entered (the Kommunen and cases as linked now).
    pub input: EventInput,
    /// The appointment that carries it into calendars (start, end, UID, status).
    pub appointment: Appointment,
    /// What came out of it.
    pub results: Option<String>,
    /// The Kommunen it concerns, with their names.
    pub municipalities: Vec<EventMunicipality>,
    /// The cases it concerns.
    pub cases: Vec<EventCase>,
    /// Participants per state.
    pub counts: ParticipantCounts,
}

/// An event in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct EventSummary {
    pub id: i64,
    pub format: EventFormat,
    pub title: String,
    /// Whole days (the congress): `starts_on` to `ends_on` say when, not the instants.
    pub all_day: bool,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub start: DateTime<chrono::FixedOffset>,
    pub end: DateTime<chrono::FixedOffset>,
    pub location: Option<String>,
    pub capacity: Option<u32>,
    pub cancelled: bool,
    pub counts: ParticipantCounts,
}

/// Where a participant stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum EventParticipantStatus {
    /// Invited, no answer yet.
    Invited,
    /// Has a place.
    Registered,
    /// Wants a place; moves up when one becomes free, first come first.
    Waitlisted,
    /// Declined or cancelled.
    Cancelled,
    /// Came.
    Attended,
    /// Had a place and did not come.
    NoShow,
}

impl EventParticipantStatus {
    /// Every state, in the order lists show them.
    pub const ALL: [Self; 6] = [
        Self::Registered,
        Self::Waitlisted,
        Self::Invited,
        Self::Attended,
        Self::NoShow,
        Self::Cancelled,
    ];

    /// German name.
    pub fn german(self) -> &'static str {
        match self {
            Self::Invited => "eingeladen",
            Self::Registered => "angemeldet",
            Self::Waitlisted => "Warteliste",
            Self::Cancelled => "abgesagt",
            Self::Attended => "teilgenommen",
            Self::NoShow => "nicht erschienen",
        }
    }

    /// Whether the participant holds one of the places.
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Registered | Self::Attended | Self::NoShow)
    }

    /// The states a participant in this one may be moved to, in the order menus show them.
    pub fn moves(self) -> Vec<Self> {
        Self::ALL.into_iter().filter(|to| self.may_move_to(*to)).collect()
    }

    /// Whether a participant may be moved from this state to `to` by hand. A registration that
    /// finds the event full lands on the waiting list instead (the service decides); the waiting
    /// list moves up on its own.
    pub fn may_move_to(self, to: Self) -> bool {
        use EventParticipantStatus::*;
        matches!(
            (self, to),
            (Invited | Cancelled | Waitlisted, Registered)
                | (Invited | Registered | Waitlisted, Cancelled)
                | (Invited | Cancelled, Waitlisted)
                | (Cancelled, Invited)
                | (Registered | NoShow, Attended)
                | (Registered | Attended, NoShow)
                | (Attended | NoShow, Registered)
        )
    }
}

/// A participant of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct EventParticipant {
    /// Database id.
    pub id: i64,
    pub event_id: i64,
    /// `None` once the person was erased (the row stays for the counts).
    pub contact_id: Option<i64>,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub status: EventParticipantStatus,
    /// The states they may be moved to from here (`EventParticipantStatus::moves`).
    pub moves: Vec<EventParticipantStatus>,
    /// Among the organisers.
    pub organiser: bool,
    /// Since when in this state (the waiting list's order).
    pub status_since: DateTime<Utc>,
}

/// Which printed sheet of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum EventSheet {
    /// Everyone invited, with their state.
    Participants,
    /// The sign-in sheet (Unterschriftenliste) funders ask for: the registered, a signature column.
    Signin,
    /// Name badges, eight to a page.
    Badges,
}

impl EventSheet {
    /// German title, also the start of the proposed file name.
    pub fn german(self) -> &'static str {
        match self {
            Self::Participants => "Teilnehmendenliste",
            Self::Signin => "Unterschriftenliste",
            Self::Badges => "Namensschilder",
        }
    }

    /// Whether a participant in `status` is on the sheet: the list names everyone invited, the
    /// sign-in sheet and the badges those who have (or had) a place.
    pub fn shows(self, status: EventParticipantStatus) -> bool {
        match self {
            Self::Participants => true,
            Self::Signin | Self::Badges => matches!(
                status,
                EventParticipantStatus::Registered | EventParticipantStatus::Attended | EventParticipantStatus::NoShow
            ),
        }
    }
}

/// Whom to invite in bulk: contacts of a kind or organisation type, of the Bundesland of a case
/// they are on, of a topic of a case they are on. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct InviteFilter {
    pub kind: Option<ContactKind>,
    pub organisation_type: Option<OrganisationType>,
    pub state: Option<FederalState>,
    pub topic: Option<String>,
}

/// What an invitation or a change of state did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ParticipantsChanged {
    /// Newly invited.
    pub invited: u32,
    /// Already on the list (left as they were).
    pub already: u32,
    /// Moved up from the waiting list because a place became free.
    pub moved_up: u32,
    /// A registration that found the event full and went to the waiting list.
    pub waitlisted: u32,
}

/// A participant list saved as a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedParticipantList {
    /// Where.
    pub path: String,
    /// How many participants it holds.
    pub participants: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventParticipantStatus::*;

    fn input() -> EventInput {
        EventInput {
            format: EventFormat::Workshop,
            title: "Workshop Quartiersfonds".into(),
            location: Some("Bürgerhaus Oberstedt".into()),
            online_url: None,
            organiser: "Miriam Albers".into(),
            all_day: false,
            starts_on: NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"),
            ends_on: NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"),
            start_time: NaiveTime::from_hms_opt(10, 0, 0),
            end_time: NaiveTime::from_hms_opt(16, 0, 0),
            time_zone: "Europe/Berlin".into(),
            capacity: Some(30),
            notes: None,
            municipality_ids: vec![1],
            case_ids: vec![],
            sessions: vec![],
            accept_overlap: false,
        }
    }

    #[test]
    fn an_event_is_carried_by_an_appointment_of_its_kind() {
        let (event, appointment) = input().validate().expect("valid");
        assert_eq!(appointment.input.kind, AppointmentKind::Workshop);
        assert_eq!(appointment.input.municipality_id, Some(1));
        assert_eq!(event.capacity, Some(30));
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = EventInput {
            format: EventFormat::Online,
            title: " ".into(),
            location: None,
            capacity: Some(0),
            organiser: String::new(),
            sessions: vec![EventSession {
                starts_at: NaiveDate::from_ymd_opt(2027, 3, 11)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .expect("time"),
                ends_at: NaiveDate::from_ymd_opt(2027, 3, 11)
                    .and_then(|d| d.and_hms_opt(8, 0, 0))
                    .expect("time"),
                room: None,
                title: String::new(),
                speakers: None,
            }],
            ..input()
        };
        match bad.validate() {
            Err(crate::Error::Validation(errors)) => {
                for field in [
                    "title",
                    "organiser",
                    "online_url",
                    "capacity",
                    "sessions.0.title",
                    "sessions.0.ends_at",
                    "sessions.0.starts_at",
                ] {
                    assert!(errors.has(field), "{field}: {errors}");
                }
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn status_moves() {
        assert!(Invited.may_move_to(Registered));
        assert!(Registered.may_move_to(Attended));
        assert!(Attended.may_move_to(NoShow), "a correction after the event");
        assert!(Waitlisted.may_move_to(Cancelled));
        assert!(!Invited.may_move_to(Attended), "only who had a place came");
        assert!(!Cancelled.may_move_to(Attended));
        assert!(!Waitlisted.may_move_to(NoShow));
        for status in EventParticipantStatus::ALL {
            assert!(!status.may_move_to(status), "{status:?} to itself is no move");
            assert!(!status.moves().contains(&status));
        }
        assert_eq!(
            Invited.moves(),
            [Registered, Waitlisted, Cancelled],
            "in the menus' order"
        );
    }

    #[test]
    fn counts_and_places() {
        let mut counts = ParticipantCounts::default();
        for status in [Registered, Registered, Attended, NoShow, Waitlisted, Cancelled, Invited] {
            counts.count(status);
        }
        assert_eq!(counts.taken(), 4);
        assert_eq!((counts.waitlisted, counts.cancelled, counts.invited), (1, 1, 1));
    }
}
