//! What templates see: one borrowed, serialisable view per page kind, built from the validated
//! model. Links are finished here (base path included), so templates never build URLs.

use serde::Serialize;

use crate::config::Config;
use crate::content::Article;
use crate::locale::Strings;
use crate::markdown::Block;
use crate::network::{Event, Network, Section};
use crate::page::PageKind;
use crate::types::Route;

pub mod records;
pub mod units;

pub use units::Hrefs;

/// Site-wide values, the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// `zh_CN`, `en_GB`: the language as `og:locale` writes it.
    pub og_locale: String,
    /// The base path every link starts with, such as `/` or `/zhuhai-zunyi/`.
    pub root: &'a str,
    pub base_url: &'a str,
    pub stylesheet: String,
    /// The site's `static/extra.css`, linked after the built-in stylesheet, if it has one.
    pub extra_stylesheet: Option<String>,
    pub favicon: String,
    /// The Atom feed of the articles.
    pub feed: String,
    pub search_index: String,
    pub search_script: String,
    /// The search box's placeholder, with examples from the data.
    pub search_hint: String,
    pub nav: Vec<NavLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub href: String,
    pub label: String,
    /// Which page kind marks this entry as the current section; none for a page of
    /// `content/pages/`, which is current only on itself.
    pub section: Option<PageKind>,
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
    /// The link to this page from any page of the site (base path included), as the
    /// navigation's links are written.
    pub href: String,
    /// `index`, `list`, `pair`, `province`, `city`, `district`, `county`, `article` or `404`.
    pub kind: PageKind,
    /// The list this page belongs under (`districts`, `counties`, `cities`, `provinces`), for
    /// the navigation.
    pub section: Option<PageKind>,
    /// `href` if the navigation links to this page (the home page, the lists, the article
    /// list, the pages that ask to be in it); none on every other page, so that the
    /// navigation, which shows nothing else of the page but its kind and section, is rendered
    /// once for all of them (see `cached` in README).
    pub nav_href: Option<String>,
    /// From the home page down to the parent of this page; empty on top-level pages.
    pub breadcrumbs: Vec<Link<'a>>,
    /// Keep search engines away (`<meta name="robots" content="noindex">`): a draft's page.
    pub noindex: bool,
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
pub struct EventView<'a> {
    pub date: String,
    pub date_text: String,
    pub end: Option<String>,
    pub end_text: Option<String>,
    pub text: &'a str,
}

