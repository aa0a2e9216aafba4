//! The pairing data (`content/pairings.toml`): parsed, validated and resolved into a [`Pairing`]
//! whose districts and counties point at each other by index.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::value::Datetime;
use toml::Spanned;

use crate::date::Date;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::source;
use crate::types::Slug;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPairing {
    title: String,
    summary: Option<String>,
    principles: Vec<String>,
    areas: Vec<String>,
    east: City,
    west: City,
    previous: Option<PreviousPairing>,
    districts: Vec<RawDistrict>,
    counties: Vec<RawCounty>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    slug: Spanned<String>,
    name: Spanned<String>,
    kind: String,
    counties: Spanned<Vec<Spanned<String>>>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounty {
    slug: Spanned<String>,
    name: Spanned<String>,
    kind: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    date: Spanned<Datetime>,
    end: Option<Spanned<Datetime>>,
    text: String,
}

/// A city (or prefecture) on one side of the pairing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    pub name: String,
    pub province: String,
}

/// The arrangement the city had before this pairing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousPairing {
    /// The kind of relation, such as 对口帮扶.
    pub relation: String,
    pub province: String,
    pub name: String,
    /// How many counties it covered.
    pub counties: Option<u32>,
}

/// Index of a district in [`Pairing::districts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DistrictId(pub usize);

/// Index of a county in [`Pairing::counties`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountyId(pub usize);

/// A district (or functional zone) of the eastern city.
#[derive(Debug, Clone)]
pub struct District {
    pub slug: Slug,
    pub name: String,
    pub kind: String,
    pub description: Option<String>,
    pub counties: Vec<CountyId>,
}

/// A county (or county-level city) of the western city.
#[derive(Debug, Clone)]
pub struct County {
    pub slug: Slug,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub district: DistrictId,
}

/// A dated step in the history of the pairing.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: Date,
    pub end: Option<Date>,
    pub text: String,
}

/// The whole validated pairing.
#[derive(Debug, Clone)]
pub struct Pairing {
    pub title: String,
    pub summary: Option<String>,
    pub principles: Vec<String>,
    pub areas: Vec<String>,
    pub east: City,
    pub west: City,
    pub previous: Option<PreviousPairing>,
    pub districts: Vec<District>,
    pub counties: Vec<County>,
    /// Sorted by date; events of the same day keep their order in the file.
    pub events: Vec<Event>,
}

impl Pairing {
    pub fn district(&self, id: DistrictId) -> &District {
        &self.districts[id.0]
    }

    pub fn county(&self, id: CountyId) -> &County {
        &self.counties[id.0]
    }
}

/// Reads and validates the pairing data file.
pub fn load(path: &Path) -> Result<Pairing> {
    let text = source::read_text(path)?;
    parse(path, &text)
}

/// Validates pairing data already in memory; `path` is used in messages.
pub fn parse(path: &Path, text: &str) -> Result<Pairing> {
    let raw = match parse_in_parallel(text) {
        Some(raw) => raw,
        None => source::parse_toml(path, text, 1).map_err(Error::invalid)?,
    };
    let mut problems = Problems {
        path,
        text,
        found: Vec::new(),
    };
    let pairing = resolve(raw, &mut problems);
    if problems.found.is_empty() {
        Ok(pairing)
    } else {
        Err(Error::Invalid(Diagnostics(problems.found)))
    }
}

/// Below this size the file is parsed in one go: splitting would cost more than it saves.
const PARALLEL_PARSE_BYTES: usize = 128 * 1024;

/// The first piece of a split pairing file: everything but the lists may only be here.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    title: String,
    summary: Option<String>,
    principles: Vec<String>,
    areas: Vec<String>,
    east: City,
    west: City,
    previous: Option<PreviousPairing>,
    districts: Option<Vec<RawDistrict>>,
    counties: Option<Vec<RawCounty>>,
    events: Option<Vec<RawEvent>>,
}

/// Any later piece of a split pairing file: entries of the three lists only.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    districts: Option<Vec<RawDistrict>>,
    counties: Option<Vec<RawCounty>>,
    events: Option<Vec<RawEvent>>,
}

/// Parses a large pairing file in pieces on all cores: the file is cut before lines that
/// start a `[[districts]]`, `[[counties]]` or `[[events]]` entry, each piece is parsed alone
/// and the lists are joined in order, with every position moved back to its place in the
/// whole file. `None` when the file is small or any piece fails to parse (a cut inside a
/// multi-line string always leaves the piece before it unterminated, and a table that is not
/// one of the three lists is refused after the first piece): then the file is parsed whole,
/// which gives the same result or the error to report.
fn parse_in_parallel(text: &str) -> Option<RawPairing> {
    if text.len() < PARALLEL_PARSE_BYTES {
        return None;
    }
    let pieces = rayon::current_num_threads().max(2) * 2;
    parse_in_pieces(text, text.len() / pieces)
}

