//! `Planner` operations of the activity report: the figures of a period and scope, the records
//! behind one of them, and the report saved as PDF, XLSX or CSV (recorded in the audit trail).

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};

use crate::domain::*;
use crate::error::Entity;
use crate::report::activity_report as document;
use crate::store::{self, activity_report::ScopeFilter};
use crate::{Error, Result};

use super::series::Loaded;
use super::Planner;

/// What `report_facts` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Everything the figures count.
    Figures,
    /// The cases and events a list behind a figure shows.
    Records,
}

impl Planner {
    /// The figures of `query`, counted as of now.
    pub async fn activity_report(&self, query: ReportQuery) -> Result<ActivityReport> {
        self.activity_report_at(query, Utc::now()).await
    }

    /// The figures of `query` as of `now`: what ended before it was held.
    pub async fn activity_report_at(&self, query: ReportQuery, now: DateTime<Utc>) -> Result<ActivityReport> {
        query.period.validate()?;
        let (facts, label) = self.report_facts(&query, Reading::Figures).await?;
        Ok(tally(&query, label, &facts, now))
    }

    /// Every figure's name and definition, in the order the report shows them.
    pub fn figure_definitions(&self) -> Vec<FigureDefinition> {
        figure_definitions()
    }

    /// The cases or events behind one bar or state of the report.
    pub async fn activity_report_records(&self, drill: ReportDrill) -> Result<Vec<ReportRecord>> {
        drill.query.period.validate()?;
        if let Some(within) = drill.within {
            within.validate()?;
        }
        let (facts, _) = self.report_facts(&drill.query, Reading::Records).await?;
        let ids = crate::domain::drill(&facts, &drill);
        let pool = self.store.pool();
        Ok(match drill.measure {
            ReportMeasure::Events => store::activity_report::event_records(pool, &ids)
                .await?
                .into_iter()
                .map(|row| ReportRecord {
                    kind: ReportRecordKind::Event,
                    id: row.id,
                    reference: row.format.german().to_owned(),
                    title: row.title,
                    date: row.date,
                    municipality: row.municipality,
                })
                .collect(),
            measure => {
                let dates: std::collections::HashMap<i64, chrono::NaiveDate> = facts
                    .cases
                    .iter()
                    .map(|c| {
                        let date = match measure {
                            ReportMeasure::CasesClosed => c.closed_on.unwrap_or(c.opened_on),
                            _ => c.opened_on,
                        };
                        (c.id, date)
                    })
                    .collect();
                store::activity_report::case_records(pool, &ids)
                    .await?
                    .into_iter()
                    .map(|row| ReportRecord {
                        kind: ReportRecordKind::Case,
                        id: row.id,
                        date: dates.get(&row.id).copied().unwrap_or(row.date),
                        reference: row.reference,
                        title: row.title,
                        municipality: row.municipality,
                    })
                    .collect()
            }
        })
    }

    /// The report as a file's bytes.
    pub async fn activity_report_document(
        &self,
        query: ReportQuery,
        texts: &ReportTexts,
        format: ReportFormat,
    ) -> Result<Vec<u8>> {
        let report = self.activity_report(query).await?;
        let today = Self::today();
        match format {
            ReportFormat::Pdf => document::to_pdf(&report, texts, today),
            ReportFormat::Xlsx => document::to_xlsx(&report, today),
            ReportFormat::Csv => document::to_csv(&report),
        }
    }

    /// Saves the report at `path` as PDF, XLSX or CSV, by its extension, readable by its owner only.
    pub async fn save_activity_report(
        &self,
        query: ReportQuery,
        texts: ReportTexts,
        path: &std::path::Path,
    ) -> Result<SavedActivityReport> {
        let Some(format) = ReportFormat::from_path(path) else {
            return Err(Error::field(
                "path",
                &format!("„{}“: bitte als .pdf, .xlsx oder .csv speichern.", path.display()),
                &format!("{}: the file must end in .pdf, .xlsx or .csv", path.display()),
            ));
        };
        let period = query.period;
        let bytes = self.activity_report_document(query, &texts, format).await?;
        super::write_private(path, bytes).await?;
        self.record(AuditEntry {
            action: AuditAction::ActivityReportSaved,
            subject: None,
            detail: format!("{} {}", format.extension(), period.german()),
        })
        .await?;
        Ok(SavedActivityReport {
            path: path.display().to_string(),
            format,
        })
    }

    /// The name a report is proposed under, e.g. `taetigkeitsbericht-2026-01-01-2026-03-31.pdf`.
    pub fn activity_report_file_name(&self, period: ReportPeriod, format: ReportFormat) -> String {
        format!(
            "taetigkeitsbericht-{}-{}.{}",
            period.from.format("%Y-%m-%d"),
            period.to.format("%Y-%m-%d"),
            format.extension()
        )
    }

