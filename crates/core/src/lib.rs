//! Beratungsplaner's core: everything but the window.
//!
//! The [`Planner`] service is the one API that the Tauri commands, the command line and the tests
//! call. It owns the SQLite pool ([`store`]) and applies the rules of [`domain`], which does no I/O.
#![deny(missing_docs)]

pub mod calendar;
pub mod demo;
pub mod domain;
pub mod error;
pub mod report;
pub mod service;
pub mod store;

pub use error::{Error, Result};
pub use service::{Planner, PrintFormat};
