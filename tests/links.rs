//! Links written in Markdown: root-relative links and `@/` content links under a base path with
//! a sub-path, broken links reported where they were written, drafts, images with their size,
//! and a feed whose relative links resolve. All on the `links` fixture site.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const BASE: &str = "https://example.org/zz/";
const REPORT: &str = "content/articles/2024/report.md";

fn links_site() -> tempfile::TempDir {
    copy_site(&fixture("links"))
}

/// Builds `root` with the binary under [`BASE`] and `extra` arguments; (exit code, stderr with
/// the site's folder written `<site>`).
fn build_with(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "--quiet", "--base-url", BASE];
    args.extend_from_slice(extra);
    let (code, _, stderr) = run_binary(&args, root);
    (code, stderr.replace(&root.display().to_string(), "<site>"))
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut body = fs::read_to_string(&path).unwrap();
    body.push_str(text);
    fs::write(path, body).unwrap();
}

/// The HTML inside the article's `<div class="prose">`.
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("an article body");
    let end = start + html[start..].find("\n  </div>").unwrap();
    &html[start..end]
}

#[test]
fn root_relative_and_content_links_lead_under_the_base_path() {
    let site = links_site();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let report = read(&site.path().join("public"), "articles/report/index.html");
    let links = link_targets(prose(&report));
    for expected in [
        "/zz/districts/east-a/",
        "/zz/articles/notes/",
        "/zz/counties/west-b/",
        "../../",
    ] {
        assert!(
            links.iter().any(|l| l == expected),
            "{expected} in {links:?}"
        );
    }
    let notes = read(&site.path().join("public"), "articles/notes/index.html");
    assert!(
        prose(&notes).contains(
            "href=\"/zz/articles/report/#%E9%94%80%E5%94%AE%E6%B8%A0%E9%81%93\">协作报道的销售渠道"
        ),
        "{notes}"
    );
}

#[test]
fn a_content_link_follows_its_file_to_a_new_slug() {
    let site = links_site();
    let notes = site.path().join("content/articles/notes.md");
    let text = fs::read_to_string(&notes).unwrap();
    fs::write(
        &notes,
        text.replacen("+++\n", "+++\nslug = \"sequel\"\n", 1),
    )
    .unwrap();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let report = read(&site.path().join("public"), "articles/report/index.html");
    assert!(prose(&report).contains("<a href=\"/zz/articles/sequel/\">续篇</a>"));
}

