//! The list of every article, the pages of areas and tags (each cut into pages of
//! `[lists] per_page` articles, newest first), and the pages of `content/pages/`.

use serde::Serialize;

use super::pages::{MentionGroup, Renderer};
use super::{route_of, Job, Page, PageKind};
use crate::date::Date;
use crate::error::Result;
use crate::locale::Strings;
use crate::network::UnitId;
use crate::site::Site;
use crate::taxonomy::Term;
use crate::views::{ArticleCard, Link, NavLink};

/// The areas and tags one article names, as indices into the site's taxonomies.
#[derive(Debug, Default, Clone)]
pub(super) struct ArticleTerms {
    pub(super) areas: Vec<usize>,
    pub(super) tags: Vec<usize>,
}

/// Per article of `site`, the areas and tags it names.
pub(super) fn article_terms(site: &Site) -> Vec<ArticleTerms> {
    let mut terms = vec![ArticleTerms::default(); site.articles.len()];
    for (i, area) in site.taxonomies.areas.iter().enumerate() {
        for &a in &area.articles {
            terms[a].areas.push(i);
        }
    }
    for (i, tag) in site.taxonomies.tags.iter().enumerate() {
        for &a in &tag.articles {
            terms[a].tags.push(i);
        }
    }
    terms
}

/// Per area and per tag, the units its articles mention or are about, each once, in id order:
/// every page of the term shows them, so they are worked out once per build.
#[derive(Default)]
pub(super) struct TermUnits {
    areas: Vec<Vec<UnitId>>,
    tags: Vec<Vec<UnitId>>,
}

impl TermUnits {
    pub(super) fn new(site: &Site, states: &[super::ArticleState]) -> Self {
        let units_of = |term: &Term| {
            let mut units: Vec<UnitId> = term
                .articles
                .iter()
                .flat_map(|&a| {
                    let mentioned = super::mentioned(&states[a].body);
                    mentioned
                        .into_iter()
                        .chain(site.articles[a].scope.iter().copied())
                })
                .collect();
            units.sort_unstable();
            units.dedup();
            units
        };
        let terms = &site.taxonomies;
        TermUnits {
            areas: terms.areas.iter().map(units_of).collect(),
            tags: terms.tags.iter().map(units_of).collect(),
        }
    }
}

/// How many list pages `articles` articles fill: at least one, so every area has its page.
fn page_count(articles: usize, per_page: usize) -> usize {
    articles.div_ceil(per_page).max(1)
}

/// Which of a list's `len` articles its page `n` shows (empty past the end).
fn page_range(len: usize, n: usize, per_page: usize) -> std::ops::Range<usize> {
    let start = ((n - 1) * per_page).min(len);
    start..(start + per_page).min(len)
}

