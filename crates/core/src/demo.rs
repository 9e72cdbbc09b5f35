//! Fictional but realistic demo data: German place names, neighbourhoods, contacts, cases in every
//! status with journals and tasks. Deterministic for a seed and the day it is generated (dates are
//! relative to today so that the start page always has something due this week). Everything is
//! written in one transaction with the search triggers paused and the index rebuilt once at the end.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::*;
use crate::store::{self, Store};
use crate::Result;

mod activity;
mod calendar;
mod events;
mod network;

pub use activity::scale as scale_activity;
pub use network::scale as scale_network;

/// How much demo data to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of municipalities.
    pub municipalities: usize,
    /// Number of cases.
    pub cases: usize,
    /// Seed of the random generator.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            municipalities: 12,
            cases: 150,
            seed: 1,
        }
    }
}

/// What was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Municipalities created.
    pub municipalities: usize,
    /// Neighbourhoods created.
    pub neighbourhoods: usize,
    /// Contacts created.
    pub contacts: usize,
    /// Cases created.
    pub cases: usize,
    /// Journal entries created (besides those of bookings).
    pub journal_entries: usize,
    /// Consultation-hour series created.
    pub series: usize,
    /// Bookings created.
    pub bookings: usize,
    /// Appointments created.
    pub appointments: usize,
    /// Events created (the congress and the workshops, with their participants).
    pub events: usize,
}

/// Added to the seed for the events' own random generator.
const EVENT_SEED: u64 = 0x5EED_E7E7;
const NETWORK_SEED: u64 = 0x5EED_0E70;

const ADVISORS: [&str; 5] = [
    "Miriam Albers",
    "Jonas Wehrmann",
    "Aylin Demir",
    "Thomas Reuter",
    "Katharina Vogt",
];

