//! `Planner` operations that bring calendars into the app: the iCalendar import, and the
//! expansion of imported recurring appointments for the calendar.
//!
//! The file is parsed on a blocking thread and its events stream through a bounded channel into
//! one write transaction, so a 50 MB file needs little memory and a broken one writes nothing.
//! The parser hands over whole batches, not single events: a hand-over wakes the other thread,
//! and one wake per event cost more than deciding and writing the event.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::calendar::ics::import::{read_events, EventTime, ImportedEvent};
use crate::calendar::ics::rule;
use crate::domain::*;
use crate::service::Planner;
use crate::store::appointments::ImportedRow;
use crate::store::instant::Instant;
use crate::store::{self};
use crate::{Error, Result};

/// Batches in flight between the parser and the database, beside the one being filled and the
/// one being written.
const CHANNEL: usize = 1;
/// Events decided and written together…
const BATCH: usize = 1000;
/// …unless their texts reach this many bytes first (each event may hold up to 76 KiB of text:
/// a thousand of them would be 76 MiB held twice, as read and as stored).
const BATCH_BYTES: usize = 4 * 1024 * 1024;

/// The bytes of text an event holds, as read and as stored.
fn weight(row: &ImportedRow) -> usize {
    2 * (row.uid.len()
        + row.title.len()
        + row.location.as_ref().map_or(0, String::len)
        + row.notes.as_ref().map_or(0, String::len)
        + row.categories.as_ref().map_or(0, String::len)
        + row.rrule.as_ref().map_or(0, String::len)
        + row.exdates.len())
}

/// Counts the bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))
}

fn refuse(line: usize, de: &str, en: &str) -> Error {
    Error::conflict(format!("Zeile {line}: {de}"), format!("line {line}: {en}"))
}

/// The stored form of an imported event.
fn to_row(event: &ImportedEvent, advisor: &str) -> Result<ImportedRow> {
    let start_at = event.start.instant(HOME_ZONE);
    let end_at = event.end.instant(HOME_ZONE).max(start_at);
    let time_text = |t: chrono::NaiveTime| {
        let mut out = String::with_capacity(8);
        crate::domain::dates::push_time(&mut out, t, ":");
        out
    };
    let (all_day, zone, floating, starts_on, ends_on, start_time, end_time) = match event.start {
        EventTime::Date(first) => {
            let last = match event.end {
                EventTime::Date(after) => after.pred_opt().unwrap_or(first),
                other => other.instant(HOME_ZONE).with_timezone(&HOME_ZONE).date_naive(),
            };
            (true, HOME_ZONE, false, first, last.max(first), None, None)
        }
        EventTime::Floating(at) | EventTime::Zoned(at, _) => {
            let (zone, floating) = match event.start {
                EventTime::Zoned(_, zone) => (zone, false),
                _ => (HOME_ZONE, true),
            };
            let end_local = end_at.with_timezone(&zone).naive_local();
            (
                false,
                zone,
                floating,
                at.date(),
                end_local.date().max(at.date()),
                Some(time_text(at.time())),
                Some(time_text(end_local.time())),
            )
        }
    };
    let exdates: Vec<String> = event.exdates.iter().map(EventTime::stored).collect();
    if let Some(rule) = &event.rrule {
        rule::rrule_text(&event.start, rule, &exdates)
            .parse::<rrule::RRuleSet>()
            .map_err(|e| {
                refuse(
                    event.line,
                    &format!("Die Wiederholung ist ungültig ({e})."),
                    &format!("invalid RRULE ({e})"),
                )
            })?;
    }
    let title = if event.summary.trim().is_empty() {
        "(ohne Titel)".to_owned()
    } else {
        event.summary.trim().to_owned()
    };
    Ok(ImportedRow {
        uid: event.uid.clone(),
        recurrence_id: event.recurrence_id.map(|r| r.stored()).unwrap_or_default(),
        sequence: event.sequence,
        title,
        location: event.location.clone(),
        notes: event.description.clone(),
        advisor: advisor.to_owned(),
        all_day,
        starts_on,
        ends_on,
        start_time,
        end_time,
        time_zone: zone.name().to_owned(),
        start_at: Instant::new(start_at),
        end_at: Instant::new(end_at),
        status: if event.status.as_deref() == Some("CANCELLED") {
            "cancelled".into()
        } else {
            "confirmed".into()
        },
        rrule: event.rrule.clone(),
        exdates: exdates.join(","),
        floating,
        categories: event.categories.clone(),
    })
}

