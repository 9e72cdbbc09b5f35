//! Reading iCalendar files with the `ical` crate, one event at a time.
//!
//! The `ical` crate reads the content lines (`LineReader`) and splits each into name, parameters
//! and value (`PropertyParser`); the events are assembled here as the lines stream by, so a
//! 50 MB file is read in bounded memory. Unfolding happens one step earlier, on bytes
//! ((`Unfold`)): producers fold at 75 octets and some split a UTF-8 character doing so, which the
//! crate's line reader (it decodes physical lines and trims their ends) cannot put together. What
//! the crate leaves to its users is done here too: TEXT unescaping, DATE/DATE-TIME values with
//! TZID (IANA names, Windows names as Outlook writes them, Mozilla's old prefixed names),
//! floating times, UTC. A file the parser cannot follow is refused with the line it stopped at.

use std::io::{BufRead, Read};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use ical::line::LineReader;
use ical::property::PropertyParser;

use crate::{Error, Result};

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
            Self::Date(day) => day.format("%Y%m%d").to_string(),
            Self::Floating(at) => at.format("%Y%m%dT%H%M%S").to_string(),
            Self::Zoned(at, zone) => zone
                .from_local_datetime(at)
                .earliest()
                .map(|d| d.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string())
                .unwrap_or_else(|| at.format("%Y%m%dT%H%M%S").to_string()),
        }
    }
}

/// One VEVENT as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    /// The line its `BEGIN:VEVENT` stands on.
    pub line: usize,
    /// UID.
    pub uid: String,
    /// SEQUENCE (0 when missing).
    pub sequence: i64,
    /// SUMMARY.
    pub summary: String,
    /// LOCATION.
    pub location: Option<String>,
    /// DESCRIPTION.
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
        self.warnings_de.push(de);
        self.warnings_en.push(en);
    }
}

