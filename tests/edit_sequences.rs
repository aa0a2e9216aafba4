//! Whatever happened in between, a rebuild equals a clean build. Each seed applies a sequence of
//! random edits of every kind a site sees (articles added, removed, renamed, given a new slug or
//! a new paragraph; a template, a partial, the stylesheet, the settings or the data changed; a
//! file broken and then fixed) to a copy of a site. After each step, two outputs that lived
//! through every step before are compared, file for file and byte for byte, with a clean build
//! of the same inputs in a new folder:
//! - `xiezuo build` into the same output folder each time (its cache, hard links and manifest);
//! - the site `serve` keeps in memory, updated as `serve` updates it on a save (in place when
//!   the change allows, otherwise by a full build).
//!
//! A step whose inputs a clean build refuses must be refused by both, and must leave the last
//! good output exactly as it was; the file is then put back.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use xiezuo::live::LiveSite;
use xiezuo::BuildOptions;

const STEPS_PER_SEED: usize = 12;

/// A file as it was before a step: its contents, or `None` when the step created it.
type Before = (PathBuf, Option<Vec<u8>>);

struct Step {
    what: String,
    /// Every file the step wrote, created or removed, as it was before.
    before: Vec<Before>,
}

impl Step {
    /// The files the step changed, as `serve`'s watcher would report them.
    fn changed(&self) -> Vec<PathBuf> {
        self.before.iter().map(|(path, _)| path.clone()).collect()
    }
}

/// Records `path` as it is now, so the step can be undone.
fn keep(path: &Path) -> Before {
    (path.to_path_buf(), fs::read(path).ok())
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// The names of the units in the site's data, from its `name = "…"` lines.
fn unit_names(root: &Path) -> Vec<String> {
    read(root, "content/pairings.toml")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .collect()
}

/// Replaces the first line of `path` that starts with `prefix` by `with`, or inserts `with`
/// after the line `after` when none does.
fn set_line(path: &Path, prefix: &str, with: &str, after: &str) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(prefix)) {
        Some(i) => lines[i] = with.to_string(),
        None => {
            let i = lines.iter().position(|l| l.starts_with(after)).unwrap();
            lines.insert(i + 1, with.to_string());
        }
    }
    write(path, &(lines.join("\n") + "\n"));
}

/// Makes one random edit to the site at `root`; with `breaks`, one that breaks an article or
/// the data file.
fn edit(root: &Path, rng: &mut Rng, step: usize, breaks: bool) -> Step {
    let names = unit_names(root);
    let name = names[rng.below(names.len())].clone();
    let articles = articles(root);
    let article = articles.get(rng.below(articles.len().max(1))).cloned();
    let mut before = Vec::new();
    let mut touch = |path: PathBuf| {
        before.push(keep(&path));
        path
    };
    let kind = if breaks { 9 } else { rng.below(10) };
    let what = match (kind, article) {
        (0, _) | (1..=4, None) => {
            let path = touch(root.join(format!("content/articles/added-{step}.md")));
            write(
                &path,
                &format!(
                    "+++\ntitle = \"新增报道{step}\"\ndate = 2021-06-{:02}\n+++\n\n{name}与结对地区开展劳务协作。\n",
                    1 + step
                ),
            );
            format!("an article added that mentions {name}")
        }
        (1, Some(path)) => {
            let path = touch(path);
            fs::remove_file(&path).unwrap();
            format!("{} removed", path.display())
        }
        (2, Some(path)) => {
            let to = root.join(format!("content/articles/renamed-{step}.md"));
            let path = touch(path);
            let to = touch(to);
            fs::rename(&path, &to).unwrap();
            format!("{} renamed", path.display())
        }
        (3, Some(path)) => {
            let path = touch(path);
            set_line(
                &path,
                "slug = ",
                &format!("slug = \"slug-{step}\""),
                "title = ",
            );
            format!("{} given the slug slug-{step}", path.display())
        }
        (4, Some(path)) => {
            let path = touch(path);
            let text = fs::read_to_string(&path).unwrap();
            write(
                &path,
                &format!("{text}\n第{step}段：{name}持续推进协作。\n"),
            );
            format!("a paragraph mentioning {name} added to {}", path.display())
        }
        (5, _) => {
            let path = touch(root.join("templates/county.html"));
            write(
                &path,
                &format!("{{% extends \"unit.html\" %}}\n{{% block content %}}<p>第{step}版县页面</p>{{% endblock %}}\n"),
            );
            "the county template replaced".into()
        }
        (6, _) => {
            let path = touch(root.join("templates/partials/site-footer.html"));
            let text = fs::read_to_string(&path).unwrap_or_default();
            write(&path, &format!("{text}<p>页脚第{step}版</p>\n"));
            "the footer partial edited".into()
        }
        (7, _) => {
            let path = touch(root.join("static/extra.css"));
            write(&path, &format!(".step-{step} {{ color: #333; }}\n"));
            "static/extra.css written".into()
        }
        (8, _) => {
            let path = touch(root.join("xiezuo.toml"));
            set_line(
                &path,
                "title = ",
                &format!("title = \"第{step}版站点\""),
                "#",
            );
            "the site's title changed".into()
        }
        (9, Some(path)) if breaks && step % 2 == 0 => {
            let path = touch(path);
            write(&path, "+++\ntitle = \n+++\n\n坏了。\n");
            format!("{} broken", path.display())
        }
        (9, _) if breaks => {
            let path = touch(root.join("content/pairings.toml"));
            let text = fs::read_to_string(&path).unwrap();
            write(&path, &format!("{text}\n[[units]]\nname = \n"));
            "the data file broken".into()
        }
        _ => {
            let path = touch(root.join("content/pairings.toml"));
            let text = fs::read_to_string(&path).unwrap();
            let renamed = format!("{name}第{step}");
            write(
                &path,
                &text.replacen(
                    &format!("name = \"{name}\""),
                    &format!("name = \"{renamed}\""),
                    1,
                ),
            );
            format!("the unit {name} renamed {renamed}")
        }
    };
    Step { what, before }
}

