//! Dates and times as the app writes them into journal entries and messages.

use chrono::{DateTime, Datelike, TimeZone, Weekday};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_format() {
        let at: DateTime<chrono::FixedOffset> = "2026-03-10T10:00:00+01:00".parse().expect("instant");
        assert_eq!(german_date_time(&at), "Di., 10.03.2026, 10:00 Uhr");
        assert_eq!(short_date_time(&at), "10.03.2026 10:00");
    }
}
