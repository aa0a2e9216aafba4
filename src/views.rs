//! What templates see: one borrowed, serialisable view per page kind, built from the validated
//! model. Links are finished here (base path included), so templates never build URLs.

use serde::Serialize;

use crate::config::Config;
use crate::content::Article;
use crate::data::{City, County, District, Event, Pairing, PreviousPairing};
use crate::markdown::Block;
use crate::types::Route;

/// Site-wide values, the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// The base path every link starts with, such as `/` or `/zhuhai-zunyi/`.
    pub root: &'a str,
    pub base_url: &'a str,
    pub stylesheet: String,
    pub favicon: String,
    /// The Atom feed of the articles.
    pub feed: String,
    pub search_index: String,
    pub search_script: String,
    pub nav: Vec<NavLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    /// Which page kind marks this entry as the current section.
    pub section: &'static str,
}

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub href: &'a str,
    pub label: &'a str,
}

/// Values every page has.
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    /// The `<title>`: the page's heading followed by the site title.
    pub title: String,
    pub heading: &'a str,
    pub description: String,
    pub canonical: String,
    /// `index`, `districts`, `counties`, `district`, `county`, `article` or `404`.
    pub kind: &'static str,
    /// The list page this page belongs under (`districts`, `counties`), for the navigation.
    pub section: Option<&'static str>,
    /// From the home page down to the parent of this page; empty on top-level pages.
    pub breadcrumbs: Vec<Link<'a>>,
}

/// The context of one page: the page, and the page kind's own values. (`site` and `pairing`,
/// the same on every page, are in every template's global context: see [`Globals`].)
#[derive(Debug, Serialize)]
pub struct PageView<'a, T: Serialize> {
    pub page: PageMeta<'a>,
    #[serde(flatten)]
    pub body: T,
}

#[derive(Debug, Serialize)]
pub struct PairingSummary<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub east: &'a City,
    pub west: &'a City,
    pub previous: Option<PreviousView<'a>>,
    pub principles: &'a [String],
    pub areas: &'a [String],
    pub district_count: usize,
    pub county_count: usize,
}

#[derive(Debug, Serialize)]
pub struct PreviousView<'a> {
    pub relation: &'a str,
    pub province: &'a str,
    pub name: &'a str,
    pub counties: Option<u32>,
}

impl<'a> PairingSummary<'a> {
    pub fn new(pairing: &'a Pairing) -> Self {
        PairingSummary {
            title: &pairing.title,
            summary: pairing.summary.as_deref(),
            east: &pairing.east,
            west: &pairing.west,
            previous: pairing
                .previous
                .as_ref()
                .map(|p: &'a PreviousPairing| PreviousView {
                    relation: &p.relation,
                    province: &p.province,
                    name: &p.name,
                    counties: p.counties,
                }),
            principles: &pairing.principles,
            areas: &pairing.areas,
            district_count: pairing.districts.len(),
            county_count: pairing.counties.len(),
        }
    }
}

/// A district as shown in lists and on its page.
#[derive(Debug, Serialize)]
pub struct DistrictCard<'a> {
    pub href: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub description: Option<&'a str>,
    pub counties: Vec<CountyLink<'a>>,
}

/// A county as linked from elsewhere.
#[derive(Debug, Serialize)]
pub struct CountyLink<'a> {
    pub href: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
}

/// A county as shown in lists and on its page.
#[derive(Debug, Serialize)]
pub struct CountyCard<'a> {
    pub href: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub aliases: &'a [String],
    pub description: Option<&'a str>,
    pub district: Link<'a>,
}

#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub date: String,
    pub date_text: String,
    pub end: Option<String>,
    pub end_text: Option<String>,
    pub text: &'a str,
}

impl<'a> EventView<'a> {
    pub fn new(event: &'a Event) -> Self {
        EventView {
            date: event.date.iso(),
            date_text: event.date.chinese(),
            end: event.end.map(|d| d.iso()),
            end_text: event.end.map(|end| {
                if end.year == event.date.year && end.month == event.date.month {
                    format!("{}日", end.day)
                } else {
                    end.chinese()
                }
            }),
            text: &event.text,
        }
    }
}

/// An article as listed on the home page.
#[derive(Debug, Serialize)]
pub struct ArticleCard<'a> {
    pub href: &'a str,
    pub title: &'a str,
    pub date: &'a str,
    pub date_text: String,
    pub source: Option<&'a str>,
    pub lead: String,
}

/// An article's own page.
#[derive(Debug, Serialize)]
pub struct ArticleBody<'a> {
    pub title: &'a str,
    pub date: &'a str,
    pub date_text: String,
    pub source: Option<&'a str>,
    pub authors: &'a [String],
    pub editors: &'a [String],
    pub chief_editor: Option<&'a str>,
    pub content: &'a str,
}

