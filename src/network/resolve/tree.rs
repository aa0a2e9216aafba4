//! Where each unit stands: its parent (with circles of parents reported and cut), the side of
//! its tree, its level, and the names and slugs that must tell units apart.

use std::collections::HashMap;

use super::SlugIndex;
use crate::network::kinds::{kind_info, Level, Side};
use crate::network::load::Problems;
use crate::network::raw::RawUnit;
use crate::network::UnitId;

/// Reports a slug given to two units (the network form only: the first form checks its own).
pub(super) fn check_unique_slugs(units: &[RawUnit], problems: &mut Problems) {
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        let slug = unit.slug.get_ref().as_str();
        let Some(&first) = first_seen.get(slug) else {
            first_seen.insert(slug, i);
            continue;
        };
        let line = problems.line_of(units[first].slug.span());
        let parents = (&units[first].parent, &unit.parent);
        let message = match parents {
            (Some(a), Some(b)) if a.get_ref() != b.get_ref() => format!(
                "unit \"{slug}\" is defined in two parents, \"{}\" (line {line}) and \"{}\"",
                a.get_ref(),
                b.get_ref()
            ),
            _ => format!("duplicate unit slug \"{slug}\" (first used on line {line})"),
        };
        problems.at(
            unit.slug.span(),
            message,
            Some("a unit has one parent and its own slug: give a unit that shares a name elsewhere a slug of its own, such as \"gaoxin-zhuhai\"".into()),
        );
    }
}

/// Each unit's parent, by slug; an unknown one is reported and left out.
pub(super) fn resolve_parents(
    units: &[RawUnit],
    index: &SlugIndex,
    problems: &mut Problems,
) -> Vec<Option<UnitId>> {
    let parents: Vec<Option<UnitId>> = units
        .iter()
        .map(|unit| {
            let wanted = unit.parent.as_ref()?;
            match index.get(wanted.get_ref()) {
                [one] => Some(*one),
                [] => {
                    problems.at(
                        wanted.span(),
                        format!(
                            "unknown parent \"{}\" of unit \"{}\"",
                            wanted.get_ref(),
                            unit.slug.get_ref()
                        ),
                        Some(index.suggest(wanted.get_ref())),
                    );
                    None
                }
                // Reported as a duplicate slug already; take the first.
                [first, ..] => Some(*first),
            }
        })
        .collect();
    parents
}

/// Reports every parent chain that comes back to where it started, and cuts it there, so the
/// rest of validation can walk the tree. Returns, for each unit cut loose, the units of its
/// circle: their sides stand for its own, so the cut causes no further messages.
pub(super) fn break_cycles(
    units: &[RawUnit],
    parents: &mut [Option<UnitId>],
    problems: &mut Problems,
) -> HashMap<usize, Vec<usize>> {
    let mut cut = HashMap::new();
    // 0: not seen; 1: on the path being walked; 2: known to reach the top.
    let mut state = vec![0u8; units.len()];
    for start in 0..units.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..]
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|&p| units[p].slug.get_ref().as_str())
                        .collect();
                    let last = path[path.len() - 1];
                    if let Some(parent) = &units[last].parent {
                        problems.at(
                            parent.span(),
                            format!(
                                "the parents of \"{}\" go round in a circle: {}",
                                units[last].slug.get_ref(),
                                cycle.join(" → ")
                            ),
                            Some(
                                "a unit cannot be inside itself: correct one of these parents"
                                    .into(),
                            ),
                        );
                    }
                    parents[last] = None;
                    cut.insert(last, path[from..].to_vec());
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = parents[i].map(|p| p.0 as usize);
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
    cut
}

/// Each unit's side: as written, else its tree's; a side against its tree's, or a tree with
/// none, is reported.
pub(super) fn resolve_sides(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    cycles: &HashMap<usize, Vec<usize>>,
    problems: &mut Problems,
) -> Vec<Option<Side>> {
    let written: Vec<Option<Side>> = units
        .iter()
        .map(|unit| {
            let raw = unit.side.as_ref()?;
            let side = Side::parse(raw.get_ref());
            if side.is_none() {
                problems.at(
                    raw.span(),
                    format!("unknown side \"{}\"", raw.get_ref()),
                    Some("write side = \"east\" or side = \"west\"".into()),
                );
            }
            side
        })
        .collect();
    // A unit cut out of a circle takes the side written on any unit of that circle.
    let side_of_top =
        |top: usize| written[top].or_else(|| cycles.get(&top)?.iter().find_map(|&u| written[u]));
    let mut sides = vec![None; units.len()];
    for i in 0..units.len() {
        let top = top_of(i, parents);
        let inherited = side_of_top(top);
        sides[i] = written[i].or(inherited);
        match (written[i], inherited) {
            (Some(own), Some(up)) if own != up && top != i => problems.at(
                units[i].side.as_ref().expect("written").span(),
                format!(
                    "unit \"{}\" is on the {} side but belongs to \"{}\" on the {} side",
                    units[i].slug.get_ref(),
                    own.name(),
                    units[top].slug.get_ref(),
                    up.name()
                ),
                Some("a unit is on its tree's side: remove this side or the parent".into()),
            ),
            (None, None) if top == i && !cycles.contains_key(&i) => problems.at(
                units[i].slug.span(),
                format!(
                    "unit \"{}\" has no parent and no side",
                    units[i].slug.get_ref()
                ),
                Some("give the top of each tree side = \"east\" or side = \"west\"".into()),
            ),
            _ => {}
        }
    }
    sides
}

