//! The iCalendar export (DESIGN.md "Calendar output"): a series is one recurring VEVENT (RRULE,
//! EXDATE for holidays and skipped occurrences, RECURRENCE-ID overrides for moved ones, its own
//! VEVENT for a one-off extra); each booking and each appointment is a VEVENT of its own;
//! cancelled ones stay with STATUS:CANCELLED. Every TZID used gets its VTIMEZONE. Apart from
//! DTSTAMP the output depends only on the data.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::content::ContentWriter;
use super::timezone::write_vtimezone;
use crate::calendar::occurrences::{Expander, Occurrence};
use crate::domain::{
    Appointment, AppointmentKind, AppointmentStatus, Booking, BookingStatus, ConsultationSeries, PreviewState,
    ValidSeries,
};
use crate::Result;

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

// Written by hand rather than with chrono's `format`, which parses its pattern on every call
// and dominated the export's time.
fn utc_stamp(at: DateTime<Utc>) -> String {
    let mut out = local_stamp(at.naive_utc());
    out.push('Z');
    out
}

fn local_stamp(at: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let mut out = String::with_capacity(16);
    let mut digits = |value: u32, width: usize| {
        let mut buffer = [b'0'; 4];
        let mut v = value;
        for slot in buffer[..width].iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend(buffer[..width].iter().map(|b| char::from(*b)));
    };
    digits(u32::try_from(at.year()).unwrap_or(0), 4);
    digits(at.month(), 2);
    digits(at.day(), 2);
    out.push('T');
    let mut digits = |value: u32| {
        out.push(char::from(b'0' + (value / 10) as u8));
        out.push(char::from(b'0' + (value % 10) as u8));
    };
    digits(at.hour());
    digits(at.minute());
    digits(at.second());
    out
}

fn date_stamp(day: chrono::NaiveDate) -> String {
    let mut stamp = local_stamp(day.and_time(chrono::NaiveTime::MIN));
    stamp.truncate(8);
    stamp
}

fn zone_of(name: &str) -> Tz {
    // Nearly every event is in the advisors' zone: spare the name lookup for it.
    if name == "Europe/Berlin" {
        return chrono_tz::Europe::Berlin;
    }
    name.parse().unwrap_or(chrono_tz::Europe::Berlin)
}

/// Writes the calendar. `now` becomes every event's DTSTAMP.
pub fn write_calendar(data: &ExportData, now: DateTime<Utc>) -> Result<String> {
    let events = data.series.len() + data.bookings.len() + data.appointments.len();
    let mut w = ContentWriter::with_capacity(16_384 + 600 * events);
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.text("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", &data.name);
    w.raw("X-WR-TIMEZONE", "Europe/Berlin");
    w.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    w.raw("X-PUBLISHED-TTL", "PT1H");

    // Every zone used, over the whole period the events cover.
    let mut zones: BTreeSet<String> = BTreeSet::new();
    let mut first = data.horizon;
    let mut last = data.horizon;
    let mut cover = |zone: &str, start: DateTime<Utc>, end: DateTime<Utc>| {
        zones.insert(zone.to_owned());
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
        write_vtimezone(&mut w, zone_of(zone), first, last);
    }

    let stamp = utc_stamp(now);
    for s in &data.series {
        write_series(&mut w, s, data.horizon, &stamp)?;
    }
    for b in &data.bookings {
        write_booking(&mut w, b, &booking_zone(data, b), &stamp);
    }
    for a in &data.appointments {
        write_appointment(&mut w, a, &stamp);
    }
    w.end("VCALENDAR");
    Ok(w.finish())
}

fn booking_zone(data: &ExportData, booking: &Booking) -> String {
    data.series
        .iter()
        .find(|s| s.series.id == booking.series_id)
        .map_or_else(|| "Europe/Berlin".to_owned(), |s| s.series.input.time_zone.clone())
}