impl<'a> EventView<'a> {
    pub fn new(event: &'a Event, t: &Strings) -> Self {
        EventView {
            date: event.date.iso(),
            date_text: t.partial_date(&event.date),
            end: event.end.map(|d| d.iso()),
            end_text: event.end.map(|end| t.date_after(&end, &event.date)),
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
    /// A draft, shown only by `build --drafts` and `serve`.
    pub draft: bool,
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
    /// A draft, shown only by `build --drafts` and `serve`.
    pub draft: bool,
}

impl<'a> ArticleBody<'a> {
    pub fn new(article: &'a Article, content: &'a str, t: &Strings) -> Self {
        ArticleBody {
            title: &article.title,
            date: article.date.rfc3339(),
            date_text: t.timestamp(&article.date),
            source: article.source.as_deref(),
            authors: &article.authors,
            editors: &article.editors,
            chief_editor: article.chief_editor.as_deref(),
            content,
            draft: article.draft,
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

use crate::text::escape_html as escape_into;

/// A description of at most `max` characters, cut at a character boundary with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The programme as every page sees it: the data file's title, summary, principles and areas,
/// and a label and count for each kind of unit, made from the data.
#[derive(Debug, Serialize)]
pub struct ProgrammeView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub principles: &'a [String],
    pub areas: &'a [String],
    /// Per section: `label` (区(功能区), 县(市), 市(州), 省) and `count`.
    pub provinces: SectionCount,
    pub cities: SectionCount,
    pub districts: SectionCount,
    pub counties: SectionCount,
}

#[derive(Debug, Serialize)]
pub struct SectionCount {
    pub label: String,
    pub count: usize,
}

impl<'a> ProgrammeView<'a> {
    pub fn new(network: &'a Network, t: &Strings) -> Self {
        let count = |section| SectionCount {
            label: units::section_label(network, section, t),
            count: network
                .units
                .iter()
                .filter(|u| u.section() == section)
                .count(),
        };
        ProgrammeView {
            title: &network.title,
            summary: network.summary.as_deref(),
            principles: &network.principles,
            areas: &network.areas,
            provinces: count(Section::Provinces),
            cities: count(Section::Cities),
            districts: count(Section::Districts),
            counties: count(Section::Counties),
        }
    }
}

/// What every template sees whatever the page: `site`, `pairing` and the interface strings `t`.
/// Set once per build in the templates' global context, rather than serialised again into each
/// of thousands of pages.
#[derive(Debug, Serialize)]
pub struct Globals<'a> {
    pub site: SiteView<'a>,
    pub pairing: ProgrammeView<'a>,
    /// The interface strings by key: `{{ t.skip_link }}`, `{{ t.count_of | fill(count=…) }}`.
    pub t: &'a std::collections::BTreeMap<String, String>,
}

impl<'a> Globals<'a> {
    /// `extra_stylesheet`: whether the site has a `static/extra.css`; `extra_nav` follows the
    /// sections in the navigation: the article list, then the pages that ask to be there.
    pub fn new(
        config: &'a Config,
        network: &'a Network,
        extra_stylesheet: bool,
        extra_nav: Vec<NavLink>,
    ) -> Self {
        let pairing = ProgrammeView::new(network, &config.strings);
        let mut site = site_view(config, network, &pairing, extra_nav);
        if extra_stylesheet {
            site.extra_stylesheet = Some(format!(
                "{}{}",
                config.base_url.path(),
                crate::site_root::EXTRA_STYLESHEET
            ));
        }
        Globals {
            site,
            pairing,
            t: config.strings.map(),
        }
    }
}

/// The sections a site's navigation lists, in order: the cities, then the eastern and the
/// western county-level units, then the provinces; a section without units is left out.
pub const NAV_SECTIONS: [Section; 4] = [
    Section::Cities,
    Section::Districts,
    Section::Counties,
    Section::Provinces,
];

/// The label of a section's list page and navigation entry: 结对区(功能区), 结对县(市) …
pub fn section_title(section: Section, counts: &ProgrammeView, t: &Strings) -> String {
    let count = match section {
        Section::Provinces => &counts.provinces,
        Section::Cities => &counts.cities,
        Section::Districts => &counts.districts,
        Section::Counties => &counts.counties,
    };
    t.fill("list_title", &[("label", &count.label)])
}

/// Builds the site-wide view.
pub fn site_view<'a>(
    config: &'a Config,
    network: &Network,
    counts: &ProgrammeView,
    extra_nav: Vec<NavLink>,
) -> SiteView<'a> {
    let base = &config.base_url;
    let t = &config.strings;
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language.tag,
        og_locale: config.language.og_locale(),
        root: base.path(),
        base_url: base.as_str(),
        stylesheet: format!("{}style.css", base.path()),
        extra_stylesheet: None,
        favicon: format!("{}favicon.svg", base.path()),
        feed: base.href(&Route::top_file(crate::feeds::FEED)),
        search_index: base.href(&Route::top_file(crate::search::INDEX_FILE)),
        search_script: format!("{}search.js", base.path()),
        search_hint: search_hint(network, t),
        nav: nav(config, network, counts, extra_nav),
    }
}

/// The site's navigation: the home page, the lists of [`NAV_SECTIONS`] that have units, then
/// `extra_nav`.
pub fn nav(
    config: &Config,
    network: &Network,
    counts: &ProgrammeView,
    extra_nav: Vec<NavLink>,
) -> Vec<NavLink> {
    let base = &config.base_url;
    let t = &config.strings;
    let mut nav = vec![NavLink {
        href: base.href(&Route::home()),
        label: t.get("nav_home").into(),
        section: Some(PageKind::Index),
    }];
    for section in NAV_SECTIONS {
        if network.units.iter().any(|u| u.section() == section) {
            nav.push(NavLink {
                href: base.href(&Route::section(section.folder())),
                label: section_title(section, counts, t),
                section: Some(PageKind::List(section)),
            });
        }
    }
    nav.extend(extra_nav);
    nav
}

/// `搜索：务川仡佬族苗族自治县、湄潭县、劳务协作…`: two western county-level names and an area
/// from the data, so the hint fits the site it is on.
fn search_hint(network: &Network, t: &Strings) -> String {
    let mut examples: Vec<&str> = network
        .units
        .iter()
        .filter(|u| u.section() == Section::Counties)
        .map(|u| u.aliases.first().unwrap_or(&u.name).as_str())
        .take(2)
        .collect();
    examples.extend(network.areas.first().map(String::as_str));
    if examples.is_empty() {
        t.get("search_hint_empty").into()
    } else {
        t.fill("search_hint", &[("examples", &t.list(&examples))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linker::Mention;
    use crate::network::UnitId;

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
                    entity: UnitId(0),
                },
                Mention {
                    start: b,
                    end: b + "正安县".len(),
                    entity: UnitId(1),
                },
            ],
            text,
        };
        let html = quote_html(&block, |e| *e == UnitId(0));
        assert_eq!(html, "&lt;<mark>桐梓县</mark>&gt;与正安县");
    }

    #[test]
    fn shorten_cuts_at_characters() {
        assert_eq!(shorten("珠海市遵义市", 3), "珠海市…");
        assert_eq!(shorten("珠海", 3), "珠海");
    }
}
