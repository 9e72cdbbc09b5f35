//! `Planner` operations that keep the advisor's CalDAV calendar in step with the app.
//!
//! The app is where its events are made, so a sync pushes: every event of the export (all
//! series, bookings and appointments) is one resource on the server, created with
//! `If-None-Match: *` and replaced or deleted with `If-Match` on the ETag the last sync saw.
//! What the server did meanwhile is never overwritten: a moved ETag whose content means
//! something else than the last synced version becomes a conflict, left untouched until the
//! advisor decides field by field. Every step is recorded as soon as the server has confirmed
//! it, so a sync cut off anywhere finds on the next run what it already did (a create that
//! meets an existing resource with the same meaning takes it over instead of writing it twice).
//!
//! Any other client may have written what the server holds, so a server's version the app
//! cannot read (too large, refused by the reader, or making it fail) is left alone and named in
//! the report by its path, and the sync goes on with the rest.

use std::collections::{HashMap, HashSet};

use chrono::Utc;

use super::Planner;
use crate::calendar::caldav::client::{checked_url, Server, Written};
use crate::calendar::caldav::merge::{conflict_fields, meaning, merged};
use crate::calendar::caldav::resources::{href_for, resources, Resource};
use crate::domain::*;
use crate::error::{Entity, RemoteCode};
use crate::store::caldav::SyncedItem;
use crate::store::{self};
use crate::{Error, Result};

/// The calendar the command line creates when the URL names none.
pub const DEFAULT_CALENDAR_NAME: &str = "Beratungsplaner";

/// The app's version of one event, ready to push.
struct Desired {
    resource: Resource,
    meaning: String,
}

/// The server's version of one resource.
enum OnServer {
    /// Not there.
    Missing,
    /// There, but not readable by the app (its path is in the report now).
    Unreadable,
    /// Its text, ETag and what it means.
    Read {
        text: String,
        etag: String,
        meaning: String,
    },
}

/// What `text` means, or `None` when the reader refuses it: a resource any client can write
/// must not end the sync (the reader refuses, it never panics; its tests fuzz it).
fn meaning_of(text: &str) -> Option<String> {
    meaning(text).ok()
}

/// The server's version of `href` (see [`OnServer`]).
async fn on_server(server: &Server, calendar: &str, href: &str, report: &mut SyncReport) -> Result<OnServer> {
    let (text, etag) = match server.get(calendar, href).await {
        Ok(Some(fetched)) => fetched,
        Ok(None) => return Ok(OnServer::Missing),
        Err(Error::Remote {
            code: RemoteCode::TooLarge,
            ..
        }) => {
            report.unreadable.push(href.to_owned());
            return Ok(OnServer::Unreadable);
        }
        Err(e) => return Err(e),
    };
    Ok(match meaning_of(&text) {
        Some(meaning) => OnServer::Read { text, etag, meaning },
        None => {
            report.unreadable.push(href.to_owned());
            OnServer::Unreadable
        }
    })
}

impl Planner {
    /// The CalDAV account, if one is set up.
    pub async fn caldav_account(&self) -> Result<Option<CalDavAccount>> {
        store::caldav::account(self.store.pool()).await
    }

    /// The calendars for events the account can reach ("Verbindung testen"): checks the
    /// password on the way.
    pub async fn caldav_calendars(&self, url: &str, user: &str, password: &str) -> Result<Vec<CalDavCalendar>> {
        let server = Server::new(url, user, password)?;
        Ok(server
            .calendars()
            .await?
            .into_iter()
            .map(|c| CalDavCalendar {
                href: c.href,
                name: c.name,
            })
            .collect())
    }

    /// Creates a calendar for events in the account's calendar home.
    pub async fn create_caldav_calendar(
        &self,
        url: &str,
        user: &str,
        password: &str,
        name: &str,
    ) -> Result<CalDavCalendar> {
        let mut errors = FieldErrors::default();
        errors.require_text("name", name, 120);
        errors.into_result()?;
        let server = Server::new(url, user, password)?;
        let created = server.create_calendar(name.trim()).await?;
        Ok(CalDavCalendar {
            href: created.href,
            name: created.name,
        })
    }

