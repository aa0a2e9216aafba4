//! Reading record files into rows of named cells, each cell with where it was written: TOML
//! (`[[records]]`), CSV (UTF-8 with or without a byte-order mark, or GB18030) and `.xlsx`
//! workbooks (every sheet, its first row the header). Nothing here knows what a cell means;
//! `validate` reads the cells.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Diagnostic, Position};

/// A column of a record table. TOML fields and spreadsheet headers name them alike, in English
/// or in Chinese (see [`Column::NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Unit,
    East,
    West,
    Area,
    Date,
    Metric,
    Value,
    Measure,
    Text,
    Source,
    Paragraph,
}

impl Column {
    /// Every column with the names a header may give it; the first is the one messages use.
    pub const NAMES: [(Column, &'static [&'static str]); 11] = [
        (Column::Unit, &["unit", "单位"]),
        (Column::East, &["east", "东部"]),
        (Column::West, &["west", "西部"]),
        (Column::Area, &["area", "领域", "协作领域"]),
        (Column::Date, &["date", "日期", "时间"]),
        (Column::Metric, &["metric", "指标"]),
        (Column::Value, &["value", "数值"]),
        (Column::Measure, &["measure", "计量单位"]),
        (Column::Text, &["text", "事项"]),
        (Column::Source, &["source", "来源"]),
        (Column::Paragraph, &["paragraph", "段落"]),
    ];

    pub fn named(header: &str) -> Option<Column> {
        let header = header.trim();
        Column::NAMES
            .iter()
            .find(|(_, names)| names.contains(&header))
            .map(|&(column, _)| column)
    }

    pub fn name(self) -> &'static str {
        Column::NAMES
            .iter()
            .find(|&&(c, _)| c == self)
            .map(|&(_, names)| names[0])
            .expect("every column is named")
    }

    fn all_names() -> impl Iterator<Item = &'static str> {
        Column::NAMES
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
    }
}

/// Where a cell or a row was written: its line and column (for a spreadsheet, its row and
/// column number), and how a person finds it in a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub position: Position,
    /// In a spreadsheet (a CSV file or a workbook's sheet), what names the cell in messages;
    /// none in TOML. Its text is made only for a message: a build reads every cell of the
    /// records and reports on few (formatting each cell's name took 12% of a build's
    /// instructions on the 1k site with its records).
    cell: Option<CellName>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CellName {
    /// The workbook's sheet; none in a CSV file.
    sheet: Option<Arc<str>>,
    /// The column's header as written, or what the place is (`row`).
    header: Cow<'static, str>,
}

impl Place {
    /// A place in a TOML file.
    pub fn in_toml(position: Position) -> Place {
        Place {
            position,
            cell: None,
        }
    }

    /// The cell at `position` (its row and column number) of a spreadsheet, under `header`.
    pub fn in_sheet(
        sheet: Option<&Arc<str>>,
        position: Position,
        header: impl Into<Cow<'static, str>>,
    ) -> Place {
        Place {
            position,
            cell: Some(CellName {
                sheet: sheet.cloned(),
                header: header.into(),
            }),
        }
    }

    /// `sheet "2021年", cell E3 (header)`, or `cell E3 (header)` in a CSV file.
    fn cell_name(&self) -> Option<String> {
        let name = self.cell.as_ref()?;
        let Position { line, column } = self.position;
        let cell = format!("cell {}{line} ({})", column_letters(column), name.header);
        Some(match &name.sheet {
            Some(sheet) => format!("sheet \"{sheet}\", {cell}"),
            None => cell,
        })
    }

    /// A problem at this place of `file`.
    pub fn diagnostic(&self, file: &Path, message: impl AsRef<str>) -> Diagnostic {
        let message = message.as_ref();
        let message = match self.cell_name() {
            Some(cell) => format!("{cell}: {message}"),
            None => message.to_string(),
        };
        Diagnostic::new(file, Some(self.position), message)
    }
}

