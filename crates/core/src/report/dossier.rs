//! What a case dossier shows, already in words: the case with its people, journal, tasks and
//! consultation bookings, for one profile and period. Both the HTML and the PDF are made from
//! this, so they cannot disagree; profiles are applied here, once.
//!
//! *anonymisiert* replaces each contact's name, e-mail address and phone number by the role
//! they have on the case, also inside journal text (the whole name, then its parts of three
//! letters or more, as whole words), and blanks any other e-mail address or phone number in
//! the text.

use chrono::{Local, NaiveDate};
use serde::Serialize;

use crate::domain::*;

/// The alliance, as the dossier's header names it.
pub const ALLIANCE: &str = "Zukunftsbündnis für sozialen Zusammenhalt";

/// A person on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierPerson {
    /// Name (or role, anonymised).
    pub name: String,
    /// Role on the case.
    pub role: String,
    /// Organisation.
    pub organisation: String,
    /// E-mail and phone, as one line ("" anonymised).
    pub reach: String,
    /// From – until.
    pub period: String,
}

/// A journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierEntry {
    /// `10.03.2026`
    pub date: String,
    /// `Telefonat`
    pub kind: String,
    /// Who wrote it.
    pub author: String,
    /// The text.
    pub text: String,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierTask {
    /// Title.
    pub title: String,
    /// Due (or done) date.
    pub date: String,
    /// Assignee.
    pub assignee: String,
}

/// A consultation booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierBooking {
    /// `Di., 10.03.2026, 10:00 Uhr`
    pub when: String,
    /// The series.
    pub series: String,
    /// Topic or status note.
    pub note: String,
}

/// The dossier of one case, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dossier {
    /// The alliance's name.
    pub alliance: String,
    /// `BF-2026-0042`
    pub reference: String,
    /// Title.
    pub title: String,
    /// Kommune.
    pub municipality: String,
    /// Quartier ("" when none).
    pub neighbourhood: String,
    /// Status (German).
    pub status: String,
    /// Advisor.
    pub advisor: String,
    /// Opened.
    pub opened_on: String,
    /// Closed ("" when open).
    pub closed_on: String,
    /// Topics.
    pub topics: Vec<String>,
    /// Summary.
    pub summary: String,
    /// Next step ("" when none).
    pub next_step: String,
    /// Its due date.
    pub next_step_due: String,
    /// The profile's German name.
    pub profile: String,
    /// The period printed ("" for all).
    pub period: String,
    /// People.
    pub people: Vec<DossierPerson>,
    /// Journal, oldest first.
    pub journal: Vec<DossierEntry>,
    /// Open tasks.
    pub open_tasks: Vec<DossierTask>,
    /// Done tasks.
    pub done_tasks: Vec<DossierTask>,
    /// Past bookings.
    pub past_bookings: Vec<DossierBooking>,
    /// Upcoming bookings.
    pub upcoming_bookings: Vec<DossierBooking>,
    /// The day it was printed.
    pub printed_on: String,
}

/// `10.03.2026`
pub fn german_date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

fn journal_kind(kind: JournalKind) -> &'static str {
    match kind {
        JournalKind::Call => "Telefonat",
        JournalKind::Email => "E-Mail",
        JournalKind::Consultation => "Beratungsgespräch",
        JournalKind::SiteVisit => "Vor-Ort-Termin",
        JournalKind::Workshop => "Workshop",
        JournalKind::Meeting => "Besprechung",
        JournalKind::Note => "Notiz",
        JournalKind::StatusChange => "Statuswechsel",
    }
}

/// Replaces what identifies contacts by their roles.
struct Anonymiser {
    /// (text to find, replacement), longest first.
    names: Vec<(String, String)>,
}

impl Anonymiser {
    fn new(participants: &[Participant]) -> Self {
        let mut names: Vec<(String, String)> = Vec::new();
        for p in participants {
            let role = format!("[{}]", p.role);
            let contact = &p.contact;
            // An organisation's whole name goes too (it points at the people behind it in a
            // small Quartier); its single words ("Quartiersbüro") are ordinary words.
            names.push((contact.name.clone(), role.clone()));
            if contact.kind == ContactKind::Person {
                for part in contact.name.split_whitespace().filter(|w| w.chars().count() >= 3) {
                    names.push((
                        part.trim_matches(|c: char| !c.is_alphanumeric()).to_owned(),
                        role.clone(),
                    ));
                }
            }
            for reach in [&contact.email, &contact.phone].into_iter().flatten() {
                names.push((reach.clone(), role.clone()));
            }
        }
        names.retain(|(from, _)| !from.is_empty());
        names.sort_by_key(|(from, _)| std::cmp::Reverse(from.chars().count()));
        Self { names }
    }

