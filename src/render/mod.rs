//! Rendering: every page of the site, built from the validated [`Site`] and rendered through the
//! templates in parallel. Returns pages in memory; writing them is `output`'s job.

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{CountyId, DistrictId};
use crate::date::Date;
use crate::error::Result;
use crate::feeds;
use crate::linker::{EntityId, Linker};
use crate::markdown::{self, RenderedMarkdown};
use crate::progress::Progress;
use crate::search;
use crate::site::Site;
use crate::templates::Templates;
use crate::types::{OutputPath, Route};

mod pages;
mod site_files;

use pages::Renderer;

pub const DISTRICTS: &str = "districts";
pub const COUNTIES: &str = "counties";
pub const ARTICLES: &str = "articles";

/// What a page is, for the build summary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum PageKind {
    Index,
    List,
    District,
    County,
    Article,
    NotFound,
}

/// One rendered page.
#[derive(Debug, Clone)]
pub struct Page {
    pub info: PageInfo,
    /// UTF-8 HTML, as the template engine wrote it.
    pub html: Vec<u8>,
}

/// What is kept of a page once its HTML has gone to the output.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub route: Route,
    pub kind: PageKind,
    /// The date of the newest content the page shows, for the sitemap; `None` keeps it out.
    pub lastmod: Option<Date>,
}

/// The machine-readable files every build writes beside the pages (and the search index, whose
/// files [`site_file_paths`] adds).
pub const SITE_FILES: [&str; 3] = [feeds::SITEMAP, feeds::FEED, feeds::ROBOTS];

/// Every site file of `site`: [`SITE_FILES`] and the fragments of the search index, whose number
/// depends on the site's size.
pub fn site_file_paths(site: &Site) -> Vec<String> {
    SITE_FILES
        .iter()
        .map(|name| name.to_string())
        .chain(search_layout(site).paths())
        .collect()
}

/// How the search index of `site` is split: its documents are the home page, the two lists,
/// every district and county, and every article.
fn search_layout(site: &Site) -> search::Layout {
    let pairing = &site.pairing;
    search::Layout::new(
        3 + pairing.districts.len() + pairing.counties.len(),
        site.articles.len(),
    )
}

/// A rendered site: its pages, and the machine-readable files made from them.
pub struct RenderedSite {
    pub pages: Vec<PageInfo>,
    /// `sitemap.xml`, `atom.xml`, `robots.txt` and the search index.
    pub site_files: Vec<(OutputPath, String)>,
}

/// What rendering needs beyond the site itself, worked out once per build (and kept by `serve`
/// between rebuilds): every page's link, every article body, and which paragraphs quote whom.
pub struct Prepared {
    links: Links,
    /// Kept by `serve` once made: building the automaton over every name costs more than
    /// re-rendering one article.
    linker: Option<Linker>,
    bodies: Vec<RenderedMarkdown>,
    quotes: QuoteIndex,
    /// Per article, per quotable block: the link to that paragraph (`…/#p-3`). Entity pages
    /// quote the same paragraphs again and again; their links are made once.
    quote_links: Vec<Vec<String>>,
    /// Per article, its date as readers see it.
    article_dates: Vec<String>,
    /// Per article, its entry in the search index, already encoded: kept only by `serve`, which
    /// rebuilds the index on every edit (a one-off build would only hold the text twice).
    article_search: Option<Vec<search::Entry>>,
    /// The newest date anywhere in the content: what list pages and unmentioned entities show.
    newest: Option<Date>,
}

impl Prepared {
    /// Nothing prepared; a placeholder while a real one is being updated.
    pub fn empty() -> Self {
        Prepared {
            links: Links::default(),
            linker: None,
            bodies: Vec::new(),
            quotes: QuoteIndex::default(),
            quote_links: Vec::new(),
            article_dates: Vec::new(),
            article_search: None,
            newest: None,
        }
    }