fn shown_start(event: &ImportedEvent) -> String {
    match event.start {
        EventTime::Date(day) => day.to_string(),
        other => other.instant(HOME_ZONE).with_timezone(&HOME_ZONE).to_rfc3339(),
    }
}

impl Planner {
    /// Imports the VEVENTs of an iCalendar file as appointments, in one transaction: new UIDs are
    /// created, a higher SEQUENCE of an imported UID replaces it, everything else is left alone,
    /// so importing a file twice changes nothing. With `dry_run`, nothing is written and the
    /// outcome says what would happen. A malformed file is refused naming its line, and nothing
    /// is written.
    pub async fn import_ics(
        &self,
        path: &Path,
        dry_run: bool,
        mut progress: impl FnMut(ImportProgress) + Send,
    ) -> Result<ImportOutcome> {
        let total_bytes = open(path)?
            .metadata()
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
            .len();
        let advisor = self.settings().await?.advisor;
        let read = Arc::new(AtomicU64::new(0));
        let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<(ImportedEvent, ImportedRow)>>(CHANNEL);
        let reader = BufReader::new(Counting {
            inner: open(path)?,
            read: read.clone(),
        });
        let owner = advisor.clone();
        // The stored form is made on the parser's thread too, so the database's side only
        // decides and writes.
        let parser = tokio::task::spawn_blocking(move || {
            let stopped = || Error::conflict("Der Import wurde abgebrochen.", "the import was stopped");
            let mut batch = Vec::with_capacity(BATCH);
            let mut batch_bytes = 0;
            let notes = read_events(reader, HOME_ZONE, |event| {
                let row = to_row(&event, &owner)?;
                batch_bytes += weight(&row);
                batch.push((event, row));
                if batch.len() >= BATCH || batch_bytes >= BATCH_BYTES {
                    batch_bytes = 0;
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    sender.blocking_send(full).map_err(|_| stopped())?;
                }
                Ok(())
            })?;
            if !batch.is_empty() {
                sender.blocking_send(batch).map_err(|_| stopped())?;
            }
            Ok::<_, Error>(notes)
        });

        let mut tx = self.store.begin().await?;
        let own = store::appointments::own_uids(&mut tx).await?;
        let mut newest_id = store::appointments::newest_id(&mut *tx).await?;
        let mut outcome = ImportOutcome {
            dry_run,
            ..ImportOutcome::default()
        };
        let mut handled: u32 = 0;
        while let Some(batch) = batches.recv().await {
            handled = handled.saturating_add(u32::try_from(batch.len()).unwrap_or(u32::MAX));
            self.import_batch(&mut tx, batch, &own, &mut newest_id, &mut outcome)
                .await?;
            progress(ImportProgress {
                bytes_read: read.load(Ordering::Relaxed).min(total_bytes),
                total_bytes,
                events: handled,
            });
        }
        let notes = parser
            .await
            .map_err(|e| Error::Database(format!("the import stopped: {e}")))??;
        outcome.warnings = notes.warnings_de;
        outcome.warnings_en = notes.warnings_en;
        progress(ImportProgress {
            bytes_read: total_bytes,
            total_bytes,
            events: handled,
        });
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(outcome)
    }