    fn clean(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (from, to) in &self.names {
            out = replace_words(&out, from, to);
        }
        blank_reach(&out)
    }
}

/// Replaces `from` where it stands as a whole word (not inside a longer word), ignoring case.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let lower_text = text.to_lowercase();
    let lower_from = from.to_lowercase();
    // Lower-casing can change byte lengths (e.g. "İ"); then only exact matches are replaced.
    let (haystack, needle) = if lower_text.len() == text.len() && lower_from.len() == from.len() {
        (lower_text.as_str(), lower_from.as_str())
    } else {
        (text, from)
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut start = 0;
    while let Some(found) = haystack[start..].find(needle) {
        let at = start + found;
        let end = at + needle.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if word_edge(before) && word_edge(after) {
            out.push_str(&text[last..at]);
            out.push_str(to);
            last = end;
        }
        start = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Blanks e-mail addresses and phone numbers that are not a contact's (and so not replaced by a
/// role already): words with an `@` and a dot after it, and runs of digits, spaces, `+ / - ( )`
/// with six digits or more that are not a date.
fn blank_reach(text: &str) -> String {
    let emails: String = text
        .split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word
                .trim_end()
                .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '<' | '>'));
            match bare.split_once('@') {
                Some((user, host)) if !user.is_empty() && host.contains('.') => {
                    word.replacen(bare, "[E-Mail entfernt]", 1)
                }
                _ => word.to_owned(),
            }
        })
        .collect();
    let phone_char = |c: char| c.is_ascii_digit() || matches!(c, '+' | '/' | '-' | '(' | ')' | ' ');
    let mut out = String::with_capacity(emails.len());
    let mut rest = emails.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit() || c == '+') {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !phone_char(c))
            .unwrap_or(rest.len() - start);
        let run = rest[start..start + run_len].trim_end_matches(|c: char| !c.is_ascii_digit());
        if run.is_empty() {
            // A lone "+": kept as it is.
            out.push('+');
            rest = &rest[start + 1..];
            continue;
        }
        let digits = run.chars().filter(char::is_ascii_digit).count();
        if digits >= 6 && !looks_like_date(run) {
            out.push_str("[Telefon entfernt]");
        } else {
            out.push_str(run);
        }
        rest = &rest[start + run.len()..];
    }
    out.push_str(rest);
    out
}

fn looks_like_date(word: &str) -> bool {
    NaiveDate::parse_from_str(word, "%d.%m.%Y").is_ok() || NaiveDate::parse_from_str(word, "%Y-%m-%d").is_ok()
}

fn in_period(day: NaiveDate, request: &PrintRequest) -> bool {
    request.from.is_none_or(|from| day >= from) && request.to.is_none_or(|to| day <= to)
}