    pub fn new(site: &Site) -> Self {
        let links = Links::new(site);
        let linker = Linker::new(&site.pairing);
        let bodies: Vec<RenderedMarkdown> = site
            .articles
            .par_iter()
            .map(|article| render_body(site, &links, &linker, article))
            .collect();
        let quotes = QuoteIndex::new(site, &bodies);
        let quote_links = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| quote_links(&links, i, body))
            .collect();
        Prepared {
            links,
            // Not kept: a one-off build has no use for it, and `serve` makes one on its first edit.
            linker: None,
            bodies,
            quotes,
            quote_links,
            article_dates: site
                .articles
                .iter()
                .map(|a| a.date.date.chinese())
                .collect(),
            article_search: None,
            newest: newest_date(site),
        }
    }

    /// Keeps every article's search-index entry from now on, for rebuilds that change one article.
    pub fn keep_search_entries(&mut self, site: &Site) {
        self.article_search = Some(self.search_entries(site));
    }

    /// Every article's entry in the search index, encoded.
    fn search_entries(&self, site: &Site) -> Vec<search::Entry> {
        site.articles
            .par_iter()
            .zip(&self.bodies)
            .enumerate()
            .map(|(i, (article, body))| search_entry(&self.links, i, article, body))
            .collect()
    }

    /// Takes in article `index` of `site` (which was `previous`), changed in its body or front
    /// matter but not in its slug or date, and returns the pages that may show it differently:
    /// the article itself, the home page if what it lists changed, and the districts and counties
    /// it mentions or used to mention.
    pub fn update_article(
        &mut self,
        site: &Site,
        index: usize,
        previous: &crate::content::Article,
    ) -> Vec<Job> {
        let linker = self
            .linker
            .get_or_insert_with(|| Linker::new(&site.pairing));
        let body = render_body(site, &self.links, linker, &site.articles[index]);
        let lead_before = self.bodies[index].lead.clone();
        let mut entities: Vec<EntityId> = self.bodies[index]
            .quotable
            .iter()
            .chain(&body.quotable)
            .flat_map(|block| block.mentions.iter().map(|m| m.entity))
            .collect();
        entities.sort();
        entities.dedup();
        self.quote_links[index] = quote_links(&self.links, index, &body);
        self.article_dates[index] = site.articles[index].date.date.chinese();
        if let Some(entries) = self.article_search.as_mut() {
            entries[index] = search_entry(&self.links, index, &site.articles[index], &body);
        }
        self.bodies[index] = body;
        self.quotes = QuoteIndex::new(site, &self.bodies);
        self.newest = newest_date(site);
        // The home page lists each article's title, source, date and lead: only those matter to it.
        let article = &site.articles[index];
        let listed_the_same = article.title == previous.title
            && article.source == previous.source
            && article.description == previous.description
            && self.bodies[index].lead == lead_before;
        let mut jobs = vec![Job::Article(index)];
        if !listed_the_same {
            jobs.push(Job::Index);
        }
        jobs.extend(entities.into_iter().map(|entity| match entity {
            EntityId::District(DistrictId(i)) => Job::District(i),
            EntityId::County(CountyId(i)) => Job::County(i),
        }));
        jobs
    }
}

fn render_body(
    site: &Site,
    links: &Links,
    linker: &Linker,
    article: &crate::content::Article,
) -> RenderedMarkdown {
    markdown::render(&article.body, site.config.markdown, linker, &|entity| {
        links.entity(entity).to_string()
    })
}

fn search_entry(
    links: &Links,
    index: usize,
    article: &crate::content::Article,
    body: &RenderedMarkdown,
) -> search::Entry {
    search::entry(&search::Doc {
        title: &article.title,
        url: &links.articles[index],
        kind: "报道",
        keys: vec![article.slug.as_str()],
        text: &body.text,
        pinyin: false,
    })
}

fn quote_links(links: &Links, article: usize, body: &RenderedMarkdown) -> Vec<String> {
    let href = &links.articles[article];
    body.quotable
        .iter()
        .map(|block| format!("{href}#{}", block.id))
        .collect()
}

fn newest_date(site: &Site) -> Option<Date> {
    let articles = site.articles.iter().map(|a| a.date.date);
    let events = site.pairing.events.iter().map(|e| e.end.unwrap_or(e.date));
    articles.chain(events).max()
}

/// Renders the pages of `only` in parallel, handing each to `sink` as soon as it is ready so that
/// pages need not all be held in memory. Every page's info (in a fixed order: home, lists, 404,
/// districts, counties, articles) and the site files are always produced.
pub fn render_jobs(
    site: &Site,
    templates: &Templates,
    prepared: &Prepared,
    only: &[Job],
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
    // The site files need every page's info but none of its HTML, so they are made alongside
    // the pages rather than after them.
    let (outcomes, site_files) = rayon::join(
        || {
            // Collect every outcome before picking an error, so the same bad input always
            // reports the same page, whichever thread got there first.
            only.par_iter()
                .map(|job| {
                    sink(renderer.render(*job)?)?;
                    progress.page_done();
                    Ok(())
                })
                .collect::<Vec<Result<()>>>()
        },
        || renderer.site_files(&pages),
    );
    outcomes.into_iter().collect::<Result<()>>()?;
    Ok(RenderedSite { pages, site_files })
}

