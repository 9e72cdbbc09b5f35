//! What a case dossier shows, already in words: the case with its people, journal, tasks and
//! consultation bookings, for one profile and period. Both the HTML and the PDF are made from
//! this, so they cannot disagree; profiles are applied here, once.
//!
//! *anonymisiert* replaces each contact's name, e-mail address and phone number by the role
//! they have on the case — every contact of the database, not only the case's, in every text the
//! dossier prints but the staff's own names (see `anonymise`) — and lists the words that still
//! look like names (see `name_check`).

use chrono::{Local, NaiveDate};
use serde::Serialize;

use super::anonymise::Anonymiser;
use super::name_check::{NameCheck, NameToCheck};
use crate::domain::*;

/// The alliance, as the dossier's header names it.
pub const ALLIANCE: &str = "Zukunftsbündnis für sozialen Zusammenhalt";

/// A person on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // the names say it
pub struct DossierPerson {
    /// Name (or role, anonymised).
    pub name: String,
    /// Role on the case.
    pub role: String,
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
#[allow(missing_docs)] // the names say it
pub struct DossierTask {
    pub title: String,
    /// Due (or done) date.
    pub date: String,
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
#[allow(missing_docs)] // the names say it
pub struct Dossier {
    /// The alliance's name.
    pub alliance: String,
    /// `BF-2026-0042`
    pub reference: String,
    pub title: String,
    /// Kommune.
    pub municipality: String,
    /// Quartier ("" when none).
    pub neighbourhood: String,
    /// Status (German).
    pub status: String,
    pub advisor: String,
    pub opened_on: String,
    /// Closed ("" when open).
    pub closed_on: String,
    pub topics: Vec<String>,
    pub summary: String,
    /// Next step ("" when none).
    pub next_step: String,
    /// Its due date.
    pub next_step_due: String,
    /// The profile's German name.
    pub profile: String,
    /// The period printed ("" for all).
    pub period: String,
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
    /// Words the layout highlights (the preview of an anonymised dossier only; empty for what is
    /// printed or saved).
    pub marks: Vec<String>,
    /// Words of the anonymised dossier that still look like names (empty for other profiles).
    #[serde(skip)]
    pub to_check: Vec<NameToCheck>,
}

/// `10.03.2026`
pub fn german_date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

pub(crate) fn journal_kind(kind: JournalKind) -> &'static str {
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

fn in_period(day: NaiveDate, request: &PrintRequest) -> bool {
    request.from.is_none_or(|from| day >= from) && request.to.is_none_or(|to| day <= to)
}

impl Dossier {
    /// The dossier of `detail` for `request`, printed on `printed_on`, anonymised (if so) against
    /// the case's own participants only: what a dossier needs without the database, e.g. a
    /// benchmark. The Planner uses [`Dossier::with_contacts`] with every contact.
    pub fn new(detail: &CaseDetail, request: &PrintRequest, printed_on: NaiveDate) -> Self {
        Self::with_contacts(detail, &[], request, printed_on)
    }

    /// The dossier of `detail` for `request`, printed on `printed_on`; anonymised, every contact
    /// of `contacts` (and of the case) is taken out.
    pub fn with_contacts(
        detail: &CaseDetail,
        contacts: &[Contact],
        request: &PrintRequest,
        printed_on: NaiveDate,
    ) -> Self {
        let case = &detail.case;
        let anonymise = request.profile == PrintProfile::Anonymised;
        let anonymiser = anonymise.then(|| Anonymiser::new(contacts, &detail.participants));
        let text = |t: &str| match &anonymiser {
            Some(a) => a.clean(t),
            None => t.to_owned(),
        };
        // The staff's names are printed on purpose (advisor, authors); an assignee who is one of
        // them stays, any other goes through the anonymiser.
        let staff: Vec<&str> = std::iter::once(case.advisor.as_str())
            .chain(detail.journal.iter().map(|e| e.author.as_str()))
            .collect();
        let staff_or_text = |t: &str| if staff.contains(&t) { t.to_owned() } else { text(t) };
        let now = Local::now().fixed_offset();

        let people = detail
            .participants
            .iter()
            .map(|p| {
                let contact = p.contact.as_ref();
                let reach: Vec<&str> = [
                    contact.and_then(|c| c.email.as_deref()),
                    contact.and_then(|c| c.phone.as_deref()),
                ]
                .into_iter()
                .flatten()
                .collect();
                let period = match p.until_on {
                    Some(until) => format!("{} – {}", german_date(p.from_on), german_date(until)),
                    None => format!("seit {}", german_date(p.from_on)),
                };
                // A role is free text: anonymised, it is cleaned like any other.
                let role = text(&p.role);
                DossierPerson {
                    name: match contact {
                        _ if anonymise => format!("[{}]", role.trim()),
                        Some(contact) => contact.name.clone(),
                        None => crate::domain::ERASED_PERSON.to_owned(),
                    },
                    role,
                    organisation: contact
                        .and_then(|c| c.organisation.as_deref())
                        .map(text)
                        .unwrap_or_default(),
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
            assignee: staff_or_text(&t.assignee),
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
            series: text(&b.series_title),
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
        let mut dossier = Dossier {
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
            marks: Vec::new(),
            to_check: Vec::new(),
        };
        if anonymise {
            dossier.to_check = dossier.names_to_check(&staff);
        }
        dossier
    }

    /// The words of its texts that still look like names (see `name_check`).
    fn names_to_check(&self, staff: &[&str]) -> Vec<NameToCheck> {
        let mut check = NameCheck::new(staff.iter().copied());
        let tasks = self.open_tasks.iter().chain(&self.done_tasks);
        let bookings = self.past_bookings.iter().chain(&self.upcoming_bookings);
        let texts = [&self.title, &self.summary, &self.next_step]
            .into_iter()
            .chain(self.people.iter().map(|p| &p.organisation))
            .chain(self.journal.iter().map(|e| &e.text))
            .chain(tasks.flat_map(|t| [&t.title, &t.assignee]))
            .chain(bookings.flat_map(|b| [&b.series, &b.note]));
        for text in texts {
            check.scan(text);
        }
        check.finish()
    }
}