    /// Decides and writes one batch of events. The new ones are inserted in one go, leaving
    /// alone those whose (UID, RECURRENCE-ID) is stored already; only when some were left alone
    /// is it looked up which, and whether a higher SEQUENCE replaces them. A first import thus
    /// costs one statement per batch and no lookups. `newest_id` is the highest row id before the
    /// batch and after it: rows above it are the batch's own.
    async fn import_batch(
        &self,
        tx: &mut crate::store::Tx,
        batch: Vec<(ImportedEvent, ImportedRow)>,
        own: &store::appointments::OwnUids,
        newest_id: &mut i64,
        outcome: &mut ImportOutcome,
    ) -> Result<()> {
        let mut actions: Vec<Option<ImportAction>> = vec![None; batch.len()];
        // The events to insert (indexes into `batch`), one per (UID, RECURRENCE-ID).
        let mut candidates: Vec<usize> = Vec::with_capacity(batch.len());
        let mut slot_of: HashMap<(&str, &str), usize> = HashMap::with_capacity(batch.len());
        for (i, (_, row)) in batch.iter().enumerate() {
            if own.contains(&row.uid) {
                actions[i] = Some(ImportAction::Skip);
                continue;
            }
            match slot_of.get(&(row.uid.as_str(), row.recurrence_id.as_str())) {
                // The same event twice in one file: the higher SEQUENCE wins.
                Some(&slot) => {
                    let loser = if row.sequence > batch[candidates[slot]].1.sequence {
                        std::mem::replace(&mut candidates[slot], i)
                    } else {
                        i
                    };
                    actions[loser] = Some(ImportAction::Skip);
                }
                None => {
                    slot_of.insert((row.uid.as_str(), row.recurrence_id.as_str()), candidates.len());
                    candidates.push(i);
                }
            }
        }
        let rows: Vec<&ImportedRow> = candidates.iter().map(|&i| &batch[i].1).collect();
        let before = *newest_id;
        let written = store::appointments::insert_imported_new(tx, &rows).await?;
        *newest_id = before.max(written.newest_id);
        if written.inserted == rows.len() {
            for &i in &candidates {
                actions[i] = Some(ImportAction::Create);
            }
        } else {
            let uids: Vec<&str> = rows.iter().map(|row| row.uid.as_str()).collect();
            let stored = store::appointments::stored_imports(tx, &uids).await?;
            for &i in &candidates {
                let row = &batch[i].1;
                let action = match stored.get(&(row.uid.clone(), row.recurrence_id.clone())) {
                    Some(old) if old.id > before => ImportAction::Create,
                    Some(old) if row.sequence > old.sequence && !old.same_as(row) => {
                        store::appointments::update_imported(tx, old.id, row).await?;
                        ImportAction::Update
                    }
                    _ => ImportAction::Skip,
                };
                actions[i] = Some(action);
            }
        }
        for ((event, row), action) in batch.iter().zip(actions) {
            let action = action.unwrap_or(ImportAction::Skip);
            match action {
                ImportAction::Create => outcome.created += 1,
                ImportAction::Update => outcome.updated += 1,
                ImportAction::Skip => outcome.skipped += 1,
            }
            if outcome.items.len() < IMPORT_ITEMS_SHOWN {
                outcome.items.push(ImportItem {
                    line: u32::try_from(event.line).unwrap_or(u32::MAX),
                    uid: event.uid.clone(),
                    summary: row.title.clone(),
                    start: shown_start(event),
                    recurring: event.rrule.is_some(),
                    action,
                });
            }
        }
        Ok(())
    }

