//! Generating the programme's tree and pairings: which districts each city has, which
//! prefectures each city pairs with, which counties each district pairs with, and the history.
//!
//! The plan is made first in plain indices ([`Plan`]), then turned into units in file order:
//! provinces, cities, prefectures, districts, counties.

use crate::model::{self, Date, Level, Network, Pairing, Site, Size};
use crate::names::{self, SHARED_ZONE};
use crate::rng::Rng;

/// Who belongs to whom, before anything is named.
struct Plan {
    /// Per district, its city.
    city_of: Vec<usize>,
    /// Per city, its districts in order.
    districts_of: Vec<Vec<usize>>,
    /// Per district, whether it pairs with two counties.
    two_counties: Vec<bool>,
    /// Per city, its one or two prefectures (indices of prefectures).
    prefectures_of: Vec<Vec<usize>>,
    /// Per district, the prefecture of each of its counties.
    county_prefectures: Vec<Vec<usize>>,
}

pub fn generate(size: Size, rng: &mut Rng) -> Network {
    let plan = plan(size, rng);
    let named = size.cities + plan_prefectures(&plan) + size.districts + size.counties;
    let mut stems = names::stems(named, rng).into_iter();
    let mut network = Network::default();
    let (east, west) = model::provinces(&mut network.units, size);
    network.east_province = east;
    network.west_provinces = west;
    add_cities(&mut network, &plan, &mut stems);
    add_prefectures(&mut network, &plan, &mut stems, rng);
    add_districts(&mut network, &plan, &mut stems, rng);
    add_counties(&mut network, &plan, &mut stems, rng);
    share_a_name(&mut network);
    network.partners = vec![Vec::new(); network.units.len()];
    add_pairings(&mut network, &plan, size, rng);
    network
}

fn plan_prefectures(plan: &Plan) -> usize {
    plan.prefectures_of.iter().map(Vec::len).sum()
}

fn plan(size: Size, rng: &mut Rng) -> Plan {
    // Every city gets a district, the rest are spread at random.
    let mut city_of: Vec<usize> = (0..size.cities).collect();
    city_of.extend((size.cities..size.districts).map(|_| rng.below(size.cities)));
    rng.shuffle(&mut city_of);
    let mut districts_of = vec![Vec::new(); size.cities];
    for (d, &c) in city_of.iter().enumerate() {
        districts_of[c].push(d);
    }
    // Exactly `counties - districts` districts pair with two counties; the first district of
    // the first city always does, so it can pair across two prefectures.
    let mut order: Vec<usize> = (0..size.districts).collect();
    rng.shuffle(&mut order);
    let doubles = size.counties - size.districts;
    let mut two_counties = vec![false; size.districts];
    for &d in &order[..doubles] {
        two_counties[d] = true;
    }
    let first = districts_of[0][0];
    if doubles > 0 && !two_counties[first] {
        two_counties[order[doubles - 1]] = false;
        two_counties[first] = true;
    }
    let prefectures_of = prefectures_of(size, &districts_of, &two_counties, rng);
    let county_prefectures = county_prefectures(
        &districts_of,
        &two_counties,
        &prefectures_of,
        size.districts,
        rng,
    );
    Plan {
        city_of,
        districts_of,
        two_counties,
        prefectures_of,
        county_prefectures,
    }
}

/// One prefecture per city, and a second for the first city and others picked at random among
/// those whose counties can fill two (two districts, or one with two counties).
fn prefectures_of(
    size: Size,
    districts_of: &[Vec<usize>],
    two: &[bool],
    rng: &mut Rng,
) -> Vec<Vec<usize>> {
    let can_have_two = |c: usize| districts_of[c].len() >= 2 || two[districts_of[c][0]];
    let mut candidates: Vec<usize> = (1..size.cities).filter(|&c| can_have_two(c)).collect();
    rng.shuffle(&mut candidates);
    let wanted = size.prefectures.saturating_sub(size.cities);
    let mut doubled: Vec<usize> = Vec::new();
    if wanted > 0 && can_have_two(0) {
        doubled.push(0);
    }
    doubled.extend(
        candidates
            .into_iter()
            .take(wanted.saturating_sub(doubled.len())),
    );
    let mut next = 0;
    let mut of = Vec::with_capacity(size.cities);
    for c in 0..size.cities {
        let count = if doubled.contains(&c) { 2 } else { 1 };
        of.push((next..next + count).collect());
        next += count;
    }
    of
}

