//! Imported recurrence rules (RRULE): what an import accepts, the one form in which the app
//! stores and writes a rule again, and where the expansion of a long-running rule may start.
//!
//! A rule comes from a stranger's file and is written back into every export, the feed and the
//! CalDAV push: it is taken apart into `KEY=value` parts, each value checked against the
//! characters its kind allows, and put together again, so no text of the file passes through.
//!
//! Rules an advisor's calendar never holds but that make the expansion walk for ever are
//! refused at import: `FREQ=SECONDLY` and `MINUTELY` (one occurrence a second from 1970 is 1.8
//! billion of them), a `COUNT` above [`MAX_COUNT`], an `UNTIL` outside the years the app holds.
//! Rows stored by an older version may still hold such rules: the expansion for the calendar
//! ([`expand`]) starts the walk near the window asked for ([`walk_start`]) and caps it.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::import::EventTime;

/// The highest `COUNT` an import accepts: 27 years of a daily event.
pub const MAX_COUNT: u32 = 10_000;
/// The highest `INTERVAL` an import accepts (a larger one is no series a person keeps).
pub const MAX_INTERVAL: u32 = 1_000;
/// The longest rule text accepted, in bytes.
pub const MAX_RULE: usize = 1_024;

/// The first and the last year the app holds (see `import::YEARS`).
pub const FIRST_YEAR: i32 = 1900;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 2200;

/// How often a rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    /// `SECONDLY`
    Secondly,
    /// `MINUTELY`
    Minutely,
    /// `HOURLY`
    Hourly,
    /// `DAILY`
    Daily,
    /// `WEEKLY`
    Weekly,
    /// `MONTHLY`
    Monthly,
    /// `YEARLY`
    Yearly,
}

impl Freq {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "SECONDLY" => Self::Secondly,
            "MINUTELY" => Self::Minutely,
            "HOURLY" => Self::Hourly,
            "DAILY" => Self::Daily,
            "WEEKLY" => Self::Weekly,
            "MONTHLY" => Self::Monthly,
            "YEARLY" => Self::Yearly,
            _ => return None,
        })
    }
}

/// A rule taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `FREQ`.
    pub freq: Freq,
    /// `INTERVAL` (1 when missing).
    pub interval: u32,
    /// `COUNT`.
    pub count: Option<u32>,
    /// The year of `UNTIL`.
    pub until_year: Option<i32>,
    /// The rule in its one written form: upper case `KEY=value` parts joined by `;`.
    pub text: String,
}

/// Why a rule is refused, in German and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// German.
    pub de: String,
    /// English.
    pub en: String,
}

fn refusal(de: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal {
        de: de.into(),
        en: en.into(),
    }
}

/// The parts a rule may have (RFC 5545 3.3.10); any other is refused.
const KEYS: &[&str] = &[
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

/// Whether `value` holds only what a part of its kind can: digits, signs, commas, weekday
/// letters, and for UNTIL the `T` and `Z` of a date-time.
fn allowed(key: &str, value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| match key {
            "FREQ" | "WKST" => b.is_ascii_uppercase(),
            "UNTIL" => b.is_ascii_digit() || b == b'T' || b == b'Z',
            "COUNT" | "INTERVAL" => b.is_ascii_digit(),
            "BYDAY" => b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'+' | b'-' | b','),
            _ => b.is_ascii_digit() || matches!(b, b'+' | b'-' | b','),
        })
}

