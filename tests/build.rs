//! Builds the shipped site and fixture sites into temp folders and checks the output.

mod common;

use std::fs;

use common::*;

const BASE: &str = "https://example.org/zhuhai-zunyi/";

const DISTRICTS: [(&str, &str, &[&str]); 5] = [
    ("hengqin", "横琴新区", &["tongzi", "zhengan"]),
    ("xiangzhou", "香洲区", &["fenggang", "wuchuan"]),
    ("jinwan", "金湾区", &["chishui", "xishui"]),
    ("doumen", "斗门区", &["meitan"]),
    ("gaoxin", "高新区", &["daozhen"]),
];

const COUNTIES: [(&str, &str); 8] = [
    ("tongzi", "桐梓县"),
    ("zhengan", "正安县"),
    ("fenggang", "凤冈县"),
    ("wuchuan", "务川仡佬族苗族自治县"),
    ("chishui", "赤水市"),
    ("xishui", "习水县"),
    ("meitan", "湄潭县"),
    ("daozhen", "道真仡佬族苗族自治县"),
];

#[test]
fn shipped_site_has_one_page_per_district_and_county() {
    let out = build_shipped(None);
    let site = out.path().join("site");
    for (slug, name, _) in DISTRICTS {
        let html = read(&site, &format!("districts/{slug}/index.html"));
        assert!(html.contains(&format!("<h1>{name}</h1>")), "{slug}");
    }
    for (slug, name) in COUNTIES {
        let html = read(&site, &format!("counties/{slug}/index.html"));
        assert!(html.contains(&format!("<h1>{name}</h1>")), "{slug}");
    }
    let districts = fs::read_dir(site.join("districts"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    let counties = fs::read_dir(site.join("counties"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!((districts, counties), (5, 8));
    for page in [
        "index.html",
        "districts/index.html",
        "counties/index.html",
        "404.html",
        "articles/zhuhai-zunyi-pairing/index.html",
        "style.css",
        "favicon.svg",
    ] {
        assert!(site.join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn entity_pages_link_each_other_both_ways() {
    let out = build_shipped(Some(BASE));
    let site = out.path().join("site");
    for (district, _, counties) in DISTRICTS {
        let html = read(&site, &format!("districts/{district}/index.html"));
        for county in counties {
            assert!(
                html.contains(&format!("href=\"/zhuhai-zunyi/counties/{county}/\"")),
                "{district} → {county}"
            );
            let county_html = read(&site, &format!("counties/{county}/index.html"));
            assert!(
                county_html.contains(&format!("href=\"/zhuhai-zunyi/districts/{district}/\"")),
                "{county} → {district}"
            );
            for sibling in counties.iter().filter(|s| *s != county) {
                assert!(
                    county_html.contains(&format!("href=\"/zhuhai-zunyi/counties/{sibling}/\"")),
                    "{county} ↔ {sibling}"
                );
            }
        }
    }
}

/// The quotable blocks of an article page (`<p id="p-3">…</p>`, list items, table rows), by id.
fn blocks(html: &str) -> std::collections::BTreeMap<String, String> {
    let mut found = std::collections::BTreeMap::new();
    for (tag, prefix) in [("p", "p-"), ("li", "l-"), ("tr", "r-")] {
        let open = format!("<{tag} id=\"{prefix}");
        for rest in html.split(&open).skip(1) {
            let id_end = rest.find('"').unwrap();
            let body = &rest[id_end + 2..];
            let body = &body[..body.find(&format!("</{tag}>")).unwrap()];
            found.insert(format!("{prefix}{}", &rest[..id_end]), body.to_string());
        }
    }
    found
}

/// The ids of the blocks of `article` that `page` quotes, each with the quote.
fn quoted_blocks(page: &str, article: &str) -> Vec<(String, String)> {
    let cite = format!("<blockquote cite=\"/articles/{article}/#");
    page.split(&cite)
        .skip(1)
        .map(|rest| {
            let id = rest[..rest.find('"').unwrap()].to_string();
            let quote = rest[..rest.find("</blockquote>").unwrap()].to_string();
            (id, quote)
        })
        .collect()
}

/// Checked against the pages themselves, not against the wording of the shipped article: every
/// block of the article that links a unit links it once (only the first mention in a block is
/// linked), and the unit's page quotes exactly those blocks, each with the name marked.
#[test]
fn article_links_the_first_mention_of_each_entity_in_each_block_and_its_page_quotes_them() {
    let out = build_shipped(None);
    let site = out.path().join("site");
    let article_slug = "zhuhai-zunyi-pairing";
    let article = read(&site, &format!("articles/{article_slug}/index.html"));
    let blocks = blocks(&article);
    assert!(!blocks.is_empty());
    let units = COUNTIES
        .iter()
        .map(|&(slug, name)| ("counties", slug, name))
        .chain(
            DISTRICTS
                .iter()
                .map(|&(slug, name, _)| ("districts", slug, name)),
        );
    for (folder, slug, name) in units {
        let link = format!("class=\"entity\" href=\"/{folder}/{slug}/\">");
        let linking: Vec<&String> = blocks
            .iter()
            .filter(|(_, body)| body.contains(&link))
            .map(|(id, _)| id)
            .collect();
        assert!(!linking.is_empty(), "the article links {name}");
        for id in &linking {
            assert_eq!(blocks[*id].matches(&link).count(), 1, "{name} in #{id}");
        }
        let page = read(&site, &format!("{folder}/{slug}/index.html"));
        let quoted = quoted_blocks(&page, article_slug);
        let mut quoted_ids: Vec<&String> = quoted.iter().map(|(id, _)| id).collect();
        quoted_ids.sort();
        assert_eq!(
            quoted_ids, linking,
            "{name}'s page quotes the blocks that link it"
        );
        for (id, quote) in &quoted {
            assert!(quote.contains("<mark>"), "{name}: #{id} marks the mention");
        }
    }
    assert!(article
        .contains("<a class=\"entity\" href=\"/counties/wuchuan/\">务川仡佬族苗族自治县</a>"));
}

#[test]
fn entity_pages_quote_the_paragraphs_that_mention_them() {
    let out = build_shipped(None);
    let site = out.path().join("site");
    let article = read(&site, "articles/zhuhai-zunyi-pairing/index.html");
    let county = read(&site, "counties/meitan/index.html");
    let anchor = county
        .split("href=\"/articles/zhuhai-zunyi-pairing/#")
        .nth(1)
        .unwrap();
    let id = &anchor[..anchor.find('"').unwrap()];
    assert!(
        article.contains(&format!("<p id=\"{id}\">")),
        "the quote links to an existing paragraph"
    );
    assert!(county.contains("<mark>湄潭县</mark>"));
}

#[test]
fn every_internal_link_works_under_a_base_path() {
    let out = build_shipped(Some(BASE));
    let site = out.path().join("site");
    let files = read_tree(&site);
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for target in link_targets(&html) {
            if target.starts_with("https://") || target.starts_with("http://") {
                assert!(
                    !target.starts_with("https://example.org/") || target.starts_with(BASE),
                    "{path}: {target}"
                );
                continue;
            }
            if let Some(fragment) = target.strip_prefix('#') {
                assert!(
                    ids(&html).iter().any(|id| id == fragment),
                    "{path}: #{fragment} is not on the page"
                );
                continue;
            }
            assert!(
                target.starts_with("/zhuhai-zunyi/"),
                "{path}: {target} is outside the base path"
            );
            let (file, fragment) = target
                .trim_start_matches("/zhuhai-zunyi/")
                .split_once('#')
                .map_or(
                    (target.trim_start_matches("/zhuhai-zunyi/"), None),
                    |(f, h)| (f, Some(h)),
                );
            let file = if file.is_empty() || file.ends_with('/') {
                format!("{file}index.html")
            } else {
                file.to_string()
            };
            let target_bytes = files
                .get(&file)
                .unwrap_or_else(|| panic!("{path}: {target} leads nowhere"));
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8(target_bytes.clone()).unwrap();
                assert!(
                    ids(&target_html).iter().any(|id| id == fragment),
                    "{path}: #{fragment} is not on {file}"
                );
            }
        }
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}")),
            "{path}"
        );
    }
}

#[test]
fn every_page_has_language_title_description_and_canonical() {
    let out = build_shipped(None);
    for (path, bytes) in read_tree(&out.path().join("site"))
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"),
            "{path}"
        );
        assert!(
            html.contains("<title>") && !html.contains("<title></title>"),
            "{path}"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\"")
                && !html.contains("content=\"\""),
            "{path}"
        );
        assert!(html.contains("<link rel=\"canonical\""), "{path}");
        assert_eq!(html.matches("<h1").count(), 1, "{path} has one h1");
        assert!(html.contains("aria-label=\"主导航\""), "{path}");
    }
}

