//! Reading iCalendar files one event at a time, in bounded memory.
//!
//! Content lines are unfolded on bytes, before they are decoded: producers fold at 75 octets and
//! some split a UTF-8 character doing so. Each logical line is then split into name, parameters
//! and value right here, on borrowed text, by RFC 5545's grammar (3.1): the `ical` crate's
//! `LineReader` + `PropertyParser` allocate the name, the value and every parameter of each line
//! and read each line through a second line reader, which costs more than the rest of an import.
//! The crate is still the judge of a line the split here refuses: its reason is quoted in the
//! error. What the crate
//! leaves to its users is done here too: TEXT unescaping, DATE/DATE-TIME values with TZID (IANA
//! names, Windows names as Outlook writes them, Mozilla's old prefixed names), floating times,
//! UTC. A file that cannot be read is refused with the line it stopped at.
//!
//! The file comes from a stranger, so every read is bounded (see the limits below): a line is
//! read only up to [`MAX_LINE`] and refused past it, never buffered whole; a file past
//! [`MAX_FILE`] bytes or [`MAX_EVENTS`] events is refused where it passes them; what is kept of
//! an event is bounded in count and length; every date lies in [`FIRST_YEAR`]–[`LAST_YEAR`],
//! and durations are added with checked arithmetic. So memory is bounded by the limits, not by
//! the file, the time is linear in its size, and no input makes the reader panic: each refusal
//! is one line, `line N: …`.

use std::io::BufRead;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use ical::property::PropertyParser;

use super::rule::{self, FIRST_YEAR, LAST_YEAR};
use crate::domain::dates::{basic_stamp, push_date};
use crate::{Error, Result};

/// The longest line, physical or unfolded, in bytes: 1 MiB. A longer one is refused; it is
/// read no further than that. Descriptions with HTML copies (`X-ALT-DESC`) stay well below it.
pub const MAX_LINE: usize = 1024 * 1024;
/// The largest file, in bytes: 256 MiB (five times the 50 MB file the import is measured with).
pub const MAX_FILE: u64 = 256 * 1024 * 1024;
/// The most events one file may hold.
pub const MAX_EVENTS: usize = 500_000;
/// The most properties one event may have (attendee lists of large meetings included).
pub const MAX_PROPERTIES: usize = 10_000;
/// The most EXDATE values one event may have (as many as a rule may have occurrences).
pub const MAX_EXDATES: usize = 10_000;
/// The most nested components (VCALENDAR, VEVENT, VALARM … are three).
pub const MAX_DEPTH: usize = 16;
/// The longest SUMMARY, LOCATION, CATEGORIES, in bytes.
pub const MAX_SHORT_TEXT: usize = 4 * 1024;
/// The longest DESCRIPTION, in bytes.
pub const MAX_DESCRIPTION: usize = 64 * 1024;
/// The longest UID, in bytes.
pub const MAX_UID: usize = 1024;
/// The bounds of one read. [`Limits::FILE`] is what every import and sync uses; a test may
/// choose smaller ones to reach them quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest line, physical or unfolded, in bytes.
    pub line: usize,
    /// The most bytes read.
    pub file: u64,
    /// The most events.
    pub events: usize,
}

impl Limits {
    /// [`MAX_LINE`], [`MAX_FILE`], [`MAX_EVENTS`].
    pub const FILE: Self = Self {
        line: MAX_LINE,
        file: MAX_FILE,
        events: MAX_EVENTS,
    };
}

/// The most warnings kept (each names its line); later ones are counted in one more.
const MAX_WARNINGS: usize = 100;
/// The most time zones resolved and remembered per file.
const MAX_ZONES: usize = 1_000;

/// When an event starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    /// A whole day (`VALUE=DATE`).
    Date(NaiveDate),
    /// A local time without a zone: the same wall-clock time wherever one is.
    Floating(NaiveDateTime),
    /// A local time in a zone.
    Zoned(NaiveDateTime, Tz),
}

impl EventTime {
    /// The instant; floating and date values are read in `home`.
    pub fn instant(&self, home: Tz) -> DateTime<Utc> {
        let local = match self {
            Self::Date(day) => day.and_time(chrono::NaiveTime::MIN),
            Self::Floating(at) => *at,
            Self::Zoned(at, zone) => {
                return zone
                    .from_local_datetime(at)
                    .earliest()
                    .unwrap_or_else(|| zone.from_utc_datetime(at))
                    .with_timezone(&Utc)
            }
        };
        home.from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| home.from_utc_datetime(&local))
            .with_timezone(&Utc)
    }

    /// The value as this app stores it: `YYYYMMDD`, local `YYYYMMDDTHHMMSS`, or UTC with `Z`.
    pub fn stored(&self) -> String {
        match self {
            Self::Date(day) => {
                let mut out = String::with_capacity(8);
                push_date(&mut out, *day, "");
                out
            }
            Self::Floating(at) => basic_stamp(*at),
            Self::Zoned(at, zone) => match zone.from_local_datetime(at).earliest() {
                Some(instant) => {
                    let mut out = basic_stamp(instant.naive_utc());
                    out.push('Z');
                    out
                }
                None => basic_stamp(*at),
            },
        }
    }
}

