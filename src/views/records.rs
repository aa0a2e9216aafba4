//! What templates see of records: tables of a page's records by area and year, and totals of
//! its figures by year and by unit, each with its bar charts (SVG drawn here) and a sentence
//! that says what the chart shows.

use rust_decimal::Decimal;
use serde::Serialize;

use super::units::Hrefs;
use crate::chart::{self, Bar};
use crate::locale::Strings;
use crate::network::{Network, UnitId};
use crate::records::quantity::number_text;
use crate::records::totals::MetricTotal;
use crate::records::{Fact, Record, Subject};

/// The most bars a chart by unit shows: the largest, in order.
pub const CHART_UNITS: usize = 12;

/// A page's records, by area (in the data's order) and year, oldest first.
#[derive(Serialize)]
pub struct RecordsView<'a> {
    pub areas: Vec<AreaRecords<'a>>,
    /// The same records as a CSV file.
    pub csv: String,
}

#[derive(Serialize)]
pub struct AreaRecords<'a> {
    pub name: &'a str,
    /// Its page, when it has one.
    pub href: Option<&'a str>,
    /// Whether any of its records is a figure (else the table has no figure column).
    pub figures: bool,
    pub years: Vec<YearRecords<'a>>,
}

#[derive(Serialize)]
pub struct YearRecords<'a> {
    /// `2021年`.
    pub label: String,
    pub rows: Vec<RecordRow<'a>>,
}

#[derive(Serialize)]
pub struct RecordRow<'a> {
    /// `2021`, `2021-05` or `2021-05-31`, for `<time datetime>`.
    pub date: String,
    pub date_text: String,
    pub subject: SubjectLink<'a>,
    /// The metric of a figure, the text of an activity.
    pub what: &'a str,
    /// `1234.5万元`, for a figure.
    pub figure: Option<String>,
    pub source: Option<SourceLink<'a>>,
}

#[derive(Serialize)]
pub struct SubjectLink<'a> {
    pub label: String,
    pub href: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SourceLink<'a> {
    pub href: String,
    pub title: &'a str,
    /// `第4段`, when the record names the paragraph.
    pub paragraph: Option<String>,
}

/// Figures of a page added up: per metric, a table by unit and year with its charts.
#[derive(Serialize)]
pub struct TotalsView {
    pub metrics: Vec<MetricView>,
    pub csv: String,
}

#[derive(Serialize)]
pub struct MetricView {
    /// `财政帮扶资金（万元）`: the table's caption and the charts' subject.
    pub caption: String,
    /// `2021年` …, the columns.
    pub years: Vec<String>,
    pub rows: Vec<TotalRow>,
    /// The sum of each year, and of all.
    pub sums: Vec<String>,
    pub total: String,
    /// Bars by year; and by unit, when there are several; each with its title.
    pub chart_years: String,
    pub chart_years_title: String,
    pub chart_units: Option<String>,
    pub chart_units_title: String,
    /// What the charts show, in a sentence.
    pub summary: String,
}

#[derive(Serialize)]
pub struct TotalRow {
    pub label: String,
    pub href: Option<String>,
    /// Per year (empty where the unit has no figure for it).
    pub cells: Vec<String>,
    pub total: String,
}

/// What a total's row stands for: a unit, or two units paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Breakdown {
    Unit(UnitId),
    Pair(UnitId, UnitId),
}

/// Builds record tables and totals for the pages of one build.
pub struct RecordViews<'a> {
    pub network: &'a Network,
    pub hrefs: &'a dyn Hrefs,
    pub t: &'a Strings,
    /// Per area of the data, its page's link.
    pub area_hrefs: Vec<Option<&'a str>>,
}

