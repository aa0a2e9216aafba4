//! Rendering: every page of the site, built from the validated [`Site`] and rendered through the
//! templates in parallel. Returns pages in memory; writing them is `output`'s job.

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{CountyId, DistrictId};
use crate::date::Date;
use crate::diagram::{self, Node};
use crate::error::Result;
use crate::feeds::{self, FeedEntry};
use crate::linker::{EntityId, Linker};
use crate::markdown::{self, RenderedMarkdown};
use crate::progress::Progress;
use crate::search::{self, Doc};
use crate::site::Site;
use crate::templates::Templates;
use crate::types::{OutputPath, Route};
use crate::views::{self, *};

pub const DISTRICTS: &str = "districts";
pub const COUNTIES: &str = "counties";
pub const ARTICLES: &str = "articles";

const DESCRIPTION_LENGTH: usize = 120;

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
    pub html: String,
}

/// What is kept of a page once its HTML has gone to the output.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub route: Route,
    pub kind: PageKind,
    /// The date of the newest content the page shows, for the sitemap; `None` keeps it out.
    pub lastmod: Option<Date>,
}

/// The machine-readable files every build writes beside the pages.
pub const SITE_FILES: [&str; 4] = [
    feeds::SITEMAP,
    feeds::FEED,
    feeds::ROBOTS,
    search::INDEX_FILE,
];

/// A rendered site: its pages, and the machine-readable files made from them.
pub struct RenderedSite {
    pub pages: Vec<PageInfo>,
    /// `sitemap.xml`, `atom.xml` and `robots.txt`.
    pub site_files: Vec<(OutputPath, String)>,
}

/// Renders every page in parallel, handing each to `sink` as soon as it is ready so that pages
/// need not all be held in memory; the order of [`RenderedSite::pages`] is fixed (home, lists,
/// 404, districts, counties, articles).
pub fn render_site(
    site: &Site,
    templates: &Templates,
    progress: &Progress,
    sink: &(dyn Fn(Page) -> Result<()> + Sync),
) -> Result<RenderedSite> {
    let links = Links::new(site);
    let linker = Linker::new(&site.pairing);
    let settings = site.config.markdown;
    let bodies: Vec<RenderedMarkdown> = site
        .articles
        .par_iter()
        .map(|article| {
            markdown::render(&article.body, settings, &linker, &|entity| {
                links.entity(entity).to_string()
            })
        })
        .collect();
    let quotes = QuoteIndex::new(site, &bodies);
    let renderer = Renderer {
        site,
        newest: newest_date(site),
        templates,
        site_view: views::site_view(&site.config),
        links,
        bodies,
        quotes,
    };
    let jobs = jobs(site);
    progress.rendering(jobs.len());
    // Collect every outcome before picking an error, so the same bad input always reports the
    // same page, whichever thread got there first.
    let outcomes: Vec<Result<PageInfo>> = jobs
        .par_iter()
        .map(|job| {
            let page = renderer.render(*job)?;
            let info = page.info.clone();
            sink(page)?;
            progress.page_done();
            Ok(info)
        })
        .collect();
    let pages: Vec<PageInfo> = outcomes.into_iter().collect::<Result<_>>()?;
    let site_files = renderer.site_files(&pages);
    Ok(RenderedSite { pages, site_files })
}

/// The finished link of every page that other pages point to, computed once per build.
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

fn jobs(site: &Site) -> Vec<Job> {
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

fn route_of(site: &Site, job: Job) -> Route {
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

#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    DistrictList,
    CountyList,
    NotFound,
    District(usize),
    County(usize),
    Article(usize),
}

struct Renderer<'a> {
    site: &'a Site,
    /// The newest date anywhere in the content: what list pages and unmentioned entities show.
    newest: Option<Date>,
    templates: &'a Templates,
    site_view: SiteView<'a>,
    links: Links,
    bodies: Vec<RenderedMarkdown>,
    quotes: QuoteIndex,
}

#[derive(Serialize)]
struct IndexBody<'a> {
    pairing: PairingSummary<'a>,
    /// The whole pairing drawn as SVG; `None` past the size a drawing stays legible at.
    diagram: Option<String>,
    districts: Vec<DistrictCard<'a>>,
    events: Vec<EventView<'a>>,
    articles: Vec<ArticleCard<'a>>,
}

#[derive(Serialize)]
struct DistrictListBody<'a> {
    pairing: PairingSummary<'a>,
    districts: Vec<DistrictCard<'a>>,
}

