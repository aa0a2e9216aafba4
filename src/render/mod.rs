//! Rendering: every page of the site, built from the validated [`Site`] and rendered through the
//! templates in parallel. Returns pages in memory; writing them is `output`'s job.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::error::Result;
use crate::network::{Network, Section, UnitId};
use crate::progress::Progress;
use crate::search;
use crate::site::Site;
use crate::taxonomy::{AREAS, TAGS};
use crate::templates::Templates;
use crate::types::{OutputPath, Route};
use crate::views::Hrefs;

mod addresses;
mod listing;
mod pages;
mod prepared;
mod site_files;

pub use addresses::Addresses;

pub use crate::page::{PageInfo, PageKind};
pub use listing::nav_links;
use pages::Renderer;
use prepared::search_entry;
pub use prepared::{mentioned, ArticleState, Mode, Prepared};

/// The URL folder of the article pages.
pub const ARTICLES: &str = "articles";
/// The URL folder of the pair pages: `/pairs/<east>/<west>/`.
pub const PAIRS: &str = "pairs";

/// One rendered page.
#[derive(Debug, Clone)]
pub struct Page {
    pub info: PageInfo,
    /// UTF-8 HTML, as the template engine wrote it.
    pub html: Vec<u8>,
}

/// The machine-readable files every build writes beside the pages (and the search index, whose
/// files [`site_file_paths`] adds).
pub const SITE_FILES: [&str; 3] = [
    crate::feeds::SITEMAP,
    crate::feeds::FEED,
    crate::feeds::ROBOTS,
];

/// Every site file of `site`: [`SITE_FILES`] and the fragments of the search index, whose number
/// depends on the site's size.
pub fn site_file_paths(site: &Site) -> Vec<OutputPath> {
    SITE_FILES
        .iter()
        .map(|name| OutputPath::top_file(name))
        .chain(search_layout(site).paths())
        .chain(pages::records::record_file_paths(site))
        .collect()
}

/// How the search index of `site` is split: its documents are the home page, the lists, every
/// unit, every page, area and tag, and every article (in that order: see
/// `Renderer::search_index`).
fn search_layout(site: &Site) -> search::Layout {
    let network = &site.network;
    let terms = &site.taxonomies;
    search::Layout::new(
        1 + listed_sections(network).len()
            + network.units.len()
            + site.pages.len()
            + terms.areas.len()
            + terms.tags.len(),
        site.articles.len(),
    )
}

/// A rendered site: its pages, and the machine-readable files made from them.
pub struct RenderedSite {
    pub pages: Vec<PageInfo>,
    /// `sitemap.xml`, `atom.xml`, `robots.txt` and the search index.
    pub site_files: Vec<(OutputPath, String)>,
}

/// Renders the pages of `only` in parallel, handing each to `sink` as soon as it is ready so that
/// pages need not all be held in memory. Every page's info (in a fixed order: home, lists, 404,
/// units, pairs, articles, the article list, areas, tags, pages) and the sitemap, feed and
/// robots.txt are always produced; the search index and the records' CSV files as `site_files`
/// says.
pub fn render_jobs(
    site: &Site,
    templates: &Templates,
    prepared: &Prepared,
    only: &[Job],
    site_files: SiteFiles,
    progress: &Progress,
    sink: &(dyn Fn(Page) -> Result<()> + Sync),
) -> Result<RenderedSite> {
    let renderer = Renderer {
        site,
        templates,
        prepared,
    };
    progress.rendering(only.len());
    let pages: Vec<PageInfo> = jobs(site)
        .into_iter()
        .map(|job| renderer.info(job))
        .collect();
    // Collect every outcome before picking an error, so the same bad input always reports the
    // same page, whichever thread got there first.
    let outcomes: Vec<Result<()>> = only
        .par_iter()
        .map(|job| {
            sink(renderer.render(*job)?)?;
            progress.page_done();
            Ok(())
        })
        .collect();
    outcomes.into_iter().collect::<Result<()>>()?;
    // The site files need every page's info but none of its HTML. They are made after the
    // pages rather than beside them, so that the search index's postings are not held in
    // memory at the same time as the pages in flight: at 10k the peak is 175 MB instead of
    // 198, at the same speed.
    let whole = site_files == SiteFiles::All;
    let mut files = match site_files {
        SiteFiles::None => Vec::new(),
        _ => renderer.site_files(&pages, whole),
    };
    if whole {
        files.extend(renderer.record_files());
    }
    Ok(RenderedSite {
        pages,
        site_files: files,
    })
}