impl Dossier {
    /// The dossier of `detail` for `request`, printed on `printed_on`.
    pub fn new(detail: &CaseDetail, request: &PrintRequest, printed_on: NaiveDate) -> Self {
        let case = &detail.case;
        let anonymise = request.profile == PrintProfile::Anonymised;
        let anonymiser = Anonymiser::new(&detail.participants);
        let text = |t: &str| if anonymise { anonymiser.clean(t) } else { t.to_owned() };
        let now = Local::now().fixed_offset();

        let people = detail
            .participants
            .iter()
            .map(|p| {
                let reach: Vec<&str> = [p.contact.email.as_deref(), p.contact.phone.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let period = match p.until_on {
                    Some(until) => format!("{} – {}", german_date(p.from_on), german_date(until)),
                    None => format!("seit {}", german_date(p.from_on)),
                };
                DossierPerson {
                    name: if anonymise {
                        format!("[{}]", p.role)
                    } else {
                        p.contact.name.clone()
                    },
                    role: p.role.clone(),
                    organisation: p.contact.organisation.clone().unwrap_or_default(),
                    reach: if anonymise { String::new() } else { reach.join(" · ") },
                    period,
                }
            })
            .collect();

        let mut journal: Vec<&JournalEntry> = detail
            .journal
            .iter()
            .filter(|e| in_period(e.occurred_on, request))
            .filter(|e| !(e.internal && request.profile == PrintProfile::Municipality))
            .collect();
        journal.sort_by_key(|e| (e.occurred_on, e.id));
        let journal = journal
            .into_iter()
            .map(|e| DossierEntry {
                date: german_date(e.occurred_on),
                kind: if e.internal {
                    format!("{} (intern)", journal_kind(e.kind))
                } else {
                    journal_kind(e.kind).to_owned()
                },
                author: e.author.clone(),
                text: text(&e.text),
            })
            .collect();

        let task = |t: &Task, day: Option<NaiveDate>| DossierTask {
            title: text(&t.title),
            date: day.map(german_date).unwrap_or_default(),
            assignee: t.assignee.clone(),
        };
        let tasks_in: Vec<&Task> = detail
            .tasks
            .iter()
            .filter(|t| t.due_on.or(t.done_on).is_none_or(|d| in_period(d, request)))
            .collect();
        let open_tasks = tasks_in
            .iter()
            .filter(|t| t.done_on.is_none())
            .map(|t| task(t, t.due_on))
            .collect();
        let done_tasks = tasks_in
            .iter()
            .filter(|t| t.done_on.is_some())
            .map(|t| task(t, t.done_on))
            .collect();

        let mut bookings: Vec<&Booking> = detail
            .bookings
            .iter()
            .filter(|b| in_period(b.start.date_naive(), request))
            .collect();
        bookings.sort_by_key(|b| b.start);
        let booking = |b: &Booking| DossierBooking {
            when: crate::domain::dates::german_date_time(&b.start),
            series: b.series_title.clone(),
            note: match b.status {
                BookingStatus::Cancelled => format!(
                    "abgesagt{}",
                    b.cancel_reason
                        .as_deref()
                        .map(|r| format!(": {}", text(r)))
                        .unwrap_or_default()
                ),
                BookingStatus::NeedsRebooking => "muss umgebucht werden".into(),
                BookingStatus::Booked => b.topic.as_deref().map(text).unwrap_or_default(),
            },
        };
        let past_bookings = bookings.iter().filter(|b| b.start < now).map(|b| booking(b)).collect();
        let upcoming_bookings = bookings.iter().filter(|b| b.start >= now).map(|b| booking(b)).collect();

        let period = match (request.from, request.to) {
            (None, None) => String::new(),
            (Some(from), None) => format!("ab {}", german_date(from)),
            (None, Some(to)) => format!("bis {}", german_date(to)),
            (Some(from), Some(to)) => format!("{} – {}", german_date(from), german_date(to)),
        };
        Dossier {
            alliance: ALLIANCE.to_owned(),
            reference: case.reference.clone(),
            title: text(&case.title),
            municipality: detail.municipality.clone(),
            neighbourhood: detail.neighbourhood.clone().unwrap_or_default(),
            status: case.status.label_de().to_owned(),
            advisor: case.advisor.clone(),
            opened_on: german_date(case.opened_on),
            closed_on: case.closed_on.map(german_date).unwrap_or_default(),
            topics: detail.topics.clone(),
            summary: text(&case.summary),
            next_step: case.next_step.as_deref().map(text).unwrap_or_default(),
            next_step_due: case.next_step_due.map(german_date).unwrap_or_default(),
            profile: request.profile.label_de().to_owned(),
            period,
            people,
            journal,
            open_tasks,
            done_tasks,
            past_bookings,
            upcoming_bookings,
            printed_on: german_date(printed_on),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_replaced_as_whole_words_only() {
        assert_eq!(
            replace_words(
                "Frau Weber (Tel. bei Weber-Schmidt) rief an; Webereien nicht.",
                "Weber",
                "[Amt]"
            ),
            "Frau [Amt] (Tel. bei [Amt]-Schmidt) rief an; Webereien nicht."
        );
        assert_eq!(replace_words("ANNA und anna", "Anna", "[R]"), "[R] und [R]");
    }

    #[test]
    fn other_addresses_and_numbers_are_blanked_but_dates_stay() {
        assert_eq!(
            blank_reach("Mail an info@verein.de, Tel. 0641 12345-67 am 10.03.2026."),
            "Mail an [E-Mail entfernt], Tel. [Telefon entfernt] am 10.03.2026."
        );
        assert_eq!(blank_reach("Tel. 0641/1234567"), "Tel. [Telefon entfernt]");
    }
}
