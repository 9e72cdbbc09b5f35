//! `Planner` operations on cases: the list, the case page, opening, editing and status changes.

use crate::domain::*;
use crate::error::Entity;
use crate::store::{self, Tx};
use crate::{Error, Result};

use super::{Planner, DEFAULT_LIST_LIMIT};

impl Planner {
    /// Every topic name.
    pub async fn topics(&self) -> Result<Vec<String>> {
        store::cases::topics::list(self.store.pool()).await
    }

    /// Every advisor named on a case.
    pub async fn advisors(&self) -> Result<Vec<String>> {
        store::cases::advisors(self.store.pool()).await
    }

    /// The case list; with `filter.search` ranked by relevance with highlights.
    pub async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseHit>> {
        let limit = filter.limit.unwrap_or(DEFAULT_LIST_LIMIT).clamp(1, 100_000);
        match filter.search.as_deref().and_then(store::cases::search::fts_query) {
            Some(query) => store::cases::search::search(self.store.pool(), &query, filter, limit).await,
            None => store::cases::list(self.store.pool(), filter, false, limit).await,
        }
    }

    /// Everything the case page shows.
    pub async fn case_detail(&self, id: i64) -> Result<CaseDetail> {
        let pool = self.store.pool();
        let case = store::cases::get(pool, id)
            .await?
            .ok_or(Error::not_found(Entity::Case, id))?;
        let municipality = self.municipality(case.municipality_id).await?.name;
        let neighbourhood = match case.neighbourhood_id {
            Some(n) => Some(self.neighbourhood(n).await?.name),
            None => None,
        };
        let (bookings, appointments) = self.case_calendar(id).await?;
        Ok(CaseDetail {
            bookings,
            appointments,
            topics: store::cases::topics::of_case(pool, id).await?,
            participants: store::contacts::participants::of_case(pool, id).await?,
            journal: store::journal::of_case(pool, id).await?,
            tasks: store::tasks::of_case(pool, id).await?,
            allowed_transitions: case.status.next(),
            team_change: self.case_team_change(id).await?,
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
        store::cases::topics::set_for_case(&mut tx, id, &valid.topics).await?;
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
                    return Err(Error::field(
                        "opened_on",
                        "Das Eröffnungsdatum darf nicht nach dem Abschlussdatum liegen.",
                        "The opening date must not be after the closing date.",
                    ));
                }
            }
        }
        if !store::cases::update(&mut tx, id, &valid).await? {
            return Err(Error::not_found(Entity::Case, id));
        }
        store::cases::topics::set_for_case(&mut tx, id, &valid.topics).await?;
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
            return Err(Error::field(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            ));
        }
        if let Some(n) = valid.neighbourhood_id {
            let fits = store::municipalities::neighbourhoods::get(self.store.pool(), n)
                .await?
                .is_some_and(|n| n.municipality_id == municipality_id);
            if !fits {
                return Err(Error::field(
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
        let case = store::cases::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Case, id))?;
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

    /// A write transaction on an existing case.
    pub(super) async fn case_write(&self, case_id: i64) -> Result<Tx> {
        let mut tx = self.store.begin().await?;
        if store::cases::get(&mut *tx, case_id).await?.is_none() {
            return Err(Error::not_found(Entity::Case, case_id));
        }
        Ok(tx)
    }
}
