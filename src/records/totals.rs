//! Totals of figures: per metric, by year and by a breakdown key (a unit, a pair), added
//! exactly in the metric's total measure (万元 for money). Figures of different dimensions are
//! never added: a metric has one dimension (checked when the records load), and totals are
//! kept per metric.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::quantity::{Measure, Quantity};
use super::Record;

/// The total of one metric over some records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricTotal<K> {
    pub metric: String,
    /// The measure every value here is in.
    pub measure: Measure,
    /// Per year, oldest first.
    pub by_year: BTreeMap<u16, Decimal>,
    pub total: Decimal,
    /// Per breakdown key, in key order: its values by year and its total.
    pub rows: Vec<(K, BTreeMap<u16, Decimal>, Decimal)>,
}

impl<K> MetricTotal<K> {
    pub fn quantity(&self, value: Decimal) -> Quantity {
        Quantity {
            value,
            measure: self.measure,
        }
    }
}

/// The totals of the figures among `records`, one per metric in the order metrics first appear,
/// each broken down by `key`.
pub fn totals<'a, K: Ord + Clone>(
    records: impl IntoIterator<Item = &'a Record>,
    key: impl Fn(&Record) -> K,
) -> Vec<MetricTotal<K>> {
    let mut order: Vec<String> = Vec::new();
    let mut by_metric: BTreeMap<String, MetricTotal<K>> = BTreeMap::new();
    let mut rows: BTreeMap<String, BTreeMap<K, BTreeMap<u16, Decimal>>> = BTreeMap::new();
    for record in records {
        let (Some(metric), Some(figure)) = (&record.metric, record.figure()) else {
            continue;
        };
        let measure = figure.measure.dimension().total_measure();
        let Some(value) = figure.in_measure(measure) else {
            continue;
        };
        let entry = by_metric.entry(metric.clone()).or_insert_with(|| {
            order.push(metric.clone());
            MetricTotal {
                metric: metric.clone(),
                measure,
                by_year: BTreeMap::new(),
                total: Decimal::ZERO,
                rows: Vec::new(),
            }
        });
        if entry.measure != measure {
            // Another dimension under the same name: refused when the records load.
            continue;
        }
        let year = record.date.year;
        *entry.by_year.entry(year).or_default() += value;
        entry.total += value;
        *rows
            .entry(metric.clone())
            .or_default()
            .entry(key(record))
            .or_default()
            .entry(year)
            .or_default() += value;
    }
    order
        .into_iter()
        .map(|metric| {
            let mut total = by_metric
                .remove(&metric)
                .expect("each metric is entered once");
            total.rows = rows
                .remove(&metric)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, years)| {
                    let sum = years.values().copied().sum::<Decimal>().normalize();
                    let years = years.into_iter().map(|(y, v)| (y, v.normalize())).collect();
                    (k, years, sum)
                })
                .collect();
            total.total = total.total.normalize();
            total.by_year.values_mut().for_each(|v| *v = v.normalize());
            total
        })
        .collect()
}
