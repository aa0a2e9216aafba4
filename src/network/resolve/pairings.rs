//! Pairings and events: each pairing's two ends found on their sides and at levels that can
//! pair, its period in order and not overlapping another pairing of the same two units; each
//! event's dates in order and its text present.

use std::collections::HashMap;

use toml::Spanned;

use super::SlugIndex;
use crate::network::kinds::{Level, Side};
use crate::network::load::Problems;
use crate::network::period::{PartialDate, Period, RawDate};
use crate::network::raw::{RawEvent, RawPairing};
use crate::network::{Event, Pairing, Unit, UnitId};

/// Every pairing, one per western unit it names, with its ends, period and source; each
/// problem is reported, and a pairing whose ends are not both found is left out.
pub(super) fn resolve_pairings(
    raw: &[RawPairing],
    index: &SlugIndex,
    units: &[Unit],
    problems: &mut Problems,
) -> Vec<Pairing> {
    let mut pairings = Vec::new();
    let mut spans = Vec::new();
    for entry in raw {
        let east = resolve_end(&entry.east, Side::East, index, units, problems);
        let period = resolve_period(entry, problems);
        let source = entry.source.as_ref().map(|s| problems.slug(s));
        let source_at = entry.source.as_ref().map(Spanned::span);
        let counties = entry.counties.as_ref().and_then(|c| {
            let count = u32::try_from(*c.get_ref()).ok();
            if count.is_none() {
                problems.at(
                    c.span(),
                    format!("{} is not a number of counties", c.get_ref()),
                    None,
                );
            }
            count
        });
        if entry.relation.get_ref().trim().is_empty() {
            problems.at(
                entry.relation.span(),
                "a pairing needs a relation".into(),
                Some("such as relation = \"东西部协作\", \"对口协作\" or \"对口帮扶\"".into()),
            );
        }
        for west_slug in entry.west.get_ref().items() {
            let west_ref = Spanned::new(entry.west.span(), west_slug.to_string());
            let west = resolve_end(&west_ref, Side::West, index, units, problems);
            let (Some(east), Some(west)) = (east, west) else {
                continue;
            };
            check_levels(entry, units, east, west, problems);
            pairings.push(Pairing {
                east,
                west,
                relation: entry.relation.get_ref().trim().to_string(),
                period,
                source: source.clone(),
                source_at: source_at.clone(),
                counties,
            });
            spans.push(entry.east.span());
        }
    }
    check_overlaps(&pairings, &spans, units, problems);
    pairings
}

/// One side of a pairing: a unit of that side.
fn resolve_end(
    wanted: &Spanned<String>,
    side: Side,
    index: &SlugIndex,
    units: &[Unit],
    problems: &mut Problems,
) -> Option<UnitId> {
    let found = index.get(wanted.get_ref());
    if let Some(&id) = found.iter().find(|id| units[id.0 as usize].side == side) {
        return Some(id);
    }
    let field = side.name();
    match found.first() {
        Some(&other) => problems.at(
            wanted.span(),
            format!(
                "the {field} side of this pairing, \"{}\", is a unit of the {} side",
                wanted.get_ref(),
                units[other.0 as usize].side.name()
            ),
            Some("a pairing joins an eastern unit (east = …) and a western one (west = …): swap them or correct the slug".into()),
        ),
        None => problems.at(
            wanted.span(),
            format!("unknown unit \"{}\" on the {field} side of a pairing", wanted.get_ref()),
            Some(index.suggest(wanted.get_ref())),
        ),
    }
    None
}

/// Units pair at one level, or one level apart (a city with a county); a province pairs only
/// with a province, because a province pair is the frame the city pairs sit in.
fn check_levels(
    entry: &RawPairing,
    units: &[Unit],
    east: UnitId,
    west: UnitId,
    problems: &mut Problems,
) {
    let (a, b) = (units[east.0 as usize].level, units[west.0 as usize].level);
    let apart = (a as i8 - b as i8).abs();
    if apart > 1 || (apart == 1 && (a == Level::Province || b == Level::Province)) {
        problems.at(
            entry.east.span(),
            format!(
                "\"{}\" ({a}-level) cannot pair with \"{}\" ({b}-level)",
                units[east.0 as usize].slug, units[west.0 as usize].slug
            ),
            Some("pair units of the same level, or a prefecture with a county; a province pairs with a province".into()),
        );
    }
}

/// The period a pairing held for, its end not before its start.
fn resolve_period(entry: &RawPairing, problems: &mut Problems) -> Period {
    let start = entry.start.as_ref().and_then(|d| problems.date(d));
    let end = entry.end.as_ref().and_then(|d| problems.date(d));
    if let (Some(start), Some(end), Some(raw_end)) = (start, end, &entry.end) {
        if end.cmp_coarse(&start) == std::cmp::Ordering::Less {
            problems.at(
                raw_end.span(),
                format!(
                    "the pairing ends in {}, before it starts in {}",
                    end.chinese(),
                    start.chinese()
                ),
                Some("swap start and end, or correct one of them".into()),
            );
        }
    }
    Period {
        start,
        end,
        ended: entry.ended || end.is_some(),
    }
}

/// The same two units cannot be paired twice at the same time.
fn check_overlaps(
    pairings: &[Pairing],
    spans: &[std::ops::Range<usize>],
    units: &[Unit],
    problems: &mut Problems,
) {
    let mut by_pair: HashMap<(UnitId, UnitId), Vec<usize>> = HashMap::new();
    for (i, pairing) in pairings.iter().enumerate() {
        by_pair
            .entry((pairing.east, pairing.west))
            .or_default()
            .push(i);
    }
    let mut clashes: Vec<(usize, usize)> = Vec::new();
    for list in by_pair.values() {
        for (n, &a) in list.iter().enumerate() {
            if let Some(&b) = list[n + 1..]
                .iter()
                .find(|&&b| pairings[a].period.overlaps(&pairings[b].period))
            {
                clashes.push((a, b));
            }
        }
    }
    clashes.sort_unstable();
    for (first, later) in clashes {
        let line = problems.line_of(spans[first].clone());
        let p = &pairings[later];
        problems.at(
            spans[later].clone(),
            format!(
                "\"{}\" and \"{}\" are paired twice at the same time (the pairing on line {line} overlaps this one)",
                units[p.east.0 as usize].slug, units[p.west.0 as usize].slug
            ),
            Some("give the earlier pairing an end (end = 2021) before the later one starts, or remove one".into()),
        );
    }
}

/// One event of the history, its dates in order and its text present.
pub(super) fn resolve_event(raw: &RawEvent, problems: &mut Problems) -> Event {
    let date = problems.date(&raw.date).unwrap_or(PartialDate::year(1000));
    let end = raw.end.as_ref().and_then(|end| problems.date(end));
    if let (Some(end_date), Some(raw_end)) = (end, &raw.end) {
        if end_date < date {
            problems.at(
                raw_end.span(),
                format!("event ends on {end_date}, before it starts on {date}"),
                Some("swap date and end, or correct one of them".into()),
            );
        }
    }
    if raw.text.trim().is_empty() {
        problems.at(
            raw.date.span(),
            "event has no text".into(),
            Some("describe what happened".into()),
        );
    }
    Event {
        date,
        end,
        text: raw.text.clone(),
    }
}

impl Problems<'_> {
    /// The date `raw` holds, or the problem with it reported.
    fn date(&mut self, raw: &Spanned<RawDate>) -> Option<PartialDate> {
        match PartialDate::from_raw(raw.get_ref()) {
            Ok(date) => Some(date),
            Err(message) => {
                self.at(raw.span(), message, None);
                None
            }
        }
    }
}