/// A district's counties lie in its home prefecture (alternating in a city with two, so both
/// get some); some two-county districts of such cities pair across both, the first always.
fn county_prefectures(
    districts_of: &[Vec<usize>],
    two: &[bool],
    prefectures_of: &[Vec<usize>],
    districts: usize,
    rng: &mut Rng,
) -> Vec<Vec<usize>> {
    let mut of = vec![Vec::new(); districts];
    for (c, list) in districts_of.iter().enumerate() {
        let prefs = &prefectures_of[c];
        let mut split_one = false;
        for (i, &d) in list.iter().enumerate() {
            let home = prefs[i % prefs.len()];
            let other = prefs[(i + 1) % prefs.len()];
            let alone = prefs.len() == 2 && list.len() == 1;
            let split = two[d] && prefs.len() == 2 && (alone || !split_one || rng.chance(10));
            split_one |= split;
            of[d].push(home);
            if two[d] {
                of[d].push(if split { other } else { home });
            }
        }
    }
    of
}

fn add_cities(network: &mut Network, plan: &Plan, stems: &mut impl Iterator<Item = String>) {
    let total = plan.districts_of.len();
    for i in 0..total {
        let stem = stems.next().expect("enough stems");
        let slug = names::slug_width('e', i, total, 3);
        let unit = model::child(
            &network.units,
            network.east_province,
            slug,
            names::city(&stem),
            Level::Prefecture,
            Some(i),
        );
        network.units.push(unit);
        network.cities.push(network.units.len() - 1);
    }
}

/// The first two thirds of the prefectures lie in the first western province, the rest in the
/// second (where a single province is all there is, all in it).
fn add_prefectures(
    network: &mut Network,
    plan: &Plan,
    stems: &mut impl Iterator<Item = String>,
    rng: &mut Rng,
) {
    let total = plan_prefectures(plan);
    let first_share = (total * 2).div_ceil(3);
    let mut numbers = vec![0; network.west_provinces.len()];
    for i in 0..total {
        let p = if i < first_share {
            0
        } else {
            network.west_provinces.len() - 1
        };
        let stem = stems.next().expect("enough stems");
        let slug = names::slug_width('w', i, total, 3);
        let named = names::prefecture(&stem, rng);
        let unit = model::child(
            &network.units,
            network.west_provinces[p],
            slug,
            named,
            Level::Prefecture,
            Some(numbers[p]),
        );
        numbers[p] += 1;
        network.units.push(unit);
        network.prefectures.push(network.units.len() - 1);
    }
}

fn add_districts(
    network: &mut Network,
    plan: &Plan,
    stems: &mut impl Iterator<Item = String>,
    rng: &mut Rng,
) {
    let total = plan.city_of.len();
    let mut numbers = vec![0; plan.districts_of.len()];
    let mut previous: Vec<Option<String>> = vec![None; plan.districts_of.len()];
    for d in 0..total {
        let c = plan.city_of[d];
        let stem = stems.next().expect("enough stems");
        let named = names::district(&stem, previous[c].as_deref(), rng);
        previous[c] = (named.kind == "区").then(|| named.name.clone());
        // Now and then a district has no code: the data file's codes are optional.
        let number = (!rng.chance(10)).then_some(numbers[c]);
        numbers[c] += 1;
        let unit = model::child(
            &network.units,
            network.cities[c],
            names::slug('d', d, total),
            named,
            Level::County,
            number,
        );
        network.units.push(unit);
        network.districts.push(network.units.len() - 1);
    }
}

