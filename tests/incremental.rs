//! Output is honest and incremental: unchanged files are not rewritten, stale files go, and
//! files xiezuo did not write are never touched. `check` writes nothing.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;

use common::*;

fn inodes(out: &std::path::Path, files: &[xiezuo::OutputPath]) -> Vec<u64> {
    files
        .iter()
        .map(|p| fs::metadata(out.join(p.as_str())).unwrap().ino())
        .collect()
}

/// A comment added to the settings changes the inputs' fingerprint, so the build cannot stop
/// early and goes through staging (a new output folder is swapped in), but no output: every file
/// is hard-linked from the previous build, the same file with the same inode and mtime.
#[test]
fn a_staged_build_of_equivalent_input_writes_nothing_and_keeps_every_inode() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    let first = build(site.path(), &out, None).unwrap();
    assert_eq!(first.files.unchanged.len(), 0);
    let before = inodes(&out, &first.files.written);
    let folder_before = fs::metadata(&out).unwrap().ino();
    let settings = site.path().join("xiezuo.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, text + "\n# 只是注释\n").unwrap();
    let second = build(site.path(), &out, None).unwrap();
    assert_ne!(
        fs::metadata(&out).unwrap().ino(),
        folder_before,
        "the build was staged and swapped in, not skipped"
    );
    assert_eq!(second.files.written.len(), 0, "{:?}", second.files.written);
    assert_eq!(second.files.unchanged.len(), first.files.written.len());
    assert!(second.files.removed.is_empty());
    assert_eq!(
        before,
        inodes(&out, &first.files.written),
        "unchanged files are the same files, mtime included"
    );
}

/// Through staging, a changed page gets a new file and every other one keeps its inode.
#[test]
fn a_staged_build_rewrites_changed_files_and_keeps_the_inodes_of_the_rest() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let (changed, same) = ("counties/chishui/index.html", "counties/meitan/index.html");
    let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
    let (changed_before, same_before, css_before) =
        (inode(changed), inode(same), inode("style.css"));
    let data = site.path().join("content/pairings.toml");
    let text = fs::read_to_string(&data).unwrap();
    fs::write(&data, text.replace("kind = \"县级市\"", "kind = \"市\"")).unwrap();
    let report = build(site.path(), &out, None).unwrap();
    let written: Vec<&str> = report.files.written.iter().map(|p| p.as_str()).collect();
    assert!(written.contains(&changed), "{written:?}");
    assert_ne!(
        inode(changed),
        changed_before,
        "the changed page is a new file"
    );
    assert_eq!(
        inode(same),
        same_before,
        "an unchanged page is the same file"
    );
    assert_eq!(inode("style.css"), css_before);
}

#[test]
fn editing_one_county_rewrites_only_the_pages_that_show_it() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let data = site.path().join("content/pairings.toml");
    let text = fs::read_to_string(&data).unwrap();
    fs::write(&data, text.replace("kind = \"县级市\"", "kind = \"市\"")).unwrap();
    let report = build(site.path(), &out, None).unwrap();
    let written: Vec<&str> = report.files.written.iter().map(|p| p.as_str()).collect();
    assert!(
        written.contains(&"counties/chishui/index.html"),
        "{written:?}"
    );
    assert!(written.contains(&"counties/index.html"), "{written:?}");
    assert!(
        !written.contains(&"counties/meitan/index.html"),
        "{written:?}"
    );
    assert!(!written.contains(&"style.css"), "{written:?}");
}

#[test]
fn removing_a_county_removes_its_page_and_nothing_else() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    fs::write(out.join("CNAME"), "zhuhai-zunyi.example.org\n").unwrap();
    // Drop 湄潭县 and its pairing with 斗门区, which then pairs with nothing.
    let data = site.path().join("content/pairings.toml");
    let text = fs::read_to_string(&data).unwrap();
    let without = |text: &str, entry: &str| {
        let start = text.find(entry).unwrap();
        let end = start + text[start..].find("\n\n").unwrap() + 2;
        format!("{}{}", &text[..start], &text[end..])
    };
    let text = without(&text, "[[units]]\nslug = \"meitan\"");
    let text = without(&text, "[[pairings]]\neast = \"doumen\"");
    fs::write(&data, text).unwrap();
    let report = build(site.path(), &out, None).unwrap();
    assert_eq!(report.files.removed, ["counties/meitan/index.html"]);
    assert!(!out.join("counties/meitan").exists());
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "zhuhai-zunyi.example.org\n",
        "a file xiezuo did not write survives"
    );
    assert!(out.join("counties/tongzi/index.html").is_file());
}

