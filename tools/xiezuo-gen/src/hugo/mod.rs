//! The equivalent Hugo site, for `bench/run.sh`: one content file per district, county and
//! article (the same article Markdown), and layouts written the way an experienced Hugo user
//! would write them to render the same district, county, article, list and home pages as
//! xiezuo, so that the benchmark compares like with like.
//!
//! Rendered by Hugo itself: every page's full `<head>` (description, canonical, colour scheme
//! and theme colours, icon, stylesheet, Atom link, Open Graph and Twitter metas, the search
//! script), the header with brand, navigation and the hidden search form, breadcrumbs and the
//! footer; the district and county pages' eyebrow (the province and city above the unit),
//! heading, lead sentence, the neighbourhood diagram (laid out in the template with Hugo's
//! math functions, in xiezuo's markup), facts (kind, code, aliases), partner cards with the
//! relation and period, sibling cards and quotes (each a blockquote with the paragraph, this
//! unit's mentions in `<mark>`, and the linked article title and date); the article pages'
//! header, body (with xiezuo's `p-N` ids on paragraphs and list items, added in a cached
//! partial: Goldmark has no paragraph hook), byline and mentioned districts and counties; the
//! lists; the home page's facts, principles, areas, pairing table, events and article list;
//! the 404 page. Site files: sitemap.xml, robots.txt, atom.xml and search-index.json.
//!
//! Precomputed by the generator, as a Hugo user would with a script, because a template cannot
//! reasonably find names in text: each district's and county's quotes in its front matter
//! (found with xiezuo's own loader, linker and Markdown pass, so they are exactly the
//! paragraphs xiezuo quotes), each article's mentioned districts and counties, and each unit's
//! place (the names above it), relation and period.
//!
//! Not mirrored: the network form's province, city and pair pages (`/provinces/…`, `/cities/…`,
//! `/pairs/…/…/`) and their lists. Hugo builds the district and county pages, articles, lists,
//! home and site files only, so xiezuo renders about 5% more pages at each scale (the `pages`
//! figure in the bench is xiezuo's; it prints both sites' HTML file counts). Also different:
//! xiezuo links every unit name inside article bodies, and Hugo's articles keep their text
//! unlinked; xiezuo's home page has one table per pair group and Hugo's one table; Hugo's
//! breadcrumbs go through the section list rather than the province and city; the lead
//! sentences are worded alike but not byte for byte; diagram ids are an MD5 prefix.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use xiezuo::internals::linker::EntityId;
use xiezuo::internals::network::UnitId;

use crate::files::{prepare, Files};
use crate::model::{Date, Level, Site, Unit};
use crate::toml_text::{quoted, quoted_list};
use crate::xiezuo_site::{pairings, site_description, write_front_matter, SITE_TITLE};

mod layouts;
pub mod mentions;

use mentions::{quote_runs, Mentions};

const DIRS: [&str; 9] = [
    "layouts/_partials",
    "layouts/districts",
    "layouts/counties",
    "layouts/articles",
    "static",
    "data",
    "content/districts",
    "content/counties",
    "content/articles",
];

/// Writes the Hugo site into `out`; returns the bytes written.
pub fn write(site: &Site, out: &Path) -> io::Result<u64> {
    prepare(out, "Hugo site written by xiezuo-gen\n")?;
    let mut data = Vec::new();
    pairings::write(&mut data, site, 0)?;
    let mentions = Mentions::find(site, &String::from_utf8_lossy(&data))?;
    for dir in DIRS {
        fs::create_dir_all(out.join(dir))?;
    }
    let mut files = Files::default();
    write_fixed(&mut files, site, out)?;
    files.write(&out.join("data/programme.toml"), |w| {
        pairings::write_programme(w, site)?;
        // Hugo's data files keep dates as text.
        pairings::write_events(w, site, "\"")
    })?;
    let periods = Periods::new(site);
    for (i, &d) in site.network.districts.iter().enumerate() {
        let path = out.join(format!(
            "content/districts/{}.md",
            site.network.unit(d).slug
        ));
        files.write(&path, |w| write_unit(w, site, &mentions, &periods, d, i))?;
    }
    for (i, &c) in site.network.counties.iter().enumerate() {
        let path = out.join(format!("content/counties/{}.md", site.network.unit(c).slug));
        files.write(&path, |w| write_unit(w, site, &mentions, &periods, c, i))?;
    }
    for (i, a) in site.articles.iter().enumerate() {
        files.write(&out.join(format!("content/articles/{}.md", a.slug)), |w| {
            write_article(w, site, &mentions, i)
        })?;
    }
    Ok(files.bytes)
}

/// The label of the units' kinds as xiezuo makes it: 区(功能区), 县(市).
fn label(site: &Site, ids: &[usize]) -> String {
    xiezuo::internals::network::group_label(ids.iter().map(|&id| site.network.unit(id).kind))
}

