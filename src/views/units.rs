//! What templates see of the network: units, their partners past and present, and pair groups;
//! and the sentences that describe them, made from the data alone (kinds, names, relations,
//! periods), so that no built-in string names a particular place.

use serde::Serialize;

use super::Link;
use crate::locale::Strings;
use crate::network::kinds::group_label_with;
use crate::network::{Level, Network, PairingId, Section, UnitId};

/// The finished link of every unit, pair group and article, made once per build.
pub trait Hrefs {
    fn unit(&self, id: UnitId) -> &str;
    /// The page of the pair group of `east` and `west`, if they have one.
    fn pair(&self, east: UnitId, west: UnitId) -> Option<&str>;
    fn article(&self, slug: &str) -> Option<(&str, &str)>;
}

/// A unit as linked from elsewhere.
#[derive(Debug, Serialize)]
pub struct UnitLink<'a> {
    pub href: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    /// The names above it and its own: 贵州省遵义市务川仡佬族苗族自治县.
    pub full_name: &'a str,
}

pub fn unit_link<'a>(network: &'a Network, hrefs: &'a dyn Hrefs, id: UnitId) -> UnitLink<'a> {
    let unit = network.unit(id);
    UnitLink {
        href: hrefs.unit(id),
        name: &unit.name,
        kind: &unit.kind,
        full_name: network.full_name(id),
    }
}

/// A unit on its own page or in a list.
#[derive(Debug, Serialize)]
pub struct UnitCard<'a> {
    pub href: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub level: Level,
    pub side: &'static str,
    /// 东部 or 西部.
    pub side_label: &'a str,
    pub full_name: &'a str,
    /// The names above it, joined: 贵州省遵义市.
    pub place: String,
    pub code: Option<String>,
    pub aliases: &'a [String],
    pub description: Option<&'a str>,
    /// The units above it, from the top.
    pub ancestors: Vec<Link<'a>>,
    /// Its current partners, and those it had before.
    pub current: Vec<PartnerView<'a>>,
    pub past: Vec<PartnerView<'a>>,
}

/// One pairing as seen from one of its units.
#[derive(Debug, Serialize)]
pub struct PartnerView<'a> {
    pub partner: UnitLink<'a>,
    pub relation: &'a str,
    /// `2021年起`, `至2021年`, `2016年至2021年`; none when the source gives no date.
    pub period: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub current: bool,
    /// `4个县(市)`, where the source counts what it covered without naming it.
    pub covers: Option<String>,
    /// The article that states it.
    pub source: Option<Link<'a>>,
    /// The page of the two units' pair group, if they have one.
    pub pair_href: Option<&'a str>,
}

pub fn partner_view<'a>(
    network: &'a Network,
    hrefs: &'a dyn Hrefs,
    pairing: PairingId,
    from: UnitId,
    t: &Strings,
) -> PartnerView<'a> {
    let p = network.pairing(pairing);
    PartnerView {
        partner: unit_link(network, hrefs, p.partner_of(from)),
        relation: &p.relation,
        period: t.period(&p.period),
        start: p.period.start.map(|d| d.iso()),
        end: p.period.end.map(|d| d.iso()),
        current: p.period.is_current(),
        // The count is of the western unit's counties: said only where that unit is the partner.
        covers: p
            .counties
            .filter(|_| from == p.east)
            .map(|n| t.fill("covers", &[("count", &n.to_string())])),
        source: p.source.as_ref().and_then(|slug| {
            let (href, label) = hrefs.article(slug.as_str())?;
            Some(Link { href, label })
        }),
        pair_href: hrefs.pair(p.east, p.west),
    }
}