#[derive(Serialize)]
struct CountyListBody<'a> {
    pairing: PairingSummary<'a>,
    counties: Vec<CountyCard<'a>>,
}

#[derive(Serialize)]
struct DistrictBody<'a> {
    pairing: PairingSummary<'a>,
    diagram: String,
    district: DistrictCard<'a>,
    quotes: Vec<QuoteView<'a>>,
}

#[derive(Serialize)]
struct CountyBody<'a> {
    pairing: PairingSummary<'a>,
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

impl Renderer<'_> {
    fn site_files(&self, pages: &[PageInfo]) -> Vec<(OutputPath, String)> {
        let config = &self.site.config;
        let entries: Vec<FeedEntry> = self
            .site
            .articles
            .iter()
            .zip(&self.bodies)
            .map(|(article, body)| FeedEntry {
                article,
                route: Route::entry(ARTICLES, &article.slug),
                summary: article.description.as_deref().unwrap_or(&body.lead),
                html: &body.html,
            })
            .collect();
        let file = |name: &str| OutputPath::parse(name).expect("feed file names are valid paths");
        vec![
            (file(feeds::SITEMAP), feeds::sitemap(config, pages)),
            (file(feeds::FEED), feeds::atom(config, &entries)),
            (file(feeds::ROBOTS), feeds::robots(config)),
            (file(search::INDEX_FILE), self.search_index()),
        ]
    }

    fn search_index(&self) -> String {
        let pairing = &self.site.pairing;
        let sentences: Vec<String> = pairing
            .districts
            .iter()
            .map(|d| views::district_sentence(pairing, d))
            .chain(
                pairing
                    .counties
                    .iter()
                    .map(|c| views::county_sentence(pairing, c)),
            )
            .collect();
        let (district_sentences, county_sentences) = sentences.split_at(pairing.districts.len());
        let districts = pairing.districts.iter().enumerate().map(|(i, d)| Doc {
            title: &d.name,
            url: &self.links.districts[i],
            kind: &d.kind,
            keys: vec![d.slug.as_str()],
            text: &district_sentences[i],
        });
        let counties = pairing.counties.iter().enumerate().map(|(i, c)| Doc {
            title: &c.name,
            url: &self.links.counties[i],
            kind: &c.kind,
            keys: c
                .aliases
                .iter()
                .map(String::as_str)
                .chain([c.slug.as_str()])
                .collect(),
            text: &county_sentences[i],
        });
        let articles = self.site.articles.iter().enumerate().map(|(i, a)| Doc {
            title: &a.title,
            url: &self.links.articles[i],
            kind: "报道",
            keys: vec![a.slug.as_str()],
            text: &self.bodies[i].text,
        });
        let docs: Vec<Doc> = districts.chain(counties).chain(articles).collect();
        search::index_json(&docs)
    }
}

fn newest_date(site: &Site) -> Option<Date> {
    let articles = site.articles.iter().map(|a| a.date.date);
    let events = site.pairing.events.iter().map(|e| e.end.unwrap_or(e.date));
    articles.chain(events).max()
}

impl<'a> Renderer<'a> {
    /// The date of the newest article quoting `entity`, else the site's newest date.
    fn newest_mention(&self, entity: EntityId) -> Option<Date> {
        let quoting = self
            .quotes
            .of(entity)
            .iter()
            .map(|&(article, _)| self.site.articles[article].date.date);
        quoting.max().or(self.newest)
    }

    fn render(&self, job: Job) -> Result<Page> {
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

    fn page<T: Serialize>(
        &self,
        template: &str,
        (route, kind, lastmod): (Route, PageKind, Option<Date>),
        meta: PageMeta<'_>,
        body: T,
    ) -> Result<Page> {
        let view = PageView {
            site: &self.site_view,
            page: meta,
            body,
        };
        let html = self.templates.render(template, &view, route.as_str())?;
        Ok(Page {
            info: PageInfo {
                route,
                kind,
                lastmod,
            },
            html,
        })
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
            href: &self.links.home,
            label: "首页",
        }
    }