/// [`parse_in_parallel`] with pieces of about `every` bytes.
fn parse_in_pieces(text: &str, every: usize) -> Option<RawPairing> {
    use rayon::prelude::*;
    let cuts = entry_starts(text, every);
    let ranges: Vec<std::ops::Range<usize>> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
        .map(|(start, end)| start..end)
        .collect();
    let (head, rest) = rayon::join(
        || toml::from_str::<RawHead>(&text[ranges[0].clone()]).ok(),
        || {
            ranges[1..]
                .par_iter()
                .map(|range| {
                    let mut lists: RawLists = toml::from_str(&text[range.clone()]).ok()?;
                    lists.shift(range.start);
                    Some(lists)
                })
                .collect::<Option<Vec<RawLists>>>()
        },
    );
    let (head, rest) = (head?, rest?);
    let mut lists = RawLists {
        districts: head.districts,
        counties: head.counties,
        events: head.events,
    };
    for piece in rest {
        lists.append(piece);
    }
    Some(RawPairing {
        title: head.title,
        summary: head.summary,
        principles: head.principles,
        areas: head.areas,
        east: head.east,
        west: head.west,
        previous: head.previous,
        // Missing lists are for the whole-file parse to report, with its own words.
        districts: lists.districts?,
        counties: lists.counties?,
        events: lists.events.unwrap_or_default(),
    })
}

/// Offsets of lines that start a list entry, about `every` bytes apart. Works on bytes, so
/// `every` may fall inside a character.
fn entry_starts(text: &str, every: usize) -> Vec<usize> {
    const HEADERS: [&[u8]; 3] = [b"[[districts]]", b"[[counties]]", b"[[events]]"];
    let bytes = text.as_bytes();
    let starts_entry = |line: usize| {
        let rest = &bytes[line..];
        HEADERS.iter().any(|header| {
            rest.strip_prefix(*header)
                .is_some_and(|after| matches!(after.first(), Some(b'\n' | b'\r')))
        })
    };
    let mut cuts = Vec::new();
    let mut next = every.max(1);
    while next < bytes.len() {
        let found = memchr::memchr_iter(b'\n', &bytes[next..])
            .map(|i| next + i + 1)
            .find(|&line| starts_entry(line));
        match found {
            Some(cut) => {
                cuts.push(cut);
                next = cut + every.max(1);
            }
            None => break,
        }
    }
    cuts
}

impl RawLists {
    fn append(&mut self, other: RawLists) {
        fn join<T>(list: &mut Option<Vec<T>>, more: Option<Vec<T>>) {
            if let Some(more) = more {
                list.get_or_insert_with(Vec::new).extend(more);
            }
        }
        join(&mut self.districts, other.districts);
        join(&mut self.counties, other.counties);
        join(&mut self.events, other.events);
    }

    /// Moves every recorded position `by` bytes on: from the piece to the whole file.
    fn shift(&mut self, by: usize) {
        let moved = |spanned: Spanned<String>| shifted(spanned, by);
        if let Some(districts) = self.districts.as_mut() {
            for district in std::mem::take(districts) {
                let counties = shifted(district.counties, by);
                let span = counties.span();
                let counties = counties.into_inner().into_iter().map(moved).collect();
                districts.push(RawDistrict {
                    slug: moved(district.slug),
                    name: moved(district.name),
                    counties: Spanned::new(span, counties),
                    ..district
                });
            }
        }
        if let Some(counties) = self.counties.as_mut() {
            for county in std::mem::take(counties) {
                counties.push(RawCounty {
                    slug: moved(county.slug),
                    name: moved(county.name),
                    aliases: county.aliases.into_iter().map(moved).collect(),
                    ..county
                });
            }
        }
        if let Some(events) = self.events.as_mut() {
            for event in std::mem::take(events) {
                events.push(RawEvent {
                    date: shifted(event.date, by),
                    end: event.end.map(|end| shifted(end, by)),
                    ..event
                });
            }
        }
    }
}

fn shifted<T>(spanned: Spanned<T>, by: usize) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