impl<'a> RecordViews<'a> {
    /// The tables of `records`, by area then year; `None` when there are none.
    pub fn records(&self, records: &[&'a Record], csv: String) -> Option<RecordsView<'a>> {
        if records.is_empty() {
            return None;
        }
        let mut areas = Vec::new();
        let named = self
            .network
            .areas
            .iter()
            .enumerate()
            .map(|(i, name)| (Some(i), name.as_str()));
        let other = std::iter::once((None, self.t.get("records_no_area")));
        for (i, name) in named.chain(other) {
            let mut of_area: Vec<&Record> =
                records.iter().copied().filter(|r| r.area == i).collect();
            if of_area.is_empty() {
                continue;
            }
            of_area.sort_by_key(|r| r.date);
            let figures = of_area.iter().any(|r| r.figure().is_some());
            let mut years: Vec<YearRecords> = Vec::new();
            for record in of_area {
                let label = self.year(record.date.year);
                if years.last().is_none_or(|y| y.label != label) {
                    years.push(YearRecords {
                        label,
                        rows: Vec::new(),
                    });
                }
                let row = self.row(record);
                years.last_mut().expect("just pushed").rows.push(row);
            }
            areas.push(AreaRecords {
                name,
                figures,
                href: i.and_then(|i| self.area_hrefs.get(i).copied().flatten()),
                years,
            });
        }
        Some(RecordsView { areas, csv })
    }

    fn year(&self, year: u16) -> String {
        self.t
            .partial_date(&crate::network::PartialDate::year(year))
    }

    fn row(&self, record: &'a Record) -> RecordRow<'a> {
        let (what, figure) = match &record.fact {
            Fact::Figure(q) => (
                record.metric.as_deref().unwrap_or_default(),
                Some(q.to_string()),
            ),
            Fact::Activity(text) => (text.as_str(), None),
        };
        RecordRow {
            date: record.date.iso(),
            date_text: self.t.partial_date(&record.date),
            subject: self.subject(record.subject),
            what,
            figure,
            source: record.source.as_ref().and_then(|c| {
                let (href, title) = self.hrefs.article(c.article.as_str())?;
                Some(SourceLink {
                    href: match &c.paragraph {
                        Some(p) => format!("{href}#{p}"),
                        None => href.to_string(),
                    },
                    title,
                    paragraph: c.paragraph.as_ref().map(|p| {
                        let n = p.trim_start_matches("p-");
                        self.t.fill("records_paragraph", &[("number", n)])
                    }),
                })
            }),
        }
    }

    fn subject(&self, subject: Subject) -> SubjectLink<'a> {
        match subject {
            Subject::Unit(u) => self.breakdown_link(Breakdown::Unit(u)),
            Subject::Pairing(p) => {
                let pairing = self.network.pairing(p);
                self.breakdown_link(Breakdown::Pair(pairing.east, pairing.west))
            }
        }
    }

    fn breakdown_link(&self, key: Breakdown) -> SubjectLink<'a> {
        match key {
            Breakdown::Unit(u) => SubjectLink {
                label: self.network.unit(u).name.clone(),
                href: Some(self.hrefs.unit(u)),
            },
            Breakdown::Pair(east, west) => SubjectLink {
                label: self.t.fill(
                    "pair_heading",
                    &[
                        ("east", &self.network.unit(east).name),
                        ("west", &self.network.unit(west).name),
                    ],
                ),
                href: self.hrefs.pair(east, west),
            },
        }
    }

    /// The totals of `totals`, each metric's table and charts; ids of charts start with
    /// `prefix`. `None` when there is no figure.
    pub fn totals(
        &self,
        totals: &[MetricTotal<Breakdown>],
        csv: String,
        prefix: &str,
    ) -> Option<TotalsView> {
        if totals.is_empty() {
            return None;
        }
        let metrics = totals
            .iter()
            .enumerate()
            .map(|(i, total)| self.metric(total, &format!("{prefix}-{}", i + 1)))
            .collect();
        Some(TotalsView { metrics, csv })
    }

    fn metric(&self, total: &MetricTotal<Breakdown>, id: &str) -> MetricView {
        let t = self.t;
        let years: Vec<u16> = total.by_year.keys().copied().collect();
        let measure = total.measure.as_str();
        let caption = t.fill(
            "totals_caption",
            &[("metric", &total.metric), ("measure", measure)],
        );
        let rows: Vec<(SubjectLink, &_, &Decimal)> = total
            .rows
            .iter()
            .map(|(key, by_year, sum)| (self.breakdown_link(*key), by_year, sum))
            .collect();
        let year_labels: Vec<String> = years.iter().map(|&y| self.year(y)).collect();
        let quantity = |v: Decimal| total.quantity(v).to_string();
        let year_bars: Vec<Bar> = years
            .iter()
            .zip(&year_labels)
            .map(|(y, label)| Bar {
                label,
                value: total.by_year[y],
                text: quantity(total.by_year[y]),
            })
            .collect();
        let summary = self.summary(total, &year_labels);
        let chart_years_title = t.fill("chart_by_year", &[("metric", &total.metric)]);
        let chart_units_title = if total.rows.len() > CHART_UNITS {
            t.fill(
                "chart_by_unit_top",
                &[
                    ("metric", &total.metric),
                    ("count", &CHART_UNITS.to_string()),
                ],
            )
        } else {
            t.fill("chart_by_unit", &[("metric", &total.metric)])
        };
        let chart_years = chart::bars(
            &format!("{id}-years"),
            &chart_years_title,
            &summary,
            &year_bars,
        );
        let chart_units = (rows.len() > 1).then(|| {
            // The largest few: a bar a unit would be a page tall on a province's site; the
            // table lists them all.
            let mut top: Vec<&(SubjectLink, &_, &Decimal)> = rows.iter().collect();
            top.sort_by(|a, b| b.2.cmp(a.2));
            top.truncate(CHART_UNITS);
            let bars: Vec<Bar> = top
                .into_iter()
                .map(|(link, _, sum)| Bar {
                    label: &link.label,
                    value: **sum,
                    text: quantity(**sum),
                })
                .collect();
            chart::bars(&format!("{id}-units"), &chart_units_title, &summary, &bars)
        });
        MetricView {
            caption,
            rows: rows
                .iter()
                .map(|(link, by_year, sum)| TotalRow {
                    label: link.label.clone(),
                    href: link.href.map(str::to_string),
                    cells: years
                        .iter()
                        .map(|y| by_year.get(y).map(|v| number_text(*v)).unwrap_or_default())
                        .collect(),
                    total: number_text(**sum),
                })
                .collect(),
            sums: years
                .iter()
                .map(|y| number_text(total.by_year[y]))
                .collect(),
            total: number_text(total.total),
            years: year_labels,
            chart_years,
            chart_years_title,
            chart_units,
            chart_units_title,
            summary,
        }
    }

    /// `2021年至2023年，转移就业合计1200人；2023年最多，为500人。`
    fn summary(&self, total: &MetricTotal<Breakdown>, year_labels: &[String]) -> String {
        let t = self.t;
        let amount = |v: Decimal| total.quantity(v).to_string();
        let sum = amount(total.total);
        let metric = total.metric.as_str();
        if year_labels.len() == 1 {
            return t.fill(
                "chart_summary_one",
                &[
                    ("year", &year_labels[0]),
                    ("metric", metric),
                    ("total", &sum),
                ],
            );
        }
        let (best, value) = total
            .by_year
            .iter()
            .zip(year_labels)
            .map(|((_, v), label)| (label, *v))
            .fold(None::<(&String, Decimal)>, |best, (label, v)| match best {
                Some((_, b)) if b >= v => best,
                _ => Some((label, v)),
            })
            .expect("more than one year");
        t.fill(
            "chart_summary",
            &[
                ("first", &year_labels[0]),
                ("last", year_labels.last().expect("several")),
                ("metric", metric),
                ("total", &sum),
                ("best", best),
                ("most", &amount(value)),
            ],
        )
    }
}
