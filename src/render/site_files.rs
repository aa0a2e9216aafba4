//! The machine-readable files made from a rendered site: sitemap, feed, robots and the search
//! index.

use rayon::prelude::*;

use super::pages::Renderer;
use super::{PageInfo, ARTICLES};
use crate::feeds::{self, FeedEntry};
use crate::search::{self, Doc};
use crate::types::{OutputPath, Route};
use crate::views;

impl Renderer<'_> {
    pub(super) fn site_files(&self, pages: &[PageInfo]) -> Vec<(OutputPath, String)> {
        let config = &self.site.config;
        let entries: Vec<FeedEntry> = self
            .site
            .articles
            .iter()
            .zip(&self.prepared.bodies)
            .take(feeds::FEED_ENTRIES)
            .map(|(article, body)| FeedEntry {
                article,
                route: Route::entry(ARTICLES, &article.slug),
                summary: article.description.as_deref().unwrap_or(&body.lead),
                html: &body.html,
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
        let pairing = &self.site.pairing;
        let (district_sentences, county_sentences): (Vec<String>, Vec<String>) = rayon::join(
            || {
                pairing
                    .districts
                    .par_iter()
                    .map(|d| views::district_sentence(pairing, d))
                    .collect()
            },
            || {
                pairing
                    .counties
                    .par_iter()
                    .map(|c| views::county_sentence(pairing, c))
                    .collect()
            },
        );
        let districts = pairing.districts.iter().enumerate().map(|(i, d)| Doc {
            title: &d.name,
            url: &self.prepared.links.districts[i],
            kind: &d.kind,
            keys: vec![d.slug.as_str()],
            text: &district_sentences[i],
        });
        let counties = pairing.counties.iter().enumerate().map(|(i, c)| Doc {
            title: &c.name,
            url: &self.prepared.links.counties[i],
            kind: &c.kind,
            keys: c
                .aliases
                .iter()
                .map(String::as_str)
                .chain([c.slug.as_str()])
                .collect(),
            text: &county_sentences[i],
        });
        let docs: Vec<Doc> = districts.chain(counties).collect();
        let entities: Vec<String> = docs.par_iter().map(search::doc_json).collect();
        let computed;
        let articles = match &self.prepared.article_search {
            Some(kept) => kept,
            None => {
                computed = self.prepared.search_entries(self.site);
                &computed
            }
        };
        search::index_from_json(entities.iter().chain(articles).map(String::as_str))
    }
}