/// The name of the template that renders the page of `job`.
pub fn template_of(site: &Site, job: Job) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let unit_kind = |id: UnitId| pages::unit_template(site.network.unit(id).section());
    Cow::Borrowed(match job {
        Job::Index => "index.html",
        Job::NotFound => "404.html",
        Job::List(section) => return Cow::Owned(format!("{}.html", section.folder())),
        Job::Unit(id) => return Cow::Owned(format!("{}.html", unit_kind(id))),
        Job::Pair(_) => "pair.html",
        Job::Article(_) => "article.html",
        Job::Articles(_) => "articles.html",
        Job::Area(..) => "area.html",
        Job::Tag(..) => "tag.html",
        Job::Areas => "areas.html",
        Job::Tags => "tags.html",
        Job::Page(i) => site.pages[i].template(),
    })
}

/// Every file of the search index, on its own: `serve` writes them after the pages an edit
/// changed, so that the page a writer looks at reloads without waiting for them.
pub fn search_index_files(
    site: &Site,
    templates: &Templates,
    prepared: &Prepared,
) -> Vec<(OutputPath, String)> {
    Renderer {
        site,
        templates,
        prepared,
    }
    .search_index()
}

/// Which of the files made from the whole site a rendering makes besides the sitemap, the feed
/// and robots.txt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFiles {
    /// The search index and the records' CSV files too: a full build.
    All,
    /// Neither, after an edit to articles rewritten in place: the records' CSV files come from
    /// the data and the records alone (an article appears in them by its slug), so they stay as
    /// they are (at 10k they are 22,669 files), and the search index is made afterwards with
    /// [`search_index_files`].
    AfterArticleEdit,
    /// None at all, after an edit to templates: they come from the model, not the templates.
    None,
}

/// The finished link of every page that other pages point to, computed once per build.
#[derive(Default)]
struct Links {
    home: String,
    lists: HashMap<Section, String>,
    units: Vec<String>,
    /// Per pair group, in [`Network::groups`] order.
    pairs: Vec<String>,
    pair_index: HashMap<(UnitId, UnitId), usize>,
    articles: Vec<String>,
    article_index: HashMap<String, usize>,
    /// Per article, its title, for links to it by slug.
    article_titles: Vec<String>,
    /// Per section, its list's title (结对区(功能区)).
    list_labels: HashMap<Section, String>,
    /// Per pair group, its heading (珠海市—遵义市).
    pair_headings: Vec<String>,
    /// The first page of the list of every article.
    article_list: String,
    /// The lists of every area and of every tag.
    area_list: String,
    tag_list: String,
    /// Per area and per tag, the first page of its list.
    areas: Vec<String>,
    tags: Vec<String>,
    /// Per page of `content/pages/`, its link.
    pages: Vec<String>,
    /// Per article, the areas and tags it names (indices into the site's taxonomies).
    article_terms: Vec<listing::ArticleTerms>,
    /// The links of the navigation.
    nav: Vec<String>,
}