/// Takes a rule apart and puts it together again. Refuses what is no rule: an unknown part, a
/// value with characters its kind does not have, a missing or unknown FREQ, a text longer than
/// [`MAX_RULE`]. Says nothing yet about whether the app wants to expand it (see [`check_import`]).
pub fn parse(text: &str) -> Result<Rule, Refusal> {
    let text = text.trim();
    if text.len() > MAX_RULE {
        return Err(refusal(
            format!("Die Wiederholungsregel ist länger als {MAX_RULE} Zeichen."),
            format!("the RRULE is longer than {MAX_RULE} characters"),
        ));
    }
    let mut freq = None;
    let mut interval = 1;
    let mut count = None;
    let mut until_year = None;
    let mut parts: Vec<String> = Vec::new();
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(refusal(
                "Die Wiederholungsregel hat einen Teil ohne „=“.",
                "a part of the RRULE has no \"=\"",
            ));
        };
        let key = key.trim().to_ascii_uppercase();
        // Exchange's CDO writes `BYDAY=MO, TU`: blanks inside a value mean nothing.
        let value: String = value.split_ascii_whitespace().collect::<String>().to_ascii_uppercase();
        let Some(key) = KEYS.iter().find(|k| **k == key) else {
            return Err(refusal(
                "Die Wiederholungsregel hat einen unbekannten Teil.",
                "the RRULE has an unknown part",
            ));
        };
        if !allowed(key, &value) || parts.iter().any(|p| p.split('=').next() == Some(key)) {
            return Err(refusal(
                format!("Der Teil {key} der Wiederholungsregel ist ungültig."),
                format!("the RRULE's {key} is not valid"),
            ));
        }
        let number = || {
            value.parse::<u32>().map_err(|_| {
                refusal(
                    format!("{key} der Wiederholungsregel ist keine Zahl."),
                    format!("the RRULE's {key} is not a number"),
                )
            })
        };
        match *key {
            "FREQ" => {
                freq = Some(Freq::parse(&value).ok_or_else(|| {
                    refusal(
                        "Die Wiederholungsregel hat eine unbekannte Frequenz.",
                        "the RRULE has an unknown FREQ",
                    )
                })?)
            }
            "INTERVAL" => interval = number()?,
            "COUNT" => count = Some(number()?),
            "UNTIL" => {
                until_year = value
                    .get(..4)
                    .filter(|_| value.len() >= 8)
                    .and_then(|y| y.parse::<i32>().ok())
                    .map(Some)
                    .ok_or_else(|| {
                        refusal(
                            "UNTIL der Wiederholungsregel ist kein Datum.",
                            "the RRULE's UNTIL is not a date",
                        )
                    })?
            }
            _ => {}
        }
        parts.push(format!("{key}={value}"));
    }
    let freq = freq.ok_or_else(|| refusal("Der Wiederholungsregel fehlt FREQ.", "the RRULE has no FREQ"))?;
    // FREQ first, as every writer puts it and some readers want it.
    parts.sort_by_key(|p| !p.starts_with("FREQ="));
    Ok(Rule {
        freq,
        interval,
        count,
        until_year,
        text: parts.join(";"),
    })
}

/// Whether an import accepts `rule`: not more often than hourly, at most [`MAX_COUNT`]
/// occurrences, an interval of 1 to [`MAX_INTERVAL`], an UNTIL within the years the app holds.
pub fn check_import(rule: &Rule) -> Result<(), Refusal> {
    if matches!(rule.freq, Freq::Secondly | Freq::Minutely) {
        return Err(refusal(
            "Termine, die sich jede Sekunde oder Minute wiederholen, werden nicht übernommen.",
            "events that repeat every second or minute are not imported",
        ));
    }
    if rule.count.is_some_and(|c| c > MAX_COUNT) {
        return Err(refusal(
            format!("Die Wiederholung hat mehr als {MAX_COUNT} Termine (COUNT)."),
            format!("the RRULE's COUNT is above {MAX_COUNT}"),
        ));
    }
    if rule.interval == 0 || rule.interval > MAX_INTERVAL {
        return Err(refusal(
            format!("INTERVAL der Wiederholung muss zwischen 1 und {MAX_INTERVAL} liegen."),
            format!("the RRULE's INTERVAL must be between 1 and {MAX_INTERVAL}"),
        ));
    }
    if rule.until_year.is_some_and(|y| !(FIRST_YEAR..=LAST_YEAR).contains(&y)) {
        return Err(refusal(
            format!("UNTIL der Wiederholung liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}."),
            format!("the RRULE's UNTIL is not between {FIRST_YEAR} and {LAST_YEAR}"),
        ));
    }
    Ok(())
}