fn undo(step: &Step) {
    for (path, bytes) in step.before.iter().rev() {
        match bytes {
            Some(bytes) => {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
            None => {
                let _ = fs::remove_file(path);
            }
        }
    }
}

fn options(root: &Path, output: PathBuf) -> BuildOptions {
    BuildOptions {
        output: Some(output),
        base_url: Some("http://127.0.0.1:1111/sub/".into()),
        ..BuildOptions::new(root)
    }
}

/// A clean build of `root` in a new folder, or the error a clean build gives.
fn clean_build(root: &Path) -> Result<tempfile::TempDir, xiezuo::Error> {
    let out = tempfile::tempdir().unwrap();
    xiezuo::build(&options(root, out.path().join("site")))?;
    Ok(out)
}

/// What `serve` does on a save: the in-place update where it applies, else a full build.
fn serve_update(live: &mut LiveSite, options: &BuildOptions, changed: &[PathBuf]) -> bool {
    match live.update(changed) {
        Ok(Some(_)) => true,
        Ok(None) => match LiveSite::build(options) {
            Ok((rebuilt, _)) => {
                *live = rebuilt;
                true
            }
            Err(_) => false,
        },
        Err(_) => false,
    }
}

fn edits_match_clean_builds(from: &Path, seeds: std::ops::Range<u64>) {
    for seed in seeds {
        let site = copy_site(from);
        let root = site.path();
        let built = root.join("out-build");
        let served = root.join("out-serve");
        let build_options = options(root, built.clone());
        let serve_options = options(root, served.clone());
        xiezuo::build(&build_options).unwrap();
        let (mut live, _) = LiveSite::build(&serve_options).unwrap();
        let mut rng = Rng::new(seed);
        for n in 0..STEPS_PER_SEED {
            // Twice a seed, an article or the data file is broken: a refused step, then undone.
            let breaks = n == STEPS_PER_SEED / 2 || n == STEPS_PER_SEED - 1;
            let step = edit(root, &mut rng, n, breaks);
            let what = format!("seed {seed}, step {n}: {}", step.what);
            let (built_before, served_before) = (read_tree(&built), read_tree(&served));
            let build_result = xiezuo::build(&build_options);
            let served_ok = serve_update(&mut live, &serve_options, &step.changed());
            match clean_build(root) {
                Ok(clean) => {
                    let expected = clean.path().join("site");
                    build_result.unwrap_or_else(|e| panic!("{what}: only build refused: {e}"));
                    assert!(served_ok, "{what}: only serve refused");
                    assert_same_tree(&built, &expected, &format!("{what} (build)"));
                    assert_same_tree(&served, &expected, &format!("{what} (serve)"));
                }
                Err(_) => {
                    assert!(
                        build_result.is_err(),
                        "{what}: build took what a clean build refused"
                    );
                    assert!(!served_ok, "{what}: serve took what a clean build refused");
                    assert_eq!(
                        read_tree(&built),
                        built_before,
                        "{what}: a refused build changed the output"
                    );
                    assert_eq!(
                        read_tree(&served),
                        served_before,
                        "{what}: a refused update changed the preview"
                    );
                    undo(&step);
                    let fixed = format!("{what}, then undone");
                    xiezuo::build(&build_options).unwrap_or_else(|e| panic!("{fixed}: {e}"));
                    assert!(
                        serve_update(&mut live, &serve_options, &step.changed()),
                        "{fixed}: serve"
                    );
                    let clean = clean_build(root).unwrap_or_else(|e| panic!("{fixed}: {e}"));
                    assert_same_tree(
                        &built,
                        &clean.path().join("site"),
                        &format!("{fixed} (build)"),
                    );
                    assert_same_tree(
                        &served,
                        &clean.path().join("site"),
                        &format!("{fixed} (serve)"),
                    );
                }
            }
        }
    }
}

#[test]
fn every_kind_of_edit_to_the_shipped_site_rebuilds_as_a_clean_build() {
    edits_match_clean_builds(&shipped_site(), 0..4);
}

#[test]
fn every_kind_of_edit_to_the_province_fixture_rebuilds_as_a_clean_build() {
    edits_match_clean_builds(&fixture("province"), 0..4);
}
