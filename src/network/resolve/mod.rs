//! Validation: the raw file's units and pairings checked and resolved into a [`Network`] whose
//! references are indices. Every independent problem is collected, so one run reports them all.
//!
//! The steps: `tree` places each unit (its parent, side and level, and the names under one
//! parent), `codes` checks the GB/T 2260 codes against those places, and `pairings` resolves the
//! pairings and events between the units.

mod codes;
mod pairings;
mod tree;

use std::collections::HashMap;

use super::kinds::{Level, Side};
use super::load::Problems;
use super::raw::{RawNetwork, RawUnit};
use super::{Event, Network, Pairing, PairingId, Unit, UnitId};
use crate::types::Slug;

/// How strictly slugs are checked: the first form kept districts and counties in two tables
/// whose slugs were unique per table, and checked them itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Network,
    FirstForm,
}

/// The network `raw` describes, checked in the steps named above; each problem goes to
/// `problems`, and the result stands in for what could not be resolved so later steps go on.
pub fn resolve(raw: RawNetwork, form: Form, problems: &mut Problems) -> Network {
    let slugs: Vec<Slug> = raw.units.iter().map(|u| problems.slug(&u.slug)).collect();
    if form == Form::Network {
        tree::check_unique_slugs(&raw.units, problems);
    }
    let index = SlugIndex::new(&raw.units);
    let mut parents = tree::resolve_parents(&raw.units, &index, problems);
    let cycles = tree::break_cycles(&raw.units, &mut parents, problems);
    let sides = tree::resolve_sides(&raw.units, &parents, &cycles, problems);
    let levels = tree::resolve_levels(&raw.units, &parents, problems);
    let codes = codes::resolve_codes(&raw.units, &parents, &levels, problems);
    if form == Form::Network {
        tree::check_names_under_parents(&raw.units, &parents, problems);
    }
    tree::check_avoided_phrases(&raw.units, problems);
    let units: Vec<Unit> = raw
        .units
        .iter()
        .zip(slugs)
        .enumerate()
        .map(|(i, (unit, slug))| Unit {
            slug,
            name: unit.name.get_ref().clone(),
            kind: unit.kind.get_ref().clone(),
            level: levels[i].unwrap_or(Level::County),
            side: sides[i].unwrap_or(Side::East),
            parent: parents[i],
            code: codes[i],
            aliases: unit.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            avoid: unit.avoid.iter().map(|a| a.get_ref().clone()).collect(),
            description: unit.description.clone(),
        })
        .collect();
    let pairings = pairings::resolve_pairings(&raw.pairings, &index, &units, problems);
    let mut events: Vec<Event> = raw
        .events
        .iter()
        .map(|event| pairings::resolve_event(event, problems))
        .collect();
    events.sort_by_key(|event| event.date);
    let children = children_of(&units);
    let pairings_of = pairings_of(&units, &pairings);
    let mut network = Network {
        title: raw.title,
        summary: raw.summary,
        principles: raw.principles,
        areas: raw.areas,
        units,
        pairings,
        events,
        children,
        pairings_of,
        groups: Vec::new(),
        loose: Vec::new(),
        full_names: Vec::new(),
    };
    network.name_units();
    network.find_groups();
    network
}

/// Every unit by slug. A slug names one unit in the network form; in the first form a district
/// and a county may share one, and references say which side they mean.
struct SlugIndex<'a> {
    by_slug: HashMap<&'a str, Vec<UnitId>>,
    slugs: Vec<&'a str>,
}

impl<'a> SlugIndex<'a> {
    fn new(units: &'a [RawUnit]) -> Self {
        let mut by_slug: HashMap<&str, Vec<UnitId>> = HashMap::with_capacity(units.len());
        for (i, unit) in units.iter().enumerate() {
            by_slug
                .entry(unit.slug.get_ref())
                .or_default()
                .push(UnitId(i as u32));
        }
        SlugIndex {
            by_slug,
            slugs: units.iter().map(|u| u.slug.get_ref().as_str()).collect(),
        }
    }

    fn get(&self, slug: &str) -> &[UnitId] {
        self.by_slug.get(slug).map_or(&[], Vec::as_slice)
    }

    fn suggest(&self, wanted: &str) -> String {
        match did_you_mean(wanted, self.slugs.iter().copied()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => "add a [[units]] entry with this slug, or correct it".into(),
        }
    }
}

/// Each unit's children, in file order.
fn children_of(units: &[Unit]) -> Vec<Vec<UnitId>> {
    let mut children = vec![Vec::new(); units.len()];
    for (i, unit) in units.iter().enumerate() {
        if let Some(parent) = unit.parent {
            children[parent.0 as usize].push(UnitId(i as u32));
        }
    }
    children
}

/// Each unit's pairings, current first.
fn pairings_of(units: &[Unit], pairings: &[Pairing]) -> Vec<Vec<PairingId>> {
    let mut of = vec![Vec::new(); units.len()];
    for (i, pairing) in pairings.iter().enumerate() {
        of[pairing.east.0 as usize].push(PairingId(i as u32));
        of[pairing.west.0 as usize].push(PairingId(i as u32));
    }
    for list in &mut of {
        // Current first, then the newest start; file order breaks ties.
        list.sort_by(|a, b| {
            let (pa, pb) = (
                &pairings[a.0 as usize].period,
                &pairings[b.0 as usize].period,
            );
            pa.ended
                .cmp(&pb.ended)
                .then(pb.start.cmp(&pa.start))
                .then(a.cmp(b))
        });
    }
    of
}

/// The known slug closest to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|candidate| (strsim::damerau_levenshtein(wanted, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}