/// Builds the site at `root` with the binary on `threads` threads into a new folder.
fn build_on_threads(root: &std::path::Path, threads: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let args = [
        "build",
        "--quiet",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--base-url",
        BASE,
    ];
    let (code, _, stderr) =
        run_binary_with_env(&args, out.path(), &[("RAYON_NUM_THREADS", threads)]);
    assert_eq!(code, 0, "{stderr}");
    out
}

/// Builds on one thread and on four give the same files, byte for byte: nothing depends on
/// which thread finished first.
fn assert_same_output_on_one_thread_and_four(root: &std::path::Path) {
    let one = read_tree(&build_on_threads(root, "1").path().join("site"));
    let four = read_tree(&build_on_threads(root, "4").path().join("site"));
    assert!(one.len() > 10, "{} files", one.len());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        four.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            bytes == &four[path],
            "{path} differs between 1 and 4 threads"
        );
    }
}

#[test]
fn the_shipped_site_builds_the_same_on_one_thread_and_on_four() {
    assert_same_output_on_one_thread_and_four(&shipped_site());
}

#[test]
fn the_province_fixture_builds_the_same_on_one_thread_and_on_four() {
    let site = copy_site(&fixture("province"));
    assert_same_output_on_one_thread_and_four(site.path());
}

#[test]
fn a_site_without_templates_or_settings_builds_from_the_embedded_defaults() {
    let site = copy_site(&fixture("minimal"));
    fs::remove_dir_all(site.path().join("templates")).unwrap();
    let out = site.path().join("public");
    let report = build(site.path(), &out, None).unwrap();
    // Home, 404 and four lists; two districts, three counties, one article; the first form's
    // two cities and two provinces, and their pair; the article list, the data's one area and
    // the list of areas.
    assert_eq!(report.page_count(), 6 + 2 + 3 + 1 + 2 + 2 + 1 + 3);
    let style = read(&out, "style.css");
    assert_eq!(style, include_str!("../static/style.css"));
    assert!(read(&out, "404.html").contains("页面不存在"));
    assert!(read(&out, "index.html").contains("href=\"http://localhost:1111/\""));
}

