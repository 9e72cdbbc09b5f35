//! The iCalendar export (docs/ARCHITECTURE.md "Calendar output"): a series is one recurring VEVENT (RRULE,
//! EXDATE for holidays and skipped occurrences, RECURRENCE-ID overrides for moved ones, its own
//! VEVENT for a one-off extra); each booking and each appointment is a VEVENT of its own;
//! cancelled ones stay with STATUS:CANCELLED. Every TZID used gets its VTIMEZONE. Apart from
//! DTSTAMP the output depends only on the data.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::content::ContentWriter;
use super::rule;
use super::timezone::write_vtimezone;
use crate::calendar::occurrences::{Expander, Occurrence};
use crate::domain::dates::basic_stamp;
use crate::domain::HOME_ZONE;
use crate::domain::{
    Appointment, AppointmentKind, AppointmentStatus, Booking, BookingStatus, ConsultationSeries, PreviewState,
    ValidSeries,
};
use crate::{Error, Result};

/// The product identifier written into every export.
pub const PRODID: &str = "-//Zukunftsbündnis für sozialen Zusammenhalt//Beratungsplaner//DE";

/// A series with what it takes to expand it.
#[derive(Debug, Clone)]
pub struct ExportSeries {
    /// The stored series.
    pub series: ConsultationSeries,
    /// Its validated form.
    pub valid: ValidSeries,
}

/// Everything one export holds.
#[derive(Debug, Clone)]
pub struct ExportData {
    /// `X-WR-CALNAME`.
    pub name: String,
    /// The series, by id.
    pub series: Vec<ExportSeries>,
    /// The bookings, by id.
    pub bookings: Vec<Booking>,
    /// The appointments, by id.
    pub appointments: Vec<Appointment>,
    /// How far holidays are excluded from open-ended series (their RRULE runs on beyond it).
    pub horizon: DateTime<Utc>,
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    let mut out = basic_stamp(at.naive_utc());
    out.push('Z');
    out
}

fn zone_of(name: &str) -> Tz {
    // Nearly every event is in the advisors' zone: spare the name lookup for it.
    if name == HOME_ZONE.name() {
        return HOME_ZONE;
    }
    name.parse().unwrap_or(HOME_ZONE)
}

/// Writes the calendar. `now` becomes every event's DTSTAMP.
pub fn write_calendar(data: &ExportData, now: DateTime<Utc>) -> Result<String> {
    let events = data.series.len() + data.bookings.len() + data.appointments.len();
    let mut w = ContentWriter::with_capacity(16_384 + 600 * events);
    write_document(data, now, &mut w, &mut |_| Ok(()))?;
    Ok(w.finish())
}

/// How much text is collected before it goes to the sink: a file system takes one large write
/// much faster than many small ones (64 KiB chunks made writing 20,000 events 20 % slower).
const CHUNK: usize = 1024 * 1024;

/// Writes the same document as `write_calendar` into `sink` as it is made, in chunks, so a large
/// export needs no buffer of its size. Returns the number of events written. An error that is
/// not the sink's own comes wrapped in an `std::io::Error` (`std::io::Error::other`).
pub fn write_calendar_to(
    data: &ExportData,
    now: DateTime<Utc>,
    sink: &mut impl std::io::Write,
) -> std::io::Result<u32> {
    let mut w = ContentWriter::with_capacity(CHUNK + 16_384);
    let mut failed = None;
    let mut drain = |w: &mut ContentWriter| {
        if w.pending() >= CHUNK {
            if let Err(e) = w.drain_into(sink) {
                failed = Some(e);
                return Err(Error::conflict("Schreiben fehlgeschlagen.", "write failed"));
            }
        }
        Ok(())
    };
    if let Err(e) = write_document(data, now, &mut w, &mut drain) {
        return Err(failed.take().unwrap_or_else(|| std::io::Error::other(e)));
    }
    w.drain_into(sink)?;
    Ok(w.events())
}

