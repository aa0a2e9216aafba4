//! `content/pairings.toml` in the network form: the programme's fields, then `[[units]]`,
//! `[[pairings]]` and `[[events]]`.

use std::io::{self, Write};

use crate::model::{Level, Network, Pairing, Site, Unit};
use crate::names::{EAST_PROVINCE, WEST_PROVINCES};
use crate::text::{AREAS, PRINCIPLES};
use crate::toml_text::{date, quoted, quoted_list};

/// The programme's title (the home page's heading); marked as synthetic like the site title.
pub fn programme_title(site: &Site) -> String {
    let west: Vec<&str> = site
        .network
        .west_provinces
        .iter()
        .map(|&p| site.network.unit(p).name.as_str())
        .collect();
    format!(
        "{}与{}东西部协作（合成数据）",
        EAST_PROVINCE.name,
        west.join("、")
    )
}

pub fn summary(site: &Site) -> String {
    let n = &site.network;
    format!(
        "合成的测试数据，地名均为虚构：{}{}个市{}个区(功能区)与{}{}个市(州){}个县(市)建立结对关系。",
        EAST_PROVINCE.name,
        n.cities.len(),
        n.districts.len(),
        WEST_PROVINCES[..n.west_provinces.len()]
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join("、"),
        n.prefectures.len(),
        n.counties.len()
    )
}

/// The top-level fields: xiezuo's data file and Hugo's `data/programme.toml` both start so.
pub fn write_programme(w: &mut dyn Write, site: &Site) -> io::Result<()> {
    writeln!(w, "title = {}", quoted(&programme_title(site)))?;
    writeln!(w, "summary = {}", quoted(&summary(site)))?;
    writeln!(w, "principles = {}", quoted_list(PRINCIPLES))?;
    writeln!(w, "areas = {}", quoted_list(AREAS[..4].iter().copied()))
}

pub fn write(w: &mut dyn Write, site: &Site, seed: u64) -> io::Result<()> {
    writeln!(w, "# Synthetic test data (合成数据) written by xiezuo-gen (seed {seed}): every place, code and")?;
    writeln!(w, "# pairing here is made up.")?;
    write_programme(w, site)?;
    for unit in &site.network.units {
        write_unit(w, &site.network, unit)?;
    }
    for pairing in &site.network.pairings {
        write_pairing(w, site, pairing)?;
    }
    write_events(w, site, "")
}

fn write_unit(w: &mut dyn Write, network: &Network, unit: &Unit) -> io::Result<()> {
    writeln!(
        w,
        "\n[[units]]\nslug = \"{}\"\nname = {}\nkind = \"{}\"",
        unit.slug,
        quoted(&unit.name),
        unit.kind
    )?;
    match unit.parent {
        Some(parent) => writeln!(w, "parent = \"{}\"", network.unit(parent).slug)?,
        None => writeln!(w, "side = \"{}\"", side(unit))?,
    }
    if let Some(code) = unit.code {
        writeln!(w, "code = \"{code:06}\"")?;
    }
    if !unit.aliases.is_empty() {
        writeln!(
            w,
            "aliases = {}",
            quoted_list(unit.aliases.iter().map(String::as_str))
        )?;
    }
    Ok(())
}

fn side(unit: &Unit) -> &'static str {
    match unit.side {
        crate::model::Side::East => "east",
        crate::model::Side::West => "west",
    }
}

fn write_pairing(w: &mut dyn Write, site: &Site, pairing: &Pairing) -> io::Result<()> {
    let network = &site.network;
    let slug = |id: usize| network.unit(id).slug.as_str();
    writeln!(w, "\n[[pairings]]\neast = \"{}\"", slug(pairing.east))?;
    // A county-level pairing is always written as a list, the others only when they are one.
    let list = pairing.west.len() > 1 || network.unit(pairing.east).level == Level::County;
    if list {
        writeln!(
            w,
            "west = {}",
            quoted_list(pairing.west.iter().map(|&id| slug(id)))
        )?;
    } else {
        writeln!(w, "west = \"{}\"", slug(pairing.west[0]))?;
    }
    writeln!(w, "relation = \"{}\"", pairing.relation)?;
    if let Some(start) = pairing.start {
        writeln!(w, "start = {}", date(start))?;
    }
    if let Some(end) = pairing.end {
        writeln!(w, "end = {}", date(end))?;
    }
    if pairing.ended {
        writeln!(w, "ended = true")?;
    }
    if let Some(article) = pairing.source {
        writeln!(w, "source = \"{}\"", site.articles[article].slug)?;
    }
    if let Some(counties) = pairing.counties {
        writeln!(w, "counties = {counties}")?;
    }
    Ok(())
}

/// The `[[events]]` tables, with dates between `quote`s (none for TOML dates).
pub fn write_events(w: &mut dyn Write, site: &Site, quote: &str) -> io::Result<()> {
    for e in &site.events {
        writeln!(w, "\n[[events]]\ndate = {quote}{}{quote}", e.date)?;
        if let Some(end) = &e.end {
            writeln!(w, "end = {quote}{end}{quote}")?;
        }
        writeln!(w, "text = {}", quoted(&e.text))?;
    }
    Ok(())
}