impl Links {
    fn new(site: &Site) -> Self {
        let base = &site.config.base_url;
        let network = &site.network;
        let t = &site.config.strings;
        let counts = crate::views::ProgrammeView::new(network, t);
        Links {
            home: base.href(&Route::home()),
            lists: Section::ALL
                .into_iter()
                .map(|s| (s, base.href(&Route::section(s.folder()))))
                .collect(),
            units: network
                .unit_ids()
                .map(|id| base.href(&unit_route(network, id)))
                .collect(),
            pairs: (0..network.groups().len())
                .map(|i| base.href(&pair_route(network, i)))
                .collect(),
            pair_index: network
                .groups()
                .iter()
                .enumerate()
                .map(|(i, g)| ((g.east, g.west), i))
                .collect(),
            articles: site
                .articles
                .iter()
                .map(|a| base.href(&Route::entry(ARTICLES, &a.slug)))
                .collect(),
            article_index: site
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.as_str().to_string(), i))
                .collect(),
            article_titles: site.articles.iter().map(|a| a.title.clone()).collect(),
            list_labels: Section::ALL
                .into_iter()
                .map(|s| (s, crate::views::section_title(s, &counts, t)))
                .collect(),
            pair_headings: network
                .groups()
                .iter()
                .map(|g| pages::pair_heading(network, g, &site.config.strings))
                .collect(),
            article_list: base.href(&Route::section(ARTICLES)),
            area_list: base.href(&Route::section(AREAS)),
            tag_list: base.href(&Route::section(TAGS)),
            areas: (0..site.taxonomies.areas.len())
                .map(|i| base.href(&route_of(site, Job::Area(i, 1))))
                .collect(),
            tags: (0..site.taxonomies.tags.len())
                .map(|i| base.href(&route_of(site, Job::Tag(i, 1))))
                .collect(),
            pages: site.pages.iter().map(|p| base.href(&p.route)).collect(),
            article_terms: listing::article_terms(site),
            nav: crate::views::nav(&site.config, network, &counts, nav_links(site))
                .into_iter()
                .map(|link| link.href)
                .collect(),
        }
    }
}

impl Hrefs for Links {
    fn unit(&self, id: UnitId) -> &str {
        &self.units[id.0 as usize]
    }

    fn pair(&self, east: UnitId, west: UnitId) -> Option<&str> {
        let i = *self.pair_index.get(&(east, west))?;
        Some(&self.pairs[i])
    }

    fn article(&self, slug: &str) -> Option<(&str, &str)> {
        let i = *self.article_index.get(slug)?;
        Some((&self.articles[i], &self.article_titles[i]))
    }
}

fn unit_route(network: &Network, id: UnitId) -> Route {
    let unit = network.unit(id);
    Route::entry(unit.section().folder(), &unit.slug)
}

fn pair_route(network: &Network, group: usize) -> Route {
    let group = &network.groups()[group];
    Route::nested(
        PAIRS,
        &network.unit(group.east).slug,
        &network.unit(group.west).slug,
    )
}

/// The sections that have a list page: those with at least one unit.
fn listed_sections(network: &Network) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|&s| network.units.iter().any(|u| u.section() == s))
        .collect()
}

/// The route of every page of `site`, in rendering order; known before anything is rendered.
pub fn routes(site: &Site) -> Vec<Route> {
    jobs(site)
        .into_iter()
        .map(|job| route_of(site, job))
        .collect()
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let network = &site.network;
    std::iter::once(Job::Index)
        .chain(listed_sections(network).into_iter().map(Job::List))
        .chain(std::iter::once(Job::NotFound))
        .chain(network.unit_ids().map(Job::Unit))
        .chain((0..network.groups().len()).map(Job::Pair))
        .chain((0..site.articles.len()).map(Job::Article))
        .chain(listing::jobs(site))
        .collect()
}

pub fn route_of(site: &Site, job: Job) -> Route {
    match job {
        Job::Index => Route::home(),
        Job::List(section) => Route::section(section.folder()),
        Job::NotFound => Route::top_file("404.html"),
        Job::Unit(id) => unit_route(&site.network, id),
        Job::Pair(i) => pair_route(&site.network, i),
        Job::Article(i) => Route::entry(ARTICLES, &site.articles[i].slug),
        Job::Articles(n) => Route::section(ARTICLES).paged(n),
        Job::Areas => Route::section(AREAS),
        Job::Tags => Route::section(TAGS),
        Job::Area(i, n) => Route::entry(AREAS, &site.taxonomies.areas[i].slug).paged(n),
        Job::Tag(i, n) => Route::entry(TAGS, &site.taxonomies.tags[i].slug).paged(n),
        Job::Page(i) => site.pages[i].route.clone(),
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Index,
    List(Section),
    NotFound,
    Unit(UnitId),
    /// A pair group, by its index in [`Network::groups`].
    Pair(usize),
    Article(usize),
    /// Page `n` (from 1) of the list of every article.
    Articles(usize),
    /// Page `n` of an area's list, by the area's index in the site's taxonomies.
    Area(usize, usize),
    /// Page `n` of a tag's list.
    Tag(usize, usize),
    /// The list of every area, and of every tag.
    Areas,
    Tags,
    /// A page of `content/pages/`, by its index in the site's pages.
    Page(usize),
}
