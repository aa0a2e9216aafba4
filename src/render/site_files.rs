//! The machine-readable files made from a rendered site: sitemap, feed, robots and the search
//! index.

use rayon::prelude::*;

use super::pages::Renderer;
use super::{PageInfo, ARTICLES};
use crate::feeds::{self, FeedEntry};
use crate::search::{self, Doc};
use crate::types::{OutputPath, Route};
use crate::views::units;

impl Renderer<'_> {
    pub(super) fn site_files(&self, pages: &[PageInfo]) -> Vec<(OutputPath, String)> {
        let config = &self.site.config;
        let entries: Vec<FeedEntry> = self
            .site
            .articles
            .iter()
            .zip(&self.prepared.articles)
            .take(feeds::FEED_ENTRIES)
            .map(|(article, state)| FeedEntry {
                article,
                route: Route::entry(ARTICLES, &article.slug),
                summary: article.description.as_deref().unwrap_or(&state.body.lead),
                html: &state.body.html,
            })
            .collect();
        let file = |name: &str| OutputPath::parse(name).expect("feed file names are valid paths");
        let ((sitemap, atom), search_index) = rayon::join(
            || {
                rayon::join(
                    || feeds::sitemap(config, pages),
                    || feeds::atom(config, &entries),
                )
            },
            || self.search_index(),
        );
        vec![
            (file(feeds::SITEMAP), sitemap),
            (file(feeds::FEED), atom),
            (file(feeds::ROBOTS), feeds::robots(config)),
            (file(search::INDEX_FILE), search_index),
        ]
    }

    fn search_index(&self) -> String {
        let network = &self.site.network;
        let sentences: Vec<String> = network
            .unit_ids()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&id| units::unit_sentence(network, id))
            .collect();
        let docs: Vec<Doc> = network
            .unit_ids()
            .zip(&sentences)
            .map(|(id, sentence)| {
                let unit = network.unit(id);
                Doc {
                    title: &unit.name,
                    url: &self.prepared.links.units[id.0 as usize],
                    kind: &unit.kind,
                    keys: unit
                        .aliases
                        .iter()
                        .map(String::as_str)
                        .chain([unit.slug.as_str()])
                        .collect(),
                    text: sentence,
                }
            })
            .collect();
        let units: Vec<String> = docs.par_iter().map(search::doc_json).collect();
        let articles: Vec<String> = self
            .site
            .articles
            .par_iter()
            .zip(&self.prepared.articles)
            .map(|(article, state)| {
                state
                    .search
                    .clone()
                    .unwrap_or_else(|| super::search_entry(&state.href, article, &state.body))
            })
            .collect();
        search::index_from_json(units.iter().chain(&articles).map(String::as_str))
    }
}
