//! `Planner` operations that take calendars out of the app as iCalendar files: as text, or into
//! a file written atomically.

use std::path::Path;

use chrono::{Days, NaiveDate, Utc};

use crate::calendar::ics::export::{default_horizon, write_calendar, write_calendar_to, ExportData, ExportSeries};
use crate::domain::*;
use crate::error::Entity;
use crate::service::series::Loaded;
use crate::service::Planner;
use crate::store;
use crate::store::appointments::AppointmentQuery;
use crate::store::bookings::BookingQuery;
use crate::{Error, Result};

impl Planner {
    /// The iCalendar document of everything in `scope`.
    pub async fn export_ics(&self, scope: &ExportScope) -> Result<String> {
        scope.validate()?;
        let data = self.export_data(scope).await?;
        let calendar = write_calendar(&data, Utc::now())?;
        self.record_export(scope, None).await?;
        Ok(calendar)
    }

    /// Writes the iCalendar document of `scope` to `path`, atomically: the text goes into a new
    /// file next to `path`, which is then renamed over it, so no reader ever sees half a file
    /// and a failure leaves an existing file as it was.
    pub async fn export_ics_to(&self, scope: &ExportScope, path: &Path) -> Result<ExportResult> {
        scope.validate()?;
        let data = self.export_data(scope).await?;
        let target = path.to_path_buf();
        let written = tokio::task::spawn_blocking(move || {
            crate::private_files::write_atomically(&target, |file| {
                let events = write_calendar_to(&data, Utc::now(), file)?;
                Ok((events, file.metadata()?.len()))
            })
        })
        .await;
        let (events, bytes) = match written {
            Ok(Ok(written)) => written,
            // Not the file's fault: the calendar could not be made.
            Ok(Err(e)) if e.get_ref().is_some_and(|inner| inner.is::<Error>()) => {
                return Err(match e.into_inner().map(|inner| inner.downcast::<Error>()) {
                    Some(Ok(inner)) => *inner,
                    _ => Error::Database("the calendar could not be written".into()),
                })
            }
            Ok(Err(e)) => return Err(write_error(path, &e)),
            Err(e) => {
                return Err(Error::io(
                    format!("cannot write {}", path.display()),
                    std::io::Error::other(e),
                ))
            }
        };
        self.record_export(scope, Some(events)).await?;
        Ok(ExportResult {
            path: path.display().to_string(),
            events,
            bytes,
        })
    }

    /// Records an export in the audit trail: the case or Kommune it was limited to, the number of
    /// events and the period — nothing of what the events say.
    async fn record_export(&self, scope: &ExportScope, events: Option<u32>) -> Result<()> {
        let subject = match (scope.case_id, scope.municipality_id) {
            (Some(case), _) => Some((AuditSubjectKind::Case, case)),
            (None, Some(municipality)) => Some((AuditSubjectKind::Municipality, municipality)),
            (None, None) => None,
        };
        let mut detail = Vec::new();
        if let Some(events) = events {
            detail.push(format!("{events} events"));
        }
        if scope.from.is_some() || scope.to.is_some() {
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            detail.push(format!("{}–{}", day(scope.from), day(scope.to)));
        }
        self.record(AuditEntry {
            action: AuditAction::CalendarExported,
            subject,
            detail: detail.join(", "),
        })
        .await?;
        Ok(())
    }

    /// What an export of `scope` holds.
    pub async fn export_data(&self, scope: &ExportScope) -> Result<ExportData> {
        let pool = self.store.pool();
        let from = scope.from.map(day_start);
        let to = scope.to.map(|d| day_start(d + Days::new(1)));
        let series: Vec<ExportSeries> = if scope.case_id.is_some() {
            Vec::new()
        } else {
            self.load_all_series(scope.municipality_id, None)
                .await?
                .into_iter()
                .filter(|l: &Loaded| {
                    let input = &l.series.input;
                    scope.to.is_none_or(|to| input.starts_on <= to)
                        && scope
                            .from
                            .is_none_or(|from| input.until_on.is_none_or(|until| until >= from))
                })
                .map(|l| ExportSeries {
                    series: l.series,
                    valid: l.valid,
                })
                .collect()
        };
        let bookings = store::bookings::find(
            pool,
            &BookingQuery {
                from,
                to,
                municipality_id: scope.municipality_id,
                case_id: scope.case_id,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<Vec<_>>>()?;
        let mut appointments = store::appointments::find(
            pool,
            &AppointmentQuery {
                from,
                to,
                municipality_id: scope.municipality_id,
                case_id: scope.case_id,
                by_id: true,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        appointments.sort_by_key(|a| a.id);
        let mut bookings = bookings;
        bookings.sort_by_key(|b| b.id);
        let name = match (scope.case_id, scope.municipality_id) {
            (Some(case_id), _) => match store::cases::get(pool, case_id).await? {
                Some(case) => format!("Beratungsplaner – {}", case.reference),
                None => return Err(Error::not_found(Entity::Case, case_id)),
            },
            (None, Some(m)) => match store::municipalities::get(pool, m).await? {
                Some(m) => format!("Beratungsplaner – {}", m.name),
                None => return Err(Error::not_found(Entity::Municipality, m)),
            },
            (None, None) => "Beratungsplaner".to_owned(),
        };
        let horizon = default_horizon(Utc::now()).max(scope.to.map_or(Utc::now(), day_start));
        Ok(ExportData {
            name,
            series,
            bookings,
            appointments,
            horizon,
        })
    }
}

/// Why a file the advisor chose cannot be written, in words that say what to do about it.
fn write_error(path: &Path, error: &std::io::Error) -> Error {
    use std::io::ErrorKind as Kind;
    let reason = match error.kind() {
        Kind::NotFound => Some(("den Ordner gibt es nicht", "the folder does not exist")),
        Kind::NotADirectory => Some(("ein Teil des Pfads ist kein Ordner", "part of the path is not a folder")),
        Kind::PermissionDenied | Kind::ReadOnlyFilesystem => {
            Some(("dort darf nicht geschrieben werden", "writing there is not allowed"))
        }
        Kind::IsADirectory | Kind::DirectoryNotEmpty => Some((
            "dort liegt ein Ordner dieses Namens",
            "a folder of that name is in the way",
        )),
        Kind::StorageFull => Some(("der Speicherplatz reicht nicht", "there is not enough space")),
        _ => None,
    };
    let shown = path.display();
    match reason {
        Some((de, en)) => Error::unavailable(
            format!("„{shown}“ kann nicht gespeichert werden: {de}."),
            format!("cannot write {shown}: {en}"),
        ),
        None => Error::unavailable(
            format!("„{shown}“ kann nicht gespeichert werden ({error})."),
            format!("cannot write {shown}: {error}"),
        ),
    }
}