#[test]
fn broken_links_are_reported_where_the_markdown_writes_them() {
    let site = links_site();
    append(
        site.path(),
        REPORT,
        "\n见[东一区的旧址](/districts/east-x/)、[无此节](#销售渠)、\n[无文件](@/articles/note.md)、![缺图](/images/logo2.png)和[多写了前缀](/zz/districts/east-a/)。\n\n[续篇无此段](@/articles/notes.md#p-9)\n",
    );
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// The same broken link written three times, and a `@/` link to no file twice: each is reported
/// once, at its own place.
#[test]
fn a_broken_link_written_several_times_is_reported_at_each_place() {
    let site = links_site();
    append(
        site.path(),
        REPORT,
        "\n[旧址](/districts/east-x/)\n\n又见[旧址](/districts/east-x/)和[旧址](/districts/east-x/)。\n\n[无文件](@/articles/note.md)[无文件](@/articles/note.md)\n",
    );
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let at = |place: &str, link: &str| format!("error: {REPORT}:{place}: broken link \"{link}\"");
    for place in ["17:1", "19:3", "19:28"] {
        assert!(
            stderr.contains(&at(place, "/districts/east-x/")),
            "{place}: {stderr}"
        );
    }
    for place in ["21:1", "21:26"] {
        assert!(
            stderr.contains(&at(place, "@/articles/note.md")),
            "{place}: {stderr}"
        );
    }
    assert_eq!(stderr.matches("broken link").count(), 5, "{stderr}");
}

/// Two articles that write the same broken link: each is reported in its own Markdown.
#[test]
fn the_same_broken_link_in_two_articles_is_reported_in_each() {
    let site = links_site();
    append(site.path(), REPORT, "\n[旧址](/districts/east-x/)\n");
    append(
        site.path(),
        "content/articles/notes.md",
        "\n[旧址](/districts/east-x/)\n",
    );
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    for place in [
        "content/articles/2024/report.md:17:1",
        "content/articles/notes.md:12:1",
    ] {
        assert!(
            stderr.contains(&format!(
                "error: {place}: broken link \"/districts/east-x/\""
            )),
            "{place}: {stderr}"
        );
    }
    assert_eq!(stderr.matches("broken link").count(), 2, "{stderr}");
}

#[test]
fn a_link_to_a_draft_fails_a_normal_build_and_says_so() {
    let site = links_site();
    append(
        site.path(),
        REPORT,
        "\n见[计划](/articles/plan/)和[计划原文](@/articles/plan.md)。\n",
    );
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn drafts_build_with_drafts_marked_and_kept_out_of_feed_and_sitemap() {
    let site = links_site();
    append(site.path(), REPORT, "\n见[计划](/articles/plan/)。\n");
    let (code, stderr) = build_with(site.path(), &["--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let public = site.path().join("public");
    let draft = read(&public, "articles/plan/index.html");
    assert!(
        draft.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{draft}"
    );
    assert!(draft.contains("<p class=\"badge badge--draft\">草稿：未发布，仅供预览</p>"));
    // The draft's own `@/` link to a published article resolves too.
    assert!(prose(&draft).contains("href=\"/zz/articles/report/\""));
    let home = read(&public, "index.html");
    assert!(home.contains("未定稿的计划</a> <span class=\"badge badge--draft\">草稿</span>"));
    let published = read(&public, "articles/report/index.html");
    assert!(!published.contains("noindex") && !published.contains("badge--draft"));
    let feed = read(&public, "atom.xml");
    assert!(
        !feed.contains("<id>https://example.org/zz/articles/plan/</id>"),
        "{feed}"
    );
    assert!(feed.contains("<id>https://example.org/zz/articles/report/</id>"));
    assert!(!read(&public, "sitemap.xml").contains("articles/plan/"));
    assert!(read(&public, "sitemap.xml").contains("articles/report/"));

    // Without --drafts the draft is gone again, and the link to it fails.
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a draft"), "{stderr}");
}

#[test]
fn images_of_static_files_get_their_size_and_load_lazily() {
    let site = links_site();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let public = site.path().join("public");
    let report = read(&public, "articles/report/index.html");
    assert!(
        prose(&report).contains("<img src=\"/zz/images/logo.png\" alt=\"东一区标志\" title=\"标志\" width=\"12\" height=\"8\" loading=\"lazy\" decoding=\"async\">"),
        "{report}"
    );
    let notes = read(&public, "articles/notes/index.html");
    assert!(
        prose(&notes).contains("<img src=\"../../images/logo.png\" alt=\"相对路径的标志\" width=\"12\" height=\"8\" loading=\"lazy\" decoding=\"async\">"),
        "{notes}"
    );
    // An SVG sized only by its viewBox.
    assert!(
        prose(&notes).contains("<img src=\"/zz/images/map.svg\" alt=\"东一区与西一县示意图\" width=\"320\" height=\"180\" loading=\"lazy\" decoding=\"async\">"),
        "{notes}"
    );
}

#[test]
fn plain_dates_are_written_in_the_site_timezone_in_feed_and_sitemap() {
    let site = links_site();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let public = site.path().join("public");
    let feed = read(&public, "atom.xml");
    // The fixture's timezone is -05:00; the date-time keeps its own offset.
    assert!(
        feed.contains("<published>2024-03-01T00:00:00-05:00</published>"),
        "{feed}"
    );
    assert!(feed.contains("<published>2024-03-05T09:30:00+08:00</published>"));
    assert!(!feed.contains("T00:00:00Z"), "{feed}");
    let sitemap = read(&public, "sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/zz/articles/report/</loc><lastmod>2024-03-01</lastmod>"
        ),
        "{sitemap}"
    );
}

/// Every `href` and `src` of every feed entry's content, resolved as a feed reader resolves
/// them: against the `xml:base` in scope (RFC 3986, section 5.2).
fn resolved_feed_links(feed: &str) -> Vec<(String, String)> {
    let document = roxmltree::Document::parse(feed).unwrap();
    let mut found = Vec::new();
    for content in document
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "content")))
    {
        let mut bases: Vec<&str> = content
            .ancestors()
            .filter_map(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "base")))
            .collect();
        bases.reverse();
        let base = bases
            .iter()
            .fold(String::new(), |base, next| resolve(&base, next));
        for link in link_targets(content.text().unwrap_or_default()) {
            found.push((link.clone(), resolve(&base, &link.replace("&amp;", "&"))));
        }
    }
    found
}

/// `reference` resolved against the absolute URL `base` (RFC 3986, 5.2.2), for the shapes
/// pages use: absolute, network-path, root-relative, fragment-only and relative paths.
fn resolve(base: &str, reference: &str) -> String {
    let has_scheme = reference
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    if has_scheme || base.is_empty() {
        return reference.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap();
    let host_end = rest.find('/').unwrap_or(rest.len());
    let (host, base_path) = rest.split_at(host_end);
    let base_path = base_path.split('#').next().unwrap();
    if let Some(network) = reference.strip_prefix("//") {
        return format!("{scheme}://{network}");
    }
    if reference.starts_with('#') {
        return format!("{scheme}://{host}{base_path}{reference}");
    }
    let (path, suffix) = match reference.find(['?', '#']) {
        Some(at) => reference.split_at(at),
        None => (reference, ""),
    };
    let merged = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}{path}", &base_path[..=base_path.rfind('/').unwrap()])
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = merged.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
        let last = i + 1 == segments.len();
        if last && (*segment == "." || *segment == "..") {
            out.push("");
        }
    }
    format!("{scheme}://{host}/{}{suffix}", out.join("/"))
}

