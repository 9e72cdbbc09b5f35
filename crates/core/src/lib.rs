//! Beratungsplaner's core: everything but the window.
//!
//! The [`Planner`] service is the one API that the Tauri commands, the command line and the tests
//! call. It owns the SQLite pool ([`store`]) and applies the rules of [`domain`], which does no I/O.
//!
//! The layers point one way, so each can be read and tested without the ones above it:
//! [`domain`] (types, rules, the home zone, schedules, UIDs) at the bottom; [`calendar`] and
//! [`report`], engines over domain types; [`store`], the SQL; [`demo`], which writes through the
//! store; [`service`] (`Planner`), which uses all of them; [`feed_server`], the HTTP server that
//! holds a `Planner`, on top. Every feature has the same file name in `domain/`, `store/` and
//! `service/` (bookings, cases, calendar_files, …).
#![deny(missing_docs)]

pub mod calendar;
pub mod demo;
pub mod domain;
pub mod error;
pub mod feed_server;
pub mod private_files;
pub mod report;
pub mod service;
pub mod store;
pub mod team;

pub use error::{Error, Result};
pub use service::{Planner, PrintFormat};
