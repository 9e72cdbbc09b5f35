//! `VTIMEZONE` components generated from the time-zone database (chrono-tz) for the period an
//! export covers: one observance per offset change, each with its own `DTSTART`, so calendars
//! that do not know the IANA name (Outlook) compute the same instants.

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::content::ContentWriter;

/// One offset change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from_seconds: i32,
    to_seconds: i32,
    daylight: bool,
    name: Option<String>,
}

fn offset_seconds(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc()
}

/// The offset changes of `zone` between `from` and `to`, to the second.
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut found = Vec::new();
    let step = Duration::hours(12);
    let mut at = DateTime::from_timestamp(from.timestamp(), 0).unwrap_or(from);
    while at < to {
        let next = at + step;
        let (before, after) = (offset_seconds(zone, at), offset_seconds(zone, next));
        if before != after {
            // The change lies in (at, next]: narrow it down to the second.
            let (mut low, mut high) = (at.timestamp(), next.timestamp());
            let instant = |seconds: i64| DateTime::from_timestamp(seconds, 0).unwrap_or(at);
            while high - low > 1 {
                let mid = low + (high - low) / 2;
                if offset_seconds(zone, instant(mid)) == before {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            let high = instant(high);
            let offset = zone.offset_from_utc_datetime(&high.naive_utc());
            found.push(Transition {
                at: high,
                from_seconds: before,
                to_seconds: after,
                daylight: !offset.dst_offset().is_zero(),
                name: offset.abbreviation().map(str::to_owned),
            });
        }
        at = next;
    }
    found
}

fn utc_offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s.is_multiple_of(60) {
        format!("{sign}{:02}{:02}", s / 3600, (s / 60) % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, (s / 60) % 60, s % 60)
    }
}

/// Writes the `VTIMEZONE` of `zone` covering `from`–`to` (widened by a year on both sides, so
/// that recurring events and their overrides near the edges resolve).
pub fn write_vtimezone(w: &mut ContentWriter, zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    let from = from - Duration::days(366);
    let to = to + Duration::days(366);
    w.begin("VTIMEZONE");
    w.raw("TZID", zone.name());
    let changes = transitions(zone, from, to);
    let first_offset = offset_seconds(zone, from);
    let first = zone.offset_from_utc_datetime(&from.naive_utc());
    // The observance in force at the start of the period.
    let opening = Transition {
        at: from,
        from_seconds: first_offset,
        to_seconds: first_offset,
        daylight: !first.dst_offset().is_zero(),
        name: first.abbreviation().map(str::to_owned),
    };
    for t in std::iter::once(&opening).chain(changes.iter()) {
        let component = if t.daylight { "DAYLIGHT" } else { "STANDARD" };
        w.begin(component);
        // DTSTART is the local time of the change in the offset before it.
        let local = t.at.naive_utc() + Duration::seconds(i64::from(t.from_seconds));
        w.raw("DTSTART", &local.format("%Y%m%dT%H%M%S").to_string());
        w.raw("TZOFFSETFROM", &utc_offset_text(t.from_seconds));
        w.raw("TZOFFSETTO", &utc_offset_text(t.to_seconds));
        if let Some(name) = &t.name {
            // Some zones have numeric abbreviations like "+03"; they are fine as TEXT.
            w.text("TZNAME", name);
        }
        w.end(component);
    }
    w.end("VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn berlin_2026_changes_on_the_last_sundays_of_march_and_october() {
        let list = transitions(
            chrono_tz::Europe::Berlin,
            utc("2026-01-01T00:00:00Z"),
            utc("2027-01-01T00:00:00Z"),
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].at, utc("2026-03-29T01:00:00Z"));
        assert_eq!(
            (list[0].from_seconds, list[0].to_seconds, list[0].daylight),
            (3600, 7200, true)
        );
        assert_eq!(list[0].name.as_deref(), Some("CEST"));
        assert_eq!(list[1].at, utc("2026-10-25T01:00:00Z"));
        assert!(!list[1].daylight);
    }

    #[test]
    fn the_component_names_local_change_times() {
        let mut w = ContentWriter::new();
        write_vtimezone(
            &mut w,
            chrono_tz::Europe::Berlin,
            utc("2026-03-01T00:00:00Z"),
            utc("2026-11-30T00:00:00Z"),
        );
        let doc = w.finish();
        assert!(doc.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
        assert!(doc.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
        ));
        assert!(doc.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
        ));
        assert_eq!(doc.matches("BEGIN:DAYLIGHT").count(), 3, "2025, 2026 and 2027");
    }

    #[test]
    fn a_zone_without_changes_has_one_observance() {
        let mut w = ContentWriter::new();
        write_vtimezone(
            &mut w,
            chrono_tz::Asia::Kolkata,
            utc("2026-01-01T00:00:00Z"),
            utc("2026-12-31T00:00:00Z"),
        );
        let doc = w.finish();
        assert_eq!(doc.matches("BEGIN:STANDARD").count(), 1);
        assert!(doc.contains("TZOFFSETTO:+0530"));
        assert_eq!(utc_offset_text(-(9 * 3600 + 30 * 60)), "-0930");
    }
}
