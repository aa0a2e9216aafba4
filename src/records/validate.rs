//! Rows of cells → typed [`Record`]s, every problem of every file collected: an unknown unit,
//! area or article (with the nearest), a pair that is not paired, a date outside the pairing's
//! period, a figure that is not a number or whose measure does not fit its metric, and two
//! records that state the same figure differently.

use std::collections::HashMap;
use std::path::PathBuf;

use super::conflicts;
use super::quantity::{parse_number, Dimension, Measure, Quantity};
use super::read::{Cell, Column, Row};
use super::{Citation, Fact, Record, Subject};
use crate::content::Article;
use crate::error::Diagnostic;
use crate::network::{did_you_mean, Network, PairingId, PartialDate, UnitId};

/// The metrics the programme reports, with what they count. Any other metric is free text; its
/// first figure fixes its dimension for the rest.
const KNOWN_METRICS: [(&str, Dimension); 8] = [
    ("财政帮扶资金", Dimension::Money),
    ("销售额", Dimension::Money),
    ("招商引资", Dimension::Money),
    ("转移就业", Dimension::People),
    ("党政干部", Dimension::PersonTimes),
    ("专业技术人员", Dimension::PersonTimes),
    ("项目", Dimension::Count(super::quantity::Counter::Ge)),
    (
        "专场招聘会",
        Dimension::Count(super::quantity::Counter::Chang),
    ),
];

pub(super) fn records(
    network: &Network,
    articles: &[Article],
    files: Vec<(PathBuf, Vec<Row>)>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Record> {
    let names = Names::new(network);
    let reader = Reader {
        network,
        articles,
        names: &names,
    };
    let mut records = Vec::new();
    for (file, rows) in files {
        for row in rows {
            let mut found = Vec::new();
            if let Some(record) = reader.record(&file, row, &mut found) {
                records.push(record);
            }
            problems.extend(found);
        }
    }
    conflicts::check_dimensions(&records, problems);
    let records = conflicts::dedupe_and_check_conflicts(network, records, problems);
    conflicts::check_levels(network, &records, problems);
    records
}

/// Every unit by slug, name and alias (a name several units share finds them all).
struct Names<'a> {
    by_name: HashMap<&'a str, Vec<UnitId>>,
    network: &'a Network,
}

impl<'a> Names<'a> {
    fn new(network: &'a Network) -> Self {
        let mut by_name: HashMap<&str, Vec<UnitId>> = HashMap::new();
        for id in network.unit_ids() {
            let unit = network.unit(id);
            let mut keys: Vec<&str> = vec![unit.slug.as_str()];
            keys.extend(unit.names());
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                by_name.entry(key).or_default().push(id);
            }
        }
        Names { by_name, network }
    }

    fn find(&self, file: &std::path::Path, cell: &Cell) -> Result<UnitId, Diagnostic> {
        match self.by_name.get(cell.text.as_str()).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(several) => {
                let slugs: Vec<&str> = several
                    .iter()
                    .map(|&u| self.network.unit(u).slug.as_str())
                    .collect();
                Err(cell
                    .at
                    .diagnostic(
                        file,
                        format!("\"{}\" names {} units", cell.text, several.len()),
                    )
                    .with_help(format!(
                        "write the slug of the one meant: {}",
                        slugs.join(", ")
                    )))
            }
            None => {
                let known = self.by_name.keys().copied();
                let help = match did_you_mean(&cell.text, known) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => "write a unit's slug, name or alias as content/pairings.toml gives it"
                        .into(),
                };
                Err(cell
                    .at
                    .diagnostic(file, format!("unknown unit \"{}\"", cell.text))
                    .with_help(help))
            }
        }
    }
}

struct Reader<'a> {
    network: &'a Network,
    articles: &'a [Article],
    names: &'a Names<'a>,
}

