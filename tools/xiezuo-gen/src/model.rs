//! The synthetic site as data: a province programme (one eastern province whose cities each
//! pair with one or two western prefectures, their districts each with one or two counties),
//! its events and its articles. Writers turn it into files; nothing here touches the disk.

use crate::names::{self, Named, ProvinceName, EAST_PROVINCE, SHARED_ZONE, WEST_PROVINCES};
use crate::rng::Rng;
use crate::text;

/// How big a site to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Eastern prefecture-level cities.
    pub cities: usize,
    /// Western prefectures: at least `cities` (each city has one), at most twice as many.
    pub prefectures: usize,
    /// Cities that were paired before with a prefecture they are no longer paired with.
    pub past_partners: usize,
    pub districts: usize,
    /// Western counties: each district pairs with one or two, so between `districts` and twice
    /// as many.
    pub counties: usize,
    pub articles: usize,
}

impl Size {
    /// The presets. Their page counts stay within a fraction of a percent of the first form's
    /// (`small` 18, `1k` 1,404, `10k` 14,004, `100k` 140,004 pages): the city, province and
    /// pair pages are paid for with fewer districts and counties.
    pub fn preset(scale: &str) -> Option<Size> {
        let (cities, prefectures, past_partners, districts, counties, articles) = match scale {
            "small" => (1, 2, 0, 1, 2, 1),
            "1k" => (20, 30, 2, 397, 714, 200),
            "10k" => (200, 300, 10, 3_995, 7_188, 2_000),
            "100k" => (2_000, 3_000, 100, 39_962, 71_931, 20_000),
            _ => return None,
        };
        Some(Size {
            cities,
            prefectures,
            past_partners,
            districts,
            counties,
            articles,
        })
    }

    /// A size from counts alone: a city per 20 districts, half of them with two prefectures.
    pub fn custom(districts: usize, counties: usize, articles: usize) -> Size {
        let cities = districts.div_ceil(20).max(1);
        Size {
            cities,
            prefectures: cities + cities / 2,
            past_partners: cities / 20,
            districts,
            counties,
            articles,
        }
    }

    /// Why this size cannot be made, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.cities == 0 || self.districts < self.cities {
            return Some("need at least one city and one district per city".into());
        }
        if self.counties < self.districts || self.counties > 2 * self.districts {
            return Some("each district pairs with one or two counties: give between --districts and twice as many counties".into());
        }
        let named = self.cities + self.prefectures + self.districts + self.counties;
        if named > names::stem_capacity() {
            return Some(format!("at most {} named units", names::stem_capacity()));
        }
        None
    }

    /// Pages xiezuo makes of a site of this size (when every city with two prefectures can
    /// have them): home, four lists, 404, every unit, every pair page, every article.
    pub fn pages(&self) -> usize {
        let west_provinces = if self.prefectures >= 3 { 2 } else { 1 };
        let units =
            1 + west_provinces + self.cities + self.prefectures + self.districts + self.counties;
        let pairs = west_provinces + self.prefectures + self.past_partners;
        6 + units + pairs + self.articles
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    East,
    West,
}

/// A unit of `[[units]]`; its index in [`Network::units`] is its `UnitId` in xiezuo.
#[derive(Debug, Clone)]
pub struct Unit {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub level: Level,
    pub side: Side,
    pub parent: Option<usize>,
    pub code: Option<u32>,
    pub aliases: Vec<String>,
}

impl Unit {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A date as the data file may give it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Date {
    Year(u16),
    Month(u16, u8),
    Day(u16, u8, u8),
}

#[derive(Debug, Clone)]
pub struct Pairing {
    pub east: usize,
    /// One unit, or several that pair with `east` alike (written as a list).
    pub west: Vec<usize>,
    pub relation: &'static str,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Ended at a date the data does not give.
    pub ended: bool,
    /// The article that states it, by index.
    pub source: Option<usize>,
    /// How many counties it covered, where no names are given.
    pub counties: Option<u32>,
}

/// The units and pairings of `pairings.toml`.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub units: Vec<Unit>,
    pub east_province: usize,
    pub west_provinces: Vec<usize>,
    pub cities: Vec<usize>,
    pub prefectures: Vec<usize>,
    pub districts: Vec<usize>,
    pub counties: Vec<usize>,
    pub pairings: Vec<Pairing>,
    /// Per unit: its current county-level partners (a district's counties, a county's district).
    pub partners: Vec<Vec<usize>>,
    /// The districts that share [`SHARED_ZONE`] as their name.
    pub shared: Vec<usize>,
}

impl Network {
    pub fn unit(&self, id: usize) -> &Unit {
        &self.units[id]
    }

    /// The unit's parent; every unit but a province has one.
    pub fn parent(&self, id: usize) -> usize {
        self.units[id].parent.expect("not a province")
    }

    /// Whether `id` is a district whose name other units share.
    pub fn is_shared(&self, id: usize) -> bool {
        self.shared.contains(&id)
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub date: String,
    pub end: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub source: &'static str,
    pub authors: Vec<String>,
    /// Unit slugs for the front matter's `units`: set where the article names a shared name.
    pub units: Vec<String>,
    pub body: String,
}

pub struct Site {
    pub size: Size,
    pub network: Network,
    pub events: Vec<Event>,
    pub articles: Vec<Article>,
}

impl Site {
    /// Everything from `seed`: the same seed and size give the same site.
    pub fn generate(size: Size, seed: u64) -> Site {
        let mut rng = Rng::new(seed);
        let network = crate::network::generate(size, &mut rng);
        let events = text::events(&network, &mut rng);
        let articles = (0..size.articles)
            .map(|i| text::article(&network, i, size.articles, &mut rng))
            .collect();
        let mut site = Site {
            size,
            network,
            events,
            articles,
        };
        crate::network::cite_sources(&mut site, &mut rng);
        site
    }
}

/// `a-00001`.
pub fn article_slug(i: usize, total: usize) -> String {
    names::slug_width('a', i, total, 5)
}

/// Adds a province unit.
pub fn province(units: &mut Vec<Unit>, province: ProvinceName, side: Side) -> usize {
    units.push(Unit {
        slug: province.slug.to_string(),
        name: province.name.to_string(),
        kind: "省",
        level: Level::Province,
        side,
        parent: None,
        code: Some(province.code * 10_000),
        aliases: Vec::new(),
    });
    units.len() - 1
}

/// The eastern province and the western ones the size needs.
pub fn provinces(units: &mut Vec<Unit>, size: Size) -> (usize, Vec<usize>) {
    let east = province(units, EAST_PROVINCE, Side::East);
    let count = if size.prefectures >= 3 { 2 } else { 1 };
    let west = WEST_PROVINCES[..count]
        .iter()
        .map(|&p| province(units, p, Side::West))
        .collect();
    (east, west)
}

/// A unit below `parent`, with the code `parent`'s code and `number` give when both fit.
pub fn child(
    units: &[Unit],
    parent: usize,
    slug: String,
    named: Named,
    level: Level,
    number: Option<usize>,
) -> Unit {
    let up = &units[parent];
    let step = if level == Level::Prefecture { 100 } else { 1 };
    let administrative = !matches!(named.kind, "功能区") && named.name != SHARED_ZONE;
    let code = match (up.code, number) {
        (Some(code), Some(n)) if n < 99 && administrative => Some(code + (n as u32 + 1) * step),
        _ => None,
    };
    Unit {
        slug,
        name: named.name,
        kind: named.kind,
        level,
        side: up.side,
        parent: Some(parent),
        code,
        aliases: named.aliases,
    }
}
