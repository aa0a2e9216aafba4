//! Records and totals as CSV files for download: UTF-8 with a byte-order mark (so that Excel
//! reads the Chinese right), and for records the very columns a record file is read with, so a
//! downloaded table can be edited and read back.

use super::read::Column;
use super::totals::MetricTotal;
use super::{Fact, Record, Subject};
use crate::network::Network;
use crate::records::quantity::number_text;

const BOM: &str = "\u{feff}";

/// The records as rows of `area,date,unit,east,west,metric,value,measure,text,source,paragraph`.
pub fn records_csv(network: &Network, records: &[&Record]) -> String {
    let columns = [
        Column::Area,
        Column::Date,
        Column::Unit,
        Column::East,
        Column::West,
        Column::Metric,
        Column::Value,
        Column::Measure,
        Column::Text,
        Column::Source,
        Column::Paragraph,
    ];
    let mut out = writer();
    out.write_record(columns.map(Column::name))
        .expect("in memory");
    for record in records {
        let name = |u| network.unit(u).name.as_str();
        let (unit, east, west) = match record.subject {
            Subject::Unit(u) => (name(u), "", ""),
            Subject::Pairing(p) => {
                let pairing = network.pairing(p);
                ("", name(pairing.east), name(pairing.west))
            }
        };
        let (value, measure, text) = match &record.fact {
            Fact::Figure(q) => (number_text(q.value), q.measure.as_str(), ""),
            Fact::Activity(text) => (String::new(), "", text.as_str()),
        };
        let source = record.source.as_ref();
        out.write_record([
            record.area.map_or("", |a| network.areas[a].as_str()),
            &record.date.iso(),
            unit,
            east,
            west,
            record.metric.as_deref().unwrap_or_default(),
            &value,
            measure,
            text,
            source.map_or("", |c| c.article.as_str()),
            source
                .and_then(|c| c.paragraph.as_deref())
                .unwrap_or_default(),
        ])
        .expect("in memory");
    }
    finish(out)
}

/// Totals as rows of `metric,measure,<unit column>,year,value`: every unit's figure of every
/// year, then its sum (year empty), then the sums of all units (`all` in the unit column).
pub fn totals_csv<K>(
    totals: &[MetricTotal<K>],
    headers: [&str; 5],
    all: &str,
    label: impl Fn(&K) -> String,
) -> String {
    let mut out = writer();
    out.write_record(headers).expect("in memory");
    for total in totals {
        let measure = total.measure.as_str();
        let mut row = |who: &str, year: String, value| {
            out.write_record([
                total.metric.as_str(),
                measure,
                who,
                &year,
                &number_text(value),
            ])
            .expect("in memory");
        };
        for (key, by_year, sum) in &total.rows {
            let who = label(key);
            for (year, value) in by_year {
                row(&who, year.to_string(), *value);
            }
            row(&who, String::new(), *sum);
        }
        for (year, value) in &total.by_year {
            row(all, year.to_string(), *value);
        }
        row(all, String::new(), total.total);
    }
    finish(out)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec())
}

fn finish(out: csv::Writer<Vec<u8>>) -> String {
    let bytes = out.into_inner().expect("in memory");
    String::from_utf8(bytes).expect("written from text")
}
