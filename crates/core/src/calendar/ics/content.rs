//! RFC 5545 content lines: TEXT escaping, folding at 75 octets without splitting a UTF-8
//! character, CRLF line ends.
//!
//! Written by hand on purpose: it is a few lines, and the crates that write iCalendar either fold
//! by characters rather than octets or do not escape parameter-free TEXT values the way Outlook
//! expects; the tests check the rules octet by octet and python `icalendar` / `ical.js` read the
//! result back in the export tests.

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    if !value.contains(['\\', ';', ',', '\r', '\n']) && !value.chars().any(char::is_control) {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Collects content lines into an iCalendar document.
#[derive(Debug, Default)]
pub struct ContentWriter {
    out: String,
}

/// The longest a physical line may be, in octets, without its CRLF.
const MAX_OCTETS: usize = 75;

impl ContentWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `name` (with any parameters, e.g. `DTSTART;TZID=Europe/Berlin`) and a value that is
    /// already in its final form, folded.
    pub fn raw(&mut self, name: &str, value: &str) {
        if name.len() + 1 + value.len() <= MAX_OCTETS {
            self.out.push_str(name);
            self.out.push(':');
            self.out.push_str(value);
            self.out.push_str("\r\n");
        } else {
            fold_into(&format!("{name}:{value}"), &mut self.out);
        }
    }

    /// Writes a TEXT property, escaped and folded.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
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
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_OCTETS {
            let mut carried = String::new();
            while out.ends_with([' ', '\t']) && used > 1 {
                if let Some(space) = out.pop() {
                    carried.insert(0, space);
                    used -= 1;
                }
            }
            out.push_str("\r\n ");
            out.push_str(&carried);
            used = 1 + carried.len();
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
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
        assert_eq!(escape_text("a\u{7}b"), "ab", "control characters go");
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
