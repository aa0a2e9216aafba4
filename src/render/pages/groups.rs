//! Pair groups as templates see them: the two units, their relation and period, and the table
//! of the county-level pairings inside them (with a drawing where it stays legible).

use serde::Serialize;

use super::super::Links;
use super::diagrams;
use crate::locale::Strings;
use crate::network::{Network, PairGroup, PairingId, UnitId};
use crate::views::units::{self, PartnerView, UnitLink};
use crate::views::Hrefs;

/// A home page draws each group when it has at most this many in force; past that, each
/// group's own page has the drawing and the home page the tables.
const MAX_DRAWN_ON_HOME: usize = 4;

#[derive(Serialize)]
pub struct GroupView<'a> {
    pub href: &'a str,
    /// `珠海市—遵义市`.
    pub heading: &'a str,
    pub east: UnitLink<'a>,
    pub west: UnitLink<'a>,
    /// The pairing of the two units that is in force, else the latest.
    pub pairing: Option<PartnerView<'a>>,
    pub current: bool,
    /// One row per eastern unit: the western units it pairs with.
    pub rows: Vec<RowView<'a>>,
    /// `珠海市5个区(功能区)与遵义市8个县(市)的结对关系`.
    pub caption: String,
    /// What the columns hold: 区(功能区) and 县(市), with how many.
    pub east_label: String,
    pub west_label: String,
    pub east_count: usize,
    pub west_count: usize,
    pub diagram: Option<String>,
}

#[derive(Serialize)]
pub struct RowView<'a> {
    pub unit: UnitLink<'a>,
    pub partners: Vec<UnitLink<'a>>,
}

/// Whether the home page draws its groups: a few with tables, each small enough to read.
pub fn draws_on_home(network: &Network) -> bool {
    let drawn = network
        .groups()
        .iter()
        .filter(|g| g.is_current(network) && !g.members.is_empty())
        .count();
    drawn <= MAX_DRAWN_ON_HOME
}

pub fn group_view<'a>(
    network: &'a Network,
    links: &'a Links,
    group: &'a PairGroup,
    draw: bool,
    t: &Strings,
) -> GroupView<'a> {
    let index = links.pair_index[&(group.east, group.west)];
    let rows = rows(network, links, &group.members);
    let (east_units, west_units) = row_units(network, &group.members);
    let label =
        |ids: &[UnitId]| units::kind_label(ids.iter().map(|&u| network.unit(u).kind.as_str()), t);
    let (east_label, west_label) = (label(&east_units), label(&west_units));
    let (east, west) = (network.unit(group.east), network.unit(group.west));
    let caption = t.fill(
        "group_caption",
        &[
            ("east", &east.name),
            ("east_count", &east_units.len().to_string()),
            ("east_label", &east_label),
            ("west", &west.name),
            ("west_count", &west_units.len().to_string()),
            ("west_label", &west_label),
        ],
    );
    GroupView {
        href: &links.pairs[index],
        heading: &links.pair_headings[index],
        east: units::unit_link(network, links, group.east),
        west: units::unit_link(network, links, group.west),
        pairing: group
            .own
            .first()
            .map(|&p| units::partner_view(network, links, p, group.east, t)),
        current: group.is_current(network),
        diagram: (draw && !rows.is_empty())
            .then(|| diagrams::of_group(network, links, group, t))
            .flatten(),
        rows,
        caption,
        east_count: east_units.len(),
        west_count: west_units.len(),
        east_label,
        west_label,
    }
}

/// The eastern and the western units of `pairings`, each once, in order of first appearance.
pub fn row_units(network: &Network, pairings: &[PairingId]) -> (Vec<UnitId>, Vec<UnitId>) {
    let mut seen = vec![false; network.units.len()];
    let mut first = |id: UnitId, list: &mut Vec<UnitId>| {
        if !std::mem::replace(&mut seen[id.0 as usize], true) {
            list.push(id);
        }
    };
    let (mut east, mut west) = (Vec::new(), Vec::new());
    for &p in pairings {
        let pairing = network.pairing(p);
        first(pairing.east, &mut east);
        first(pairing.west, &mut west);
    }
    (east, west)
}

/// One row per eastern unit of `pairings`, in order of first appearance, with its western
/// partners among them in the order of `pairings`.
pub fn rows<'a>(
    network: &'a Network,
    links: &'a Links,
    pairings: &[PairingId],
) -> Vec<RowView<'a>> {
    let mut row_of: ahash::AHashMap<UnitId, usize> = ahash::AHashMap::new();
    let mut rows: Vec<RowView> = Vec::new();
    for &p in pairings {
        let pairing = network.pairing(p);
        let at = *row_of.entry(pairing.east).or_insert_with(|| {
            rows.push(RowView {
                unit: units::unit_link(network, links, pairing.east),
                partners: Vec::new(),
            });
            rows.len() - 1
        });
        rows[at]
            .partners
            .push(units::unit_link(network, links as &dyn Hrefs, pairing.west));
    }
    rows
}
