//! The export cut into CalDAV resources: one calendar object per UID (a series' VEVENT travels
//! with its RECURRENCE-ID overrides), each with the VTIMEZONEs its events name, and a
//! fingerprint of its events that ignores DTSTAMP, so a sync can tell what changed in the app.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::calendar::ics::content::ContentWriter;
use crate::calendar::ics::export::{write_calendar, ExportData, PRODID};
use crate::calendar::ics::import::unescape_text;
use crate::Result;

/// One calendar object as it goes to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The UID of its events.
    pub uid: String,
    /// The SUMMARY of its first event, for messages.
    pub summary: String,
    /// The whole iCalendar text.
    pub ics: String,
    /// Fingerprint of its events without DTSTAMP.
    pub fingerprint: String,
}

/// 64-bit FNV-1a, as 16 hex digits: stable across Rust versions, unlike the std hasher, so a
/// new build of the app does not see every event as changed.
pub fn fingerprint_of<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The logical lines of a block of content lines (folds undone).
fn unfolded(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        match (line.strip_prefix(' '), out.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => out.push((*line).to_owned()),
        }
    }
    out
}

/// The value of property `name` in unfolded lines.
fn property<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    lines.iter().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        rest.strip_prefix(':')
    })
}

/// Every event of `data` as a resource, in the order of the export.
pub fn resources(data: &ExportData, now: DateTime<Utc>) -> Result<Vec<Resource>> {
    let text = write_calendar(data, now)?;
    let mut zones: HashMap<String, Vec<&str>> = HashMap::new();
    let mut events: Vec<(String, Vec<&str>)> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut inside: Option<&str> = None;
    for line in text.split("\r\n") {
        match (inside, line) {
            (None, "BEGIN:VTIMEZONE") => inside = Some("VTIMEZONE"),
            (None, "BEGIN:VEVENT") => inside = Some("VEVENT"),
            (None, _) => continue,
            _ => {}
        }
        block.push(line);
        let Some(component) = inside else { continue };
        if line.strip_prefix("END:") == Some(component) {
            let lines = unfolded(&block);
            if component == "VTIMEZONE" {
                if let Some(tzid) = property(&lines, "TZID") {
                    zones.insert(tzid.to_owned(), std::mem::take(&mut block));
                }
            } else if let Some(uid) = property(&lines, "UID") {
                events.push((unescape_text(uid), std::mem::take(&mut block)));
            }
            block.clear();
            inside = None;
        }
    }

    let mut order: Vec<String> = Vec::new();
    let mut by_uid: HashMap<String, Vec<Vec<&str>>> = HashMap::new();
    for (uid, lines) in events {
        if !by_uid.contains_key(&uid) {
            order.push(uid.clone());
        }
        by_uid.entry(uid).or_default().push(lines);
    }
    let mut out = Vec::with_capacity(order.len());
    for uid in order {
        let Some(blocks) = by_uid.remove(&uid) else { continue };
        let logical: Vec<String> = blocks.iter().flat_map(|b| unfolded(b)).collect();
        let mut tzids: Vec<&str> = logical
            .iter()
            .filter_map(|line| {
                let (head, _) = line.split_once(':')?;
                let (_, tzid) = head.split_once(";TZID=")?;
                Some(tzid.split(';').next().unwrap_or(tzid))
            })
            .collect();
        tzids.sort_unstable();
        tzids.dedup();
        let mut head = ContentWriter::new();
        head.begin("VCALENDAR");
        head.raw("VERSION", "2.0");
        head.text("PRODID", PRODID);
        head.raw("CALSCALE", "GREGORIAN");
        let mut ics = head.finish();
        for tzid in &tzids {
            if let Some(zone) = zones.get(*tzid) {
                for line in zone {
                    ics.push_str(line);
                    ics.push_str("\r\n");
                }
            }
        }
        for line in blocks.iter().flatten() {
            ics.push_str(line);
            ics.push_str("\r\n");
        }
        ics.push_str("END:VCALENDAR\r\n");
        let fingerprint = fingerprint_of(
            logical
                .iter()
                .filter(|line| !line.starts_with("DTSTAMP:"))
                .map(String::as_str),
        );
        let summary = property(&logical, "SUMMARY").map(unescape_text).unwrap_or_default();
        out.push(Resource {
            uid,
            summary,
            ics,
            fingerprint,
        });
    }
    Ok(out)
}

/// Where the resource of `uid` lives in `calendar`: the UID itself when it is safe in a path,
/// else a fingerprint of it.
pub fn href_for(calendar: &str, uid: &str) -> String {
    let safe = !uid.is_empty()
        && uid.len() <= 200
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'@'));
    if safe {
        format!("{calendar}{uid}.ics")
    } else {
        format!("{calendar}x-{}.ics", fingerprint_of([uid]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_safe_paths() {
        assert_eq!(href_for("/c/", "abc-1@example.org"), "/c/abc-1@example.org.ics");
        let odd = href_for("/c/", "a/b c");
        assert!(odd.starts_with("/c/x-") && odd.ends_with(".ics") && !odd.contains(' '));
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fingerprint_of(["a", "b"]), fingerprint_of(["a", "b"]));
        assert_ne!(fingerprint_of(["a", "b"]), fingerprint_of(["ab"]));
        // FNV-1a of "\n": pinned, so a change of the function shows.
        assert_eq!(fingerprint_of([""]), "af63c74c8601c8dd");
    }
}