fn refuse(line: usize, de: &str, en: &str) -> Error {
    Error::conflict(format!("Zeile {line}: {de}"), format!("line {line}: {en}"))
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
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

type Params = Vec<(String, Vec<String>)>;

fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

/// Reads one DATE or DATE-TIME value (also each of a comma-separated list).
fn time_value(value: &str, params: &Params, line: usize, notes: &mut ReadNotes, home: Tz) -> Result<EventTime> {
    let value = value.trim();
    let is_date = param(params, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(EventTime::Date)
            .map_err(|_| {
                refuse(
                    line,
                    &format!("„{value}“ ist kein Datum."),
                    &format!("\"{value}\" is not a date"),
                )
            });
    }
    let bad = || {
        refuse(
            line,
            &format!("„{value}“ ist keine Datum-Uhrzeit-Angabe."),
            &format!("\"{value}\" is not a date-time"),
        )
    };
    if let Some(utc) = value.strip_suffix('Z') {
        let at = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
        return Ok(EventTime::Zoned(at, chrono_tz::UTC));
    }
    let at = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
    match param(params, "TZID") {
        None => Ok(EventTime::Floating(at)),
        Some(tzid) => match zone_of_tzid(tzid) {
            Some(zone) => Ok(EventTime::Zoned(at, zone)),
            None => {
                notes.warn(
                    format!(
                        "Zeile {line}: unbekannte Zeitzone „{tzid}“, Zeiten als {} gelesen.",
                        home.name()
                    ),
                    format!(
                        "line {line}: unknown time zone \"{tzid}\", times read as {}",
                        home.name()
                    ),
                );
                Ok(EventTime::Zoned(at, home))
            }
        },
    }
}

/// A duration such as `PT1H30M`, `P1D`, `P2W`.
fn duration(value: &str) -> Option<chrono::Duration> {
    let v = value.trim();
    let (negative, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let mut total = chrono::Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in v.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += match (unit, in_time) {
                    ('W', false) => chrono::Duration::weeks(n),
                    ('D', false) => chrono::Duration::days(n),
                    ('H', true) => chrono::Duration::hours(n),
                    ('M', true) => chrono::Duration::minutes(n),
                    ('S', true) => chrono::Duration::seconds(n),
                    _ => return None,
                };
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

fn shifted(start: EventTime, by: chrono::Duration) -> EventTime {
    match start {
        EventTime::Date(day) => {
            EventTime::Date(day + chrono::Days::new(u64::try_from(by.num_days()).unwrap_or(1).max(1)))
        }
        EventTime::Floating(at) => EventTime::Floating(at + by),
        EventTime::Zoned(at, zone) => {
            // A duration is exact time: add it to the instant, then read the wall clock again.
            let instant = zone
                .from_local_datetime(&at)
                .earliest()
                .map(|d| d.with_timezone(&Utc) + by)
                .unwrap_or_else(|| Utc.from_utc_datetime(&at) + by);
            EventTime::Zoned(instant.with_timezone(&zone).naive_local(), zone)
        }
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
    duration: Option<chrono::Duration>,
    rrule: Option<String>,
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
            (None, Some(d)) => shifted(start, d),
            (None, None) => match start {
                EventTime::Date(day) => EventTime::Date(day + chrono::Days::new(1)),
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
            rrule: self.rrule,
            exdates: self.exdates,
            recurrence_id: self.recurrence_id,
            categories: self.categories,
        })
    }
}

/// What the unfolding reader found out, shared with the loop that reads its lines.
#[derive(Debug, Default)]
struct Unfolded {
    /// Physical line numbers of the last logical lines handed out: (logical, physical).
    recent: std::collections::VecDeque<(usize, usize)>,
    /// The physical line that is not UTF-8, if one was met.
    not_utf8: Option<usize>,
    /// An I/O error met while reading.
    failed: Option<std::io::Error>,
}

/// Unfolds content lines at the byte level, before they are decoded: producers fold at 75
/// octets and some split a multi-byte character doing so, and the `ical` crate's line reader
/// would trim a blank just before a fold and stop silently at a line that is not UTF-8. Each
/// logical line is checked here and handed on whole, with its first physical line remembered
/// for error messages.
struct Unfold<R> {
    inner: R,
    shared: std::rc::Rc<std::cell::RefCell<Unfolded>>,
    /// The next physical line, read ahead to see whether it continues the current one.
    ahead: Option<Vec<u8>>,
    physical: usize,
    logical: usize,
    line: Vec<u8>,
    pos: usize,
}

fn trim_line_end(raw: &mut Vec<u8>) {
    while raw.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        raw.pop();
    }
}

impl<R: BufRead> Unfold<R> {
    fn next_physical(&mut self) -> Option<Vec<u8>> {
        if let Some(line) = self.ahead.take() {
            return Some(line);
        }
        let mut raw = Vec::new();
        match self.inner.read_until(b'\n', &mut raw) {
            Ok(0) => None,
            Ok(_) => {
                trim_line_end(&mut raw);
                Some(raw)
            }
            Err(e) => {
                self.shared.borrow_mut().failed = Some(e);
                None
            }
        }
    }

    fn fill(&mut self) {
        if self.pos < self.line.len() || self.shared.borrow().not_utf8.is_some() {
            return;
        }
        self.line.clear();
        self.pos = 0;
        let Some(mut logical) = self.next_physical() else {
            return;
        };
        self.physical += 1;
        let first = self.physical;
        while let Some(next) = self.next_physical() {
            if next.first().is_some_and(|b| matches!(b, b' ' | b'\t')) {
                logical.extend_from_slice(&next[1..]);
                self.physical += 1;
            } else {
                self.ahead = Some(next);
                break;
            }
        }
        if std::str::from_utf8(&logical).is_err() {
            self.shared.borrow_mut().not_utf8 = Some(first);
            return;
        }
        self.logical += 1;
        {
            let mut shared = self.shared.borrow_mut();
            shared.recent.push_back((self.logical, first));
            if shared.recent.len() > 16 {
                shared.recent.pop_front();
            }
        }
        self.line = logical;
        self.line.push(b'\n');
    }
}

impl<R: BufRead> Read for Unfold<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Unfold<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.fill();
        Ok(&self.line[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.line.len());
    }
}

