//! Consultation-hour series (Sprechstundenreihen): what repeats when, how it is split into slots,
//! and its exceptions. The expansion into instants lives in `calendar::recurrence`.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::schedule::{End, Pattern, Schedule};
use super::validation::FieldErrors;
use super::{non_empty, FederalState};

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum RecurrenceKind {
    /// Every N weeks on chosen weekdays.
    Weekly,
    /// Every month on the n-th (or last) weekday.
    MonthlyNthWeekday,
}

/// What kind of exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// The occurrence on `original_on` does not take place.
    Skip,
    /// The occurrence on `original_on` takes place on `date` from `start` to `end` instead.
    Move,
    /// A one-off occurrence on `date` from `start` to `end`.
    Extra,
}

/// One exception of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SeriesException {
    /// What kind.
    pub kind: ExceptionKind,
    /// The day of the regular occurrence that is skipped or moved.
    pub original_on: Option<NaiveDate>,
    /// The new day (move, extra).
    pub date: Option<NaiveDate>,
    /// The new start (move, extra).
    pub start: Option<NaiveTime>,
    /// The new end (move, extra).
    pub end: Option<NaiveTime>,
    /// Why, shown in the calendar.
    pub reason: Option<String>,
}

/// What the user enters for a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SeriesInput {
    /// Title, e.g. "Sprechstunde Quartiersmanagement".
    pub title: String,
    /// The municipality; its federal state decides the holidays.
    pub municipality_id: i64,
    /// Optionally a neighbourhood of it.
    pub neighbourhood_id: Option<i64>,
    /// Address of the place.
    pub location: Option<String>,
    /// Link of an online consultation.
    pub online_url: Option<String>,
    /// Who holds the consultation hours.
    pub advisor: String,
    /// IANA time zone, default `Europe/Berlin`.
    pub time_zone: String,
    /// How it repeats.
    pub recurrence: RecurrenceKind,
    /// Weekly: every N weeks (1–8).
    pub interval_weeks: u16,
    /// ISO weekdays 1 (Monday) to 7 (Sunday); monthly uses the first.
    pub weekdays: Vec<u8>,
    /// Monthly: 1–4, or −1 for the last.
    pub nth: i8,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day, if any.
    pub until_on: Option<NaiveDate>,
    /// Number of occurrences, if any (instead of a last day).
    pub count: Option<u32>,
    /// Start of the daily window (local time).
    pub window_start: NaiveTime,
    /// End of the daily window (local time).
    pub window_end: NaiveTime,
    /// Length of a slot in minutes (15–120).
    pub slot_minutes: u32,
    /// Pause between slots in minutes (0–60).
    pub buffer_minutes: u32,
    /// Skip the public holidays of the municipality's federal state.
    pub skip_holidays: bool,
    /// Skipped, moved and extra occurrences.
    pub exceptions: Vec<SeriesException>,
}

/// A stored series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsultationSeries {
    /// Database id.
    pub id: i64,
    /// UID of its calendar event, kept for life.
    pub uid: String,
    /// Grows with every change a calendar shows.
    pub sequence: i64,
    /// Municipality name.
    pub municipality: String,
    /// Its federal state.
    pub state: FederalState,
    /// Neighbourhood name.
    pub neighbourhood: Option<String>,
    /// Last change (the export's LAST-MODIFIED).
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// What was entered.
    pub input: SeriesInput,
}

/// A series input that passed validation, with its schedule.
#[derive(Debug, Clone)]
pub struct ValidSeries {
    /// The trimmed input.
    pub input: SeriesInput,
    /// The recurrence.
    pub schedule: Schedule,
}

