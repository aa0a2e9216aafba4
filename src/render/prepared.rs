//! What rendering needs beyond the site itself, worked out once per build and kept by `serve`
//! between rebuilds: each article's state (its rendered body, links, date and search entry),
//! every page's link, and which paragraphs quote which unit.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{jobs, listing, Addresses, Job, Links};
use crate::date::Date;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::linker::{Linker, Unresolved};
use crate::markdown::{self, RenderedMarkdown};
use crate::network::{Network, UnitId};
use crate::search;
use crate::site::Site;

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
    pub(super) mode: Mode,
    pub(super) links: Links,
    /// Where content files are published, for `@/` links, and the images articles show.
    pub(super) addresses: Addresses,
    /// Kept in [`Mode::Kept`]: building the automaton over every name costs more than
    /// re-rendering one article.
    pub(super) linker: Option<Linker>,
    pub(super) articles: Vec<ArticleState>,
    pub(super) quotes: QuoteIndex,
    /// Per unit, the sentence that says what it is paired with: its page's description and
    /// its entry in the search index alike.
    pub(super) sentences: Vec<String>,
    /// The newest date anywhere in the content: what list pages and unmentioned units show.
    pub(super) newest: Option<Date>,
    /// Per page of `content/pages/`, its rendered body.
    pub(super) pages: Vec<RenderedMarkdown>,
    /// Per area and tag, the units its articles touch.
    pub(super) term_units: listing::TermUnits,
    /// The search index's entries of the home page, the lists and the units, kept in
    /// [`Mode::Kept`]: they depend on the network alone, which an article edit leaves as is.
    pub(super) entity_entries: std::sync::OnceLock<Vec<search::Entry>>,
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
            .chain(super::pages::records::paragraph_problems(site, &articles))
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
            entity_entries: std::sync::OnceLock::new(),
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
        problems.extend(super::pages::records::paragraph_problems_of(
            site, index, &state,
        ));
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
        let records_cite = super::pages::records::cites(site, &article.slug);
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

pub(super) fn search_entry(
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

/// For each unit: the `(article, block)` pairs that mention it, in article order.
#[derive(Default)]
pub(super) struct QuoteIndex {
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

    pub(super) fn of(&self, unit: UnitId) -> &[(usize, usize)] {
        &self.units[unit.0 as usize]
    }
}
