//! `serve`'s incremental rebuilds are right: random edits to articles (a paragraph rewritten, a
//! name mentioned or no longer mentioned, a new title) go through the in-memory path `serve`
//! takes on every save, and after each one every output file equals, byte for byte, a clean
//! `xiezuo build` of the same inputs. `serve` adds its reload script to responses only, never to
//! files, so the files must be the same.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use xiezuo::live::LiveSite;
use xiezuo::BuildOptions;

const BASE: &str = "http://127.0.0.1:1111/sub/";
const EDITS_PER_SEED: usize = 6;

/// Every unit name in the site's data file.
fn unit_names(root: &Path) -> Vec<String> {
    read(root, "content/pairings.toml")
        .lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .collect()
}

/// Splits an article into its front matter (with both fences) and its body.
fn split(text: &str) -> (String, String) {
    let close = text[3..].find("\n+++\n").unwrap() + 3 + "\n+++\n".len();
    (text[..close].to_string(), text[close..].to_string())
}

/// The indexes of the body's blocks that are plain paragraphs (not headings, lists, tables,
/// quotes or footnotes), which an edit may rewrite without touching any id others link to.
fn paragraphs(blocks: &[String]) -> Vec<usize> {
    (0..blocks.len())
        .filter(|&i| {
            let block = blocks[i].trim_start();
            !block.is_empty()
                && !block.starts_with(['#', '|', '-', '*', '>', '[', '+', '`'])
                && !block.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect()
}

/// One random edit of `text`; says what it did.
fn edit(text: &str, names: &[String], rng: &mut Rng, step: usize) -> (String, String) {
    let (front, body) = split(text);
    let mut blocks: Vec<String> = body.split("\n\n").map(str::to_string).collect();
    let editable = paragraphs(&blocks);
    let name = &names[rng.below(names.len())];
    match rng.below(4) {
        0 => {
            let front = front
                .lines()
                .map(|line| match line.strip_prefix("title = \"") {
                    Some(rest) => format!("title = \"修订{step}：{rest}"),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            (format!("{front}\n{body}"), "a new title".into())
        }
        what if editable.is_empty() || what == 1 => {
            let sentence = format!("补充第{step}句：{name}持续推进协作。");
            match editable.get(rng.below(editable.len().max(1))) {
                Some(&i) => blocks[i].push_str(&sentence),
                None => blocks.push(sentence),
            }
            let described = format!("a mention of {name} added");
            (format!("{front}{}", blocks.join("\n\n")), described)
        }
        2 => {
            let i = editable[rng.below(editable.len())];
            let mentioned: Vec<&String> = names.iter().filter(|n| blocks[i].contains(*n)).collect();
            let described = match mentioned.first() {
                Some(name) => {
                    blocks[i] = blocks[i].replacen(name.as_str(), "该地", 1);
                    format!("a mention of {name} removed from block {i}")
                }
                None => {
                    blocks[i].push_str("另有安排。");
                    format!("block {i} extended")
                }
            };
            (format!("{front}{}", blocks.join("\n\n")), described)
        }
        _ => {
            let i = editable[rng.below(editable.len())];
            blocks[i] = format!(
                "第{step}次改写：{}与{name}开展劳务协作。",
                blocks[i].chars().take(12).collect::<String>()
            );
            (
                format!("{front}{}", blocks.join("\n\n")),
                format!("block {i} rewritten"),
            )
        }
    }
}

fn clean_build(root: &Path) -> xiezuo::Result<tempfile::TempDir> {
    let out = tempfile::tempdir().unwrap();
    xiezuo::build(&BuildOptions {
        output: Some(out.path().join("site")),
        base_url: Some(BASE.into()),
        ..BuildOptions::new(root)
    })?;
    Ok(out)
}

fn assert_same_as_a_clean_build(live_output: &Path, root: &Path, what: &str) {
    let clean = clean_build(root).unwrap_or_else(|e| panic!("after {what}: {e}"));
    assert_same_tree(live_output, &clean.path().join("site"), what);
}

/// Applies `EDITS_PER_SEED` random edits per seed to copies of the site at `from`.
fn incremental_rebuilds_match_clean_builds(from: &Path, seeds: std::ops::Range<u64>) {
    for seed in seeds {
        let site = copy_site(from);
        let root = site.path();
        let output = root.join("public");
        let options = BuildOptions {
            output: Some(output.clone()),
            base_url: Some(BASE.into()),
            ..BuildOptions::new(root)
        };
        let (mut live, _) = LiveSite::build(&options).unwrap();
        let names = unit_names(root);
        let articles = articles(root);
        let mut rng = Rng::new(seed);
        for step in 0..EDITS_PER_SEED {
            let path = &articles[rng.below(articles.len())];
            let before = fs::read_to_string(path).unwrap();
            let (after, did) = edit(&before, &names, &mut rng, step);
            let what = format!(
                "seed {seed}, step {step}: {did} in {}",
                path.file_name().unwrap().to_string_lossy()
            );
            fs::write(path, &after).unwrap();
            match live.update(std::slice::from_ref(path)) {
                Ok(Some(_)) => assert_same_as_a_clean_build(&output, root, &what),
                Ok(None) => panic!("{what}: an article edit takes the incremental path"),
                Err(err) => {
                    // A bad edit must be bad for a clean build too; the live site stays as it
                    // was, so the file goes back to match it.
                    assert!(
                        clean_build(root).is_err(),
                        "{what}: only serve refused it: {err}"
                    );
                    fs::write(path, &before).unwrap();
                }
            }
        }
    }
}

#[test]
fn incremental_rebuilds_of_the_shipped_site_equal_clean_builds() {
    incremental_rebuilds_match_clean_builds(&shipped_site(), 0..4);
}

#[test]
fn incremental_rebuilds_of_the_province_fixture_equal_clean_builds() {
    incremental_rebuilds_match_clean_builds(&fixture("province"), 0..4);
}

/// Records with figures, totals and their CSV files, which a rebuild in place leaves as they are.
#[test]
fn incremental_rebuilds_of_the_records_fixture_equal_clean_builds() {
    incremental_rebuilds_match_clean_builds(&fixture("records"), 0..4);
}

/// The shipped site with eleven more articles in areas and tags, four articles to a list page:
/// a new title or lead reaches list pages, area and tag pages and the articles either side.
fn site_with_lists() -> tempfile::TempDir {
    let site = copy_site(&shipped_site());
    let settings = site.path().join("xiezuo.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        format!("{text}\n[lists]\nper_page = 4\nhome = 3\n"),
    )
    .unwrap();
    for i in 0..11 {
        let area = ["劳务协作", "消费协作"][i % 2];
        let text = format!(
            "+++\ntitle = \"报道{i}\"\ndate = 2021-05-{:02}\nareas = [\"{area}\"]\ntags = [\"样例{}\"]\n+++\n\n桐梓县第{i}篇报道。\n\n湄潭县与斗门区继续协作。\n",
            20 - i,
            i % 3
        );
        fs::write(
            site.path().join(format!("content/articles/report-{i}.md")),
            text,
        )
        .unwrap();
    }
    site
}

#[test]
fn incremental_rebuilds_of_a_site_with_list_pages_areas_and_tags_equal_clean_builds() {
    let site = site_with_lists();
    incremental_rebuilds_match_clean_builds(site.path(), 0..4);
}

#[test]
fn an_edit_to_an_articles_areas_or_tags_takes_a_full_build() {
    let site = site_with_lists();
    let root = site.path();
    let options = BuildOptions {
        output: Some(root.join("public")),
        ..BuildOptions::new(root)
    };
    let (mut live, _) = LiveSite::build(&options).unwrap();
    let path = root.join("content/articles/report-3.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("样例0", "样例9")).unwrap();
    assert!(live.update(std::slice::from_ref(&path)).unwrap().is_none());
    fs::write(&path, text.replace("消费协作", "劳务协作")).unwrap();
    assert!(live.update(std::slice::from_ref(&path)).unwrap().is_none());
}
