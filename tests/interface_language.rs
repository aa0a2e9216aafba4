//! The interface language: an English-interface build of a site written in English
//! (`tests/fixtures/english`, test data) has no Chinese interface text left anywhere in its
//! output, and a site's `[strings]` replace single interface strings.

mod common;

use std::fs;

use common::*;

/// CJK ideographs, radicals, kana, Hangul, CJK symbols and punctuation (、。「」【】), and the
/// full-width forms (，：；（）).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

#[test]
fn an_english_interface_build_of_an_english_site_has_no_cjk_character_in_any_file() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    // With the drafts, so that the draft's marks are held to English too.
    xiezuo::build(&xiezuo::BuildOptions {
        output: Some(site.clone()),
        drafts: xiezuo::Drafts::Included,
        ..xiezuo::BuildOptions::new(fixture("english"))
    })
    .unwrap();
    let files = read_tree(&site);
    assert!(files.len() > 20, "{:?}", files.keys());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let found: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| is_cjk(c))
            .take(3)
            .collect();
        if let Some(&(at, _)) = found.first() {
            let from = text.floor_char_boundary(at.saturating_sub(60));
            let to = text.ceil_char_boundary((at + 40).min(text.len()));
            panic!("{path} holds {found:?}: …{}…", &text[from..to]);
        }
    }
    let home = read(&site, "index.html");
    assert!(home.contains("<html lang=\"en-GB\">"), "{home}");
    // The pages of content/pages/, the article list and its pages, areas and tags.
    assert!(home.contains(">About this site (test data)</a>"), "{home}");
    assert!(home.contains(">All 3 reports</a>"), "{home}");
    let second = read(&site, "articles/page/2/index.html");
    assert!(
        second.contains("<title>All reports (page 2) · "),
        "{second}"
    );
    assert!(second.contains("Page 2 of 3"), "{second}");
    assert!(second.contains("rel=\"prev\">Previous</a>"), "{second}");
    let area = read(&site, "areas/labour-cooperation/index.html");
    assert!(area.contains("Area of cooperation"), "{area}");
    assert!(
        area.contains("2 reports on Labour cooperation, page 1 of 2."),
        "{area}"
    );
    let report = read(&site, "articles/harbour-report/index.html");
    assert!(report.contains("Areas of cooperation: </span>"), "{report}");
    assert!(report.contains("Tags: </span>"), "{report}");
    let draft = read(&site, "articles/plans/index.html");
    assert!(
        draft.contains("Draft: not published, for preview only"),
        "{draft}"
    );
    assert!(home.contains("content=\"en_GB\""), "{home}");
    assert!(home.contains(">Skip to content</a>"), "{home}");
    assert!(home.contains("<dt>East</dt>"), "{home}");
    let county = read(&site, "counties/fernvale/index.html");
    let sentence = "Fernvale County, Highmoor Prefecture, Westland Province is paired with Beacon District, Quay District (Harbour City, Eastland Province) in East–West cooperation.";
    assert!(county.contains(&sentence[..100]), "{county}");
    let in_index = files.iter().any(|(path, bytes)| {
        path.starts_with("search/") && String::from_utf8_lossy(bytes).contains(sentence)
    });
    assert!(in_index, "the whole sentence is in the search index");
    assert!(county.contains(">since 31 May 2021</time>"), "{county}");
    assert!(home.contains("<caption>Other pairings</caption>"), "{home}");
    let alone = read(&site, "counties/orchard/index.html");
    assert!(
        alone.contains(
            "Orchard County, Lowmarsh Prefecture, Westland Province is a county in the West."
        ),
        "{alone}"
    );
    let article = read(&site, "articles/harbour-report/index.html");
    assert!(article.contains(">31 May 2021, 18:27</time>"), "{article}");
    let pair = read(&site, "pairs/harbour/lowmarsh/index.html");
    assert!(pair.contains("2016 to 28 April 2021"), "{pair}");
    let events = read(&site, "index.html");
    assert!(
        events.contains(
            ">20 February 2021</time> to <time datetime=\"2021-02-24\">24 February 2021</time>"
        ),
        "{events}"
    );
}

#[test]
fn a_site_replaces_a_single_interface_string_and_keeps_the_others() {
    let site = copy_site(&shipped_site());
    let settings = site.path().join("xiezuo.toml");
    let mut text = fs::read_to_string(&settings).unwrap();
    text.push_str("\n[strings]\nskip_link = \"直达正文\"\nsearch_found = \"共{count}条结果\"\n");
    fs::write(&settings, text).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None).unwrap();
    let home = read(&out, "index.html");
    assert!(home.contains(">直达正文</a>"), "{home}");
    assert!(!home.contains("跳到正文"), "{home}");
    assert!(home.contains("data-found=\"共{count}条结果\""), "{home}");
    assert!(
        home.contains("aria-label=\"主导航\""),
        "the others stay: {home}"
    );
}
