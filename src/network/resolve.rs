//! Validation: the raw file's units and pairings checked and resolved into a [`Network`] whose
//! references are indices. Every independent problem is collected, so one run reports them all.

use std::collections::HashMap;

use toml::Spanned;

use super::kinds::{kind_info, AdminCode, Level, Side};
use super::load::Problems;
use super::period::{PartialDate, Period, RawDate};
use super::raw::{RawEvent, RawNetwork, RawPairing, RawUnit};
use super::{Event, Network, Pairing, PairingId, Unit, UnitId};
use crate::types::Slug;

/// How strictly slugs are checked: the first form kept districts and counties in two tables
/// whose slugs were unique per table, and checked them itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Network,
    FirstForm,
}

pub fn resolve(raw: RawNetwork, form: Form, problems: &mut Problems) -> Network {
    let slugs: Vec<Slug> = raw.units.iter().map(|u| problems.slug(&u.slug)).collect();
    if form == Form::Network {
        check_unique_slugs(&raw.units, problems);
    }
    let index = SlugIndex::new(&raw.units);
    let mut parents = resolve_parents(&raw.units, &index, problems);
    let cycles = break_cycles(&raw.units, &mut parents, problems);
    let sides = resolve_sides(&raw.units, &parents, &cycles, problems);
    let levels = resolve_levels(&raw.units, &parents, problems);
    let codes = resolve_codes(&raw.units, &parents, &levels, problems);
    if form == Form::Network {
        check_names_under_parents(&raw.units, &parents, problems);
    }
    check_avoided_phrases(&raw.units, problems);
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
    let pairings = resolve_pairings(&raw.pairings, &index, &units, problems);
    let mut events: Vec<Event> = raw
        .events
        .iter()
        .map(|event| resolve_event(event, problems))
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

fn check_unique_slugs(units: &[RawUnit], problems: &mut Problems) {
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

fn resolve_parents(
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
fn break_cycles(
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

fn resolve_sides(
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

fn top_of(mut i: usize, parents: &[Option<UnitId>]) -> usize {
    while let Some(parent) = parents[i] {
        i = parent.0 as usize;
    }
    i
}

/// A unit's level: as written, else as its kind says, else one below its parent, else one
/// above its children.
fn resolve_levels(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    problems: &mut Problems,
) -> Vec<Option<Level>> {
    let mut levels: Vec<Option<Level>> = units
        .iter()
        .map(|unit| match &unit.level {
            Some(raw) => {
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
            None => kind_info(unit.kind.get_ref()).level,
        })
        .collect();
    // Parents are fewer than three levels deep, so a few passes reach every unit that can be
    // placed; each pass only fills gaps.
    for _ in 0..3 {
        for i in 0..units.len() {
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
    levels
}

fn resolve_codes(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    levels: &[Option<Level>],
    problems: &mut Problems,
) -> Vec<Option<AdminCode>> {
    let codes: Vec<Option<AdminCode>> = units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let raw = unit.code.as_ref()?;
            let code = match AdminCode::parse(&raw.get_ref().text()) {
                Ok(code) => code,
                Err(message) => {
                    problems.at(raw.span(), message, None);
                    return None;
                }
            };
            if !kind_info(unit.kind.get_ref()).administrative {
                problems.at(
                    raw.span(),
                    format!(
                        "\"{}\" is a {}, which has no GB/T 2260 code",
                        unit.slug.get_ref(),
                        unit.kind.get_ref()
                    ),
                    Some(
                        "remove the code: functional zones are not administrative divisions".into(),
                    ),
                );
                return None;
            }
            if let Some(level) = levels[i].filter(|&l| l != code.level()) {
                problems.at(
                    raw.span(),
                    format!(
                        "code {code} is a {}'s code, but \"{}\" is {level}-level",
                        code.level(),
                        unit.slug.get_ref()
                    ),
                    Some("a province's code ends in 0000, a prefecture's in 00".into()),
                );
            }
            Some(code)
        })
        .collect();
    let mut first_with: HashMap<AdminCode, usize> = HashMap::new();
    for (i, code) in codes.iter().enumerate() {
        let Some(code) = *code else { continue };
        let span = units[i].code.as_ref().expect("has a code").span();
        if let Some(&first) = first_with.get(&code) {
            let message = format!(
                "code {code} of \"{}\" is already the code of \"{}\"",
                units[i].slug.get_ref(),
                units[first].slug.get_ref()
            );
            problems.at(span, message, Some("codes are unique: check both".into()));
            continue;
        }
        first_with.insert(code, i);
        let parent_code = parents[i].and_then(|p| codes[p.0 as usize]);
        if let Some(parent_code) = parent_code.filter(|&p| !code.fits_under(p)) {
            let parent = units[i].parent.as_ref().expect("has a parent").get_ref();
            problems.at(
                span,
                format!("code {code} of \"{}\" does not fit under the code {parent_code} of its parent \"{parent}\"", units[i].slug.get_ref()),
                Some("a county's code starts with its prefecture's four digits, a prefecture's with its province's two".into()),
            );
        }
    }
    codes
}

/// Names repeat across the country, never under one parent.
fn check_names_under_parents(
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
fn check_avoided_phrases(units: &[RawUnit], problems: &mut Problems) {
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

fn resolve_pairings(
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

fn resolve_event(raw: &RawEvent, problems: &mut Problems) -> Event {
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

fn children_of(units: &[Unit]) -> Vec<Vec<UnitId>> {
    let mut children = vec![Vec::new(); units.len()];
    for (i, unit) in units.iter().enumerate() {
        if let Some(parent) = unit.parent {
            children[parent.0 as usize].push(UnitId(i as u32));
        }
    }
    children
}

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
