//! Synthetic sites from `xiezuo-gen` (`tools/xiezuo-gen`, a dev-dependency) at the `small` and
//! `1k` scales: they build, every page of the data exists, links inside the site resolve, and
//! generation is reproducible. No timing is asserted here; `bench/run.sh` measures.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use xiezuo::PageKind;
use xiezuo::Section;
use xiezuo::{BuildOptions, BuildReport};
use xiezuo_gen::{Options, Size};

const BASE_URL: &str = "https://example.org/";

struct Scale {
    name: &'static str,
    /// The page count of the first form's sites at this scale, which the network form keeps.
    pages: usize,
    cities: usize,
    prefectures: usize,
    districts: usize,
    counties: usize,
    articles: usize,
}

const SMALL: Scale = Scale {
    name: "small",
    pages: 18,
    cities: 1,
    prefectures: 2,
    districts: 1,
    counties: 2,
    articles: 1,
};
const ONE_K: Scale = Scale {
    name: "1k",
    pages: 1404,
    cities: 20,
    prefectures: 30,
    districts: 397,
    counties: 714,
    articles: 200,
};

fn try_generate(scale: &str, seed: u64, out: &Path) -> std::io::Result<()> {
    let options = Options {
        size: Size::preset(scale).expect("a preset"),
        seed,
        out: out.to_path_buf(),
        hugo: None,
    };
    xiezuo_gen::generate(&options).map(|_| ())
}

fn generate(scale: &str, seed: u64, out: &Path) {
    try_generate(scale, seed, out).unwrap_or_else(|err| panic!("xiezuo-gen {scale} failed: {err}"));
}

fn build(root: &Path, out: &Path) -> BuildReport {
    xiezuo::build(&BuildOptions {
        output: Some(out.to_path_buf()),
        ..BuildOptions::new(root)
    })
    .unwrap_or_else(|err| panic!("building {} failed: {err}", root.display()))
}

/// The slugs of one section's units in the generated pairings.toml, as xiezuo reads it.
fn slugs(root: &Path, section: Section) -> Vec<String> {
    let network =
        xiezuo::internals::network::load(&root.join("content/pairings.toml")).expect("valid data");
    network
        .units_in(section)
        .into_iter()
        .map(|id| network.unit(id).slug.as_str().to_string())
        .collect()
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(base).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// The values of every `href="…"` in `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("hrefs decode to UTF-8")
}

/// Checks that every link inside the site from `page` leads to a file in `out`, and that a
/// `#fragment` names an id on the target page. Returns how many links were checked.
fn check_links(out: &Path, page: &Path) -> usize {
    let html = fs::read_to_string(page).unwrap();
    let mut checked = 0;
    for href in hrefs(&html) {
        let href = href.replace("&amp;", "&");
        let local = if let Some(rest) = href.strip_prefix(BASE_URL) {
            format!("/{rest}")
        } else if href.starts_with('/') || href.starts_with('#') {
            href.clone()
        } else {
            // External links (the article text has none) and other schemes are not ours.
            assert!(
                href.contains("://") || href.starts_with("mailto:"),
                "relative link {href} in {}",
                page.display()
            );
            continue;
        };
        let (path, fragment) = match local.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (local.as_str(), None),
        };
        let target = if path.is_empty() {
            page.to_path_buf()
        } else {
            let path = percent_decode(path.split('?').next().unwrap_or_default());
            let file = out.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file.join("index.html")
            } else {
                file
            }
        };
        assert!(
            target.is_file(),
            "{} links to {href}, but {} does not exist",
            page.display(),
            target.display()
        );
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let text = fs::read_to_string(&target).unwrap();
            let id = format!("id=\"{}\"", percent_decode(fragment));
            assert!(
                text.contains(&id),
                "{} links to {href}, but {} has no {id}",
                page.display(),
                target.display()
            );
        }
        checked += 1;
    }
    checked
}