/// One VEVENT as read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct ImportedEvent {
    /// The line its `BEGIN:VEVENT` stands on.
    pub line: usize,
    pub uid: String,
    /// SEQUENCE (0 when missing).
    pub sequence: i64,
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    /// STATUS, upper case.
    pub status: Option<String>,
    /// DTSTART.
    pub start: EventTime,
    /// DTEND, or DTSTART plus DURATION, or the day after a DATE start.
    pub end: EventTime,
    /// RRULE as written.
    pub rrule: Option<String>,
    /// EXDATE values.
    pub exdates: Vec<EventTime>,
    /// RECURRENCE-ID of an overridden occurrence.
    pub recurrence_id: Option<EventTime>,
    /// CATEGORIES as written (unescaped).
    pub categories: Option<String>,
}

/// What a read noticed without refusing the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadNotes {
    /// Warnings in English, each naming a line.
    pub warnings_en: Vec<String>,
    /// The same in German.
    pub warnings_de: Vec<String>,
}

impl ReadNotes {
    fn warn(&mut self, de: String, en: String) {
        match self.warnings_en.len() {
            n if n < MAX_WARNINGS => {
                self.warnings_de.push(de);
                self.warnings_en.push(en);
            }
            n if n == MAX_WARNINGS => {
                self.warnings_de.push("Weitere Warnungen ausgelassen.".into());
                self.warnings_en.push("further warnings left out".into());
            }
            _ => {}
        }
    }
}

fn refuse(line: usize, de: &str, en: &str) -> Error {
    Error::conflict(format!("Zeile {line}: {de}"), format!("line {line}: {en}"))
}

/// A piece of the file as a message quotes it: at most 40 characters, control characters
/// (which could move a terminal's cursor or start a new line of the message) left out.
fn quoted(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
    if text.chars().filter(|c| !c.is_control()).nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Refuses a date outside the years the app holds.
fn check_year(day: NaiveDate, line: usize) -> Result<()> {
    if rule::in_years(day) {
        Ok(())
    } else {
        Err(refuse(
            line,
            &format!(
                "Das Jahr {} liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}.",
                day.year()
            ),
            &format!("the year {} is not between {FIRST_YEAR} and {LAST_YEAR}", day.year()),
        ))
    }
}

/// Refuses a text longer than `max` bytes.
fn check_length(name: &str, text: &str, max: usize, line: usize) -> Result<()> {
    if text.len() <= max {
        Ok(())
    } else {
        Err(refuse(
            line,
            &format!("{name} ist länger als {} KiB.", max / 1024),
            &format!("{name} is longer than {} KiB", max / 1024),
        ))
    }
}

/// Windows time-zone names (as Outlook and Exchange write them) for the zones the advisors meet,
/// after the CLDR mapping.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("UTC", "UTC"),
    ("Coordinated Universal Time", "UTC"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("China Standard Time", "Asia/Shanghai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
];

/// The IANA zone of a TZID as calendar programs write it.
pub fn zone_of_tzid(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(zone) = tzid.parse::<Tz>() {
        return Some(zone);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    // Old Thunderbird/Lightning: "/mozilla.org/20050126_1/Europe/Berlin"; also "/Europe/Berlin".
    let mut parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    while parts.len() >= 2 {
        let candidate = parts[parts.len() - 2..].join("/");
        if let Ok(zone) = candidate.parse::<Tz>() {
            return Some(zone);
        }
        parts.remove(0);
    }
    None
}

/// Undoes RFC 5545 TEXT escaping.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let mut after = rest[at + 1..].chars();
        match after.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
        rest = after.as_str();
    }
    out.push_str(rest);
    out
}

/// One content line split into its parts (RFC 5545 3.1), borrowing from the unfolded line.
#[derive(Debug, Clone, Copy)]
struct ContentLine<'a> {
    name: &'a str,
    /// The parameters as written, without the `;` after the name.
    params: &'a str,
    value: &'a str,
}

/// Where `needle` first stands outside a quoted string in `text`, or `text.len()`.
fn unquoted(text: &str, needle: u8) -> usize {
    let mut quoted = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            _ if b == needle && !quoted => return i,
            _ => {}
        }
    }
    text.len()
}

impl<'a> ContentLine<'a> {
    /// Splits `name *(";" param) ":" value`; `None` when the line does not follow that form.
    fn split(line: &'a str) -> Option<Self> {
        let name_end = line.find([';', ':'])?;
        let name = &line[..name_end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        if line.as_bytes()[name_end] == b':' {
            return Some(Self {
                name,
                params: "",
                value: &line[name_end + 1..],
            });
        }
        let rest = &line[name_end + 1..];
        let colon = unquoted(rest, b':');
        let value = rest.get(colon + 1..)?;
        Some(Self {
            name,
            params: &rest[..colon],
            value,
        })
    }

    /// The first value of the parameter `wanted`, without its quotes.
    fn param(&self, wanted: &str) -> Option<&'a str> {
        let mut rest = self.params;
        while !rest.is_empty() {
            let end = unquoted(rest, b';');
            let (param, after) = (&rest[..end], rest.get(end + 1..).unwrap_or(""));
            rest = after;
            let Some((key, values)) = param.split_once('=') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case(wanted) {
                return Some(values[..unquoted(values, b',')].trim().trim_matches('"').trim());
            }
        }
        None
    }
}