/// One cell's text, trimmed, and where it is.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub at: Place,
}

/// One record as written: its non-empty cells by column.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<(Column, Cell)>,
    pub at: Place,
}

impl Row {
    pub fn get(&self, column: Column) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, cell)| cell)
    }
}

/// `A`, `B`, … `Z`, `AA`: the spreadsheet name of column `number` (from 1).
pub fn column_letters(mut number: usize) -> String {
    let mut letters = Vec::new();
    while number > 0 {
        number -= 1;
        letters.push(b'A' + (number % 26) as u8);
        number /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// The rows of one record file, by its extension; problems of the file's form (a header that
/// names no column, a bad encoding, TOML syntax) are added to `problems`.
pub fn rows(path: &Path, bytes: Vec<u8>, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => match crate::source::decode_text(path, bytes) {
            Ok(text) => toml_rows(path, &text, problems),
            Err(crate::Error::Invalid(found)) => {
                problems.extend(found.0);
                Vec::new()
            }
            Err(other) => {
                problems.push(Diagnostic::new(path, None, other.to_string()));
                Vec::new()
            }
        },
        Some("csv") => match decode_csv(path, &bytes) {
            Ok(text) => csv_rows(path, &text, problems),
            Err(problem) => {
                problems.push(problem);
                Vec::new()
            }
        },
        Some("xlsx") => super::xlsx::rows(path, bytes, problems),
        _ => Vec::new(),
    }
}

/// CSV text: UTF-8 (a byte-order mark dropped), else GB18030, which Chinese spreadsheet programs
/// export. A GB18030 file is almost never valid UTF-8, so the test is safe in practice.
pub fn decode_csv(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| {
            Diagnostic::new(path, None, "the file is neither UTF-8 nor GB18030 text").with_help(
                "save the spreadsheet as CSV in UTF-8 (or in GB18030, as Chinese spreadsheet programs do by default)",
            )
        })
}

/// The header row's columns, by position; an unknown or repeated header is a problem, and then
/// there are none: the cells would be read into the wrong columns, or into none, and the
/// header's problem alone says what to fix.
pub fn header_columns(
    path: &Path,
    headers: &[(String, Place)],
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<Column>>> {
    let before = problems.len();
    let mut seen: Vec<Column> = Vec::new();
    let columns = headers
        .iter()
        .map(|(header, at)| {
            if header.trim().is_empty() {
                return None;
            }
            match Column::named(header) {
                Some(column) if seen.contains(&column) => {
                    problems.push(
                        at.diagnostic(
                            path,
                            format!("the column \"{}\" is given twice", column.name()),
                        )
                        .with_help("keep one column of each name"),
                    );
                    None
                }
                Some(column) => {
                    seen.push(column);
                    Some(column)
                }
                None => {
                    problems.push(
                        at.diagnostic(
                            path,
                            format!("unknown column \"{}\" in the header row", header.trim()),
                        )
                        .with_help(unknown_column_help(header)),
                    );
                    None
                }
            }
        })
        .collect();
    (problems.len() == before).then_some(columns)
}

pub fn unknown_column_help(header: &str) -> String {
    let known = Column::NAMES
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ");
    match crate::network::did_you_mean(header.trim(), Column::all_names()) {
        Some(near) => format!("did you mean \"{near}\"? The columns are {known}"),
        None => format!("the columns are {known} (or their Chinese names; see README.md)"),
    }
}

fn csv_rows(path: &Path, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let place = |line: u64, column: usize, header: Cow<'static, str>| {
        let position = Position {
            line: line as usize,
            column,
        };
        Place::in_sheet(None, position, header)
    };
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(err)) => {
            problems.push(csv_problem(path, &err));
            return Vec::new();
        }
        None => return Vec::new(),
    };
    let line = header.position().map_or(1, |p| p.line());
    let headers: Vec<(String, Place)> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                h.to_string(),
                place(line, i + 1, h.trim().to_string().into()),
            )
        })
        .collect();
    let Some(columns) = header_columns(path, &headers, problems) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(csv_problem(path, &err));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() > headers.len()
            && record
                .iter()
                .skip(headers.len())
                .any(|f| !f.trim().is_empty())
        {
            problems.push(
                place(line, headers.len() + 1, "".into())
                    .diagnostic(
                        path,
                        format!(
                            "the row has {} cells, the header {}",
                            record.len(),
                            headers.len()
                        ),
                    )
                    .with_help("give every cell a column in the header row"),
            );
            continue;
        }
        let cells: Vec<(Column, Cell)> = record
            .iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let column = (*columns.get(i)?)?;
                let text = text.trim();
                (!text.is_empty()).then(|| {
                    let at = place(line, i + 1, column.name().into());
                    (
                        column,
                        Cell {
                            text: text.to_string(),
                            at,
                        },
                    )
                })
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        rows.push(Row {
            cells,
            at: place(line, 1, "row".into()),
        });
    }
    rows
}

