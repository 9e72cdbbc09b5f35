//! `Planner` operations on the team server: joining it, syncing, the conflicts, leaving.
//!
//! A sync pushes first, then pulls: local changes are sealed into operations (`store::team::outbox`)
//! and pushed in batches, each batch's answers settled in one transaction; then the change feed is
//! staged page by page with the cursor and applied in one transaction. Every step commits what it
//! finished, so a sync cut short anywhere (the app killed, the network gone) resumes where it
//! was: sealed operations are pushed again with the same ids, which the server answers as the
//! first time. Until a device has finished its first sync it pulls first, so that a Kommune it
//! shares with the team is taken over instead of made twice.

use beratungsplaner_team_protocol::{Push, Refusal};
use chrono::{DateTime, Days, FixedOffset, Utc};

use crate::domain::*;
use crate::error::RemoteCode;
use crate::store;
use crate::store::instant::{Instant, Stamp};
use crate::store::team::scope::{self, Scope};
use crate::store::team::{conflicts, connection, inbox, outbox, records, references, triggers};
use crate::team::TeamClient;
use crate::{Error, Result};

use super::Planner;

/// Operations per push: well below the server's limit, small enough for a slow line.
const PUSH_BATCH: i64 = 500;
/// How far ahead, and how many, free slots are offered for a booking a colleague's took.
const FREE_SLOT_DAYS: u64 = 27;
const FREE_SLOTS_OFFERED: usize = 5;

fn refusal_text(reason: Refusal) -> &'static str {
    match reason {
        Refusal::OutOfScope => "Die Kommune dieses Eintrags gehört nicht zu Ihrem Bereich im Team.",
        Refusal::Deleted => "Der Eintrag wurde im Team gelöscht.",
        Refusal::WrongKind => "Der Team-Server kennt diese Art von Eintrag nicht.",
        Refusal::SlotTaken => "Der Termin ist im Team schon vergeben.",
        Refusal::InvalidTransition => {
            "Dieser Statuswechsel ist nicht möglich: Der Fall hat im Team einen anderen Status."
        }
        Refusal::ReferenceTaken => "Das Aktenzeichen ist im Team schon vergeben.",
        Refusal::WrongReference => "Das Aktenzeichen passt nicht zu Ihrem Kürzel im Team.",
        Refusal::LeadOnly => "Die Einstellungen des Teams legt die Teamleitung fest.",
    }
}

impl Planner {
    /// Joins the team server at `url`: the password is exchanged for a device token (returned,
    /// for the keychain; the database never holds it), the device's own case references take the
    /// advisor's prefix, and everything here waits to be pushed with the first sync.
    pub async fn join_team(
        &self,
        url: &str,
        user: &str,
        password: &str,
        device: &str,
    ) -> Result<(TeamConnection, String)> {
        let mut errors = FieldErrors::default();
        if user.trim().is_empty() {
            errors.add("user", "Bitte den Benutzernamen eingeben.", "the user name is missing");
        }
        if password.is_empty() {
            errors.add("password", "Bitte das Passwort eingeben.", "the password is missing");
        }
        errors.into_result()?;
        if connection::get(self.store.pool()).await?.is_some() {
            return Err(Error::conflict(
                "Dieses Gerät ist schon mit einem Team-Server verbunden. Bitte zuerst die Verbindung trennen.",
                "this device is already part of a team; leave it first",
            ));
        }
        let client = TeamClient::new(url, None)?;
        let login = client.login(user.trim(), password, device).await?;
        let lead = login.account.role == beratungsplaner_team_protocol::Role::Lead;
        let mut tx = self.store.begin().await?;
        connection::insert(
            &mut tx,
            url.trim(),
            &login.account.name,
            lead,
            &login.account.reference_prefix,
        )
        .await?;
        references::take_prefix(&mut tx, &login.account.reference_prefix).await?;
        triggers::install(&mut tx).await?;
        outbox::enqueue_everything(&mut tx, lead).await?;
        store::audit::append(
            &mut tx,
            &AuditEntry {
                action: AuditAction::TeamJoined,
                subject: None,
                detail: client.shown().to_owned(),
            },
            Stamp::now(),
        )
        .await?;
        let joined = connection::get(&mut *tx)
            .await?
            .ok_or_else(|| Error::Database("the team connection was not stored".into()))?;
        tx.commit().await?;
        Ok((joined.into(), login.token))
    }

    /// Signs in again with the password (the token was revoked or lost): a new device token.
    pub async fn renew_team_token(&self, password: &str, device: &str) -> Result<String> {
        let joined = connection::get(self.store.pool()).await?.ok_or_else(|| {
            Error::unavailable(
                "Es ist noch kein Team-Server eingerichtet (Einstellungen → Team-Server).",
                "no team server is set up yet",
            )
        })?;
        let client = TeamClient::new(&joined.url, None)?;
        Ok(client.login(&joined.user_name, password, device).await?.token)
    }

