//! Calendar files: the iCalendar import, the export and the subscription feed that serves the
//! export over HTTP.

mod export;
mod feed;
mod import;
