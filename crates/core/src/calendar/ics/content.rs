//! RFC 5545 content lines: TEXT escaping, folding at 75 octets without splitting a UTF-8
//! character, CRLF line ends.
//!
//! Written by hand on purpose: it is a few lines, and the crates that write iCalendar either fold
//! by characters rather than octets or do not escape parameter-free TEXT values the way Outlook
//! expects; the tests check the rules octet by octet and python `icalendar` / `ical.js` read the
//! result back in the export tests.

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    escape_into(value, &mut out);
    out
}

/// Appends `value` escaped as TEXT to `out`. Everything to escape or drop is ASCII (C0
/// controls, DEL) except the C1 controls (U+0080–U+009F, UTF-8 `C2 80`–`C2 9F`), so the value
/// is copied in runs of bytes between them.
fn escape_into(value: &str, out: &mut String) {
    let bytes = value.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c1 = b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n));
        let special = matches!(b, b'\\' | b';' | b',' | b'\r' | b'\n') || (b < 0x20 && b != b'\t') || b == 0x7F || c1;
        if !special {
            i += 1;
            continue;
        }
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
        i += if c1 { 2 } else { 1 };
        run = i;
    }
    out.push_str(&value[run..]);
}

/// Collects content lines into an iCalendar document.
#[derive(Debug, Default)]
pub struct ContentWriter {
    out: String,
    /// The line being assembled before it is folded; reused to spare an allocation per line.
    line: String,
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

    /// Writes a property with one parameter (`NAME;PARAM=value:…`), its value in final form.
    pub fn with_param(&mut self, name: &str, param: &str, param_value: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(';');
        self.line.push_str(param);
        self.line.push('=');
        self.line.push_str(param_value);
        self.line.push(':');
        self.line.push_str(value);
        fold_into(&self.line, &mut self.out);
    }

    /// `BEGIN:…`
    pub fn begin(&mut self, component: &str) {
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
}

/// Appends `line` folded: at most 75 octets per physical line, continuation lines start with one
/// space (which counts towards their 75), a multi-octet character is never split, and no physical
/// line ends in whitespace (readers such as the `ical` crate trim it; it moves to the next line).
fn fold_into(line: &str, out: &mut String) {
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
