//! An event's participant list as CSV: one row per participant, the states in German, separated
//! by semicolons and with a byte-order mark, as German spreadsheet programs open a file by double
//! click (with commas and without the mark they split the umlauts and not the columns).

use crate::domain::{Event, EventParticipant};
use crate::{Error, Result};

const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// The list as CSV bytes: a header, then the participants as given.
pub fn to_csv(event: &Event, participants: &[EventParticipant]) -> Result<Vec<u8>> {
    let mut out = BYTE_ORDER_MARK.to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let failed = |e: csv::Error| Error::Database(format!("the participant list could not be written: {e}"));
        writer
            .write_record([
                "Veranstaltung",
                "Name",
                "Organisation",
                "E-Mail",
                "Status",
                "Organisiert",
            ])
            .map_err(failed)?;
        for p in participants {
            writer
                .write_record([
                    event.input.title.as_str(),
                    p.name.as_deref().unwrap_or("(gelöscht)"),
                    p.organisation.as_deref().unwrap_or(""),
                    p.email.as_deref().unwrap_or(""),
                    p.status.german(),
                    if p.organiser { "ja" } else { "" },
                ])
                .map_err(failed)?;
        }
        writer.flush().map_err(|e| Error::Database(e.to_string()))?;
    }
    Ok(out)
}