    fn district_card(&self, i: usize) -> DistrictCard<'_> {
        let district = &self.site.pairing.districts[i];
        DistrictCard {
            href: &self.links.districts[i],
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
            href: &self.links.counties[id.0],
            name: &county.name,
            kind: &county.kind,
        }
    }

    fn county_card(&self, i: usize) -> CountyCard<'_> {
        let county = &self.site.pairing.counties[i];
        let district = self.site.pairing.district(county.district);
        CountyCard {
            href: &self.links.counties[i],
            slug: county.slug.as_str(),
            name: &county.name,
            kind: &county.kind,
            aliases: &county.aliases,
            description: county.description.as_deref(),
            district: Link {
                href: &self.links.districts[county.district.0],
                label: &district.name,
            },
        }
    }

    fn quotes(&self, entity: EntityId) -> Vec<QuoteView<'_>> {
        self.quotes
            .of(entity)
            .iter()
            .map(|&(article, block)| {
                let block = &self.bodies[article].quotable[block];
                let href = &self.links.articles[article];
                QuoteView {
                    href: format!("{href}#{}", block.id),
                    article_title: &self.site.articles[article].title,
                    article_href: href,
                    date_text: self.site.articles[article].date.date.chinese(),
                    html: views::quote_html(block, |e| *e == entity),
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
                href: &self.links.districts[i],
                kind: &d.kind,
            })
            .collect();
        let counties: Vec<Node> = pairing
            .counties
            .iter()
            .enumerate()
            .map(|(i, c)| Node {
                label: &c.name,
                href: &self.links.counties[i],
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
            href: &self.links.districts[district_id.0],
            kind: &district.kind,
        };
        let counties: Vec<Node> = district
            .counties
            .iter()
            .map(|&c| Node {
                label: &pairing.county(c).name,
                href: &self.links.counties[c.0],
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
            pairing: PairingSummary::new(pairing),
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
                    href: &self.links.articles[i],
                    title: &article.title,
                    date: article.date.rfc3339(),
                    date_text: article.date.chinese(),
                    source: article.source.as_deref(),
                    lead: views::shorten(
                        article
                            .description
                            .as_deref()
                            .unwrap_or(&self.bodies[i].lead),
                        DESCRIPTION_LENGTH,
                    ),
                })
                .collect(),
        };
        self.page(
            "index.html",
            (route, PageKind::Index, self.newest),
            meta,
            body,
        )
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
            pairing: PairingSummary::new(pairing),
            districts: (0..pairing.districts.len())
                .map(|i| self.district_card(i))
                .collect(),
        };
        self.page(
            "districts.html",
            (route, PageKind::List, self.newest),
            meta,
            body,
        )
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
            pairing: PairingSummary::new(pairing),
            counties: (0..pairing.counties.len())
                .map(|i| self.county_card(i))
                .collect(),
        };
        self.page(
            "counties.html",
            (route, PageKind::List, self.newest),
            meta,
            body,
        )
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
        self.page(
            "404.html",
            (route, PageKind::NotFound, None),
            meta,
            Empty {},
        )
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
                href: &self.links.districts_list,
                label: "结对区",
            },
        ];
        let meta = self.meta(&route, &district.name, description, "district", crumbs);
        let body = DistrictBody {
            pairing: PairingSummary::new(pairing),
            diagram: self.neighbourhood_diagram(DistrictId(i), None),
            district: self.district_card(i),
            quotes: self.quotes(EntityId::District(DistrictId(i))),
        };
        let lastmod = self.newest_mention(EntityId::District(DistrictId(i)));
        self.page(
            "district.html",
            (route, PageKind::District, lastmod),
            meta,
            body,
        )
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
                href: &self.links.counties_list,
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
            pairing: PairingSummary::new(pairing),
            diagram: self.neighbourhood_diagram(county.district, Some(CountyId(i))),
            county: self.county_card(i),
            siblings,
            quotes: self.quotes(EntityId::County(CountyId(i))),
        };
        let lastmod = self.newest_mention(EntityId::County(CountyId(i)));
        self.page(
            "county.html",
            (route, PageKind::County, lastmod),
            meta,
            body,
        )
    }

    fn article(&self, i: usize) -> Result<Page> {
        let article = &self.site.articles[i];
        let body = &self.bodies[i];
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
        let lastmod = Some(article.date.date);
        self.page(
            "article.html",
            (route, PageKind::Article, lastmod),
            meta,
            view,
        )
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
                    href: &self.links.districts[id.0],
                    label: &pairing.district(id).name,
                }),
                EntityId::County(id) => counties.push(Link {
                    href: &self.links.counties[id.0],
                    label: &pairing.county(id).name,
                }),
            }
        }
        (districts, counties)
    }
}
