//! Records: figures and activities read from TOML, CSV (UTF-8, GB18030) and xlsx files, shown
//! as tables and bar charts on unit, pair and home pages, with totals added exactly and every
//! table also written as a CSV file; every bad record reported at its cell; and the shipped
//! site's records true to the article that states them.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds `tests/fixtures/records` and returns the output folder's parent.
fn built_fixture() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("records"), &out.path().join("site"), None).unwrap();
    out
}

/// The text of `html` without its tags and white space (the text here is Chinese).
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag && !c.is_whitespace() => text.push(c),
            _ => {}
        }
    }
    text
}

/// The part of `html` from the element with `id` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let end = rest.find("</section>\n</").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn figures_from_csv_gb18030_xlsx_and_toml_are_totalled_on_the_home_page() {
    let out = built_fixture();
    let site = out.path().join("site");
    let totals = read(&site, "totals.csv");
    // Each metric's rows by unit (the prefecture, or the pair of prefectures, a record lies in),
    // then its sum over all of them.
    insta::assert_snapshot!("home_totals_csv", totals);
    let home = read(&site, "index.html");
    let shown = text_of(section(&home, "totals-title"));
    for expected in [
        // 财政帮扶资金 from the UTF-8 CSV: 0.1 + 0.2 万元 in 2021, 1.5亿元 + 2,500万元 in 2022.
        "财政帮扶资金（万元）",
        "2021年至2022年，转移就业合计2030人；2021年最多，为1950人。",
        // 转移就业 from the GB18030 CSV, 党政干部 and 专业技术人员 from both sheets of the workbook.
        "党政干部（人次）",
        "专业技术人员（人次）",
        // 销售额 from TOML.
        "2022年，销售额合计320.75万元。",
    ] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
}

#[test]
fn totals_stay_exact() {
    let out = built_fixture();
    let site = out.path().join("site");
    let home = read(&site, "index.html");
    let funds = section(&home, "metric-3-title");
    assert!(
        funds.starts_with("id=\"metric-3-title\">财政帮扶资金（万元）"),
        "{funds}"
    );
    // 0.1万元 + 0.2万元 is 0.3万元, not 0.30000000000000004万元; 1.5亿元 is 15000万元.
    assert!(funds.contains("<th scope=\"row\">合计</th><td class=\"num\">800</td><td class=\"num\">0.3</td><td class=\"num\">17500</td><td class=\"num\">18300.3</td>"), "{funds}");
    assert!(
        funds.contains("2019年至2022年，财政帮扶资金合计18300.3万元；2022年最多，为17500万元。")
    );
    for (path, bytes) in read_tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("0000000000"),
            "{path} holds a float artefact"
        );
    }
}

#[test]
fn unit_and_pair_pages_show_their_records_by_area_and_year_with_their_sources() {
    let out = built_fixture();
    let site = out.path().join("site");
    let huadu = read(&site, "districts/huadu/index.html");
    let records = section(&huadu, "records-title");
    // An activity from TOML, citing the article's second paragraph; and the figure of its
    // pairing with 大方县 from the CSV.
    assert!(records.contains("<caption><a href=\"/areas/lao-wu-xie-zuo/\">劳务协作</a></caption>"));
    assert!(records.contains("<td><time datetime=\"2021-05\">2021年5月</time></td>"));
    assert!(records.contains("<td>在大方县设立劳务服务工作站</td>"));
    assert!(records.contains(
        "<a href=\"/articles/guangzhou-report/#p-2\">《广州市推进东西部协作（测试数据）》第2段</a>"
    ));
    assert!(records.contains("<td class=\"num\">1.5亿元</td>"));
    let article = read(&site, "articles/guangzhou-report/index.html");
    assert!(
        article.contains("<p id=\"p-2\">"),
        "the cited paragraph exists"
    );
    // Rows are grouped by year.
    let dafang = read(&site, "counties/dafang/index.html");
    let labour = section(&dafang, "records-title");
    let years: Vec<&str> = labour
        .match_indices("scope=\"rowgroup\"")
        .map(|(i, _)| &labour[i..i + 40])
        .collect();
    assert_eq!(years.len(), 2, "劳务协作 2021 and 资金支持 2022: {labour}");
    assert!(labour.contains("<time datetime=\"2021-06\">2021年6月</time>"));
    assert!(labour.contains("<time datetime=\"2021-07\">2021年7月</time>"));
    // A pair page lists the records of its two units' pairings, in the period that held
    // (2016–2020 for the 2019 figure), and adds up everything inside it by pairing.
    let pair = read(&site, "pairs/guangzhou/qiannan/index.html");
    let own = text_of(section(&pair, "records-title"));
    assert!(
        own.contains("2019年广州市—黔南布依族苗族自治州财政帮扶资金800万元"),
        "{own}"
    );
    let totals = text_of(section(&pair, "totals-title"));
    for row in [
        "白云区—都匀市0.20.2",
        "增城区—荔波县25002500",
        "广州市—黔南布依族苗族自治州800800",
    ] {
        assert!(totals.contains(row), "{row:?} in {totals}");
    }
}