    /// Leaves the team: the records stay on this device, the sync's bookkeeping goes, and changes
    /// are no longer recorded for a server.
    pub async fn leave_team(&self) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let Some(left) = connection::get(&mut *tx).await? else {
            return Ok(());
        };
        triggers::remove(&mut tx).await?;
        for table in [
            "team_outbox",
            "team_sealed",
            "team_inbox",
            "team_conflicts",
            "team_records",
        ] {
            sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
        }
        connection::delete(&mut tx).await?;
        let host = crate::team::TeamClient::new(&left.url, None).map_or(String::new(), |c| c.shown().to_owned());
        store::audit::append(
            &mut tx,
            &AuditEntry {
                action: AuditAction::TeamLeft,
                subject: None,
                detail: host,
            },
            Stamp::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The team connection, if any.
    pub async fn team_connection(&self) -> Result<Option<TeamConnection>> {
        Ok(connection::get(self.store.pool()).await?.map(TeamConnection::from))
    }

    /// The sync state for the sidebar.
    pub async fn team_status(&self) -> Result<TeamStatus> {
        let pool = self.store.pool();
        Ok(TeamStatus {
            connection: connection::get(pool).await?.map(TeamConnection::from),
            waiting: outbox::waiting(pool).await?,
            conflicts: conflicts::count(pool).await?,
        })
    }

    /// Whether the team server at `url` answers and reaches its database ("Verbindung testen").
    pub async fn check_team_server(&self, url: &str) -> Result<()> {
        let client = TeamClient::new(url, None)?;
        if client.health().await?.database {
            Ok(())
        } else {
            Err(Error::Remote {
                code: RemoteCode::Offline,
                de: format!(
                    "Der Team-Server {} läuft, erreicht aber seine Datenbank nicht.",
                    client.shown()
                ),
                en: format!("the team server {} runs but cannot reach its database", client.shown()),
            })
        }
    }

    /// Syncs with the team server: local changes up, the team's changes down.
    pub async fn sync_team(&self, token: &str, mut on_progress: impl FnMut(TeamProgress)) -> Result<TeamSyncReport> {
        let joined = connection::get(self.store.pool()).await?.ok_or_else(|| {
            Error::unavailable(
                "Es ist noch kein Team-Server eingerichtet (Einstellungen → Team-Server).",
                "no team server is set up yet",
            )
        })?;
        let client = TeamClient::new(&joined.url, Some(token))?;
        let mut report = TeamSyncReport::default();
        let account = client.account().await?;
        let seen = match account.role {
            beratungsplaner_team_protocol::Role::Lead => Scope::Everything,
            beratungsplaner_team_protocol::Role::Advisor => {
                Scope::Municipalities(account.municipalities.into_iter().collect())
            }
        };
        let mut tx = self.store.begin().await?;
        let rescoped = scope::rescope(&mut tx, &seen).await?;
        tx.commit().await?;
        if rescoped.purged > 0 {
            // What left the device leaves this file's write-ahead log too.
            self.truncate_wal().await;
        }
        report.purged = rescoped.purged;
        if joined.last_sync_at.is_none() {
            self.pull_team(&client, &joined.reference_prefix, &mut report, &mut on_progress)
                .await?;
        }
        self.push_team(&client, &mut report, &mut on_progress).await?;
        self.pull_team(&client, &joined.reference_prefix, &mut report, &mut on_progress)
            .await?;
        // Free slots are known once the colleagues' bookings have landed.
        for refusal in report.refused.iter_mut().filter(|r| r.must_rebook) {
            refusal.free_slots = self.free_slots_after(refusal.local_id).await?;
        }
        let mut tx = self.store.begin().await?;
        connection::synced(&mut tx, Instant::new(Utc::now())).await?;
        tx.commit().await?;
        tracing::info!(
            pushed = report.pushed,
            pulled = report.pulled,
            conflicts = report.conflicts,
            refused = report.refused.len(),
            "team sync finished"
        );
        Ok(report)
    }

    async fn push_team(
        &self,
        client: &TeamClient,
        report: &mut TeamSyncReport,
        on_progress: &mut impl FnMut(TeamProgress),
    ) -> Result<()> {
        loop {
            let mut tx = self.store.begin().await?;
            let sealed = outbox::seal(&mut tx).await?;
            tx.commit().await?;
            let total = outbox::waiting(self.store.pool()).await?;
            let mut pushed = 0;
            loop {
                let batch = outbox::next_sealed(self.store.pool(), PUSH_BATCH).await?;
                if batch.is_empty() {
                    break;
                }
                let operations = batch.iter().map(|s| s.operation.clone()).collect();
                let answer = client.push(&Push { operations }).await?;
                if answer.results.len() != batch.len()
                    || answer
                        .results
                        .iter()
                        .zip(&batch)
                        .any(|(r, s)| r.operation != s.operation.id)
                {
                    return Err(Error::Remote {
                        code: RemoteCode::Remote,
                        de: "Der Team-Server hat unvollständig geantwortet; die Änderungen werden erneut gesendet."
                            .into(),
                        en: "the team server's answer does not match the push; it is sent again".into(),
                    });
                }
                let now = Utc::now().to_rfc3339();
                let mut tx = self.store.begin().await?;
                for (sealed, result) in batch.iter().zip(&answer.results) {
                    let settled = outbox::settle(&mut tx, sealed, &result.outcome, &now).await?;
                    report.conflicts += settled.conflicts;
                    if let Some(reason) = settled.refused {
                        tracing::warn!(kind = %sealed.kind, reason = ?reason, "the team server refused a change");
                        report.refused.push(TeamRefusal {
                            kind: sealed.kind.clone(),
                            local_id: sealed.local_id,
                            reason: refusal_text(reason).to_owned(),
                            must_rebook: reason == Refusal::SlotTaken,
                            free_slots: Vec::new(),
                        });
                    }
                }
                tx.commit().await?;
                pushed += batch.len() as u32;
                report.pushed += batch.len() as u32;
                on_progress(TeamProgress::Pushing {
                    done: pushed,
                    total: total.max(pushed),
                });
            }
            if sealed == 0 && pushed == 0 {
                return Ok(());
            }
        }
    }

    async fn pull_team(
        &self,
        client: &TeamClient,
        own_prefix: &str,
        report: &mut TeamSyncReport,
        on_progress: &mut impl FnMut(TeamProgress),
    ) -> Result<()> {
        let mut received = 0u32;
        loop {
            let cursor = connection::get(self.store.pool()).await?.map_or(0, |c| c.cursor);
            let page = client.changes(cursor).await?;
            let mut tx = self.store.begin().await?;
            inbox::stage(&mut tx, &page.changes, page.cursor).await?;
            tx.commit().await?;
            received += page.changes.len() as u32;
            on_progress(TeamProgress::Pulling { done: received });
            if !page.more {
                break;
            }
        }
        let staged = inbox::staged(self.store.pool()).await?;
        if staged > 0 {
            on_progress(TeamProgress::Applying { total: staged });
        }
        let mut tx = self.store.begin().await?;
        let applied = inbox::apply(&mut tx, own_prefix).await?;
        tx.commit().await?;
        if applied.removed > 0 {
            // An erasure elsewhere: its texts leave this file's write-ahead log too.
            self.truncate_wal().await;
        }
        report.pulled += applied.applied;
        report.waiting_records = applied.waiting;
        Ok(())
    }

    /// The next free slots of a booking's consultation hour, from its day on (and not before now).
    async fn free_slots_after(&self, booking_id: i64) -> Result<Vec<DateTime<FixedOffset>>> {
        let Some(booking) = store::bookings::get(self.store.pool(), booking_id).await? else {
            return Ok(Vec::new());
        };
        let now = Utc::now();
        let from = booking
            .start_at
            .max(now)
            .with_timezone(&chrono_tz::Europe::Berlin)
            .date_naive();
        let slots = self
            .slots(&CalendarQuery {
                from: Some(from),
                to: Some(from + Days::new(FREE_SLOT_DAYS)),
                municipality_id: Some(booking.municipality_id),
                ..Default::default()
            })
            .await?;
        Ok(slots
            .into_iter()
            .filter(|s| s.series_id == booking.series_id && s.status == SlotStatus::Free && s.start > now)
            .take(FREE_SLOTS_OFFERED)
            .map(|s| s.start)
            .collect())
    }

    /// The conflicts for the advisor to decide.
    pub async fn team_conflicts(&self) -> Result<Vec<TeamConflict>> {
        let mut tx = self.store.begin().await?;
        let list = conflicts::list(&mut tx).await?;
        tx.commit().await?;
        Ok(list)
    }

    /// Decides a conflict; the next sync carries a kept value to the server.
    pub async fn decide_team_conflict(
        &self,
        kind: &str,
        local_id: i64,
        field: &str,
        decision: TeamDecision,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        if !conflicts::decide(&mut tx, kind, local_id, field, decision).await? {
            return Err(Error::not_found(crate::error::Entity::SyncConflict, local_id));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Who changed a case last on the team ("geändert von …"), while the device is in a team.
    pub async fn case_team_change(&self, case_id: i64) -> Result<Option<TeamChange>> {
        let changed = records::changed(self.store.pool(), "case", case_id).await?;
        Ok(changed.and_then(|(by, at)| {
            let at = DateTime::parse_from_rfc3339(&at).ok()?.with_timezone(&Utc);
            Some(TeamChange { by, at })
        }))
    }
}