const TOWN_PREFIXES: [&str; 24] = [
    "Linden", "Alten", "Birken", "Eichen", "Rosen", "Buchen", "Ulmen", "Wiesen", "Tannen", "Erlen", "Hasel", "Mühl",
    "Stein", "Kirch", "Brunn", "Hohen", "Nieder", "Ober", "Neu", "Wald", "Sonnen", "Falken", "Kranich", "Weiden",
];
const TOWN_SUFFIXES: [&str; 16] = [
    "hagen", "brück", "felde", "au", "stedt", "heim", "dorf", "burg", "bach", "born", "hausen", "tal", "wald", "berg",
    "ingen", "werder",
];
const NEIGHBOURHOODS: [&str; 24] = [
    "Nordstadt",
    "Südstadt",
    "Weststadt",
    "Oststadt",
    "Altstadt",
    "Bahnhofsviertel",
    "Am Mühlenteich",
    "Schlossberg",
    "Hafenviertel",
    "Gartenstadt",
    "Rosenhöhe",
    "Lindenhof",
    "Neue Mitte",
    "Kirchberg",
    "Am Wasserturm",
    "Sonnenhang",
    "Eichenkamp",
    "Brunnenviertel",
    "Heidesiedlung",
    "Auf der Heide",
    "Ziegeleiviertel",
    "Marktquartier",
    "Wiesengrund",
    "Am Stadtpark",
];
const PROGRAMMES: [&str; 5] = [
    "Sozialer Zusammenhalt",
    "Lebendige Zentren",
    "Wachstum und nachhaltige Erneuerung",
    "BIWAQ",
    "Gemeinwesenarbeit im Quartier",
];
/// Topics (Handlungsfelder) every demo database has.
pub const TOPICS: [&str; 10] = [
    "Bauliche Maßnahmen",
    "Soziale Infrastruktur",
    "Teilhabe",
    "Integration",
    "Wohnen",
    "Bildung",
    "Gesundheit",
    "Klima",
    "Lokale Ökonomie",
    "Beteiligung",
];
const FIRST_NAMES: [&str; 24] = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jan", "Karla", "Lukas", "Mara",
    "Nils", "Olga", "Paul", "Rana", "Simon", "Tanja", "Ufuk", "Vera", "Wiebke", "Yusuf", "Zoe",
];
const LAST_NAMES: [&str; 24] = [
    "Adler",
    "Brandt",
    "Czerny",
    "Dietz",
    "Engel",
    "Fuchs",
    "Graf",
    "Hoffmann",
    "Iwanow",
    "Jansen",
    "Kaya",
    "Lorenz",
    "Marquardt",
    "Nowak",
    "Ostermann",
    "Petersen",
    "Quast",
    "Ritter",
    "Schuster",
    "Thiele",
    "Unger",
    "Voss",
    "Winkler",
    "Yilmaz",
];
const ROLES: [&str; 8] = [
    "Quartiersmanagement",
    "Ansprechperson Stadtverwaltung",
    "Sozialplanung",
    "Vorsitz Bürgerverein",
    "Träger Jugendhilfe",
    "Wohnungswirtschaft",
    "Fachliche Begleitung",
    "Stadtteilkoordination",
];
const CASE_TITLES: [&str; 24] = [
    "Aufbau eines Stadtteilzentrums",
    "Begegnungsstätte für Jung und Alt",
    "Quartiersmanagement einrichten",
    "Umgestaltung des Marktplatzes",
    "Förderantrag Sozialer Zusammenhalt",
    "Gemeinschaftsgarten am Wasserturm",
    "Sprachcafé und Integrationslotsen",
    "Schulhof als Quartiersplatz öffnen",
    "Hitzeschutz und Klimaanpassung im Wohnumfeld",
    "Gesundheitskiosk im Quartier",
    "Mieterberatung und Wohnraumsicherung",
    "Offener Jugendtreff",
    "Barrierefreie Wege zur Nahversorgung",
    "Verstetigung nach Förderende",
    "Beteiligungswerkstatt Spielplatz",
    "Familienzentrum an der Grundschule",
    "Leerstand im Erdgeschoss beleben",
    "Nachbarschaftshilfe organisieren",
    "Integriertes Entwicklungskonzept fortschreiben",
    "Quartiersfonds für Bewohnerinitiativen",
    "Lernwerkstatt für Erwachsene",
    "Seniorentreff mit Mittagstisch",
    "Bewegungsparcours im Grünzug",
    "Lokale Ökonomie stärken",
];
const NEXT_STEPS: [&str; 10] = [
    "Ortstermin mit dem Bauamt vereinbaren",
    "Förderantrag mit der Kommune abstimmen",
    "Protokoll der Lenkungsgruppe versenden",
    "Beteiligungswerkstatt vorbereiten",
    "Kostenschätzung einholen",
    "Rückmeldung der Wohnungsgesellschaft abwarten",
    "Zwischenbericht an das Ministerium",
    "Kontakt zum Bürgerverein herstellen",
    "Workshop zur Verstetigung planen",
    "Verwendungsnachweis prüfen",
];
const JOURNAL_TEXTS: [(JournalKind, &str); 14] = [
    (
        JournalKind::Call,
        "Telefonat mit {who}: Stand des Förderantrags besprochen, Unterlagen folgen bis Monatsende.",
    ),
    (
        JournalKind::Email,
        "E-Mail an {who} mit der Checkliste für den Antrag und den Fristen des Landes.",
    ),
    (
        JournalKind::Consultation,
        "Sprechstunde: Fragen zur Kofinanzierung und zur Rolle des Quartiersmanagements geklärt.",
    ),
    (
        JournalKind::SiteVisit,
        "Standortbesuch in {place}: Begegnungsstätte besichtigt, Barrierefreiheit des Zugangs fehlt noch.",
    ),
    (
        JournalKind::Workshop,
        "Workshop mit Bewohnerinnen und Bewohnern aus {place}, 24 Teilnehmende, viele Ideen für den Platz.",
    ),
    (
        JournalKind::Meeting,
        "Lenkungsgruppe in {place}: Zeitplan bestätigt, {who} übernimmt die Abstimmung mit dem Träger.",
    ),
    (
        JournalKind::Note,
        "Notiz: Haushaltssperre der Kommune kann die Kofinanzierung verzögern.",
    ),
    (
        JournalKind::Call,
        "Rückruf von {who}, die Wohnungsgesellschaft ist zu einem Gespräch bereit.",
    ),
    (
        JournalKind::Email,
        "Protokoll des Gesprächs an {who} geschickt, Rückmeldung erbeten.",
    ),
    (
        JournalKind::Meeting,
        "Abstimmung mit Sozialplanung und Jugendamt zur gemeinsamen Nutzung der Räume.",
    ),
    (
        JournalKind::SiteVisit,
        "Rundgang durch {place} mit {who}: Spielplatz, Grünzug und Ladenzeile angesehen.",
    ),
    (
        JournalKind::Consultation,
        "Beratung zum Verwendungsnachweis, Hinweise zu Belegen und Fristen gegeben.",
    ),
    (
        JournalKind::Note,
        "Kontakt zum Netzwerk Stadtteilarbeit hergestellt; Austausch zu ähnlichen Vorhaben angeregt.",
    ),
    (
        JournalKind::Workshop,
        "Fachworkshop Integration: Erfahrungen mit Sprachcafé und Lotsenprojekt ausgetauscht.",
    ),
];
const TASK_TITLES: [&str; 8] = [
    "Unterlagen für den Förderantrag prüfen",
    "Termin mit Bürgermeisterin abstimmen",
    "Einladung zur Beteiligungswerkstatt versenden",
    "Kostenschätzung anfordern",
    "Protokoll schreiben",
    "Ansprechperson im Jugendamt klären",
    "Fotos vom Standortbesuch ablegen",
    "Rückmeldung an die Kommune geben",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(day)
}

