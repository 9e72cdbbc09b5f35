//! CalDAV: the advisor's calendar server gets every event of the export as its own resource.
//!
//! `client` talks to the server, `resources` cuts the export into calendar objects, `merge`
//! compares an event field by field for conflicts; the sync itself (what to create, update,
//! delete, and when the server's change must not be overwritten) is `Planner::sync_caldav`.

pub mod client;
pub mod merge;
pub mod resources;