    /// Saves the account and the calendar its events go to. Pointing it at another server,
    /// user or calendar starts afresh: what the old one held is forgotten, not deleted.
    pub async fn save_caldav_account(&self, url: &str, user: &str, calendar: &CalDavCalendar) -> Result<CalDavAccount> {
        let mut errors = FieldErrors::default();
        errors.require_text("url", url, 500);
        errors.require_text("user", user, 200);
        errors.into_result()?;
        checked_url(url)?;
        let account = CalDavAccount {
            url: url.trim().to_owned(),
            user: user.trim().to_owned(),
            calendar_href: Some(calendar.href.clone()),
            calendar_name: Some(calendar.name.clone()),
            last_sync_at: None,
        };
        let mut tx = self.store.begin().await?;
        let before = store::caldav::account(&mut *tx).await?;
        let same_target = before.as_ref().is_some_and(|b| {
            b.url == account.url && b.user == account.user && b.calendar_href == account.calendar_href
        });
        let account = CalDavAccount {
            last_sync_at: before.filter(|_| same_target).and_then(|b| b.last_sync_at),
            ..account
        };
        if !same_target {
            store::caldav::forget_all(&mut tx).await?;
        }
        store::caldav::save_account(&mut tx, &account).await?;
        tx.commit().await?;
        Ok(account)
    }

    /// The account for this URL and user with its calendar: the one saved, else the URL itself
    /// when it is a calendar, else the user's calendar named "Beratungsplaner", made if missing.
    async fn caldav_target(&self, server: &Server, url: &str, user: &str) -> Result<CalDavAccount> {
        if let Some(account) = self
            .caldav_account()
            .await?
            .filter(|a| a.url == url.trim() && a.user == user.trim() && a.calendar_href.is_some())
        {
            return Ok(account);
        }
        let calendars = server.calendars().await?;
        let base = server.base_path();
        let chosen = match calendars
            .iter()
            .find(|c| c.href == base)
            .or_else(|| calendars.iter().find(|c| c.name == DEFAULT_CALENDAR_NAME))
        {
            Some(found) => found.clone(),
            None => server.create_calendar(DEFAULT_CALENDAR_NAME).await?,
        };
        self.save_caldav_account(
            url,
            user,
            &CalDavCalendar {
                href: chosen.href,
                name: chosen.name,
            },
        )
        .await
    }

    /// The app's events as the server should have them.
    async fn desired(&self) -> Result<Vec<Desired>> {
        let data = self.export_data(&ExportScope::default()).await?;
        resources(&data, Utc::now())?
            .into_iter()
            .map(|resource| {
                let meaning = meaning(&resource.ics)?;
                Ok(Desired { resource, meaning })
            })
            .collect()
    }

