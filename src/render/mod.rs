//! Rendering: every page of the site, built from the validated [`Site`] and rendered through the
//! templates in parallel. Returns pages in memory; writing them is `output`'s job.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::date::Date;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::linker::{Linker, Unresolved};
use crate::markdown::{self, RenderedMarkdown};
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
mod site_files;

pub use addresses::Addresses;

pub use crate::page::{PageInfo, PageKind};
pub use listing::nav_links;
use pages::Renderer;

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
pub fn site_file_paths(site: &Site) -> Vec<String> {
    SITE_FILES
        .iter()
        .map(|name| name.to_string())
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

/// Whether a build keeps what it needs to render one article again (`serve` does, between
/// rebuilds) or lets it go as soon as it can (a one-off build, whose memory stays small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    OneOff,
    Kept,
}

/// What is worked out once for each article: its rendered body and everything made from it.
pub struct ArticleState {
    pub href: String,
    pub body: RenderedMarkdown,
    /// Per quotable block, the link to it (`…/#p-3`): entity pages quote the same paragraphs
    /// again and again, so their links are made once.
    pub quote_links: Vec<String>,
    /// Its date as readers see it.
    pub date_text: String,
    /// Its entry in the search index, already encoded; kept only in [`Mode::Kept`], where the
    /// index is rebuilt on every edit (a one-off build would only hold the text twice).
    pub search: Option<search::Entry>,
    /// Names it mentions that name several units, which nothing in it decided.
    pub unresolved: Vec<Unresolved>,
}

/// What rendering needs beyond the site itself, worked out once per build (and kept by `serve`
/// between rebuilds): every page's link, every article's state, and which paragraphs quote whom.
pub struct Prepared {
    mode: Mode,
    links: Links,
    /// Where content files are published, for `@/` links, and the images articles show.
    addresses: Addresses,
    /// Kept in [`Mode::Kept`]: building the automaton over every name costs more than
    /// re-rendering one article.
    linker: Option<Linker>,
    articles: Vec<ArticleState>,
    quotes: QuoteIndex,
    /// Per unit, the sentence that says what it is paired with: its page's description and
    /// its entry in the search index alike.
    sentences: Vec<String>,
    /// The newest date anywhere in the content: what list pages and unmentioned units show.
    newest: Option<Date>,
    /// Per page of `content/pages/`, its rendered body.
    pages: Vec<RenderedMarkdown>,
    /// Per area and tag, the units its articles touch.
    term_units: listing::TermUnits,
}

impl Prepared {
    /// Renders every article; a Markdown problem in any (an id given twice, a forbidden
    /// character) fails with all of them, each at its line in its file.
    pub fn new(site: &Site, mode: Mode) -> Result<Self> {
        let links = Links::new(site);
        let addresses = Addresses::new(site);
        let linker = Linker::new(&site.network);
        let articles: Vec<ArticleState> = site
            .articles
            .par_iter()
            .enumerate()
            .map(|(i, article)| article_state(site, &links, &addresses, &linker, i, article, mode))
            .collect();
        let pages: Vec<RenderedMarkdown> = site
            .pages
            .par_iter()
            .zip(&links.pages)
            .map(|(page, href)| {
                let linker = linker.for_article(Vec::new());
                markdown::render_in_site(
                    &page.body,
                    site.config.markdown,
                    &linker,
                    &|unit| links.units[unit.0 as usize].clone(),
                    &addresses.for_page(href),
                )
            })
            .collect();
        let page_problems = site.pages.iter().zip(&pages).flat_map(|(page, body)| {
            body.problems
                .iter()
                .map(|p| p.to_diagnostic(&page.path, &page.body, page.body_line + 1))
        });
        let problems: Vec<Diagnostic> = site
            .articles
            .iter()
            .zip(&articles)
            .flat_map(|(article, state)| markdown_problems(article, state))
            .chain(page_problems)
            .chain(pages::records::paragraph_problems(site, &articles))
            .collect();
        if !problems.is_empty() {
            return Err(Error::Invalid(Diagnostics(problems)));
        }
        let quotes = QuoteIndex::new(&site.network, &articles);
        let term_units = listing::TermUnits::new(site, &articles);
        let units: Vec<UnitId> = site.network.unit_ids().collect();
        let sentences = units
            .par_iter()
            .map(|&id| crate::views::units::unit_sentence(&site.network, id, &site.config.strings))
            .collect();
        Ok(Prepared {
            mode,
            links,
            addresses,
            linker: (mode == Mode::Kept).then_some(linker),
            articles,
            quotes,
            sentences,
            newest: newest_date(site),
            pages,
            term_units,
        })
    }