/// Reads every VEVENT of `reader`, handing each to `on_event` as soon as it is complete.
/// Floating times and unknown zones are read in `home`.
pub fn read_events<R: BufRead>(
    reader: R,
    home: Tz,
    mut on_event: impl FnMut(ImportedEvent) -> Result<()>,
) -> Result<ReadNotes> {
    let mut notes = ReadNotes::default();
    let mut stack: Vec<String> = Vec::new();
    let mut draft: Option<Draft> = None;
    let mut seen_calendar = false;
    let mut last_line = 0;
    let shared = std::rc::Rc::new(std::cell::RefCell::new(Unfolded::default()));
    let reader = Unfold {
        inner: reader,
        shared: shared.clone(),
        ahead: None,
        physical: 0,
        logical: 0,
        line: Vec::new(),
        pos: 0,
    };
    for line in LineReader::new(reader) {
        // The crate numbers the logical lines it was handed; the file's own numbers count.
        let number = shared
            .borrow()
            .recent
            .iter()
            .find(|(logical, _)| *logical == line.number())
            .map_or(line.number(), |(_, physical)| *physical);
        last_line = number;
        let mut parsed = PropertyParser::from_reader(line.as_str().as_bytes());
        let property = match parsed.next() {
            Some(Ok(property)) => property,
            Some(Err(_)) if stack.is_empty() => {
                return Err(refuse(
                    number,
                    "Die Datei beginnt nicht mit BEGIN:VCALENDAR.",
                    "the file does not start with BEGIN:VCALENDAR",
                ))
            }
            Some(Err(e)) => {
                // The crate's message starts with its own (logical) line number.
                let reason = e.to_string();
                let reason = reason
                    .split_once(": ")
                    .map_or(reason.as_str(), |(_, r)| r)
                    .to_lowercase();
                return Err(refuse(
                    number,
                    "Die Zeile ist keine gültige iCalendar-Eigenschaft.",
                    &format!("not a valid iCalendar property ({})", reason.trim_end_matches('.')),
                ));
            }
            None => continue,
        };
        let name = property.name.to_ascii_uppercase();
        let value = property.value.clone().unwrap_or_default();
        let params: Params = property
            .params
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|(key, values)| (key, values.iter().map(|v| v.trim().to_owned()).collect()))
            .collect();
        match name.as_str() {
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
                if component == "VEVENT" && stack.last().is_some_and(|c| c == "VCALENDAR") {
                    draft = Some(Draft {
                        line: number,
                        ..Draft::default()
                    });
                }
                stack.push(component);
            }
            "END" => {
                let component = value.trim().to_ascii_uppercase();
                match stack.pop() {
                    Some(open) if open == component => {}
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
                if component == "VEVENT" && stack.last().is_some_and(|c| c == "VCALENDAR") {
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
            _ => {
                // Only the event's own properties count, not those of its VALARMs.
                let Some(d) = draft.as_mut().filter(|_| stack.last().is_some_and(|c| c == "VEVENT")) else {
                    continue;
                };
                match name.as_str() {
                    "UID" => d.uid = Some(value.trim().to_owned()),
                    "SEQUENCE" => {
                        d.sequence = value
                            .trim()
                            .parse()
                            .map_err(|_| refuse(number, "SEQUENCE ist keine Zahl.", "SEQUENCE is not a number"))?
                    }
                    "SUMMARY" => d.summary = Some(unescape_text(&value)),
                    "LOCATION" => d.location = Some(unescape_text(&value)).filter(|l| !l.trim().is_empty()),
                    "DESCRIPTION" => d.description = Some(unescape_text(&value)).filter(|l| !l.trim().is_empty()),
                    "STATUS" => d.status = Some(value.trim().to_ascii_uppercase()),
                    "DTSTART" => d.start = Some(time_value(&value, &params, number, &mut notes, home)?),
                    "DTEND" => d.end = Some(time_value(&value, &params, number, &mut notes, home)?),
                    "DURATION" => {
                        d.duration = Some(duration(&value).ok_or_else(|| {
                            refuse(number, "DURATION ist ungültig.", "DURATION is not a valid duration")
                        })?)
                    }
                    "RRULE" => d.rrule = Some(value.trim().to_owned()),
                    "CATEGORIES" => d.categories = Some(unescape_text(&value)).filter(|c| !c.trim().is_empty()),
                    "EXDATE" => {
                        for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                            d.exdates.push(time_value(part, &params, number, &mut notes, home)?);
                        }
                    }
                    "RECURRENCE-ID" => d.recurrence_id = Some(time_value(&value, &params, number, &mut notes, home)?),
                    _ => {}
                }
            }
        }
    }
    let mut shared = shared.borrow_mut();
    if let Some(line) = shared.not_utf8 {
        return Err(refuse(
            line,
            "Die Datei ist nicht in UTF-8 kodiert.",
            "the file is not UTF-8",
        ));
    }
    if let Some(e) = shared.failed.take() {
        return Err(Error::io("cannot read the file", e));
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
    fn durations() {
        assert_eq!(duration("PT1H30M"), Some(chrono::Duration::minutes(90)));
        assert_eq!(duration("P1DT2H"), Some(chrono::Duration::hours(26)));
        assert_eq!(duration("P2W"), Some(chrono::Duration::weeks(2)));
        assert_eq!(duration("-PT15M"), Some(chrono::Duration::minutes(-15)));
        assert_eq!(duration("1H"), None);
        assert_eq!(duration("PT1H5"), None);
    }
}
