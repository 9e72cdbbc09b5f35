//! Dates and times as the app writes them into journal entries and messages, and the home zone
//! the calendar's days are cut in.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// The zone the calendar's days are cut in, new series and appointments default to and floating
/// times of imported files are read in: the advisors all work in Germany.
pub const HOME_ZONE: Tz = chrono_tz::Europe::Berlin;

/// Local midnight of a day in the home zone, in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    HOME_ZONE
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)))
}

fn german_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mo.",
        Weekday::Tue => "Di.",
        Weekday::Wed => "Mi.",
        Weekday::Thu => "Do.",
        Weekday::Fri => "Fr.",
        Weekday::Sat => "Sa.",
        Weekday::Sun => "So.",
    }
}

/// `Di., 10.03.2026, 10:00 Uhr`
pub fn german_date_time<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    format!("{}, {} Uhr", german_weekday(at.weekday()), at.format("%d.%m.%Y, %H:%M"))
}

/// `10.03.2026 10:00`, for naming an item in a message in either language.
pub fn short_date_time<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.format("%d.%m.%Y %H:%M").to_string()
}

// The stamps below are written by hand rather than with chrono's `format`, which parses its
// pattern on every call and dominated both the export and the import.

fn push_number(out: &mut String, value: u32, width: usize) {
    let mut buffer = [b'0'; 4];
    let mut rest = value;
    for slot in buffer[..width].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend(buffer[..width].iter().map(|b| char::from(*b)));
}

/// Appends `day` as `YYYY` `separator` `MM` `separator` `DD`.
pub fn push_date(out: &mut String, day: NaiveDate, separator: &str) {
    push_number(out, u32::try_from(day.year()).unwrap_or(0), 4);
    out.push_str(separator);
    push_number(out, day.month(), 2);
    out.push_str(separator);
    push_number(out, day.day(), 2);
}

/// Appends `time` as `HH` `separator` `MM` `separator` `SS`.
pub fn push_time(out: &mut String, time: NaiveTime, separator: &str) {
    push_number(out, time.hour(), 2);
    out.push_str(separator);
    push_number(out, time.minute(), 2);
    out.push_str(separator);
    push_number(out, time.second(), 2);
}

/// `20260310T100000` (iCalendar's basic form).
pub fn basic_stamp(at: NaiveDateTime) -> String {
    let mut out = String::with_capacity(16);
    push_date(&mut out, at.date(), "");
    out.push('T');
    push_time(&mut out, at.time(), "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_format() {
        let at: DateTime<chrono::FixedOffset> = "2026-03-10T10:00:00+01:00".parse().expect("instant");
        assert_eq!(german_date_time(&at), "Di., 10.03.2026, 10:00 Uhr");
        let local = at.naive_local();
        assert_eq!(basic_stamp(local), "20260310T100000");
        let mut time = String::new();
        push_time(&mut time, NaiveTime::from_hms_opt(9, 5, 7).expect("time"), ":");
        assert_eq!(time, "09:05:07");
        assert_eq!(short_date_time(&at), "10.03.2026 10:00");
    }
}