#[test]
fn check_renders_everything_and_writes_nothing() {
    let site = copy_site(&shipped_site());
    let (code, stdout, stderr) = run_binary(&["check"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.path().join("public").exists());
    build(site.path(), &site.path().join("public"), None).unwrap();
    let files = read_tree(&site.path().join("public")).len();
    let expected = format!("checked 36 pages (5 districts, 8 counties, 3 cities, 2 provinces, 2 pairs, 1 article, 13 lists, 1 other page) · {files} files · no problems");
    assert!(stdout.starts_with(&expected), "{stdout}");
    fs::remove_dir_all(site.path().join("public")).unwrap();
    fs::write(site.path().join("templates/404.html"), "{% if %}").unwrap();
    let (code, _, stderr) = run_binary(&["check"], site.path());
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: template "), "{stderr}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn quiet_prints_nothing_and_verbose_lists_every_file() {
    let site = copy_site(&shipped_site());
    let (code, stdout, _) = run_binary(&["build", "--quiet"], site.path());
    assert_eq!((code, stdout.as_str()), (0, ""));
    let files = read_tree(&site.path().join("public")).len();
    let (_, stdout, _) = run_binary(&["build", "--verbose"], site.path());
    let unchanged = stdout
        .lines()
        .filter(|l| l.starts_with("unchanged  "))
        .count();
    assert_eq!(unchanged, files, "{stdout}");
    let summary = format!("0 written, {files} unchanged, 0 removed");
    assert!(
        stdout.lines().last().unwrap().contains(&summary),
        "{stdout}"
    );
}

#[test]
fn unchanged_inputs_skip_the_build_but_a_tampered_output_is_rebuilt() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    assert!(
        site.path().join(".public.xiezuo-cache").is_file(),
        "the cache lives beside the output"
    );
    let original = fs::read(out.join("counties/meitan/index.html")).unwrap();
    let skipped = build(site.path(), &out, None).unwrap();
    assert!(skipped.files.written.is_empty());
    fs::write(out.join("counties/meitan/index.html"), "tampered").unwrap();
    let repaired = build(site.path(), &out, None).unwrap();
    assert_eq!(
        repaired.files.written.len(),
        1,
        "only the tampered file is rewritten: {:?}",
        repaired.files.written
    );
    assert_eq!(
        fs::read(out.join("counties/meitan/index.html")).unwrap(),
        original
    );
    let with_other_base = xiezuo::build(&xiezuo::BuildOptions {
        output: Some(out.clone()),
        base_url: Some("https://elsewhere.example/".into()),
        ..xiezuo::BuildOptions::new(site.path())
    })
    .unwrap();
    assert!(
        !with_other_base.files.written.is_empty(),
        "a different option is a different build"
    );
}

/// A build skipped by the cache leaves the output folder itself in place (a full build swaps a
/// new folder in, even when every file in it is hard-linked from the old one); anything that
/// makes the record disagree with the output (a file's bytes or only its modification time, a
/// record that cannot be read or is gone) means a real build, which repairs the output.
#[test]
fn only_an_untouched_output_with_a_readable_record_skips_the_build() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    let cache = site.path().join(".public.xiezuo-cache");
    let first = build(site.path(), &out, None).unwrap();
    let folder = || fs::metadata(&out).unwrap().ino();
    let mut all = first.files.written.clone();
    all.sort();
    let page = out.join("counties/meitan/index.html");
    let original = fs::read(&page).unwrap();

    let before = folder();
    let skipped = build(site.path(), &out, None).unwrap();
    assert_eq!(folder(), before, "a skipped build swaps nothing in");
    assert_eq!(
        skipped.files.unchanged, all,
        "it reports every file unchanged"
    );
    assert!(skipped.files.written.is_empty() && skipped.files.removed.is_empty());
    assert_eq!(
        skipped.pages, first.pages,
        "with the page counts of the build it skipped"
    );

    // The same number of bytes, other bytes: only the modification time tells.
    let mut same_length = original.clone();
    let at = same_length.iter().position(|&b| b == b'<').unwrap();
    same_length[at + 1..at + 5].copy_from_slice(b"XXXX");
    fs::write(&page, &same_length).unwrap();
    let before = folder();
    let repaired = build(site.path(), &out, None).unwrap();
    assert_ne!(folder(), before, "the tampered output was rebuilt");
    assert_eq!(repaired.files.written, ["counties/meitan/index.html"]);
    assert_eq!(fs::read(&page).unwrap(), original);

    // The bytes as they were, the modification time not.
    let file = fs::File::options().write(true).open(&page).unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86_400))
        .unwrap();
    drop(file);
    let before = folder();
    let rebuilt = build(site.path(), &out, None).unwrap();
    assert_ne!(
        folder(),
        before,
        "a file touched since the build means a build"
    );
    assert!(
        rebuilt.files.written.is_empty(),
        "{:?}",
        rebuilt.files.written
    );
    assert_eq!(rebuilt.files.unchanged, all);

    for record in [Some("{\"inputs\": 12}"), Some("not json"), Some(""), None] {
        match record {
            Some(text) => fs::write(&cache, text).unwrap(),
            None => fs::remove_file(&cache).unwrap(),
        }
        let before = folder();
        let rebuilt = build(site.path(), &out, None).unwrap();
        assert_ne!(folder(), before, "record {record:?}: a build");
        assert!(
            rebuilt.files.written.is_empty(),
            "{:?}",
            rebuilt.files.written
        );
        let before = folder();
        build(site.path(), &out, None).unwrap();
        assert_eq!(
            folder(),
            before,
            "record {record:?}: rewritten, so the next is skipped"
        );
    }
}

