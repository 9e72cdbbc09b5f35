//! Hostile recurring events, shared by the hostile-input tests and the week-view bench: every
//! second from 1970 and every minute of a day that does not exist (as an older version stored
//! them; no import takes them now), every day from 1900, every five hours from 1950.

use std::path::Path;

use beratungsplaner_core::Planner;

/// The hostile events as a file can hold them: UID, DTSTART line, RRULE. `secondly` and
/// `minutely` get their real rules from [`LEGACY_RULES`] after the import.
pub const HOSTILE_EVENTS: [(&str, &str, &str); 4] = [
    ("secondly", "DTSTART:19700101T000000Z", "FREQ=DAILY"),
    ("minutely", "DTSTART:19700101T000000Z", "FREQ=DAILY"),
    ("daily", "DTSTART;TZID=Europe/Berlin:19000101T080000", "FREQ=DAILY"),
    (
        "hourly",
        "DTSTART;TZID=Europe/Berlin:19500101T003000",
        "FREQ=HOURLY;INTERVAL=5",
    ),
];

/// What an older version stored and no import lets in any more, by UID.
pub const LEGACY_RULES: [(&str, &str); 2] = [
    ("secondly", "FREQ=SECONDLY"),
    ("minutely", "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30"),
];

/// One VEVENT of `minutes` with an optional rule.
pub fn vevent(uid: &str, start: &str, rule: Option<&str>, minutes: u32) -> String {
    let rule = rule.map(|r| format!("RRULE:{r}\r\n")).unwrap_or_default();
    format!("BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\n{start}\r\nDURATION:PT{minutes}M\r\n{rule}END:VEVENT\r\n")
}

/// Imports the calendar of `events` (VEVENTs) into a new database at `db`, then writes `rules`
/// into the stored rows of those UIDs behind the app's back.
pub async fn import_then_plant(db: &Path, events: &str, rules: &[(&str, &str)]) {
    let file = db.with_extension("ics");
    std::fs::write(
        &file,
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n"),
    )
    .expect("write");
    let planner = Planner::open(db, &test_key()).await.expect("open");
    planner.import_ics(&file, false, |_| {}).await.expect("import");
    planner.close().await;
    let pool = sqlx::SqlitePool::connect_with(
        beratungsplaner_core::store::encryption::options(Some(&test_key())).filename(db),
    )
    .await
    .expect("connect");
    for (uid, rule) in rules {
        sqlx::query("UPDATE appointments SET rrule = ?1 WHERE uid = ?2")
            .bind(rule)
            .bind(uid)
            .execute(&pool)
            .await
            .expect("update");
    }
    pool.close().await;
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