fn csv_problem(path: &Path, err: &csv::Error) -> Diagnostic {
    let position = err.position().map(|p| Position {
        line: p.line() as usize,
        column: 1,
    });
    Diagnostic::new(path, position, format!("cannot read the CSV file: {err}")).with_help(
        "check the quoting: a cell with a comma or a quote is written \"like \"\"this\"\", here\"",
    )
}

/// `[[records]]` tables; each field a cell at its value's line and column.
fn toml_rows(path: &Path, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    use std::collections::BTreeMap;
    use toml::Spanned;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        records: Vec<Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
    }
    let file: File = match crate::source::parse_toml(path, text, 1) {
        Ok(file) => file,
        Err(problem) => {
            problems.push(problem);
            return Vec::new();
        }
    };
    let at = |offset: usize| Place::in_toml(Position::of_offset(text, offset));
    let mut rows = Vec::new();
    for table in file.records {
        let row_at = at(table.span().start);
        let mut entries: Vec<(&String, &Spanned<toml::Value>)> = table.get_ref().iter().collect();
        entries.sort_by_key(|(_, v)| v.span().start);
        let mut cells = Vec::new();
        for (key, value) in entries {
            let cell_at = at(value.span().start);
            let Some(column) = Column::named(key) else {
                problems.push(
                    cell_at
                        .diagnostic(path, format!("unknown field \"{key}\" in a record"))
                        .with_help(unknown_column_help(key)),
                );
                continue;
            };
            let written = &text[value.span()];
            let cell_text = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                // The number as written, so that 0.1 stays exactly 0.1.
                toml::Value::Integer(_) | toml::Value::Float(_) => written.replace('_', ""),
                toml::Value::Datetime(d) => d.to_string(),
                _ => {
                    problems.push(
                        cell_at
                            .diagnostic(path, format!("{key} must be text, a number or a date"))
                            .with_help("write text in quotes, such as metric = \"转移就业\""),
                    );
                    continue;
                }
            };
            let cell_text = cell_text.trim().to_string();
            if !cell_text.is_empty() {
                cells.push((
                    column,
                    Cell {
                        text: cell_text,
                        at: cell_at,
                    },
                ));
            }
        }
        rows.push(Row { cells, at: row_at });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        let shown: Vec<String> = [1, 5, 26, 27, 52, 703]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(shown, ["A", "E", "Z", "AA", "AZ", "AAA"]);
    }

    #[test]
    fn csv_is_read_as_utf8_with_or_without_bom_and_else_as_gb18030() {
        let path = Path::new("r.csv");
        let text = "单位,数值\n香洲区,12\n";
        assert_eq!(decode_csv(path, text.as_bytes()).unwrap(), text);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode_csv(path, &with_bom).unwrap(), text);
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert!(std::str::from_utf8(&gb).is_err());
        assert_eq!(decode_csv(path, &gb).unwrap(), text);
    }
}