#[test]
fn site_templates_and_static_files_override_defaults_by_name() {
    let site = copy_site(&fixture("minimal"));
    fs::write(site.path().join("static/style.css"), "body{}").unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    assert!(read(&out, "404.html").contains("<h1>自定义404</h1>"));
    assert_eq!(read(&out, "style.css"), "body{}");
    assert_eq!(read(&out, "img/note.txt"), "extra\n");
}

#[test]
fn a_site_s_own_cached_partials_replace_the_header_and_footer_on_every_page() {
    let site = copy_site(&fixture("minimal"));
    let partials = site.path().join("templates/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(
        partials.join("site-footer.html"),
        "<footer>{{ site.title }}·自办</footer>\n",
    )
    .unwrap();
    // The header learns which entry is current from its arguments, not from `page`.
    fs::write(
        partials.join("site-header.html"),
        "<nav>{% for item in site.nav %}<a href=\"{{ item.href }}\"{% if item.href == current %} aria-current=\"page\"{% endif %}>{{ item.label }}</a>{% endfor %}</nav>\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let report = build(site.path(), &out, None).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let nav_of = |html: &str| -> Vec<String> {
        let nav = &html[html.find("<nav>").unwrap()..html.find("</nav>").unwrap()];
        nav.split("href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect()
    };
    let nav = nav_of(&read(&out, "index.html"));
    assert!(nav.len() >= 3 && nav[0] == "/", "{nav:?}");
    let pages: Vec<String> = read_tree(&out)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert!(pages.len() > 5, "{pages:?}");
    for page in &pages {
        let html = read(&out, page);
        assert_eq!(html.matches("·自办</footer>\n</body>").count(), 1, "{page}");
        assert_eq!(nav_of(&html), nav, "{page}");
        let href = format!("/{}", page.trim_end_matches("index.html"));
        // (The breadcrumbs' last item is an aria-current span: not a navigation link.)
        let current = html.matches("\" aria-current=\"page\">").count();
        assert_eq!(
            current,
            usize::from(nav.contains(&href)),
            "{page}: the entry for this very page is current, and only then"
        );
    }
    assert!(read(&out, "index.html").contains("<a href=\"/\" aria-current=\"page\">"));
}

#[test]
fn an_extra_stylesheet_is_linked_after_the_built_in_one_on_every_page() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    build(site.path(), &out, Some("https://example.org/sub/")).unwrap();
    assert!(!read(&out, "index.html").contains("extra.css"));
    fs::create_dir_all(site.path().join("static")).unwrap();
    fs::write(site.path().join("static/extra.css"), ".brand{color:teal}\n").unwrap();
    build(site.path(), &out, Some("https://example.org/sub/")).unwrap();
    assert_eq!(read(&out, "extra.css"), ".brand{color:teal}\n");
    assert_eq!(read(&out, "style.css"), include_str!("../static/style.css"));
    let both = "<link rel=\"stylesheet\" href=\"/sub/style.css\">\n<link rel=\"stylesheet\" href=\"/sub/extra.css\">";
    for page in ["index.html", "404.html", "counties/meitan/index.html"] {
        assert!(read(&out, page).contains(both), "{page}");
    }
}