/// Weekday of an ISO number 1–7.
pub fn weekday_of(iso: u8) -> Option<Weekday> {
    match iso {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

/// The longest a series may be told to run by count.
pub const MAX_COUNT: u32 = 1000;

impl SeriesInput {
    /// Checks every field and builds the schedule.
    pub fn validate(&self) -> crate::Result<ValidSeries> {
        let mut errors = FieldErrors::default();
        errors.require_text("title", &self.title, 200);
        errors.require_text("advisor", &self.advisor, 120);
        errors.limit_text("location", self.location.as_deref(), 300);
        errors.limit_text("online_url", self.online_url.as_deref(), 500);
        let location = non_empty(self.location.as_deref());
        let online_url = non_empty(self.online_url.as_deref());
        if location.is_none() && online_url.is_none() {
            errors.add(
                "location",
                "Bitte einen Ort oder einen Online-Link angeben.",
                "Please give a place or an online link.",
            );
        }
        if let Some(url) = &online_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
                errors.add(
                    "online_url",
                    "Der Link muss mit https:// beginnen.",
                    "The link must start with https://.",
                );
            }
        }
        let zone_name = if self.time_zone.trim().is_empty() {
            super::HOME_ZONE.name()
        } else {
            self.time_zone.trim()
        };
        let time_zone = zone_name.parse::<Tz>().ok();
        if time_zone.is_none() {
            errors.add(
                "time_zone",
                format!("Unbekannte Zeitzone „{zone_name}“ (z. B. Europe/Berlin)."),
                format!("Unknown time zone \"{zone_name}\" (e.g. Europe/Berlin)."),
            );
        }
        let mut weekdays: Vec<Weekday> = Vec::new();
        for iso in &self.weekdays {
            match weekday_of(*iso) {
                Some(day) if !weekdays.contains(&day) => weekdays.push(day),
                Some(_) => {}
                None => errors.add("weekdays", "Unbekannter Wochentag.", "Unknown weekday."),
            }
        }
        weekdays.sort_by_key(Weekday::num_days_from_monday);
        if weekdays.is_empty() {
            errors.add(
                "weekdays",
                "Bitte mindestens einen Wochentag wählen.",
                "Please choose at least one weekday.",
            );
        }
        let pattern = match self.recurrence {
            RecurrenceKind::Weekly => {
                if !(1..=8).contains(&self.interval_weeks) {
                    errors.add("interval_weeks", "Alle 1 bis 8 Wochen.", "Every 1 to 8 weeks.");
                }
                Pattern::Weekly {
                    every_weeks: self.interval_weeks,
                    weekdays: weekdays.clone(),
                }
            }
            RecurrenceKind::MonthlyNthWeekday => {
                if !matches!(self.nth, 1..=4 | -1) {
                    errors.add(
                        "nth",
                        "Bitte 1. bis 4. oder letzten Wochentag wählen.",
                        "Please choose the 1st to 4th or the last weekday.",
                    );
                }
                if weekdays.len() > 1 {
                    errors.add(
                        "weekdays",
                        "Monatlich geht nur ein Wochentag.",
                        "Monthly allows one weekday only.",
                    );
                }
                Pattern::MonthlyNthWeekday {
                    nth: self.nth,
                    weekday: weekdays.first().copied().unwrap_or(Weekday::Mon),
                }
            }
        };
        let end = match (self.until_on, self.count) {
            (Some(_), Some(_)) => {
                errors.add(
                    "count",
                    "Entweder ein Enddatum oder eine Anzahl, nicht beides.",
                    "Either an end date or a count, not both.",
                );
                None
            }
            (Some(until), None) => {
                if until < self.starts_on {
                    errors.add(
                        "until_on",
                        "Das Enddatum liegt vor dem Beginn.",
                        "The end date is before the start.",
                    );
                }
                Some(End::Until(until))
            }
            (None, Some(count)) => {
                if !(1..=MAX_COUNT).contains(&count) {
                    errors.add(
                        "count",
                        format!("1 bis {MAX_COUNT} Termine."),
                        format!("1 to {MAX_COUNT} occurrences."),
                    );
                }
                Some(End::Count(count))
            }
            (None, None) => None,
        };
        if self.window_end <= self.window_start {
            errors.add(
                "window_end",
                "Das Ende muss nach dem Beginn liegen.",
                "The end must be after the start.",
            );
        }
        if !(15..=120).contains(&self.slot_minutes) {
            errors.add(
                "slot_minutes",
                "Ein Zeitfenster dauert 15 bis 120 Minuten.",
                "A slot lasts 15 to 120 minutes.",
            );
        } else if self.window_end > self.window_start
            && (self.window_end - self.window_start).num_minutes() < i64::from(self.slot_minutes)
        {
            errors.add(
                "slot_minutes",
                "Das Zeitfenster ist länger als die Sprechstunde.",
                "The slot is longer than the consultation hours.",
            );
        }
        if self.buffer_minutes > 60 {
            errors.add(
                "buffer_minutes",
                "Höchstens 60 Minuten Pause.",
                "At most 60 minutes of buffer.",
            );
        }
        let exceptions = validate_exceptions(&self.exceptions, &mut errors);
        errors.into_result()?;
        let time_zone = time_zone.unwrap_or(super::HOME_ZONE);
        Ok(ValidSeries {
            schedule: Schedule {
                time_zone,
                starts_on: self.starts_on,
                window_start: self.window_start,
                window_end: self.window_end,
                pattern,
                end,
            },
            input: SeriesInput {
                title: self.title.trim().to_owned(),
                location,
                online_url,
                advisor: self.advisor.trim().to_owned(),
                time_zone: zone_name.to_owned(),
                weekdays: weekdays.iter().map(|d| d.number_from_monday() as u8).collect(),
                interval_weeks: if self.recurrence == RecurrenceKind::Weekly {
                    self.interval_weeks
                } else {
                    1
                },
                nth: if self.recurrence == RecurrenceKind::MonthlyNthWeekday {
                    self.nth
                } else {
                    1
                },
                exceptions,
                ..self.clone()
            },
        })
    }
}

