//! The report as an XLSX workbook, written by `rust_xlsxwriter` (a writer made for the format):
//! a first sheet naming the period and scope, one sheet per table with counts as numbers and
//! months as dates, and the definitions of every figure.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::tables::{tables, Cell};
use crate::domain::{figure_definitions, ActivityReport};
use crate::{Error, Result};

fn failed(e: XlsxError) -> Error {
    Error::Database(format!("the report could not be written as XLSX: {e}"))
}

fn write_cell(sheet: &mut Worksheet, row: u32, column: u16, cell: &Cell, formats: &Formats) -> Result<()> {
    match cell {
        Cell::Text(text) => sheet.write_string(row, column, text.as_str()).map(|_| ()),
        Cell::Number(n) => sheet.write_number(row, column, *n).map(|_| ()),
        Cell::Percent(p) => sheet
            .write_number_with_format(row, column, *p / 100.0, &formats.percent)
            .map(|_| ()),
        Cell::Date(day) => sheet
            .write_date_with_format(row, column, day, &formats.date)
            .map(|_| ()),
        Cell::Month(day) => sheet
            .write_date_with_format(row, column, day, &formats.month)
            .map(|_| ()),
        Cell::Empty => Ok(()),
    }
    .map_err(failed)
}

struct Formats {
    bold: Format,
    date: Format,
    month: Format,
    percent: Format,
    wrap: Format,
}

/// The report as XLSX bytes, made on `made_on`.
pub fn to_xlsx(report: &ActivityReport, made_on: NaiveDate) -> Result<Vec<u8>> {
    let formats = Formats {
        bold: Format::new().set_bold(),
        date: Format::new().set_num_format("dd.mm.yyyy"),
        month: Format::new().set_num_format("mm/yyyy"),
        percent: Format::new().set_num_format("0.0 %"),
        wrap: Format::new().set_text_wrap(),
    };
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Tätigkeitsbericht {}", report.query.period.german()))
            .set_author("Beratungsplaner"),
    );
    let cover = workbook.add_worksheet();
    cover.set_name("Bericht").map_err(failed)?;
    cover.set_column_width(0, 22).map_err(failed)?;
    cover.set_column_width(1, 40).map_err(failed)?;
    let period = &report.query.period;
    let facts: [(&str, Cell); 4] = [
        ("Zeitraum von", Cell::Date(period.from)),
        ("Zeitraum bis", Cell::Date(period.to)),
        ("Umfang", Cell::Text(report.scope_label.clone())),
        ("Erstellt am", Cell::Date(made_on)),
    ];
    cover
        .write_string_with_format(0, 0, "Tätigkeitsbericht", &formats.bold)
        .map_err(failed)?;
    for (i, (label, cell)) in facts.iter().enumerate() {
        let row = u32::try_from(i + 2).unwrap_or(u32::MAX);
        cover.write_string(row, 0, *label).map_err(failed)?;
        write_cell(cover, row, 1, cell, &formats)?;
    }
    for table in tables(report) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.sheet).map_err(failed)?;
        for (column, head) in table.columns.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(0, column, *head, &formats.bold)
                .map_err(failed)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                write_cell(sheet, r, u16::try_from(c).unwrap_or(u16::MAX), cell, &formats)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        sheet.autofit();
    }
    let definitions = workbook.add_worksheet();
    definitions.set_name("Definitionen").map_err(failed)?;
    definitions
        .write_string_with_format(0, 0, "Kennzahl", &formats.bold)
        .map_err(failed)?;
    definitions
        .write_string_with_format(0, 1, "Was gezählt wird", &formats.bold)
        .map_err(failed)?;
    definitions.set_column_width(0, 30).map_err(failed)?;
    definitions.set_column_width(1, 100).map_err(failed)?;
    for (i, definition) in figure_definitions().iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        definitions
            .write_string(row, 0, definition.name.as_str())
            .map_err(failed)?;
        definitions
            .write_string_with_format(row, 1, definition.definition.as_str(), &formats.wrap)
            .map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}