impl<'a> ArticleBody<'a> {
    pub fn new(article: &'a Article, content: &'a str) -> Self {
        ArticleBody {
            title: &article.title,
            date: article.date.rfc3339(),
            date_text: article.date.chinese(),
            source: article.source.as_deref(),
            authors: &article.authors,
            editors: &article.editors,
            chief_editor: article.chief_editor.as_deref(),
            content,
        }
    }
}

/// A paragraph quoted on an entity page, with that entity's mentions marked.
#[derive(Debug, Serialize)]
pub struct QuoteView<'a> {
    pub href: &'a str,
    pub article_title: &'a str,
    pub article_href: &'a str,
    pub date_text: &'a str,
    /// Escaped HTML of the paragraph text with `<mark>` around the mentions.
    pub html: String,
}

/// Escapes `block`'s text, marking the mentions `is_this_entity` accepts.
pub fn quote_html(
    block: &Block,
    is_this_entity: impl Fn(&crate::linker::EntityId) -> bool,
) -> String {
    let mut html = String::with_capacity(block.text.len() + 64);
    let mut written = 0;
    for mention in block.mentions.iter().filter(|m| is_this_entity(&m.entity)) {
        escape_into(&mut html, &block.text[written..mention.start]);
        html.push_str("<mark>");
        escape_into(&mut html, &block.text[mention.start..mention.end]);
        html.push_str("</mark>");
        written = mention.end;
    }
    escape_into(&mut html, block.text[written..].trim_end());
    html
}

pub fn escape_into(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, text).expect("writing to a String cannot fail");
}

/// A description of at most `max` characters, cut at a character boundary with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// What every template sees whatever the page: `site` and `pairing`. Set once per build in the
/// templates' global context, rather than serialised again into each of thousands of pages.
#[derive(Debug, Serialize)]
pub struct Globals<'a> {
    pub site: SiteView<'a>,
    pub pairing: PairingSummary<'a>,
}

impl<'a> Globals<'a> {
    pub fn new(config: &'a Config, pairing: &'a Pairing) -> Self {
        Globals {
            site: site_view(config),
            pairing: PairingSummary::new(pairing),
        }
    }
}

/// Builds the site-wide view.
pub fn site_view<'a>(config: &'a Config) -> SiteView<'a> {
    let base = &config.base_url;
    let nav = vec![
        NavLink {
            href: base.href(&Route::home()),
            label: "首页",
            section: "index",
        },
        NavLink {
            href: base.href(&Route::section(crate::render::DISTRICTS)),
            label: "结对区",
            section: "districts",
        },
        NavLink {
            href: base.href(&Route::section(crate::render::COUNTIES)),
            label: "结对县(市)",
            section: "counties",
        },
    ];
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        root: base.path(),
        base_url: base.as_str(),
        stylesheet: format!("{}style.css", base.path()),
        favicon: format!("{}favicon.svg", base.path()),
        feed: base.href(&Route::top_file(crate::feeds::FEED)),
        search_index: base.href(&Route::top_file(crate::search::INDEX_FILE)),
        search_script: format!("{}search.js", base.path()),
        nav,
    }
}

/// Lists `names` the Chinese way: 桐梓县、正安县.
pub fn enumerate_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join("、")
}

/// A one-sentence description of a district's pairing.
pub fn district_sentence(pairing: &Pairing, district: &District) -> String {
    let counties = enumerate_names(
        district
            .counties
            .iter()
            .map(|&c| pairing.county(c).name.as_str()),
    );
    let (east, west) = (&pairing.east, &pairing.west);
    format!(
        "{}{}{}与{}{}{}结对开展东西部协作。",
        east.province, east.name, district.name, west.province, west.name, counties
    )
}

/// A one-sentence description of a county's pairing.
pub fn county_sentence(pairing: &Pairing, county: &County) -> String {
    let district = pairing.district(county.district);
    let (east, west) = (&pairing.east, &pairing.west);
    format!(
        "{}{}{}与{}{}{}结对开展东西部协作。",
        west.province, west.name, county.name, east.province, east.name, district.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CountyId;
    use crate::linker::{EntityId, Mention};

    #[test]
    fn quotes_mark_only_this_entitys_mentions_and_escape_the_rest() {
        let text = "<桐梓县>与正安县".to_string();
        let a = text.find("桐梓县").unwrap();
        let b = text.find("正安县").unwrap();
        let block = Block {
            id: "p-1".into(),
            mentions: vec![
                Mention {
                    start: a,
                    end: a + "桐梓县".len(),
                    entity: EntityId::County(CountyId(0)),
                },
                Mention {
                    start: b,
                    end: b + "正安县".len(),
                    entity: EntityId::County(CountyId(1)),
                },
            ],
            text,
        };
        let html = quote_html(&block, |e| *e == EntityId::County(CountyId(0)));
        assert_eq!(html, "&lt;<mark>桐梓县</mark>&gt;与正安县");
    }

    #[test]
    fn shorten_cuts_at_characters() {
        assert_eq!(shorten("珠海市遵义市", 3), "珠海市…");
        assert_eq!(shorten("珠海", 3), "珠海");
    }
}