fn add_counties(
    network: &mut Network,
    plan: &Plan,
    stems: &mut impl Iterator<Item = String>,
    rng: &mut Rng,
) {
    let total: usize = plan.county_prefectures.iter().map(Vec::len).sum();
    let mut numbers = vec![0; network.prefectures.len()];
    for prefectures in &plan.county_prefectures {
        for &p in prefectures {
            let stem = stems.next().expect("enough stems");
            let number = (!rng.chance(10)).then_some(numbers[p]);
            numbers[p] += 1;
            let slug = names::slug('c', network.counties.len(), total);
            let unit = model::child(
                &network.units,
                network.prefectures[p],
                slug,
                names::county(&stem, rng),
                Level::County,
                number,
            );
            network.units.push(unit);
            network.counties.push(network.units.len() - 1);
        }
    }
}

/// The last district of each of the first two cities becomes a zone named [`SHARED_ZONE`].
fn share_a_name(network: &mut Network) {
    if network.cities.len() < 2 {
        return;
    }
    for &city in &network.cities[..2] {
        let last = *network
            .districts
            .iter()
            .rev()
            .find(|&&d| network.units[d].parent == Some(city))
            .expect("every city has a district");
        let unit = &mut network.units[last];
        unit.name = SHARED_ZONE.to_string();
        unit.kind = "功能区";
        unit.code = None;
        network.shared.push(last);
    }
}

fn add_pairings(network: &mut Network, plan: &Plan, size: Size, rng: &mut Rng) {
    let east = network.east_province;
    for (i, &west) in network.west_provinces.clone().iter().enumerate() {
        let start = if i == 0 {
            Date::Day(2021, 4, 8)
        } else {
            Date::Year(2016)
        };
        network
            .pairings
            .push(pairing(east, vec![west], "东西部协作", Some(start)));
    }
    for (c, prefs) in plan.prefectures_of.iter().enumerate() {
        city_pairings(network, c, prefs, rng);
    }
    past_partners(network, plan, size.past_partners, rng);
    let mut county = 0;
    for (d, prefs) in plan.county_prefectures.iter().enumerate() {
        let district = network.districts[d];
        let counties: Vec<usize> = network.counties[county..county + prefs.len()].to_vec();
        county += prefs.len();
        debug_assert_eq!(plan.two_counties[d], counties.len() == 2);
        for &c in &counties {
            network.partners[district].push(c);
            network.partners[c].push(district);
        }
        let start = match rng.below(4) {
            0 => None,
            1 => Some(Date::Year(2021)),
            2 => Some(Date::Month(2021, rng.range(5, 9) as u8)),
            _ => Some(Date::Day(
                2021,
                rng.range(5, 12) as u8,
                rng.range(1, 28) as u8,
            )),
        };
        network
            .pairings
            .push(pairing(district, counties, "东西部协作", start));
    }
}

fn pairing(east: usize, west: Vec<usize>, relation: &'static str, start: Option<Date>) -> Pairing {
    Pairing {
        east,
        west,
        relation,
        start,
        end: None,
        ended: false,
        source: None,
        counties: None,
    }
}

/// A city's current pairing with its prefectures (one entry, a list where it has two) and,
/// for some, the arrangement with its first prefecture before 2021 (a history in one pair).
fn city_pairings(network: &mut Network, c: usize, prefs: &[usize], rng: &mut Rng) {
    let city = network.cities[c];
    let west: Vec<usize> = prefs.iter().map(|&p| network.prefectures[p]).collect();
    let start = match c % 3 {
        0 => Date::Year(2021),
        1 => Date::Month(2021, 5),
        _ => Date::Day(2021, 5, rng.range(10, 31) as u8),
    };
    let relation = if rng.chance(20) {
        "对口协作"
    } else {
        "东西部协作"
    };
    if c == 0 || rng.chance(10) {
        let mut before = pairing(city, vec![west[0]], "对口帮扶", Some(Date::Year(2016)));
        before.end = Some(Date::Year(2020));
        network.pairings.push(before);
    }
    network
        .pairings
        .push(pairing(city, west, relation, Some(start)));
}

