//! Field-level validation errors in German and English.

use serde::Serialize;
use ts_rs::TS;

/// One broken rule on one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    /// The input field, as named in the input type (e.g. `ags`).
    pub field: String,
    /// German message, shown next to the field.
    pub de: String,
    /// English message.
    pub en: String,
}

/// All broken rules of one input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records a broken rule.
    pub fn add(&mut self, field: &str, de: impl Into<String>, en: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            de: de.into(),
            en: en.into(),
        });
    }

    /// `Ok(())` when nothing was recorded, else the validation error.
    pub fn into_result(self) -> crate::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Validation(self))
        }
    }

    /// Whether the given field has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The German messages joined, for a one-line summary.
    pub fn summary_de(&self) -> String {
        self.0.iter().map(|e| e.de.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// Requires a non-blank text of at most `max` characters.
    pub fn require_text(&mut self, field: &str, value: &str, max: usize) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(field, "Bitte ausfüllen.", "Please fill in.");
        } else if trimmed.chars().count() > max {
            self.add(
                field,
                format!("Höchstens {max} Zeichen."),
                format!("At most {max} characters."),
            );
        }
    }

    /// Limits an optional text to `max` characters.
    pub fn limit_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if value.is_some_and(|v| v.trim().chars().count() > max) {
            self.add(
                field,
                format!("Höchstens {max} Zeichen."),
                format!("At most {max} characters."),
            );
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.en)).collect();
        f.write_str(&parts.join("; "))
    }
}

/// Whether an e-mail address is plausible: one `@`, a local part, a domain with a dot, no spaces.
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Whether a phone number is plausible: digits with the usual separators, 6 to 20 digits,
/// an optional leading `+`.
pub fn plausible_phone(phone: &str) -> bool {
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '/' | '(' | ')' | '.'))
        && (6..=20).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.de", "jana.schmidt@stadt-musterstadt.de", "x+y@sub.example.org"] {
            assert!(plausible_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.de", "a@.de", "a b@c.de", "a@b..de", "a@b@c.de", "a@b.de.",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in ["+49 30 1234567", "030/123 45-67", "(0221) 12345", "0171 2345678"] {
            assert!(plausible_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "12345",
            "abc",
            "+49 30 CALL ME",
            "++49 1234567",
            "1234567890123456789012",
        ] {
            assert!(!plausible_phone(bad), "{bad}");
        }
    }
}
