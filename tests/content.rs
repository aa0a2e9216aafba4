//! Writing content beyond articles: pages of `content/pages/` (in the navigation, the sitemap
//! and the search index), the paginated article list, areas and tags, and templates that
//! nothing uses.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Every search document of a built site, as the JSON text of its chunks.
fn search_documents(out: &Path) -> String {
    let mut all = String::new();
    for entry in fs::read_dir(out.join("search")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('d') {
            all.push_str(&fs::read_to_string(path).unwrap());
        }
    }
    all
}

/// The `href` of the `<a … rel="REL">` and of the `<link rel="REL" …>` of a page, if any.
fn rel_links(html: &str, rel: &str) -> (Option<String>, Option<String>) {
    let anchor = html.split("<a ").skip(1).find_map(|a| {
        let tag = &a[..a.find('>').unwrap()];
        tag.contains(&format!("rel=\"{rel}\"")).then(|| {
            tag.split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
    });
    let link = html.split("<link rel=\"").skip(1).find_map(|l| {
        l.starts_with(&format!("{rel}\"")).then(|| {
            l.split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
    });
    (anchor, link)
}

/// The hrefs of the article cards of a list page, in order.
fn card_links(html: &str) -> Vec<String> {
    html.split("<h2 class=\"card__title\"><a href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_about_page_is_in_the_navigation_the_sitemap_and_the_search_index() {
    let out = build_shipped(Some("https://example.org/zhuhai-zunyi/"));
    let out = out.path().join("site");
    let about = read(&out, "about/index.html");
    assert!(about.contains("<h1>关于本站</h1>"), "{about}");
    assert!(
        about.contains("<a href=\"/zhuhai-zunyi/about/\" aria-current=\"page\">关于</a>"),
        "the page is current in its own navigation entry"
    );
    assert!(
        about.contains("<a class=\"entity\" href=\"/zhuhai-zunyi/cities/zhuhai/\">珠海市</a>"),
        "names of units are linked in pages as in articles"
    );
    let home = read(&out, "index.html");
    let nav = &home[home.find("class=\"site-nav\"").unwrap()..home.find("</nav>").unwrap()];
    let entries: Vec<&str> = nav.split("<li>").skip(1).collect();
    assert!(
        entries[entries.len() - 2].contains("/zhuhai-zunyi/articles/\">报道</a>")
            && entries[entries.len() - 1].contains("/zhuhai-zunyi/about/\">关于</a>"),
        "after the sections come the article list and the page: {nav}"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/zhuhai-zunyi/about/</loc>"));
    for listed in [
        "articles/",
        "areas/lao-wu-xie-zuo/",
        "tags/jie-dui-tiao-zheng/",
    ] {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://example.org/zhuhai-zunyi/{listed}</loc><lastmod>2021-05-31</lastmod>"
            )),
            "{listed} in {sitemap}"
        );
    }
    let docs = search_documents(&out);
    assert!(
        docs.contains("\"关于本站\"") && docs.contains("\"/zhuhai-zunyi/about/\""),
        "the page is a search document"
    );
    assert!(docs.contains("本站只写这篇报道写到的内容"), "with its text");
    assert!(
        docs.contains("\"/zhuhai-zunyi/areas/lao-wu-xie-zuo/\"")
            && docs.contains("协作领域：劳务协作"),
        "areas are search documents, which say what they are"
    );
    assert!(docs.contains("\"/zhuhai-zunyi/tags/jie-dui-tiao-zheng/\""));
}

/// A copy of the shipped site with `extra` more articles, one a day before the shipped one, the
/// first `in_area` of them (newest first) in 劳务协作 and tagged 样例.
fn site_with_articles(extra: usize, in_area: usize) -> tempfile::TempDir {
    let site = copy_site(&shipped_site());
    for i in 0..extra {
        let day = 30 - (i % 28);
        let month = 5 - (i / 28);
        let areas = if i < in_area {
            "areas = [\"劳务协作\"]\ntags = [\"样例\"]\n"
        } else {
            ""
        };
        let text = format!(
            "+++\ntitle = \"报道{i:02}\"\ndate = 2021-{month:02}-{day:02}\n{areas}+++\n\n桐梓县第{i}篇。\n"
        );
        fs::write(
            site.path()
                .join(format!("content/articles/report-{i:02}.md")),
            text,
        )
        .unwrap();
    }
    site
}

#[test]
fn forty_five_articles_make_three_list_pages_linked_by_prev_and_next() {
    let site = site_with_articles(44, 0);
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let pages = [
        read(&out, "articles/index.html"),
        read(&out, "articles/page/2/index.html"),
        read(&out, "articles/page/3/index.html"),
    ];
    assert!(!out.join("articles/page/4").exists());
    let cards: Vec<Vec<String>> = pages.iter().map(|p| card_links(p)).collect();
    assert_eq!(cards.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    assert_eq!(
        cards[0][0], "/articles/zhuhai-zunyi-pairing/",
        "newest first"
    );
    assert_eq!(cards[0][1], "/articles/report-00/");
    assert_eq!(cards[2][4], "/articles/report-43/", "the oldest last");
    let none = (None, None);
    let to = |href: &str| (Some(href.to_string()), Some(href.to_string()));
    assert_eq!(
        rel_links(&pages[0], "prev"),
        none,
        "the first page has no prev"
    );
    assert_eq!(rel_links(&pages[0], "next"), to("/articles/page/2/"));
    assert_eq!(rel_links(&pages[1], "prev"), to("/articles/"));
    assert_eq!(rel_links(&pages[1], "next"), to("/articles/page/3/"));
    assert_eq!(rel_links(&pages[2], "prev"), to("/articles/page/2/"));
    assert_eq!(
        rel_links(&pages[2], "next"),
        none,
        "the last page has no next"
    );
    assert!(pages[1].contains("第2页，共3页"));
    assert!(
        pages[1].contains("<title>全部报道（第2页） · "),
        "every page's title differs"
    );

    let home = read(&out, "index.html");
    let listed = home.matches("<li class=\"card\">").count();
    assert_eq!(listed, 5, "the home page shows the newest five");
    assert!(home.contains("<a href=\"/articles/\">全部45篇报道</a>"));

    let newest = read(&out, "articles/zhuhai-zunyi-pairing/index.html");
    assert!(!newest.contains("较新："));
    assert!(newest.contains("较早：</span><a href=\"/articles/report-00/\">报道00</a>"));
    let middle = read(&out, "articles/report-10/index.html");
    assert!(middle.contains("较新：</span><a href=\"/articles/report-09/\">报道09</a>"));
    assert!(middle.contains("较早：</span><a href=\"/articles/report-11/\">报道11</a>"));
    assert!(!read(&out, "articles/report-43/index.html").contains("较早："));
}

#[test]
fn list_settings_set_the_page_size_and_the_home_page_count() {
    let site = site_with_articles(4, 0);
    fs::write(
        site.path().join("xiezuo.toml"),
        "[lists]\nper_page = 2\nhome = 1\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    assert_eq!(
        card_links(&read(&out, "articles/page/3/index.html")).len(),
        1
    );
    assert!(!out.join("articles/page/4").exists());
    assert_eq!(
        read(&out, "index.html")
            .matches("<li class=\"card\">")
            .count(),
        1
    );
}

#[test]
fn areas_and_tags_have_paginated_pages_linked_from_their_articles() {
    let site = site_with_articles(44, 25);
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let article = read(&out, "articles/report-00/index.html");
    assert!(article.contains("协作领域：</span><a href=\"/areas/lao-wu-xie-zuo/\">劳务协作</a>"));
    assert!(article.contains("标签：</span><a href=\"/tags/yang-li/\">样例</a>"));
    let area = read(&out, "areas/lao-wu-xie-zuo/index.html");
    assert!(area.contains("<h1>劳务协作</h1>"));
    assert!(
        area.contains("26篇报道涉及劳务协作，第1页，共2页。"),
        "the shipped one and 25 more"
    );
    assert_eq!(card_links(&area).len(), 20);
    assert_eq!(
        rel_links(&area, "next"),
        (
            Some("/areas/lao-wu-xie-zuo/page/2/".into()),
            Some("/areas/lao-wu-xie-zuo/page/2/".into())
        )
    );
    let second = read(&out, "areas/lao-wu-xie-zuo/page/2/index.html");
    assert_eq!(card_links(&second).len(), 6);
    assert_eq!(rel_links(&second, "next"), (None, None));
    // The units the area's articles mention: every page of it says them all.
    for page in [&area, &second] {
        assert!(page.contains("这些报道涉及的结对单位"));
        assert!(page.contains("<a href=\"/counties/tongzi/\">桐梓县</a>"));
        assert!(page.contains("<a href=\"/districts/doumen/\">斗门区</a>"));
    }
    let other = read(&out, "areas/zhao-shang-xie-zuo/index.html");
    assert_eq!(card_links(&other), ["/articles/zhuhai-zunyi-pairing/"]);
    assert!(!other.contains("rel=\"next\""));
    let tag = read(&out, "tags/yang-li/index.html");
    assert!(tag.contains("标记为“样例”的25篇报道，第1页，共2页。"));
    assert!(out.join("tags/yang-li/page/2/index.html").exists());
    let home = read(&out, "index.html");
    assert!(
        home.contains("<li><a href=\"/areas/wen-lv-xie-zuo/\">文旅协作</a></li>"),
        "the home page's areas link to their pages"
    );
    let areas = read(&out, "areas/index.html");
    let listed: Vec<&str> = areas
        .split("class=\"card__link\" href=\"")
        .skip(1)
        .collect();
    assert_eq!(listed.len(), 4, "every area of the data");
    assert!(listed[0]
        .starts_with("/areas/lao-wu-xie-zuo/\">劳务协作</a><span class=\"kind\">26篇</span>"));
    assert!(listed[3]
        .starts_with("/areas/wen-lv-xie-zuo/\">文旅协作</a><span class=\"kind\">1篇</span>"));
    let tags = read(&out, "tags/index.html");
    assert!(tags.contains("href=\"/tags/yang-li/\">样例</a><span class=\"kind\">25篇</span>"));
    assert!(
        second.contains("<li><a href=\"/areas/\">协作领域</a></li>\n    <li><a href=\"/areas/lao-wu-xie-zuo/\">劳务协作</a></li>"),
        "a later page's breadcrumbs lead to the list of areas and the area's first page"
    );
}

#[test]
fn an_explicit_slug_renames_an_area_page() {
    let site = copy_site(&shipped_site());
    let settings = site.path().join("xiezuo.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let text = text.replace("[slugs]\n", "[slugs]\n\"劳务协作\" = \"labour\"\n");
    fs::write(&settings, text).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    assert!(read(&out, "areas/labour/index.html").contains("<h1>劳务协作</h1>"));
    assert!(!out.join("areas/lao-wu-xie-zuo").exists());
}

#[test]
fn a_page_can_name_its_own_template() {
    let site = copy_site(&shipped_site());
    let about = site.path().join("content/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(
        &about,
        text.replacen("nav_order", "template = \"about.html\"\nnav_order", 1),
    )
    .unwrap();
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/about.html"),
        "{% extends \"page.html\" %}{% block content %}<h1>关于：{{ page.heading }}</h1>{% endblock content %}",
    )
    .unwrap();
    let out = site.path().join("public");
    let report = build(site.path(), &out, None).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(read(&out, "about/index.html").contains("<h1>关于：关于本站</h1>"));
}

#[test]
fn a_template_that_nothing_uses_is_a_warning_with_the_nearest_name() {
    let site = copy_site(&shipped_site());
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/artcle.html"),
        "{{ page.title }}",
    )
    .unwrap();
    fs::write(site.path().join("templates/about.html"), "{{ page.title }}").unwrap();
    let (code, _, stderr) = run_binary(&["build"], site.path());
    assert_eq!(code, 0, "a warning does not stop the build: {stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    let about = Path::new("templates").join("about.html");
    let artcle = Path::new("templates").join("artcle.html");
    assert_eq!(
        warnings,
        [
            format!(
                "warning: {}: template \"about.html\" is not used by any page",
                about.display()
            )
            .as_str(),
            format!(
                "warning: {}: template \"artcle.html\" is not used by any page",
                artcle.display()
            )
            .as_str(),
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: name it in a page's front matter (template = \"about.html\")"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: did you mean \"article.html\"?"),
        "{stderr}"
    );
}

#[test]
fn a_slug_for_a_name_that_is_no_area_or_tag_is_a_warning() {
    let site = copy_site(&shipped_site());
    let settings = site.path().join("xiezuo.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, text.replace("\"结对调整\" =", "\"结队调整\" =")).unwrap();
    let report = build(site.path(), &site.path().join("public"), None).unwrap();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(
            "xiezuo.toml:14:10: [slugs] \"结队调整\" names no area or tag\n  help: did you mean \"结对调整\"?"
        ),
        "{warnings:?}"
    );
    assert!(site
        .path()
        .join("public/tags/jie-dui-diao-zheng/index.html")
        .exists());
}