/// The pages of this module, in rendering order: the article list (when there are articles),
/// every area's and tag's pages, then the pages of `content/pages/`.
pub(super) fn jobs(site: &Site) -> Vec<Job> {
    let per_page = site.config.lists.per_page;
    let mut jobs: Vec<Job> = Vec::new();
    if !site.articles.is_empty() {
        jobs.extend((1..=page_count(site.articles.len(), per_page)).map(Job::Articles));
    }
    for (i, area) in site.taxonomies.areas.iter().enumerate() {
        jobs.extend((1..=page_count(area.articles.len(), per_page)).map(|n| Job::Area(i, n)));
    }
    for (i, tag) in site.taxonomies.tags.iter().enumerate() {
        jobs.extend((1..=page_count(tag.articles.len(), per_page)).map(|n| Job::Tag(i, n)));
    }
    if !site.taxonomies.areas.is_empty() {
        jobs.push(Job::Areas);
    }
    if !site.taxonomies.tags.is_empty() {
        jobs.push(Job::Tags);
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

/// The pages that show article `index`'s title and lead besides its own: its page of the
/// article list and the articles before and after it (their newer and older links).
pub(super) fn showing_in_lists(site: &Site, index: usize) -> Vec<Job> {
    let mut jobs = vec![Job::Articles(index / site.config.lists.per_page + 1)];
    jobs.extend(index.checked_sub(1).map(Job::Article));
    if index + 1 < site.articles.len() {
        jobs.push(Job::Article(index + 1));
    }
    jobs
}

/// The pages of the areas and tags article `index` names (its card is on one page of each, and
/// the units it mentions are on every page of each), and the lists of areas and tags (their
/// counts do not change, but an area's newest article may).
pub(super) fn showing_in_terms(site: &Site, index: usize) -> Vec<Job> {
    let per_page = site.config.lists.per_page;
    let pages_of = |terms: &[Term], make: fn(usize, usize) -> Job| {
        let mut jobs = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            if term.articles.contains(&index) {
                let pages = page_count(term.articles.len(), per_page);
                jobs.extend((1..=pages).map(|n| make(i, n)));
            }
        }
        jobs
    };
    let mut jobs = pages_of(&site.taxonomies.areas, Job::Area);
    jobs.extend(pages_of(&site.taxonomies.tags, Job::Tag));
    jobs
}

/// The navigation entries after the sections: the article list, then the pages that ask to be
/// there (`nav_order`), by that order and then by URL.
pub fn nav_links(site: &Site) -> Vec<NavLink> {
    let base = &site.config.base_url;
    let mut nav = Vec::new();
    if !site.articles.is_empty() {
        nav.push(NavLink {
            href: base.href(&route_of(site, Job::Articles(1))),
            label: site.config.strings.get("nav_articles").into(),
            section: Some(PageKind::Articles),
        });
    }
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter_map(|page| Some((page.nav.as_ref()?, &page.route)))
        .collect();
    pages.sort_by(|a, b| a.0 .0.cmp(&b.0 .0).then_with(|| a.1.cmp(b.1)));
    nav.extend(pages.into_iter().map(|((_, label), route)| NavLink {
        href: base.href(route),
        label: label.clone(),
        section: None,
    }));
    nav
}

/// Where a page stands in its list, and the links to its neighbours.
#[derive(Serialize)]
struct Pagination {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has.
    count: usize,
    /// The previous (newer) and the next (older) page, where there is one.
    previous: Option<String>,
    next: Option<String>,
    /// The first page.
    first: String,
}

#[derive(Serialize)]
struct ArticlesBody<'a> {
    articles: Vec<ArticleCard<'a>>,
    /// How many articles the whole list has.
    total: usize,
    pagination: Pagination,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    /// `area` or `tag`.
    kind: &'static str,
    /// The first page of its list.
    href: &'a str,
}

#[derive(Serialize)]
struct TermBody<'a> {
    term: TermView<'a>,
    articles: Vec<ArticleCard<'a>>,
    total: usize,
    pagination: Pagination,
    /// The units the term's articles (all of them, not only this page's) mention or are
    /// about, by section.
    units: Vec<MentionGroup<'a>>,
}

#[derive(Serialize)]
struct TermsBody<'a> {
    /// `area` or `tag`.
    kind: &'static str,
    terms: Vec<TermCard<'a>>,
}

/// An area or a tag as its list shows it.
#[derive(Serialize)]
struct TermCard<'a> {
    name: &'a str,
    href: &'a str,
    /// How many articles name it.
    count: usize,
}

/// What differs between the pages of an area and those of a tag.
struct TermPages<'r> {
    /// `area` or `tag`, as templates see it.
    kind: &'static str,
    page_kind: PageKind,
    template: &'static str,
    /// The interface string that describes one of its pages.
    description: &'static str,
    /// Its first page.
    href: &'r str,
    /// The list of every area, or of every tag: the breadcrumb before it.
    list: Link<'r>,
    units: &'r [UnitId],
    /// Page `n` of term `index`.
    make: fn(usize, usize) -> Job,
    index: usize,
}

#[derive(Serialize)]
struct SitePageBody<'a> {
    /// The rendered Markdown.
    content: &'a str,
}

impl<'a> Renderer<'a> {
    /// Kind and sitemap date of a page of this module: a list page's is its newest article's.
    pub(super) fn listing_info(&self, job: Job) -> (PageKind, Option<Date>) {
        let per_page = self.site.config.lists.per_page;
        let date_of = |article: usize| self.site.articles[article].date.date;
        // Of a list of `articles` (indices of the site's), the first on page `n`.
        let first_on = |articles: &[usize], n: usize| {
            page_range(articles.len(), n, per_page)
                .next()
                .map(|i| articles[i])
        };
        let terms = &self.site.taxonomies;
        let newest = match job {
            Job::Articles(n) => page_range(self.site.articles.len(), n, per_page).next(),
            Job::Area(i, n) => first_on(&terms.areas[i].articles, n),
            Job::Tag(i, n) => first_on(&terms.tags[i].articles, n),
            _ => None,
        }
        .map(date_of)
        .or(self.prepared.newest);
        match job {
            Job::Articles(_) => (PageKind::Articles, newest),
            Job::Area(..) => (PageKind::Area, newest),
            Job::Tag(..) => (PageKind::Tag, newest),
            Job::Areas => (PageKind::Areas, self.prepared.newest),
            Job::Tags => (PageKind::Tags, self.prepared.newest),
            _ => (PageKind::Page, None),
        }
    }

