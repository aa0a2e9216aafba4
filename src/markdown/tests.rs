//! The Markdown pipeline end to end: Markdown in, HTML and blocks out.

use super::*;
use crate::network::UnitId;

/// Counties are units 0 to 99 here, the one district unit 100.
fn county(i: u32) -> EntityId {
    UnitId(i)
}

const DISTRICT: EntityId = UnitId(100);

fn linker() -> Linker {
    Linker::from_names([
        ("务川仡佬族苗族自治县", county(0)),
        ("务川县", county(0)),
        ("桐梓县", county(1)),
        ("斗门区", DISTRICT),
    ])
}

fn href(entity: EntityId) -> String {
    if entity == DISTRICT {
        "/districts/d/".into()
    } else {
        format!("/counties/c{}/", entity.0)
    }
}

fn to_html(markdown: &str) -> String {
    render(markdown, MarkdownSettings::default(), &linker(), &href).html
}

fn with_html() -> MarkdownSettings {
    MarkdownSettings {
        allow_html: true,
        ..MarkdownSettings::default()
    }
}

/// Renders each `(markdown, html)` case with `settings` and compares the whole HTML.
fn check_html(settings: MarkdownSettings, cases: &[(&str, &str)]) {
    for (markdown, expected) in cases {
        let rendered = render(markdown, settings, &linker(), &href);
        assert_eq!(rendered.html, *expected, "Markdown: {markdown:?}");
    }
}

/// `(offset, other, message)` of each problem.
fn problems_of(markdown: &str, settings: MarkdownSettings) -> Vec<(usize, Option<usize>, String)> {
    render(markdown, settings, &linker(), &href)
        .problems
        .into_iter()
        .map(|p| (p.offset, p.other, p.message))
        .collect()
}

const TONGZI: &str = "<a class=\"entity\" href=\"/counties/c1/\">桐梓县</a>";

#[test]
fn soft_break_between_chinese_characters_disappears() {
    assert_eq!(
        to_html("珠海市\n遵义市"),
        "<p id=\"p-1\">珠海市遵义市</p>\n"
    );
}

#[test]
fn soft_break_between_latin_words_stays() {
    assert_eq!(
        to_html("Zhuhai\nZunyi"),
        "<p id=\"p-1\">Zhuhai\nZunyi</p>\n"
    );
}

#[test]
fn a_name_wrapped_across_lines_is_still_linked() {
    assert_eq!(
        to_html("务川仡佬族\n苗族自治县"),
        "<p id=\"p-1\"><a class=\"entity\" href=\"/counties/c0/\">务川仡佬族苗族自治县</a></p>\n"
    );
}

#[test]
fn longest_name_is_linked_and_alias_too() {
    let settings = MarkdownSettings {
        link_every_mention: true,
        ..MarkdownSettings::default()
    };
    let html = render(
        "务川仡佬族苗族自治县，简称务川县。",
        settings,
        &linker(),
        &href,
    )
    .html;
    assert_eq!(html.matches("href=\"/counties/c0/\"").count(), 2);
    assert!(html.contains(">务川仡佬族苗族自治县</a>"));
}

#[test]
fn mentions_in_links_code_and_headings_are_not_linked() {
    let html = to_html("# 桐梓县\n\n[桐梓县](https://x.org) `桐梓县`\n\n```\n桐梓县\n```\n");
    assert!(!html.contains("class=\"entity\""), "{html}");
}

#[test]
fn chinese_headings_get_stable_unique_ids() {
    let html = to_html("## 结对 关系\n\n## 结对 关系\n\n## p-1\n");
    assert!(html.contains("<h2 id=\"结对-关系\">"), "{html}");
    assert!(html.contains("<h2 id=\"结对-关系-2\">"), "{html}");
    assert!(html.contains("<h2 id=\"h-p-1\">"), "{html}");
}

#[test]
fn raw_html_is_escaped_by_default() {
    let html = to_html("<script>alert(1)</script>\n\n文字<b>粗</b>");
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;"), "{html}");
}

#[test]
fn raw_html_passes_when_allowed() {
    let settings = MarkdownSettings {
        allow_html: true,
        ..MarkdownSettings::default()
    };
    let html = render("文字<b>粗</b>", settings, &linker(), &href).html;
    assert!(html.contains("<b>粗</b>"), "{html}");
}

#[test]
fn javascript_links_are_neutralised() {
    let html = to_html("[点我](javascript:alert(1)) [图](  JavaScript:x)");
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
}