/// The record of which files xiezuo wrote lives beside the output, so a static host that
/// publishes the folder publishes the site alone; it still protects what it protected inside.
#[test]
fn the_manifest_lives_beside_the_output_and_still_guards_it() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    let (code, _, stderr) = run_binary(&["build", "--quiet"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !out.join(".xiezuo-manifest").exists(),
        "nothing but the site is published"
    );
    assert!(read_tree(&out).keys().all(|path| !path.contains("xiezuo")));
    let record = site.path().join(".public.xiezuo-manifest");
    assert!(read(site.path(), ".public.xiezuo-manifest").contains("counties/meitan/index.html"));
    fs::write(out.join("CNAME"), "zhuhai-zunyi.example.org\n").unwrap();
    fs::write(site.path().join("xiezuo.toml"), "title = \"改\"\n").unwrap();
    let (code, _, stderr) = run_binary(&["build", "--quiet"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(&out, "CNAME"),
        "zhuhai-zunyi.example.org\n",
        "a file it did not write stays"
    );

    // Without its record the folder is someone else's: refused, and left as it was.
    fs::remove_file(&record).unwrap();
    let before = read_tree(&out);
    let (code, _, stderr) = run_binary(&["build"], site.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("was not written by xiezuo") && stderr.contains(".public.xiezuo-manifest"),
        "{stderr}"
    );
    assert_eq!(read_tree(&out), before);
}

/// An output written before the manifest moved out has `.xiezuo-manifest` inside: the next
/// build takes it as the manifest, keeps the files it does not list, and moves it out.
#[test]
fn an_output_with_the_manifest_inside_is_migrated() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let mut listed: Vec<String> = read_tree(&out).into_keys().collect();
    listed.push("counties/gone/index.html".into());
    fs::create_dir_all(out.join("counties/gone")).unwrap();
    fs::write(out.join("counties/gone/index.html"), "old").unwrap();
    fs::write(out.join(".xiezuo-manifest"), listed.join("\n") + "\n").unwrap();
    fs::write(out.join("CNAME"), "zhuhai-zunyi.example.org\n").unwrap();
    fs::remove_file(site.path().join(".public.xiezuo-manifest")).unwrap();
    let report = build(site.path(), &out, None).unwrap();
    assert_eq!(report.files.removed, ["counties/gone/index.html"]);
    assert!(
        !out.join(".xiezuo-manifest").exists(),
        "the old manifest is gone"
    );
    assert_eq!(read(&out, "CNAME"), "zhuhai-zunyi.example.org\n");
    assert!(site.path().join(".public.xiezuo-manifest").is_file());
    let again = build(site.path(), &out, None).unwrap();
    assert!(again.files.written.is_empty() && again.files.removed.is_empty());
}