#[test]
fn fixture_article_renders_chinese_markdown_carefully() {
    let site = copy_site(&fixture("minimal"));
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let html = read(&out, "articles/report/index.html");
    assert!(
        html.contains("结对，西一县"),
        "no space from a wrapped CJK line: {html}"
    );
    assert!(
        html.contains("<h2 id=\"结对-情况\">结对 情况</h2>"),
        "an article whose top level is ## keeps its h2s below the title's h1"
    );
    assert!(html.contains("<h2 id=\"结对-情况-2\">"));
    assert!(html.contains(
        "<tr id=\"r-2\"><td><a class=\"entity\" href=\"/districts/east-b/\">东二区</a></td>"
    ));
    assert!(html.contains(
        "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"
    ));
    assert!(
        html.contains("<a href=\"https://example.com/%E8%A5%BF%E4%B8%89%E5%B8%82\">西三市官网</a>"),
        "no link inside a link"
    );
    assert!(html.contains("<code>西三市</code>"));
    assert!(
        html.contains("&lt;em&gt;原始HTML&lt;/em&gt;"),
        "raw HTML is escaped by default"
    );
    assert!(html.contains("<del>旧安排</del>"));
    assert_eq!(
        html.matches("class=\"entity\" href=\"/counties/west-a/\"")
            .count(),
        1,
        "the first of three mentions (name, alias, name) in the paragraph links"
    );
    let county = read(&out, "counties/west-a/index.html");
    assert!(
        county.contains(
            "<mark>西一苗族自治县</mark>结对，<mark>西一县</mark>（即<mark>西一苗族自治县</mark>）"
        ),
        "the quote marks every mention, linked or not"
    );
    let county = read(&out, "counties/west-b/index.html");
    assert_eq!(
        county.matches("<blockquote").count(),
        2,
        "a paragraph and a list item mention 西二县"
    );
    let district = read(&out, "districts/east-b/index.html");
    assert!(
        district.contains("<blockquote cite=\"/articles/report/#r-2\"><p>【结对 情况】区：<mark>东二区</mark>；县：西三市</p></blockquote>"),
        "a table row that mentions 东二区 is quoted, with its heading and column labels"
    );
}

#[test]
fn sitemap_feed_and_robots_describe_the_site_under_its_base_url() {
    let out = build_shipped(Some(BASE));
    let site = out.path().join("site");
    let sitemap = read(&site, "sitemap.xml");
    assert_eq!(
        sitemap.matches("<url>").count(),
        35,
        "every page but 404.html"
    );
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}counties/wuchuan/</loc><lastmod>2021-05-31</lastmod>"
    )));
    assert!(!sitemap.contains("404"));
    let feed = read(&site, "atom.xml");
    assert!(feed.contains(&format!("<id>{BASE}articles/zhuhai-zunyi-pairing/</id>")));
    assert!(feed.contains("<updated>2021-05-31T18:27:00+08:00</updated>"));
    assert!(feed.contains("<author><name>廖明山</name></author>"));
    assert!(feed.contains(
        "&lt;a class=&quot;entity&quot; href=&quot;/zhuhai-zunyi/counties/wuchuan/&quot;&gt;"
    ));
    assert_eq!(
        read(&site, "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")
    );
    let index = read(&site, "index.html");
    assert!(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"珠海 · 遵义 东西部协作\" href=\"/zhuhai-zunyi/atom.xml\">"));
    assert!(index.contains(&format!("<meta property=\"og:url\" content=\"{BASE}\">")));
}