/// Writes the whole document into `w`, calling `after_event` after every event.
fn write_document(
    data: &ExportData,
    now: DateTime<Utc>,
    w: &mut ContentWriter,
    after_event: &mut dyn FnMut(&mut ContentWriter) -> Result<()>,
) -> Result<()> {
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.text("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", &data.name);
    w.raw("X-WR-TIMEZONE", HOME_ZONE.name());
    w.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    w.raw("X-PUBLISHED-TTL", "PT1H");

    // Every zone used, over the whole period the events cover.
    let mut zones: BTreeSet<String> = BTreeSet::new();
    let mut first = data.horizon;
    let mut last = data.horizon;
    let mut cover = |zone: &str, start: DateTime<Utc>, end: DateTime<Utc>| {
        zones.insert(zone_of(zone).name().to_owned());
        first = first.min(start);
        last = last.max(end);
    };
    for s in &data.series {
        let start = s.valid.schedule.local(s.valid.schedule.dtstart())?.with_timezone(&Utc);
        cover(&s.series.input.time_zone, start, start);
    }
    for b in &data.bookings {
        cover(
            &booking_zone(data, b),
            b.start.with_timezone(&Utc),
            b.end.with_timezone(&Utc),
        );
    }
    for a in data.appointments.iter().filter(|a| !a.input.all_day) {
        cover(
            &a.input.time_zone,
            a.start.with_timezone(&Utc),
            a.end.with_timezone(&Utc),
        );
    }
    for zone in &zones {
        write_vtimezone(w, zone_of(zone), first, last);
    }

    let stamp = utc_stamp(now);
    for s in &data.series {
        write_series(w, s, data.horizon, &stamp)?;
        after_event(w)?;
    }
    for b in &data.bookings {
        write_booking(w, b, &booking_zone(data, b), &stamp);
        after_event(w)?;
    }
    for a in &data.appointments {
        write_appointment(w, a, &stamp);
        after_event(w)?;
    }
    w.end("VCALENDAR");
    Ok(())
}

fn booking_zone(data: &ExportData, booking: &Booking) -> String {
    data.series
        .iter()
        .find(|s| s.series.id == booking.series_id)
        .map_or_else(|| HOME_ZONE.name().to_owned(), |s| s.series.input.time_zone.clone())
}

fn common(w: &mut ContentWriter, uid: &str, stamp: &str, updated_at: DateTime<Utc>, sequence: i64) {
    w.text("UID", uid);
    w.raw("DTSTAMP", stamp);
    w.property("LAST-MODIFIED").utc(updated_at);
    w.property("SEQUENCE").number(sequence);
}

/// A local time in `zone`, named as its VTIMEZONE is (a stored name the time-zone database
/// does not know is written as the zone it is read as).
fn timed(w: &mut ContentWriter, name: &str, zone: &str, local: NaiveDateTime) {
    w.property_with(name, "TZID", zone_of(zone).name()).date_time(local);
}

fn series_description(s: &ConsultationSeries, note: Option<&str>) -> String {
    let input = &s.input;
    let place = match &s.neighbourhood {
        Some(n) => format!("{}, {n}", s.municipality),
        None => s.municipality.clone(),
    };
    let mut text = format!(
        "Sprechstunde für {place}.\nZeitfenster: {} Minuten, {} Minuten Pause.\nBeratung: {}",
        input.slot_minutes, input.buffer_minutes, input.advisor
    );
    if let Some(url) = &input.online_url {
        text.push_str(&format!("\nOnline: {url}"));
    }
    if let Some(note) = note {
        text.push_str(&format!("\n{note}"));
    }
    text
}

fn place(w: &mut ContentWriter, location: Option<&str>, online_url: Option<&str>) {
    if let Some(location) = location.or(online_url) {
        w.text("LOCATION", location);
    }
    if let Some(url) = online_url {
        w.uri("URL", url);
    }
}