#[test]
fn every_table_links_a_csv_file_written_beside_the_page_in_the_columns_records_are_read_with() {
    let out = built_fixture();
    let site = out.path().join("site");
    let page = read(&site, "districts/huadu/index.html");
    for (href, file) in [
        (
            "/districts/huadu/records.csv",
            "districts/huadu/records.csv",
        ),
        ("/districts/huadu/totals.csv", "districts/huadu/totals.csv"),
    ] {
        assert!(
            page.contains(&format!("<a href=\"{href}\" type=\"text/csv\" download>")),
            "{href}"
        );
        let csv = read(&site, file);
        assert!(
            csv.starts_with('\u{feff}'),
            "{file} has a byte-order mark for spreadsheet programs"
        );
    }
    let csv = read(&site, "districts/huadu/records.csv");
    assert_eq!(
        csv,
        "\u{feff}area,date,unit,east,west,metric,value,measure,text,source,paragraph\r\n\
         资金支持,2022,,花都区,大方县,财政帮扶资金,1.5,亿元,,,\r\n\
         劳务协作,2021-05,花都区,,,,,,在大方县设立劳务服务工作站,guangzhou-report,p-2\r\n"
    );
    // Read back as a record file, the download gives the same records.
    let copy = copy_site(&fixture("records"));
    let records = copy.path().join("content/records");
    fs::remove_dir_all(&records).unwrap();
    fs::create_dir_all(&records).unwrap();
    fs::write(records.join("downloaded.csv"), &csv).unwrap();
    let again = copy.path().join("out");
    build(copy.path(), &again, None).unwrap();
    assert_eq!(read(&again, "districts/huadu/records.csv"), csv);
}

#[test]
fn every_chart_is_an_image_named_and_described_with_its_data_in_a_table_beside_it() {
    let out = built_fixture();
    let site = out.path().join("site");
    let mut charts = 0;
    for (path, bytes) in read_tree(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let ids = ids(&html);
        for (at, _) in html.match_indices("<svg class=\"chart\"") {
            charts += 1;
            let svg = &html[at..at + html[at..].find("</svg>").unwrap() + 6];
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(svg.contains("role=\"img\""), "{path}");
            let labelled = svg.split("aria-labelledby=\"").nth(1).unwrap();
            let labelled = &labelled[..labelled.find('"').unwrap()];
            for id in labelled.split(' ') {
                assert!(ids.iter().any(|i| i == id), "{path}: #{id}");
            }
            let after = &html[at..];
            let figure_end = after.find("</figure>").unwrap();
            assert!(
                after[..figure_end].contains("<figcaption>"),
                "{path}: a summary"
            );
            assert!(
                after[figure_end..]
                    .trim_start_matches("</figure>")
                    .trim_start()
                    .starts_with("<div class=\"table-scroll\">\n    <table class=\"totals\">"),
                "{path}: the data follows the chart"
            );
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{path}: ids are unique");
    }
    assert!(charts > 20, "{charts} charts");
}

/// Replaces the fixture's records with `files` of `tests/fixtures/records-bad` and returns the
/// failed build's report, the site's folder written `<site>`.
fn failing_with(files: &[&str]) -> String {
    let site = copy_site(&fixture("records"));
    let records = site.path().join("content/records");
    fs::remove_dir_all(&records).unwrap();
    fs::create_dir_all(&records).unwrap();
    for file in files {
        fs::copy(fixture("records-bad").join(file), records.join(file)).unwrap();
    }
    let (code, stdout, stderr) = run_binary(&["build"], site.path());
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(!site.path().join("public").exists(), "nothing was written");
    stderr.replace(&site.path().display().to_string(), "<site>")
}

#[test]
fn bad_records_in_toml_are_reported_together_at_their_fields() {
    insta::assert_snapshot!(failing_with(&["bad.toml"]));
}

#[test]
fn bad_cells_of_csv_and_xlsx_are_reported_by_row_and_column_and_sheet() {
    insta::assert_snapshot!(failing_with(&[
        "header.csv",
        "labour-gb18030.csv",
        "exchanges.xlsx"
    ]));
}

#[test]
fn conflicting_figures_overlapping_periods_and_mixed_measures_are_refused() {
    insta::assert_snapshot!(failing_with(&["conflicts.toml"]));
}

#[test]
fn a_paragraph_the_article_does_not_have_is_an_error_at_the_record() {
    let site = copy_site(&fixture("records"));
    let path = site.path().join("content/records/sales.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("paragraph = 2", "paragraph = \"p-9\"");
    fs::write(&path, text).unwrap();
    let (code, _, stderr) = run_binary(&["build"], site.path());
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr.replace(&site.path().display().to_string(), "<site>"));
}