/// `build` after an edit to an article's text takes up where the last build left off, as `serve`
/// does: the output folder stays (nothing is staged and swapped in), only the pages that show
/// the article and the site files are rewritten, and the result is a clean build's, byte for
/// byte. Without the article texts kept beside the output it builds everything again, still
/// right.
#[test]
fn an_article_edit_is_rebuilt_in_place_and_equals_a_clean_build() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    let first = build(site.path(), &out, None).unwrap();
    let folder = fs::metadata(&out).unwrap().ino();
    let article = site.path().join("content/articles/zhuhai-zunyi-pairing.md");
    let edit = |from: &str, to: &str| {
        let text = fs::read_to_string(&article).unwrap();
        assert!(text.contains(from), "{from}");
        fs::write(&article, text.replacen(from, to, 1)).unwrap();
    };
    let clean = tempfile::tempdir().unwrap();
    let same_as_clean = |what: &str| {
        let expected = clean.path().join(what);
        build(site.path(), &expected, None).unwrap();
        assert_same_tree(&out, &expected, what);
    };

    edit("斗门区与湄潭县结对", "斗门区与湄潭县结对（已签约）");
    let second = build(site.path(), &out, None).unwrap();
    assert_eq!(
        fs::metadata(&out).unwrap().ino(),
        folder,
        "rewritten in place"
    );
    let written: Vec<&str> = second.files.written.iter().map(|p| p.as_str()).collect();
    assert!(
        written.contains(&"articles/zhuhai-zunyi-pairing/index.html")
            && written.contains(&"counties/meitan/index.html"),
        "{written:?}"
    );
    assert!(written.len() < first.files.written.len() / 2, "{written:?}");
    assert_eq!(
        second.files.written.len() + second.files.unchanged.len(),
        first.files.written.len()
    );
    assert_eq!(second.page_count(), first.page_count());
    same_as_clean("first edit");

    // The next edit starts from the texts the last one kept.
    edit("（已签约）", "（已签约并启动）");
    build(site.path(), &out, None).unwrap();
    assert_eq!(fs::metadata(&out).unwrap().ino(), folder, "in place again");
    same_as_clean("second edit");

    let kept = site.path().join(".public.xiezuo-articles");
    assert!(kept.is_file(), "the texts are kept beside the output");
    fs::write(&kept, "not the texts").unwrap();
    edit("（已签约并启动）", "");
    build(site.path(), &out, None).unwrap();
    assert_ne!(
        fs::metadata(&out).unwrap().ino(),
        folder,
        "unreadable texts: a staged build"
    );
    same_as_clean("after the texts were lost");

    // A file of the output changed by hand: only a full build puts it right.
    let folder = fs::metadata(&out).unwrap().ino();
    edit("斗门区与湄潭县结对", "斗门区与湄潭县结对（已签约）");
    build(site.path(), &out, None).unwrap();
    assert_eq!(fs::metadata(&out).unwrap().ino(), folder, "in place");
    fs::write(out.join("about/index.html"), "changed by hand").unwrap();
    edit("（已签约）", "");
    build(site.path(), &out, None).unwrap();
    assert_ne!(fs::metadata(&out).unwrap().ino(), folder, "a staged build");
    same_as_clean("after the output was changed");
}

