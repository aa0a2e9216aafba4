//! The cooperation network a site describes (`content/pairings.toml`): units in two trees, east
//! and west (province → prefecture → county, plus functional zones), and the pairings between
//! them, each with a relation and the period it held for. Two file forms load into it: the
//! network form (`[[units]]`, `[[pairings]]`) and the first form of one city pair
//! (`[[districts]]`, `[[counties]]`), which `legacy` turns into the same raw shape.
//!
//! Everything here is validated once, in `resolve`; the rest of the build reads a [`Network`]
//! whose references are indices that cannot dangle.

mod groups;
pub mod kinds;
mod legacy;
mod load;
pub mod period;
mod raw;
mod resolve;

use crate::types::Slug;

pub use groups::PairGroup;
pub use kinds::{AdminCode, Level, Side};
pub use load::{load, parse};
pub use period::{PartialDate, Period};
pub use resolve::did_you_mean;

/// Index of a unit in [`Network::units`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub u32);

/// Index of a pairing in [`Network::pairings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PairingId(pub u32);

/// Where a unit's page lives: one URL section per level, county-level units by side (the
/// eastern `districts/`, the western `counties/`, as the first form published them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Provinces,
    Cities,
    Districts,
    Counties,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Provinces,
        Section::Cities,
        Section::Districts,
        Section::Counties,
    ];

    pub fn of(level: Level, side: Side) -> Section {
        match (level, side) {
            (Level::Province, _) => Section::Provinces,
            (Level::Prefecture, _) => Section::Cities,
            (Level::County, Side::East) => Section::Districts,
            (Level::County, Side::West) => Section::Counties,
        }
    }

    /// The URL folder: `districts`, `counties`, `cities`, `provinces`.
    pub fn folder(self) -> &'static str {
        match self {
            Section::Provinces => "provinces",
            Section::Cities => "cities",
            Section::Districts => "districts",
            Section::Counties => "counties",
        }
    }
}

/// A province, prefecture, county or functional zone.
#[derive(Debug, Clone)]
pub struct Unit {
    pub slug: Slug,
    pub name: String,
    /// As written: 省, 地级市, 自治州, 区, 功能区, 县级市 …
    pub kind: String,
    pub level: Level,
    pub side: Side,
    pub parent: Option<UnitId>,
    pub code: Option<AdminCode>,
    /// Short and other forms that also name it in text (务川县 for 务川仡佬族苗族自治县).
    pub aliases: Vec<String>,
    /// Phrases its names are never linked inside: 大方向 and 落落大方 for a county called 大方.
    pub avoid: Vec<String>,
    pub description: Option<String>,
}

impl Unit {
    pub fn section(&self) -> Section {
        Section::of(self.level, self.side)
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A pairing: an eastern unit helping a western one, in one relation, for one period.
#[derive(Debug, Clone)]
pub struct Pairing {
    pub east: UnitId,
    pub west: UnitId,
    /// 东西部协作, 对口协作, 对口帮扶, 对口支援, 结对 …, as written.
    pub relation: String,
    pub period: Period,
    /// The article that states it, by slug (checked against the articles when the site loads).
    pub source: Option<Slug>,
    /// Where `source` is written in the data file, as a byte range (its line is worked out
    /// only for a message: each costs a scan of the file).
    pub source_at: Option<std::ops::Range<usize>>,
    /// How many county-level units of the western side it covered, where the source gives a
    /// number without names (怒江州4个县(市)).
    pub counties: Option<u32>,
}

impl Pairing {
    /// The unit on the other side from `unit`.
    pub fn partner_of(&self, unit: UnitId) -> UnitId {
        if self.east == unit {
            self.west
        } else {
            self.east
        }
    }
}

/// A dated step in the programme's history.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub text: String,
}

/// The whole validated network, with the relations between its parts worked out once.
#[derive(Debug, Clone)]
pub struct Network {
    pub title: String,
    pub summary: Option<String>,
    pub principles: Vec<String>,
    pub areas: Vec<String>,
    /// In file order (the first form: districts, then counties, then the cities it implies).
    pub units: Vec<Unit>,
    /// In file order.
    pub pairings: Vec<Pairing>,
    /// Sorted by date; events of the same date keep their order in the file.
    pub events: Vec<Event>,
    children: Vec<Vec<UnitId>>,
    /// Per unit, the pairings it takes part in, current first, then newest first.
    pairings_of: Vec<Vec<PairingId>>,
    /// The pairings above county level, grouped by their two units.
    groups: Vec<PairGroup>,
    /// Current county-level pairings that belong to no group.
    loose: Vec<PairingId>,
    /// Per unit, the names above it and its own (pages show it thousands of times).
    full_names: Vec<String>,
}

impl Network {
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    pub fn pairing(&self, id: PairingId) -> &Pairing {
        &self.pairings[id.0 as usize]
    }

