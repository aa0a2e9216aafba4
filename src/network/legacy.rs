//! The first form of the data file: one eastern city whose districts each pair with counties of
//! one western city, and the arrangement before it. Other tools write this form, so it stays a
//! contract: it keeps its checks and messages, and is turned here into the network form's raw
//! shape, where the two cities, their provinces and the previous partner become units too.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::load::Problems;
use super::period::RawDate;
use super::raw::{OneOrMany, RawEvent, RawNetwork, RawPairing, RawUnit};
use super::resolve::did_you_mean;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstForm {
    #[serde(deserialize_with = "crate::source::published")]
    title: String,
    #[serde(default, deserialize_with = "crate::source::published")]
    summary: Option<String>,
    #[serde(deserialize_with = "crate::source::published")]
    principles: Vec<String>,
    #[serde(deserialize_with = "crate::source::published")]
    areas: Vec<String>,
    east: City,
    west: City,
    previous: Option<PreviousPairing>,
    districts: Vec<RawDistrict>,
    counties: Vec<RawCounty>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

/// A city on one side; `slug` (optional, added with the network form) names its page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct City {
    #[serde(deserialize_with = "crate::source::published")]
    name: String,
    #[serde(deserialize_with = "crate::source::published")]
    province: String,
    slug: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviousPairing {
    #[serde(deserialize_with = "crate::source::published")]
    relation: String,
    #[serde(deserialize_with = "crate::source::published")]
    province: String,
    #[serde(deserialize_with = "crate::source::published")]
    name: String,
    counties: Option<u32>,
    slug: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    slug: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    name: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    kind: Spanned<String>,
    counties: Spanned<Vec<Spanned<String>>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounty {
    slug: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    name: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    kind: Spanned<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    aliases: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    description: Option<String>,
}

/// The relation the first form implies between its two cities and their districts and counties.
const RELATION: &str = "东西部协作";

/// The first form as the network form: districts under the eastern city, counties under the
/// western one, each city under its province, the previous partner as an ended pairing.
pub fn convert(raw: FirstForm, problems: &mut Problems) -> RawNetwork {
    check_unique_slugs(raw.districts.iter().map(|d| &d.slug), "district", problems);
    check_unique_slugs(raw.counties.iter().map(|c| &c.slug), "county", problems);
    check_unique_names(&raw, problems);

    let taken: HashSet<&str> = raw
        .districts
        .iter()
        .map(|d| d.slug.get_ref().as_str())
        .chain(raw.counties.iter().map(|c| c.slug.get_ref().as_str()))
        .collect();
    let mut cities = Cities::default();
    let east = cities.add(
        &raw.east.name,
        &raw.east.province,
        raw.east.slug.as_ref(),
        "east",
        &taken,
        problems,
    );
    let west = cities.add(
        &raw.west.name,
        &raw.west.province,
        raw.west.slug.as_ref(),
        "west",
        &taken,
        problems,
    );
    let previous = raw.previous.as_ref().map(|p| {
        let slug = cities.add(
            &p.name,
            &p.province,
            p.slug.as_ref(),
            "previous",
            &taken,
            problems,
        );
        (slug, p)
    });

    let pairs = district_pairs(&raw, problems);
    let mut units: Vec<RawUnit> = Vec::new();
    units.extend(raw.districts.iter().map(|d| RawUnit {
        slug: d.slug.clone(),
        name: d.name.clone(),
        kind: d.kind.clone(),
        parent: Some(synthetic(east.clone())),
        side: None,
        level: Some(synthetic("county".to_string())),
        code: None,
        aliases: Vec::new(),
        avoid: Vec::new(),
        description: d.description.clone(),
    }));
    units.extend(raw.counties.iter().map(|c| RawUnit {
        slug: c.slug.clone(),
        name: c.name.clone(),
        kind: c.kind.clone(),
        parent: Some(synthetic(west.clone())),
        side: None,
        level: Some(synthetic("county".to_string())),
        code: None,
        aliases: c.aliases.clone(),
        avoid: Vec::new(),
        description: c.description.clone(),
    }));
    units.extend(cities.units);

    let mut pairings = vec![pairing(&east, &west, RELATION)];
    if let Some((slug, p)) = &previous {
        let mut ended = pairing(&east, slug, &p.relation);
        ended.ended = true;
        ended.counties = p.counties.map(|n| synthetic(n as i64));
        pairings.push(ended);
    }
    for (district, counties) in pairs {
        let mut entry = pairing(district, "", RELATION);
        entry.west = synthetic(OneOrMany::Many(counties));
        pairings.push(entry);
    }

    RawNetwork {
        title: raw.title,
        summary: raw.summary,
        principles: raw.principles,
        areas: raw.areas,
        units,
        pairings,
        events: raw.events,
    }
}

fn synthetic<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn pairing(east: &str, west: &str, relation: &str) -> RawPairing {
    RawPairing {
        east: synthetic(east.to_string()),
        west: synthetic(OneOrMany::One(west.to_string())),
        relation: synthetic(relation.to_string()),
        start: None::<Spanned<RawDate>>,
        end: None,
        ended: false,
        source: None,
        counties: None,
    }
}

/// The cities and provinces the first form names as text, made units with slugs of their own.
#[derive(Default)]
struct Cities {
    units: Vec<RawUnit>,
}

impl Cities {
    /// Adds a city (and its province, once per name) on the side `default_slug` names, and
    /// returns the city's slug.
    fn add(
        &mut self,
        name: &str,
        province: &str,
        slug: Option<&Spanned<String>>,
        default_slug: &str,
        taken: &HashSet<&str>,
        problems: &mut Problems,
    ) -> String {
        let side = if default_slug == "east" {
            "east"
        } else {
            "west"
        };
        let city_slug = slug.map_or_else(|| default_slug.to_string(), |s| s.get_ref().clone());
        if taken.contains(city_slug.as_str()) {
            problems.at(
                slug.map_or(0..0, Spanned::span),
                format!("the city slug \"{city_slug}\" is also the slug of a district or county"),
                Some(format!("give [{default_slug}] a slug of its own, such as slug = \"{default_slug}-city\"")),
            );
        }
        let province_slug = match self.units.iter().find(|u| {
            u.name.get_ref() == province
                && u.level.as_ref().is_some_and(|l| l.get_ref() == "province")
        }) {
            Some(existing) => existing.slug.get_ref().clone(),
            None => {
                let province_slug = format!("{city_slug}-province");
                self.units.push(RawUnit {
                    slug: synthetic(province_slug.clone()),
                    name: synthetic(province.to_string()),
                    kind: synthetic(province_kind(province).to_string()),
                    parent: None,
                    side: Some(synthetic(side.to_string())),
                    level: Some(synthetic("province".to_string())),
                    code: None,
                    aliases: Vec::new(),
                    avoid: Vec::new(),
                    description: None,
                });
                province_slug
            }
        };
        self.units.push(RawUnit {
            slug: slug
                .cloned()
                .unwrap_or_else(|| synthetic(city_slug.clone())),
            name: synthetic(name.to_string()),
            kind: synthetic(city_kind(name).to_string()),
            parent: Some(synthetic(province_slug)),
            side: None,
            level: Some(synthetic("prefecture".to_string())),
            code: None,
            aliases: Vec::new(),
            avoid: Vec::new(),
            description: None,
        });
        city_slug
    }
}

fn province_kind(name: &str) -> &'static str {
    if name.ends_with("自治区") {
        "自治区"
    } else if name.ends_with('市') {
        "直辖市"
    } else {
        "省"
    }
}

fn city_kind(name: &str) -> &'static str {
    if name.ends_with('州') {
        "州"
    } else if name.ends_with('盟') {
        "盟"
    } else if name.ends_with("地区") {
        "地区"
    } else {
        "市"
    }
}

