//! An article's own page (its byline, the units it mentions, its areas and tags, the articles
//! either side of it) and the cards that list articles elsewhere.

use serde::Serialize;

use super::Renderer;
use crate::error::Result;
use crate::network::UnitId;
use crate::render::{route_of, Job, Page, PageKind};
use crate::views::{self, ArticleBody, ArticleCard, Link, PageMeta};

#[derive(Serialize)]
struct ArticleBodyView<'a> {
    article: ArticleBody<'a>,
    /// The units it mentions, by section.
    mentioned: Vec<MentionGroup<'a>>,
    /// The areas and tags it names, each a link to its list.
    areas: Vec<Link<'a>>,
    tags: Vec<Link<'a>>,
    /// The next newer and the next older article, where there is one.
    newer: Option<Link<'a>>,
    older: Option<Link<'a>>,
}

#[derive(Serialize)]
pub(in crate::render) struct MentionGroup<'a> {
    pub(in crate::render) label: String,
    pub(in crate::render) links: Vec<Link<'a>>,
}

impl Renderer<'_> {
    /// The cards of the articles at `indices`, in that order.
    pub(in crate::render) fn article_cards(
        &self,
        indices: impl IntoIterator<Item = usize>,
    ) -> Vec<ArticleCard<'_>> {
        indices
            .into_iter()
            .map(|i| (&self.site.articles[i], &self.prepared.articles[i]))
            .map(|(article, state)| ArticleCard {
                href: &state.href,
                title: &article.title,
                date: article.date.rfc3339(),
                date_text: self.t().timestamp(&article.date),
                source: article.source.as_deref(),
                lead: views::shorten(
                    article.description.as_deref().unwrap_or(&state.body.lead),
                    super::DESCRIPTION_LENGTH,
                ),
                draft: article.draft,
            })
            .collect()
    }

    pub(super) fn article(&self, i: usize) -> Result<Page> {
        let article = &self.site.articles[i];
        let state = &self.prepared.articles[i];
        let route = route_of(self.site, Job::Article(i));
        let description = article
            .description
            .clone()
            .unwrap_or_else(|| state.body.lead.clone());
        let meta = PageMeta {
            noindex: article.draft,
            ..self.meta(
                &route,
                &article.title,
                description,
                PageKind::Article,
                vec![self.home_crumb()],
            )
        };
        let links = &self.prepared.links;
        let neighbour = |j: usize| Link {
            href: &links.articles[j],
            label: &links.article_titles[j],
        };
        let (areas, tags) = self.term_links(i);
        let view = ArticleBodyView {
            article: ArticleBody::new(article, &state.body.html, self.t()),
            mentioned: self.mentioned(&state.body),
            areas,
            tags,
            newer: i.checked_sub(1).map(neighbour),
            older: (i + 1 < self.site.articles.len()).then(|| neighbour(i + 1)),
        };
        self.page("article.html", Job::Article(i), meta, view)
    }

    /// The units an article mentions, by section in navigation order, in file order within.
    fn mentioned(&self, body: &crate::markdown::RenderedMarkdown) -> Vec<MentionGroup<'_>> {
        self.unit_groups(&crate::render::mentioned(body))
    }

    /// `units` (in id order) by section in navigation order.
    pub(in crate::render) fn unit_groups(&self, units: &[UnitId]) -> Vec<MentionGroup<'_>> {
        let network = self.network();
        views::NAV_SECTIONS
            .into_iter()
            .filter_map(|section| {
                let links: Vec<Link> = units
                    .iter()
                    .filter(|&&u| network.unit(u).section() == section)
                    .map(|&u| Link {
                        href: &self.prepared.links.units[u.0 as usize],
                        label: &network.unit(u).name,
                    })
                    .collect();
                (!links.is_empty()).then(|| MentionGroup {
                    label: self
                        .t()
                        .fill("label_colon", &[("label", self.list_label(section))]),
                    links,
                })
            })
            .collect()
    }
}