/// `count` cities (never the first two) paired before with a prefecture of the last western
/// province that another city pairs with now: ended at a date the data does not give, with
/// the number of counties it covered.
fn past_partners(network: &mut Network, plan: &Plan, count: usize, rng: &mut Rng) {
    let total = network.prefectures.len();
    let from = (total * 2).div_ceil(3).min(total - 1);
    for k in 0..count.min(network.cities.len().saturating_sub(2)) {
        let c = 2 + k * (network.cities.len() - 2) / count.max(1);
        let current = &plan.prefectures_of[c];
        let Some(p) = (from..total)
            .map(|p| (p - from + k) % (total - from) + from)
            .find(|p| !current.contains(p))
        else {
            continue;
        };
        let mut past = pairing(
            network.cities[c],
            vec![network.prefectures[p]],
            "对口帮扶",
            Some(Date::Year(2016 + rng.below(3) as u16)),
        );
        past.ended = true;
        past.counties = Some(rng.range(2, 6) as u32);
        network.pairings.push(past);
    }
}

/// Gives some city pairings the article that states them, once the articles exist.
pub fn cite_sources(site: &mut Site, rng: &mut Rng) {
    if site.articles.is_empty() {
        return;
    }
    let network = &mut site.network;
    for pairing in &mut network.pairings {
        let east = &network.units[pairing.east];
        if east.level == Level::Prefecture && pairing.end.is_none() && rng.chance(30) {
            pairing.source = Some(rng.below(site.articles.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use crate::model::{Site, Size};
    use crate::names::{CONTAINING_SUFFIX, SHARED_ZONE};

    fn parsed(site: &Site) -> xiezuo::internals::network::Network {
        let mut text = Vec::new();
        crate::xiezuo_site::pairings::write(&mut text, site, 1).unwrap();
        let text = String::from_utf8(text).unwrap();
        xiezuo::internals::network::parse(Path::new("pairings.toml"), &text)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn presets_keep_the_first_forms_page_counts() {
        for (scale, pages) in [
            ("small", 18),
            ("1k", 1404),
            ("10k", 14_004),
            ("100k", 140_004),
        ] {
            let size = Size::preset(scale).unwrap();
            assert_eq!(size.problem(), None, "{scale}");
            assert_eq!(size.pages(), pages, "{scale}");
        }
    }

    #[test]
    fn the_data_is_the_network_form_xiezuo_accepts_with_every_case() {
        for scale in ["small", "1k"] {
            let site = Site::generate(Size::preset(scale).unwrap(), 3);
            let network = parsed(&site);
            assert_eq!(network.units.len(), site.network.units.len());
            let n = &site.network;
            // A city with two prefectures, a district with counties of two prefectures.
            assert!(n
                .pairings
                .iter()
                .any(|p| n.cities.contains(&p.east) && p.west.len() == 2));
            assert!(n.districts.iter().any(|&d| {
                let prefectures: HashSet<usize> =
                    n.partners[d].iter().map(|&c| n.parent(c)).collect();
                prefectures.len() == 2
            }));
            assert!(
                network.pairings.iter().any(|p| p.period.ended),
                "{scale}: a past pairing"
            );
            assert!(n
                .districts
                .iter()
                .all(|&d| (1..=2).contains(&n.partners[d].len())));
            assert!(network.units.iter().any(|u| u.code.is_some()));
            let pages = 6 + network.units.len() + network.groups().len() + site.articles.len();
            assert_eq!(pages, site.size.pages(), "{scale}");
        }
    }

    #[test]
    fn names_are_unique_and_contain_each_other_only_on_purpose() {
        let site = Site::generate(Size::preset("1k").unwrap(), 7);
        let names: Vec<&str> = site
            .network
            .units
            .iter()
            .flat_map(|u| u.names())
            .filter(|&n| n != SHARED_ZONE)
            .collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(site.network.shared.len(), 2, "one name shared by two zones");
        let mut containing = 0;
        for outer in &names {
            for inner in &names {
                if outer != inner && outer.contains(inner) {
                    assert!(
                        outer.ends_with(CONTAINING_SUFFIX),
                        "{outer} contains {inner}"
                    );
                    containing += 1;
                }
            }
        }
        assert!(
            containing > 0,
            "the deliberate containment case is exercised"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_site() {
        let text = |seed| {
            let site = Site::generate(Size::preset("1k").unwrap(), seed);
            site.articles
                .iter()
                .map(|a| a.body.clone())
                .collect::<String>()
        };
        assert_eq!(text(3), text(3));
        assert_ne!(text(3), text(4));
    }
}