pub fn unit_card<'a>(
    network: &'a Network,
    hrefs: &'a dyn Hrefs,
    id: UnitId,
    t: &'a Strings,
) -> UnitCard<'a> {
    let unit = network.unit(id);
    let ancestors = network.ancestors(id);
    let (current, past): (Vec<PairingId>, Vec<PairingId>) = network
        .pairings_of(id)
        .iter()
        .partition(|&&p| network.pairing(p).period.is_current());
    let partners = |list: Vec<PairingId>| {
        list.into_iter()
            .map(|p| partner_view(network, hrefs, p, id, t))
            .collect()
    };
    UnitCard {
        href: hrefs.unit(id),
        slug: unit.slug.as_str(),
        name: &unit.name,
        kind: &unit.kind,
        level: unit.level,
        side: unit.side.name(),
        side_label: side_label(unit.side, t),
        full_name: network.full_name(id),
        place: unit
            .parent
            .map(|p| network.full_name(p).to_string())
            .unwrap_or_default(),
        code: unit.code.map(|c| c.to_string()),
        aliases: &unit.aliases,
        description: unit.description.as_deref(),
        ancestors: ancestors
            .iter()
            .map(|&a| Link {
                href: hrefs.unit(a),
                label: &network.unit(a).name,
            })
            .collect(),
        current: partners(current),
        past: partners(past),
    }
}

/// A unit's children of one side, with the label their kinds give (区(功能区), 县(市)).
#[derive(Debug, Serialize)]
pub struct ChildGroup<'a> {
    pub label: String,
    pub units: Vec<ChildView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ChildView<'a> {
    pub link: UnitLink<'a>,
    /// Its current partners.
    pub partners: Vec<UnitLink<'a>>,
}

pub fn children<'a>(
    network: &'a Network,
    hrefs: &'a dyn Hrefs,
    id: UnitId,
    t: &Strings,
) -> ChildGroup<'a> {
    let kids = network.children(id);
    ChildGroup {
        label: kind_label(kids.iter().map(|&c| network.unit(c).kind.as_str()), t),
        units: kids
            .iter()
            .map(|&c| ChildView {
                link: unit_link(network, hrefs, c),
                partners: current_partners(network, c)
                    .map(|p| unit_link(network, hrefs, p))
                    .collect(),
            })
            .collect(),
    }
}

/// The units `id` is paired with now, in the order of its pairings.
pub fn current_partners(network: &Network, id: UnitId) -> impl Iterator<Item = UnitId> + '_ {
    network
        .pairings_of(id)
        .iter()
        .map(|&p| network.pairing(p))
        .filter(|p| p.period.is_current())
        .map(move |p| p.partner_of(id))
}

/// The label for the units of one section, from their kinds: 区(功能区), 县(市), 市(州), 省.
pub fn section_label(network: &Network, section: Section, t: &Strings) -> String {
    let label = kind_label(
        network
            .units
            .iter()
            .filter(|u| u.section() == section)
            .map(|u| u.kind.as_str()),
        t,
    );
    if label.is_empty() {
        t.get(fallback_label(section)).to_string()
    } else {
        label
    }
}

/// What a set of units is, from their kinds (see [`group_label_with`]), in the interface's
/// list punctuation.
pub fn kind_label<'a>(kinds: impl IntoIterator<Item = &'a str>, t: &Strings) -> String {
    let label = group_label_with(kinds, t.get("list_separator"));
    // `区(功能区)`: the brackets as the interface writes them around the rarer kinds.
    match label.split_once('(') {
        Some((first, rest)) => t.fill(
            "kinds_with_others",
            &[
                ("first", first),
                ("others", rest.strip_suffix(')').unwrap_or(rest)),
            ],
        ),
        None => label,
    }
}

/// 东部 or 西部, in the interface language.
pub fn side_label(side: crate::network::Side, t: &Strings) -> &str {
    match side {
        crate::network::Side::East => t.get("side_east"),
        crate::network::Side::West => t.get("side_west"),
    }
}

/// The key of the label of a section none of whose units has a kind word the labels know.
fn fallback_label(section: Section) -> &'static str {
    match section {
        Section::Provinces => "label_province",
        Section::Cities => "label_city",
        Section::Districts => "label_district",
        Section::Counties => "label_county",
    }
}

