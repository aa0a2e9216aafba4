//! Each kind of bad input stops the build with exit code 1 and one clear message (snapshotted
//! whole), and leaves the previous output folder exactly as it was. Mistakes in the data file's
//! first form are made in a copy of the site as it was first published in that form
//! (`tests/fixtures/first-form`): their messages are a contract too.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds a copy of the shipped site once (the "previous output"), breaks it with `edit`, builds
/// again with the binary and returns stderr; asserts exit code 1 and an untouched output folder.
fn failing_build(edit: impl FnOnce(&Path), extra_args: &[&str]) -> String {
    failing_build_of(&shipped_site(), edit, extra_args)
}

/// [`failing_build`] of the site at `from`.
fn failing_build_of(from: &Path, edit: impl FnOnce(&Path), extra_args: &[&str]) -> String {
    let site = copy_site(from);
    let (code, _, stderr) = run_binary(&["build"], site.path());
    assert_eq!(code, 0, "the unbroken site builds: {stderr}");
    let before = read_tree(&site.path().join("public"));
    edit(site.path());
    let mut args = vec!["build"];
    args.extend_from_slice(extra_args);
    let (code, stdout, stderr) = run_binary(&args, site.path());
    assert_eq!(
        code, 1,
        "the build fails\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.is_empty(), "nothing is reported as built: {stdout}");
    assert!(
        before == read_tree(&site.path().join("public")),
        "the previous output is untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".xiezuo-staging-") || name.contains(".xiezuo-old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder is left behind: {leftovers:?}"
    );
    stderr.replace(&site.path().display().to_string(), "<site>")
}

fn replace_in(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const DATA: &str = "content/pairings.toml";
const ARTICLE: &str = "content/articles/zhuhai-zunyi-pairing.md";

#[test]
fn malformed_toml() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "slug = \"doumen\"", "slug = \"doumen"),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_field() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "aliases = [\"务川县\"]", "alias = [\"务川县\"]"),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_field() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "name = \"横琴新区\"\n", ""),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn duplicate_slug() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "slug = \"zhengan\"", "slug = \"tongzi\""),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn slug_that_is_not_lowercase_ascii() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "slug = \"doumen\"", "slug = \"Dou Men\""),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn district_listing_an_unknown_county() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| {
            replace_in(
                root,
                DATA,
                "counties = [\"tongzi\", \"zhengan\"]",
                "counties = [\"tongzhi\", \"zhengan\"]",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn county_that_no_district_pairs_with() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| {
            let path = root.join(DATA);
            let mut text = fs::read_to_string(&path).unwrap();
            text.push_str("\n[[counties]]\nslug = \"suiyang\"\nname = \"绥阳县\"\nkind = \"县\"\n");
            fs::write(path, text).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn article_without_front_matter() {
    let stderr = failing_build(
        |root| fs::write(root.join("content/articles/bare.md"), "只有正文。\n").unwrap(),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn article_with_malformed_front_matter() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                ARTICLE,
                "date = 2021-05-31T18:27:00+08:00",
                "date = \"五月\"",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn file_that_is_not_utf8() {
    let stderr = failing_build(
        |root| {
            // "珠海" in GBK, as a file saved by an editor set to a Chinese Windows code page.
            fs::write(
                root.join("content/articles/gbk.md"),
                b"+++\ntitle = \"\xd6\xe9\xba\xa3\"\n+++\n",
            )
            .unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_syntax_error() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "templates/unit.html",
                "<h1>{{ unit.name }}</h1>",
                "<h1>{{ unit.name }</h1>",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_that_fails_to_render_names_its_file_and_the_page() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "templates/base.html",
                "<title>{{ page.title }}</title>",
                "<title>{{ page.titel }}</title>",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn independent_errors_are_reported_together() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| {
            replace_in(
                root,
                DATA,
                "counties = [\"meitan\"]",
                "counties = [\"meitian\"]",
            );
            replace_in(root, ARTICLE, "source = ", "sorce = ");
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn output_folder_that_is_the_site_or_above_it_is_refused() {
    for output in [".", "..", "content"] {
        let stderr = failing_build(|_| {}, &["--output", output]);
        insta::assert_snapshot!(format!("output_{}", output.replace('.', "dot")), stderr);
    }
}

#[test]
fn bad_base_url_is_refused() {
    let stderr = failing_build(|_| {}, &["--base-url", "example.org/sub"]);
    insta::assert_snapshot!(stderr);
}

#[test]
fn broken_internal_link_fails_the_build_and_names_page_link_and_nearest_target() {
    let stderr = failing_build(
        |root| {
            let mut text = fs::read_to_string(root.join(ARTICLE)).unwrap();
            text.push_str("\n详见[湄潭](/counties/meitam/)与[本文第二段](#p-99)。\n");
            fs::write(root.join(ARTICLE), text).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn no_link_check_builds_despite_a_broken_link() {
    let site = copy_site(&shipped_site());
    let mut text = fs::read_to_string(site.path().join(ARTICLE)).unwrap();
    text.push_str("\n[坏链](/counties/nowhere/)\n");
    fs::write(site.path().join(ARTICLE), text).unwrap();
    let (code, _, stderr) = run_binary(&["build", "--no-link-check"], site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(site.path().join("public/index.html").is_file());
}

/// A mistake in the network form, made in a copy of the province fixture.
fn failing_network_build(from: &str, to: &str) -> String {
    failing_build_of(
        &fixture("province"),
        |root| replace_in(root, DATA, from, to),
        &[],
    )
}

#[test]
fn network_pairing_with_an_unknown_unit() {
    insta::assert_snapshot!(failing_network_build(
        "west = \"bijie\"",
        "west = \"bijei\""
    ));
}

#[test]
fn network_unit_defined_in_two_parents() {
    insta::assert_snapshot!(failing_network_build(
        "[[units]]\nslug = \"libo\"",
        "[[units]]\nslug = \"duyun\"\nname = \"都匀市\"\nkind = \"县级市\"\nparent = \"bijie\"\n\n[[units]]\nslug = \"libo\"",
    ));
}

#[test]
fn network_parents_in_a_circle() {
    insta::assert_snapshot!(failing_network_build(
        "slug = \"sichuan\"\nname = \"四川省\"\nkind = \"省\"\nside = \"west\"",
        "slug = \"sichuan\"\nname = \"四川省\"\nkind = \"省\"\nside = \"west\"\nparent = \"liangshan\"",
    ));
}

#[test]
fn network_pairing_whose_sides_are_both_east() {
    insta::assert_snapshot!(failing_network_build(
        "east = \"huadu\"\nwest = \"dafang\"",
        "east = \"huadu\"\nwest = \"shunde\"",
    ));
}

#[test]
fn network_same_pair_twice_at_the_same_time() {
    insta::assert_snapshot!(failing_network_build(
        "start = 2016\nend = 2020",
        "start = 2016\nend = 2022"
    ));
}

#[test]
fn network_pairing_that_ends_before_it_starts() {
    insta::assert_snapshot!(failing_network_build(
        "end = \"2021-04\"",
        "end = \"2015-04\""
    ));
}

#[test]
fn network_code_that_contradicts_its_parent() {
    insta::assert_snapshot!(failing_network_build(
        "code = \"522701\"",
        "code = \"520301\""
    ));
}

#[test]
fn network_date_that_is_not_a_date() {
    insta::assert_snapshot!(failing_network_build(
        "start = \"2021年5月\"",
        "start = \"2021年13月\""
    ));
}

#[test]
fn network_article_scope_with_an_unknown_unit() {
    let stderr = failing_build_of(
        &fixture("province"),
        |root| {
            replace_in(
                root,
                "content/articles/guangzhou-report.md",
                "units = [\"guangzhou\"]",
                "units = [\"guangzhuo\"]",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn timezone_that_is_not_an_offset() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "xiezuo.toml",
                "language = \"zh-CN\"\n",
                "language = \"zh-CN\"\ntimezone = \"Asia/Shanghai\"\n",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

/// A control character written as a TOML escape: the file holds none, the decoded value does.
#[test]
fn escaped_control_character_in_a_unit_name() {
    let stderr = failing_build(
        |root| replace_in(root, DATA, "name = \"湄潭县\"", "name = \"湄潭县\\u0007\""),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn escaped_control_character_in_a_first_form_county_name() {
    let stderr = failing_build_of(
        &fixture("first-form"),
        |root| replace_in(root, DATA, "name = \"湄潭县\"", "name = \"湄潭县\\u0085\""),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn escaped_control_character_in_an_article_title() {
    let stderr = failing_build(
        |root| replace_in(root, ARTICLE, "title = \"珠海市", "title = \"\\u0007珠海市"),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn escaped_noncharacter_in_the_site_title() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "xiezuo.toml",
                "title = \"珠海 · 遵义",
                "title = \"\\uFDD0珠海 · 遵义",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn malformed_language_tag() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "xiezuo.toml",
                "language = \"zh-CN\"",
                "language = \"chinese simplified!\"",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unsupported_language_tag() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "xiezuo.toml",
                "language = \"zh-CN\"",
                "language = \"zh-TW\"",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_interface_string_and_placeholder() {
    let stderr = failing_build(
        |root| {
            let path = root.join("xiezuo.toml");
            let mut text = fs::read_to_string(&path).unwrap();
            text.push_str("\n[strings]\nskip_lnk = \"跳过\"\nsearch_found = \"共 {total} 条\"\n");
            fs::write(path, text).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn article_naming_an_unknown_area() {
    let stderr = failing_build(
        |root| replace_in(root, ARTICLE, "\"文旅协作\"]", "\"文化协作\"]"),
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn page_naming_a_template_that_does_not_exist() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                "content/pages/about.md",
                "nav_order",
                "template = \"paeg.html\"\nnav_order",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn page_taking_the_url_of_the_article_list() {
    let stderr = failing_build(
        |root| {
            fs::write(
                root.join("content/pages/articles.md"),
                "+++\ntitle = \"报道\"\n+++\n",
            )
            .unwrap()
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn two_tags_with_one_slug() {
    let stderr = failing_build(
        |root| {
            replace_in(
                root,
                ARTICLE,
                "tags = [\"结对调整\"]",
                "tags = [\"结对调整\", \"东西部协作\", \"东西部 协作\"]",
            )
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn network_code_used_twice() {
    insta::assert_snapshot!(failing_network_build(
        "code = \"440114\"",
        "code = \"440111\""
    ));
}

#[test]
fn network_code_that_is_not_six_digits() {
    insta::assert_snapshot!(failing_network_build(
        "code = \"522722\"",
        "code = \"52272\""
    ));
}

#[test]
fn network_pairing_whose_sides_are_both_west() {
    insta::assert_snapshot!(failing_network_build(
        "east = \"guangzhou\"\nwest = \"bijie\"",
        "east = \"qiannan\"\nwest = \"bijie\"",
    ));
}

#[test]
fn network_pairing_whose_source_is_no_article() {
    insta::assert_snapshot!(failing_network_build(
        "source = \"guangzhou-report\"",
        "source = \"guangzhou-reprot\""
    ));
}

/// Problems of different kinds in one data file are reported in one run, in the file's order.
#[test]
fn network_problems_of_every_kind_are_reported_together() {
    let stderr = failing_build_of(
        &fixture("province"),
        |root| {
            for (from, to) in [
                ("code = \"440114\"", "code = \"440111\""),
                ("west = \"bijie\"", "west = \"bijei\""),
                ("end = \"2021-04\"", "end = \"2015-04\""),
                ("start = \"2021年5月\"", "start = \"2021年13月\""),
            ] {
                replace_in(root, DATA, from, to);
            }
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}