/// Collects every independent problem so that one run reports them all.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, message: String, help: Option<String>) {
        let position = source::span_start(self.text, span, 1);
        let mut diagnostic = Diagnostic::new(self.path, Some(position), message);
        diagnostic.help = help;
        self.found.push(diagnostic);
    }

    fn slug(&mut self, raw: &Spanned<String>) -> Slug {
        Slug::parse(raw.get_ref()).unwrap_or_else(|message| {
            let help = suggest_slug(raw.get_ref());
            self.at(raw.span(), message, Some(help));
            Slug::parse("invalid").expect("a valid placeholder")
        })
    }

    fn date(&mut self, raw: &Spanned<Datetime>) -> Date {
        Date::from_toml(raw.get_ref()).unwrap_or_else(|message| {
            self.at(raw.span(), message, None);
            Date {
                year: 0,
                month: 1,
                day: 1,
            }
        })
    }
}

fn suggest_slug(text: &str) -> String {
    let ascii: String = text
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let trimmed = ascii.trim_matches('-');
    if trimmed.is_empty() {
        "use lowercase latin letters, digits and hyphens, such as the pinyin of the name".into()
    } else {
        format!("write it as \"{trimmed}\"")
    }
}

fn resolve(raw: RawPairing, problems: &mut Problems) -> Pairing {
    check_unique_slugs(raw.districts.iter().map(|d| &d.slug), "district", problems);
    check_unique_slugs(raw.counties.iter().map(|c| &c.slug), "county", problems);
    check_unique_names(&raw, problems);

    let mut county_index: HashMap<&str, CountyId> = HashMap::new();
    for (i, county) in raw.counties.iter().enumerate() {
        county_index
            .entry(county.slug.get_ref())
            .or_insert(CountyId(i));
    }
    let mut district_of: Vec<Option<DistrictId>> = vec![None; raw.counties.len()];
    // Counties offered as "did you mean": their being unpaired is the same mistake, said once.
    let mut suggested: HashSet<String> = HashSet::new();

    let districts = raw
        .districts
        .iter()
        .enumerate()
        .map(|(i, raw_district)| {
            let counties = resolve_district_counties(
                raw_district,
                DistrictId(i),
                &county_index,
                &raw,
                &mut district_of,
                &mut suggested,
                problems,
            );
            District {
                slug: problems.slug(&raw_district.slug),
                name: raw_district.name.get_ref().clone(),
                kind: raw_district.kind.clone(),
                description: raw_district.description.clone(),
                counties,
            }
        })
        .collect();

    let counties = raw
        .counties
        .iter()
        .zip(&district_of)
        .enumerate()
        .map(|(i, (raw_county, district))| {
            let is_duplicate = county_index[raw_county.slug.get_ref().as_str()] != CountyId(i);
            if district.is_none() && !is_duplicate && !suggested.contains(raw_county.slug.get_ref())
            {
                problems.at(
                    raw_county.slug.span(),
                    format!(
                        "county \"{}\" ({}) is not paired with any district",
                        raw_county.slug.get_ref(),
                        raw_county.name.get_ref()
                    ),
                    Some(format!(
                        "add \"{}\" to the counties of one district, or remove the county",
                        raw_county.slug.get_ref()
                    )),
                );
            }
            County {
                slug: problems.slug(&raw_county.slug),
                name: raw_county.name.get_ref().clone(),
                kind: raw_county.kind.clone(),
                aliases: raw_county
                    .aliases
                    .iter()
                    .map(|a| a.get_ref().clone())
                    .collect(),
                description: raw_county.description.clone(),
                district: district.unwrap_or(DistrictId(0)),
            }
        })
        .collect();

    let mut events: Vec<Event> = raw
        .events
        .iter()
        .map(|raw_event| resolve_event(raw_event, problems))
        .collect();
    events.sort_by_key(|event| event.date);

    Pairing {
        title: raw.title,
        summary: raw.summary,
        principles: raw.principles,
        areas: raw.areas,
        east: raw.east,
        west: raw.west,
        previous: raw.previous,
        districts,
        counties,
        events,
    }
}

fn resolve_district_counties(
    district: &RawDistrict,
    id: DistrictId,
    county_index: &HashMap<&str, CountyId>,
    raw: &RawPairing,
    district_of: &mut [Option<DistrictId>],
    suggested: &mut HashSet<String>,
    problems: &mut Problems,
) -> Vec<CountyId> {
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
    let mut resolved = Vec::new();
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
        match district_of[county.0] {
            Some(other) if other == id => problems.at(
                county_ref.span(),
                format!("district \"{slug}\" lists county \"{wanted}\" twice"),
                Some("remove the repeated entry".into()),
            ),
            Some(other) => problems.at(
                county_ref.span(),
                format!(
                    "county \"{wanted}\" is paired with both \"{}\" and \"{slug}\"",
                    raw.districts[other.0].slug.get_ref()
                ),
                Some("a county pairs with exactly one district: remove it from one of them".into()),
            ),
            None => {
                district_of[county.0] = Some(id);
                resolved.push(county);
            }
        }
    }
    resolved
}