/// `香洲区与遵义市凤冈县、务川仡佬族苗族自治县结对开展东西部协作。`: what a unit is paired with,
/// in one sentence: partners grouped by relation, then by their parent. A unit without current
/// partners says what it had before, or only what it is.
pub fn unit_sentence(network: &Network, id: UnitId, t: &Strings) -> String {
    let pairings = network.pairings_of(id);
    let current: Vec<PairingId> = pairings
        .iter()
        .copied()
        .filter(|&p| network.pairing(p).period.is_current())
        .collect();
    let name = network.full_name(id);
    if !current.is_empty() {
        let clauses = partner_clauses(network, id, &current, t);
        t.fill("sentence_paired", &[("name", name), ("clauses", &clauses)])
    } else if !pairings.is_empty() {
        let clauses = partner_clauses(network, id, pairings, t);
        t.fill("sentence_before", &[("name", name), ("clauses", &clauses)])
    } else {
        let unit = network.unit(id);
        let side = side_label(unit.side, t);
        t.fill(
            "sentence_alone",
            &[("name", name), ("side", side), ("kind", &unit.kind)],
        )
    }
}

/// `与A、B结对开展东西部协作，与C结对开展对口帮扶（至2021年）`.
fn partner_clauses(network: &Network, id: UnitId, pairings: &[PairingId], t: &Strings) -> String {
    let mut by_relation: Vec<(&str, Option<String>, Vec<UnitId>)> = Vec::new();
    for &p in pairings {
        let pairing = network.pairing(p);
        let period = (!pairing.period.is_current())
            .then(|| t.period(&pairing.period))
            .flatten();
        let partner = pairing.partner_of(id);
        match by_relation
            .iter_mut()
            .find(|(r, when, _)| *r == pairing.relation && *when == period)
        {
            Some((_, _, partners)) => partners.push(partner),
            None => by_relation.push((&pairing.relation, period, vec![partner])),
        }
    }
    let clauses: Vec<String> = by_relation
        .into_iter()
        .map(|(relation, period, partners)| {
            let when = period
                .map(|p| t.fill("parenthesized", &[("text", &p)]))
                .unwrap_or_default();
            t.fill(
                "partner_clause",
                &[
                    ("partners", &partner_names(network, &partners, t)),
                    ("relation", relation),
                    ("when", &when),
                ],
            )
        })
        .collect();
    clauses.join(t.get("clause_separator"))
}

/// Partners grouped under their parents: 贵州省遵义市桐梓县、正安县.
pub fn partner_names(network: &Network, partners: &[UnitId], t: &Strings) -> String {
    let mut by_parent: Vec<(Option<UnitId>, Vec<&str>)> = Vec::new();
    for &p in partners {
        let unit = network.unit(p);
        match by_parent
            .iter_mut()
            .find(|(parent, _)| *parent == unit.parent)
        {
            Some((_, names)) => names.push(&unit.name),
            None => by_parent.push((unit.parent, vec![&unit.name])),
        }
    }
    by_parent
        .into_iter()
        .map(|(parent, names)| match parent {
            Some(p) => t.fill(
                "partners_in_place",
                &[("place", network.full_name(p)), ("names", &t.list(&names))],
            ),
            None => t.list(&names),
        })
        .collect::<Vec<_>>()
        .join(t.get("list_separator"))
}