/// Each district's counties, checked the first form's way: known, listed once, and each county
/// with exactly one district.
fn district_pairs<'a>(raw: &'a FirstForm, problems: &mut Problems) -> Vec<(&'a str, Vec<String>)> {
    let mut county_index: HashMap<&str, usize> = HashMap::new();
    for (i, county) in raw.counties.iter().enumerate() {
        county_index.entry(county.slug.get_ref()).or_insert(i);
    }
    let mut district_of: Vec<Option<usize>> = vec![None; raw.counties.len()];
    // Counties offered as "did you mean": their being unpaired is the same mistake, said once.
    let mut suggested: HashSet<String> = HashSet::new();
    let mut pairs = Vec::new();
    for (d, district) in raw.districts.iter().enumerate() {
        let slug = district.slug.get_ref();
        if district.counties.get_ref().is_empty() {
            problems.at(
                district.counties.span(),
                format!("district \"{slug}\" lists no counties"),
                Some(
                    "list the slugs of the counties it pairs with, such as counties = [\"tongzi\"]"
                        .into(),
                ),
            );
        }
        let mut listed = Vec::new();
        for county_ref in district.counties.get_ref() {
            let wanted = county_ref.get_ref().as_str();
            let Some(&county) = county_index.get(wanted) else {
                let near = did_you_mean(wanted, county_index.keys().copied());
                suggested.extend(near.map(str::to_string));
                let help = near
                    .map(|near| format!("did you mean \"{near}\"?"))
                    .or_else(|| Some("add a [[counties]] entry with this slug".into()));
                problems.at(
                    county_ref.span(),
                    format!("unknown county \"{wanted}\" in district \"{slug}\""),
                    help,
                );
                continue;
            };
            match district_of[county] {
                Some(other) if other == d => problems.at(
                    county_ref.span(),
                    format!("district \"{slug}\" lists county \"{wanted}\" twice"),
                    Some("remove the repeated entry".into()),
                ),
                Some(other) => problems.at(
                    county_ref.span(),
                    format!(
                        "county \"{wanted}\" is paired with both \"{}\" and \"{slug}\"",
                        raw.districts[other].slug.get_ref()
                    ),
                    Some(
                        "a county pairs with exactly one district: remove it from one of them"
                            .into(),
                    ),
                ),
                None => {
                    district_of[county] = Some(d);
                    listed.push(wanted.to_string());
                }
            }
        }
        if !listed.is_empty() {
            pairs.push((slug.as_str(), listed));
        }
    }
    for (i, county) in raw.counties.iter().enumerate() {
        let is_duplicate = county_index[county.slug.get_ref().as_str()] != i;
        if district_of[i].is_none() && !is_duplicate && !suggested.contains(county.slug.get_ref()) {
            problems.at(
                county.slug.span(),
                format!(
                    "county \"{}\" ({}) is not paired with any district",
                    county.slug.get_ref(),
                    county.name.get_ref()
                ),
                Some(format!(
                    "add \"{}\" to the counties of one district, or remove the county",
                    county.slug.get_ref()
                )),
            );
        }
    }
    pairs
}