fn resolve_event(raw: &RawEvent, problems: &mut Problems) -> Event {
    let date = problems.date(&raw.date);
    let end = raw.end.as_ref().map(|end| problems.date(end));
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

fn check_unique_slugs<'a>(
    slugs: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    problems: &mut Problems,
) {
    // Keep the span and work out its line only for a duplicate: positions cost a scan of the file.
    let mut first_seen: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    for slug in slugs {
        if let Some(first) = first_seen.get(slug.get_ref().as_str()) {
            let first_line = source::span_start(problems.text, first.clone(), 1).line;
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

/// A name or alias must lead to one page only, or the auto-linker could not know where to link.
fn check_unique_names(raw: &RawPairing, problems: &mut Problems) {
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

/// The known slug closest to `wanted`, if it is close enough to be a likely typo.
fn did_you_mean<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|candidate| (strsim::damerau_levenshtein(wanted, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "t"
principles = []
areas = []
east = { name = "珠海市", province = "广东省" }
west = { name = "遵义市", province = "贵州省" }

[[districts]]
slug = "hengqin"
name = "横琴新区"
kind = "功能区"
counties = ["tongzi"]

[[counties]]
slug = "tongzi"
name = "桐梓县"
kind = "县"
"#;

    fn errors_of(text: &str) -> String {
        parse(Path::new("p.toml"), text).unwrap_err().to_string()
    }

    /// A pairing file above the parallel-parse size: `n` districts, each with two counties,
    /// then an event; `extra` is written into the 100th district.
    fn large(n: usize, extra: &str) -> String {
        let mut text = String::from(
            "title = \"t\"\nprinciples = []\nareas = []\n[east]\nname = \"东\"\nprovince = \"粤\"\n[west]\nname = \"西\"\nprovince = \"黔\"\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "\n[[districts]]\nslug = \"d{i}\"\nname = \"东{i}区\"\nkind = \"区\"\ncounties = [\"c{i}a\", \"c{i}b\"]\n"
            ));
            if i == 100 {
                text.push_str(extra);
            }
        }
        for i in 0..n {
            for side in ["a", "b"] {
                text.push_str(&format!(
                    "\n[[counties]]\nslug = \"c{i}{side}\"\nname = \"西{i}{side}县\"\nkind = \"县\"\naliases = [\"{i}{side}\"]\n"
                ));
            }
        }
        text.push_str("\n[[events]]\ndate = 2021-04-01\ntext = \"结对\"\n");
        assert!(text.len() > PARALLEL_PARSE_BYTES);
        text
    }

    fn whole_raw(text: &str) -> RawPairing {
        source::parse_toml(Path::new("p.toml"), text, 1).unwrap()
    }

    fn whole(text: &str) -> std::result::Result<Pairing, String> {
        let raw: RawPairing = source::parse_toml(Path::new("p.toml"), text, 1).unwrap();
        let mut problems = Problems {
            path: Path::new("p.toml"),
            text,
            found: Vec::new(),
        };
        let pairing = resolve(raw, &mut problems);
        match problems.found.is_empty() {
            true => Ok(pairing),
            false => Err(Error::Invalid(Diagnostics(problems.found)).to_string()),
        }
    }

    #[test]
    fn a_large_file_parsed_in_pieces_equals_the_file_parsed_whole() {
        let text = large(
            2000,
            "description = \"\"\"\n多行\n[[districts]]\n仍是描述\"\"\"\n",
        );
        assert!(entry_starts(&text, text.len() / 4).len() >= 3, "it is cut");
        assert!(
            parse_in_parallel(&text).is_some(),
            "parsed in pieces, not whole"
        );
        let pieces = parse(Path::new("p.toml"), &text).unwrap();
        assert_eq!(
            format!("{pieces:?}"),
            format!("{:?}", whole(&text).unwrap())
        );
        assert_eq!(pieces.districts.len(), 2000);
        assert!(pieces.districts[100]
            .description
            .as_deref()
            .unwrap()
            .contains("[[districts]]"));
        // Cut before every entry, the one inside the multi-line string included: that piece
        // cannot parse, so the file is parsed whole.
        assert!(parse_in_pieces(&text, 1).is_none());
        let without_string = large(2000, "");
        let every_entry = parse_in_pieces(&without_string, 1).expect("pieces parse");
        assert_eq!(every_entry.counties.len(), 4000);
        assert_eq!(
            format!("{:?}", every_entry.counties[3999].aliases),
            format!("{:?}", whole_raw(&without_string).counties[3999].aliases),
            "positions are moved back into the whole file"
        );
    }

    #[test]
    fn errors_in_a_large_file_have_the_positions_of_the_whole_file() {
        let text = large(2000, "").replace("counties = [\"c1500a\"", "counties = [\"c1500x\"");
        let reported = errors_of(&text);
        assert!(reported.contains("c1500x"), "{reported}");
        assert_eq!(reported, whole(&text).unwrap_err());
        let syntax = large(2000, "").replace("slug = \"c1700b\"", "slug = c1700b");
        assert_eq!(
            errors_of(&syntax),
            Error::invalid(
                source::parse_toml::<RawPairing>(Path::new("p.toml"), &syntax, 1).unwrap_err()
            )
            .to_string()
        );
    }

    #[test]
    fn resolves_districts_and_counties_both_ways() {
        let pairing = parse(Path::new("p.toml"), MINIMAL).unwrap();
        assert_eq!(pairing.districts[0].counties, vec![CountyId(0)]);
        assert_eq!(pairing.counties[0].district, DistrictId(0));
        assert!(pairing.counties[0].aliases.is_empty());
    }

    #[test]
    fn rejects_unknown_county_slug_with_a_suggestion() {
        let text = MINIMAL.replace("counties = [\"tongzi\"]", "counties = [\"tongzhi\"]");
        let errors = errors_of(&text);
        assert!(
            errors.contains("p.toml:12:13: unknown county \"tongzhi\" in district \"hengqin\"\n  help: did you mean \"tongzi\"?"),
            "{errors}"
        );
        assert!(
            !errors.contains("is not paired"),
            "the typo is reported once: {errors}"
        );
    }

    #[test]
    fn rejects_bad_and_duplicate_slugs_together() {
        let text = format!(
            "{MINIMAL}\n[[counties]]\nslug = \"tongzi\"\nname = \"正安县\"\nkind = \"县\"\n\n[[counties]]\nslug = \"Zheng An\"\nname = \"x\"\nkind = \"县\"\n"
        );
        let errors = errors_of(&text);
        assert!(
            errors.contains("duplicate county slug \"tongzi\" (first used on line 15)"),
            "{errors}"
        );
        assert!(
            errors.contains("slug \"Zheng An\" contains 'Z'"),
            "{errors}"
        );
        assert!(
            !errors.contains("\"tongzi\" (桐梓县) is not paired"),
            "a duplicate is not also unpaired: {errors}"
        );
        assert!(errors.contains("write it as \"zheng-an\""), "{errors}");
    }

    #[test]
    fn rejects_a_name_used_twice() {
        let text = MINIMAL.replace("name = \"桐梓县\"", "name = \"横琴新区\"");
        assert!(errors_of(&text)
            .contains("the name \"横琴新区\" of \"tongzi\" is already used by \"hengqin\""));
    }

    #[test]
    fn rejects_unknown_fields_at_their_line() {
        let text = MINIMAL.replace("kind = \"县\"", "kind = \"县\"\nalias = [\"x\"]");
        let errors = errors_of(&text);
        assert!(
            errors.starts_with("p.toml:18:1: unknown field `alias`"),
            "{errors}"
        );
    }

    #[test]
    fn rejects_a_missing_field() {
        let text = MINIMAL.replace("kind = \"县\"\n", "");
        assert!(errors_of(&text).contains("missing field `kind`"));
    }

    #[test]
    fn sorts_events_by_date() {
        let text = format!(
            "{MINIMAL}\n[[events]]\ndate = 2021-05-31\ntext = \"b\"\n\n[[events]]\ndate = 2021-02-20\nend = 2021-02-24\ntext = \"a\"\n"
        );
        let pairing = parse(Path::new("p.toml"), &text).unwrap();
        let texts: Vec<_> = pairing.events.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["a", "b"]);
    }

    #[test]
    fn did_you_mean_ignores_distant_slugs() {
        assert_eq!(
            did_you_mean("tongzhi", ["tongzi", "meitan"].into_iter()),
            Some("tongzi")
        );
        assert_eq!(did_you_mean("xyz", ["tongzi", "meitan"].into_iter()), None);
    }
}
