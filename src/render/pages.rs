//! One function per page kind: each builds its view (the values its template sees) and
//! renders it.

use serde::Serialize;

use super::{route_of, Job, Page, PageInfo, PageKind, Prepared};
use crate::date::Date;
use crate::error::Result;
use crate::locale::Strings;
use crate::network::{Level, Network, PairGroup, Section, UnitId};
use crate::site::Site;
use crate::templates::Templates;
use crate::types::Route;
use crate::views::units::{self, ChildGroup, PartnerView, UnitCard, UnitLink};
use crate::views::{self, *};

mod article;
mod diagrams;
mod groups;
pub(super) mod records;
mod timeline;

pub(super) use article::MentionGroup;

use groups::GroupView;
use timeline::TimelineItem;

const DESCRIPTION_LENGTH: usize = 120;

/// Renders single pages from the site and what [`Prepared`] worked out for it.
pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    pub(super) prepared: &'a Prepared,
}

#[derive(Serialize)]
struct IndexBody<'a> {
    /// The units of the groups in force, each once, by side.
    east: Vec<UnitLink<'a>>,
    west: Vec<UnitLink<'a>>,
    /// The pair groups in force, each with its table (and drawing, on a small site).
    groups: Vec<GroupView<'a>>,
    /// Those that ended.
    past: Vec<GroupView<'a>>,
    /// Current county-level pairings that belong to no group.
    loose: Vec<groups::RowView<'a>>,
    /// When pairings began and ended, oldest first.
    timeline: Vec<TimelineItem<'a>>,
    events: Vec<EventView<'a>>,
    /// The newest articles (`[lists] home` of them).
    articles: Vec<ArticleCard<'a>>,
    /// The list of every article, when the home page does not show them all.
    all_articles: Option<&'a str>,
    article_count: usize,
    /// Per area of the data, the link to its page.
    areas: Vec<Link<'a>>,
    /// The totals of every record's figures.
    #[serde(flatten)]
    records: records::PageRecords<'a>,
}

#[derive(Serialize)]
struct ListBody<'a> {
    /// The section's label: 区(功能区), 县(市) …
    label: String,
    units: Vec<UnitCard<'a>>,
}

#[derive(Serialize)]
struct UnitBody<'a> {
    diagram: Option<String>,
    unit: UnitCard<'a>,
    children: Option<ChildGroup<'a>>,
    /// For each current partner, the units of this one's side it also pairs with.
    siblings: Vec<SiblingGroup<'a>>,
    /// The pair groups this unit is one side of.
    pairs: Vec<GroupLink<'a>>,
    quotes: Vec<QuoteView<'a>>,
    /// Its records, and its figures added up.
    #[serde(flatten)]
    records: records::PageRecords<'a>,
}

#[derive(Serialize)]
struct SiblingGroup<'a> {
    partner: UnitLink<'a>,
    /// What the units are, from their kinds and the page's own: 县(市).
    label: String,
    units: Vec<UnitLink<'a>>,
}

#[derive(Serialize)]
struct GroupLink<'a> {
    href: &'a str,
    label: String,
    current: bool,
}

#[derive(Serialize)]
struct PairBody<'a> {
    group: GroupView<'a>,
    /// Every pairing of the two units, newest first, as seen from the eastern one.
    history: Vec<PartnerView<'a>>,
    /// The records of its two units and their pairings, and the totals of all inside it.
    #[serde(flatten)]
    records: records::PageRecords<'a>,
}

#[derive(Serialize)]
struct Empty {}