fn write_series(w: &mut ContentWriter, s: &ExportSeries, horizon: DateTime<Utc>, stamp: &str) -> Result<()> {
    let input = &s.series.input;
    let zone = &input.time_zone;
    let expander = Expander::new(&s.valid, s.series.id, s.series.state);
    let from = s.valid.schedule.local(s.valid.schedule.dtstart())?.with_timezone(&Utc);
    let until = match input.until_on {
        Some(day) => s
            .valid
            .schedule
            .local(day.and_time(input.window_end))?
            .with_timezone(&Utc),
        None => horizon,
    };
    let occurrences = expander.occurrences(from, until.max(from))?;
    // DTSTART must be the rule's first instance (RFC 5545 leaves a DTSTART off the rule undefined,
    // and some readers count it as an extra occurrence). The first instance lies in a week of
    // the rhythm, so anchoring the rule there keeps every later instance.
    let Some(first) = s
        .valid
        .schedule
        .occurrences(from, from + chrono::Duration::days(400))?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let dtstart = first.naive_local();
    let length = input.window_end - input.window_start;

    w.begin("VEVENT");
    common(w, &s.series.uid, stamp, s.series.updated_at, s.series.sequence);
    w.text("SUMMARY", &input.title);
    place(w, input.location.as_deref(), input.online_url.as_deref());
    w.text("DESCRIPTION", &series_description(&s.series, None));
    w.text("CATEGORIES", "Sprechstunde");
    timed(w, "DTSTART", zone, dtstart);
    timed(w, "DTEND", zone, dtstart + length);
    w.raw("RRULE", &s.valid.schedule.rrule()?);
    let excluded: Vec<String> = occurrences
        .iter()
        .filter(|o| matches!(o.state, PreviewState::Holiday | PreviewState::Skipped))
        .map(|o| basic_stamp(o.original_start))
        .collect();
    if !excluded.is_empty() {
        w.property_with("EXDATE", "TZID", zone_of(zone).name())
            .raw(&excluded.join(","));
    }
    w.raw("STATUS", "CONFIRMED");
    w.end("VEVENT");

    for o in occurrences.iter().filter(|o| o.state == PreviewState::Moved) {
        w.begin("VEVENT");
        common(w, &s.series.uid, stamp, s.series.updated_at, s.series.sequence);
        timed(w, "RECURRENCE-ID", zone, o.original_start);
        write_occurrence(w, s, o);
        w.end("VEVENT");
    }
    for o in occurrences.iter().filter(|o| o.state == PreviewState::Extra) {
        w.begin("VEVENT");
        let uid = extra_uid(&s.series.uid, o.original_start);
        common(w, &uid, stamp, s.series.updated_at, s.series.sequence);
        write_occurrence(w, s, o);
        w.end("VEVENT");
    }
    Ok(())
}

/// The UID of a one-off extra occurrence: derived from the series' UID and its start, so it
/// stays the same for as long as the extra occurrence exists.
pub fn extra_uid(series_uid: &str, start: NaiveDateTime) -> String {
    let (local, domain) = series_uid.split_once('@').unwrap_or((series_uid, "beratungsplaner"));
    format!("{local}-{}@{domain}", start.format("%Y%m%dT%H%M"))
}

fn write_occurrence(w: &mut ContentWriter, s: &ExportSeries, o: &Occurrence) {
    let input = &s.series.input;
    w.text("SUMMARY", &input.title);
    place(w, input.location.as_deref(), input.online_url.as_deref());
    w.text("DESCRIPTION", &series_description(&s.series, o.note.as_deref()));
    w.text("CATEGORIES", "Sprechstunde");
    timed(w, "DTSTART", &input.time_zone, o.start);
    timed(w, "DTEND", &input.time_zone, o.end);
    w.raw("STATUS", "CONFIRMED");
}

fn write_booking(w: &mut ContentWriter, b: &Booking, zone: &str, stamp: &str) {
    let tz = zone_of(zone);
    w.begin("VEVENT");
    common(w, &b.uid, stamp, b.updated_at, b.sequence);
    let who = b.case_reference.clone().or_else(|| b.topic.clone()).unwrap_or_default();
    w.property("SUMMARY")
        .raw("Sprechstunde ")
        .text(&b.municipality)
        .raw(" – ")
        .text(&who);
    place(w, b.location.as_deref(), b.online_url.as_deref());
    let mut description = w.property("DESCRIPTION");
    if let (Some(reference), Some(title)) = (&b.case_reference, &b.case_title) {
        description = description
            .raw("Beratungsfall ")
            .text(reference)
            .raw(": ")
            .text(title)
            .line_break();
    }
    if let Some(contact) = &b.contact_name {
        description = description.raw("Ansprechperson: ").text(contact).line_break();
    }
    if let Some(topic) = &b.topic {
        description = description.raw("Thema: ").text(topic).line_break();
    }
    description = description.text(&b.series_title).raw(" (").text(&b.advisor).raw(")");
    if let Some(reason) = &b.cancel_reason {
        description = description.line_break().raw("Abgesagt: ").text(reason);
    }
    drop(description);
    w.text("CATEGORIES", "Sprechstunde");
    timed(w, "DTSTART", zone, b.start.with_timezone(&tz).naive_local());
    timed(w, "DTEND", zone, b.end.with_timezone(&tz).naive_local());
    let status = match b.status {
        BookingStatus::Booked => "CONFIRMED",
        BookingStatus::NeedsRebooking => "TENTATIVE",
        BookingStatus::Cancelled => "CANCELLED",
    };
    w.raw("STATUS", status);
    w.end("VEVENT");
}

