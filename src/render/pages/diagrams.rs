//! The drawings of the network: each pair group's pairings, and each unit's neighbourhood
//! (the unit, its partners and their other partners).

use super::super::Links;
use super::groups::row_units;
use crate::diagram::{self, Current, Node};
use crate::locale::Strings;
use crate::network::{Network, PairGroup, Side, UnitId};
use crate::views::units::{current_partners, partner_names, side_label};

fn node<'a>(network: &'a Network, links: &'a Links, id: UnitId) -> Node<'a> {
    let unit = network.unit(id);
    Node {
        label: &unit.name,
        href: &links.units[id.0 as usize],
        kind: &unit.kind,
    }
}

/// What heads a column: the parent all its units share, else 东部 or 西部.
fn column_label<'a>(network: &'a Network, units: &[UnitId], side: Side, t: &'a Strings) -> &'a str {
    let parent = units.first().and_then(|&u| network.unit(u).parent);
    match parent {
        Some(p) if units.iter().all(|&u| network.unit(u).parent == Some(p)) => {
            &network.unit(p).name
        }
        _ => side_label(side, t),
    }
}

/// Edges between `east` and `west` (indices into them) for every current pairing among them.
fn edges(network: &Network, east: &[UnitId], west: &[UnitId]) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for (e, &unit) in east.iter().enumerate() {
        for partner in current_partners(network, unit) {
            if let Some(w) = west.iter().position(|&x| x == partner) {
                edges.push((e, w));
            }
        }
    }
    edges
}

/// A pair group's county-level pairings, drawn whole; `None` past the size a drawing stays
/// legible at (the group's table says it all then).
pub fn of_group(
    network: &Network,
    links: &Links,
    group: &PairGroup,
    t: &Strings,
) -> Option<String> {
    let (east, west) = row_units(network, &group.members);
    if east.len() > diagram::MAX_DRAWN_DISTRICTS || west.len() > diagram::MAX_DRAWN_COUNTIES {
        return None;
    }
    let sentences: Vec<String> = east
        .iter()
        .map(|&e| {
            let partners: Vec<UnitId> = current_partners(network, e)
                .filter(|p| west.contains(p))
                .collect();
            let names: Vec<&str> = partners
                .iter()
                .map(|&p| network.unit(p).name.as_str())
                .collect();
            t.fill(
                "diagram_pairs",
                &[
                    ("east", &network.unit(e).name),
                    ("partners", &t.list(&names)),
                ],
            )
        })
        .collect();
    let (east_name, west_name) = (
        &network.unit(group.east).name,
        &network.unit(group.west).name,
    );
    let east_nodes: Vec<Node> = east.iter().map(|&u| node(network, links, u)).collect();
    let west_nodes: Vec<Node> = west.iter().map(|&u| node(network, links, u)).collect();
    Some(diagram::whole(
        &t.fill(
            "diagram_title_group",
            &[("east", east_name), ("west", west_name)],
        ),
        &sentences_of(&sentences, t),
        east_name,
        west_name,
        &east_nodes,
        &west_nodes,
        &edges(network, &east, &west),
    ))
}

/// A unit with its current partners, and their other partners on the unit's own side; `None`
/// for a unit paired with nothing now.
pub fn of_unit(network: &Network, links: &Links, id: UnitId, t: &Strings) -> Option<String> {
    let partners: Vec<UnitId> = current_partners(network, id).collect();
    if partners.is_empty() {
        return None;
    }
    let mut own_side = vec![id];
    for &partner in &partners {
        for other in current_partners(network, partner) {
            if !own_side.contains(&other) {
                own_side.push(other);
            }
        }
    }
    let unit = network.unit(id);
    let (east, west, current) = match unit.side {
        Side::East => (vec![id], partners, Current::East(0)),
        Side::West => {
            let at = own_side.iter().position(|&u| u == id).unwrap_or(0);
            (partners, own_side, Current::West(at))
        }
    };
    let description: Vec<String> = east
        .iter()
        .map(|&e| {
            let partners: Vec<UnitId> = current_partners(network, e).collect();
            t.fill(
                "diagram_pairs",
                &[
                    ("east", network.full_name(e)),
                    ("partners", &partner_names(network, &partners, t)),
                ],
            )
        })
        .collect();
    let east_nodes: Vec<Node> = east.iter().map(|&u| node(network, links, u)).collect();
    let west_nodes: Vec<Node> = west.iter().map(|&u| node(network, links, u)).collect();
    Some(diagram::neighbourhood(
        &t.fill("diagram_title_unit", &[("name", &unit.name)]),
        &sentences_of(&description, t),
        column_label(network, &east, Side::East, t),
        column_label(network, &west, Side::West, t),
        &east_nodes,
        &west_nodes,
        &edges(network, &east, &west),
        current,
    ))
}

/// Sentences joined the interface's way, with a full stop: `A；B。`, `A; B.`
fn sentences_of(sentences: &[String], t: &Strings) -> String {
    format!(
        "{}{}",
        sentences.join(t.get("sentence_separator")),
        t.get("full_stop")
    )
}