impl<'a> Renderer<'a> {
    fn network(&self) -> &'a Network {
        &self.site.network
    }

    /// The interface strings.
    pub(super) fn t(&self) -> &'a Strings {
        &self.site.config.strings
    }

    /// The date of the newest article quoting `unit`, else the site's newest date.
    fn newest_mention(&self, unit: UnitId) -> Option<Date> {
        let quoting = self
            .prepared
            .quotes
            .of(unit)
            .iter()
            .map(|&(article, _)| self.site.articles[article].date.date);
        quoting.max().or(self.prepared.newest)
    }

    pub(super) fn render(&self, job: Job) -> Result<Page> {
        match job {
            Job::Index => self.index(),
            Job::List(section) => self.list(section),
            Job::NotFound => self.not_found(),
            Job::Unit(id) => self.unit(id),
            Job::Pair(i) => self.pair(i),
            Job::Article(i) => self.article(i),
            Job::Articles(_)
            | Job::Area(..)
            | Job::Tag(..)
            | Job::Areas
            | Job::Tags
            | Job::Page(_) => self.listing(job),
        }
    }

    /// Route, kind and sitemap date of a page, known without rendering it.
    pub(super) fn info(&self, job: Job) -> PageInfo {
        let (kind, lastmod) = match job {
            Job::Index => (PageKind::Index, self.prepared.newest),
            Job::List(section) => (PageKind::List(section), self.prepared.newest),
            Job::NotFound => (PageKind::NotFound, None),
            Job::Unit(id) => (
                PageKind::Unit(self.network().unit(id).section()),
                self.newest_mention(id),
            ),
            Job::Pair(_) => (PageKind::Pair, self.prepared.newest),
            Job::Article(i) => (PageKind::Article, Some(self.site.articles[i].date.date)),
            Job::Articles(_)
            | Job::Area(..)
            | Job::Tag(..)
            | Job::Areas
            | Job::Tags
            | Job::Page(_) => self.listing_info(job),
        };
        PageInfo {
            route: route_of(self.site, job),
            kind,
            lastmod,
        }
    }

    pub(super) fn page<T: Serialize>(
        &self,
        template: &str,
        job: Job,
        meta: PageMeta<'_>,
        body: T,
    ) -> Result<Page> {
        debug_assert_eq!(template, super::template_of(self.site, job), "{job:?}");
        let info = self.info(job);
        let view = PageView { page: meta, body };
        let html = self
            .templates
            .render(template, &view, info.route.as_str())?;
        Ok(Page { info, html })
    }

    pub(super) fn meta<'m>(
        &self,
        route: &Route,
        heading: &'m str,
        description: String,
        kind: PageKind,
        breadcrumbs: Vec<Link<'m>>,
    ) -> PageMeta<'m> {
        let site_title = &self.site.config.title;
        let href = self.site.config.base_url.href(route);
        PageMeta {
            title: if kind == PageKind::Index {
                site_title.clone()
            } else {
                format!("{heading} · {site_title}")
            },
            heading,
            description: views::shorten(&description, DESCRIPTION_LENGTH),
            canonical: self.site.config.base_url.absolute(route),
            nav_href: self
                .prepared
                .links
                .nav
                .iter()
                .find(|&link| *link == href)
                .cloned(),
            href,
            kind,
            section: match kind {
                PageKind::Unit(section) => Some(PageKind::List(section)),
                PageKind::Article | PageKind::Articles => Some(PageKind::Articles),
                _ => None,
            },
            breadcrumbs,
            noindex: false,
        }
    }

    pub(super) fn home_crumb(&self) -> Link<'_> {
        Link {
            href: &self.prepared.links.home,
            label: self.t().get("nav_home"),
        }
    }

    fn quotes(&self, unit: UnitId) -> Vec<QuoteView<'_>> {
        self.prepared
            .quotes
            .of(unit)
            .iter()
            .map(|&(article, block)| {
                let state = &self.prepared.articles[article];
                QuoteView {
                    href: &state.quote_links[block],
                    article_title: &self.site.articles[article].title,
                    article_href: &state.href,
                    date_text: &state.date_text,
                    html: views::quote_html(&state.body.quotable[block], |e| *e == unit),
                }
            })
            .collect()
    }

    fn index(&self) -> Result<Page> {
        let network = self.network();
        let route = route_of(self.site, Job::Index);
        let description = self
            .site
            .config
            .description
            .clone()
            .or_else(|| network.summary.clone())
            .unwrap_or_else(|| network.title.clone());
        let meta = self.meta(
            &route,
            &network.title,
            description,
            PageKind::Index,
            Vec::new(),
        );
        let draw = groups::draws_on_home(network);
        let (current, past): (Vec<usize>, Vec<usize>) =
            (0..network.groups().len()).partition(|&i| network.groups()[i].is_current(network));
        // The facts name the units of the finest groups in force: the cities where there are
        // city pairs, else the provinces.
        let finest = current
            .iter()
            .map(|&i| network.unit(network.groups()[i].east).level)
            .max();
        let side_units = |side: fn(&PairGroup) -> UnitId| {
            let mut ids: Vec<UnitId> = Vec::new();
            for &i in &current {
                let id = side(&network.groups()[i]);
                if Some(network.unit(id).level) == finest && !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids.into_iter()
                .map(|id| units::unit_link(network, &self.prepared.links, id))
                .collect()
        };
        let t = self.t();
        let body = IndexBody {
            east: side_units(|g| g.east),
            west: side_units(|g| g.west),
            groups: current
                .into_iter()
                .map(|i| self.group_view(i, draw))
                .collect(),
            past: past
                .into_iter()
                .map(|i| self.group_view(i, false))
                .collect(),
            loose: groups::rows(network, &self.prepared.links, network.loose_pairings()),
            timeline: timeline::items(self.network(), &self.prepared.links, self.t()),
            events: network
                .events
                .iter()
                .map(|e| EventView::new(e, t))
                .collect(),
            articles: self
                .article_cards(0..self.site.articles.len().min(self.site.config.lists.home)),
            all_articles: (self.site.articles.len() > self.site.config.lists.home)
                .then_some(self.prepared.links.article_list.as_str()),
            article_count: self.site.articles.len(),
            areas: self.area_links(),
            records: self.home_records(),
        };
        self.page("index.html", Job::Index, meta, body)
    }

    fn group_view(&self, i: usize, draw: bool) -> GroupView<'_> {
        groups::group_view(
            self.network(),
            &self.prepared.links,
            &self.network().groups()[i],
            draw,
            self.t(),
        )
    }

    fn list(&self, section: Section) -> Result<Page> {
        let network = self.network();
        let job = Job::List(section);
        let route = route_of(self.site, job);
        let label = units::section_label(network, section, self.t());
        let ids = network.units_in(section);
        let (heading, description) = list_heading(network, &ids, &label, self.t());
        let meta = self.meta(
            &route,
            &heading,
            description,
            PageKind::List(section),
            Vec::new(),
        );
        let body = ListBody {
            label,
            units: ids
                .into_iter()
                .map(|id| units::unit_card(network, &self.prepared.links, id, self.t()))
                .collect(),
        };
        self.page(&format!("{}.html", section.folder()), job, meta, body)
    }

    fn not_found(&self) -> Result<Page> {
        let route = route_of(self.site, Job::NotFound);
        let meta = self.meta(
            &route,
            self.t().get("not_found_heading"),
            self.t().get("not_found_text").into(),
            PageKind::NotFound,
            Vec::new(),
        );
        self.page("404.html", Job::NotFound, meta, Empty {})
    }

    fn unit(&self, id: UnitId) -> Result<Page> {
        let network = self.network();
        let links = &self.prepared.links;
        let t = self.t();
        let unit = network.unit(id);
        let job = Job::Unit(id);
        let route = route_of(self.site, job);
        let kind = PageKind::Unit(unit.section());
        let description = unit
            .description
            .clone()
            .unwrap_or_else(|| self.prepared.sentences[id.0 as usize].clone());
        let mut crumbs = vec![self.home_crumb()];
        let ancestors = network.ancestors(id);
        if ancestors.is_empty() {
            crumbs.push(Link {
                href: &links.lists[&unit.section()],
                label: self.list_label(unit.section()),
            });
        }
        crumbs.extend(ancestors.iter().map(|&a| Link {
            href: &links.units[a.0 as usize],
            label: &network.unit(a).name,
        }));
        let meta = self.meta(&route, &unit.name, description, kind, crumbs);
        let children =
            (!network.children(id).is_empty()).then(|| units::children(network, links, id, t));
        let body = UnitBody {
            diagram: diagrams::of_unit(network, links, id, t),
            unit: units::unit_card(network, links, id, t),
            children,
            siblings: self.siblings(id),
            pairs: self.group_links(id),
            quotes: self.quotes(id),
            records: self.unit_records(id),
        };
        self.page(
            &format!("{}.html", unit_template(unit.section())),
            job,
            meta,
            body,
        )
    }

    /// The list label, kept for the lifetime of the page: made once per build by the views.
    fn list_label(&self, section: Section) -> &'a str {
        self.prepared.links.list_labels[&section].as_str()
    }

    fn siblings(&self, id: UnitId) -> Vec<SiblingGroup<'_>> {
        let network = self.network();
        let links = &self.prepared.links;
        if network.unit(id).level != Level::County {
            return Vec::new();
        }
        units::current_partners(network, id)
            .map(|partner| {
                let others: Vec<UnitId> = units::current_partners(network, partner)
                    .filter(|&other| other != id)
                    .collect();
                let kinds = others
                    .iter()
                    .chain([&id])
                    .map(|&u| network.unit(u).kind.as_str());
                SiblingGroup {
                    partner: units::unit_link(network, links, partner),
                    label: units::kind_label(kinds, self.t()),
                    units: others
                        .into_iter()
                        .map(|other| units::unit_link(network, links, other))
                        .collect(),
                }
            })
            .filter(|group| !group.units.is_empty())
            .collect()
    }

    fn group_links(&self, id: UnitId) -> Vec<GroupLink<'_>> {
        let network = self.network();
        network
            .groups()
            .iter()
            .enumerate()
            .filter(|(_, g)| g.east == id || g.west == id)
            .map(|(i, g)| GroupLink {
                href: &self.prepared.links.pairs[i],
                label: pair_heading(network, g, self.t()),
                current: g.is_current(network),
            })
            .collect()
    }

    fn pair(&self, i: usize) -> Result<Page> {
        let network = self.network();
        let group = &network.groups()[i];
        let job = Job::Pair(i);
        let route = route_of(self.site, job);
        let view = self.group_view(i, true);
        let description = units::pair_sentence(network, group, self.t());
        let crumbs = vec![
            self.home_crumb(),
            Link {
                href: &self.prepared.links.units[group.east.0 as usize],
                label: &network.unit(group.east).name,
            },
        ];
        let heading = self.prepared.links.pair_headings[i].as_str();
        let meta = self.meta(&route, heading, description, PageKind::Pair, crumbs);
        let body = PairBody {
            group: view,
            history: group
                .own
                .iter()
                .map(|&p| {
                    units::partner_view(network, &self.prepared.links, p, group.east, self.t())
                })
                .collect(),
            records: self.pair_records(i),
        };
        self.page("pair.html", job, meta, body)
    }
}

