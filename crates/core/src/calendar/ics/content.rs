//! RFC 5545 content lines: TEXT escaping, folding at 75 octets without splitting a UTF-8
//! character, CRLF line ends.
//!
//! Every value is written in the form its type allows, so that no text, wherever it came from
//! (an imported file, the window), can end a line or start one: TEXT is escaped ([`escape_text`];
//! line breaks become `\n`, other control characters are dropped), a list of TEXT has each item
//! escaped ([`ContentWriter::text_list`]), a parameter value is quoted and loses what a quoted
//! string cannot hold ([`param_value`]: `"` and control characters), a URI loses control
//! characters and blanks ([`ContentWriter::uri`]). `raw` is only for values the app makes itself
//! (numbers, dates, names from the time-zone database, rules it wrote again).
//!
//! Written by hand on purpose: it is a few lines, and the crates that write iCalendar either fold
//! by characters rather than octets or do not escape parameter-free TEXT values the way Outlook
//! expects; the tests check the rules octet by octet and python `icalendar` / `ical.js` read the
//! result back in the export tests.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::dates::{push_date, push_time};

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    escape_into(value, &mut out);
    out
}

/// Which bytes stop the copying in `escape_into`: the characters TEXT escapes, the controls it
/// drops (C0 but tab, DEL) and 0xC2, the first byte of the C1 controls (U+0080–U+009F).
const STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != 0x09;
        b += 1;
    }
    table[b'\\' as usize] = true;
    table[b';' as usize] = true;
    table[b',' as usize] = true;
    table[0x7F] = true;
    table[0xC2] = true;
    table
};

/// Where the next byte of `STOPS` stands in `bytes`. Eight bytes are tested at once (SWAR):
/// nearly all text is letters, and the word test lets them pass in a few operations; a word
/// that may hold a stop is looked at byte by byte.
fn next_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
        if below_space || has(word, b'\\') || has(word, b';') || has(word, b',') || has(word, 0x7F) || has(word, 0xC2) {
            if let Some(offset) = chunk.iter().position(|&b| STOPS[usize::from(b)]) {
                return Some(at + offset);
            }
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| STOPS[usize::from(b)])
        .map(|offset| at + offset)
}

/// Appends `value` escaped as TEXT to `out`. Everything to escape or drop is ASCII except the
/// C1 controls (UTF-8 `C2 80`–`C2 9F`), so the value is copied in runs of bytes between them.
fn escape_into(value: &str, out: &mut String) {
    let bytes = value.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(offset) = next_stop(&bytes[i..]) {
        i += offset;
        let b = bytes[i];
        let width = if b == 0xC2 {
            if !bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) {
                // A Latin-1 supplement character such as "§" or "°": copied with its run.
                i += 2;
                continue;
            }
            2
        } else {
            1
        };
        out.push_str(&value[run..i]);
        match b {
            b'\\' => out.push_str("\\\\"),
            b';' => out.push_str("\\;"),
            b',' => out.push_str("\\,"),
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                out.push_str("\\n");
            }
            b'\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            _ => {}
        }
        i += width;
        run = i;
    }
    out.push_str(&value[run..]);
}

/// A parameter value as RFC 5545 3.2 allows it: a quoted string when it holds `:`, `;` or `,`,
/// without `"` and control characters (a quoted string cannot hold them, nor escape them).
pub fn param_value(value: &str) -> std::borrow::Cow<'_, str> {
    let clean = |c: char| !c.is_control() && c != '"';
    let needs_quotes = value.contains([':', ';', ',']);
    if value.chars().all(clean) && !needs_quotes {
        return std::borrow::Cow::Borrowed(value);
    }
    let text: String = value.chars().filter(|&c| clean(c)).collect();
    if needs_quotes {
        std::borrow::Cow::Owned(format!("\"{text}\""))
    } else {
        std::borrow::Cow::Owned(text)
    }
}