/// Browsers drop spaces and control characters before a scheme and tabs and newlines inside it,
/// so a link written with them still runs script: it leads nowhere too.
#[test]
fn javascript_links_hidden_by_spaces_or_tabs_are_neutralised() {
    let html =
        to_html("[甲](< javascript:alert(1)>) [乙](<java\tscript:alert(1)>) [丙](<\tvbscript:x>)");
    assert_eq!(html.matches("href=\"#\"").count(), 3, "{html}");
    assert!(!html.contains("script:"), "{html}");
}

#[test]
fn blocks_record_mentions_as_ranges_of_their_text() {
    let rendered = render(
        "开头。\n\n- 桐梓县\n- 无\n",
        MarkdownSettings::default(),
        &linker(),
        &href,
    );
    assert_eq!(rendered.lead, "开头。");
    assert_eq!(rendered.quotable.len(), 1);
    let block = &rendered.quotable[0];
    assert_eq!(block.id, "p-2");
    assert_eq!(
        &block.text[block.mentions[0].start..block.mentions[0].end],
        "桐梓县"
    );
    assert!(
        rendered.html.contains("<li id=\"p-2\">"),
        "{}",
        rendered.html
    );
}

#[test]
fn gfm_tables_footnotes_and_strikethrough_render() {
    let html = to_html("|县|区|\n|-|-|\n|桐梓县|横琴|\n\n~~旧~~脚注[^1]\n\n[^1]: 注释。\n");
    assert!(
        html.contains("<table>") && html.contains("<del>旧</del>"),
        "{html}"
    );
    assert!(html.contains("footnote-definition"), "{html}");
    assert!(
        html.contains("<a class=\"entity\" href=\"/counties/c1/\">桐梓县</a>"),
        "{html}"
    );
}

// Task: every id on the page is unique.