/// The top of the tree unit `i` is in.
fn top_of(mut i: usize, parents: &[Option<UnitId>]) -> usize {
    while let Some(parent) = parents[i] {
        i = parent.0 as usize;
    }
    i
}

/// A unit's level: as written, else as its kind says, else one below its parent, else one
/// above its children.
pub(super) fn resolve_levels(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    problems: &mut Problems,
) -> Vec<Option<Level>> {
    let mut levels: Vec<Option<Level>> = units
        .iter()
        .map(|unit| written_level(unit, problems))
        .collect();
    infer_levels(&mut levels, parents);
    check_levels_under_parents(units, parents, &levels, problems);
    levels
}

/// The level `unit` says it is, or its kind says it is.
fn written_level(unit: &RawUnit, problems: &mut Problems) -> Option<Level> {
    let Some(raw) = &unit.level else {
        return kind_info(unit.kind.get_ref()).level;
    };
    let level = Level::parse(raw.get_ref());
    if level.is_none() {
        problems.at(
            raw.span(),
            format!("unknown level \"{}\"", raw.get_ref()),
            Some("write level = \"province\", \"prefecture\" or \"county\"".into()),
        );
    }
    level
}

/// Fills the levels not written from the parent's (one below) or a child's (one above).
fn infer_levels(levels: &mut [Option<Level>], parents: &[Option<UnitId>]) {
    // Parents are fewer than three levels deep, so a few passes reach every unit that can be
    // placed; each pass only fills gaps.
    for _ in 0..3 {
        for i in 0..levels.len() {
            if levels[i].is_none() {
                levels[i] = parents[i].and_then(|p| levels[p.0 as usize]?.below());
            }
            if let (Some(parent), Some(level)) = (parents[i], levels[i]) {
                let slot = &mut levels[parent.0 as usize];
                if slot.is_none() {
                    *slot = level.above();
                }
            }
        }
    }
}

/// Reports each unit whose level is unknown, or not below its parent's.
fn check_levels_under_parents(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    levels: &[Option<Level>],
    problems: &mut Problems,
) {
    for (i, unit) in units.iter().enumerate() {
        match (levels[i], parents[i].and_then(|p| levels[p.0 as usize])) {
            (None, _) => problems.at(
                unit.kind.span(),
                format!(
                    "cannot tell the level of \"{}\" from its kind \"{}\"",
                    unit.slug.get_ref(),
                    unit.kind.get_ref()
                ),
                Some("add level = \"province\", \"prefecture\" or \"county\"".into()),
            ),
            (Some(level), Some(parent_level)) if level <= parent_level => problems.at(
                unit.parent.as_ref().expect("has a parent").span(),
                format!(
                    "\"{}\" is {}-level, so it cannot belong to \"{}\", which is {}-level",
                    unit.slug.get_ref(),
                    level,
                    unit.parent.as_ref().expect("has a parent").get_ref(),
                    parent_level
                ),
                Some(
                    "a unit belongs to a unit of a higher level: check the parent or the level"
                        .into(),
                ),
            ),
            _ => {}
        }
    }
}

/// Names repeat across the country, never under one parent.
pub(super) fn check_names_under_parents(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    problems: &mut Problems,
) {
    let mut seen: HashMap<(Option<UnitId>, &str), &str> = HashMap::new();
    for (i, unit) in units.iter().enumerate() {
        for name in std::iter::once(&unit.name).chain(&unit.aliases) {
            let text = name.get_ref().as_str();
            if text.trim().is_empty() {
                problems.at(
                    name.span(),
                    format!("empty name or alias for \"{}\"", unit.slug.get_ref()),
                    None,
                );
                continue;
            }
            let slug = unit.slug.get_ref().as_str();
            match seen.insert((parents[i], text), slug) {
                Some(first) if first != slug => problems.at(
                    name.span(),
                    format!("the name \"{text}\" of \"{slug}\" is already used by \"{first}\" under the same parent"),
                    Some("two units of one parent need names that tell them apart".into()),
                ),
                _ => {}
            }
        }
    }
}

/// An avoided phrase is one a name could be found inside; any other guards nothing.
pub(super) fn check_avoided_phrases(units: &[RawUnit], problems: &mut Problems) {
    for unit in units {
        for phrase in &unit.avoid {
            let names = std::iter::once(&unit.name).chain(&unit.aliases);
            let guards = names.into_iter().any(|n| {
                phrase.get_ref() != n.get_ref() && phrase.get_ref().contains(n.get_ref().as_str())
            });
            if !guards {
                problems.at(
                    phrase.span(),
                    format!("\"{}\" in avoid of \"{}\" does not contain a name of the unit", phrase.get_ref(), unit.slug.get_ref()),
                    Some("list phrases that hold one of its names, such as avoid = [\"大方向\"] for 大方".into()),
                );
            }
        }
    }
}