/// The shipped site states no figure, and each activity it records is written, word for word,
/// in the paragraph of the article it cites.
#[test]
fn shipped_records_state_only_what_the_article_states() {
    let out = build_shipped(None);
    let site = out.path().join("site");
    let text = fs::read_to_string(shipped_site().join("content/records/activities.toml")).unwrap();
    let file: toml::Table = toml::from_str(&text).unwrap();
    let records = file["records"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    for record in records {
        let record = record.as_table().unwrap();
        assert!(
            !record.contains_key("value") && !record.contains_key("measure"),
            "no figure: {record:?}"
        );
        let said = record["text"].as_str().unwrap();
        let source = record["source"].as_str().unwrap();
        let paragraph = record["paragraph"].as_str().unwrap();
        let article = read(&site, &format!("articles/{source}/index.html"));
        let start = article
            .find(&format!("<p id=\"{paragraph}\">"))
            .unwrap_or_else(|| panic!("{source} has #{paragraph}"));
        let end = start + article[start..].find("</p>").unwrap();
        let stated = text_of(&article[start..end]);
        // The shipped article writes half-width commas; the record keeps the article's words.
        assert!(
            stated.contains(said),
            "{said:?} is in {source}#{paragraph}: {stated}"
        );
        let markdown =
            fs::read_to_string(shipped_site().join(format!("content/articles/{source}.md")))
                .unwrap();
        assert!(
            markdown.contains(said),
            "{said:?} is in the article's source"
        );
    }
    let pair = read(&site, "pairs/zhuhai/zunyi/index.html");
    assert!(!pair.contains("totals-title"), "no figure, so no totals");
    assert!(text_of(section(&pair, "records-title")).contains("支持遵义到珠海建立劳务服务工作站"));
    assert!(Path::new(&site.join("pairs/zhuhai/zunyi/records.csv")).is_file());
}

/// `serve` re-renders only what an edit touches: an edit to a cited article that drops the
/// paragraph a record cites is refused like a clean build would refuse it.
#[test]
fn an_edit_that_drops_a_cited_paragraph_is_refused_by_the_live_rebuild_too() {
    let site = copy_site(&fixture("records"));
    let options = xiezuo::BuildOptions {
        output: Some(site.path().join("out")),
        ..xiezuo::BuildOptions::new(site.path())
    };
    let (mut live, _) = xiezuo::live::LiveSite::build(&options).unwrap();
    let article = site.path().join("content/articles/guangzhou-report.md");
    let text = fs::read_to_string(&article).unwrap();
    let (kept, _dropped) = text.rsplit_once("\n\n").unwrap();
    fs::write(&article, format!("{kept}\n")).unwrap();
    let err = match live.update(std::slice::from_ref(&article)) {
        Err(err) => err.report(),
        Ok(report) => panic!("the edit was taken: {:?}", report.map(|r| r.files)),
    };
    assert!(
        err.contains("content/records/sales.toml:17:13: the article \"guangzhou-report\" has no paragraph p-2: it has 1"),
        "{err}"
    );
}