fn check_scale(scale: &Scale, sample_every: usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = dir.path().join("out");
    generate(scale.name, 1, &root);

    let report = build(&root, &out);
    assert!(
        report.warnings.is_empty(),
        "{}: {:?}",
        scale.name,
        report.warnings
    );
    let count = |kind| report.pages.get(&kind).copied().unwrap_or(0);
    let unit = |section| count(PageKind::Unit(section));
    assert_eq!(unit(Section::Districts), scale.districts, "{}", scale.name);
    assert_eq!(unit(Section::Counties), scale.counties, "{}", scale.name);
    let west_provinces = if scale.prefectures >= 3 { 2 } else { 1 };
    assert_eq!(unit(Section::Cities), scale.cities + scale.prefectures);
    assert_eq!(unit(Section::Provinces), 1 + west_provinces);
    assert!(count(PageKind::Pair) >= scale.prefectures + west_provinces);
    assert_eq!(count(PageKind::Article), scale.articles, "{}", scale.name);
    assert_eq!(count(PageKind::Index), 1);
    for section in Section::ALL {
        assert_eq!(count(PageKind::List(section)), 1, "{section:?}");
    }
    assert_eq!(count(PageKind::NotFound), 1);
    // The article list's pages (20 articles each), the areas' pages and their list come on top of the
    // pages the scale was made for.
    assert_eq!(count(PageKind::Articles), scale.articles.div_ceil(20));
    let listed = count(PageKind::Articles)
        + count(PageKind::Area)
        + count(PageKind::Tag)
        + count(PageKind::Areas)
        + count(PageKind::Tags);
    assert_eq!(report.page_count() - listed, scale.pages, "{}", scale.name);

    let districts = slugs(&root, Section::Districts);
    let counties = slugs(&root, Section::Counties);
    assert_eq!(districts.len(), scale.districts);
    assert_eq!(counties.len(), scale.counties);
    let mut pages: Vec<PathBuf> = Vec::new();
    for slug in &districts {
        pages.push(out.join("districts").join(slug).join("index.html"));
    }
    for slug in &counties {
        pages.push(out.join("counties").join(slug).join("index.html"));
    }
    let mut articles: Vec<String> = fs::read_dir(root.join("content/articles"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    articles.sort();
    assert_eq!(articles.len(), scale.articles);
    for slug in &articles {
        pages.push(out.join("articles").join(slug).join("index.html"));
    }
    for page in &pages {
        assert!(page.is_file(), "{} is missing", page.display());
    }

    // Links: the home page, the lists and 404 always, and every n-th unit and article page.
    let mut sample: Vec<PathBuf> = [
        "index.html",
        "provinces/index.html",
        "cities/index.html",
        "districts/index.html",
        "counties/index.html",
        "404.html",
    ]
    .iter()
    .map(|p| out.join(p))
    .collect();
    sample.extend(pages.iter().step_by(sample_every).cloned());
    sample.extend(pages.last().cloned());
    let checked: usize = sample.iter().map(|page| check_links(&out, page)).sum();
    // Each district, county and article page links to others; the home page to all of them.
    assert!(
        checked > scale.districts + scale.counties,
        "only {checked} links checked"
    );

    // Articles mention the units, so their pages link to them. Where one name contains
    // another (东安区 in 东安区经济开发区), the longer one is linked, never the shorter; the
    // name two zones share links where the article's `units` decide it (no warning above).
    let mut longest_matches = 0;
    for page in &pages[districts.len() + counties.len()..] {
        let html = fs::read_to_string(page).unwrap();
        assert!(
            hrefs(&html).iter().any(|h| h.contains("/counties/c-")),
            "{} links no county mention",
            page.display()
        );
        assert!(
            !html.contains("</a>经济开发区"),
            "{}: a shorter name won over a longer one",
            page.display()
        );
        longest_matches += html.matches("经济开发区</a>").count();
    }
    check_search_documents(scale, &out);
    if scale.districts >= 100 {
        assert!(longest_matches > 0, "the containment case was exercised");
        let first = fs::read_to_string(&pages[districts.len() + counties.len()]).unwrap();
        assert!(first.contains(">高新区</a>"), "the shared name is linked");
    }
}

/// Every unit page is in the search index, and a list page holds at most 100 names there (the
/// units have pages of their own; a longer list made one huge document every name query fetched).
fn check_search_documents(scale: &Scale, out: &Path) {
    let mut rows: Vec<Vec<serde_json::Value>> = Vec::new();
    for entry in fs::read_dir(out.join("search")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('d') {
            let chunk: Vec<Vec<serde_json::Value>> =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            rows.extend(chunk);
        }
    }
    let url = |row: &Vec<serde_json::Value>| row[1].as_str().unwrap().to_owned();
    let under = |prefix: &str| rows.iter().filter(|r| url(r).contains(prefix)).count();
    assert_eq!(under("/counties/c-"), scale.counties, "{}", scale.name);
    assert_eq!(under("/districts/d-"), scale.districts, "{}", scale.name);
    let list = rows
        .iter()
        .find(|r| url(r).ends_with("/counties/"))
        .expect("the counties' list is indexed");
    let names = list[4].as_str().unwrap().split('、').count();
    assert_eq!(names, scale.counties.min(100), "{}", scale.name);
}

#[test]
fn small_scale_builds_with_every_page_and_link() {
    check_scale(&SMALL, 1);
}

#[test]
fn one_k_scale_builds_with_every_page_and_link() {
    check_scale(&ONE_K, 23);
}

#[test]
fn the_same_seed_gives_byte_identical_inputs() {
    let dir = tempfile::tempdir().unwrap();
    for scale in ["small", "1k"] {
        let (a, b, c) = (
            dir.path().join(format!("{scale}-a")),
            dir.path().join(format!("{scale}-b")),
            dir.path().join(format!("{scale}-c")),
        );
        generate(scale, 42, &a);
        generate(scale, 42, &b);
        generate(scale, 43, &c);
        let first = tree(&a);
        assert!(first.len() > 3, "{scale}: {} files", first.len());
        assert!(first == tree(&b), "{scale}: same seed, different files");
        assert!(
            first != tree(&c),
            "{scale}: another seed gives another site"
        );
        // Regenerating over an earlier output replaces it exactly.
        generate(scale, 42, &c);
        assert!(first == tree(&c), "{scale}: regenerating in place differs");
    }
}

#[test]
fn the_generator_refuses_to_replace_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = try_generate("small", 1, dir.path()).unwrap_err();
    assert!(err.to_string().contains("refusing to replace"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// The generator writes ten records a county at every scale; the home page adds them all up,
/// and every county's page shows its own.
#[test]
fn every_county_of_a_generated_site_has_its_records_and_the_home_page_their_totals() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("out"));
    generate("1k", 7, &root);
    build(&root, &out);
    let csv = fs::read_to_string(root.join("content/records/records.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let counties = slugs(&root, Section::Counties);
    assert_eq!(
        rows.len(),
        counties.len() * xiezuo_gen::xiezuo_site::records::PER_COUNTY
    );
    // Sums in whole people and in tenths of 万元, as integers: no float in the check either.
    let people: u64 = rows
        .iter()
        .filter(|r| r[5] == "转移就业")
        .map(|r| r[6].parse::<u64>().unwrap())
        .sum();
    let tenths: u64 = rows
        .iter()
        .filter(|r| r[5] == "财政帮扶资金")
        .map(|r| r[6].replace('.', "").parse::<u64>().unwrap())
        .sum();
    let totals = fs::read_to_string(out.join("totals.csv")).unwrap();
    let funds = format!("{}.{}", tenths / 10, tenths % 10);
    let funds = funds.trim_end_matches(".0");
    assert!(
        totals.contains(&format!("转移就业,人,合计,,{people}\r\n")),
        "{people} 人"
    );
    assert!(
        totals.contains(&format!("财政帮扶资金,万元,合计,,{funds}\r\n")),
        "{funds} 万元"
    );
    for county in counties {
        let page = fs::read_to_string(out.join(format!("counties/{county}/index.html"))).unwrap();
        assert!(
            page.contains("id=\"records-title\"") && page.contains("id=\"totals-title\""),
            "{county}"
        );
        assert!(out.join(format!("counties/{county}/records.csv")).is_file());
    }
}