/// A heading renamed in one article while another article links to it: the page that links is
/// not rendered again after the edit, so an in-place rebuild cannot see its link break. It must
/// notice that the edited page lost an id, and fail as a clean build does.
#[test]
fn an_edit_that_breaks_a_link_from_another_page_fails_as_a_clean_build_does() {
    let site = copy_site(&fixture("links"));
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let before = read_tree(&out);
    let preview = tempfile::tempdir().unwrap();
    let (mut live, _) = xiezuo::live::LiveSite::build(&xiezuo::BuildOptions {
        output: Some(preview.path().join("site")),
        ..xiezuo::BuildOptions::new(site.path())
    })
    .unwrap();
    let report = site.path().join("content/articles/2024/report.md");
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("## 销售渠道") && text.contains("(#销售渠道)"));
    let renamed = text
        .replace("## 销售渠道", "## 销售网络")
        .replace("(#销售渠道)", "(#销售网络)");
    fs::write(&report, renamed).unwrap();
    let error = build(site.path(), &out, None).unwrap_err().to_string();
    let clean = tempfile::tempdir().unwrap();
    let clean_error = build(site.path(), clean.path(), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("notes.md") && error.contains("销售渠道"),
        "{error}"
    );
    assert_eq!(error, clean_error);
    assert!(before == read_tree(&out), "the output is as it was");
    assert!(
        live.update(&[report]).unwrap().is_none(),
        "serve's engine asks for a full build too"
    );
}

/// An edit to a page template that no other template names (the site's `county.html`)
/// renders again only the county pages, in place; an edit to a partial, which other templates
/// name, gets a staged build. Both equal a clean build.
#[test]
fn a_page_template_edit_renders_only_its_pages_in_place() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let folder = fs::metadata(&out).unwrap().ino();
    let county = site.path().join("templates/county.html");
    let text = fs::read_to_string(&county).unwrap();
    // The built-in county template only extends unit.html: give it a block of its own.
    assert!(!text.contains("block head"), "{text}");
    fs::write(
        &county,
        format!("{text}{{% block head %}}<!-- 县 -->{{% endblock head %}}\n"),
    )
    .unwrap();
    let report = build(site.path(), &out, None).unwrap();
    assert_eq!(fs::metadata(&out).unwrap().ino(), folder, "in place");
    assert!(!report.files.written.is_empty());
    assert!(
        report
            .files
            .written
            .iter()
            .all(|p| p.as_str().starts_with("counties/")),
        "{:?}",
        report.files.written
    );
    let clean = tempfile::tempdir().unwrap();
    build(site.path(), clean.path(), None).unwrap();
    assert_same_tree(&out, clean.path(), "county template");

    // serve's engine does the same.
    let options = xiezuo::BuildOptions {
        output: Some(out.clone()),
        ..xiezuo::BuildOptions::new(site.path())
    };
    let (mut live, _) = xiezuo::live::LiveSite::build(&options).unwrap();
    fs::write(
        &county,
        format!("{text}{{% block head %}}<!-- 县，二 -->{{% endblock head %}}\n"),
    )
    .unwrap();
    let report = live
        .update(std::slice::from_ref(&county))
        .unwrap()
        .expect("in place");
    assert!(!report.files.written.is_empty());
    let all_counties = |report: &xiezuo::BuildReport| {
        report
            .files
            .written
            .iter()
            .all(|p| p.as_str().starts_with("counties/"))
    };
    assert!(all_counties(&report), "{:?}", report.files.written);
    let clean = tempfile::tempdir().unwrap();
    build(site.path(), clean.path(), None).unwrap();
    assert_same_tree(&out, clean.path(), "county template, in serve");

    let footer = site.path().join("templates/partials/site-footer.html");
    let text = fs::read_to_string(&footer).unwrap();
    fs::write(&footer, format!("{text}\n<!-- 页脚 -->")).unwrap();
    build(site.path(), &out, None).unwrap();
    assert_ne!(
        fs::metadata(&out).unwrap().ino(),
        folder,
        "a partial: staged"
    );
    let clean = tempfile::tempdir().unwrap();
    build(site.path(), clean.path(), None).unwrap();
    assert_same_tree(&out, clean.path(), "footer partial");
}