/// The finished link of every page that other pages point to, computed once per build.
#[derive(Default)]
struct Links {
    home: String,
    districts_list: String,
    counties_list: String,
    districts: Vec<String>,
    counties: Vec<String>,
    articles: Vec<String>,
}

impl Links {
    fn new(site: &Site) -> Self {
        let base = &site.config.base_url;
        let pairing = &site.pairing;
        Links {
            home: base.href(&Route::home()),
            districts_list: base.href(&Route::section(DISTRICTS)),
            counties_list: base.href(&Route::section(COUNTIES)),
            districts: pairing
                .districts
                .iter()
                .map(|d| base.href(&Route::entry(DISTRICTS, &d.slug)))
                .collect(),
            counties: pairing
                .counties
                .iter()
                .map(|c| base.href(&Route::entry(COUNTIES, &c.slug)))
                .collect(),
            articles: site
                .articles
                .iter()
                .map(|a| base.href(&Route::entry(ARTICLES, &a.slug)))
                .collect(),
        }
    }

    fn entity(&self, entity: EntityId) -> &str {
        match entity {
            EntityId::District(DistrictId(i)) => &self.districts[i],
            EntityId::County(CountyId(i)) => &self.counties[i],
        }
    }
}

/// For each district and county: the `(article, block)` pairs that mention it, in article order.
#[derive(Default)]
struct QuoteIndex {
    districts: Vec<Vec<(usize, usize)>>,
    counties: Vec<Vec<(usize, usize)>>,
}

impl QuoteIndex {
    fn new(site: &Site, bodies: &[RenderedMarkdown]) -> Self {
        let mut index = QuoteIndex {
            districts: vec![Vec::new(); site.pairing.districts.len()],
            counties: vec![Vec::new(); site.pairing.counties.len()],
        };
        for (article, body) in bodies.iter().enumerate() {
            for (block_index, block) in body.quotable.iter().enumerate() {
                let mut seen: Vec<EntityId> = block.mentions.iter().map(|m| m.entity).collect();
                seen.sort();
                seen.dedup();
                for entity in seen {
                    let list = match entity {
                        EntityId::District(DistrictId(i)) => &mut index.districts[i],
                        EntityId::County(CountyId(i)) => &mut index.counties[i],
                    };
                    list.push((article, block_index));
                }
            }
        }
        index
    }

    fn of(&self, entity: EntityId) -> &[(usize, usize)] {
        match entity {
            EntityId::District(DistrictId(i)) => &self.districts[i],
            EntityId::County(CountyId(i)) => &self.counties[i],
        }
    }
}

/// The route of every page of `site`, in rendering order; known before anything is rendered.
pub fn routes(site: &Site) -> Vec<Route> {
    jobs(site)
        .into_iter()
        .map(|job| route_of(site, job))
        .collect()
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let pairing = &site.pairing;
    [
        Job::Index,
        Job::DistrictList,
        Job::CountyList,
        Job::NotFound,
    ]
    .into_iter()
    .chain((0..pairing.districts.len()).map(Job::District))
    .chain((0..pairing.counties.len()).map(Job::County))
    .chain((0..site.articles.len()).map(Job::Article))
    .collect()
}

pub fn route_of(site: &Site, job: Job) -> Route {
    match job {
        Job::Index => Route::home(),
        Job::DistrictList => Route::section(DISTRICTS),
        Job::CountyList => Route::section(COUNTIES),
        Job::NotFound => Route::top_file("404.html"),
        Job::District(i) => Route::entry(DISTRICTS, &site.pairing.districts[i].slug),
        Job::County(i) => Route::entry(COUNTIES, &site.pairing.counties[i].slug),
        Job::Article(i) => Route::entry(ARTICLES, &site.articles[i].slug),
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Index,
    DistrictList,
    CountyList,
    NotFound,
    District(usize),
    County(usize),
    Article(usize),
}
