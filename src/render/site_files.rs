//! The machine-readable files made from a rendered site: sitemap, feed, robots and the search
//! index.

use std::borrow::Cow;
use std::collections::HashSet;

use rayon::prelude::*;

use super::pages::Renderer;
use super::{Mode, PageInfo, ARTICLES};
use crate::feeds::{self, FeedEntry};
use crate::locale::Strings;
use crate::network::{Network, Section};
use crate::search::{self, Doc};
use crate::types::{OutputPath, Route};
use crate::views::units;

impl Renderer<'_> {
    /// The sitemap, the feed, robots.txt and, when `with_index`, the search index.
    pub(super) fn site_files(
        &self,
        pages: &[PageInfo],
        with_index: bool,
    ) -> Vec<(OutputPath, String)> {
        let config = &self.site.config;
        let entries: Vec<FeedEntry> = self
            .site
            .articles
            .iter()
            .zip(&self.prepared.articles)
            .filter(|(article, _)| !article.draft)
            .take(feeds::FEED_ENTRIES)
            .map(|(article, state)| FeedEntry {
                article,
                route: Route::entry(ARTICLES, &article.slug),
                summary: article.description.as_deref().unwrap_or(&state.body.lead),
                html: &state.body.html,
            })
            .collect();
        // Drafts (built by `build --drafts` and `serve`) stay out of the feed and the sitemap.
        let drafts: HashSet<Route> = self
            .site
            .articles
            .iter()
            .filter(|a| a.draft)
            .map(|a| Route::entry(ARTICLES, &a.slug))
            .collect();
        let listed: Vec<PageInfo> = if drafts.is_empty() {
            Vec::new()
        } else {
            pages
                .iter()
                .filter(|p| !drafts.contains(&p.route))
                .cloned()
                .collect()
        };
        let pages = if drafts.is_empty() { pages } else { &listed };
        let ((sitemap, atom), search_files) = rayon::join(
            || {
                rayon::join(
                    || feeds::sitemap(config, pages),
                    || feeds::atom(config, &entries),
                )
            },
            || {
                if with_index {
                    self.search_index()
                } else {
                    Vec::new()
                }
            },
        );
        let mut files = vec![
            (OutputPath::top_file(feeds::SITEMAP), sitemap),
            (OutputPath::top_file(feeds::FEED), atom),
            (OutputPath::top_file(feeds::ROBOTS), feeds::robots(config)),
        ];
        files.extend(search_files);
        files
    }

    /// Every file of the search index: the home page, the lists, every unit, every page and
    /// term, and every article, in that order (see [`super::search_layout`]). Entries kept
    /// between rebuilds (by `serve`) are borrowed; the others are made one run at a time as the
    /// index reads them, so a build never holds every article's grams at once.
    pub(super) fn search_index(&self) -> Vec<(OutputPath, String)> {
        let texts = self.entity_texts();
        let entity_docs = self.entity_docs(&texts);
        let kept: Option<&[search::Entry]> = (self.prepared.mode == Mode::Kept).then(|| {
            self.prepared
                .entity_entries
                .get_or_init(|| entity_docs.par_iter().map(search::entry).collect())
                .as_slice()
        });
        let term_texts = self.term_texts();
        let page_docs: Vec<Doc> = self.page_docs(&term_texts).collect();
        let (entities, pages) = (entity_docs.len(), entity_docs.len() + page_docs.len());
        let states = &self.prepared.articles;
        search::files(&super::search_layout(self.site), |i| {
            if i < entities {
                match kept {
                    Some(kept) => Cow::Borrowed(&kept[i]),
                    None => Cow::Owned(search::entry(&entity_docs[i])),
                }
            } else if i < pages {
                Cow::Owned(search::entry(&page_docs[i - entities]))
            } else {
                let (article, state) = (&self.site.articles[i - pages], &states[i - pages]);
                match &state.search {
                    Some(entry) => Cow::Borrowed(entry),
                    None => Cow::Owned(super::search_entry(
                        self.site,
                        &state.href,
                        article,
                        &state.body,
                    )),
                }
            }
        })
    }

    /// What the index holds of the home page and of each list, made before their documents
    /// borrow it.
    fn entity_texts(&self) -> EntityTexts {
        let network = &self.site.network;
        let t = &self.site.config.strings;
        EntityTexts {
            home: home_text(network, t),
            lists: super::listed_sections(network)
                .iter()
                .map(|&section| (section, list_text(network, section, t)))
                .collect(),
        }
    }

    /// The documents of the home page, the lists and every unit, in that order.
    fn entity_docs<'t>(&'t self, texts: &'t EntityTexts) -> Vec<Doc<'t>> {
        let network = &self.site.network;
        let links = &self.prepared.links;
        let t = &self.site.config.strings;
        let home = Doc {
            title: &network.title,
            url: &links.home,
            kind: t.get("search_kind_home"),
            keys: Vec::new(),
            text: &texts.home,
            pinyin: false,
        };
        let lists = texts.lists.iter().map(|(section, text)| Doc {
            title: &links.list_labels[section],
            url: &links.lists[section],
            kind: t.get("search_kind_list"),
            keys: Vec::new(),
            text,
            pinyin: false,
        });
        let unit_docs = network
            .unit_ids()
            .zip(&self.prepared.sentences)
            .map(|(id, sentence)| {
                let unit = network.unit(id);
                Doc {
                    title: &unit.name,
                    url: &links.units[id.0 as usize],
                    kind: &unit.kind,
                    keys: unit
                        .aliases
                        .iter()
                        .map(String::as_str)
                        .chain([unit.slug.as_str()])
                        .collect(),
                    text: sentence,
                    pinyin: true,
                }
            });
        std::iter::once(home)
            .chain(lists)
            .chain(unit_docs)
            .collect()
    }
}

