//! The checks across records, once each row is read: one metric counts one kind of thing, one
//! figure has one value, and no figure is counted twice in a total (a period inside another of
//! the same figure; a unit's figure beside those of the units and pairings under it).

use std::collections::HashMap;

use super::{Record, Subject};
use crate::error::Diagnostic;
use crate::network::{Network, UnitId};

/// Figures of one metric all count one thing: the first figure of a free-text metric decides it.
pub(super) fn check_dimensions(records: &[Record], problems: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Record> = HashMap::new();
    for record in records {
        let (Some(metric), Some(figure)) = (&record.metric, record.figure()) else {
            continue;
        };
        let earlier = *first.entry(metric.as_str()).or_insert(record);
        let expected = earlier
            .figure()
            .expect("only figures are kept")
            .measure
            .dimension();
        if figure.measure.dimension() != expected {
            problems.push(
                record
                    .diagnostic(format!(
                        "{metric} is given in {} here, but in {} at {}:{}",
                        figure.measure.as_str(),
                        earlier.figure().expect("a figure").measure.as_str(),
                        earlier.file.display(),
                        earlier.at.position.line
                    ))
                    .with_help("money and counts of people or things are never added: give every figure of a metric in one kind of measure"),
            );
        }
    }
}

/// Drops a record that states a figure again with the same value (totals count it once), and
/// reports one that states it with another value, or whose period holds another's (2021 and
/// 2021年5月: a total would count May twice).
pub(super) fn dedupe_and_check_conflicts(
    network: &Network,
    records: Vec<Record>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Record> {
    let mut seen: HashMap<(Subject, &str), Vec<usize>> = HashMap::new();
    let mut drop = vec![false; records.len()];
    for (i, record) in records.iter().enumerate() {
        let (Some(metric), Some(figure)) = (&record.metric, record.figure()) else {
            continue;
        };
        let earlier = seen.entry((record.subject, metric.as_str())).or_default();
        for &j in earlier.iter() {
            let other = &records[j];
            if other.date.cmp_coarse(&record.date) != std::cmp::Ordering::Equal {
                continue;
            }
            let other_figure = other.figure().expect("only figures are kept");
            let same_value = other_figure.in_measure(figure.measure) == Some(figure.value);
            let place = format!("{}:{}", other.file.display(), other.at.position.line);
            let subject = subject_name(network, record.subject);
            if other.date == record.date && same_value {
                drop[i] = true;
            } else if other.date == record.date {
                problems.push(
                    record
                        .diagnostic(format!(
                            "{subject}'s {metric} for {} is {figure} here but {other_figure} at {place}",
                            record.date.chinese()
                        ))
                        .with_help("keep the figure that is right and remove the other"),
                );
            } else {
                problems.push(
                    record
                        .diagnostic(format!(
                            "{subject}'s {metric} for {} overlaps its figure for {} at {place}: a total would count it twice",
                            record.date.chinese(),
                            other.date.chinese()
                        ))
                        .with_help("give the figure of the whole period, or those of its parts, not both"),
                );
            }
            break;
        }
        earlier.push(i);
    }
    records
        .into_iter()
        .zip(drop)
        .filter(|(_, dropped)| !dropped)
        .map(|(r, _)| r)
        .collect()
}

/// 香洲区, or 香洲区—凤冈县 for a pairing: for messages.
pub(super) fn subject_name(network: &Network, subject: Subject) -> String {
    match subject {
        Subject::Unit(u) => network.unit(u).name.clone(),
        Subject::Pairing(p) => {
            let pairing = network.pairing(p);
            format!(
                "{}—{}",
                network.unit(pairing.east).name,
                network.unit(pairing.west).name
            )
        }
    }
}

/// The units a record's figure is part of: its unit, or a pairing's two.
fn covered(network: &Network, subject: Subject) -> Vec<UnitId> {
    match subject {
        Subject::Unit(u) => vec![u],
        Subject::Pairing(p) => {
            let pairing = network.pairing(p);
            vec![pairing.east, pairing.west]
        }
    }
}

/// Reports a figure given both for a unit and for something under it (a unit below it, or a
/// pairing of it or of a unit below it) for the same metric and a period both cover: a total
/// over the two would count the part twice.
pub(super) fn check_levels(network: &Network, records: &[Record], problems: &mut Vec<Diagnostic>) {
    // Per unit and metric: the figures at it (its own and its pairings'), and those under it.
    let mut at_unit: HashMap<(UnitId, &str), Vec<usize>> = HashMap::new();
    let mut below: HashMap<(UnitId, &str), Vec<usize>> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let (Some(metric), Some(_)) = (&record.metric, record.figure()) else {
            continue;
        };
        let overlaps = |j: &usize| {
            let other = &records[*j];
            other.subject != record.subject
                && other.date.cmp_coarse(&record.date) == std::cmp::Ordering::Equal
        };
        let key = |u: UnitId| (u, metric.as_str());
        let mut clash: Option<(usize, UnitId)> = None;
        for c in covered(network, record.subject) {
            let whole = record.subject == Subject::Unit(c);
            // A unit's figure holds its pairings' and what is under it; two pairings of one
            // unit are apart.
            let here = at_unit.get(&key(c)).into_iter().flatten();
            let found = here
                .filter(|&&j| whole || records[j].subject == Subject::Unit(c))
                .chain(below.get(&key(c)).into_iter().flatten().filter(|_| whole))
                .find(|j| overlaps(j));
            if let Some(&j) = found {
                clash = Some((j, c));
                break;
            }
            let above = network.ancestors(c).into_iter().find_map(|a| {
                let at_a = at_unit.get(&key(a)).into_iter().flatten();
                at_a.filter(|&&j| records[j].subject == Subject::Unit(a))
                    .find(|j| overlaps(j))
                    .map(|&j| (j, a))
            });
            if above.is_some() {
                clash = above;
                break;
            }
        }
        if let Some((j, upper)) = clash {
            let other = &records[j];
            problems.push(
                record
                    .diagnostic(format!(
                        "{metric} is given for {} ({}) here and for {} ({}) at {}:{}: one is part of the other, so a total would count it twice",
                        subject_name(network, record.subject),
                        record.date.chinese(),
                        subject_name(network, other.subject),
                        other.date.chinese(),
                        other.file.display(),
                        other.at.position.line,
                    ))
                    .with_help(format!(
                        "give {metric} for {} as a whole, or for its parts, not both",
                        network.unit(upper).name
                    )),
            );
            continue;
        }
        for c in covered(network, record.subject) {
            at_unit.entry(key(c)).or_default().push(i);
            for a in network.ancestors(c) {
                below.entry(key(a)).or_default().push(i);
            }
        }
    }
}