#[test]
fn pairing_diagrams_draw_the_whole_pairing_and_each_neighbourhood() {
    let out = build_shipped(None);
    let site = out.path().join("site");
    let index = read(&site, "index.html");
    assert_eq!(
        index.matches("<path class=\"pd-edge").count(),
        8,
        "one line per pairing"
    );
    assert!(index.contains("role=\"group\""));
    assert!(
        index.contains("香洲区与凤冈县、务川仡佬族苗族自治县结对"),
        "the description says the pairing in words"
    );
    let county = read(&site, "counties/wuchuan/index.html");
    assert_eq!(
        county.matches("<path class=\"pd-edge").count(),
        2,
        "its district's two pairings only"
    );
    assert!(county.contains("aria-current=\"page\""));
    let district = read(&site, "districts/doumen/index.html");
    assert_eq!(district.matches("<path class=\"pd-edge").count(), 1);
}

/// Writes an article `slug` dated `date` into the site at `root`.
fn write_article(root: &std::path::Path, slug: &str, date: &str) {
    let text = format!("+++\ntitle = \"{slug}\"\ndate = {date}\n+++\n\n正文。\n");
    fs::write(root.join(format!("content/articles/{slug}.md")), text).unwrap();
}

/// The feed's `<updated>` and its entries' ids, in order.
fn feed_order(feed: &str) -> (String, Vec<String>) {
    let updated = feed.split("<updated>").nth(1).unwrap();
    let updated = updated[..updated.find('<').unwrap()].to_string();
    let ids = feed
        .split("<entry ")
        .skip(1)
        .map(|entry| {
            let id = entry.split("/articles/").nth(1).unwrap();
            id[..id.find('/').unwrap()].to_string()
        })
        .collect();
    (updated, ids)
}

#[test]
fn articles_order_by_the_instant_they_name_and_plain_dates_by_the_timezone() {
    let site = copy_site(&fixture("minimal"));
    fs::remove_file(site.path().join("content/articles/2024/report.md")).unwrap();
    // 15:00 UTC, written with its Beijing time: the local fields look newer than 16:00 UTC.
    write_article(site.path(), "beijing-late", "2021-06-01T23:00:00+08:00");
    write_article(site.path(), "utc-afternoon", "2021-06-01T16:00:00Z");
    // Midnight in Beijing is 16:00 UTC the day before.
    write_article(site.path(), "plain-day", "2021-06-02");
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let feed = read(&out, "atom.xml");
    let (updated, order) = feed_order(&feed);
    assert_eq!(order, ["plain-day", "utc-afternoon", "beijing-late"]);
    assert_eq!(updated, "2021-06-02T00:00:00+08:00", "the newest instant");
    assert!(feed.contains("<published>2021-06-01T23:00:00+08:00</published>"));
    let index = read(&out, "index.html");
    let at = |slug: &str| index.find(&format!("/articles/{slug}/")).unwrap();
    assert!(at("plain-day") < at("utc-afternoon") && at("utc-afternoon") < at("beijing-late"));
    assert!(index.contains("2021年6月1日 23:00"), "shown as written");

    // At +14:00 the plain date's midnight is 10:00 UTC on the 1st: the oldest of the three.
    fs::write(site.path().join("xiezuo.toml"), "timezone = \"+14:00\"\n").unwrap();
    build(site.path(), &out, None).unwrap();
    let (updated, order) = feed_order(&read(&out, "atom.xml"));
    assert_eq!(order, ["utc-afternoon", "beijing-late", "plain-day"]);
    assert_eq!(updated, "2021-06-01T16:00:00Z");
    assert!(read(&out, "atom.xml").contains("<published>2021-06-02T00:00:00+14:00</published>"));
}
