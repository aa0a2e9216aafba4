//! The records part of unit, pair and home pages: which records and totals each shows, and the
//! CSV file of each table, written next to the page (`records.csv`, `totals.csv`).

use rayon::prelude::*;

use super::Renderer;
use crate::network::{Level, Network, UnitId};
use crate::records::export;
use crate::records::totals::{totals, MetricTotal};
use crate::records::{Record, Subject};
use crate::site::Site;
use crate::types::OutputPath;
use crate::views::records::{Breakdown, RecordViews, RecordsView, TotalsView};

/// The name of a page's records table as a file next to it.
pub const RECORDS_CSV: &str = "records.csv";
/// The name of a page's totals as a file next to it.
pub const TOTALS_CSV: &str = "totals.csv";

/// What one page shows of the records.
#[derive(Default, serde::Serialize)]
pub(in crate::render) struct PageRecords<'a> {
    pub records: Option<RecordsView<'a>>,
    pub totals: Option<TotalsView>,
}

/// The records a page shows and the figures it adds up: for a unit its own and its pairings';
/// for a pair group its two units' and their pairings', with the totals of everything inside
/// it; for the home page, the totals of every record.
struct Selection<'a> {
    listed: Vec<&'a Record>,
    added: Vec<&'a Record>,
    /// The level the totals break down to (a unit below it counts as its ancestor there);
    /// `None`: by record subject.
    level: Option<Level>,
}

fn unit_selection(site: &Site, id: UnitId) -> Selection<'_> {
    let records = &site.records;
    let listed: Vec<&Record> = records
        .index
        .of_unit(id)
        .iter()
        .map(|&i| &records.records[i])
        .collect();
    Selection {
        added: listed.clone(),
        listed,
        level: None,
    }
}

fn group_selection(site: &Site, group: usize) -> Selection<'_> {
    let network = &site.network;
    let g = &network.groups()[group];
    let records = &site.records;
    let added: Vec<&Record> = records
        .index
        .in_group(group)
        .iter()
        .map(|&i| &records.records[i])
        .collect();
    let listed = added
        .iter()
        .copied()
        .filter(|r| match r.subject {
            Subject::Unit(u) => u == g.east || u == g.west,
            Subject::Pairing(p) => g.own.contains(&p),
        })
        .collect();
    let level = match network.unit(g.east).level {
        Level::Province => Some(Level::Prefecture),
        _ => None,
    };
    Selection {
        listed,
        added,
        level,
    }
}

fn home_selection(site: &Site) -> Selection<'_> {
    let network = &site.network;
    let level = if network.units.iter().any(|u| u.level == Level::Prefecture) {
        Level::Prefecture
    } else {
        Level::Province
    };
    Selection {
        listed: Vec::new(),
        added: site.records.records.iter().collect(),
        level: Some(level),
    }
}

impl Selection<'_> {
    fn totals(&self, network: &Network) -> Vec<MetricTotal<Breakdown>> {
        let at = |u: UnitId| match self.level {
            Some(level) => network.at_level(u, level).unwrap_or(u),
            None => u,
        };
        totals(self.added.iter().copied(), |record| match record.subject {
            Subject::Unit(u) => Breakdown::Unit(at(u)),
            Subject::Pairing(p) => {
                let pairing = network.pairing(p);
                Breakdown::Pair(at(pairing.east), at(pairing.west))
            }
        })
    }

    fn has_figures(&self) -> bool {
        self.added.iter().any(|r| r.figure().is_some())
    }
}

impl<'a> Renderer<'a> {
    fn record_views(&self) -> RecordViews<'_> {
        let site = self.site;
        RecordViews {
            network: &site.network,
            hrefs: &self.prepared.links,
            t: self.t(),
            area_hrefs: site
                .network
                .areas
                .iter()
                .map(|area| {
                    let i = site.taxonomies.areas.iter().position(|a| a.name == *area)?;
                    Some(self.prepared.links.areas.get(i)?.as_str())
                })
                .collect(),
        }
    }

    fn show(&self, selection: &Selection<'a>, page_href: &str, prefix: &str) -> PageRecords<'_> {
        let views = self.record_views();
        let network = &self.site.network;
        let records = views.records(&selection.listed, format!("{page_href}{RECORDS_CSV}"));
        let totals = views.totals(
            &selection.totals(network),
            format!("{page_href}{TOTALS_CSV}"),
            prefix,
        );
        PageRecords { records, totals }
    }

    pub(super) fn unit_records(&self, id: UnitId) -> PageRecords<'_> {
        let href = &self.prepared.links.units[id.0 as usize];
        self.show(&unit_selection(self.site, id), href, "chart")
    }

    pub(super) fn pair_records(&self, group: usize) -> PageRecords<'_> {
        let href = &self.prepared.links.pairs[group];
        self.show(&group_selection(self.site, group), href, "chart")
    }

    pub(super) fn home_records(&self) -> PageRecords<'_> {
        let href = &self.prepared.links.home;
        self.show(&home_selection(self.site), href, "chart")
    }

    /// Every CSV file of the pages' tables, in the order of [`record_file_paths`].
    pub(in crate::render) fn record_files(&self) -> Vec<(OutputPath, String)> {
        let site = self.site;
        let network = &site.network;
        let t = self.t();
        let label = |key: &Breakdown| match *key {
            Breakdown::Unit(u) => network.unit(u).name.clone(),
            Breakdown::Pair(east, west) => t.fill(
                "pair_heading",
                &[
                    ("east", &network.unit(east).name),
                    ("west", &network.unit(west).name),
                ],
            ),
        };
        let headers = ["metric", "measure", "unit", "year", "value"];
        selections(site)
            .into_par_iter()
            .flat_map(|(folder, selection)| {
                let mut files = Vec::new();
                if !selection.listed.is_empty() {
                    files.push((
                        file(&folder, RECORDS_CSV),
                        export::records_csv(network, &selection.listed),
                    ));
                }
                if selection.has_figures() {
                    let totals = selection.totals(network);
                    files.push((
                        file(&folder, TOTALS_CSV),
                        export::totals_csv(&totals, headers, t.get("totals_row_all"), label),
                    ));
                }
                files
            })
            .collect()
    }
}