/// Configuration, layouts, static files and the section pages.
fn write_fixed(files: &mut Files, site: &Site, out: &Path) -> io::Result<()> {
    let (districts, counties) = (
        label(site, &site.network.districts),
        label(site, &site.network.counties),
    );
    let config = layouts::CONFIG
        .replace("{districts_label}", &districts)
        .replace("{counties_label}", &counties);
    let config = format!(
        "title = {}\n{config}\n[params]\ndescription = {}\n",
        quoted(SITE_TITLE),
        quoted(&site_description(site))
    );
    files.text(&out.join("hugo.toml"), &config)?;
    for (path, text) in layouts::LAYOUTS {
        files.text(&out.join(path), text)?;
    }
    for (path, bytes) in layouts::STATIC {
        files.write(&out.join(path), |w| w.write_all(bytes))?;
    }
    let home = format!(
        "+++\ntitle = {}\nlinkTitle = \"首页\"\n+++\n",
        quoted(&pairings::programme_title(site))
    );
    files.text(&out.join("content/_index.md"), &home)?;
    for (section, label) in [("districts", districts), ("counties", counties)] {
        let index = format!("+++\ntitle = \"结对{label}\"\nlinkTitle = \"结对{label}\"\n[params]\nlabel = \"{label}\"\n+++\n");
        files.text(&out.join(format!("content/{section}/_index.md")), &index)?;
    }
    // xiezuo has no article list page, so Hugo must not render one either.
    files.text(
        &out.join("content/articles/_index.md"),
        "+++\ntitle = \"报道\"\n[build]\nrender = \"never\"\n+++\n",
    )
}

/// Each county-level unit's current pairing: relation and period, as xiezuo words them.
struct Periods {
    of: Vec<Option<(&'static str, Option<String>)>>,
}

impl Periods {
    fn new(site: &Site) -> Periods {
        let mut of = vec![None; site.network.units.len()];
        for p in &site.network.pairings {
            if site.network.unit(p.east).level != Level::County {
                continue;
            }
            let said = (p.relation, p.start.map(|d| format!("{}起", chinese(d))));
            for &unit in std::iter::once(&p.east).chain(&p.west) {
                of[unit] = Some(said.clone());
            }
        }
        Periods { of }
    }
}

/// `2021年`, `2021年5月`, `2021年5月31日`.
fn chinese(date: Date) -> String {
    match date {
        Date::Year(y) => format!("{y}年"),
        Date::Month(y, m) => format!("{y}年{m}月"),
        Date::Day(y, m, d) => format!("{y}年{m}月{d}日"),
    }
}

/// The names above a unit: 东滨省东水市.
fn place(site: &Site, unit: &Unit) -> String {
    let parent = site.network.unit(unit.parent.expect("a county-level unit"));
    let province = site.network.unit(parent.parent.expect("a prefecture"));
    format!("{}{}", province.name, parent.name)
}

/// A district's or county's content file: its facts, partners and quotes.
fn write_unit(
    w: &mut dyn Write,
    site: &Site,
    mentions: &Mentions,
    periods: &Periods,
    id: usize,
    weight: usize,
) -> io::Result<()> {
    let network = &site.network;
    let unit = network.unit(id);
    let parent = network.unit(network.parent(id));
    let partners = network.partners[id]
        .iter()
        .map(|&p| network.unit(p).slug.as_str());
    let (partner_key, parent_key) = match unit.side {
        crate::model::Side::East => ("counties", "city"),
        crate::model::Side::West => ("districts", "prefecture"),
    };
    writeln!(
        w,
        "+++\ntitle = {}\nweight = {}\nkind = \"{}\"\nplace = {}\n{parent_key} = {}\n{partner_key} = {}",
        quoted(&unit.name),
        weight + 1,
        unit.kind,
        quoted(&place(site, unit)),
        quoted(&parent.name),
        quoted_list(partners)
    )?;
    if unit.side == crate::model::Side::West {
        writeln!(
            w,
            "other_names = {}",
            quoted_list(unit.aliases.iter().map(String::as_str))
        )?;
    }
    if let Some(code) = unit.code {
        writeln!(w, "code = \"{code:06}\"")?;
    }
    if let Some((relation, period)) = &periods.of[id] {
        writeln!(w, "relation = \"{relation}\"")?;
        if let Some(period) = period {
            writeln!(w, "period = \"{period}\"")?;
        }
    }
    let entity = UnitId(id as u32);
    for &(article, index) in &mentions.units[id] {
        let block = &mentions.blocks[article][index];
        writeln!(
            w,
            "\n[[quotes]]\narticle = \"{}\"\nblock = \"{}\"\ntext = {}",
            site.articles[article].slug,
            block.id,
            quoted_list(quote_runs(block, entity))
        )?;
    }
    writeln!(w, "+++")
}

/// An article with the districts and counties it mentions in its front matter.
fn write_article(w: &mut dyn Write, site: &Site, mentions: &Mentions, i: usize) -> io::Result<()> {
    let network = &site.network;
    let slugs = |level_side: fn(&Unit) -> bool| -> Vec<&str> {
        mentions.mentioned[i]
            .iter()
            .map(|e: &EntityId| network.unit(e.0 as usize))
            .filter(|u| level_side(u))
            .map(|u| u.slug.as_str())
            .collect()
    };
    let districts = slugs(|u| u.level == Level::County && u.side == crate::model::Side::East);
    let counties = slugs(|u| u.level == Level::County && u.side == crate::model::Side::West);
    let a = &site.articles[i];
    let extra = [
        format!("mentioned_districts = {}", quoted_list(districts)),
        format!("mentioned_counties = {}", quoted_list(counties)),
    ];
    write_front_matter(w, a, &extra)?;
    writeln!(w)?;
    w.write_all(a.body.as_bytes())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::Size;

    #[test]
    fn the_same_seed_gives_byte_identical_hugo_sites() {
        let site = Site::generate(Size::preset("small").unwrap(), 9);
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        for dir in &dirs {
            write(&site, &dir.path().join("hugo")).unwrap();
        }
        let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
            let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(root).unwrap().to_path_buf(),
                        fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            files
        };
        let first = files(&dirs[0].path().join("hugo"));
        assert!(first.len() > 20);
        assert!(first
            .iter()
            .any(|(_, bytes)| bytes.windows(10).any(|w| w == b"[[quotes]]")));
        assert_eq!(first, files(&dirs[1].path().join("hugo")));
    }
}
