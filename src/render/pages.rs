//! One function per page kind: each builds its view (the values its template sees) and
//! renders it.

use serde::Serialize;

use super::{route_of, Job, Page, PageInfo, PageKind, Prepared, COUNTIES, DISTRICTS};
use crate::data::{CountyId, DistrictId};
use crate::date::Date;
use crate::diagram::{self, Node};
use crate::error::Result;
use crate::linker::EntityId;
use crate::markdown::RenderedMarkdown;
use crate::site::Site;
use crate::templates::Templates;
use crate::types::Route;
use crate::views::{self, *};

const DESCRIPTION_LENGTH: usize = 120;

/// Renders single pages from the site and what [`Prepared`] worked out for it.
pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    pub(super) prepared: &'a Prepared,
}

#[derive(Serialize)]
struct IndexBody<'a> {
    /// The whole pairing drawn as SVG; `None` past the size a drawing stays legible at.
    diagram: Option<String>,
    districts: Vec<DistrictCard<'a>>,
    events: Vec<EventView<'a>>,
    articles: Vec<ArticleCard<'a>>,
}

#[derive(Serialize)]
struct DistrictListBody<'a> {
    districts: Vec<DistrictCard<'a>>,
}

#[derive(Serialize)]
struct CountyListBody<'a> {
    counties: Vec<CountyCard<'a>>,
}

#[derive(Serialize)]
struct DistrictBody<'a> {
    diagram: String,
    district: DistrictCard<'a>,
    quotes: Vec<QuoteView<'a>>,
}

#[derive(Serialize)]
struct CountyBody<'a> {
    diagram: String,
    county: CountyCard<'a>,
    siblings: Vec<CountyLink<'a>>,
    quotes: Vec<QuoteView<'a>>,
}

#[derive(Serialize)]
struct ArticleBodyView<'a> {
    article: ArticleBody<'a>,
    mentioned_districts: Vec<Link<'a>>,
    mentioned_counties: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct Empty {}

impl<'a> Renderer<'a> {
    /// The date of the newest article quoting `entity`, else the site's newest date.
    fn newest_mention(&self, entity: EntityId) -> Option<Date> {
        let quoting = self
            .prepared
            .quotes
            .of(entity)
            .iter()
            .map(|&(article, _)| self.site.articles[article].date.date);
        quoting.max().or(self.prepared.newest)
    }

    pub(super) fn render(&self, job: Job) -> Result<Page> {
        match job {
            Job::Index => self.index(),
            Job::DistrictList => self.district_list(),
            Job::CountyList => self.county_list(),
            Job::NotFound => self.not_found(),
            Job::District(i) => self.district(i),
            Job::County(i) => self.county(i),
            Job::Article(i) => self.article(i),
        }
    }

    /// Route, kind and sitemap date of a page, known without rendering it.
    pub(super) fn info(&self, job: Job) -> PageInfo {
        let (kind, lastmod) = match job {
            Job::Index => (PageKind::Index, self.prepared.newest),
            Job::DistrictList | Job::CountyList => (PageKind::List, self.prepared.newest),
            Job::NotFound => (PageKind::NotFound, None),
            Job::District(i) => (
                PageKind::District,
                self.newest_mention(EntityId::District(DistrictId(i))),
            ),
            Job::County(i) => (
                PageKind::County,
                self.newest_mention(EntityId::County(CountyId(i))),
            ),
            Job::Article(i) => (PageKind::Article, Some(self.site.articles[i].date.date)),
        };
        PageInfo {
            route: route_of(self.site, job),
            kind,
            lastmod,
        }
    }

    fn page<T: Serialize>(
        &self,
        template: &str,
        job: Job,
        meta: PageMeta<'_>,
        body: T,
    ) -> Result<Page> {
        let info = self.info(job);
        let view = PageView { page: meta, body };
        let html = self
            .templates
            .render(template, &view, info.route.as_str())?;
        Ok(Page { info, html })
    }