    /// Replaces each imported recurring appointment by its occurrences in `from`–`to`, leaving
    /// out EXDATEs and the occurrences that an override (same UID, RECURRENCE-ID) replaces.
    ///
    /// The cost is what the window asks for, not what the series holds: a rule without COUNT is
    /// walked from the last period boundary before the window ([`rule::walk_start`]), not from
    /// its DTSTART (a daily event from the year 1900, or a rule that an older version stored
    /// from 1970 every second), and no series walks more than [`rule::MAX_WALKED`] instances nor
    /// shows more than [`rule::MAX_SHOWN`] in one window.
    pub(crate) async fn expand_recurring(
        &self,
        list: Vec<Appointment>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Appointment>> {
        if list.iter().all(|a| a.rrule.is_none()) {
            return Ok(list);
        }
        let overridden: HashSet<(String, String)> = store::appointments::overridden(self.store.pool())
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(list.len());
        for appointment in list {
            let Some(rule) = appointment.rrule.clone() else {
                out.push(appointment);
                continue;
            };
            let zone: Tz = appointment.input.time_zone.parse().unwrap_or(HOME_ZONE);
            let start = if appointment.input.all_day {
                EventTime::Date(appointment.input.starts_on)
            } else if appointment.floating {
                EventTime::Floating(appointment.start.with_timezone(&zone).naive_local())
            } else {
                EventTime::Zoned(appointment.start.with_timezone(&zone).naive_local(), zone)
            };
            let length = appointment.end - appointment.start;
            let window_start = from.checked_sub_signed(length).unwrap_or(from);
            let Some(instances) = rule::expand(&start, &rule, &appointment.exdates, window_start, to) else {
                out.push(appointment);
                continue;
            };
            for instance in instances {
                let local = instance.naive_local();
                let key = match start {
                    EventTime::Date(_) => local.date().format("%Y%m%d").to_string(),
                    EventTime::Floating(_) => local.format("%Y%m%dT%H%M%S").to_string(),
                    EventTime::Zoned(..) => instance.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string(),
                };
                if overridden.contains(&(appointment.uid.clone(), key)) {
                    continue;
                }
                let begin = instance.with_timezone(&zone).fixed_offset();
                let mut occurrence = appointment.clone();
                occurrence.start = begin;
                occurrence.end = begin.checked_add_signed(length).unwrap_or(begin);
                if appointment.input.all_day {
                    let days = (appointment.input.ends_on - appointment.input.starts_on).num_days();
                    occurrence.input.starts_on = local.date();
                    occurrence.input.ends_on = local
                        .date()
                        .checked_add_signed(chrono::Duration::days(days))
                        .unwrap_or(local.date());
                } else {
                    occurrence.input.starts_on = local.date();
                    occurrence.input.ends_on = occurrence.end.date_naive();
                }
                out.push(occurrence);
            }
        }
        out.sort_by_key(|a| (a.start, a.id));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A calendar of `n` events (UIDs `e0`, `e1`, …), with `tail` inserted before its end.
    fn calendar(n: usize, tail: &str) -> String {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//DE\r\n");
        for i in 0..n {
            text.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:e{i}\r\nSUMMARY:Termin {i} in Köln\r\nDTSTART:20300310T{:02}0000Z\r\n\
                 DTEND:20300310T{:02}3000Z\r\nEND:VEVENT\r\n",
                i % 20,
                i % 20
            ));
        }
        text.push_str(tail);
        text.push_str("END:VCALENDAR\r\n");
        text
    }

    async fn stored(planner: &Planner) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
            .fetch_one(planner.store().pool())
            .await
            .expect("count")
    }

    /// The parser hands over whole batches: events spanning several batches are all written,
    /// one event twice in different batches once, and progress counts every event in order.
    #[tokio::test]
    async fn events_of_several_batches_and_a_repeat_across_them() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("many.ics");
        let repeat = "BEGIN:VEVENT\r\nUID:e3\r\nSEQUENCE:1\r\nSUMMARY:Termin 3 verlegt\r\n\
                      DTSTART:20300311T100000Z\r\nDTEND:20300311T110000Z\r\nEND:VEVENT\r\n";
        std::fs::write(&file, calendar(2 * BATCH + 500, repeat)).expect("write");
        let planner = Planner::in_memory().await.expect("planner");
        let mut counts = Vec::new();
        let outcome = planner
            .import_ics(&file, false, |p| counts.push(p.events))
            .await
            .expect("import");
        let total = u32::try_from(2 * BATCH + 501).expect("count");
        assert_eq!((outcome.created, outcome.updated, outcome.skipped), (total - 1, 1, 0));
        assert_eq!(stored(&planner).await, i64::from(total - 1));
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
        assert_eq!(counts.last(), Some(&total));
        assert!(counts.len() >= 4, "one report per batch and a last one: {counts:?}");
    }

    /// A broken event after several full batches refuses the file naming its line, and nothing
    /// of the batches before it stays written.
    #[tokio::test]
    async fn a_broken_event_after_several_batches_writes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("broken.ics");
        let n = 2 * BATCH + 10;
        let broken = "BEGIN:VEVENT\r\nUID:broken\r\nDTSTART:2030031\r\nEND:VEVENT\r\n";
        std::fs::write(&file, calendar(n, broken)).expect("write");
        let line = 3 + n * 6 + 3;
        let planner = Planner::in_memory().await.expect("planner");
        let error = planner.import_ics(&file, false, |_| {}).await.expect_err("refused");
        assert!(format!("{error:?}").contains(&format!("line {line}")), "{error:?}");
        assert_eq!(stored(&planner).await, 0);
    }
}
