//! Two versions of one calendar object, the app's and the server's: whether they say the same,
//! what differs field by field, and the object that takes each field from the side the advisor
//! chose.

use chrono::Days;

use crate::calendar::caldav::resources::fingerprint_of;
use crate::calendar::ics::content::fold_into;
use crate::calendar::ics::import::{read_events, EventTime, ImportedEvent};
use crate::domain::{ConflictField, SyncField, HOME_ZONE};
use crate::Result;

/// The events of a calendar object, the main one (without RECURRENCE-ID) first.
pub fn events_of(ics: &str) -> Result<Vec<ImportedEvent>> {
    let mut events = Vec::new();
    read_events(ics.as_bytes(), HOME_ZONE, |event| {
        events.push(event);
        Ok(())
    })?;
    events.sort_by_key(|e| e.recurrence_id.map(|r| r.stored()));
    Ok(events)
}

/// What a calendar object says, as a fingerprint: the same for two texts that differ only in
/// DTSTAMP, folding, the order of properties or how a server rewrote them.
pub fn meaning(ics: &str) -> Result<String> {
    let events = events_of(ics)?;
    let parts: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{}|{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}",
                e.uid,
                e.sequence,
                e.summary,
                e.location,
                e.description,
                e.status,
                e.start.stored(),
                e.end.stored(),
                e.rrule,
                e.exdates.iter().map(EventTime::stored).collect::<Vec<_>>(),
                e.recurrence_id.map(|r| r.stored()),
                e.categories,
            )
        })
        .collect();
    Ok(fingerprint_of(parts.iter().map(String::as_str)))
}

/// A time as the UI formats it: `YYYY-MM-DD` for a day, RFC 3339 for an instant.
fn shown(time: EventTime, last_day: bool) -> String {
    match time {
        EventTime::Date(day) => {
            // DTEND of a day is exclusive; the last day shown is the one before.
            let day = if last_day {
                day.checked_sub_days(Days::new(1)).unwrap_or(day)
            } else {
                day
            };
            day.to_string()
        }
        other => other.instant(HOME_ZONE).with_timezone(&HOME_ZONE).to_rfc3339(),
    }
}

fn field_value(event: Option<&ImportedEvent>, field: SyncField) -> String {
    let Some(e) = event else {
        return String::new();
    };
    match field {
        SyncField::Time => format!("{}/{}", shown(e.start, false), shown(e.end, true)),
        SyncField::Place => e.location.clone().unwrap_or_default(),
        SyncField::Title => e.summary.clone(),
        SyncField::Description => e.description.clone().unwrap_or_default(),
        SyncField::Status => e.status.clone().unwrap_or_else(|| "CONFIRMED".into()),
    }
}

/// Both versions' main events, field by field. `app` is `None` when the app deleted the event.
pub fn conflict_fields(app: Option<&str>, server: &str) -> Result<Vec<ConflictField>> {
    let app_events = app.map(events_of).transpose()?.unwrap_or_default();
    let server_events = events_of(server)?;
    Ok(SyncField::ALL
        .iter()
        .map(|&field| {
            let app = field_value(app_events.first(), field);
            let server = field_value(server_events.first(), field);
            ConflictField {
                field,
                differs: app != server,
                app,
                server,
            }
        })
        .collect())
}

/// The properties that make up a field.
fn names_of(field: SyncField) -> &'static [&'static str] {
    match field {
        SyncField::Time => &["DTSTART", "DTEND", "DURATION"],
        SyncField::Place => &["LOCATION"],
        SyncField::Title => &["SUMMARY"],
        SyncField::Description => &["DESCRIPTION"],
        SyncField::Status => &["STATUS"],
    }
}

fn name_of(line: &str) -> &str {
    let end = line.find([';', ':']).unwrap_or(line.len());
    &line[..end]
}

/// The logical lines of a text (folds undone, empty lines dropped).
fn logical_lines(ics: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in ics.split('\n').map(|l| l.trim_end_matches('\r')) {
        match (line.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if line.is_empty() => {}
            _ => out.push(line.to_owned()),
        }
    }
    out
}

/// One component's lines, from `BEGIN:…` to its `END:…`.
struct Block {
    lines: Vec<String>,
}

impl Block {
    fn value(&self, name: &str) -> Option<&str> {
        self.lines
            .iter()
            .find(|l| name_of(l).eq_ignore_ascii_case(name))
            .and_then(|l| l.split_once(':').map(|(_, v)| v))
    }
}

/// Splits the lines into the calendar's own lines and its top-level components.
fn blocks(lines: Vec<String>) -> (Vec<String>, Vec<(String, Block)>) {
    let mut own = Vec::new();
    let mut found = Vec::new();
    let mut current: Option<(String, Vec<String>, usize)> = None;
    for line in lines {
        let upper = line.to_ascii_uppercase();
        match current.as_mut() {
            None => {
                if let Some(component) = upper.strip_prefix("BEGIN:").filter(|c| *c != "VCALENDAR") {
                    current = Some((component.to_owned(), vec![line], 1));
                } else {
                    own.push(line);
                }
            }
            Some((component, block, depth)) => {
                if upper.starts_with("BEGIN:") {
                    *depth += 1;
                } else if upper.starts_with("END:") {
                    *depth -= 1;
                }
                block.push(line);
                if *depth == 0 {
                    let component = component.clone();
                    if let Some((_, block, _)) = current.take() {
                        found.push((component, Block { lines: block }));
                    }
                }
            }
        }
    }
    (own, found)
}