/// Where the walk of a rule without COUNT may start instead of `start` (the local DTSTART) so
/// that it reaches `before` (local) soon: `start` moved by a whole number of periods
/// (INTERVAL × the unit of FREQ) to the last period boundary at or before `before`. Seconds to
/// weeks are of fixed length in local time; months and years keep the day of the month, and
/// when that day does not exist in the month reached, the shift goes back period by period
/// (and is left out if none of a few has it). The rule yields, from there on, exactly what it
/// yields from `start`: its periods stay aligned to DTSTART, and every part that DTSTART
/// defaults (weekday, day of month, time of day) stays the same.
pub fn walk_start(rule: &Rule, start: NaiveDateTime, before: NaiveDateTime) -> NaiveDateTime {
    if rule.count.is_some() || before <= start || rule.interval == 0 {
        return start;
    }
    let interval = i64::from(rule.interval);
    let fixed = |unit: i64| {
        let span = before.signed_duration_since(start).num_seconds();
        let period = unit.saturating_mul(interval);
        let periods = span / period;
        TimeDelta::try_seconds(periods.saturating_mul(period))
            .and_then(|by| start.checked_add_signed(by))
            .unwrap_or(start)
    };
    let calendar = |months_per_period: i64| {
        let months =
            i64::from(before.year() - start.year()) * 12 + i64::from(before.month()) - i64::from(start.month());
        let period = months_per_period * interval;
        let mut periods = months.max(0) / period;
        // A later day of the month (or time) than `before`'s may lie past it: one period less.
        for _ in 0..64 {
            if periods <= 0 {
                return start;
            }
            let shifted = u32::try_from(periods * period)
                .ok()
                .and_then(|m| start.checked_add_months(Months::new(m)))
                // `checked_add_months` clamps to the month's last day: only the same day counts.
                .filter(|at| at.day() == start.day());
            match shifted {
                Some(at) if at <= before => return at,
                _ => periods -= 1,
            }
        }
        start
    };
    match rule.freq {
        Freq::Secondly => fixed(1),
        Freq::Minutely => fixed(60),
        Freq::Hourly => fixed(3_600),
        Freq::Daily => fixed(86_400),
        Freq::Weekly => fixed(7 * 86_400),
        Freq::Monthly => calendar(1),
        Freq::Yearly => calendar(12),
    }
}

/// Whether a date lies within the years the app holds.
pub fn in_years(day: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&day.year())
}

/// The text the `rrule` crate reads for a recurring event starting at `start`.
pub fn rrule_text(start: &EventTime, rule: &str, exdates: &[String]) -> String {
    let dtstart = match start {
        EventTime::Date(day) => format!("DTSTART:{}T000000", day.format("%Y%m%d")),
        EventTime::Floating(at) => format!("DTSTART:{}", at.format("%Y%m%dT%H%M%S")),
        EventTime::Zoned(at, zone) => format!("DTSTART;TZID={}:{}", zone.name(), at.format("%Y%m%dT%H%M%S")),
    };
    let mut text = format!("{dtstart}\nRRULE:{rule}");
    for exdate in exdates {
        let value = if exdate.len() == 8 {
            format!("{exdate}T000000")
        } else {
            exdate.clone()
        };
        if value.ends_with('Z') {
            text.push_str(&format!("\nEXDATE:{value}"));
        } else if let EventTime::Zoned(_, zone) = start {
            text.push_str(&format!("\nEXDATE;TZID={}:{value}", zone.name()));
        } else {
            text.push_str(&format!("\nEXDATE:{value}"));
        }
    }
    text
}

/// The most occurrences of one series shown in one window (an hourly series over a month is
/// 744).
pub const MAX_SHOWN: usize = 1_000;
/// The most instances of one series walked for one window: what a counted rule (at most
/// `MAX_COUNT` at import) needs to reach its end, and then some.
pub const MAX_WALKED: usize = 2 * MAX_COUNT as usize;