/// `广东省广州市与贵州省黔南布依族苗族自治州结对开展东西部协作（2021年3月1日起）。`: a pair
/// group in one sentence, by its pairing in force (else its latest).
pub fn pair_sentence(network: &Network, group: &crate::network::PairGroup, t: &Strings) -> String {
    let (east, west) = (network.full_name(group.east), network.full_name(group.west));
    let Some(&p) = group.own.first() else {
        return t.fill("pair_sentence_bare", &[("east", east), ("west", west)]);
    };
    let pairing = network.pairing(p);
    let when = t
        .period(&pairing.period)
        .map(|period| t.fill("parenthesized", &[("text", &period)]))
        .unwrap_or_default();
    t.fill(
        "pair_sentence",
        &[
            ("east", east),
            ("west", west),
            ("relation", &pairing.relation),
            ("when", &when),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    struct NoLinks;

    impl Hrefs for NoLinks {
        fn unit(&self, _: UnitId) -> &str {
            "/u/"
        }
        fn pair(&self, _: UnitId, _: UnitId) -> Option<&str> {
            None
        }
        fn article(&self, _: &str) -> Option<(&str, &str)> {
            None
        }
    }

    const HISTORY: &str = r#"
title = "t"
[[units]]
slug = "zhuhai"
name = "珠海市"
kind = "市"
level = "prefecture"
side = "east"
[[units]]
slug = "xiangzhou"
name = "香洲区"
kind = "区"
parent = "zhuhai"
[[units]]
slug = "guizhou"
name = "贵州省"
kind = "省"
side = "west"
[[units]]
slug = "zunyi"
name = "遵义市"
kind = "市"
parent = "guizhou"
[[units]]
slug = "fenggang"
name = "凤冈县"
kind = "县"
parent = "zunyi"
[[units]]
slug = "wuchuan"
name = "务川仡佬族苗族自治县"
kind = "自治县"
parent = "zunyi"
[[units]]
slug = "yunnan"
name = "云南省"
kind = "省"
side = "west"
[[units]]
slug = "nujiang"
name = "怒江州"
kind = "州"
parent = "yunnan"
[[pairings]]
east = "zhuhai"
west = "zunyi"
relation = "对口协作"
start = 2021
[[pairings]]
east = "zhuhai"
west = "nujiang"
relation = "对口帮扶"
end = 2021
counties = 4
[[pairings]]
east = "xiangzhou"
west = ["fenggang", "wuchuan"]
relation = "东西部协作"
start = 2021
"#;

    fn zh() -> Strings {
        Strings::default()
    }

    fn network() -> Network {
        crate::network::parse(Path::new("p.toml"), HISTORY).unwrap()
    }

    fn id(network: &Network, slug: &str) -> UnitId {
        network
            .unit_ids()
            .find(|&u| network.unit(u).slug.as_str() == slug)
            .unwrap()
    }

    #[test]
    fn sentences_group_partners_by_relation_and_parent() {
        let n = network();
        assert_eq!(
            unit_sentence(&n, id(&n, "xiangzhou"), &zh()),
            "珠海市香洲区与贵州省遵义市凤冈县、务川仡佬族苗族自治县结对开展东西部协作。"
        );
        assert_eq!(
            unit_sentence(&n, id(&n, "wuchuan"), &zh()),
            "贵州省遵义市务川仡佬族苗族自治县与珠海市香洲区结对开展东西部协作。"
        );
        assert_eq!(
            unit_sentence(&n, id(&n, "zhuhai"), &zh()),
            "珠海市与贵州省遵义市结对开展对口协作。"
        );
        assert_eq!(
            unit_sentence(&n, id(&n, "nujiang"), &zh()),
            "云南省怒江州此前与珠海市结对开展对口帮扶（至2021年）。"
        );
        assert_eq!(
            unit_sentence(&n, id(&n, "guizhou"), &zh()),
            "贵州省是西部的省。"
        );
        let en = Strings::new(crate::locale::Locale::En);
        assert_eq!(
            unit_sentence(&n, id(&n, "nujiang"), &en),
            "云南省怒江州 was paired with 珠海市 in 对口帮扶 (until 2021)."
        );
    }

    #[test]
    fn a_card_splits_partners_into_current_and_past_with_their_periods() {
        let n = network();
        let t = zh();
        let card = unit_card(&n, &NoLinks, id(&n, "zhuhai"), &t);
        assert_eq!(card.current.len(), 1);
        assert_eq!(card.current[0].partner.full_name, "贵州省遵义市");
        assert_eq!(card.current[0].period.as_deref(), Some("2021年起"));
        assert_eq!(card.past.len(), 1);
        assert_eq!(card.past[0].partner.full_name, "云南省怒江州");
        assert_eq!(card.past[0].period.as_deref(), Some("至2021年"));
        assert_eq!(card.past[0].covers.as_deref(), Some("4个县(市)"));
        let county = unit_card(&n, &NoLinks, id(&n, "wuchuan"), &t);
        assert_eq!(county.place, "贵州省遵义市");
        assert_eq!(county.ancestors.len(), 2);
    }

    #[test]
    fn labels_come_from_the_kinds_in_the_data() {
        let n = network();
        assert_eq!(section_label(&n, Section::Counties, &zh()), "县");
        assert_eq!(section_label(&n, Section::Cities, &zh()), "市(州)");
        assert_eq!(children(&n, &NoLinks, id(&n, "zunyi"), &zh()).label, "县");
    }
}
