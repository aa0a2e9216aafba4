//! Pair groups: the pairings above county level (a city with a prefecture, a province with a
//! province), each with the county-level pairings that sit inside it. They give the home page
//! its sections and each city pair its own page, so a province's programme reads as many small
//! tables and drawings, never one hairball.

use std::collections::BTreeMap;

use super::{Level, Network, PairingId, UnitId};

/// Two units above county level and everything paired between them.
#[derive(Debug, Clone)]
pub struct PairGroup {
    pub east: UnitId,
    pub west: UnitId,
    /// The pairings of the two units themselves: current first, then newest first.
    pub own: Vec<PairingId>,
    /// Current county-level pairings whose units lie inside the two, in file order.
    pub members: Vec<PairingId>,
}

impl PairGroup {
    pub fn is_current(&self, network: &Network) -> bool {
        self.own
            .first()
            .is_some_and(|&p| network.pairing(p).period.is_current())
    }
}

impl Network {
    /// Works out every pair of units above county level that the data pairs, in the order of
    /// their first pairing in the file, and the current county-level pairings that belong to
    /// none; kept on the network by [`Network::groups`].
    pub(super) fn find_groups(&mut self) {
        let mut index: BTreeMap<(UnitId, UnitId), usize> = BTreeMap::new();
        let mut groups: Vec<PairGroup> = Vec::new();
        for id in self.pairing_ids() {
            let pairing = self.pairing(id);
            if self.unit(pairing.east).level == Level::County {
                continue;
            }
            let key = (pairing.east, pairing.west);
            let at = *index.entry(key).or_insert_with(|| {
                groups.push(PairGroup {
                    east: key.0,
                    west: key.1,
                    own: Vec::new(),
                    members: Vec::new(),
                });
                groups.len() - 1
            });
            groups[at].own.push(id);
        }
        let mut loose = Vec::new();
        for id in self.pairing_ids() {
            let pairing = self.pairing(id);
            if self.unit(pairing.east).level != Level::County || !pairing.period.is_current() {
                continue;
            }
            let key = (
                self.at_level(pairing.east, Level::Prefecture),
                self.at_level(pairing.west, Level::Prefecture),
            );
            match key {
                (Some(east), Some(west)) if index.contains_key(&(east, west)) => {
                    groups[index[&(east, west)]].members.push(id);
                }
                _ => loose.push(id),
            }
        }
        for group in &mut groups {
            let order = |p: &PairingId| {
                self.pairings_of(group.east)
                    .iter()
                    .position(|q| q == p)
                    .unwrap_or(usize::MAX)
            };
            group.own.sort_by_key(order);
        }
        self.groups = groups;
        self.loose = loose;
    }
}