fn common(w: &mut ContentWriter, uid: &str, stamp: &str, updated_at: DateTime<Utc>, sequence: i64) {
    w.text("UID", uid);
    w.raw("DTSTAMP", stamp);
    w.raw("LAST-MODIFIED", &utc_stamp(updated_at));
    w.raw("SEQUENCE", &sequence.to_string());
}

fn timed(w: &mut ContentWriter, name: &str, zone: &str, local: NaiveDateTime) {
    w.with_param(name, "TZID", zone, &local_stamp(local));
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
        w.raw("URL", url);
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
        .map(|o| local_stamp(o.original_start))
        .collect();
    if !excluded.is_empty() {
        w.raw(&format!("EXDATE;TZID={zone}"), &excluded.join(","));
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
    w.text("SUMMARY", &format!("Sprechstunde {} – {who}", b.municipality));
    place(w, b.location.as_deref(), b.online_url.as_deref());
    let mut description = Vec::new();
    if let (Some(reference), Some(title)) = (&b.case_reference, &b.case_title) {
        description.push(format!("Beratungsfall {reference}: {title}"));
    }
    if let Some(contact) = &b.contact_name {
        description.push(format!("Ansprechperson: {contact}"));
    }
    if let Some(topic) = &b.topic {
        description.push(format!("Thema: {topic}"));
    }
    description.push(format!("{} ({})", b.series_title, b.advisor));
    if let Some(reason) = &b.cancel_reason {
        description.push(format!("Abgesagt: {reason}"));
    }
    w.text("DESCRIPTION", &description.join("\n"));
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
    let mut description = Vec::new();
    if let Some(reference) = &a.case_reference {
        description.push(format!("Beratungsfall {reference}"));
    }
    if let Some(municipality) = &a.municipality {
        description.push(format!("Kommune: {municipality}"));
    }
    if let Some(notes) = &input.notes {
        description.push(notes.clone());
    }
    if !description.is_empty() {
        w.text("DESCRIPTION", &description.join("\n"));
    }
    match &a.categories {
        // As read: a list whose commas separate the categories.
        Some(categories) => w.raw("CATEGORIES", &categories.replace('\\', "\\\\").replace(';', "\\;")),
        None => w.text("CATEGORIES", category(input.kind)),
    }
    let tz = zone_of(&input.time_zone);
    if input.all_day {
        w.raw("DTSTART;VALUE=DATE", &date_stamp(input.starts_on));
        let after = input.ends_on + chrono::Days::new(1);
        w.raw("DTEND;VALUE=DATE", &date_stamp(after));
    } else if a.floating {
        w.raw("DTSTART", &local_stamp(a.start.naive_local()));
        w.raw("DTEND", &local_stamp(a.end.naive_local()));
    } else {
        timed(w, "DTSTART", &input.time_zone, a.start.with_timezone(&tz).naive_local());
        timed(w, "DTEND", &input.time_zone, a.end.with_timezone(&tz).naive_local());
    }
    if let Some(rule) = &a.rrule {
        w.raw("RRULE", rule);
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
/// the event's zone, as the calendar programs that wrote it did.
fn write_instant(w: &mut ContentWriter, name: &str, stored: &str, zone: &str) {
    if stored.len() == 8 {
        w.raw(&format!("{name};VALUE=DATE"), stored);
    } else if let Some(utc) = stored.strip_suffix('Z') {
        match NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S") {
            Ok(at) => timed(
                w,
                name,
                zone,
                Utc.from_utc_datetime(&at).with_timezone(&zone_of(zone)).naive_local(),
            ),
            Err(_) => w.raw(name, stored),
        }
    } else {
        w.raw(name, stored);
    }
}

fn category(kind: AppointmentKind) -> &'static str {
    kind.german()
}

/// Midnight UTC of a day far enough ahead for open-ended series.
pub fn default_horizon(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(now.date_naive() + chrono::Days::new(2 * 366)).and_time(chrono::NaiveTime::MIN))
}
