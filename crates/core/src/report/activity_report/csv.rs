//! The report as CSV: one line per figure (table, row, column, value), so that a spreadsheet's
//! pivot table or a script reads every table from one file. Semicolons and a byte-order mark, as
//! German spreadsheet programs open a file by double click; numbers without thousands separators,
//! dates as `YYYY-MM-DD`, months as `YYYY-MM`.

use super::tables::{tables, Cell};
use crate::domain::ActivityReport;
use crate::{Error, Result};

const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

fn value(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Percent(p) => format!("{p:.1}").replace('.', ","),
        Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
        Cell::Month(day) => day.format("%Y-%m").to_string(),
        Cell::Empty => String::new(),
    }
}

/// The report as CSV bytes.
pub fn to_csv(report: &ActivityReport) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::Database(format!("the report could not be written as CSV: {e}"));
    let mut out = BYTE_ORDER_MARK.to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        writer
            .write_record(["Tabelle", "Zeile", "Kennzahl", "Wert"])
            .map_err(failed)?;
        writer
            .write_record(["Bericht", "Zeitraum", "von", &report.query.period.from.to_string()])
            .map_err(failed)?;
        writer
            .write_record(["Bericht", "Zeitraum", "bis", &report.query.period.to.to_string()])
            .map_err(failed)?;
        writer
            .write_record(["Bericht", "Umfang", "Umfang", &report.scope_label])
            .map_err(failed)?;
        for table in tables(report) {
            for row in &table.rows {
                let Some((label, cells)) = row.split_first() else {
                    continue;
                };
                let label = value(label);
                for (column, cell) in table.columns.iter().skip(1).zip(cells) {
                    writer
                        .write_record([table.sheet, &label, column, &value(cell)])
                        .map_err(failed)?;
                }
            }
        }
        writer.flush().map_err(|e| Error::Database(e.to_string()))?;
    }
    Ok(out)
}