/// The number written in ASCII digits, if all of `digits` are.
fn number(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// `YYYYMMDD`.
fn date_of(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 8 {
        return None;
    }
    let year = i32::try_from(number(&text[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&text[4..6])?, number(&text[6..])?)
}

/// `YYYYMMDDTHHMMSS`.
fn date_time_of(text: &[u8]) -> Option<NaiveDateTime> {
    if text.len() != 15 || text[8] != b'T' {
        return None;
    }
    date_of(&text[..8])?.and_hms_opt(number(&text[9..11])?, number(&text[11..13])?, number(&text[13..])?)
}

/// What the file's own VTIMEZONEs say about a TZID that is neither an IANA nor a Windows name.
#[derive(Debug, Default, Clone)]
struct FileZone {
    /// `X-LIC-LOCATION`, as Thunderbird and Evolution write it: the IANA name.
    location: Option<String>,
    /// `TZOFFSETTO` of its STANDARD and DAYLIGHT parts, e.g. `+0100`, `+0200`.
    standard: Option<String>,
    daylight: Option<String>,
}

/// The zones a file names: resolved once per TZID, each unknown one warned about once.
#[derive(Debug, Default)]
struct Zones {
    defined: std::collections::HashMap<String, FileZone>,
    /// The VTIMEZONE being read: its TZID and what it says so far.
    reading: Option<(String, FileZone)>,
    resolved: std::collections::HashMap<String, Tz>,
}

/// Zones recognised by their offsets alone (standard, daylight), when a VTIMEZONE has a name no
/// database knows, such as Thunderbird's localised "Mitteleuropäische Zeit".
const ZONES_BY_OFFSETS: &[(&str, &str, &str)] = &[
    ("+0100", "+0200", "Europe/Berlin"),
    ("+0000", "+0100", "Europe/London"),
    ("+0200", "+0300", "Europe/Helsinki"),
];

impl Zones {
    fn zone(&mut self, tzid: &str, number: usize, notes: &mut ReadNotes, home: Tz) -> Tz {
        if let Some(zone) = self.resolved.get(tzid) {
            return *zone;
        }
        let zone = match zone_of_tzid(tzid) {
            Some(zone) => zone,
            None => {
                let defined = self.defined.get(tzid);
                let by_location = defined.and_then(|d| d.location.as_deref()).and_then(zone_of_tzid);
                let by_offsets = defined.and_then(|d| {
                    ZONES_BY_OFFSETS
                        .iter()
                        .find(|(standard, daylight, _)| {
                            d.standard.as_deref() == Some(*standard) && d.daylight.as_deref() == Some(*daylight)
                        })
                        .and_then(|(_, _, iana)| iana.parse::<Tz>().ok())
                });
                match by_location.or(by_offsets) {
                    Some(zone) => {
                        notes.warn(
                            format!(
                                "Zeile {number}: Zeitzone „{tzid}“ nach ihrer Beschreibung in der Datei als {} gelesen.",
                                zone.name()
                            ),
                            format!(
                                "line {number}: time zone \"{tzid}\" read as {} after its definition in the file",
                                zone.name()
                            ),
                        );
                        zone
                    }
                    None => {
                        notes.warn(
                            format!(
                                "Zeile {number}: unbekannte Zeitzone „{tzid}“, Zeiten als {} gelesen.",
                                home.name()
                            ),
                            format!(
                                "line {number}: unknown time zone \"{tzid}\", times read as {}",
                                home.name()
                            ),
                        );
                        home
                    }
                }
            }
        };
        if self.resolved.len() < MAX_ZONES {
            self.resolved.insert(tzid.to_owned(), zone);
        }
        zone
    }
}

/// Reads one DATE or DATE-TIME value (also each of a comma-separated list) of `line`.
fn time_value(
    value: &str,
    line: &ContentLine,
    number: usize,
    zones: &mut Zones,
    notes: &mut ReadNotes,
    home: Tz,
) -> Result<EventTime> {
    let value = value.trim();
    let is_date = line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        let day = date_of(value.as_bytes()).ok_or_else(|| {
            refuse(
                number,
                &format!("„{}“ ist kein Datum.", quoted(value)),
                &format!("\"{}\" is not a date", quoted(value)),
            )
        })?;
        check_year(day, number)?;
        return Ok(EventTime::Date(day));
    }
    let bad = || {
        refuse(
            number,
            &format!("„{}“ ist keine Datum-Uhrzeit-Angabe.", quoted(value)),
            &format!("\"{}\" is not a date-time", quoted(value)),
        )
    };
    if let Some(utc) = value.strip_suffix('Z') {
        let at = date_time_of(utc.as_bytes()).ok_or_else(bad)?;
        check_year(at.date(), number)?;
        return Ok(EventTime::Zoned(at, chrono_tz::UTC));
    }
    let at = date_time_of(value.as_bytes()).ok_or_else(bad)?;
    check_year(at.date(), number)?;
    match line.param("TZID") {
        None => Ok(EventTime::Floating(at)),
        Some(tzid) => Ok(EventTime::Zoned(at, zones.zone(tzid, number, notes, home))),
    }
}

/// A duration such as `PT1H30M`, `P1D`, `P2W`; `None` when it is none, or longer than chrono
/// can hold (every step is checked: a file may ask for `P99999999999999W`).
fn duration(value: &str) -> Option<chrono::Duration> {
    let v = value.trim();
    let (negative, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let mut total = chrono::Duration::zero();
    let mut number: Option<i64> = None;
    let mut in_time = false;
    for c in v.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => {
                let digit = i64::from(u32::from(c) - u32::from('0'));
                number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
            }
            unit => {
                let n = number.take()?;
                let part = match (unit, in_time) {
                    ('W', false) => chrono::Duration::try_weeks(n),
                    ('D', false) => chrono::Duration::try_days(n),
                    ('H', true) => chrono::Duration::try_hours(n),
                    ('M', true) => chrono::Duration::try_minutes(n),
                    ('S', true) => chrono::Duration::try_seconds(n),
                    _ => None,
                }?;
                total = total.checked_add(&part)?;
            }
        }
    }
    if number.is_some() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// `start` moved by `by`; `None` past the calendar's end (checked: `by` comes from the file).
fn shifted(start: EventTime, by: chrono::Duration) -> Option<EventTime> {
    Some(match start {
        EventTime::Date(day) => {
            EventTime::Date(day.checked_add_days(chrono::Days::new(u64::try_from(by.num_days()).unwrap_or(1).max(1)))?)
        }
        EventTime::Floating(at) => EventTime::Floating(at.checked_add_signed(by)?),
        EventTime::Zoned(at, zone) => {
            // A duration is exact time: add it to the instant, then read the wall clock again.
            let instant = match zone.from_local_datetime(&at).earliest() {
                Some(d) => d.with_timezone(&Utc),
                None => Utc.from_utc_datetime(&at),
            };
            let end = instant.checked_add_signed(by)?;
            EventTime::Zoned(end.with_timezone(&zone).naive_local(), zone)
        }
    })
}

/// The local date of a time, for the year check.
fn day_of(time: EventTime) -> NaiveDate {
    match time {
        EventTime::Date(day) => day,
        EventTime::Floating(at) | EventTime::Zoned(at, _) => at.date(),
    }
}

/// RFC 5545 wants UNTIL in UTC when DTSTART has a zone; Exchange 2010 writes it in local time
/// and some programs as a DATE. Read in the event's zone, it becomes UTC (a DATE: the end of
/// that day), as other readers take it.
fn until_in_utc(rule: &str, start: &EventTime) -> String {
    let EventTime::Zoned(_, zone) = start else {
        return rule.to_owned();
    };
    rule.split(';')
        .map(|part| {
            let Some((key, value)) = part.split_once('=') else {
                return part.to_owned();
            };
            let value = value.trim();
            if !key.trim().eq_ignore_ascii_case("UNTIL") || value.ends_with('Z') {
                return part.to_owned();
            }
            let local = date_time_of(value.as_bytes())
                .or_else(|| date_of(value.as_bytes()).and_then(|day| day.and_hms_opt(23, 59, 59)));
            match local.and_then(|at| zone.from_local_datetime(&at).earliest()) {
                Some(at) => format!("{key}={}Z", basic_stamp(at.naive_utc())),
                None => part.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A UID as read: TEXT, unescaped like every other (the writer escapes it). It is stored and
/// written into every export again, so one that holds a line break or another control
/// character is refused rather than changed: it names the event on other calendars too.
fn uid(value: &str, line: usize) -> Result<String> {
    let uid = unescape_text(value.trim());
    if uid.chars().any(char::is_control) {
        return Err(refuse(
            line,
            "Die UID enthält einen Zeilenumbruch oder ein Steuerzeichen.",
            "the UID holds a line break or a control character",
        ));
    }
    Ok(uid)
}

/// An RRULE as the app keeps it: taken apart and written again by [`rule::parse`], refused
/// when the import does not take it ([`rule::check_import`]).
fn checked_rule(value: &str, line: usize) -> Result<String> {
    let parsed = rule::parse(value).and_then(|r| rule::check_import(&r).map(|()| r));
    match parsed {
        Ok(r) => Ok(r.text),
        Err(why) => Err(refuse(
            line,
            &format!("Die Wiederholung ist ungültig ({}).", why.de.trim_end_matches('.')),
            &format!("invalid RRULE ({})", why.en),
        )),
    }
}

/// The properties of the VEVENT being read.
#[derive(Debug, Default)]
struct Draft {
    line: usize,
    uid: Option<String>,
    sequence: i64,
    summary: Option<String>,
    location: Option<String>,
    description: Option<String>,
    status: Option<String>,
    start: Option<EventTime>,
    end: Option<EventTime>,
    duration: Option<(chrono::Duration, usize)>,
    rrule: Option<String>,
    /// Properties read, to bound them.
    properties: usize,
    exdates: Vec<EventTime>,
    recurrence_id: Option<EventTime>,
    categories: Option<String>,
}

impl Draft {
    fn finish(self) -> Result<ImportedEvent> {
        let line = self.line;
        let start = self.start.ok_or_else(|| {
            refuse(
                line,
                "Dem Termin fehlt der Beginn (DTSTART).",
                "the event has no DTSTART",
            )
        })?;
        let uid = self
            .uid
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| refuse(line, "Dem Termin fehlt die UID.", "the event has no UID"))?;
        let end = match (self.end, self.duration) {
            (Some(end), _) => end,
            (None, Some((d, at))) => {
                let end = shifted(start, d).filter(|end| rule::in_years(day_of(*end)));
                end.ok_or_else(|| {
                    refuse(
                        at,
                        &format!("Das Ende liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}."),
                        &format!("the DURATION ends outside {FIRST_YEAR}–{LAST_YEAR}"),
                    )
                })?
            }
            (None, None) => match start {
                // The years end in 2200: a day after it still exists.
                EventTime::Date(day) => EventTime::Date(day.succ_opt().unwrap_or(day)),
                other => other,
            },
        };
        Ok(ImportedEvent {
            line,
            uid,
            sequence: self.sequence,
            summary: self.summary.unwrap_or_default(),
            location: self.location,
            description: self.description,
            status: self.status,
            start,
            end,
            rrule: self.rrule.map(|rule| until_in_utc(&rule, &start)),
            exdates: self.exdates,
            recurrence_id: self.recurrence_id,
            categories: self.categories,
        })
    }
}

/// Unfolds content lines at the byte level, before they are decoded: producers fold at 75
/// octets and some split a multi-byte character doing so. Two buffers are reused for the whole
/// file, so reading allocates nothing per line. No line is read past [`MAX_LINE`], nor the
/// file past [`MAX_FILE`].
struct Unfold<R> {
    inner: R,
    /// The physical line read ahead to see whether it continues the current one.
    ahead: Vec<u8>,
    has_ahead: bool,
    /// Physical lines read so far.
    physical: usize,
    /// Bytes read so far.
    bytes: u64,
    limits: Limits,
}

/// Why a line could not be read.
enum Unreadable {
    Io(std::io::Error),
    /// A limit was passed: the refusal, naming its line.
    Limit(Error),
}

impl From<std::io::Error> for Unreadable {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl<R: BufRead> Unfold<R> {
    /// Reads one physical line into `ahead`, without its line break; `false` at the end. Stops
    /// reading as soon as the line passes [`MAX_LINE`].
    fn read_ahead(&mut self) -> std::result::Result<bool, Unreadable> {
        self.ahead.clear();
        let mut read_any = false;
        loop {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if chunk.is_empty() {
                break;
            }
            read_any = true;
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            let line = self.physical + 1;
            if self.ahead.len() + take > self.limits.line + 2 {
                return Err(Unreadable::Limit(refuse(
                    line,
                    &format!("Die Zeile ist länger als {}.", size(self.limits.line as u64)),
                    &format!("the line is longer than {}", size(self.limits.line as u64)),
                )));
            }
            self.ahead.extend_from_slice(&chunk[..take]);
            self.inner.consume(take);
            self.bytes += take as u64;
            if self.bytes > self.limits.file {
                return Err(Unreadable::Limit(refuse(
                    line,
                    &format!("Die Datei ist größer als {}.", size(self.limits.file)),
                    &format!("the file is larger than {}", size(self.limits.file)),
                )));
            }
            if done {
                break;
            }
        }
        if !read_any {
            return Ok(false);
        }
        while self.ahead.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            self.ahead.pop();
        }
        if self.physical == 0 && !self.has_ahead && self.ahead.starts_with(b"\xEF\xBB\xBF") {
            // A UTF-8 byte-order mark, as some Windows programs write it.
            self.ahead.drain(..3);
        }
        Ok(true)
    }

    /// Puts the next logical line into `line` and returns the number of its first physical
    /// line, or `None` at the end of the file.
    fn next_line(&mut self, line: &mut Vec<u8>) -> std::result::Result<Option<usize>, Unreadable> {
        if !self.has_ahead && !self.read_ahead()? {
            return Ok(None);
        }
        std::mem::swap(line, &mut self.ahead);
        self.physical += 1;
        let first = self.physical;
        self.has_ahead = false;
        while self.read_ahead()? {
            if self.ahead.first().is_some_and(|b| matches!(b, b' ' | b'\t')) {
                if line.len() + self.ahead.len() > self.limits.line + 1 {
                    return Err(Unreadable::Limit(refuse(
                        first,
                        &format!("Die Eigenschaft ist länger als {}.", size(self.limits.line as u64)),
                        &format!("the property is longer than {}", size(self.limits.line as u64)),
                    )));
                }
                line.extend_from_slice(&self.ahead[1..]);
                self.physical += 1;
            } else {
                self.has_ahead = true;
                break;
            }
        }
        Ok(Some(first))
    }
}

/// A size as a message names it: `1 MiB`, `64 KiB`, `100 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Why the `ical` crate refuses a line that does not split into name, parameters and value.
fn crate_reason(line: &str) -> String {
    match PropertyParser::from_reader(line.as_bytes()).next() {
        Some(Err(e)) => {
            // The crate's message starts with its own line number, which means nothing here.
            let reason = e.to_string();
            let reason = reason
                .split_once(": ")
                .map_or(reason.as_str(), |(_, r)| r)
                .to_lowercase();
            format!(" ({})", reason.trim_end_matches('.'))
        }
        _ => String::new(),
    }
}

/// Reads every VEVENT of `reader`, handing each to `on_event` as soon as it is complete.
/// Floating times and unknown zones are read in `home`.
pub fn read_events<R: BufRead>(
    reader: R,
    home: Tz,
    on_event: impl FnMut(ImportedEvent) -> Result<()>,
) -> Result<ReadNotes> {
    read_events_within(reader, home, Limits::FILE, on_event)
}

/// [`read_events`] within other limits.
pub fn read_events_within<R: BufRead>(
    reader: R,
    home: Tz,
    limits: Limits,
    mut on_event: impl FnMut(ImportedEvent) -> Result<()>,
) -> Result<ReadNotes> {
    let mut notes = ReadNotes::default();
    let mut stack: Vec<String> = Vec::new();
    let mut draft: Option<Draft> = None;
    let mut seen_calendar = false;
    let mut last_line = 0;
    let mut lines = Unfold {
        inner: reader,
        ahead: Vec::new(),
        has_ahead: false,
        physical: 0,
        bytes: 0,
        limits,
    };
    let mut raw = Vec::new();
    let mut upper = String::new();
    let mut zones = Zones::default();
    let mut events = 0usize;
    loop {
        let number = match lines.next_line(&mut raw) {
            Ok(Some(number)) => number,
            Ok(None) => break,
            Err(Unreadable::Io(e)) => return Err(Error::io("cannot read the file", e)),
            Err(Unreadable::Limit(refusal)) => return Err(refusal),
        };
        last_line = number;
        let Ok(text) = std::str::from_utf8(&raw) else {
            return Err(refuse(
                number,
                "Die Datei ist nicht in UTF-8 kodiert.",
                "the file is not UTF-8",
            ));
        };
        if text.trim().is_empty() {
            continue;
        }
        let Some(line) = ContentLine::split(text) else {
            if stack.is_empty() {
                return Err(refuse(
                    number,
                    "Die Datei beginnt nicht mit BEGIN:VCALENDAR.",
                    "the file does not start with BEGIN:VCALENDAR",
                ));
            }
            return Err(refuse(
                number,
                "Die Zeile ist keine gültige iCalendar-Eigenschaft.",
                &format!("not a valid iCalendar property{}", crate_reason(text)),
            ));
        };
        let name = if line.name.bytes().any(|b| b.is_ascii_lowercase()) {
            upper.clear();
            upper.push_str(line.name);
            upper.make_ascii_uppercase();
            upper.as_str()
        } else {
            line.name
        };
        let value = line.value;
        match name {
            "BEGIN" => {
                let component = value.trim().to_ascii_uppercase();
                if stack.is_empty() && component != "VCALENDAR" {
                    return Err(refuse(
                        number,
                        "Die Datei beginnt nicht mit BEGIN:VCALENDAR.",
                        "the file does not start with BEGIN:VCALENDAR",
                    ));
                }
                seen_calendar = true;
                if stack.len() >= MAX_DEPTH
                    || component.len() > 64
                    || !component.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(refuse(
                        number,
                        "Die Komponente ist ungültig oder zu tief verschachtelt.",
                        "the component is not valid or nested too deep",
                    ));
                }
                if component == "VEVENT" && stack.last().is_some_and(|c| c == "VCALENDAR") {
                    events += 1;
                    if events > limits.events {
                        return Err(refuse(
                            number,
                            &format!("Die Datei enthält mehr als {} Termine.", limits.events),
                            &format!("the file holds more than {} events", limits.events),
                        ));
                    }
                    draft = Some(Draft {
                        line: number,
                        ..Draft::default()
                    });
                }
                if component == "VTIMEZONE" {
                    zones.reading = Some((String::new(), FileZone::default()));
                }
                stack.push(component);
            }
            "END" => {
                let component = value.trim();
                match stack.pop() {
                    Some(open) if open.eq_ignore_ascii_case(component) => {}
                    Some(open) => {
                        return Err(refuse(
                            number,
                            &format!("END:{component} erwartet END:{open}."),
                            &format!("END:{component} where END:{open} was expected"),
                        ))
                    }
                    None => {
                        return Err(refuse(
                            number,
                            &format!("END:{component} ohne BEGIN."),
                            &format!("END:{component} without BEGIN"),
                        ))
                    }
                }
                if component.eq_ignore_ascii_case("VTIMEZONE") {
                    let room = zones.defined.len() < MAX_ZONES;
                    if let Some((tzid, zone)) = zones.reading.take().filter(|(tzid, _)| !tzid.is_empty() && room) {
                        zones.defined.insert(tzid, zone);
                    }
                }
                if component.eq_ignore_ascii_case("VEVENT") && stack.last().is_some_and(|c| c == "VCALENDAR") {
                    if let Some(done) = draft.take() {
                        on_event(done.finish()?)?;
                    }
                }
            }
            _ if stack.is_empty() => {
                return Err(refuse(
                    number,
                    "Die Datei beginnt nicht mit BEGIN:VCALENDAR.",
                    "the file does not start with BEGIN:VCALENDAR",
                ))
            }
            _ if zones.reading.is_some() => {
                if let Some((tzid, zone)) = zones.reading.as_mut().filter(|_| value.len() <= 256) {
                    match (name, stack.last().map(String::as_str)) {
                        ("TZID", Some("VTIMEZONE")) => *tzid = value.trim().to_owned(),
                        ("X-LIC-LOCATION", Some("VTIMEZONE")) => zone.location = Some(value.trim().to_owned()),
                        ("TZOFFSETTO", Some("STANDARD")) => zone.standard = Some(value.trim().to_owned()),
                        ("TZOFFSETTO", Some("DAYLIGHT")) => zone.daylight = Some(value.trim().to_owned()),
                        _ => {}
                    }
                }
            }
            _ => {
                // Only the event's own properties count, not those of its VALARMs.
                let Some(d) = draft.as_mut().filter(|_| stack.last().is_some_and(|c| c == "VEVENT")) else {
                    continue;
                };
                d.properties += 1;
                if d.properties > MAX_PROPERTIES {
                    return Err(refuse(
                        number,
                        &format!("Der Termin hat mehr als {MAX_PROPERTIES} Eigenschaften."),
                        &format!("the event has more than {MAX_PROPERTIES} properties"),
                    ));
                }
                match name {
                    "SUMMARY" | "LOCATION" | "CATEGORIES" => check_length(name, value, MAX_SHORT_TEXT, number)?,
                    "DESCRIPTION" => check_length(name, value, MAX_DESCRIPTION, number)?,
                    "UID" => check_length(name, value, MAX_UID, number)?,
                    _ => {}
                }
                match name {
                    "UID" => d.uid = Some(uid(value, number)?),
                    "SEQUENCE" => {
                        d.sequence = value
                            .trim()
                            .parse()
                            .map_err(|_| refuse(number, "SEQUENCE ist keine Zahl.", "SEQUENCE is not a number"))?
                    }
                    "SUMMARY" => d.summary = Some(unescape_text(value)),
                    "LOCATION" => d.location = Some(unescape_text(value)).filter(|l| !l.trim().is_empty()),
                    "DESCRIPTION" => d.description = Some(unescape_text(value)).filter(|l| !l.trim().is_empty()),
                    "STATUS" => d.status = Some(value.trim().to_ascii_uppercase()),
                    "DTSTART" => d.start = Some(time_value(value, &line, number, &mut zones, &mut notes, home)?),
                    "DTEND" => d.end = Some(time_value(value, &line, number, &mut zones, &mut notes, home)?),
                    "DURATION" => {
                        let length = duration(value).ok_or_else(|| {
                            refuse(number, "DURATION ist ungültig.", "DURATION is not a valid duration")
                        })?;
                        d.duration = Some((length, number));
                    }
                    "RRULE" => d.rrule = Some(checked_rule(value, number)?),
                    "CATEGORIES" => d.categories = Some(unescape_text(value)).filter(|c| !c.trim().is_empty()),
                    "EXDATE" => {
                        for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                            if d.exdates.len() >= MAX_EXDATES {
                                return Err(refuse(
                                    number,
                                    &format!("Der Termin hat mehr als {MAX_EXDATES} Ausnahmen (EXDATE)."),
                                    &format!("the event has more than {MAX_EXDATES} EXDATE values"),
                                ));
                            }
                            d.exdates
                                .push(time_value(part, &line, number, &mut zones, &mut notes, home)?);
                        }
                    }
                    "RECURRENCE-ID" => {
                        d.recurrence_id = Some(time_value(value, &line, number, &mut zones, &mut notes, home)?)
                    }
                    _ => {}
                }
            }
        }
    }
    if !seen_calendar {
        return Err(refuse(
            last_line.max(1),
            "Die Datei enthält keinen Kalender (BEGIN:VCALENDAR fehlt).",
            "the file holds no calendar (no BEGIN:VCALENDAR)",
        ));
    }
    if let Some(open) = stack.last() {
        return Err(refuse(
            last_line,
            &format!("Die Datei endet vor END:{open}."),
            &format!("the file ends before END:{open}"),
        ));
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Vec<ImportedEvent>, ReadNotes)> {
        let mut events = Vec::new();
        let notes = read_events(text.as_bytes(), chrono_tz::Europe::Berlin, |e| {
            events.push(e);
            Ok(())
        })?;
        Ok((events, notes))
    }

    #[test]
    fn outlook_style_event_with_windows_zone_and_folded_text() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nEND:VTIMEZONE\r\n\
            BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E0080000000010\r\nSUMMARY:Abstimmung F\u{f6}rder\r\n mittel\\, Teil 2\\; \u{dc}berblick\r\n\
            DTSTART;TZID=W. Europe Standard Time:20260310T100000\r\nDTEND;TZID=\"W. Europe Standard Time\":20260310T113000\r\n\
            DESCRIPTION:Zeile 1\\nZeile 2 \u{1f3d8}\r\nSEQUENCE:2\r\nBEGIN:VALARM\r\nDESCRIPTION:Erinnerung\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (events, notes) = read(text).expect("read");
        assert!(notes.warnings_en.is_empty());
        let e = &events[0];
        assert_eq!(e.summary, "Abstimmung Fördermittel, Teil 2; Überblick");
        assert_eq!(e.description.as_deref(), Some("Zeile 1\nZeile 2 🏘"));
        assert_eq!(e.sequence, 2);
        assert_eq!(e.line, 6);
        assert_eq!(
            e.start.instant(chrono_tz::UTC).to_rfc3339(),
            "2026-03-10T09:00:00+00:00",
            "W. Europe Standard Time is Berlin"
        );
        assert_eq!(e.end.instant(chrono_tz::UTC).to_rfc3339(), "2026-03-10T10:30:00+00:00");
    }

    #[test]
    fn all_day_floating_durations_recurrence_and_unknown_zones() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20260501\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:b\nDTSTART:20260502T090000\nDURATION:PT1H30M\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:c\nDTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260105T100000\nDTEND;TZID=Europe/Berlin:20260105T110000\n\
            RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5\nEXDATE;TZID=Europe/Berlin:20260112T100000,20260119T100000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:c\nRECURRENCE-ID;TZID=Europe/Berlin:20260126T100000\nDTSTART;TZID=Mars/Olympus:20260127T140000\nDTEND;TZID=Europe/Berlin:20260127T150000\nEND:VEVENT\nEND:VCALENDAR\n";
        let (events, notes) = read(text).expect("read");
        assert_eq!(events.len(), 4);
        assert_eq!(
            events[0].start,
            EventTime::Date(NaiveDate::from_ymd_opt(2026, 5, 1).expect("d"))
        );
        assert_eq!(
            events[0].end,
            EventTime::Date(NaiveDate::from_ymd_opt(2026, 5, 2).expect("d"))
        );
        assert!(matches!(events[1].start, EventTime::Floating(_)));
        assert_eq!(events[1].end.stored(), "20260502T103000");
        assert_eq!(events[2].rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=MO;COUNT=5"));
        assert_eq!(events[2].exdates.len(), 2);
        assert_eq!(events[2].start.stored(), "20260105T090000Z");
        assert_eq!(
            events[3].recurrence_id.map(|r| r.stored()).as_deref(),
            Some("20260126T090000Z")
        );
        assert_eq!(notes.warnings_en.len(), 1);
        assert!(
            notes.warnings_en[0].starts_with("line 21: unknown time zone \"Mars/Olympus\""),
            "{:?}",
            notes.warnings_en
        );
    }

    #[test]
    fn malformed_files_name_their_line() {
        let cases = [
            (
                "BEGIN:VEVENT\nEND:VEVENT\n",
                "line 1: the file does not start with BEGIN:VCALENDAR",
            ),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:2026-03-10\nEND:VEVENT\nEND:VCALENDAR\n",
                "line 4: \"2026-03-10\" is not a date-time",
            ),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260310T100000\nEND:VCALENDAR\n",
                "line 5: END:VCALENDAR where END:VEVENT was expected",
            ),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\nEND:VCALENDAR\n",
                "line 2: the event has no DTSTART",
            ),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260310T100000\nEND:VEVENT\n",
                "the file ends before END:VCALENDAR",
            ),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n;broken\nEND:VEVENT\nEND:VCALENDAR\n",
                "line 4: not a valid iCalendar property",
            ),
            ("Hallo Welt\n", "line 1: "),
            ("", "no BEGIN:VCALENDAR"),
        ];
        for (text, expected) in cases {
            let err = read(text).expect_err(text);
            assert!(err.to_string().contains(expected), "{text:?}: {err}");
        }
        let mut latin1 = Vec::new();
        let err = read_events(
            &b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Gr\xfc\xdfe\nEND:VEVENT\nEND:VCALENDAR\n"[..],
            chrono_tz::UTC,
            |e| {
                latin1.push(e);
                Ok(())
            },
        )
        .expect_err("latin-1");
        assert_eq!(err.to_string(), "line 3: the file is not UTF-8");
        // A fold inside a multi-byte character is unfolded before decoding.
        let split = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nDTSTART:20260310T100000Z\nSUMMARY:F\xc3\n \xb6rderung\nEND:VEVENT\nEND:VCALENDAR\n";
        let mut events = Vec::new();
        read_events(&split[..], chrono_tz::UTC, |e| {
            events.push(e);
            Ok(())
        })
        .expect("a character split by a fold");
        assert_eq!(events[0].summary, "Förderung");
    }

    #[test]
    fn a_fold_right_after_a_space_keeps_the_space() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x \r\nDTSTART:20260310T100000Z\r\nSUMMARY:Aufbau eines \r\n Stadtteilzentrums \r\n \r\n  – Gartenstadt\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (events, _) = read(text).expect("read");
        assert_eq!(events[0].summary, "Aufbau eines Stadtteilzentrums  – Gartenstadt");
        assert_eq!(events[0].uid, "x");
    }

    #[test]
    fn zones_from_the_files_own_definitions_and_local_until() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Mitteleurop\u{e4}ische Zeit \nBEGIN:STANDARD\nTZOFFSETFROM:+0200\n\
            TZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
            BEGIN:VTIMEZONE\nTZID:Lisboa\nX-LIC-LOCATION:Europe/Lisbon\nEND:VTIMEZONE\n\
            BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Mitteleurop\u{e4}ische Zeit :20260701T170000\nDTEND;TZID=Mitteleurop\u{e4}ische Zeit :20260701T183000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Lisboa:20260701T170000\nRRULE:FREQ=WEEKLY;UNTIL=20260729T170000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:c\nDTSTART;TZID=FOO:20260701T170000\nDTEND;TZID=FOO:20260701T180000\nEND:VEVENT\nEND:VCALENDAR\n";
        let (events, notes) = read(text).expect("read");
        assert_eq!(
            events[0].start.stored(),
            "20260701T150000Z",
            "Central European Summer Time"
        );
        assert_eq!(
            events[1].start.stored(),
            "20260701T160000Z",
            "Lisbon after X-LIC-LOCATION"
        );
        assert_eq!(
            events[1].rrule.as_deref(),
            Some("FREQ=WEEKLY;UNTIL=20260729T160000Z"),
            "a local UNTIL becomes UTC"
        );
        assert_eq!(notes.warnings_en.len(), 3, "one per zone: {:?}", notes.warnings_en);
        assert!(notes.warnings_en[0].contains("read as Europe/Berlin after its definition"));
        assert!(
            notes.warnings_en[2].starts_with("line 29: unknown time zone \"FOO\""),
            "{:?}",
            notes.warnings_en
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration("PT1H30M"), Some(chrono::Duration::minutes(90)));
        assert_eq!(duration("P1DT2H"), Some(chrono::Duration::hours(26)));
        assert_eq!(duration("P2W"), Some(chrono::Duration::weeks(2)));
        assert_eq!(duration("-PT15M"), Some(chrono::Duration::minutes(-15)));
        assert_eq!(duration("1H"), None);
        assert_eq!(duration("PT1H5"), None);
    }
}
