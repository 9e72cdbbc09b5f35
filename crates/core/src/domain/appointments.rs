//! Appointments (Termine): site visits, workshops, the congress and other dated events.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::non_empty;
use super::validation::FieldErrors;

/// What kind of appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum AppointmentKind {
    SiteVisit,
    Workshop,
    Congress,
    Other,
}

impl AppointmentKind {
    /// German name.
    pub fn german(self) -> &'static str {
        match self {
            Self::SiteVisit => "Standortbesuch",
            Self::Workshop => "Workshop",
            Self::Congress => "Kongress",
            Self::Other => "Termin",
        }
    }
}

/// What the user enters for an appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct AppointmentInput {
    /// What kind.
    pub kind: AppointmentKind,
    pub title: String,
    /// Place.
    pub location: Option<String>,
    /// The case it belongs to.
    pub case_id: Option<i64>,
    /// The municipality (taken from the case when one is given).
    pub municipality_id: Option<i64>,
    /// Whose appointment.
    pub advisor: String,
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
    pub notes: Option<String>,
    /// Save even though it overlaps another item of the advisor.
    pub accept_overlap: bool,
}

/// State of an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum AppointmentStatus {
    Confirmed,
    Cancelled,
}

/// A stored appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Appointment {
    /// Database id.
    pub id: i64,
    /// UID of its calendar event, kept for life.
    pub uid: String,
    /// Grows with every change a calendar shows.
    pub sequence: i64,
    /// Confirmed or cancelled.
    pub status: AppointmentStatus,
    /// Start instant (local midnight of the first day when all-day).
    pub start: DateTime<FixedOffset>,
    /// End instant (local midnight after the last day when all-day).
    pub end: DateTime<FixedOffset>,
    /// Case reference.
    pub case_reference: Option<String>,
    /// Municipality name.
    pub municipality: Option<String>,
    /// What was entered.
    pub input: AppointmentInput,
    /// Other items of the advisor it overlaps.
    pub conflicts: Vec<String>,
    /// Last change (the export's LAST-MODIFIED).
    pub updated_at: DateTime<Utc>,
    /// Imported: how it recurs (`RRULE` as read), if it does.
    pub rrule: Option<String>,
    /// Imported: occurrences left out (`EXDATE`), as `YYYYMMDD`, floating `YYYYMMDDTHHMMSS` or UTC `…Z`.
    pub exdates: Vec<String>,
    /// Imported: the occurrence of a recurring event this one replaces (`RECURRENCE-ID`), same form.
    pub recurrence_id: Option<String>,
    /// Imported without a time zone: the same wall-clock time wherever one is.
    pub floating: bool,
    /// Imported: `CATEGORIES` as read.
    pub categories: Option<String>,
    /// Came from an imported calendar file.
    pub imported: bool,
}

