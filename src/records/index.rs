//! Which records each page shows, worked out once per build: per unit, the records about it
//! and its pairings; per pair group, the records inside it (about units on one side that a
//! pairing in force on the record's date ties to the other side, and about pairings between
//! the two sides).

use std::collections::HashMap;

use super::{Record, Subject};
use crate::network::{Network, PairingId, UnitId};

/// Record indices (into [`super::Records::records`]), in record order.
#[derive(Debug, Clone, Default)]
pub struct RecordIndex {
    units: Vec<Vec<usize>>,
    groups: Vec<Vec<usize>>,
}

impl RecordIndex {
    pub fn new(network: &Network, records: &[Record]) -> Self {
        let mut units = vec![Vec::new(); network.units.len()];
        let mut groups = vec![Vec::new(); network.groups().len()];
        let group_of: HashMap<(UnitId, UnitId), usize> = network
            .groups()
            .iter()
            .enumerate()
            .map(|(i, g)| ((g.east, g.west), i))
            .collect();
        let up = |id: UnitId| {
            let mut chain = network.ancestors(id);
            chain.push(id);
            chain
        };
        for (i, record) in records.iter().enumerate() {
            let mut found: Vec<usize> = Vec::new();
            let pair_in = |pairing: PairingId, found: &mut Vec<usize>| {
                let p = network.pairing(pairing);
                for a in up(p.east) {
                    for b in up(p.west) {
                        if let Some(&g) = group_of.get(&(a, b)) {
                            found.push(g);
                        }
                    }
                }
            };
            match record.subject {
                Subject::Unit(u) => {
                    units[u.0 as usize].push(i);
                    for &p in network.pairings_of(u) {
                        if super::validate::holds_on(&network.pairing(p).period, record.date) {
                            pair_in(p, &mut found);
                        }
                    }
                }
                Subject::Pairing(p) => {
                    let pairing = network.pairing(p);
                    units[pairing.east.0 as usize].push(i);
                    units[pairing.west.0 as usize].push(i);
                    pair_in(p, &mut found);
                }
            }
            found.sort_unstable();
            found.dedup();
            for g in found {
                groups[g].push(i);
            }
        }
        RecordIndex { units, groups }
    }

    /// The records about `unit` and its pairings.
    pub fn of_unit(&self, unit: UnitId) -> &[usize] {
        self.units.get(unit.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The records inside pair group `group`.
    pub fn in_group(&self, group: usize) -> &[usize] {
        self.groups.get(group).map_or(&[], Vec::as_slice)
    }
}