/// The texts of the home page and the lists in the search index.
struct EntityTexts {
    home: String,
    lists: Vec<(Section, String)>,
}

impl Renderer<'_> {
    /// Per area and then per tag, what the index holds of its page: what it is (协作领域：劳务协作,
    /// so a result shows its name marked), then the titles of the articles on its first page
    /// (not all of them: an area of 20,000 articles would make one huge document).
    fn term_texts(&self) -> Vec<String> {
        let terms = &self.site.taxonomies;
        let t = self.t();
        let areas = terms
            .areas
            .iter()
            .map(|term| (t.get("search_kind_area"), term));
        let tags = terms
            .tags
            .iter()
            .map(|term| (t.get("search_kind_tag"), term));
        areas
            .chain(tags)
            .map(|(kind, term)| {
                let titles = term
                    .articles
                    .iter()
                    .take(self.site.config.lists.per_page)
                    .map(|&a| self.site.articles[a].title.as_str());
                let lines: Vec<String> = std::iter::once(
                    t.fill("search_term_text", &[("kind", kind), ("name", &term.name)]),
                )
                .chain(titles.map(str::to_string))
                .collect();
                lines.join("\n")
            })
            .collect()
    }

    /// The pages of `content/pages/`, then the areas and the tags (`texts` from
    /// [`Self::term_texts`]), as documents of the index.
    fn page_docs<'t>(&'t self, texts: &'t [String]) -> impl Iterator<Item = Doc<'t>> {
        let links = &self.prepared.links;
        let pages = self
            .site
            .pages
            .iter()
            .zip(&self.prepared.pages)
            .zip(&links.pages)
            .map(|((page, body), url)| Doc {
                title: &page.title,
                url,
                kind: self.t().get("search_kind_page"),
                keys: Vec::new(),
                text: &body.text,
                pinyin: false,
            });
        let terms = &self.site.taxonomies;
        let t = self.t();
        let kinds = std::iter::repeat(t.get("search_kind_area"))
            .zip(&terms.areas)
            .zip(&links.areas)
            .chain(
                std::iter::repeat(t.get("search_kind_tag"))
                    .zip(&terms.tags)
                    .zip(&links.tags),
            );
        let terms = kinds.zip(texts).map(|(((kind, term), url), text)| Doc {
            title: &term.name,
            url,
            kind,
            keys: vec![term.slug.as_str()],
            text,
            pinyin: true,
        });
        pages.chain(terms)
    }
}

/// What the search index holds of the home page: the summary, principles and areas, the first
/// [`LISTED_IN_INDEX`] pair groups with their relation and period, and every event.
fn home_text(network: &Network, t: &Strings) -> String {
    let mut home = Vec::new();
    home.extend(network.summary.clone());
    for (heading, items) in [
        ("principles_heading", &network.principles),
        ("areas_heading", &network.areas),
    ] {
        let label = t.fill("label_colon", &[("label", t.get(heading))]);
        home.push(format!("{label}{}", t.list(items)));
    }
    home.extend(
        network
            .groups()
            .iter()
            .take(LISTED_IN_INDEX)
            .map(|g| units::pair_sentence(network, g, t)),
    );
    // Events have no page of their own: all of them, or the later ones could not be found.
    home.extend(network.events.iter().map(|e| e.text.clone()));
    home.join("\n")
}

/// How many items of one list (pair groups on the home page, units on a list page) the index
/// holds of that page. Each item has its own page, found first by its own name; past
/// this the list only made a huge document that every query for a name fetched and never
/// ranked first (at 100k units the counties' list alone was 435,000 characters).
const LISTED_IN_INDEX: usize = 100;

/// What the search index holds of a list page: its units' names, the first [`LISTED_IN_INDEX`].
fn list_text(network: &Network, section: Section, t: &Strings) -> String {
    let names: Vec<&str> = network
        .units_in(section)
        .into_iter()
        .take(LISTED_IN_INDEX)
        .map(|id| network.unit(id).name.as_str())
        .collect();
    t.list(&names)
}