#[test]
fn the_resolver_follows_rfc_3986_examples() {
    let base = "http://a/b/c/d;p?q";
    for (reference, expected) in [
        ("g", "http://a/b/c/g"),
        ("../g", "http://a/b/g"),
        ("../..", "http://a/"),
        ("/g", "http://a/g"),
        ("//g", "http://g"),
        ("#s", "http://a/b/c/d;p?q#s"),
        ("g:h", "g:h"),
        ("./", "http://a/b/c/"),
    ] {
        assert_eq!(resolve(base, reference), expected, "{reference}");
    }
}

#[test]
fn feed_entries_resolve_relative_links_against_their_own_article() {
    let site = links_site();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let feed = read(&site.path().join("public"), "atom.xml");
    let links = resolved_feed_links(&feed);
    let report = "https://example.org/zz/articles/report/";
    for (written, expected) in [
        ("../../", "https://example.org/zz/".to_string()),
        ("#fn-1", format!("{report}#fn-1")),
        (
            "/zz/images/logo.png",
            "https://example.org/zz/images/logo.png".into(),
        ),
        (
            "../../images/logo.png",
            "https://example.org/zz/images/logo.png".into(),
        ),
        (
            "/zz/districts/east-a/",
            "https://example.org/zz/districts/east-a/".into(),
        ),
    ] {
        assert!(
            links.iter().any(|(w, r)| w == written && *r == expected),
            "{written} → {expected} in {links:#?}"
        );
    }
    // Every link that leads into the site leads to a file the build wrote.
    let public = site.path().join("public");
    for (_, url) in &links {
        let Some(path) = url.strip_prefix(BASE) else {
            continue;
        };
        let path = path.split('#').next().unwrap();
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(public.join(&file).is_file(), "{url} → {file}");
    }
}

#[test]
fn a_kept_preview_rerenders_an_edited_draft_and_rebuilds_when_it_is_published() {
    let site = links_site();
    let options = xiezuo::BuildOptions {
        output: Some(site.path().join("preview")),
        drafts: xiezuo::Drafts::Included,
        ..xiezuo::BuildOptions::new(site.path())
    };
    let (mut live, _) = xiezuo::live::LiveSite::build(&options).unwrap();
    let draft = site.path().join("content/articles/plan.md");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(&draft, text.replace("尚未定稿", "仍未定稿")).unwrap();
    let report = live.update(std::slice::from_ref(&draft)).unwrap();
    assert!(
        report.is_some(),
        "an edit that keeps it a draft is rendered in place"
    );
    let page = read(&site.path().join("preview"), "articles/plan/index.html");
    assert!(page.contains("仍未定稿") && page.contains("badge--draft"));
    fs::write(&draft, text.replace("draft = true\n", "")).unwrap();
    assert!(
        live.update(&[draft]).unwrap().is_none(),
        "publishing a draft changes the feed and sitemap: a full build"
    );
}

#[test]
fn broken_links_a_template_writes_are_reported_at_the_page_with_the_base_path() {
    let site = links_site();
    fs::create_dir_all(site.path().join("templates")).unwrap();
    let page = fs::read_to_string(shipped_site().join("templates/404.html")).unwrap();
    let broken = "<p><a href=\"/districts/east-a/\">没有基础路径</a> <a href=\"{{ site.root }}districts/east-x/#%E9%94%80%E5%94%AE\">旧址</a></p>\n{% endblock content %}";
    fs::write(
        site.path().join("templates/404.html"),
        page.replace("{% endblock content %}", broken),
    )
    .unwrap();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_page_of_content_pages_links_like_an_article_and_is_reported_where_it_writes() {
    let site = links_site();
    let about = site.path().join("content/pages/about.md");
    fs::create_dir_all(about.parent().unwrap()).unwrap();
    fs::write(
        &about,
        "+++\ntitle = \"关于\"\n+++\n\n见[报道](@/articles/2024/report.md)和[东一区](/districts/east-a/)。\n",
    )
    .unwrap();
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let page = read(&site.path().join("public"), "about/index.html");
    assert!(page.contains("href=\"/zz/articles/report/\""), "{page}");
    assert!(page.contains("href=\"/zz/districts/east-a/\""), "{page}");
    // The article links to the page by its file.
    append(site.path(), REPORT, "\n见[关于](@/pages/about.md)。\n");
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let report = read(&site.path().join("public"), "articles/report/index.html");
    assert!(prose(&report).contains("href=\"/zz/about/\""), "{report}");
    // Broken links in the page are reported at its file, line and column.
    append(
        site.path(),
        "content/pages/about.md",
        "\n另见[旧址](/districts/east-x/)和[无此文](@/articles/none.md)。\n",
    );
    let (code, stderr) = build_with(site.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/pages/about.md:7:3: broken link \"/districts/east-x/\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/pages/about.md:7:28: broken link \"@/articles/none.md\""),
        "{stderr}"
    );
}
