//! `xiezuo init`, through the real binary: a new site builds and passes `check` at once, a
//! folder that is not empty is refused, and `--templates` writes out the built-in templates and
//! stylesheet without ever replacing a site's own file.

mod common;

use std::fs;

use common::*;

#[test]
fn a_new_site_builds_and_passes_check_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_binary(&["init", "my-site"], tmp.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("wrote a new site into my-site · 6 files"),
        "{stdout}"
    );
    let site = tmp.path().join("my-site");
    for file in [
        "xiezuo.toml",
        "content/pairings.toml",
        "content/articles/example.md",
        "content/pages/about.md",
        ".gitignore",
        ".github/workflows/site.yml",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let (code, stdout, stderr) = run_binary(&["check", "--root", "my-site"], tmp.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "no warnings: {stderr}");
    let (code, stdout, stderr) = run_binary(&["build", "--root", "my-site"], tmp.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("built 24 pages"), "{stdout}");
    let about = read(&site.join("public"), "about/index.html");
    assert!(about.contains("<h1>关于本站</h1>"), "{about}");
    let home = read(&site.join("public"), "index.html");
    assert!(
        home.contains(">关于本站</a>"),
        "the about page is in the navigation: {home}"
    );
    let county = read(&site.join("public"), "counties/west-county-1/index.html");
    assert!(county.contains("<h1>示例一县</h1>"), "{county}");
    assert!(
        county.contains("报道摘录"),
        "the example article is quoted: {county}"
    );
    // What the build keeps beside the output is ignored along with it.
    let ignored = fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/public"), "{ignored}");
    assert!(
        ignored.lines().any(|l| l == "/.public.xiezuo-*"),
        "{ignored}"
    );
    let beside: Vec<String> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    assert!(!beside.is_empty());
    assert!(
        beside
            .iter()
            .all(|name| name.starts_with(".public.xiezuo-")),
        "{beside:?}"
    );
    // The example data says it is an example.
    let data = fs::read_to_string(site.join("content/pairings.toml")).unwrap();
    assert!(data.starts_with("# 示例数据，请替换！"), "{data}");
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("site")).unwrap();
    fs::write(tmp.path().join("site/notes.txt"), "mine").unwrap();
    let (code, stdout, stderr) = run_binary(&["init", "site"], tmp.path());
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    insta::assert_snapshot!(stderr);
    assert_eq!(fs::read_dir(tmp.path().join("site")).unwrap().count(), 1);
}

#[test]
fn exported_templates_are_the_built_in_ones_and_are_never_written_over() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_binary(&["init", "site"], tmp.path());
    assert_eq!(code, 0, "{stderr}");
    let site = tmp.path().join("site");
    let out = tmp.path().join("before");
    build(&site, &out, None).unwrap();
    let before = read_tree(&out);

    let (code, stdout, stderr) = run_binary(&["init", "--templates"], &site);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("wrote built-in templates and stylesheet into . · 33 files"),
        "{stdout}"
    );
    assert!(site.join("templates/partials/quotes.html").is_file());
    assert!(site.join("templates/partials/site-header.html").is_file());
    assert_eq!(
        fs::read_to_string(site.join("static/style.css")).unwrap(),
        include_str!("../static/style.css")
    );
    let after = tmp.path().join("after");
    build(&site, &after, None).unwrap();
    assert!(
        before == read_tree(&after),
        "the exported files build the same site"
    );

    // A site with one template of its own: nothing is written, and that one is named.
    fs::remove_dir_all(site.join("templates")).unwrap();
    fs::remove_dir_all(site.join("static")).unwrap();
    fs::create_dir(site.join("templates")).unwrap();
    fs::write(site.join("templates/base.html"), "{{ page.title }}").unwrap();
    let (code, _, stderr) = run_binary(&["init", "--templates"], &site);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr);
    assert!(!site.join("templates/index.html").exists());
    assert!(!site.join("static").exists());
    assert_eq!(
        fs::read_to_string(site.join("templates/base.html")).unwrap(),
        "{{ page.title }}"
    );
}