    /// What the report counts for `query`, in its scope, and the scope's German label. The list
    /// behind a bar (`Reading::Records`) needs the cases and events only.
    async fn report_facts(&self, query: &ReportQuery, reading: Reading) -> Result<(ReportFacts, String)> {
        let pool = self.store.pool();
        let period = query.period;
        let me = self.settings().await?.advisor;
        let municipalities = store::municipalities::list(pool).await?;
        let topic_names = store::cases::topics::list(pool).await?;
        let mut filter = ScopeFilter::default();
        let label = match &query.scope {
            ReportScope::Mine => {
                filter.advisor = Some(me.as_str());
                if me.trim().is_empty() {
                    "Eigene Arbeit (kein Name in den Einstellungen)".to_owned()
                } else {
                    format!("Eigene Arbeit: {me}")
                }
            }
            ReportScope::Team => "Alle Fälle (Team)".to_owned(),
            ReportScope::State { state } => {
                filter.state = Some(*state);
                format!("Land {}", state.name_de())
            }
            ReportScope::Municipality { id } => {
                let municipality = municipalities
                    .iter()
                    .find(|m| m.id == *id)
                    .ok_or(Error::not_found(Entity::Municipality, *id))?;
                filter.municipality_id = Some(*id);
                format!("Kommune {}", municipality.name)
            }
            ReportScope::Topic { name } => {
                if !topic_names.iter().any(|t| t == name) {
                    return Err(Error::field(
                        "scope",
                        &format!("Das Handlungsfeld „{name}“ gibt es nicht."),
                        &format!("There is no topic \"{name}\"."),
                    ));
                }
                filter.topic = Some(name.as_str());
                format!("Handlungsfeld {name}")
            }
        };
        let start = day_start(period.from);
        let end = day_start(period.to + Days::new(1));
        let states: HashMap<i64, FederalState> = municipalities.iter().map(|m| (m.id, m.state)).collect();
        // All reads at once: they queue for the one connection, and each parses its arrays on a
        // blocking thread while the next one runs. The consultation series are loaded first, so
        // that their expansion runs beside all of them.
        let figures = matches!(reading, Reading::Figures);
        let series = if figures && !matches!(query.scope, ReportScope::Topic { .. }) {
            Some(self.load_all_series(filter.municipality_id, filter.advisor).await?)
        } else {
            None
        };
        let journal = async {
            if figures {
                store::activity_report::journal(pool, &period).await
            } else {
                Ok(Vec::new())
            }
        };
        let bookings = async {
            if figures {
                store::activity_report::bookings(pool, start, end, &filter).await
            } else {
                Ok(Vec::new())
            }
        };
        let sessions = async {
            match series {
                Some(series) => report_sessions(series, filter.state, start, end).await.map(Some),
                None => Ok(None),
            }
        };
        let (sessions, cases, journal, bookings, events) = tokio::try_join!(
            sessions,
            store::activity_report::cases(pool, &period, &filter),
            journal,
            bookings,
            store::activity_report::events(pool, &period),
        )?;
        let events = events
            .into_iter()
            .map(|row| {
                let title = row.title.to_lowercase();
                let mut topics = row.case_topics;
                topics.extend(
                    topic_names
                        .iter()
                        .filter(|t| title.contains(&t.to_lowercase()))
                        .cloned(),
                );
                topics.sort();
                topics.dedup();
                EventFact {
                    id: row.id,
                    format: row.format,
                    starts_on: row.starts_on,
                    advisor: row.advisor,
                    attended: row.attended,
                    municipality_ids: row.municipality_ids,
                    topics,
                }
            })
            .filter(|event| match &query.scope {
                ReportScope::Mine => event.advisor == me,
                ReportScope::Team => true,
                ReportScope::State { state } => event.municipality_ids.iter().any(|m| states.get(m) == Some(state)),
                ReportScope::Municipality { id } => event.municipality_ids.contains(id),
                ReportScope::Topic { name } => event.topics.contains(name),
            })
            .collect();
        Ok((
            ReportFacts {
                cases,
                journal,
                bookings,
                events,
                sessions,
                states,
            },
            label,
        ))
    }
}

/// The occurrences of `series` (those in `state`, if one) that take place in `start`..`end`,
/// with their slots, expanded on a blocking thread.
async fn report_sessions(
    series: Vec<Loaded>,
    state: Option<FederalState>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<SessionFact>> {
    store::activity_report::apart(move || {
        let mut sessions = Vec::new();
        for loaded in series.iter().filter(|l| state.is_none_or(|s| s == l.series.state)) {
            let expander = loaded.expander();
            for occurrence in expander.occurrences(start, end)? {
                if !occurrence.takes_place() {
                    continue;
                }
                let slots = expander.slots(&occurrence)?;
                let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
                    continue;
                };
                let first_start = first.start.with_timezone(&Utc);
                if first_start < start || first_start >= end {
                    continue;
                }
                sessions.push(SessionFact {
                    start: first_start,
                    end: last.end.with_timezone(&Utc),
                    slots: u32::try_from(slots.len()).unwrap_or(u32::MAX),
                });
            }
        }
        Ok(sessions)
    })
    .await
}