/// The app's calendar object with the fields in `from_server` taken from the server's main
/// event (and the server's VTIMEZONEs the app's lacks), its SEQUENCE above both.
pub fn merged(app: &str, server: &str, from_server: &[SyncField]) -> String {
    let (app_own, app_blocks) = blocks(logical_lines(app));
    let (_, server_blocks) = blocks(logical_lines(server));
    let is_main =
        |(component, block): &&(String, Block)| component == "VEVENT" && block.value("RECURRENCE-ID").is_none();
    let server_main = server_blocks.iter().find(is_main);
    let sequence = |blocks: &[(String, Block)]| {
        blocks
            .iter()
            .find(is_main)
            .and_then(|(_, b)| b.value("SEQUENCE"))
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let next_sequence = sequence(&app_blocks).max(sequence(&server_blocks)) + 1;
    let taken: Vec<&str> = from_server.iter().flat_map(|f| names_of(*f).iter().copied()).collect();

    let mut lines: Vec<String> = Vec::new();
    let calendar_end = app_own.iter().position(|l| l.eq_ignore_ascii_case("END:VCALENDAR"));
    lines.extend(app_own.iter().take(calendar_end.unwrap_or(app_own.len())).cloned());
    let app_zones: Vec<&str> = app_blocks
        .iter()
        .filter(|(c, _)| c == "VTIMEZONE")
        .filter_map(|(_, b)| b.value("TZID"))
        .collect();
    if from_server.contains(&SyncField::Time) {
        for (_, zone) in server_blocks.iter().filter(|(c, _)| c == "VTIMEZONE") {
            if zone.value("TZID").is_some_and(|tzid| !app_zones.contains(&tzid)) {
                lines.extend(zone.lines.iter().cloned());
            }
        }
    }
    let app_main_index = app_blocks.iter().position(|entry| is_main(&entry));
    for (index, (_, block)) in app_blocks.iter().enumerate() {
        if Some(index) != app_main_index {
            lines.extend(block.lines.iter().cloned());
            continue;
        }
        let end = block.lines.len().saturating_sub(1);
        for line in &block.lines[..end] {
            let name = name_of(line).to_ascii_uppercase();
            if name == "SEQUENCE" || taken.contains(&name.as_str()) {
                continue;
            }
            lines.push(line.clone());
        }
        lines.push(format!("SEQUENCE:{next_sequence}"));
        if let Some((_, server_main)) = server_main {
            for line in &server_main.lines {
                if taken.contains(&name_of(line).to_ascii_uppercase().as_str()) {
                    lines.push(line.clone());
                }
            }
        }
        lines.extend(block.lines[end..].iter().cloned());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::with_capacity(app.len() + 256);
    for line in &lines {
        fold_into(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u\r\nSEQUENCE:2\r\nDTSTAMP:20260101T000000Z\r\n\
        SUMMARY:Sprechstunde\r\nLOCATION:Rathaus\r\nDTSTART;TZID=Europe/Berlin:20260310T100000\r\n\
        DTEND;TZID=Europe/Berlin:20260310T103000\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const SERVER: &str =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u\r\nSEQUENCE:3\r\nDTSTAMP:20260105T000000Z\r\n\
        SUMMARY:Sprechstunde (verlegt)\r\nLOCATION:Bürgerhaus\r\nDTSTART:20260311T130000Z\r\nDTEND:20260311T133000Z\r\n\
        STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn meaning_ignores_stamps_and_folding() {
        let refolded = APP
            .replace("DTSTAMP:20260101T000000Z", "DTSTAMP:20270101T000000Z")
            .replace("SUMMARY:Sprechstunde", "SUMMARY:Sprech\r\n stunde");
        assert_eq!(meaning(APP).expect("app"), meaning(&refolded).expect("refolded"));
        assert_ne!(meaning(APP).expect("app"), meaning(SERVER).expect("server"));
    }

    #[test]
    fn fields_side_by_side() {
        let fields = conflict_fields(Some(APP), SERVER).expect("fields");
        let differs: Vec<SyncField> = fields.iter().filter(|f| f.differs).map(|f| f.field).collect();
        assert_eq!(differs, [SyncField::Time, SyncField::Place, SyncField::Title]);
        assert_eq!(fields[0].app, "2026-03-10T10:00:00+01:00/2026-03-10T10:30:00+01:00");
        assert_eq!(fields[0].server, "2026-03-11T14:00:00+01:00/2026-03-11T14:30:00+01:00");
    }

    #[test]
    fn merging_takes_the_chosen_fields() {
        let merged = merged(APP, SERVER, &[SyncField::Time, SyncField::Place]);
        let events = events_of(&merged).expect("merged reads");
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.summary, "Sprechstunde", "the app's title");
        assert_eq!(e.location.as_deref(), Some("Bürgerhaus"), "the server's place");
        assert_eq!(e.start.stored(), "20260311T130000Z", "the server's time");
        assert_eq!(e.sequence, 4, "above both");
        assert!(merged.ends_with("END:VCALENDAR\r\n"));
    }
}
