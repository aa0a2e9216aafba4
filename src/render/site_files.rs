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
        let file = |name: &str| OutputPath::parse(name).expect("site file names are valid paths");
        let ((sitemap, atom), search_files) = rayon::join(
            || {
                rayon::join(
                    || feeds::sitemap(config, pages),
                    || feeds::atom(config, &entries),
                )
            },
            || self.search_index(),
        );
        let mut files = vec![
            (file(feeds::SITEMAP), sitemap),
            (file(feeds::FEED), atom),
            (file(feeds::ROBOTS), feeds::robots(config)),
        ];
        files.extend(
            search_files
                .into_iter()
                .map(|(path, contents)| (file(&path), contents)),
        );
        files
    }

    /// Every file of the search index: the home page, the two lists, the districts, the
    /// counties and the articles, in that order (see [`super::search_layout`]).
    fn search_index(&self) -> Vec<(String, String)> {
        let pairing = &self.site.pairing;
        let links = &self.prepared.links;
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
        let [home_text, districts_text, counties_text] = home_and_list_texts(pairing);
        let districts_title = format!("{}结对区", pairing.east.name);
        let counties_title = format!("{}结对县(市)", pairing.west.name);
        let pages = [
            Doc {
                title: &pairing.title,
                url: &links.home,
                kind: "首页",
                keys: Vec::new(),
                text: &home_text,
                pinyin: false,
            },
            Doc {
                title: &districts_title,
                url: &links.districts_list,
                kind: "列表",
                keys: Vec::new(),
                text: &districts_text,
                pinyin: false,
            },
            Doc {
                title: &counties_title,
                url: &links.counties_list,
                kind: "列表",
                keys: Vec::new(),
                text: &counties_text,
                pinyin: false,
            },
        ];
        let districts = pairing.districts.iter().enumerate().map(|(i, d)| Doc {
            title: &d.name,
            url: &links.districts[i],
            kind: &d.kind,
            keys: vec![d.slug.as_str()],
            text: &district_sentences[i],
            pinyin: true,
        });
        let counties = pairing.counties.iter().enumerate().map(|(i, c)| Doc {
            title: &c.name,
            url: &links.counties[i],
            kind: &c.kind,
            keys: c
                .aliases
                .iter()
                .map(String::as_str)
                .chain([c.slug.as_str()])
                .collect(),
            text: &county_sentences[i],
            pinyin: true,
        });
        let docs: Vec<Doc> = pages.into_iter().chain(districts).chain(counties).collect();
        let entities: Vec<search::Entry> = docs.par_iter().map(search::entry).collect();
        let computed;
        let articles = match &self.prepared.article_search {
            Some(kept) => kept,
            None => {
                computed = self.prepared.search_entries(self.site);
                &computed
            }
        };
        let all: Vec<&search::Entry> = entities.iter().chain(articles).collect();
        search::files(&super::search_layout(self.site), &all)
    }
}

/// What the search index holds of the home page (what the pairing is: its summary, principles,
/// areas, the two cities, the arrangement before it and the timeline) and of the two lists.
fn home_and_list_texts(pairing: &crate::data::Pairing) -> [String; 3] {
    let (east, west) = (&pairing.east, &pairing.west);
    let mut home = Vec::new();
    if let Some(summary) = &pairing.summary {
        home.push(summary.clone());
    }
    home.push(format!(
        "{}{}与{}{}",
        east.province, east.name, west.province, west.name
    ));
    home.push(format!("结对原则：{}", pairing.principles.join("、")));
    home.push(format!("协作领域：{}", pairing.areas.join("、")));
    if let Some(p) = &pairing.previous {
        let counties = p
            .counties
            .map(|n| format!("{n}个县(市)"))
            .unwrap_or_default();
        home.push(format!(
            "调整前：{}{}{}{counties}",
            p.relation, p.province, p.name
        ));
    }
    home.extend(pairing.events.iter().map(|e| e.text.clone()));
    let districts = format!(
        "{}{}个结对区(功能区)及其在{}的结对县(市)。",
        east.name,
        pairing.districts.len(),
        west.name
    );
    let counties = format!(
        "{}{}个结对县(市)及其在{}的结对区。",
        west.name,
        pairing.counties.len(),
        east.name
    );
    [home.join("\n"), districts, counties]
}