    fn meta<'m>(
        &self,
        route: &Route,
        heading: &'m str,
        description: String,
        kind: &'static str,
        breadcrumbs: Vec<Link<'m>>,
    ) -> PageMeta<'m> {
        let site_title = &self.site.config.title;
        PageMeta {
            title: if kind == "index" {
                site_title.clone()
            } else {
                format!("{heading} · {site_title}")
            },
            heading,
            description: views::shorten(&description, DESCRIPTION_LENGTH),
            canonical: self.site.config.base_url.absolute(route),
            kind,
            section: match kind {
                "district" => Some(DISTRICTS),
                "county" => Some(COUNTIES),
                _ => None,
            },
            breadcrumbs,
        }
    }

    fn home_crumb(&self) -> Link<'_> {
        Link {
            href: &self.prepared.links.home,
            label: "首页",
        }
    }

    fn district_card(&self, i: usize) -> DistrictCard<'_> {
        let district = &self.site.pairing.districts[i];
        DistrictCard {
            href: &self.prepared.links.districts[i],
            slug: district.slug.as_str(),
            name: &district.name,
            kind: &district.kind,
            description: district.description.as_deref(),
            counties: district
                .counties
                .iter()
                .map(|&c| self.county_link(c))
                .collect(),
        }
    }

    fn county_link(&self, id: CountyId) -> CountyLink<'_> {
        let county = self.site.pairing.county(id);
        CountyLink {
            href: &self.prepared.links.counties[id.0],
            name: &county.name,
            kind: &county.kind,
        }
    }

    fn county_card(&self, i: usize) -> CountyCard<'_> {
        let county = &self.site.pairing.counties[i];
        let district = self.site.pairing.district(county.district);
        CountyCard {
            href: &self.prepared.links.counties[i],
            slug: county.slug.as_str(),
            name: &county.name,
            kind: &county.kind,
            aliases: &county.aliases,
            description: county.description.as_deref(),
            district: Link {
                href: &self.prepared.links.districts[county.district.0],
                label: &district.name,
            },
        }
    }

    fn quotes(&self, entity: EntityId) -> Vec<QuoteView<'_>> {
        self.prepared
            .quotes
            .of(entity)
            .iter()
            .map(|&(article, block)| {
                let quoted = &self.prepared.bodies[article].quotable[block];
                QuoteView {
                    href: &self.prepared.quote_links[article][block],
                    article_title: &self.site.articles[article].title,
                    article_href: &self.prepared.links.articles[article],
                    date_text: &self.prepared.article_dates[article],
                    html: views::quote_html(quoted, |e| *e == entity),
                }
            })
            .collect()
    }

    /// The index's drawing of every pairing, if the site is small enough to draw legibly.
    fn whole_diagram(&self) -> Option<String> {
        let pairing = &self.site.pairing;
        if pairing.districts.len() > diagram::MAX_DRAWN_DISTRICTS
            || pairing.counties.len() > diagram::MAX_DRAWN_COUNTIES
        {
            return None;
        }
        let districts: Vec<Node> = pairing
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| Node {
                label: &d.name,
                href: &self.prepared.links.districts[i],
                kind: &d.kind,
            })
            .collect();
        let counties: Vec<Node> = pairing
            .counties
            .iter()
            .enumerate()
            .map(|(i, c)| Node {
                label: &c.name,
                href: &self.prepared.links.counties[i],
                kind: &c.kind,
            })
            .collect();
        let edges: Vec<(usize, usize)> = pairing
            .districts
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.counties.iter().map(move |c| (i, c.0)))
            .collect();
        let sentences: Vec<String> = pairing
            .districts
            .iter()
            .map(|d| {
                let names = views::enumerate_names(
                    d.counties.iter().map(|&c| pairing.county(c).name.as_str()),
                );
                format!("{}与{}结对", d.name, names)
            })
            .collect();
        let title = format!("{}与{}结对关系图", pairing.east.name, pairing.west.name);
        let description = format!("{}。", sentences.join("；"));
        Some(diagram::whole(
            &title,
            &description,
            &pairing.east.name,
            &pairing.west.name,
            &districts,
            &counties,
            &edges,
        ))
    }

    /// A district with its counties, or (with `current`) a county within its district's pairing.
    fn neighbourhood_diagram(&self, district_id: DistrictId, current: Option<CountyId>) -> String {
        let pairing = &self.site.pairing;
        let district = pairing.district(district_id);
        let node = Node {
            label: &district.name,
            href: &self.prepared.links.districts[district_id.0],
            kind: &district.kind,
        };
        let counties: Vec<Node> = district
            .counties
            .iter()
            .map(|&c| Node {
                label: &pairing.county(c).name,
                href: &self.prepared.links.counties[c.0],
                kind: &pairing.county(c).kind,
            })
            .collect();
        let highlighted =
            current.and_then(|current| district.counties.iter().position(|&c| c == current));
        let title = match current {
            Some(county) => format!("{}结对关系图", pairing.county(county).name),
            None => format!("{}结对关系图", district.name),
        };
        let description = views::district_sentence(pairing, district);
        diagram::neighbourhood(
            &title,
            &description,
            &pairing.east.name,
            &pairing.west.name,
            &node,
            &counties,
            highlighted,
        )
    }

    fn index(&self) -> Result<Page> {
        let pairing = &self.site.pairing;
        let route = route_of(self.site, Job::Index);
        let description = self
            .site
            .config
            .description
            .clone()
            .or_else(|| pairing.summary.clone())
            .unwrap_or_else(|| pairing.title.clone());
        let meta = self.meta(&route, &pairing.title, description, "index", Vec::new());
        let body = IndexBody {
            diagram: self.whole_diagram(),
            districts: (0..pairing.districts.len())
                .map(|i| self.district_card(i))
                .collect(),
            events: pairing.events.iter().map(EventView::new).collect(),
            articles: self
                .site
                .articles
                .iter()
                .enumerate()
                .map(|(i, article)| ArticleCard {
                    href: &self.prepared.links.articles[i],
                    title: &article.title,
                    date: article.date.rfc3339(),
                    date_text: article.date.chinese(),
                    source: article.source.as_deref(),
                    lead: views::shorten(
                        article
                            .description
                            .as_deref()
                            .unwrap_or(&self.prepared.bodies[i].lead),
                        DESCRIPTION_LENGTH,
                    ),
                })
                .collect(),
        };
        self.page("index.html", Job::Index, meta, body)
    }

    fn district_list(&self) -> Result<Page> {
        let pairing = &self.site.pairing;
        let route = route_of(self.site, Job::DistrictList);
        let description = format!(
            "{}{}个结对区(功能区)及其在{}的结对县(市)。",
            pairing.east.name,
            pairing.districts.len(),
            pairing.west.name
        );
        let heading = format!("{}结对区", pairing.east.name);
        let meta = self.meta(&route, &heading, description, "districts", Vec::new());
        let body = DistrictListBody {
            districts: (0..pairing.districts.len())
                .map(|i| self.district_card(i))
                .collect(),
        };
        self.page("districts.html", Job::DistrictList, meta, body)
    }

    fn county_list(&self) -> Result<Page> {
        let pairing = &self.site.pairing;
        let route = route_of(self.site, Job::CountyList);
        let description = format!(
            "{}{}个结对县(市)及其在{}的结对区。",
            pairing.west.name,
            pairing.counties.len(),
            pairing.east.name
        );
        let heading = format!("{}结对县(市)", pairing.west.name);
        let meta = self.meta(&route, &heading, description, "counties", Vec::new());
        let body = CountyListBody {
            counties: (0..pairing.counties.len())
                .map(|i| self.county_card(i))
                .collect(),
        };
        self.page("counties.html", Job::CountyList, meta, body)
    }

    fn not_found(&self) -> Result<Page> {
        let route = route_of(self.site, Job::NotFound);
        let meta = self.meta(
            &route,
            "页面不存在",
            "您要找的页面不存在或已移动。".into(),
            "404",
            Vec::new(),
        );
        self.page("404.html", Job::NotFound, meta, Empty {})
    }

    fn district(&self, i: usize) -> Result<Page> {
        let pairing = &self.site.pairing;
        let district = &pairing.districts[i];
        let route = route_of(self.site, Job::District(i));
        let description = district
            .description
            .clone()
            .unwrap_or_else(|| views::district_sentence(pairing, district));
        let crumbs = vec![
            self.home_crumb(),
            Link {
                href: &self.prepared.links.districts_list,
                label: "结对区",
            },
        ];
        let meta = self.meta(&route, &district.name, description, "district", crumbs);
        let body = DistrictBody {
            diagram: self.neighbourhood_diagram(DistrictId(i), None),
            district: self.district_card(i),
            quotes: self.quotes(EntityId::District(DistrictId(i))),
        };
        self.page("district.html", Job::District(i), meta, body)
    }

    fn county(&self, i: usize) -> Result<Page> {
        let pairing = &self.site.pairing;
        let county = &pairing.counties[i];
        let route = route_of(self.site, Job::County(i));
        let description = county
            .description
            .clone()
            .unwrap_or_else(|| views::county_sentence(pairing, county));
        let crumbs = vec![
            self.home_crumb(),
            Link {
                href: &self.prepared.links.counties_list,
                label: "结对县(市)",
            },
        ];
        let meta = self.meta(&route, &county.name, description, "county", crumbs);
        let siblings = pairing
            .district(county.district)
            .counties
            .iter()
            .filter(|&&c| c != CountyId(i))
            .map(|&c| self.county_link(c))
            .collect();
        let body = CountyBody {
            diagram: self.neighbourhood_diagram(county.district, Some(CountyId(i))),
            county: self.county_card(i),
            siblings,
            quotes: self.quotes(EntityId::County(CountyId(i))),
        };
        self.page("county.html", Job::County(i), meta, body)
    }

    fn article(&self, i: usize) -> Result<Page> {
        let article = &self.site.articles[i];
        let body = &self.prepared.bodies[i];
        let route = route_of(self.site, Job::Article(i));
        let description = article
            .description
            .clone()
            .unwrap_or_else(|| body.lead.clone());
        let meta = self.meta(
            &route,
            &article.title,
            description,
            "article",
            vec![self.home_crumb()],
        );
        let (districts, counties) = self.mentioned(body);
        let view = ArticleBodyView {
            article: ArticleBody::new(article, &body.html),
            mentioned_districts: districts,
            mentioned_counties: counties,
        };
        self.page("article.html", Job::Article(i), meta, view)
    }

    /// The districts and counties an article mentions, in data-file order.
    fn mentioned(&self, body: &RenderedMarkdown) -> (Vec<Link<'_>>, Vec<Link<'_>>) {
        let pairing = &self.site.pairing;
        let mut entities: Vec<EntityId> = body
            .quotable
            .iter()
            .flat_map(|block| block.mentions.iter().map(|m| m.entity))
            .collect();
        entities.sort();
        entities.dedup();
        let mut districts = Vec::new();
        let mut counties = Vec::new();
        for entity in entities {
            match entity {
                EntityId::District(id) => districts.push(Link {
                    href: &self.prepared.links.districts[id.0],
                    label: &pairing.district(id).name,
                }),
                EntityId::County(id) => counties.push(Link {
                    href: &self.prepared.links.counties[id.0],
                    label: &pairing.county(id).name,
                }),
            }
        }
        (districts, counties)
    }
}