fn validate_exceptions(list: &[SeriesException], errors: &mut FieldErrors) -> Vec<SeriesException> {
    let mut valid: Vec<SeriesException> = Vec::new();
    for (index, exception) in list.iter().enumerate() {
        let field = format!("exceptions.{index}");
        let needs_original = matches!(exception.kind, ExceptionKind::Skip | ExceptionKind::Move);
        let needs_time = matches!(exception.kind, ExceptionKind::Move | ExceptionKind::Extra);
        if needs_original && exception.original_on.is_none() {
            errors.add(
                &field,
                "Bitte das Datum des Termins angeben.",
                "Please give the date of the occurrence.",
            );
            continue;
        }
        if needs_time {
            match (exception.date, exception.start, exception.end) {
                (Some(_), Some(start), Some(end)) if end > start => {}
                (Some(_), Some(_), Some(_)) => {
                    errors.add(
                        &field,
                        "Das Ende muss nach dem Beginn liegen.",
                        "The end must be after the start.",
                    );
                    continue;
                }
                _ => {
                    errors.add(
                        &field,
                        "Bitte Datum, Beginn und Ende angeben.",
                        "Please give date, start and end.",
                    );
                    continue;
                }
            }
        }
        if exception
            .reason
            .as_deref()
            .is_some_and(|r| r.trim().chars().count() > 200)
        {
            errors.add(
                &field,
                "Höchstens 200 Zeichen Begründung.",
                "At most 200 characters of reason.",
            );
            continue;
        }
        if needs_original
            && valid
                .iter()
                .any(|v| v.original_on == exception.original_on && v.kind != ExceptionKind::Extra)
        {
            errors.add(
                &field,
                "Für diesen Termin gibt es schon eine Ausnahme.",
                "This occurrence already has an exception.",
            );
            continue;
        }
        valid.push(SeriesException {
            kind: exception.kind,
            original_on: if needs_original { exception.original_on } else { None },
            date: if needs_time { exception.date } else { None },
            start: if needs_time { exception.start } else { None },
            end: if needs_time { exception.end } else { None },
            reason: non_empty(exception.reason.as_deref()),
        });
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn weekly_input() -> SeriesInput {
        SeriesInput {
            title: " Sprechstunde Nord ".into(),
            municipality_id: 1,
            neighbourhood_id: None,
            location: Some("Rathaus, Zimmer 12".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: String::new(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 2,
            weekdays: vec![4, 2, 2],
            nth: 1,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
            until_on: None,
            count: None,
            window_start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
            window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
            slot_minutes: 30,
            buffer_minutes: 10,
            skip_holidays: true,
            exceptions: Vec::new(),
        }
    }

    #[test]
    fn valid_input_is_trimmed_and_sorted() {
        let valid = weekly_input().validate().expect("valid");
        assert_eq!(valid.input.title, "Sprechstunde Nord");
        assert_eq!(valid.input.time_zone, "Europe/Berlin");
        assert_eq!(valid.input.weekdays, [2, 4]);
        assert_eq!(
            valid.schedule.rrule().expect("rule"),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"
        );
    }

    #[test]
    fn every_broken_rule_is_named() {
        let input = SeriesInput {
            title: " ".into(),
            location: None,
            time_zone: "Mars/Olympus".into(),
            weekdays: vec![],
            interval_weeks: 0,
            window_end: NaiveTime::from_hms_opt(8, 0, 0).expect("time"),
            slot_minutes: 10,
            buffer_minutes: 90,
            until_on: NaiveDate::from_ymd_opt(2026, 1, 1),
            exceptions: vec![SeriesException {
                kind: ExceptionKind::Move,
                original_on: NaiveDate::from_ymd_opt(2026, 3, 5),
                date: None,
                start: None,
                end: None,
                reason: None,
            }],
            ..weekly_input()
        };
        let Err(crate::Error::Validation(errors)) = input.validate() else {
            panic!("expected validation errors");
        };
        for field in [
            "title",
            "location",
            "time_zone",
            "weekdays",
            "interval_weeks",
            "window_end",
            "slot_minutes",
            "buffer_minutes",
            "until_on",
            "exceptions.0",
        ] {
            assert!(errors.has(field), "{field}: {errors}");
        }
    }

    #[test]
    fn window_must_hold_one_slot_and_links_must_be_web_links() {
        let input = SeriesInput {
            window_end: NaiveTime::from_hms_opt(9, 20, 0).expect("time"),
            online_url: Some("javascript:alert(1)".into()),
            ..weekly_input()
        };
        let Err(crate::Error::Validation(errors)) = input.validate() else {
            panic!("expected validation errors");
        };
        assert!(errors.has("slot_minutes") && errors.has("online_url"), "{errors}");
    }

    #[test]
    fn times_read_from_the_ui_without_seconds() {
        let time: NaiveTime = serde_json::from_str("\"09:30\"").expect("HH:MM parses");
        assert_eq!(time, NaiveTime::from_hms_opt(9, 30, 0).expect("time"));
    }
}