fn write_appointment(w: &mut ContentWriter, a: &Appointment, stamp: &str) {
    let input = &a.input;
    w.begin("VEVENT");
    common(w, &a.uid, stamp, a.updated_at, a.sequence);
    w.text("SUMMARY", &input.title);
    if let Some(location) = &input.location {
        w.text("LOCATION", location);
    }
    let lines = [
        a.case_reference.as_deref().map(|r| ("Beratungsfall ", r)),
        a.municipality.as_deref().map(|m| ("Kommune: ", m)),
        input.notes.as_deref().map(|n| ("", n)),
    ];
    let mut lines = lines.into_iter().flatten().peekable();
    if lines.peek().is_some() {
        let mut description = w.property("DESCRIPTION");
        for (i, (label, value)) in lines.enumerate() {
            if i > 0 {
                description = description.line_break();
            }
            description = description.raw(label).text(value);
        }
    }
    match &a.categories {
        // As read: a list whose commas separate the categories.
        Some(categories) => w.text_list("CATEGORIES", categories),
        None => w.text("CATEGORIES", category(input.kind)),
    }
    let tz = zone_of(&input.time_zone);
    if input.all_day {
        w.property("DTSTART;VALUE=DATE").date(input.starts_on);
        w.property("DTEND;VALUE=DATE")
            .date(input.ends_on + chrono::Days::new(1));
    } else if a.floating {
        w.property("DTSTART").date_time(a.start.naive_local());
        w.property("DTEND").date_time(a.end.naive_local());
    } else {
        timed(w, "DTSTART", &input.time_zone, a.start.with_timezone(&tz).naive_local());
        timed(w, "DTEND", &input.time_zone, a.end.with_timezone(&tz).naive_local());
    }
    // An imported rule is written again from its parts; one that is no rule (stored by an
    // older version) is left out with its EXDATEs, and the event shows once.
    if let Some(rule) = a.rrule.as_deref().and_then(|r| rule::parse(r).ok()) {
        w.raw("RRULE", &rule.text);
        for exdate in &a.exdates {
            write_instant(w, "EXDATE", exdate, &input.time_zone);
        }
    }
    if let Some(recurrence_id) = &a.recurrence_id {
        write_instant(w, "RECURRENCE-ID", recurrence_id, &input.time_zone);
    }
    let status = match a.status {
        AppointmentStatus::Confirmed => "CONFIRMED",
        AppointmentStatus::Cancelled => "CANCELLED",
    };
    w.raw("STATUS", status);
    w.end("VEVENT");
}

/// Writes a stored instant (`YYYYMMDD`, floating `YYYYMMDDTHHMMSS` or UTC `…Z`): a UTC one in
/// the event's zone, as the calendar programs that wrote it did. The value is read and written
/// again, so only digits pass; one that cannot be read is left out.
fn write_instant(w: &mut ContentWriter, name: &str, stored: &str, zone: &str) {
    if stored.len() == 8 {
        if let Ok(day) = chrono::NaiveDate::parse_from_str(stored, "%Y%m%d") {
            w.property_with(name, "VALUE", "DATE").date(day);
        }
    } else if let Some(utc) = stored.strip_suffix('Z') {
        if let Ok(at) = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S") {
            timed(
                w,
                name,
                zone,
                Utc.from_utc_datetime(&at).with_timezone(&zone_of(zone)).naive_local(),
            );
        }
    } else if let Ok(at) = NaiveDateTime::parse_from_str(stored, "%Y%m%dT%H%M%S") {
        w.property(name).date_time(at);
    }
}

fn category(kind: AppointmentKind) -> &'static str {
    kind.german()
}

/// Midnight UTC of a day far enough ahead for open-ended series.
pub fn default_horizon(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(now.date_naive() + chrono::Days::new(2 * 366)).and_time(chrono::NaiveTime::MIN))
}