    pub(super) fn listing(&self, job: Job) -> Result<Page> {
        match job {
            Job::Articles(n) => self.articles_page(n),
            Job::Area(i, n) => self.term_page(job, &self.site.taxonomies.areas[i], n),
            Job::Tag(i, n) => self.term_page(job, &self.site.taxonomies.tags[i], n),
            Job::Page(i) => self.site_page(i),
            Job::Areas | Job::Tags => self.terms_page(job),
            _ => unreachable!("only the jobs of this module reach it"),
        }
    }

    /// The links of an article's areas and tags.
    pub(super) fn term_links(&self, article: usize) -> (Vec<Link<'_>>, Vec<Link<'_>>) {
        let links = &self.prepared.links;
        let terms = &self.site.taxonomies;
        let of = &links.article_terms[article];
        let areas = of.areas.iter().map(|&i| Link {
            href: &links.areas[i],
            label: &terms.areas[i].name,
        });
        let tags = of.tags.iter().map(|&i| Link {
            href: &links.tags[i],
            label: &terms.tags[i].name,
        });
        (areas.collect(), tags.collect())
    }

    /// Every area of the data, linked to its page.
    pub(super) fn area_links(&self) -> Vec<Link<'_>> {
        let areas = &self.site.taxonomies.areas;
        areas
            .iter()
            .zip(&self.prepared.links.areas)
            .map(|(area, href)| Link {
                href,
                label: &area.name,
            })
            .collect()
    }

    /// Page `n` of `count` of the list whose pages `make` names.
    fn pagination(&self, n: usize, count: usize, make: impl Fn(usize) -> Job) -> Pagination {
        let href = |m: usize| {
            self.site
                .config
                .base_url
                .href(&route_of(self.site, make(m)))
        };
        Pagination {
            number: n,
            count,
            previous: (n > 1).then(|| href(n - 1)),
            next: (n < count).then(|| href(n + 1)),
            first: href(1),
        }
    }

    /// The slice of `articles` page `n` shows.
    fn on_page(&self, articles: &[usize], n: usize) -> Vec<ArticleCard<'_>> {
        let range = page_range(articles.len(), n, self.site.config.lists.per_page);
        self.article_cards(articles[range].iter().copied())
    }

    fn articles_page(&self, n: usize) -> Result<Page> {
        let job = Job::Articles(n);
        let route = route_of(self.site, job);
        let total = self.site.articles.len();
        let count = page_count(total, self.site.config.lists.per_page);
        let t = self.t();
        let heading = numbered(t, t.get("article_list_heading"), n);
        let description = t.fill(
            "article_list_description",
            &[
                ("total", &total.to_string()),
                ("page_note", &page_note(t, n, count)),
            ],
        );
        let meta = self.meta(
            &route,
            &heading,
            description,
            PageKind::Articles,
            self.crumbs_to_first(
                n,
                t.get("article_list_heading"),
                &self.prepared.links.article_list,
            ),
        );
        let body = ArticlesBody {
            articles: self.article_cards(page_range(total, n, self.site.config.lists.per_page)),
            total,
            pagination: self.pagination(n, count, Job::Articles),
        };
        self.page("articles.html", job, meta, body)
    }

    fn term_page(&self, job: Job, term: &'a Term, n: usize) -> Result<Page> {
        let route = route_of(self.site, job);
        let links = &self.prepared.links;
        let t = self.t();
        let units = &self.prepared.term_units;
        let side = match job {
            Job::Area(i, _) => TermPages {
                kind: "area",
                page_kind: PageKind::Area,
                template: "area.html",
                description: "area_description",
                href: &links.areas[i],
                list: Link {
                    href: &links.area_list,
                    label: t.get("areas_heading"),
                },
                units: &units.areas[i],
                make: Job::Area,
                index: i,
            },
            Job::Tag(i, _) => TermPages {
                kind: "tag",
                page_kind: PageKind::Tag,
                template: "tag.html",
                description: "tag_description",
                href: &links.tags[i],
                list: Link {
                    href: &links.tag_list,
                    label: t.get("tags_heading"),
                },
                units: &units.tags[i],
                make: Job::Tag,
                index: i,
            },
            _ => unreachable!("a term's job"),
        };
        let total = term.articles.len();
        let count = page_count(total, self.site.config.lists.per_page);
        let heading = numbered(t, &term.name, n);
        let description = t.fill(
            side.description,
            &[
                ("total", &total.to_string()),
                ("name", &term.name),
                ("page_note", &page_note(t, n, count)),
            ],
        );
        let mut crumbs = self.crumbs_to_first(n, &term.name, side.href);
        crumbs.insert(1, side.list);
        let meta = self.meta(&route, &heading, description, side.page_kind, crumbs);
        let body = TermBody {
            term: TermView {
                name: &term.name,
                slug: term.slug.as_str(),
                kind: side.kind,
                href: side.href,
            },
            articles: self.on_page(&term.articles, n),
            total,
            pagination: self.pagination(n, count, |m| (side.make)(side.index, m)),
            units: self.unit_groups(side.units),
        };
        self.page(side.template, job, meta, body)
    }

    /// The home page, and on a later page of a list its first page.
    fn crumbs_to_first<'m>(&'m self, n: usize, label: &'m str, first: &'m str) -> Vec<Link<'m>> {
        let mut crumbs = vec![self.home_crumb()];
        if n > 1 {
            crumbs.push(Link { href: first, label });
        }
        crumbs
    }

    /// `/areas/` or `/tags/`: every area of the data, or every tag, with how many articles
    /// name it.
    fn terms_page(&self, job: Job) -> Result<Page> {
        let links = &self.prepared.links;
        let terms = &self.site.taxonomies;
        let (kind, list, hrefs, heading, template, page_kind) = match job {
            Job::Areas => (
                "area",
                &terms.areas,
                &links.areas,
                self.t().get("areas_heading"),
                "areas.html",
                PageKind::Areas,
            ),
            _ => (
                "tag",
                &terms.tags,
                &links.tags,
                self.t().get("tags_heading"),
                "tags.html",
                PageKind::Tags,
            ),
        };
        let key = match kind {
            "area" => "areas_description",
            _ => "tags_description",
        };
        let description = self.t().fill(key, &[("count", &list.len().to_string())]);
        let route = route_of(self.site, job);
        let meta = self.meta(
            &route,
            heading,
            description,
            page_kind,
            vec![self.home_crumb()],
        );
        let body = TermsBody {
            kind,
            terms: list
                .iter()
                .zip(hrefs)
                .map(|(term, href)| TermCard {
                    name: &term.name,
                    href,
                    count: term.articles.len(),
                })
                .collect(),
        };
        self.page(template, job, meta, body)
    }

    fn site_page(&self, i: usize) -> Result<Page> {
        let page = &self.site.pages[i];
        let body = &self.prepared.pages[i];
        let job = Job::Page(i);
        let description = page
            .description
            .clone()
            .unwrap_or_else(|| body.lead.clone());
        let crumbs = vec![self.home_crumb()];
        let meta = self.meta(
            &page.route,
            &page.title,
            description,
            PageKind::Page,
            crumbs,
        );
        let view = SitePageBody {
            content: &body.html,
        };
        self.page(page.template(), job, meta, view)
    }
}

/// `全部报道`, and on a later page `全部报道（第2页）` (`page_numbered`), so that every page's
/// title differs.
fn numbered(t: &Strings, heading: &str, n: usize) -> String {
    if n > 1 {
        t.fill(
            "page_numbered",
            &[("heading", heading), ("n", &n.to_string())],
        )
    } else {
        heading.to_string()
    }
}

/// `，第2页，共3页` (`page_note`) on a list of several pages.
fn page_note(t: &Strings, n: usize, count: usize) -> String {
    if count > 1 {
        t.fill(
            "page_note",
            &[("n", &n.to_string()), ("count", &count.to_string())],
        )
    } else {
        String::new()
    }
}