/// A URI value: control characters (line breaks among them) dropped, blanks as `%20` (a URI
/// has none, RFC 3986), the rest as it is.
pub fn uri_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.trim().chars() {
        match c {
            ' ' | '\t' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Collects content lines into an iCalendar document.
#[derive(Debug, Default)]
pub struct ContentWriter {
    out: String,
    /// The line being assembled before it is folded; reused to spare an allocation per line.
    line: String,
    /// VEVENTs begun.
    events: u32,
}

/// The longest a physical line may be, in octets, without its CRLF.
const MAX_OCTETS: usize = 75;

impl ContentWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty document with room for about `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            line: String::with_capacity(256),
            events: 0,
        }
    }

    /// Writes `name` (with any parameters, e.g. `DTSTART;TZID=Europe/Berlin`) and a value that is
    /// already in its final form, folded.
    pub fn raw(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        self.line.push_str(value);
        fold_into(&self.line, &mut self.out);
    }

    /// Writes a TEXT property, escaped and folded.
    pub fn text(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        escape_into(value, &mut self.line);
        fold_into(&self.line, &mut self.out);
    }

    /// Writes a property with one parameter (`NAME;PARAM=value:…`), its value in final form;
    /// the parameter's value is written as [`param_value`] makes it.
    pub fn with_param(&mut self, name: &str, param: &str, value_of_param: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(';');
        self.line.push_str(param);
        self.line.push('=');
        self.line.push_str(&param_value(value_of_param));
        self.line.push(':');
        self.line.push_str(value);
        fold_into(&self.line, &mut self.out);
    }

    /// Writes a list of TEXT values (such as CATEGORIES): `items` is split at its commas and
    /// each item escaped, so the commas between them stay separators.
    pub fn text_list(&mut self, name: &str, items: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        for (i, item) in items.split(',').enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            escape_into(item, &mut self.line);
        }
        fold_into(&self.line, &mut self.out);
    }

    /// Writes a URI (or CAL-ADDRESS) property, as [`uri_value`] makes it.
    pub fn uri(&mut self, name: &str, value: &str) {
        self.raw(name, &uri_value(value));
    }

    /// Starts a property whose value is assembled piece by piece; it is folded into the
    /// document when the returned `Property` is dropped. `name` may carry parameters.
    pub fn property(&mut self, name: &str) -> Property<'_> {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        Property { writer: self }
    }

    /// Like `property`, with one parameter (`NAME;PARAM=value:`), written as [`param_value`]
    /// makes it.
    pub fn property_with(&mut self, name: &str, param: &str, value_of_param: &str) -> Property<'_> {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(';');
        self.line.push_str(param);
        self.line.push('=');
        self.line.push_str(&param_value(value_of_param));
        self.line.push(':');
        Property { writer: self }
    }

    /// `BEGIN:…`
    pub fn begin(&mut self, component: &str) {
        if component == "VEVENT" {
            self.events += 1;
        }
        self.raw("BEGIN", component);
    }

    /// `END:…`
    pub fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }

    /// How many bytes are written but not yet drained.
    pub fn pending(&self) -> usize {
        self.out.len()
    }

    /// Hands what is written so far to `sink` and forgets it.
    pub fn drain_into(&mut self, sink: &mut impl std::io::Write) -> std::io::Result<()> {
        sink.write_all(self.out.as_bytes())?;
        self.out.clear();
        Ok(())
    }

    /// How many VEVENTs were begun.
    pub fn events(&self) -> u32 {
        self.events
    }
}

/// A property being written (see `ContentWriter::property`): pieces are appended to its value
/// in place, without a string of their own, and the line is folded when this is dropped.
pub struct Property<'w> {
    writer: &'w mut ContentWriter,
}

impl Property<'_> {
    /// Appends text as it is (already in its final form).
    pub fn raw(self, value: &str) -> Self {
        self.writer.line.push_str(value);
        self
    }

    /// Appends TEXT, escaped.
    pub fn text(self, value: &str) -> Self {
        escape_into(value, &mut self.writer.line);
        self
    }

    /// Appends an escaped line break (between lines of a TEXT value).
    pub fn line_break(self) -> Self {
        self.writer.line.push_str("\\n");
        self
    }

    /// Appends a number.
    pub fn number(self, value: i64) -> Self {
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = write!(self.writer.line, "{value}");
        self
    }

    /// Appends a DATE (`20260310`).
    pub fn date(self, day: NaiveDate) -> Self {
        push_date(&mut self.writer.line, day, "");
        self
    }

    /// Appends a local DATE-TIME (`20260310T100000`).
    pub fn date_time(self, at: NaiveDateTime) -> Self {
        push_date(&mut self.writer.line, at.date(), "");
        self.writer.line.push('T');
        push_time(&mut self.writer.line, at.time(), "");
        self
    }

    /// Appends a UTC DATE-TIME (`20260310T090000Z`).
    pub fn utc(self, at: DateTime<Utc>) -> Self {
        let this = self.date_time(at.naive_utc());
        this.writer.line.push('Z');
        this
    }
}

impl Drop for Property<'_> {
    fn drop(&mut self) {
        fold_into(&self.writer.line, &mut self.writer.out);
    }
}

/// Appends `line` folded: at most 75 octets per physical line, continuation lines start with one
/// space (which counts towards their 75), a multi-octet character is never split, and no physical
/// line ends in whitespace (readers such as the `ical` crate trim it; it moves to the next line).
pub fn fold_into(line: &str, out: &mut String) {
    if line.len() <= MAX_OCTETS {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut rest = line;
    let mut budget = MAX_OCTETS;
    loop {
        if rest.len() <= budget {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        // The longest piece that fits without splitting a character…
        let mut cut = budget;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // …and without leaving a blank at the end of the line (it moves to the next one).
        let piece = rest[..cut].trim_end_matches([' ', '\t']);
        let cut = if piece.is_empty() { cut } else { piece.len() };
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        budget = MAX_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rfc_5545_names() {
        assert_eq!(
            escape_text("Rathaus, Raum 3; Eingang B\\Hof\nbitte klingeln\r\nDanke"),
            "Rathaus\\, Raum 3\\; Eingang B\\\\Hof\\nbitte klingeln\\nDanke"
        );
        assert_eq!(escape_text("a\u{7}b\u{85}c\u{7f}"), "abc", "control characters go");
        assert_eq!(escape_text("Grüße, 🏘️"), "Grüße\\, 🏘️");
        assert_eq!(escape_text("§ 4, 20 °C"), "§ 4\\, 20 °C", "Latin-1 characters stay");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_a_character() {
        let mut w = ContentWriter::new();
        let value =
            "Überprüfung der Fördermittel für das Quartier Südstadt – Bürgerbeteiligung 🏘️ und Grünflächen ".repeat(3);
        let value = value.trim_end();
        w.text("DESCRIPTION", value);
        let doc = w.finish();
        assert!(doc.ends_with("\r\n"));
        let lines: Vec<&str> = doc.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 4);
        for (i, line) in lines.iter().enumerate() {
            assert!(line.len() <= 75, "line {i} has {} octets", line.len());
            assert_eq!(i > 0, line.starts_with(' '), "continuation lines start with a space");
        }
        assert!(
            lines.iter().all(|l| !l.ends_with(' ')),
            "no physical line ends in a space"
        );
        let unfolded = doc.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", escape_text(value)));
        assert!(
            !doc.contains('\n') || doc.matches('\n').count() == doc.matches("\r\n").count(),
            "CRLF only"
        );
    }

    #[test]
    fn a_space_at_the_fold_moves_to_the_next_line() {
        let mut w = ContentWriter::new();
        let value = format!("{} Gartenstadt", "x".repeat(66));
        w.text("SUMMARY", &value);
        let doc = w.finish();
        assert_eq!(doc, format!("SUMMARY:{}\r\n  Gartenstadt\r\n", "x".repeat(66)));
    }

    #[test]
    fn parameters_lists_and_uris_cannot_break_a_line() {
        assert_eq!(param_value("Europe/Berlin"), "Europe/Berlin");
        assert_eq!(param_value("a\"b\r\nEND:VEVENT"), "\"abEND:VEVENT\"");
        assert_eq!(param_value("x\u{85};y"), "\"x;y\"");
        assert_eq!(
            uri_value(" https://x.de/a b\r\nUID:evil "),
            "https://x.de/a%20bUID:evil"
        );
        let mut w = ContentWriter::new();
        w.text_list("CATEGORIES", "Beratung,Gre\nmium\r\nBEGIN:VEVENT;x\\");
        assert_eq!(w.finish(), "CATEGORIES:Beratung,Gre\\nmium\\nBEGIN:VEVENT\\;x\\\\\r\n");
    }

    #[test]
    fn a_short_line_stays_whole() {
        let mut w = ContentWriter::new();
        w.raw("DTSTART;TZID=Europe/Berlin", "20260310T100000");
        w.begin("VEVENT");
        assert_eq!(
            w.finish(),
            "DTSTART;TZID=Europe/Berlin:20260310T100000\r\nBEGIN:VEVENT\r\n"
        );
    }
}
