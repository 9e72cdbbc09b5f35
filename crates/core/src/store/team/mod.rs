//! The team sync's bookkeeping in the local database: global ids beside local ones, the outbox the
//! triggers fill, the operations sealed for a push, the pulled records staged for applying, and the
//! conflicts the advisor decides. The protocol itself is `team_protocol`; the order of a sync is
//! `service::team`.

pub mod conflicts;
pub mod connection;
pub mod inbox;
pub mod kinds;
pub mod outbox;
pub mod records;
pub mod references;
pub mod scope;
pub mod triggers;