fn check_unique_slugs<'a>(
    slugs: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    problems: &mut Problems,
) {
    let mut first_seen: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    for slug in slugs {
        if let Some(first) = first_seen.get(slug.get_ref().as_str()) {
            let first_line = problems.line_of(first.clone());
            problems.at(
                slug.span(),
                format!(
                    "duplicate {what} slug \"{}\" (first used on line {first_line})",
                    slug.get_ref()
                ),
                Some(format!("give each {what} its own slug")),
            );
        } else {
            first_seen.insert(slug.get_ref(), slug.span());
        }
    }
}

/// In the first form a name or alias leads to one page only.
fn check_unique_names(raw: &FirstForm, problems: &mut Problems) {
    let district_names = raw.districts.iter().map(|d| (&d.name, d.slug.get_ref()));
    let county_names = raw.counties.iter().flat_map(|c| {
        std::iter::once(&c.name)
            .chain(&c.aliases)
            .map(move |name| (name, c.slug.get_ref()))
    });
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, slug) in district_names.chain(county_names) {
        let text = name.get_ref().as_str();
        if text.trim().is_empty() {
            problems.at(
                name.span(),
                format!("empty name or alias for \"{slug}\""),
                None,
            );
            continue;
        }
        if let Some(first) = owner.insert(text, slug) {
            owner.insert(text, first);
            problems.at(
                name.span(),
                format!("the name \"{text}\" of \"{slug}\" is already used by \"{first}\""),
                Some("names and aliases must be unique so that mentions link to one page".into()),
            );
        }
    }
}
