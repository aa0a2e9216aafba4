//! The site in xiezuo's own format: `xiezuo.toml`, `content/pairings.toml` (the network form),
//! `content/records/records.csv` (figures, [`records::PER_COUNTY`] a county),
//! `content/articles/a-00001.md` …; the site uses xiezuo's built-in templates.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::files::{prepare, Files};
use crate::model::{Article, Site};
use crate::toml_text::{quoted, quoted_list};

pub mod pairings;
pub mod records;

/// The site title; it says the data is synthetic (合成数据).
pub const SITE_TITLE: &str = "东滨 · 西岭 东西部协作（合成数据）";

pub fn site_description(site: &Site) -> String {
    let n = &site.network;
    format!(
        "合成的东西部协作结对站点（测试数据）：{}个市(州)、{}个区(功能区)、{}个县(市)、{}篇报道。",
        n.cities.len() + n.prefectures.len(),
        n.districts.len(),
        n.counties.len(),
        site.articles.len()
    )
}

/// The line `.xiezuo-gen` holds, which `bench/run.sh` shows.
pub fn note(site: &Site, seed: u64) -> String {
    let n = &site.network;
    format!(
        "written by xiezuo-gen --seed {seed}: {} cities, {} prefectures, {} districts, {} counties, {} articles\n",
        n.cities.len(),
        n.prefectures.len(),
        n.districts.len(),
        n.counties.len(),
        site.articles.len()
    )
}

/// Writes the site into `out`; returns the bytes written.
pub fn write(site: &Site, out: &Path, seed: u64) -> io::Result<u64> {
    prepare(out, &note(site, seed))?;
    let articles_dir = out.join("content/articles");
    fs::create_dir_all(&articles_dir)?;
    let mut files = Files::default();
    files.write(&out.join("xiezuo.toml"), |w| {
        writeln!(
            w,
            "# Synthetic site (test data) written by xiezuo-gen (seed {seed})."
        )?;
        writeln!(w, "title = {}", quoted(SITE_TITLE))?;
        writeln!(w, "description = {}", quoted(&site_description(site)))?;
        writeln!(
            w,
            "base_url = \"https://example.org/\"\nlanguage = \"zh-CN\""
        )
    })?;
    files.write(&out.join("content/pairings.toml"), |w| {
        pairings::write(w, site, seed)
    })?;
    fs::create_dir_all(out.join("content/records"))?;
    files.write(&out.join("content/records/records.csv"), |w| {
        records::write(w, site, seed)
    })?;
    for a in &site.articles {
        files.write(&articles_dir.join(format!("{}.md", a.slug)), |w| {
            write_front_matter(w, a, &[])?;
            writeln!(w)?;
            w.write_all(a.body.as_bytes())
        })?;
    }
    Ok(files.bytes)
}

/// An article's TOML front matter; `extra` lines go before the closing `+++`.
pub fn write_front_matter(w: &mut dyn Write, a: &Article, extra: &[String]) -> io::Result<()> {
    writeln!(
        w,
        "+++\ntitle = {}\ndate = {}\nsource = {}\nauthors = {}",
        quoted(&a.title),
        a.date,
        quoted(a.source),
        quoted_list(a.authors.iter().map(String::as_str))
    )?;
    if !a.units.is_empty() {
        writeln!(
            w,
            "units = {}",
            quoted_list(a.units.iter().map(String::as_str))
        )?;
    }
    for line in extra {
        writeln!(w, "{line}")?;
    }
    writeln!(w, "+++")
}
