//! `Planner`: the one API that the Tauri commands, the command line and the tests call.
//!
//! It owns the store, validates input with the domain rules and decides what is atomic: every
//! operation that writes more than one row runs in one write transaction.

use std::path::Path;

use chrono::{Datelike, Local, NaiveDate};

use crate::domain::*;
use crate::store::{self, Store, Tx};
use crate::{Error, Result};

mod caldav;
mod calendar_io;
mod consultation;
mod import;
mod report;
pub(crate) use consultation::new_uid;
pub use consultation::PREVIEW_OCCURRENCES;
pub use report::PrintFormat;

/// Rows the case list shows at most unless asked for more.
pub const DEFAULT_LIST_LIMIT: i64 = 500;

/// The application service.
#[derive(Debug, Clone)]
pub struct Planner {
    store: Store,
}

impl Planner {
    /// Opens (creating and migrating as needed) the database file.
    pub async fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            store: Store::open(path).await?,
        })
    }

    /// A planner on a private in-memory database.
    pub async fn in_memory() -> Result<Self> {
        Ok(Self {
            store: Store::in_memory().await?,
        })
    }

    /// The store, for benchmarks and tests that look underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Today in the local time zone.
    pub fn today() -> NaiveDate {
        Local::now().date_naive()
    }

    // ---- settings ------------------------------------------------------------------------

    /// The settings; the advisor defaults to the first advisor on any case.
    pub async fn settings(&self) -> Result<Settings> {
        let pool = self.store.pool();
        let language = match store::settings::get(pool, "language").await?.as_deref() {
            Some("en") => Language::En,
            _ => Language::De,
        };
        let advisor = match store::settings::get(pool, "advisor").await? {
            Some(advisor) => advisor,
            None => store::cases::advisors(pool)
                .await?
                .into_iter()
                .next()
                .unwrap_or_default(),
        };
        Ok(Settings { language, advisor })
    }

    /// Saves the settings.
    pub async fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let mut errors = FieldErrors::default();
        errors.limit_text("advisor", Some(&settings.advisor), 120);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let language = match settings.language {
            Language::De => "de",
            Language::En => "en",
        };
        store::settings::set(&mut tx, "language", language).await?;
        store::settings::set(&mut tx, "advisor", settings.advisor.trim()).await?;
        tx.commit().await?;
        self.settings().await
    }

    // ---- municipalities and neighbourhoods -----------------------------------------------

    /// Municipalities with their neighbourhoods and open-case counts, for the sidebar.
    pub async fn municipality_tree(&self) -> Result<Vec<MunicipalityNode>> {
        let pool = self.store.pool();
        let municipalities = store::municipalities::list(pool).await?;
        let neighbourhoods = store::neighbourhoods::list(pool).await?;
        let counts = store::municipalities::open_case_counts(pool).await?;
        let count_of = |m: i64, n: Option<i64>| -> i64 {
            counts
                .iter()
                .filter(|(cm, cn, _)| *cm == m && (n.is_none() || *cn == n))
                .map(|(_, _, c)| c)
                .sum()
        };
        Ok(municipalities
            .into_iter()
            .map(|municipality| MunicipalityNode {
                open_cases: count_of(municipality.id, None),
                neighbourhoods: neighbourhoods
                    .iter()
                    .filter(|n| n.municipality_id == municipality.id)
                    .map(|n| NeighbourhoodNode {
                        open_cases: count_of(municipality.id, Some(n.id)),
                        neighbourhood: n.clone(),
                    })
                    .collect(),
                municipality,
            })
            .collect())
    }

    /// Creates a municipality.
    pub async fn create_municipality(&self, input: MunicipalityInput) -> Result<Municipality> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let id = store::municipalities::insert(&mut tx, &valid)
            .await
            .map_err(municipality_conflict)?;
        tx.commit().await?;
        self.municipality(id).await
    }

    /// Changes a municipality.
    pub async fn update_municipality(&self, id: i64, input: MunicipalityInput) -> Result<Municipality> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let found = store::municipalities::update(&mut tx, id, &valid)
            .await
            .map_err(municipality_conflict)?;
        if !found {
            return Err(not_found("municipality", id));
        }
        tx.commit().await?;
        self.municipality(id).await
    }

    async fn municipality(&self, id: i64) -> Result<Municipality> {
        store::municipalities::get(self.store.pool(), id)
            .await?
            .ok_or(not_found("municipality", id))
    }

    /// Creates a neighbourhood.
    pub async fn create_neighbourhood(&self, input: NeighbourhoodInput) -> Result<Neighbourhood> {
        let valid = input.validate()?;
        self.municipality(valid.municipality_id).await.map_err(|_| {
            field_error(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            )
        })?;
        let mut tx = self.store.begin().await?;
        let id = store::neighbourhoods::insert(&mut tx, &valid)
            .await
            .map_err(neighbourhood_conflict)?;
        tx.commit().await?;
        self.neighbourhood(id).await
    }

    /// Changes a neighbourhood.
    pub async fn update_neighbourhood(&self, id: i64, input: NeighbourhoodInput) -> Result<Neighbourhood> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let found = store::neighbourhoods::update(&mut tx, id, &valid)
            .await
            .map_err(neighbourhood_conflict)?;
        if !found {
            return Err(not_found("neighbourhood", id));
        }
        tx.commit().await?;
        self.neighbourhood(id).await
    }

    async fn neighbourhood(&self, id: i64) -> Result<Neighbourhood> {
        store::neighbourhoods::get(self.store.pool(), id)
            .await?
            .ok_or(not_found("neighbourhood", id))
    }

    // ---- cases ---------------------------------------------------------------------------

    /// Every topic name.
    pub async fn topics(&self) -> Result<Vec<String>> {
        store::topics::list(self.store.pool()).await
    }

    /// Every advisor named on a case.
    pub async fn advisors(&self) -> Result<Vec<String>> {
        store::cases::advisors(self.store.pool()).await
    }

    /// The case list; with `filter.search` ranked by relevance with highlights.
    pub async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHit>> {
        let limit = filter.limit.unwrap_or(DEFAULT_LIST_LIMIT).clamp(1, 100_000);
        match filter.search.as_deref().and_then(store::search::fts_query) {
            Some(query) => store::search::search(self.store.pool(), &query, filter, limit).await,
            None => store::cases::list(self.store.pool(), filter, false, limit).await,
        }
    }

    /// Everything the case page shows.
    pub async fn case_detail(&self, id: i64) -> Result<CaseDetail> {
        let pool = self.store.pool();
        let case = store::cases::get(pool, id).await?.ok_or(not_found("case", id))?;
        let municipality = self.municipality(case.municipality_id).await?.name;
        let neighbourhood = match case.neighbourhood_id {
            Some(n) => Some(self.neighbourhood(n).await?.name),
            None => None,
        };
        let (bookings, appointments) = self.case_calendar(id).await?;
        Ok(CaseDetail {
            bookings,
            appointments,
            topics: store::topics::of_case(pool, id).await?,
            participants: store::participants::of_case(pool, id).await?,
            journal: store::journal::of_case(pool, id).await?,
            tasks: store::tasks::of_case(pool, id).await?,
            allowed_transitions: case.status.next().to_vec(),
            municipality,
            neighbourhood,
            case,
        })
    }

    /// Opens a new case (status `new`) with the next reference of its opening year.
    pub async fn create_case(&self, input: CaseInput) -> Result<CaseDetail> {
        let valid = self.validate_case(&input).await?;
        let opened_on = valid.opened_on.unwrap_or_else(Self::today);
        let valid = CaseInput {
            closed_on: None,
            ..valid
        };
        let mut tx = self.store.begin().await?;
        let (id, _) = store::cases::insert(&mut tx, &valid, CaseStatus::New, opened_on).await?;
        store::topics::set_for_case(&mut tx, id, &valid.topics).await?;
        tx.commit().await?;
        self.case_detail(id).await
    }

    /// Changes a case's fields (not its status).
    pub async fn update_case(&self, id: i64, input: CaseInput) -> Result<CaseDetail> {
        let valid = self.validate_case(&input).await?;
        let mut tx = self.store.begin().await?;
        if let Some(existing) = store::cases::get(&mut *tx, id).await? {
            if let (Some(closed), Some(opened)) = (existing.closed_on.or(valid.closed_on), valid.opened_on) {
                if existing.status == CaseStatus::Closed && closed < opened {
                    return Err(field_error(
                        "opened_on",
                        "Das Eröffnungsdatum darf nicht nach dem Abschlussdatum liegen.",
                        "The opening date must not be after the closing date.",
                    ));
                }
            }
        }
        if !store::cases::update(&mut tx, id, &valid).await? {
            return Err(not_found("case", id));
        }
        store::topics::set_for_case(&mut tx, id, &valid.topics).await?;
        tx.commit().await?;
        self.case_detail(id).await
    }

    async fn validate_case(&self, input: &CaseInput) -> Result<CaseInput> {
        let valid = input.validate(Self::today())?;
        let municipality_id = valid.municipality_id.unwrap_or_default();
        if store::municipalities::get(self.store.pool(), municipality_id)
            .await?
            .is_none()
        {
            return Err(field_error(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            ));
        }
        if let Some(n) = valid.neighbourhood_id {
            let fits = store::neighbourhoods::get(self.store.pool(), n)
                .await?
                .is_some_and(|n| n.municipality_id == municipality_id);
            if !fits {
                return Err(field_error(
                    "neighbourhood_id",
                    "Das Quartier liegt nicht in der gewählten Kommune.",
                    "The neighbourhood is not in the chosen municipality.",
                ));
            }
        }
        Ok(valid)
    }

    /// Moves a case to another status and records the change in its journal, atomically.
    pub async fn change_case_status(&self, id: i64, to: CaseStatus) -> Result<CaseDetail> {
        let author = self.settings().await?.advisor;
        let today = Self::today();
        let mut tx = self.store.begin().await?;
        let case = store::cases::get(&mut *tx, id).await?.ok_or(not_found("case", id))?;
        if !case.status.can_become(to) {
            return Err(Error::conflict(
                format!(
                    "Ein Fall im Status „{}“ kann nicht auf „{}“ gesetzt werden.",
                    case.status.label_de(),
                    to.label_de()
                ),
                format!("A case in status {:?} cannot become {:?}.", case.status, to),
            ));
        }
        let closed_on = (to == CaseStatus::Closed).then(|| today.max(case.opened_on));
        store::cases::set_status(&mut tx, id, to, closed_on).await?;
        let author = if author.is_empty() {
            case.advisor.clone()
        } else {
            author
        };
        store::journal::insert(
            &mut tx,
            id,
            today,
            JournalKind::StatusChange,
            &author,
            &case.status.transition_text(to),
        )
        .await?;
        tx.commit().await?;
        self.case_detail(id).await
    }

    // ---- journal and tasks ---------------------------------------------------------------

    /// Adds a journal entry.
    pub async fn add_journal_entry(&self, case_id: i64, input: JournalInput) -> Result<CaseDetail> {
        let valid = input.validate(Self::today())?;
        let mut tx = self.case_write(case_id).await?;
        let occurred_on = valid.occurred_on.unwrap_or_else(Self::today);
        let id = store::journal::insert(&mut tx, case_id, occurred_on, valid.kind, &valid.author, &valid.text).await?;
        if valid.internal {
            store::journal::set_internal(&mut tx, id, true).await?;
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Changes a journal entry (not one the app wrote for a status change).
    pub async fn update_journal_entry(&self, id: i64, input: JournalInput) -> Result<CaseDetail> {
        let valid = input.validate(Self::today())?;
        let case_id = store::journal::case_of(self.store.pool(), id)
            .await?
            .ok_or(not_found("journal entry", id))?;
        let mut tx = self.store.begin().await?;
        let occurred_on = valid.occurred_on.unwrap_or_else(Self::today);
        if !store::journal::update(
            &mut tx,
            id,
            occurred_on,
            valid.kind,
            &valid.author,
            &valid.text,
            valid.internal,
        )
        .await?
        {
            return Err(Error::conflict(
                "Einträge zu Statuswechseln können nicht geändert werden.",
                "Status change entries cannot be edited.",
            ));
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Adds a task.
    pub async fn add_task(&self, case_id: i64, input: TaskInput) -> Result<CaseDetail> {
        let valid = input.validate()?;
        let mut tx = self.case_write(case_id).await?;
        store::tasks::insert(&mut tx, case_id, &valid).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Changes a task.
    pub async fn update_task(&self, id: i64, input: TaskInput) -> Result<CaseDetail> {
        let valid = input.validate()?;
        let case_id = self.case_of_task(id).await?;
        let mut tx = self.store.begin().await?;
        store::tasks::update(&mut tx, id, &valid).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Ticks a task done (today) or reopens it.
    pub async fn set_task_done(&self, id: i64, done: bool) -> Result<CaseDetail> {
        let case_id = self.case_of_task(id).await?;
        let mut tx = self.store.begin().await?;
        store::tasks::set_done(&mut tx, id, done.then(Self::today)).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    async fn case_of_task(&self, id: i64) -> Result<i64> {
        store::tasks::case_of(self.store.pool(), id)
            .await?
            .ok_or(not_found("task", id))
    }

    /// A write transaction on an existing case.
    async fn case_write(&self, case_id: i64) -> Result<Tx> {
        let mut tx = self.store.begin().await?;
        if store::cases::get(&mut *tx, case_id).await?.is_none() {
            return Err(not_found("case", case_id));
        }
        Ok(tx)
    }

    // ---- contacts and participants -------------------------------------------------------

    /// Contacts whose name or organisation contains the text.
    pub async fn search_contacts(&self, text: &str) -> Result<Vec<Contact>> {
        store::contacts::search(self.store.pool(), text, 50).await
    }

    /// Creates a contact.
    pub async fn create_contact(&self, input: ContactInput) -> Result<Contact> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let id = store::contacts::insert(&mut tx, &valid).await?;
        tx.commit().await?;
        self.contact(id).await
    }

    /// Changes a contact.
    pub async fn update_contact(&self, id: i64, input: ContactInput) -> Result<Contact> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        if !store::contacts::update(&mut tx, id, &valid).await? {
            return Err(not_found("contact", id));
        }
        tx.commit().await?;
        self.contact(id).await
    }

    async fn contact(&self, id: i64) -> Result<Contact> {
        store::contacts::get(self.store.pool(), id)
            .await?
            .ok_or(not_found("contact", id))
    }

    /// Gives a contact (existing or created in the same transaction) a role on a case.
    pub async fn add_participant(&self, case_id: i64, input: ParticipantInput) -> Result<CaseDetail> {
        input.validate()?;
        let mut tx = self.case_write(case_id).await?;
        let contact_id = match (&input.new_contact, input.contact_id) {
            (Some(new_contact), _) => store::contacts::insert(&mut tx, &new_contact.validate()?).await?,
            (None, Some(id)) => {
                if store::contacts::get(&mut *tx, id).await?.is_none() {
                    return Err(field_error(
                        "contact_id",
                        "Diese Ansprechperson gibt es nicht mehr.",
                        "This contact no longer exists.",
                    ));
                }
                id
            }
            (None, None) => return Err(not_found("contact", 0)),
        };
        let from_on = input.from_on.unwrap_or_else(Self::today);
        store::participants::insert(&mut tx, case_id, contact_id, input.role.trim(), from_on).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Ends a role (today if no date is given); the role stays on the case with its period.
    pub async fn end_participant(&self, id: i64, until_on: Option<NaiveDate>) -> Result<CaseDetail> {
        let case_id = store::participants::case_of(self.store.pool(), id)
            .await?
            .ok_or(not_found("participant", id))?;
        let mut tx = self.store.begin().await?;
        if !store::participants::end(&mut tx, id, until_on.unwrap_or_else(Self::today)).await? {
            return Err(Error::conflict(
                "Diese Rolle ist bereits beendet.",
                "This role has already ended.",
            ));
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    // ---- start page ----------------------------------------------------------------------

    /// The start page for the current advisor.
    pub async fn dashboard(&self) -> Result<Dashboard> {
        let advisor = self.settings().await?.advisor;
        let today = Self::today();
        let week_end = today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let pool = self.store.pool();
        let mut due = store::tasks::due_for(pool, &advisor, week_end).await?;
        due.extend(store::cases::next_steps_due_for(pool, &advisor, week_end).await?);
        for item in &mut due {
            item.overdue = item.due_on < today;
        }
        due.sort_by(|a, b| {
            (!a.overdue, a.due_on, a.reference.as_str()).cmp(&(!b.overdue, b.due_on, b.reference.as_str()))
        });
        let recent_cases = store::cases::list(pool, &CaseFilter::default(), true, 8)
            .await?
            .into_iter()
            .map(|hit| hit.case)
            .collect();
        Ok(Dashboard {
            open_cases: store::cases::open_count_of(pool, &advisor).await?,
            advisor,
            today,
            week_end,
            due,
            recent_cases,
        })
    }

    // ---- calendar ------------------------------------------------------------------------

    /// The public holidays of a federal state in a year (1990–2100), by date.
    pub fn public_holidays(state: FederalState, year: i32) -> Result<Vec<crate::calendar::holidays::Holiday>> {
        crate::calendar::holidays::holidays(state, year).ok_or_else(|| {
            let mut errors = FieldErrors::default();
            errors.add(
                "year",
                "Feiertage gibt es für die Jahre 1990 bis 2100.",
                "Holidays are available for the years 1990 to 2100.",
            );
            Error::Validation(errors)
        })
    }

    // ---- maintenance ---------------------------------------------------------------------

    /// Whether the database holds no municipality yet (a new database).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(store::municipalities::list(self.store.pool()).await?.is_empty())
    }

    /// Writes a consistent copy of the database while it is in use.
    pub async fn backup(&self, out: &Path) -> Result<()> {
        self.store.backup(out).await
    }

    /// Fills the database with fictional demo data in one transaction.
    pub async fn generate_demo_data(&self, options: &crate::demo::DemoOptions) -> Result<crate::demo::DemoSummary> {
        crate::demo::generate(&self.store, options, Self::today()).await
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }
}

fn not_found(what: &'static str, id: i64) -> Error {
    Error::NotFound { what, id }
}

fn field_error(field: &str, de: &str, en: &str) -> Error {
    let mut errors = FieldErrors::default();
    errors.add(field, de, en);
    Error::Validation(errors)
}

fn is_unique_violation(error: &Error) -> bool {
    matches!(error, Error::Storage(sqlx::Error::Database(db)) if db.is_unique_violation())
}

fn municipality_conflict(error: Error) -> Error {
    if !is_unique_violation(&error) {
        return error;
    }
    if error.to_string().contains("ags") {
        field_error(
            "ags",
            "Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet.",
            "This key already belongs to another municipality.",
        )
    } else {
        field_error(
            "name",
            "Eine Kommune mit diesem Namen gibt es in diesem Bundesland schon.",
            "A municipality of this name already exists in this state.",
        )
    }
}

fn neighbourhood_conflict(error: Error) -> Error {
    if is_unique_violation(&error) {
        field_error(
            "name",
            "Ein Quartier mit diesem Namen gibt es in dieser Kommune schon.",
            "A neighbourhood of this name already exists in this municipality.",
        )
    } else {
        error
    }
}