impl Reader<'_> {
    /// One row as a record; `None` when anything in it is wrong (each problem in `found`).
    fn record(
        &self,
        file: &std::path::Path,
        row: Row,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Record> {
        let cell = |column| row.get(column);
        let subject = self.subject(file, &row, found);
        let area = self.area(file, &row, found);
        let date = match cell(Column::Date) {
            None => {
                found.push(missing(
                    file,
                    &row,
                    Column::Date,
                    "a date: a year (2021), a month (2021-05) or a day (2021-05-31)",
                ));
                None
            }
            Some(c) => PartialDate::parse(&c.text)
                .map_err(|err| {
                    found.push(c.at.diagnostic(file, err).with_help(
                        "write a year (2021), a month (2021-05 or 2021年5月) or a day (2021-05-31)",
                    ))
                })
                .ok(),
        };
        let metric = cell(Column::Metric).map(|c| c.text.clone());
        let fact = fact(file, &row, metric.as_deref(), found);
        let source = self.citation(file, &row, found);
        for (column, c) in &row.cells {
            if let Some(bad) = crate::text::first_forbidden(&c.text) {
                found.push(
                    c.at.diagnostic(
                        file,
                        format!("{}: {}", column.name(), crate::text::forbidden_message(bad)),
                    )
                    .with_help("delete the invisible character; it cannot be published"),
                );
            }
        }
        let subject = subject?;
        let date = date?;
        let subject = self.in_period(file, &row, subject, date, found)?;
        if !found.is_empty() {
            return None;
        }
        Some(Record {
            subject,
            area: area?,
            date,
            metric,
            fact: fact?,
            source: source?,
            file: file.to_path_buf(),
            at: row.at,
        })
    }

    /// The unit, or the pair of units, a row names; a pair's pairing is chosen by date later.
    fn subject(
        &self,
        file: &std::path::Path,
        row: &Row,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Pending> {
        let unit = row.get(Column::Unit);
        let (east, west) = (row.get(Column::East), row.get(Column::West));
        let mut find = |cell: &Cell| self.names.find(file, cell).map_err(|d| found.push(d)).ok();
        match (unit, east, west) {
            (Some(unit), None, None) => find(unit).map(Pending::Unit),
            (None, Some(east), Some(west)) => {
                let (east_id, west_id) = (find(east), find(west));
                let (east_id, west_id) = (east_id?, west_id?);
                let pairings: Vec<PairingId> = self
                    .network
                    .pairings_of(east_id)
                    .iter()
                    .copied()
                    .filter(|&p| self.network.pairing(p).west == west_id)
                    .collect();
                if pairings.is_empty() {
                    let partners: Vec<&str> = self
                        .network
                        .pairings_of(east_id)
                        .iter()
                        .map(|&p| {
                            self.network
                                .unit(self.network.pairing(p).partner_of(east_id))
                                .name
                                .as_str()
                        })
                        .collect();
                    let help = if partners.is_empty() {
                        format!("{} pairs with no unit in content/pairings.toml", east.text)
                    } else {
                        format!("{} pairs with {}", east.text, partners.join("、"))
                    };
                    found.push(
                        west.at
                            .diagnostic(
                                file,
                                format!("{} and {} are not paired", east.text, west.text),
                            )
                            .with_help(help),
                    );
                    return None;
                }
                Some(Pending::Pair(pairings))
            }
            (None, None, None) => {
                found.push(missing(
                    file,
                    row,
                    Column::Unit,
                    "the unit it is about (unit), or the two units of a pairing (east and west)",
                ));
                None
            }
            _ => {
                found.push(
                    row.at
                        .diagnostic(file, "a record is about a unit (unit) or a pairing (east and west), not both")
                        .with_help("give unit alone, or east and west together"),
                );
                None
            }
        }
    }

    /// The area a row names: `Some(None)` when it names none, `None` when it names an unknown one.
    fn area(
        &self,
        file: &std::path::Path,
        row: &Row,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Option<usize>> {
        let Some(cell) = row.get(Column::Area) else {
            return Some(None);
        };
        if let Some(i) = self.network.areas.iter().position(|a| *a == cell.text) {
            return Some(Some(i));
        }
        let areas = self.network.areas.join("、");
        let help = match did_you_mean(&cell.text, self.network.areas.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean \"{near}\"? The areas are those of content/pairings.toml: {areas}"
            ),
            None => format!("the areas are those of content/pairings.toml: {areas}"),
        };
        found.push(
            cell.at
                .diagnostic(file, format!("unknown area \"{}\"", cell.text))
                .with_help(help),
        );
        None
    }

    /// The article and paragraph that state the record; `Some(None)` when it cites none.
    fn citation(
        &self,
        file: &std::path::Path,
        row: &Row,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Option<Citation>> {
        let paragraph = row.get(Column::Paragraph);
        let Some(source) = row.get(Column::Source) else {
            if let Some(p) = paragraph {
                found.push(
                    p.at.diagnostic(file, "a paragraph without a source")
                        .with_help("name the article in source (its slug) as well"),
                );
                return None;
            }
            return Some(None);
        };
        let published = self
            .articles
            .iter()
            .find(|a| a.slug.as_str() == source.text && !a.draft);
        let Some(article) = published else {
            let slugs = self.articles.iter().map(|a| a.slug.as_str());
            let help = match did_you_mean(&source.text, slugs) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => "give the slug of a published article (its file name without .md)".into(),
            };
            found.push(
                source
                    .at
                    .diagnostic(
                        file,
                        format!("source \"{}\" is not a published article", source.text),
                    )
                    .with_help(help),
            );
            return None;
        };
        let paragraph_id = match paragraph {
            None => None,
            Some(p) => {
                let digits = p.text.strip_prefix("p-").unwrap_or(&p.text);
                if digits.is_empty()
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || digits.starts_with('0')
                {
                    found.push(
                        p.at.diagnostic(file, format!("\"{}\" is not a paragraph", p.text))
                            .with_help("write the paragraph's id as the article page gives it: p-4 for the fourth paragraph (or just 4)"),
                    );
                    return None;
                }
                Some(format!("p-{digits}"))
            }
        };
        Some(Some(Citation {
            article: article.slug.clone(),
            paragraph: paragraph_id,
            paragraph_at: paragraph.map(|p| p.at.clone()),
        }))
    }

    /// A unit record as it is; a pair's record attached to the period holding on its date.
    fn in_period(
        &self,
        file: &std::path::Path,
        row: &Row,
        subject: Pending,
        date: PartialDate,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Subject> {
        let pairings = match subject {
            Pending::Unit(u) => return Some(Subject::Unit(u)),
            Pending::Pair(pairings) => pairings,
        };
        let holding = pairings
            .iter()
            .copied()
            .find(|&p| holds_on(&self.network.pairing(p).period, date));
        if let Some(p) = holding {
            return Some(Subject::Pairing(p));
        }
        let periods: Vec<String> = pairings
            .iter()
            .filter_map(|&p| self.network.pairing(p).period.chinese())
            .collect();
        let at = row.get(Column::Date).map_or(&row.at, |c| &c.at);
        found.push(
            at.diagnostic(
                file,
                format!(
                    "{} is outside the pairing's period ({})",
                    date.chinese(),
                    periods.join("、")
                ),
            )
            .with_help("check the date, or the pairing's start and end in content/pairings.toml"),
        );
        None
    }
}

/// A row's subject before its date picks the pairing.
enum Pending {
    Unit(UnitId),
    Pair(Vec<PairingId>),
}

/// Whether `date` falls in `period`, at the precision both have (a year-only start holds all of
/// that year).
pub(super) fn holds_on(period: &crate::network::Period, date: PartialDate) -> bool {
    use std::cmp::Ordering;
    let after_start = period
        .start
        .is_none_or(|start| date.cmp_coarse(&start) != Ordering::Less);
    let before_end = match period.end {
        Some(end) => date.cmp_coarse(&end) != Ordering::Greater,
        None => true,
    };
    after_start && before_end
}

fn missing(file: &std::path::Path, row: &Row, column: Column, what: &str) -> Diagnostic {
    row.at
        .diagnostic(file, format!("the record has no {}", column.name()))
        .with_help(format!("give {what}"))
}

/// A figure (value and measure, fitting the metric) or an activity (text).
fn fact(
    file: &std::path::Path,
    row: &Row,
    metric: Option<&str>,
    found: &mut Vec<Diagnostic>,
) -> Option<Fact> {
    let (value, measure, text) = (
        row.get(Column::Value),
        row.get(Column::Measure),
        row.get(Column::Text),
    );
    match (value, measure, text) {
        (None, None, Some(text)) => Some(Fact::Activity(text.text.clone())),
        (Some(value), Some(measure_cell), None) => {
            let number = parse_number(&value.text);
            if number.is_none() {
                found.push(
                    value
                        .at
                        .diagnostic(file, format!("\"{}\" is not a number", value.text))
                        .with_help(
                            "write the figure alone, such as 1234.5; its unit goes in measure",
                        ),
                );
            }
            let measure = Measure::parse(&measure_cell.text);
            if measure.is_none() {
                let listed = Measure::all().map(Measure::as_str);
                let near = did_you_mean(&measure_cell.text, listed)
                    .map(|n| format!("did you mean \"{n}\"? "))
                    .unwrap_or_default();
                found.push(
                    measure_cell
                        .at
                        .diagnostic(file, format!("unknown measure \"{}\"", measure_cell.text))
                        .with_help(format!("{near}the measures are {}", Measure::listed())),
                );
            }
            let Some(metric_name) = metric else {
                found.push(missing(
                    file,
                    row,
                    Column::Metric,
                    "what the figure counts, such as 财政帮扶资金 or 转移就业",
                ));
                return None;
            };
            let (value, measure) = (number?, measure?);
            if let Some(&(_, expected)) = KNOWN_METRICS.iter().find(|(m, _)| *m == metric_name) {
                if measure.dimension() != expected {
                    found.push(
                        measure_cell
                            .at
                            .diagnostic(
                                file,
                                format!(
                                    "{metric_name} is counted in {}, not in {}",
                                    expected.describe(),
                                    measure.as_str()
                                ),
                            )
                            .with_help(format!(
                                "give the figure in {}",
                                expected.total_measure().as_str()
                            )),
                    );
                    return None;
                }
            }
            if measure.dimension() != Dimension::Money && !value.fract().is_zero() {
                found.push(
                    value_cell_at(row)
                        .diagnostic(file, format!("{} {} is not a whole number", super::quantity::number_text(value), measure.as_str()))
                        .with_help("people and things are counted in whole numbers; only money has a fraction"),
                );
                return None;
            }
            Some(Fact::Figure(Quantity { value, measure }))
        }
        (None, None, None) => {
            found.push(missing(
                file,
                row,
                Column::Value,
                "a figure (value and measure) or an activity (text)",
            ));
            None
        }
        (Some(_), None, None) => {
            found.push(
                value
                    .expect("matched")
                    .at
                    .diagnostic(file, "a figure without its measure")
                    .with_help(format!(
                        "give the measure of the figure: one of {}",
                        Measure::listed()
                    )),
            );
            None
        }
        (None, Some(measure), None) => {
            found.push(
                measure
                    .at
                    .diagnostic(file, "a measure without a value")
                    .with_help("give the figure in value"),
            );
            None
        }
        _ => {
            found.push(
                row.at
                    .diagnostic(
                        file,
                        "a record is a figure (value and measure) or an activity (text), not both",
                    )
                    .with_help("put the activity in a record of its own"),
            );
            None
        }
    }
}

fn value_cell_at(row: &Row) -> &super::read::Place {
    row.get(Column::Value).map_or(&row.at, |c| &c.at)
}