    /// Where content files are published, and the drafts left out.
    pub fn addresses(&self) -> &Addresses {
        &self.addresses
    }

    /// The `@/` links of every article and page that lead nowhere, at their lines in the files.
    pub fn broken_content_links(&self, site: &Site) -> Vec<Diagnostic> {
        let articles = site
            .articles
            .iter()
            .zip(&self.articles)
            .flat_map(|(article, state)| {
                state.body.broken_links.iter().map(|problem| {
                    problem.to_diagnostic(&article.path, &article.body, article.body_line + 1)
                })
            });
        let pages = site.pages.iter().zip(&self.pages).flat_map(|(page, body)| {
            body.broken_links
                .iter()
                .map(|problem| problem.to_diagnostic(&page.path, &page.body, page.body_line + 1))
        });
        articles.chain(pages).collect()
    }

    /// What was worked out for article `index` of the site.
    pub fn article(&self, index: usize) -> &ArticleState {
        &self.articles[index]
    }

    /// The rendered body of page `index` of `content/pages/`.
    pub fn page_body(&self, index: usize) -> &RenderedMarkdown {
        &self.pages[index]
    }

    /// Warnings about names that stayed unlinked because they name several units.
    pub fn warnings(&self, site: &Site) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for (article, state) in site.articles.iter().zip(&self.articles) {
            let mut searched_from: HashMap<&str, usize> = HashMap::new();
            for unresolved in &state.unresolved {
                let from = searched_from.entry(&unresolved.name).or_insert(0);
                let found = article.body[*from..]
                    .find(&unresolved.name)
                    .map(|at| *from + at);
                if let Some(at) = found {
                    *from = at + unresolved.name.len();
                }
                let candidates: Vec<&str> = unresolved
                    .candidates
                    .iter()
                    .map(|&c| site.network.full_name(c))
                    .collect();
                let position = found.map(|at| article.body_position(at));
                warnings.push(
                    Diagnostic::new(
                        &article.path,
                        position,
                        format!(
                            "\"{}\" names {} units ({}), so it is not linked",
                            unresolved.name,
                            candidates.len(),
                            candidates.join("、")
                        ),
                    )
                    .with_help(format!(
                        "say which the article is about with units = [\"{}\"] in its front matter, or write the parent before the name",
                        site.network.unit(unresolved.candidates[0]).slug
                    )),
                );
            }
        }
        warnings
    }

    /// Takes in article `index` of `site` (which was `previous`), changed in its body or front
    /// matter but not in its slug or date, and returns the pages that may show it differently:
    /// the article itself, the home page if what it lists changed, and the units it mentions or
    /// used to mention; every page when it is a pairing's source and its title changed. Only in
    /// [`Mode::Kept`].
    pub fn update_article(
        &mut self,
        site: &Site,
        index: usize,
        previous: &crate::content::Article,
    ) -> Result<Vec<Job>> {
        let linker = self
            .linker
            .get_or_insert_with(|| Linker::new(&site.network));
        let state = article_state(
            site,
            &self.links,
            &self.addresses,
            linker,
            index,
            &site.articles[index],
            self.mode,
        );
        let mut problems = markdown_problems(&site.articles[index], &state);
        problems.extend(pages::records::paragraph_problems_of(site, index, &state));
        if !problems.is_empty() {
            return Err(Error::Invalid(Diagnostics(problems)));
        }
        let old = std::mem::replace(&mut self.articles[index], state);
        let mut units: Vec<UnitId> = mentioned(&old.body)
            .into_iter()
            .chain(mentioned(&self.articles[index].body))
            .collect();
        units.sort_unstable();
        units.dedup();
        self.quotes = QuoteIndex::new(&site.network, &self.articles);
        self.term_units = listing::TermUnits::new(site, &self.articles);
        self.newest = newest_date(site);
        // The home page lists each article's title, source, date and lead: only those matter to it.
        let article = &site.articles[index];
        let listed_the_same = article.title == previous.title
            && article.source == previous.source
            && article.description == previous.description
            && self.articles[index].body.lead == old.body.lead;
        // A pairing's source is shown by its title wherever the pairing is (unit, pair, list and
        // home pages): a new title for one is on every page that may show it.
        let retitled = article.title != previous.title;
        if retitled {
            self.links.article_titles[index] = article.title.clone();
        }
        let cited = |p: &crate::network::Pairing| p.source.as_ref() == Some(&article.slug);
        // Records show their source's title too.
        let records_cite = pages::records::cites(site, &article.slug);
        if retitled && (site.network.pairings.iter().any(cited) || records_cite) {
            return Ok(jobs(site));
        }
        let mut jobs = vec![Job::Article(index)];
        if !listed_the_same {
            jobs.push(Job::Index);
            jobs.extend(listing::showing_in_lists(site, index));
        }
        jobs.extend(listing::showing_in_terms(site, index));
        jobs.extend(units.into_iter().map(Job::Unit));
        Ok(jobs)
    }
}