/// `(offset, other, message)` of a problem.
type ExpectedProblem = (usize, Option<usize>, &'static str);

#[test]
fn generated_ids_have_namespaces_of_their_own() {
    check_html(
        MarkdownSettings::default(),
        &[
            (
                "一[^p-2]\n\n二\n\n[^p-2]: 注。\n",
                "<p id=\"p-1\">一<sup class=\"footnote-reference\" id=\"fnref-p-2\"><a href=\"#fn-p-2\">1</a></sup></p>\n\
                 <p id=\"p-2\">二</p>\n\
                 <div class=\"footnote-definition\" id=\"fn-p-2\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-p-2\">1</a></sup><p id=\"p-3\">注。</p>\n</div>\n",
            ),
            (
                "## 注释\n\n文[^注释]，再[^注释]。\n\n[^注释]: 说明。\n",
                "<h2 id=\"注释\">注释</h2>\n\
                 <p id=\"p-1\">文<sup class=\"footnote-reference\" id=\"fnref-注释\"><a href=\"#fn-注释\">1</a></sup>，再<sup class=\"footnote-reference\" id=\"fnref-注释-2\"><a href=\"#fn-注释\">1</a></sup>。</p>\n\
                 <div class=\"footnote-definition\" id=\"fn-注释\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-注释\">1</a></sup><p id=\"p-2\">说明。</p>\n</div>\n",
            ),
            (
                "文[^A]\n\n[^a]: 大小写不同也是同一个脚注。\n",
                "<p id=\"p-1\">文<sup class=\"footnote-reference\" id=\"fnref-a\"><a href=\"#fn-a\">1</a></sup></p>\n\
                 <div class=\"footnote-definition\" id=\"fn-a\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-a\">1</a></sup><p id=\"p-2\">大小写不同也是同一个脚注。</p>\n</div>\n",
            ),
            (
                "## p-2\n\n## fn-1\n\n## r-1\n\n## Main\n",
                "<h2 id=\"h-p-2\">p-2</h2>\n<h2 id=\"h-fn-1\">fn-1</h2>\n<h2 id=\"h-r-1\">r-1</h2>\n<h2 id=\"main-2\">Main</h2>\n",
            ),
            (
                "## 甲 {#x}\n\n## x\n",
                "<h2 id=\"x\">甲</h2>\n<h2 id=\"x-2\">x</h2>\n",
            ),
        ],
    );
}

#[test]
fn ids_the_writer_gives_twice_or_that_clash_are_problems_naming_both_places() {
    let cases: &[(&str, MarkdownSettings, &[ExpectedProblem])] = &[
        (
            "## 甲 {#x}\n\n## 乙 {#x}\n",
            MarkdownSettings::default(),
            &[(22, Some(9), "the id `x` is given twice")],
        ),
        (
            "一\n\n二\n\n三\n\n## 标题 {#p-3}\n",
            MarkdownSettings::default(),
            &[(27, Some(10), "the id `p-3` is also the id of paragraph 3")],
        ),
        ("## 标题 {#p-9}\n\n一\n", MarkdownSettings::default(), &[]),
        (
            "## 标题 {#main}\n",
            MarkdownSettings::default(),
            &[(12, None, "the id `main` is used by the page template")],
        ),
        (
            "文[^1]\n\n[^1]: 甲\n[^1]: 乙\n",
            MarkdownSettings::default(),
            &[(19, Some(9), "the footnote [^1] is defined twice")],
        ),
        (
            "|县|\n|-|\n|桐梓县|\n\n<span id=\"r-2\">x</span>\n",
            with_html(),
            &[(33, Some(10), "the id `r-2` is also the id of table row 2")],
        ),
        (
            "文[^n]\n\n[^n]: 注\n\n## 标题 {#fn-n}\n",
            MarkdownSettings::default(),
            &[(32, Some(9), "the id `fn-n` is also the id of a footnote")],
        ),
        // Without raw HTML, an `id=` is only text.
        (
            "一\n\n<b id=\"p-1\">x</b>\n",
            MarkdownSettings::default(),
            &[],
        ),
    ];
    for (markdown, settings, expected) in cases {
        let expected: Vec<(usize, Option<usize>, String)> = expected
            .iter()
            .map(|(at, other, message)| (*at, *other, message.to_string()))
            .collect();
        assert_eq!(problems_of(markdown, *settings), expected, "{markdown:?}");
    }
}

#[test]
fn problems_become_diagnostics_with_lines_of_the_file() {
    let markdown = "\n## 甲 {#x}\n\n## 乙 {#x}\n";
    let rendered = render(markdown, MarkdownSettings::default(), &linker(), &href);
    let diagnostic = rendered.problems[0].to_diagnostic(Path::new("a.md"), markdown, 6);
    assert_eq!(
        diagnostic.to_string(),
        "a.md:9:8: the id `x` is given twice (the other is at line 7, column 8)\n  help: give each element its own id"
    );
}

// Task: one h1 per page.

#[test]
fn headings_move_so_that_the_top_level_is_h2() {
    check_html(
        MarkdownSettings::default(),
        &[
            ("# 一\n", "<h2 id=\"一\">一</h2>\n"),
            ("标题\n===\n", "<h2 id=\"标题\">标题</h2>\n"),
            (
                "# 一\n\n## 二\n\n##### 五\n\n###### 六\n",
                "<h2 id=\"一\">一</h2>\n<h3 id=\"二\">二</h3>\n<h6 id=\"五\">五</h6>\n<h6 id=\"六\">六</h6>\n",
            ),
            (
                "## 二\n\n### 三\n",
                "<h2 id=\"二\">二</h2>\n<h3 id=\"三\">三</h3>\n",
            ),
            (
                "### 三\n\n#### 四\n",
                "<h2 id=\"三\">三</h2>\n<h3 id=\"四\">四</h3>\n",
            ),
        ],
    );
}

// Task: links never nest.

#[test]
fn names_inside_raw_links_code_and_headings_are_not_linked() {
    check_html(
        with_html(),
        &[
            (
                "<a href=\"/x\">桐梓县</a>",
                "<p id=\"p-1\"><a href=\"/x\">桐梓县</a></p>\n",
            ),
            (
                "见<code>桐梓县</code>与<kbd>桐梓县</kbd>",
                "<p id=\"p-1\">见<code>桐梓县</code>与<kbd>桐梓县</kbd></p>\n",
            ),
            ("<pre>\n桐梓县\n</pre>\n", "<pre>\n桐梓县\n</pre>\n"),
            (
                "<a href=\"/x\">\n\n桐梓县\n\n</a>\n",
                "<a href=\"/x\">\n<p id=\"p-1\">桐梓县</p>\n</a>\n",
            ),
            (
                "<h2>桐梓县</h2>\n\n桐梓县\n",
                &format!("<h2>桐梓县</h2>\n<p id=\"p-1\">{TONGZI}</p>\n"),
            ),
            (
                "<b>桐梓县</b><!-- <a> -->桐梓县",
                &format!("<p id=\"p-1\"><b>{TONGZI}</b><!-- <a> -->桐梓县</p>\n"),
            ),
            (
                "<div>\n\n桐梓县\n\n</div>\n",
                &format!("<div>\n<p id=\"p-1\">{TONGZI}</p>\n</div>\n"),
            ),
        ],
    );
}

// Task: Chinese line breaks (the rule and more pairs are in `breaks`).

#[test]
fn line_breaks_between_chinese_characters_and_punctuation_are_removed() {
    const LINKED: &str = "<a class=\"entity\" href=\"/districts/d/\">斗门区</a>";
    let cases: &[(&str, &str)] = &[
        ("珠海\n遵义", "珠海遵义"),
        ("他说：“协作\n”", "他说：“协作”"),
        ("“协作”\n开始", "“协作”开始"),
        ("《报道》\n指出", "《报道》指出"),
        ("（注）\n见", "（注）见"),
        ("等待……\n——终于", "等待……——终于"),
        ("张·\n三", "张·三"),
        ("*强调*\n文字", "<em>强调</em>文字"),
        ("文字\n**强调**", "文字<strong>强调</strong>"),
        ("[遵义](/z)\n文字", "<a href=\"/z\">遵义</a>文字"),
        ("文字\n`代码`", "文字<code>代码</code>"),
        ("到\n斗门区", &format!("到{LINKED}")),
        ("中文\nLatin", "中文\nLatin"),
        ("Latin\n中文", "Latin\n中文"),
        ("中文\n2021年", "中文\n2021年"),
        ("”\nLatin", "”\nLatin"),
        ("한국어\n한국어", "한국어\n한국어"),
        (
            "中文\n![图](x.png)",
            "中文\n<img src=\"x.png\" alt=\"图\" loading=\"lazy\" decoding=\"async\">",
        ),
        ("a\u{200B}\nb", "a\u{200B}b"),
    ];
    for (markdown, inner) in cases {
        let expected = format!("<p id=\"p-1\">{inner}</p>\n");
        check_html(MarkdownSettings::default(), &[(markdown, &expected)]);
    }
    let english = MarkdownSettings {
        ambiguous_punctuation_wide: false,
        ..MarkdownSettings::default()
    };
    check_html(
        english,
        &[
            ("“协作”\n开始", "<p id=\"p-1\">“协作”\n开始</p>\n"),
            ("珠海\n遵义", "<p id=\"p-1\">珠海遵义</p>\n"),
        ],
    );
}

#[test]
fn removed_line_breaks_leave_no_space_in_quotes_either() {
    let rendered = render(
        "“到\n斗门区”\n调研",
        MarkdownSettings::default(),
        &linker(),
        &href,
    );
    assert_eq!(rendered.quotable[0].text, "“到斗门区”调研");
    assert_eq!(rendered.lead, "“到斗门区”调研");
}

// Task: mentions in tables are quotable.

#[test]
fn table_rows_with_mentions_are_quotable_blocks_with_ids_of_their_own() {
    let markdown = "开头。\n\n## 结对名单\n\n|县|区|\n|:-|-:|\n|桐梓县|斗门区|\n|无||\n\n结尾。\n";
    let rendered = render(markdown, MarkdownSettings::default(), &linker(), &href);
    assert_eq!(
        rendered.html,
        format!(
            "<p id=\"p-1\">开头。</p>\n<h2 id=\"结对名单\">结对名单</h2>\n\
             <table><thead><tr id=\"r-1\"><th style=\"text-align: left\">县</th><th style=\"text-align: right\">区</th></tr></thead><tbody>\n\
             <tr id=\"r-2\"><td style=\"text-align: left\">{TONGZI}</td><td style=\"text-align: right\"><a class=\"entity\" href=\"/districts/d/\">斗门区</a></td></tr>\n\
             <tr id=\"r-3\"><td style=\"text-align: left\">无</td><td style=\"text-align: right\"></td></tr>\n\
             </tbody></table>\n<p id=\"p-2\">结尾。</p>\n"
        )
    );
    let blocks: Vec<(&str, &str, Vec<&str>)> = rendered
        .quotable
        .iter()
        .map(|b| {
            let spelled = b.mentions.iter().map(|m| &b.text[m.start..m.end]).collect();
            (b.id.as_str(), b.text.as_str(), spelled)
        })
        .collect();
    assert_eq!(
        blocks,
        [(
            "r-2",
            "【结对名单】县：桐梓县；区：斗门区",
            vec!["桐梓县", "斗门区"]
        )]
    );
    assert_eq!(rendered.lead, "开头。");
    assert_eq!(
        rendered.text,
        "开头。\n县；区\n县：桐梓县；区：斗门区\n县：无\n结尾。\n"
    );
}

#[test]
fn a_table_without_heading_or_header_text_quotes_its_cells() {
    let rendered = render(
        "||\n|-|\n|桐梓县|\n",
        MarkdownSettings::default(),
        &linker(),
        &href,
    );
    assert_eq!(rendered.quotable.len(), 1);
    assert_eq!(rendered.quotable[0].text, "桐梓县");
    assert_eq!(rendered.quotable[0].id, "r-2");
}

// Task: no link soup.

#[test]
fn only_the_first_mention_of_each_entity_in_a_block_is_linked() {
    let markdown = "桐梓县、斗门区与桐梓县。\n\n- 桐梓县和桐梓县\n\n[桐梓县](/x)后的桐梓县\n";
    let rendered = render(markdown, MarkdownSettings::default(), &linker(), &href);
    assert_eq!(
        rendered.html,
        format!(
            "<p id=\"p-1\">{TONGZI}、<a class=\"entity\" href=\"/districts/d/\">斗门区</a>与桐梓县。</p>\n\
             <ul>\n<li id=\"p-2\">{TONGZI}和桐梓县</li>\n</ul>\n\
             <p id=\"p-3\"><a href=\"/x\">桐梓县</a>后的{TONGZI}</p>\n"
        )
    );
    let counts: Vec<(&str, usize)> = rendered
        .quotable
        .iter()
        .map(|b| (b.id.as_str(), b.mentions.len()))
        .collect();
    assert_eq!(counts, [("p-1", 3), ("p-2", 2), ("p-3", 1)]);
}

#[test]
fn every_mention_is_linked_when_the_site_asks() {
    let settings = MarkdownSettings {
        link_every_mention: true,
        ..MarkdownSettings::default()
    };
    check_html(
        settings,
        &[(
            "桐梓县与桐梓县",
            &format!("<p id=\"p-1\">{TONGZI}与{TONGZI}</p>\n"),
        )],
    );
}

// Task: no forbidden code point reaches the output.

#[test]
fn forbidden_code_points_become_replacement_characters_and_problems() {
    let cases: &[(&str, MarkdownSettings, &str, usize, &str)] = &[
        (
            "响&#7;铃",
            MarkdownSettings::default(),
            "<p id=\"p-1\">响\u{FFFD}铃</p>\n",
            3,
            "control character U+0007",
        ),
        (
            "非\u{FDD0}字",
            MarkdownSettings::default(),
            "<p id=\"p-1\">非\u{FFFD}字</p>\n",
            3,
            "noncharacter U+FDD0",
        ),
        (
            "`码&#x85;`",
            MarkdownSettings::default(),
            "<p id=\"p-1\"><code>码&amp;#x85;</code></p>\n",
            usize::MAX,
            "",
        ),
        (
            "[链](/a&#127;b)",
            MarkdownSettings::default(),
            "<p id=\"p-1\"><a href=\"/a%EF%BF%BDb\">链</a></p>\n",
            0,
            "control character U+007F",
        ),
        (
            "<b title=\"\u{FFFF}\">x</b>",
            with_html(),
            "<p id=\"p-1\"><b title=\"\u{FFFD}\">x</b></p>\n",
            10,
            "noncharacter U+FFFF",
        ),
        (
            "## 标题 {#a\u{FDD0}}\n",
            MarkdownSettings::default(),
            "<h2 id=\"a\u{FFFD}\">标题</h2>\n",
            13,
            "noncharacter U+FDD0",
        ),
    ];
    for (markdown, settings, html, offset, message) in cases {
        let rendered = render(markdown, *settings, &linker(), &href);
        assert_eq!(rendered.html, *html, "{markdown:?}");
        if message.is_empty() {
            assert!(rendered.problems.is_empty(), "{markdown:?}");
            continue;
        }
        assert_eq!(rendered.problems.len(), 1, "{markdown:?}");
        assert_eq!(rendered.problems[0].offset, *offset, "{markdown:?}");
        assert!(
            rendered.problems[0].message.contains(message),
            "{markdown:?}"
        );
    }
}