    pub fn unit_ids(&self) -> impl Iterator<Item = UnitId> + '_ {
        (0..self.units.len() as u32).map(UnitId)
    }

    pub fn pairing_ids(&self) -> impl Iterator<Item = PairingId> + '_ {
        (0..self.pairings.len() as u32).map(PairingId)
    }

    /// The units directly under `id`, in file order.
    pub fn children(&self, id: UnitId) -> &[UnitId] {
        &self.children[id.0 as usize]
    }

    /// The pairings `id` takes part in: current first, then by start, newest first.
    pub fn pairings_of(&self, id: UnitId) -> &[PairingId] {
        &self.pairings_of[id.0 as usize]
    }

    /// From the top of the tree down to `id`'s parent.
    pub fn ancestors(&self, id: UnitId) -> Vec<UnitId> {
        let mut path = Vec::new();
        let mut at = self.unit(id).parent;
        while let Some(parent) = at {
            path.push(parent);
            at = self.unit(parent).parent;
        }
        path.reverse();
        path
    }

    /// `id` or the ancestor of `id` at `level`, if the tree holds one.
    pub fn at_level(&self, id: UnitId, level: Level) -> Option<UnitId> {
        let mut at = Some(id);
        while let Some(unit) = at {
            if self.unit(unit).level == level {
                return Some(unit);
            }
            at = self.unit(unit).parent;
        }
        None
    }

    /// The names of the ancestors then the unit's own: 贵州省遵义市务川仡佬族苗族自治县.
    pub fn full_name(&self, id: UnitId) -> &str {
        &self.full_names[id.0 as usize]
    }

    /// Writes every unit's full name again, as `join(full name of the parent, own name)` says
    /// (the interface's way: `贵州省遵义市`, `Zunyi, Guizhou`), parents before children.
    pub fn join_full_names(&mut self, join: impl Fn(&str, &str) -> String) {
        for id in self.unit_ids().collect::<Vec<_>>() {
            let ancestors = self.ancestors(id);
            let mut name = ancestors
                .first()
                .map(|&top| self.unit(top).name.clone())
                .unwrap_or_default();
            for &a in ancestors.iter().skip(1).chain([&id]) {
                name = if name.is_empty() {
                    self.unit(a).name.clone()
                } else {
                    join(&name, &self.unit(a).name)
                };
            }
            self.full_names[id.0 as usize] = name;
        }
    }

    /// Works out every unit's full name, once, for [`Network::full_name`].
    fn name_units(&mut self) {
        self.full_names = self
            .unit_ids()
            .map(|id| {
                let mut name: String = self
                    .ancestors(id)
                    .into_iter()
                    .map(|a| self.unit(a).name.as_str())
                    .collect();
                name.push_str(&self.unit(id).name);
                name
            })
            .collect();
    }

    /// Every pair of units above county level that the data pairs, in file order.
    pub fn groups(&self) -> &[PairGroup] {
        &self.groups
    }

    /// Current county-level pairings whose units lie in no group.
    pub fn loose_pairings(&self) -> &[PairingId] {
        &self.loose
    }

    /// The units of one section, in file order.
    pub fn units_in(&self, section: Section) -> Vec<UnitId> {
        self.unit_ids()
            .filter(|&id| self.unit(id).section() == section)
            .collect()
    }
}