/// A list's heading and description. Where every unit of the list has one parent (珠海市) and
/// their partners another (遵义市), both say so: 珠海市结对区(功能区),
/// 珠海市5个结对区(功能区)及其在遵义市的结对县(市)。
fn list_heading(network: &Network, ids: &[UnitId], label: &str, t: &Strings) -> (String, String) {
    let shared_parent = |units: &[UnitId]| {
        let first = network.unit(*units.first()?).parent?;
        units
            .iter()
            .all(|&u| network.unit(u).parent == Some(first))
            .then_some(first)
    };
    let Some(parent) = shared_parent(ids) else {
        let count = ids.len().to_string();
        return (
            t.fill("list_title", &[("label", label)]),
            t.fill("list_description", &[("count", &count), ("label", label)]),
        );
    };
    let parent_name = &network.unit(parent).name;
    let mut partners: Vec<UnitId> = ids
        .iter()
        .flat_map(|&u| units::current_partners(network, u))
        .collect();
    partners.sort_unstable();
    partners.dedup();
    let heading = t.fill(
        "list_heading_in",
        &[("parent", parent_name), ("label", label)],
    );
    let count = ids.len().to_string();
    let values = [
        ("parent", parent_name.as_str()),
        ("count", &count),
        ("label", label),
    ];
    let description = match shared_parent(&partners) {
        Some(other) => {
            let kinds = partners.iter().map(|&p| network.unit(p).kind.as_str());
            let other_label = units::kind_label(kinds, t);
            let mut values = values.to_vec();
            values.extend([
                ("other", network.unit(other).name.as_str()),
                ("other_label", &other_label),
            ]);
            t.fill("list_description_in_with", &values)
        }
        None => t.fill("list_description_in", &values),
    };
    (heading, description)
}

/// `珠海市—遵义市`: the heading of a pair group's page.
pub(super) fn pair_heading(network: &Network, group: &PairGroup, t: &Strings) -> String {
    t.fill(
        "pair_heading",
        &[
            ("east", &network.unit(group.east).name),
            ("west", &network.unit(group.west).name),
        ],
    )
}

/// The template of a unit's page: `district.html`, `county.html`, `city.html`, `province.html`.
pub(super) fn unit_template(section: Section) -> &'static str {
    match section {
        Section::Provinces => "province",
        Section::Cities => "city",
        Section::Districts => "district",
        Section::Counties => "county",
    }
}