    async fn remember(&self, item: SyncedItem) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::caldav::save_item(&mut tx, &item).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_conflict(&self, uid: &str, href: &str, etag: Option<&str>, server_ics: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::caldav::save_conflict(&mut tx, uid, href, etag, server_ics).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn forget(&self, uid: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::caldav::forget_item(&mut tx, uid).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pushes every change of the app to the account's calendar (see the module doc). With
    /// `url`/`user` other than the saved account's, that account is set up first (calendar:
    /// the URL when it is one, else "Beratungsplaner"). Conflicts are reported, not touched.
    pub async fn sync_caldav(
        &self,
        url: &str,
        user: &str,
        password: &str,
        mut progress: impl FnMut(SyncProgress) + Send,
    ) -> Result<SyncReport> {
        let server = Server::new(url, user, password)?;
        let account = self.caldav_target(&server, url, user).await?;
        let calendar = account.calendar_href.clone().unwrap_or_else(|| server.base_path());
        let desired = self.desired().await?;
        let items: HashMap<String, SyncedItem> = store::caldav::items(self.store.pool())
            .await?
            .into_iter()
            .map(|item| (item.uid.clone(), item))
            .collect();
        let conflicted: HashSet<String> = store::caldav::conflicts(self.store.pool())
            .await?
            .into_iter()
            .map(|c| c.uid)
            .collect();
        let listed = server.list(&calendar).await?;
        let wanted: HashSet<&str> = desired.iter().map(|d| d.resource.uid.as_str()).collect();
        let gone: Vec<&SyncedItem> = items.values().filter(|i| !wanted.contains(i.uid.as_str())).collect();
        let total = u32::try_from(desired.len() + gone.len()).unwrap_or(u32::MAX);
        let mut report = SyncReport::default();
        let mut done = 0;

        for want in &desired {
            done += 1;
            progress(SyncProgress { done, total });
            let uid = want.resource.uid.as_str();
            if conflicted.contains(uid) {
                report.conflicts += 1;
                continue;
            }
            let Some(known) = items.get(uid) else {
                let href = href_for(&calendar, uid);
                self.push_new(&server, &calendar, &href, want, &mut report).await?;
                continue;
            };
            match listed.get(&known.href) {
                // Deleted on the server: the app's event goes back.
                None => {
                    self.push_new(&server, &calendar, &known.href, want, &mut report)
                        .await?
                }
                Some(Some(etag)) if Some(etag) != known.etag.as_ref() => {
                    self.server_changed(&server, &calendar, known, want, &mut report)
                        .await?;
                }
                Some(_) if known.fingerprint == want.meaning => report.unchanged += 1,
                Some(_) => {
                    let etag = known.etag.clone().unwrap_or_default();
                    self.push_update(&server, &calendar, known, &etag, want, &mut report)
                        .await?;
                }
            }
        }

        for item in gone {
            done += 1;
            progress(SyncProgress { done, total });
            if conflicted.contains(&item.uid) {
                report.conflicts += 1;
                continue;
            }
            let etag = match listed.get(&item.href) {
                None => {
                    self.forget(&item.uid).await?;
                    continue;
                }
                Some(Some(etag)) if Some(etag) != item.etag.as_ref() => {
                    // Changed on the server since: deleted only if it still means what the
                    // app last put there.
                    match on_server(&server, &calendar, &item.href, &mut report).await? {
                        OnServer::Missing => {
                            self.forget(&item.uid).await?;
                            continue;
                        }
                        OnServer::Unreadable => continue,
                        OnServer::Read { text, etag, meaning } if meaning != item.fingerprint => {
                            self.record_conflict(&item.uid, &item.href, Some(&etag), &text).await?;
                            report.conflicts += 1;
                            continue;
                        }
                        OnServer::Read { etag, .. } => etag,
                    }
                }
                Some(etag) => etag.clone().or_else(|| item.etag.clone()).unwrap_or_default(),
            };
            match server.delete(&item.href, &etag).await? {
                Written::Done(_) | Written::Gone => {
                    self.forget(&item.uid).await?;
                    report.deleted += 1;
                }
                Written::Changed => {
                    if let OnServer::Read { text, etag, .. } =
                        on_server(&server, &calendar, &item.href, &mut report).await?
                    {
                        self.record_conflict(&item.uid, &item.href, Some(&etag), &text).await?;
                        report.conflicts += 1;
                    }
                }
            }
        }

        let mut tx = self.store.begin().await?;
        store::caldav::save_account(
            &mut tx,
            &CalDavAccount {
                last_sync_at: Some(Utc::now()),
                ..account
            },
        )
        .await?;
        tx.commit().await?;
        report.requests = server.counts().requests();
        report.writes = server.counts().writes();
        Ok(report)
    }

    /// Creates an event on the server; when it is there already (a sync cut off after the
    /// write), takes it over if it means the same, else records a conflict.
    async fn push_new(
        &self,
        server: &Server,
        calendar: &str,
        href: &str,
        want: &Desired,
        report: &mut SyncReport,
    ) -> Result<()> {
        let item = |etag: Option<String>| SyncedItem {
            uid: want.resource.uid.clone(),
            href: href.to_owned(),
            etag,
            fingerprint: want.meaning.clone(),
        };
        match server.create(href, &want.resource.ics).await? {
            Written::Done(etag) => {
                self.remember(item(etag)).await?;
                report.created += 1;
            }
            Written::Changed | Written::Gone => match on_server(server, calendar, href, report).await? {
                OnServer::Unreadable => {}
                OnServer::Read { etag, meaning, .. } if meaning == want.meaning => {
                    self.remember(item(Some(etag))).await?;
                    report.adopted += 1;
                }
                OnServer::Read { text, etag, .. } => {
                    self.remember(item(Some(etag.clone()))).await?;
                    self.record_conflict(&want.resource.uid, href, Some(&etag), &text)
                        .await?;
                    report.conflicts += 1;
                }
                OnServer::Missing => {
                    return Err(Error::Remote {
                        code: RemoteCode::Remote,
                        de: format!(
                            "„{}“ konnte auf dem Server nicht angelegt werden.",
                            want.resource.summary
                        ),
                        en: format!("\"{}\" could not be created on the server", want.resource.uid),
                    })
                }
            },
        }
        Ok(())
    }

    /// Replaces an event on the server that must still have `etag`.
    async fn push_update(
        &self,
        server: &Server,
        calendar: &str,
        known: &SyncedItem,
        etag: &str,
        want: &Desired,
        report: &mut SyncReport,
    ) -> Result<()> {
        match server.update(&known.href, &want.resource.ics, etag).await? {
            Written::Done(etag) => {
                self.remember(SyncedItem {
                    etag,
                    fingerprint: want.meaning.clone(),
                    ..known.clone()
                })
                .await?;
                report.updated += 1;
            }
            Written::Gone => self.push_new(server, calendar, &known.href, want, report).await?,
            Written::Changed => self.server_changed(server, calendar, known, want, report).await?,
        }
        Ok(())
    }

    /// The server's ETag moved since the last sync. If the server's version still means what
    /// the app last put there (the server only rewrote it), the app's goes on as usual; if it
    /// means what the app has now, it is taken over; otherwise it is a conflict.
    async fn server_changed(
        &self,
        server: &Server,
        calendar: &str,
        known: &SyncedItem,
        want: &Desired,
        report: &mut SyncReport,
    ) -> Result<()> {
        let (text, etag, on_server) = match on_server(server, calendar, &known.href, report).await? {
            OnServer::Missing => return self.push_new(server, calendar, &known.href, want, report).await,
            OnServer::Unreadable => return Ok(()),
            OnServer::Read { text, etag, meaning } => (text, etag, meaning),
        };
        if on_server == want.meaning {
            self.remember(SyncedItem {
                etag: Some(etag),
                fingerprint: want.meaning.clone(),
                ..known.clone()
            })
            .await?;
            report.adopted += 1;
        } else if on_server == known.fingerprint {
            let known = SyncedItem {
                etag: Some(etag.clone()),
                ..known.clone()
            };
            self.remember(known.clone()).await?;
            Box::pin(self.push_update(server, calendar, &known, &etag, want, report)).await?;
        } else {
            self.record_conflict(&known.uid, &known.href, Some(&etag), &text)
                .await?;
            report.conflicts += 1;
        }
        Ok(())
    }

    /// What waits to be synced, without asking the server.
    pub async fn caldav_status(&self) -> Result<SyncStatus> {
        let Some(account) = self.caldav_account().await? else {
            return Ok(SyncStatus::default());
        };
        let items: HashMap<String, String> = store::caldav::items(self.store.pool())
            .await?
            .into_iter()
            .map(|i| (i.uid, i.fingerprint))
            .collect();
        let desired = self.desired().await?;
        let changed = desired
            .iter()
            .filter(|d| items.get(&d.resource.uid) != Some(&d.meaning))
            .count();
        let wanted: HashSet<&str> = desired.iter().map(|d| d.resource.uid.as_str()).collect();
        let deleted = items.keys().filter(|uid| !wanted.contains(uid.as_str())).count();
        let conflicts = store::caldav::conflicts(self.store.pool()).await?.len();
        Ok(SyncStatus {
            configured: account.calendar_href.is_some(),
            pending: u32::try_from(changed + deleted).unwrap_or(u32::MAX),
            conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
            last_sync_at: account.last_sync_at,
        })
    }

    /// The open conflicts, each field by field.
    pub async fn caldav_conflicts(&self) -> Result<Vec<SyncConflict>> {
        let desired = self.desired().await?;
        let mut out = Vec::new();
        for conflict in store::caldav::conflicts(self.store.pool()).await? {
            let app = desired.iter().find(|d| d.resource.uid == conflict.uid);
            let fields = conflict_fields(app.map(|d| d.resource.ics.as_str()), &conflict.server_ics)?;
            let summary = app
                .map(|d| d.resource.summary.clone())
                .or_else(|| {
                    fields
                        .iter()
                        .find(|f| f.field == SyncField::Title)
                        .map(|f| f.server.clone())
                })
                .unwrap_or_default();
            out.push(SyncConflict {
                uid: conflict.uid,
                summary,
                deleted_in_app: app.is_none(),
                fields,
                detected_at: conflict.detected_at,
            });
        }
        Ok(out)
    }

    /// Resolves a conflict as the advisor chose: the app's event with the chosen fields taken
    /// from the server's version goes to the server on the ETag the conflict was found with.
    /// For an event deleted in the app, choosing the app's side deletes it on the server, any
    /// server field keeps the server's version (and the app stops managing it). If the server
    /// changed it once more meanwhile, the conflict is refreshed and nothing is overwritten.
    pub async fn resolve_caldav_conflict(&self, resolution: &ConflictResolution, password: &str) -> Result<()> {
        let account = self.caldav_account().await?.ok_or_else(|| {
            Error::unavailable("Es ist kein CalDAV-Konto eingerichtet.", "no CalDAV account is set up")
        })?;
        let calendar = account.calendar_href.clone().unwrap_or_default();
        let conflict = store::caldav::conflicts(self.store.pool())
            .await?
            .into_iter()
            .find(|c| c.uid == resolution.uid)
            .ok_or(Error::not_found(Entity::SyncConflict, 0))?;
        let server = Server::new(&account.url, &account.user, password)?;
        let from_server: Vec<SyncField> = resolution
            .choices
            .iter()
            .filter(|(_, side)| *side == SyncSide::Server)
            .map(|(field, _)| *field)
            .collect();
        let etag = conflict.server_etag.clone().unwrap_or_default();
        let desired = self.desired().await?;
        let app = desired.into_iter().find(|d| d.resource.uid == conflict.uid);
        let written = match &app {
            Some(want) => {
                let text = merged(&want.resource.ics, &conflict.server_ics, &from_server);
                match server.update(&conflict.href, &text, &etag).await? {
                    Written::Done(etag) => {
                        // The app's version of this moment counts as synced: the server's
                        // fields stay until the app changes the event again.
                        self.remember(SyncedItem {
                            uid: conflict.uid.clone(),
                            href: conflict.href.clone(),
                            etag,
                            fingerprint: want.meaning.clone(),
                        })
                        .await?;
                        Written::Done(None)
                    }
                    other => other,
                }
            }
            None if from_server.is_empty() => {
                let deleted = server.delete(&conflict.href, &etag).await?;
                if deleted != Written::Changed {
                    self.forget(&conflict.uid).await?;
                }
                deleted
            }
            None => {
                self.forget(&conflict.uid).await?;
                Written::Done(None)
            }
        };
        if written == Written::Changed {
            // Unreadable now: the conflict stays as it was found.
            if let OnServer::Read { text, etag, .. } =
                on_server(&server, &calendar, &conflict.href, &mut SyncReport::default()).await?
            {
                self.record_conflict(&conflict.uid, &conflict.href, Some(&etag), &text)
                    .await?;
            }
            return Err(Error::conflict(
                "Der Termin wurde inzwischen auf dem Server erneut geändert. Bitte die Fassungen noch einmal vergleichen.",
                "the event changed on the server once more; compare the versions again",
            ));
        }
        let mut tx = self.store.begin().await?;
        store::caldav::drop_conflict(&mut tx, &conflict.uid).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::meaning_of;

    fn event(lines: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//DE\r\nBEGIN:VEVENT\r\nUID:a@b\r\n\
             DTSTAMP:20260101T000000Z\r\nSUMMARY:x\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    }

    /// What a server may hold but Radicale refuses to take (so the end-to-end test cannot put
    /// it there): none of it means anything to the app, and none of it ends the process.
    #[test]
    fn what_the_reader_refuses_means_nothing() {
        let long = format!("DESCRIPTION:{}\r\n", "A".repeat(10 << 20));
        for (what, text) in [
            (
                "huge weeks",
                event("DTSTART:20260105T100000Z\r\nDURATION:P99999999999W\r\n"),
            ),
            (
                "huge days",
                event("DTSTART:20260105T100000Z\r\nDURATION:P9999999999D\r\n"),
            ),
            (
                "huge seconds",
                event("DTSTART:20260105T100000Z\r\nDURATION:PT99999999999999999S\r\n"),
            ),
            (
                "past the end",
                event("DTSTART;VALUE=DATE:99991231\r\nDURATION:P400D\r\n"),
            ),
            ("no start", event("DURATION:PT1H\r\n")),
            (
                "10 MB",
                event(&format!("DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\n{long}")),
            ),
            ("not a calendar", "<html>502 Bad Gateway</html>".to_owned()),
            ("empty", String::new()),
            ("cut off", event("DTSTART:20260105T100000Z\r\n")[..90].to_owned()),
        ] {
            assert_eq!(meaning_of(&text), None, "{what}");
        }
        let fine = event("DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\n");
        assert!(meaning_of(&fine).is_some());
    }
}
