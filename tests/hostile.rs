//! Hostile content: names, titles and texts full of markup, quotes and script URLs come out
//! escaped in HTML text, attributes, the SVG diagrams, the search JSON and the XML files.

mod common;

use std::fs;

use common::*;

const EVIL: &str = r#"<script>alert("x")</script> & 'q' </title> ]]> javascript:alert(1)"#;

fn hostile_site() -> tempfile::TempDir {
    let site = copy_site(&fixture("minimal"));
    let data = site.path().join("content/pairings.toml");
    let text = fs::read_to_string(&data).unwrap();
    let evil_toml = EVIL.replace('\\', "\\\\").replace('"', "\\\"");
    let text = text
        .replace(
            "name = \"西二县\"",
            &format!("name = \"西二县{evil_toml}\""),
        )
        .replace(
            "aliases = [\"西一县\"]",
            &format!("aliases = [\"西一县\", \"别名{evil_toml}\"]"),
        )
        .replace(
            "kind = \"功能区\"",
            &format!("kind = \"功能区{evil_toml}\""),
        )
        .replace(
            "title = \"甲市—乙市协作\"",
            &format!("title = \"协作{evil_toml}\""),
        );
    let text = format!("{text}\n[[events]]\ndate = 2024-01-01\ntext = \"事件{evil_toml}\"\n");
    fs::write(&data, text).unwrap();
    let article = site.path().join("content/articles/2024/report.md");
    let text = fs::read_to_string(&article).unwrap();
    let text = text.replace("title = \"协作报道\"", &format!("title = \"报道{evil_toml}\"\ndescription = \"描述{evil_toml}\"\nsource = \"来源{evil_toml}\""));
    fs::write(&article, format!("{text}\n[点我](javascript:alert(1)) [图](data:text/html,x) 西二县{EVIL}\n\n<img src=x onerror=alert(1)>\n")).unwrap();
    site
}

#[test]
fn hostile_text_is_escaped_everywhere_it_is_published() {
    let site = hostile_site();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let files = read_tree(&out);
    let script_tag = "<script src=\"/search.js\" defer></script>";
    // The one-line script that reserves the search box's place before the first paint.
    let inline_tag = "<script>document.documentElement.classList.add(\"has-search\")</script>";
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(
            html.matches("<script").count(),
            html.matches(script_tag).count() + html.matches(inline_tag).count(),
            "{path}: only our own scripts"
        );
        let head = &html[..html.find("</head>").unwrap()];
        assert_eq!(
            head.matches("</title>").count(),
            1,
            "{path}: the title is not broken out of"
        );
        assert!(
            !html.to_lowercase().contains("href=\"javascript:"),
            "{path}"
        );
        assert!(!html.contains("<img src=x"), "{path}: raw HTML stays text");
    }
    let county = String::from_utf8(files["counties/west-b/index.html"].clone()).unwrap();
    let expected = "<h1>西二县&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &lt;/title&gt; ]]&gt; javascript:alert(1)</h1>";
    assert!(
        county.contains(expected),
        "the heading shows the name as text"
    );
    assert!(county.contains("<svg"), "the page has its diagram");
}

#[test]
fn search_json_and_xml_files_round_trip_the_exact_text() {
    let site = hostile_site();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    // The search index's documents are in chunks beside its entry point.
    let meta: serde_json::Value = serde_json::from_str(&read(&out, "search-index.json")).unwrap();
    assert_eq!(meta["v"], 2);
    let mut chunks: Vec<serde_json::Value> = Vec::new();
    for i in 0.. {
        let path = out.join(format!("search/d{i}.json"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            break;
        };
        chunks.push(serde_json::from_str(&text).unwrap());
    }
    let titles: Vec<&str> = chunks
        .iter()
        .flat_map(|chunk| chunk.as_array().unwrap())
        .map(|d| d[0].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&format!("西二县{EVIL}").as_str()),
        "{titles:?}"
    );
    let feed_text = read(&out, "atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("the feed is well-formed XML");
    let entry_title = feed
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .unwrap()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(entry_title.text(), Some(format!("报道{EVIL}").as_str()));
    let feed_title = feed
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert!(feed_title.text().is_some());
    let sitemap_text = read(&out, "sitemap.xml");
    roxmltree::Document::parse(&sitemap_text).expect("the sitemap is well-formed XML");
    for svg_page in [
        "index.html",
        "counties/west-b/index.html",
        "districts/east-b/index.html",
    ] {
        let html = read(&out, svg_page);
        let start = html.find("<svg").unwrap();
        let end = html.find("</svg>").unwrap() + "</svg>".len();
        roxmltree::Document::parse(&html[start..end])
            .unwrap_or_else(|e| panic!("{svg_page}: the SVG is well-formed XML: {e}"));
    }
}

/// The Nu checker rejects a page holding a control character or a noncharacter, and XML (the
/// feed) rejects them too. Markdown can write them as character references, which the loader's
/// check of raw bytes cannot see.
#[test]
fn no_forbidden_code_point_written_in_markdown_reaches_a_published_file() {
    let site = copy_site(&fixture("minimal"));
    let article = site.path().join("content/articles/2024/report.md");
    let text = fs::read_to_string(&article).unwrap();
    let body = "\n西二县响铃&#7;、&#x85;、&#xFDD0;、&#xFFFF;与`&#7;`\n\n[链](https://example.com/a&#x7F;b)\n";
    fs::write(&article, format!("{text}{body}")).unwrap();
    let out = site.path().join("public");
    let err = build(site.path(), &out, None).unwrap_err().to_string();
    let found: Vec<&str> = err
        .lines()
        .filter(|line| line.contains("report.md:"))
        .map(|line| line.split("report.md:").nth(1).unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "29:6: the text contains the control character U+0007, which a web page cannot contain",
            "29:11: the text contains the control character U+0085, which a web page cannot contain",
            "29:18: the text contains the noncharacter U+FDD0, which a web page cannot contain",
            "29:27: the text contains the noncharacter U+FFFF, which a web page cannot contain",
            "31:1: the text contains the control character U+007F, which a web page cannot contain",
        ],
        "every forbidden character is an error at its place, the code span's text is not: {err}"
    );
    assert!(!out.exists(), "nothing is written");
}