/// An appointment input that passed validation, with its instants.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct ValidAppointment {
    /// The trimmed input.
    pub input: AppointmentInput,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl AppointmentInput {
    /// Checks every field and computes the instants.
    pub fn validate(&self) -> crate::Result<ValidAppointment> {
        let mut errors = FieldErrors::default();
        errors.require_text("title", &self.title, 200);
        errors.require_text("advisor", &self.advisor, 120);
        errors.limit_text("location", self.location.as_deref(), 300);
        errors.limit_text("notes", self.notes.as_deref(), 5000);
        let zone_name = if self.time_zone.trim().is_empty() {
            super::HOME_ZONE.name()
        } else {
            self.time_zone.trim()
        };
        let zone = zone_name.parse::<Tz>().ok();
        if zone.is_none() {
            errors.add(
                "time_zone",
                format!("Unbekannte Zeitzone „{zone_name}“ (z. B. Europe/Berlin)."),
                format!("Unknown time zone \"{zone_name}\" (e.g. Europe/Berlin)."),
            );
        }
        if self.ends_on < self.starts_on {
            errors.add(
                "ends_on",
                "Der letzte Tag liegt vor dem ersten.",
                "The last day is before the first.",
            );
        }
        if self.ends_on > self.starts_on + chrono::Days::new(31) {
            errors.add(
                "ends_on",
                "Ein Termin dauert höchstens 31 Tage.",
                "An appointment lasts at most 31 days.",
            );
        }
        let (start_time, end_time) = if self.all_day {
            (NaiveTime::MIN, NaiveTime::MIN)
        } else {
            match (self.start_time, self.end_time) {
                (Some(start), Some(end)) => {
                    if self.starts_on == self.ends_on && end <= start {
                        errors.add(
                            "end_time",
                            "Das Ende muss nach dem Beginn liegen.",
                            "The end must be after the start.",
                        );
                    }
                    (start, end)
                }
                (start, end) => {
                    if start.is_none() {
                        errors.add("start_time", "Bitte eine Uhrzeit angeben.", "Please give a time.");
                    }
                    if end.is_none() {
                        errors.add("end_time", "Bitte eine Uhrzeit angeben.", "Please give a time.");
                    }
                    (NaiveTime::MIN, NaiveTime::MIN)
                }
            }
        };
        errors.into_result()?;
        let zone = zone.unwrap_or(super::HOME_ZONE);
        let end_day = if self.all_day {
            self.ends_on + chrono::Days::new(1)
        } else {
            self.ends_on
        };
        let start = local_instant(zone, self.starts_on, start_time, "start_time")?;
        let end = local_instant(zone, end_day, end_time, "end_time")?;
        Ok(ValidAppointment {
            start,
            end,
            input: AppointmentInput {
                title: self.title.trim().to_owned(),
                location: non_empty(self.location.as_deref()),
                advisor: self.advisor.trim().to_owned(),
                time_zone: zone_name.to_owned(),
                notes: non_empty(self.notes.as_deref()),
                start_time: (!self.all_day).then_some(start_time),
                end_time: (!self.all_day).then_some(end_time),
                ..self.clone()
            },
        })
    }
}

/// The instant of a local time; midnight may not exist in a few zones, then the first valid
/// instant after the gap counts.
fn local_instant(zone: Tz, day: NaiveDate, time: NaiveTime, field: &str) -> crate::Result<DateTime<Utc>> {
    let local = day.and_time(time);
    match zone.from_local_datetime(&local).earliest() {
        Some(instant) => Ok(instant.with_timezone(&Utc)),
        None => {
            let mut errors = FieldErrors::default();
            errors.add(
                field,
                "Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.",
                "This time does not exist because of the daylight-saving change.",
            );
            Err(crate::Error::Validation(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AppointmentInput {
        AppointmentInput {
            kind: AppointmentKind::SiteVisit,
            title: "Begehung Quartier Nord".into(),
            location: Some("Marktplatz".into()),
            case_id: None,
            municipality_id: Some(1),
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 30).expect("date"),
            ends_on: NaiveDate::from_ymd_opt(2026, 3, 30).expect("date"),
            start_time: NaiveTime::from_hms_opt(10, 0, 0),
            end_time: NaiveTime::from_hms_opt(12, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: false,
        }
    }

    #[test]
    fn timed_and_all_day_instants() {
        let timed = input().validate().expect("valid");
        assert_eq!(timed.start.to_rfc3339(), "2026-03-30T08:00:00+00:00");
        let all_day = AppointmentInput {
            all_day: true,
            ends_on: NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"),
            ..input()
        }
        .validate()
        .expect("valid");
        assert_eq!(all_day.start.to_rfc3339(), "2026-03-29T22:00:00+00:00");
        assert_eq!(all_day.end.to_rfc3339(), "2026-03-31T22:00:00+00:00");
        assert_eq!(all_day.input.start_time, None);
    }

    #[test]
    fn broken_rules_are_named() {
        let bad = AppointmentInput {
            title: String::new(),
            end_time: NaiveTime::from_hms_opt(9, 0, 0),
            time_zone: "Europe/Nowhere".into(),
            ..input()
        };
        let Err(crate::Error::Validation(errors)) = bad.validate() else {
            panic!("expected validation errors");
        };
        assert!(
            errors.has("title") && errors.has("end_time") && errors.has("time_zone"),
            "{errors}"
        );
        let gap = AppointmentInput {
            start_time: NaiveTime::from_hms_opt(2, 30, 0),
            end_time: NaiveTime::from_hms_opt(4, 0, 0),
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 29).expect("date"),
            ends_on: NaiveDate::from_ymd_opt(2026, 3, 29).expect("date"),
            ..input()
        };
        assert!(matches!(gap.validate(), Err(crate::Error::Validation(e)) if e.has("start_time")));
    }
}
