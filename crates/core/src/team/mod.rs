//! The team server as the app sees it: the HTTP client. The bookkeeping in the local database is
//! `store::team`, the order of a sync `service::team`, the wire format `team_protocol`.

mod client;

pub use client::TeamClient;