fn days_after(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

fn slug(text: &str) -> String {
    text.to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A generated municipality with what cases draw from.
struct Town {
    id: i64,
    name: String,
    state: FederalState,
    neighbourhoods: Vec<(i64, String)>,
    contacts: Vec<i64>,
}

/// Fills the store with demo data, in one transaction.
pub async fn generate(store: &Store, options: &DemoOptions, today: NaiveDate) -> Result<DemoSummary> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut tx = store.begin().await?;
    store::cases::search::pause_triggers(&mut tx, true).await?;
    store::cases::topics::ensure(&mut tx, &TOPICS).await?;
    if store::settings::get(&mut *tx, "advisor").await?.is_none() {
        store::settings::set(&mut tx, "advisor", ADVISORS[0]).await?;
    }

    // Municipalities with their neighbourhoods and local contacts.
    let mut towns: Vec<Town> = Vec::new();
    let mut used_names: HashSet<String> = HashSet::new();
    let mut used_ags: HashSet<String> = HashSet::new();
    let mut neighbourhood_count = 0;
    let mut contact_count = 0;
    for index in 0..options.municipalities {
        let mut name = format!("{}{}", pick(&mut rng, &TOWN_PREFIXES), pick(&mut rng, &TOWN_SUFFIXES));
        if !used_names.insert(name.clone()) {
            name = format!("{name} ({})", index + 1);
            used_names.insert(name.clone());
        }
        let state = *pick(&mut rng, &FederalState::ALL);
        let ags = loop {
            let candidate = format!("{}{:06}", state.ags_prefix(), rng.gen_range(0..1_000_000));
            if used_ags.insert(candidate.clone()) {
                break candidate;
            }
        };
        let municipality = ValidMunicipality {
            name: name.clone(),
            state,
            ags: Some(ags),
        };
        let municipality_id = store::municipalities::insert(&mut tx, &municipality).await?;
        let mut local_neighbourhoods = Vec::new();
        let mut names: Vec<&str> = NEIGHBOURHOODS.to_vec();
        names.shuffle(&mut rng);
        for neighbourhood_name in names.into_iter().take(rng.gen_range(2..=5)) {
            let input = NeighbourhoodInput {
                municipality_id,
                name: neighbourhood_name.to_owned(),
                programme: Some((*pick(&mut rng, &PROGRAMMES)).to_owned()),
                description: Some(format!(
                    "{neighbourhood_name} in {name}: dichte Bebauung der 1960er Jahre, junge Familien und ältere Menschen, wenig Treffpunkte."
                )),
            };
            let id = store::municipalities::neighbourhoods::insert(&mut tx, &input).await?;
            local_neighbourhoods.push((id, neighbourhood_name.to_owned()));
            neighbourhood_count += 1;
        }
        let domain = format!("{}.example", slug(&name));
        let mut local_contacts = Vec::new();
        let organisations = [
            (
                format!("Amt für Stadtentwicklung {name}"),
                OrganisationType::MunicipalOffice,
            ),
            (format!("Diakonisches Werk {name}"), OrganisationType::SocialAgency),
            (
                format!("Bürgerverein {} e. V.", local_neighbourhoods[0].1),
                OrganisationType::Association,
            ),
            (
                format!("Wohnungsbaugesellschaft {name}"),
                OrganisationType::HousingCompany,
            ),
        ];
        for (organisation, kind) in &organisations {
            let person = format!("{} {}", pick(&mut rng, &FIRST_NAMES), pick(&mut rng, &LAST_NAMES));
            let contact = ContactInput {
                kind: ContactKind::Person,
                email: Some(format!("{}@{domain}", slug(&person))),
                phone: Some(format!(
                    "0{} {}",
                    rng.gen_range(200..999),
                    rng.gen_range(100_000..999_999)
                )),
                name: person,
                organisation: Some(organisation.clone()),
                organisation_type: Some(*kind),
            };
            local_contacts.push(store::contacts::insert(&mut tx, &contact).await?);
            contact_count += 1;
        }
        let organisation = ContactInput {
            kind: ContactKind::Organisation,
            name: format!("Quartiersbüro {}", local_neighbourhoods[0].1),
            organisation: None,
            organisation_type: Some(OrganisationType::SocialAgency),
            email: Some(format!("quartiersbuero@{domain}")),
            phone: None,
        };
        local_contacts.push(store::contacts::insert(&mut tx, &organisation).await?);
        contact_count += 1;
        towns.push(Town {
            id: municipality_id,
            state,
            name,
            neighbourhoods: local_neighbourhoods,
            contacts: local_contacts,
        });
    }

    // Cases with journals, tasks and people.
    let mut journal = Vec::new();
    let mut tasks = Vec::new();
    let mut roles = Vec::new();
    let mut topic_links = Vec::new();
    let mut open_cases: HashMap<i64, Vec<i64>> = HashMap::new();
    for index in 0..options.cases {
        if towns.is_empty() {
            break;
        }
        let Town {
            id: municipality_id,
            name: town,
            neighbourhoods,
            contacts,
            ..
        } = &towns[rng.gen_range(0..towns.len())];
        let neighbourhood = (rng.gen_range(0..10) < 8).then(|| pick(&mut rng, neighbourhoods).clone());
        let place = neighbourhood
            .as_ref()
            .map_or(town.clone(), |(_, n)| format!("{n}, {town}"));
        let status = match rng.gen_range(0..100) {
            0..15 => CaseStatus::New,
            15..70 => CaseStatus::Active,
            70..80 => CaseStatus::OnHold,
            _ => CaseStatus::Closed,
        };
        let opened_on = days_before(today, rng.gen_range(20..720));
        let closed_on =
            (status == CaseStatus::Closed).then(|| days_after(opened_on, rng.gen_range(30..400)).min(today));
        let advisor = if index % 3 == 0 {
            ADVISORS[0]
        } else {
            *pick(&mut rng, &ADVISORS)
        };
        let title = match &neighbourhood {
            Some((_, n)) if rng.gen_bool(0.5) => format!("{} – {n}", pick(&mut rng, &CASE_TITLES)),
            _ => (*pick(&mut rng, &CASE_TITLES)).to_owned(),
        };
        let open = status != CaseStatus::Closed;
        let next_step_due = open.then(|| {
            let offset: i64 = rng.gen_range(-10..30);
            if offset < 0 {
                days_before(today, offset.unsigned_abs())
            } else {
                days_after(today, offset.unsigned_abs())
            }
        });
        let input = CaseInput {
            title,
            summary: format!(
                "Die Kommune {town} möchte in {place} die soziale Infrastruktur stärken. Beratung zu Förderzugängen, \
                 Beteiligung der Bewohnerschaft und zur Zusammenarbeit mit den Trägern vor Ort."
            ),
            priority: *pick(
                &mut rng,
                &[Priority::Low, Priority::Normal, Priority::Normal, Priority::High],
            ),
            municipality_id: Some(*municipality_id),
            neighbourhood_id: neighbourhood.as_ref().map(|(id, _)| *id),
            advisor: advisor.to_owned(),
            opened_on: Some(opened_on),
            closed_on,
            next_step: open.then(|| (*pick(&mut rng, &NEXT_STEPS)).to_owned()),
            next_step_due,
            topics: Vec::new(),
        };
        let (case_id, _) = store::cases::insert(&mut tx, &input, status, opened_on).await?;
        if open {
            open_cases.entry(*municipality_id).or_default().push(case_id);
        }
        let mut topics: Vec<&str> = TOPICS.to_vec();
        topics.shuffle(&mut rng);
        for topic in topics.into_iter().take(rng.gen_range(1..=3)) {
            topic_links.push((case_id, topic.to_owned()));
        }
        let mut people = Vec::new();
        let mut candidates = contacts.clone();
        candidates.shuffle(&mut rng);
        for (position, contact_id) in candidates.into_iter().take(rng.gen_range(1..=3)).enumerate() {
            let ended = position > 0 && rng.gen_bool(0.2);
            roles.push(store::contacts::participants::NewParticipant {
                case_id,
                contact_id,
                role: (*pick(&mut rng, &ROLES)).to_owned(),
                from_on: opened_on,
                until_on: if ended {
                    Some(days_after(opened_on, 20))
                } else {
                    closed_on
                },
            });
            people.push(contact_id);
        }
        let last_day = closed_on.unwrap_or(today);
        let span = (last_day - opened_on).num_days().max(1) as u64;
        let entries = rng.gen_range(5..=15);
        for _ in 0..entries {
            let (kind, text) = *pick(&mut rng, &JOURNAL_TEXTS);
            let who = format!("{} {}", pick(&mut rng, &FIRST_NAMES), pick(&mut rng, &LAST_NAMES));
            journal.push(store::journal::NewJournalEntry {
                case_id,
                occurred_on: days_after(opened_on, rng.gen_range(0..=span)),
                kind,
                author: advisor.to_owned(),
                text: text.replace("{who}", &who).replace("{place}", &place),
                // Notes are the advisor's own: internal, left out of the dossier for the Kommune.
                internal: kind == JournalKind::Note,
            });
        }
        if status != CaseStatus::New {
            journal.push(store::journal::NewJournalEntry {
                case_id,
                occurred_on: opened_on,
                kind: JournalKind::StatusChange,
                author: advisor.to_owned(),
                text: CaseStatus::New.transition_text(CaseStatus::Active),
                internal: false,
            });
        }
        for _ in 0..rng.gen_range(0..=3) {
            let due = days_after(days_before(today, 6), rng.gen_range(0..40));
            let done = (!open || rng.gen_bool(0.3)).then(|| due.min(today));
            tasks.push((
                case_id,
                TaskInput {
                    title: (*pick(&mut rng, &TASK_TITLES)).to_owned(),
                    due_on: Some(due),
                    assignee: advisor.to_owned(),
                },
                done,
            ));
        }
    }
    store::cases::topics::link_many(&mut tx, &topic_links).await?;
    store::contacts::participants::insert_many(&mut tx, &roles).await?;
    store::journal::insert_many(&mut tx, &journal).await?;
    store::tasks::insert_many(&mut tx, &tasks).await?;
    let places: Vec<calendar::Place> = towns
        .iter()
        .map(|t| calendar::Place {
            id: t.id,
            name: t.name.clone(),
            state: t.state,
            cases: open_cases.remove(&t.id).unwrap_or_default(),
            contacts: t.contacts.clone(),
        })
        .collect();
    let created = calendar::generate(&mut tx, &mut rng, &places, today).await?;
    // Its own generator: the events add to the demo without changing what a seed made before.
    let mut event_rng = ChaCha8Rng::seed_from_u64(options.seed.wrapping_add(EVENT_SEED));
    let events = events::generate(&mut tx, &mut event_rng, &created.gatherings, &places, today).await?;
    let mut network_rng = ChaCha8Rng::seed_from_u64(options.seed.wrapping_add(NETWORK_SEED));
    let network = network::generate(&mut tx, &mut network_rng, today).await?;
    store::cases::search::pause_triggers(&mut tx, false).await?;
    store::cases::search::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(DemoSummary {
        municipalities: towns.len(),
        neighbourhoods: neighbourhood_count,
        contacts: contact_count + network.organisations + network.people,
        cases: options.cases,
        journal_entries: journal.len(),
        series: created.series,
        bookings: created.bookings,
        appointments: created.appointments,
        events,
    })
}