/// The instances of a stored rule that start in `[from, to)`, walked from near `from`; `None` when
/// the rule cannot be read (the appointment is then shown once, as stored).
pub fn expand(
    start: &EventTime,
    text: &str,
    exdates: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<Vec<DateTime<rrule::Tz>>> {
    let parsed = parse(text).ok();
    // Every second or minute: no import takes such a rule any more; a row an older version
    // stored is shown once, as stored, so that it can be found and deleted. Walking it would
    // cost up to the `rrule` crate's own limit of 100,000 steps for one that never occurs
    // (`FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30`), 13 times the whole ordinary week view.
    if parsed
        .as_ref()
        .is_some_and(|r| matches!(r.freq, Freq::Secondly | Freq::Minutely))
    {
        return None;
    }
    // The `rrule` crate reads a DTSTART without TZID (a day, a floating time) in the
    // machine's zone: the walk's start is found in the same one.
    let local_from = match start {
        EventTime::Zoned(_, zone) => from.with_timezone(zone).naive_local(),
        _ => from.with_timezone(&chrono::Local).naive_local(),
    };
    if let Some(year) = parsed.as_ref().and_then(|r| r.until_year) {
        if year < local_from.year() - 1 {
            return Some(Vec::new());
        }
    }
    let text = parsed.as_ref().map_or(text, |r| r.text.as_str());
    // Two hours before the window's start, for a change to summer time; three days, when the
    // start found first lies in a gap of the clock and is refused.
    let margins = [chrono::Duration::hours(2), chrono::Duration::days(3)];
    let mut set = None;
    for margin in margins {
        let (Some(rule), Some(before)) = (parsed.as_ref(), local_from.checked_sub_signed(margin)) else {
            break;
        };
        let moved = moved(start, walk_start(rule, local(start), before));
        if let Ok(found) = rrule_text(&moved, text, exdates).parse::<rrule::RRuleSet>() {
            set = Some(found);
            break;
        }
    }
    let set = match set {
        Some(set) => set,
        None => rrule_text(start, text, exdates).parse::<rrule::RRuleSet>().ok()?,
    };
    let set = set.limit();
    let mut found = Vec::new();
    for instance in set.into_iter().take(MAX_WALKED) {
        let utc = instance.with_timezone(&Utc);
        if utc >= to || found.len() >= MAX_SHOWN {
            break;
        }
        if utc >= from {
            found.push(instance);
        }
    }
    Some(found)
}

/// The local time of a start (midnight for a day).
fn local(start: &EventTime) -> NaiveDateTime {
    match *start {
        EventTime::Date(day) => day.and_time(chrono::NaiveTime::MIN),
        EventTime::Floating(at) | EventTime::Zoned(at, _) => at,
    }
}

/// `start` at the local time `at`, of the same kind.
fn moved(start: &EventTime, at: NaiveDateTime) -> EventTime {
    match *start {
        EventTime::Date(_) => EventTime::Date(at.date()),
        EventTime::Floating(_) => EventTime::Floating(at),
        EventTime::Zoned(_, zone) => EventTime::Zoned(at, zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn a_rule_is_written_again_from_its_parts() {
        let rule = parse("byday=MO,TH ; FREQ=weekly;INTERVAL=2").expect("rule");
        assert_eq!(rule.text, "FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2");
        assert_eq!((rule.freq, rule.interval), (Freq::Weekly, 2));
        for bad in [
            "FREQ=DAILY\r\nBEGIN:VEVENT",
            "FREQ=DAILY;X-NAME=1",
            "FREQ=DAILY;BYDAY=MO:TU",
            "FREQ=DAILY;FREQ=WEEKLY",
            "BYDAY=MO",
            "FREQ=FORTNIGHTLY",
            "FREQ=DAILY;COUNT=99999999999",
            "FREQ=DAILY;UNTIL=2026",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_import_refuses_what_would_walk_for_ever() {
        for bad in [
            "FREQ=SECONDLY",
            "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;COUNT=10001",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=DAILY;UNTIL=99991231T000000Z",
            "FREQ=DAILY;UNTIL=18991231",
        ] {
            assert!(check_import(&parse(bad).expect(bad)).is_err(), "{bad}");
        }
        assert!(check_import(&parse("FREQ=HOURLY;COUNT=10000;UNTIL=22001231T000000Z").expect("r")).is_ok());
    }

    #[test]
    fn the_walk_starts_at_a_period_boundary_before_the_window() {
        let rule = |t: &str| parse(t).expect(t);
        let before = at("2026-03-10 00:00");
        assert_eq!(
            walk_start(&rule("FREQ=SECONDLY"), at("1970-01-01 00:00"), before),
            before
        );
        assert_eq!(
            walk_start(&rule("FREQ=WEEKLY;INTERVAL=2"), at("2026-01-01 10:00"), before),
            at("2026-02-26 10:00"),
            "Thursdays, every other week from 1 January"
        );
        assert_eq!(
            walk_start(&rule("FREQ=MONTHLY"), at("2000-01-31 09:00"), before),
            at("2026-01-31 09:00"),
            "February has no 31st"
        );
        assert_eq!(
            walk_start(&rule("FREQ=YEARLY"), at("1904-02-29 09:00"), before),
            at("2024-02-29 09:00")
        );
        assert_eq!(
            walk_start(&rule("FREQ=DAILY;COUNT=5"), at("1904-02-29 09:00"), before),
            at("1904-02-29 09:00"),
            "a counted rule is walked from its start"
        );
    }
}
