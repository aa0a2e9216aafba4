//! The home page's timeline: when each pairing above county level began and ended, oldest
//! first.

use serde::Serialize;

use super::super::Links;
use crate::locale::Strings;
use crate::network::Network;
use crate::views::Hrefs;

#[derive(Serialize)]
pub(super) struct TimelineItem<'a> {
    date: String,
    date_text: String,
    text: String,
    href: Option<&'a str>,
}

/// The starts and ends of the pairings above county level that have a date.
pub(super) fn items<'a>(network: &Network, links: &'a Links, t: &Strings) -> Vec<TimelineItem<'a>> {
    let mut items = Vec::new();
    for group in network.groups() {
        let (east, west) = (network.unit(group.east), network.unit(group.west));
        let href = links.pair(group.east, group.west);
        for &p in &group.own {
            let pairing = network.pairing(p);
            let said = [
                (pairing.period.start, false, "timeline_start"),
                (pairing.period.end, true, "timeline_end"),
            ];
            for (date, ends, what) in said {
                let Some(date) = date else { continue };
                let text = t.fill(
                    what,
                    &[
                        ("east", &east.name),
                        ("west", &west.name),
                        ("relation", &pairing.relation),
                    ],
                );
                items.push((
                    (date, ends),
                    TimelineItem {
                        date: date.iso(),
                        date_text: t.partial_date(&date),
                        text,
                        href,
                    },
                ));
            }
        }
    }
    // Ends before starts on the same date: a handover reads in the order it happened.
    items.sort_by(|a, b| a.0 .0.cmp(&b.0 .0).then(b.0 .1.cmp(&a.0 .1)));
    items.into_iter().map(|(_, item)| item).collect()
}
