//! Reading `.xlsx` workbooks with `calamine`: every sheet whose first row is a header of
//! record columns, each cell placed by sheet, row and column (`sheet "2021年", cell E3`).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::read::{header_columns, Cell, Place, Row};
use crate::error::{Diagnostic, Position};

pub fn rows(path: &Path, bytes: Vec<u8>, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(err) => {
            problems.push(
                Diagnostic::new(path, None, format!("cannot read the workbook: {err}"))
                    .with_help("save it from the spreadsheet program as an Excel workbook (.xlsx)"),
            );
            return Vec::new();
        }
    };
    let mut rows = Vec::new();
    for sheet in workbook.sheet_names() {
        match workbook.worksheet_range(&sheet) {
            Ok(range) => rows.extend(sheet_rows(path, &sheet, &range, problems)),
            Err(err) => problems.push(Diagnostic::new(
                path,
                None,
                format!("cannot read sheet \"{sheet}\": {err}"),
            )),
        }
    }
    rows
}

fn sheet_rows(
    path: &Path,
    sheet: &str,
    range: &calamine::Range<Data>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let Some((first_row, first_column)) = range.start() else {
        return Vec::new();
    };
    let sheet: std::sync::Arc<str> = sheet.into();
    let place = |row: usize, column: usize, header: std::borrow::Cow<'static, str>| {
        let position = Position {
            line: first_row as usize + row + 1,
            column: first_column as usize + column + 1,
        };
        Place::in_sheet(Some(&sheet), position, header)
    };
    let mut lines = range.rows();
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let headers: Vec<(String, Place)> = header
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let text = cell_text(cell);
            let at = place(0, i, text.trim().to_string().into());
            (text, at)
        })
        .collect();
    let Some(columns) = header_columns(path, &headers, problems) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (r, line) in lines.enumerate() {
        let cells: Vec<(Column, Cell)> = line
            .iter()
            .enumerate()
            .filter_map(|(i, data)| {
                let column = (*columns.get(i)?)?;
                let text = cell_text(data);
                let text = text.trim();
                (!text.is_empty()).then(|| {
                    (
                        column,
                        Cell {
                            text: text.to_string(),
                            at: place(r + 1, i, column.name().into()),
                        },
                    )
                })
            })
            .collect();
        if !cells.is_empty() {
            rows.push(Row {
                cells,
                at: place(r + 1, 0, "row".into()),
            });
        }
    }
    rows
}

use super::read::Column;

/// A cell's value as text: numbers in their shortest exact decimal form (a cell holding 0.1
/// reads `0.1`), dates as `2021-05-31`.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Rust writes the shortest decimal that reads back as the same float: what the
        // spreadsheet shows, not the float's binary expansion.
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => serial_day(d.as_f64()),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel day serial (1900 system: day 1 is 1900-01-01, and the serial counts the leap day
/// 1900 never had) as `YYYY-MM-DD`.
fn serial_day(serial: f64) -> String {
    let days = serial.floor() as i64;
    // Serial 25569 is 1970-01-01.
    let (y, m, d) = civil_from_days(days - 25569);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil: days since 1970-01-01 → (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_serials_are_the_days_excel_shows() {
        assert_eq!(serial_day(44347.0), "2021-05-31");
        assert_eq!(serial_day(44314.5), "2021-04-28");
        assert_eq!(serial_day(25569.0), "1970-01-01");
    }

    #[test]
    fn floats_read_as_the_decimal_the_sheet_shows() {
        assert_eq!(cell_text(&Data::Float(0.1)), "0.1");
        assert_eq!(cell_text(&Data::Float(1234.5)), "1234.5");
        assert_eq!(cell_text(&Data::Float(2021.0)), "2021");
    }
}