fn file(folder: &str, name: &str) -> OutputPath {
    OutputPath::parse(&format!("{folder}{name}")).expect("page folders are valid paths")
}

/// Each page that may show records, by the folder of its output (`districts/xiangzhou/`),
/// with what it shows.
fn selections(site: &Site) -> Vec<(String, Selection<'_>)> {
    if site.records.records.is_empty() {
        return Vec::new();
    }
    let network = &site.network;
    let folder = |job| {
        super::route_of(site, job)
            .as_str()
            .trim_start_matches('/')
            .to_string()
    };
    let mut pages = vec![(folder(super::Job::Index), home_selection(site))];
    pages.extend(
        network
            .unit_ids()
            .map(|id| (folder(super::Job::Unit(id)), unit_selection(site, id))),
    );
    pages.extend(
        (0..network.groups().len())
            .map(|g| (folder(super::Job::Pair(g)), group_selection(site, g))),
    );
    pages
}

/// The output path of every CSV file the pages link to.
pub(in crate::render) fn record_file_paths(site: &Site) -> Vec<OutputPath> {
    selections(site)
        .into_iter()
        .flat_map(|(folder, selection)| {
            let records = (!selection.listed.is_empty()).then(|| file(&folder, RECORDS_CSV));
            let totals = selection.has_figures().then(|| file(&folder, TOTALS_CSV));
            records.into_iter().chain(totals)
        })
        .collect()
}

/// A record's `paragraph` that its article does not have (the article has fewer paragraphs, or
/// the id is another kind's): an error at the record, naming how many the article has.
pub(in crate::render) fn paragraph_problems(
    site: &Site,
    articles: &[super::super::ArticleState],
) -> Vec<crate::error::Diagnostic> {
    let cited: std::collections::BTreeSet<&str> = site
        .records
        .records
        .iter()
        .filter_map(|r| r.source.as_ref().filter(|c| c.paragraph.is_some()))
        .map(|c| c.article.as_str())
        .collect();
    (0..site.articles.len())
        .filter(|&i| cited.contains(site.articles[i].slug.as_str()))
        .flat_map(|i| paragraph_problems_of(site, i, &articles[i]))
        .collect()
}

/// [`paragraph_problems`] of the records citing article `index`, whose state is `state`.
pub(in crate::render) fn paragraph_problems_of(
    site: &Site,
    index: usize,
    state: &super::super::ArticleState,
) -> Vec<crate::error::Diagnostic> {
    let slug = &site.articles[index].slug;
    let html = &state.body.html;
    let mut problems = Vec::new();
    for record in &site.records.records {
        let Some(citation) = record.source.as_ref().filter(|c| c.article == *slug) else {
            continue;
        };
        let (Some(paragraph), Some(at)) = (&citation.paragraph, &citation.paragraph_at) else {
            continue;
        };
        if html.contains(&format!(" id=\"{paragraph}\"")) {
            continue;
        }
        let count = (1..)
            .take_while(|n| html.contains(&format!(" id=\"p-{n}\"")))
            .count();
        problems.push(
            at.diagnostic(
                &record.file,
                format!("the article \"{slug}\" has no paragraph {paragraph}: it has {count}"),
            )
            .with_help(format!(
                "name one of p-1 to p-{count}: the ids of its paragraphs, in the order they are written"
            )),
        );
    }
    problems
}

/// Whether any record cites article `slug`: its pages show the article's title and link to
/// its paragraphs.
pub(in crate::render) fn cites(site: &Site, slug: &crate::types::Slug) -> bool {
    site.records
        .records
        .iter()
        .any(|r| r.source.as_ref().is_some_and(|c| c.article == *slug))
}