/// The problems Markdown rendering found in an article, at their lines in its file.
fn markdown_problems(article: &crate::content::Article, state: &ArticleState) -> Vec<Diagnostic> {
    state
        .body
        .problems
        .iter()
        .map(|problem| problem.to_diagnostic(&article.path, &article.body, article.body_line + 1))
        .collect()
}

fn article_state(
    site: &Site,
    links: &Links,
    addresses: &Addresses,
    linker: &Linker,
    index: usize,
    article: &crate::content::Article,
    mode: Mode,
) -> ArticleState {
    let linker = linker.for_article(article.scope.clone());
    let href = links.articles[index].clone();
    let body = markdown::render_in_site(
        &article.body,
        site.config.markdown,
        &linker,
        &|unit| links.units[unit.0 as usize].clone(),
        &addresses.for_page(&href),
    );
    let quote_links = body
        .quotable
        .iter()
        .map(|block| format!("{href}#{}", block.id))
        .collect();
    let search = (mode == Mode::Kept).then(|| search_entry(site, &href, article, &body));
    ArticleState {
        quote_links,
        date_text: site.config.strings.date(&article.date.date),
        search,
        unresolved: linker.unresolved(),
        href,
        body,
    }
}

fn search_entry(
    site: &Site,
    href: &str,
    article: &crate::content::Article,
    body: &RenderedMarkdown,
) -> search::Entry {
    search::entry(&search::Doc {
        title: &article.title,
        url: href,
        kind: site.config.strings.get("search_kind_article"),
        keys: vec![article.slug.as_str()],
        text: &body.text,
        pinyin: false,
    })
}

/// The units a rendered body mentions, each once, in id order.
pub fn mentioned(body: &RenderedMarkdown) -> Vec<UnitId> {
    let mut units: Vec<UnitId> = body
        .quotable
        .iter()
        .flat_map(|block| block.mentions.iter().map(|m| m.entity))
        .collect();
    units.sort_unstable();
    units.dedup();
    units
}

fn newest_date(site: &Site) -> Option<Date> {
    let articles = site.articles.iter().map(|a| a.date.date);
    let events = site
        .network
        .events
        .iter()
        .filter_map(|e| e.end.unwrap_or(e.date).as_day());
    articles.chain(events).max()
}

/// Renders the pages of `only` in parallel, handing each to `sink` as soon as it is ready so that
/// pages need not all be held in memory. Every page's info (in a fixed order: home, lists, 404,
/// units, pairs, articles, the article list, areas, tags, pages) and the site files are always
/// produced.
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
}

impl Links {
    fn new(site: &Site) -> Self {
        let base = &site.config.base_url;
        let network = &site.network;
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
            list_labels: {
                let t = &site.config.strings;
                let counts = crate::views::ProgrammeView::new(network, t);
                Section::ALL
                    .into_iter()
                    .map(|s| (s, crate::views::section_title(s, &counts, t)))
                    .collect()
            },
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

/// For each unit: the `(article, block)` pairs that mention it, in article order.
#[derive(Default)]
struct QuoteIndex {
    units: Vec<Vec<(usize, usize)>>,
}

impl QuoteIndex {
    fn new(network: &Network, articles: &[ArticleState]) -> Self {
        let mut units = vec![Vec::new(); network.units.len()];
        for (article, state) in articles.iter().enumerate() {
            for (block_index, block) in state.body.quotable.iter().enumerate() {
                let mut seen: Vec<UnitId> = block.mentions.iter().map(|m| m.entity).collect();
                seen.sort_unstable();
                seen.dedup();
                for unit in seen {
                    units[unit.0 as usize].push((article, block_index));
                }
            }
        }
        QuoteIndex { units }
    }

    fn of(&self, unit: UnitId) -> &[(usize, usize)] {
        &self.units[unit.0 as usize]
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
