//! Property tests for entity linking: `Linker::mentions` on its own, and `markdown::render` on a
//! paragraph of plain text. Names and text are drawn from a small alphabet of CJK, emoji,
//! combining marks, latin words and HTML-special characters, so names often contain one another
//! and occur in the text. Run with `PROPTEST_CASES=10000` for a longer search.

use proptest::prelude::*;
use proptest::sample::select;
use xiezuo::internals::linker::{EntityId, Linker, Mention};
use xiezuo::internals::markdown;
use xiezuo::internals::network::UnitId;
use xiezuo::internals::MarkdownSettings;

/// Pieces of names and text. None is Markdown syntax in the middle of a line, none starts a
/// block, and `&` never forms an entity because `;` and `#` are missing.
const PIECES: &[&str] = &[
    "务",
    "川",
    "县",
    "仡佬族",
    "苗族自治县",
    "桐梓",
    "，",
    "。",
    "（",
    "）",
    "\u{3000}",
    "😀",
    "👍🏽",
    "🇨🇳",
    "e\u{301}",
    "\u{301}",
    "\u{308}",
    "a",
    "b",
    "Z",
    "7",
    "Tongzi",
    "Tong",
    "zi",
    "Ünï",
    "&",
    "\"",
    "'",
    " ",
];

fn entity(i: usize) -> EntityId {
    UnitId(i as u32)
}

fn index(entity: EntityId) -> usize {
    entity.0 as usize
}

fn href(entity: EntityId) -> String {
    format!("/counties/c{}/", index(entity))
}

fn linker_over(names: &[String]) -> Linker {
    Linker::from_names(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), entity(i))),
    )
}

/// The pieces that neither start nor end with a latin letter or digit: names made of these are
/// never rejected by the whole-word rule.
fn unbounded_pieces() -> Vec<&'static str> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    PIECES
        .iter()
        .copied()
        .filter(|piece| !word(piece.chars().next()) && !word(piece.chars().next_back()))
        .collect()
}

fn name(pieces: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop::collection::vec(select(pieces), 1..4).prop_map(|pieces| pieces.concat())
}

/// Names, and text made of those names and loose pieces (so names occur, often next to each
/// other and inside longer names). The text never starts with a space: four would make it code.
fn names_and_text() -> impl Strategy<Value = (Vec<String>, String)> {
    names_from(PIECES.to_vec())
}

/// [`names_and_text`] with names the whole-word rule never applies to; the text is unchanged.
fn cjk_names_and_text() -> impl Strategy<Value = (Vec<String>, String)> {
    names_from(unbounded_pieces())
}

/// Distinct names (a name two units share is only linked where an article decides it: see
/// `a_shared_name_is_never_linked`), and text made of them and loose pieces.
fn names_from(pieces: Vec<&'static str>) -> impl Strategy<Value = (Vec<String>, String)> {
    prop::collection::vec(name(pieces), 1..6).prop_flat_map(|mut names| {
        let mut seen = std::collections::HashSet::new();
        names.retain(|name| seen.insert(name.clone()));
        let pick = names.clone();
        let token = prop_oneof![
            (0..names.len()).prop_map(move |i| pick[i].clone()),
            select(PIECES).prop_map(String::from),
        ];
        let text = prop::collection::vec(token, 0..24)
            .prop_map(|tokens| tokens.concat().trim_start_matches(' ').to_string());
        (Just(names), text)
    })
}

/// The same whole-word rule the linker documents: a name that starts (ends) with a latin letter
/// or digit must not be preceded (followed) by one.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric();
    let before = text[..start].chars().next_back().is_some_and(word);
    let after = text[end..].chars().next().is_some_and(word);
    let first = text[start..end].chars().next().is_some_and(word);
    let last = text[start..end].chars().next_back().is_some_and(word);
    let cut_at_start = first && before;
    let cut_at_end = last && after;
    !cut_at_start && !cut_at_end
}

/// Every whole-word occurrence of every name, as `(start, end)`.
fn occurrences(names: &[String], text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for name in names.iter().filter(|name| !name.is_empty()) {
        for (start, _) in text.match_indices(name.as_str()) {
            let end = start + name.len();
            if is_whole_word(text, start, end) {
                found.push((start, end));
            }
        }
    }
    // `match_indices` skips overlapping occurrences of one name; add them back.
    for name in names.iter().filter(|name| !name.is_empty()) {
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let end = start + name.len();
            if text[start..].starts_with(name.as_str()) && is_whole_word(text, start, end) {
                found.push((start, end));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The text content of rendered HTML and the ranges of it inside `<a>` elements. Panics if
/// links nest or do not close.
fn text_and_links(html: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut links = Vec::new();
    let mut open: Option<usize> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>').expect("a tag closes") + lt;
        let tag = &rest[lt..=gt];
        if tag.starts_with("<a ") || tag == "<a>" {
            assert!(open.is_none(), "a link inside a link: {html}");
            open = Some(text.len());
        } else if tag == "</a>" {
            let start = open.take().expect("</a> closes an open link");
            links.push((start, text.len()));
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(&unescape(rest));
    assert!(open.is_none(), "a link is never closed: {html}");
    (text, links)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// What Markdown does to a one-line paragraph: drops surrounding spaces and tabs.
fn paragraph_text(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

fn mentions(linker: &Linker, text: &str) -> Vec<Mention> {
    linker.mentions(text).collect()
}

proptest! {
    // Failures are reported with their shrunk input; known ones become plain tests below.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mentions_are_ordered_disjoint_whole_word_names((names, text) in names_and_text()) {
        check_mentions(&names, &text)?;
    }

    #[test]
    fn mentions_hold_for_arbitrary_strings(
        names in prop::collection::vec(".{0,6}", 0..6),
        text in ".{0,48}",
    ) {
        check_mentions(&names, &text)?;
    }

    #[test]
    fn rendering_keeps_the_text_and_links_exactly_the_mentions(
        (names, text) in names_and_text(),
        allow_html in any::<bool>(),
    ) {
        let linker = linker_over(&names);
        let html = markdown::render(&text, MarkdownSettings { allow_html, link_every_mention: true, ..MarkdownSettings::default() }, &linker, &href).html;
        let (content, links) = text_and_links(&html);
        let expected = paragraph_text(&text);
        prop_assert_eq!(content.trim_end_matches('\n'), expected, "html: {}", html);
        let spans: Vec<(usize, usize)> =
            mentions(&linker, expected).iter().map(|m| (m.start, m.end)).collect();
        prop_assert_eq!(&links, &spans, "html: {}", html);
        for (i, &(start, end)) in links.iter().enumerate() {
            prop_assert!(
                names.iter().any(|name| name == &expected[start..end]),
                "link text {:?} is no name", &expected[start..end]
            );
            let wanted = format!("href=\"/counties/c{}/\"", index(mentions(&linker, expected)[i].entity));
            prop_assert!(html.contains(&wanted), "missing {} in {}", wanted, html);
        }
    }

    #[test]
    fn the_longest_name_wins((names, text) in cjk_names_and_text()) {
        check_longest_wins(&names, &text)?;
    }

    #[test]
    fn the_longest_name_wins_with_latin_names((names, text) in names_and_text()) {
        check_longest_wins(&names, &text)?;
    }

    #[test]
    fn no_occurrence_is_left_unlinked((names, text) in cjk_names_and_text()) {
        check_nothing_missed(&names, &text)?;
    }

    #[test]
    fn no_occurrence_is_left_unlinked_with_latin_names((names, text) in names_and_text()) {
        check_nothing_missed(&names, &text)?;
    }

    #[test]
    fn a_shared_name_is_never_linked((names, text) in cjk_names_and_text()) {
        // The first name is given to a second unit as well: nothing decides between the two.
        let shared = names[0].clone();
        let mut given: Vec<(&str, EntityId)> =
            names.iter().enumerate().map(|(i, n)| (n.as_str(), entity(i))).collect();
        given.push((shared.as_str(), entity(names.len())));
        let linker = Linker::from_names(given);
        for mention in linker.mentions(&text) {
            prop_assert!(
                text[mention.start..mention.end] != shared,
                "the shared name {:?} was linked in {:?}", shared, text
            );
        }
    }
}

/// No longer occurrence of a name covers a mention without also overlapping another mention.
fn check_longest_wins(names: &[String], text: &str) -> Result<(), TestCaseError> {
    let text = paragraph_text(text);
    let found = mentions(&linker_over(names), text);
    let occurring = occurrences(names, text);
    for mention in &found {
        for &(start, end) in &occurring {
            let longer_cover = start <= mention.start
                && end >= mention.end
                && end - start > mention.end - mention.start;
            let overlaps_other = found
                .iter()
                .any(|other| other != mention && other.start < end && start < other.end);
            prop_assert!(
                !longer_cover || overlaps_other,
                "{:?} is linked although {:?} covers it; names {:?}, text {:?}",
                &text[mention.start..mention.end],
                &text[start..end],
                names,
                text
            );
        }
    }
    Ok(())
}

/// Every whole-word occurrence of a name overlaps some mention.
fn check_nothing_missed(names: &[String], text: &str) -> Result<(), TestCaseError> {
    let found = mentions(&linker_over(names), text);
    for (start, end) in occurrences(names, text) {
        prop_assert!(
            found.iter().any(|m| m.start < end && start < m.end),
            "{:?} at {} is not linked and overlaps no link; names {:?}, text {:?}",
            &text[start..end],
            start,
            names,
            text
        );
    }
    Ok(())
}

fn check_mentions(names: &[String], text: &str) -> Result<(), TestCaseError> {
    let linker = linker_over(names);
    let found = mentions(&linker, text);
    let mut previous_end = 0;
    for mention in &found {
        prop_assert!(mention.start < mention.end, "empty mention {:?}", mention);
        prop_assert!(
            mention.start >= previous_end,
            "{:?} overlaps or is out of order",
            found
        );
        previous_end = mention.end;
        let spelled = text.get(mention.start..mention.end);
        prop_assert_eq!(spelled, Some(names[index(mention.entity)].as_str()));
        prop_assert!(is_whole_word(text, mention.start, mention.end));
    }
    Ok(())
}

#[test]
fn names_of_every_script_are_linked_once() {
    let names: Vec<String> = ["务川县", "务川仡佬族苗族自治县", "Tongzi", "e\u{301}", "👍🏽"]
        .map(String::from)
        .to_vec();
    let text = "务川仡佬族苗族自治县，务川县 Tongzi Tongzis e\u{301}👍🏽";
    let spelled: Vec<&str> = mentions(&linker_over(&names), text)
        .iter()
        .map(|m| &text[m.start..m.end])
        .collect();
    assert_eq!(
        spelled,
        ["务川仡佬族苗族自治县", "务川县", "Tongzi", "e\u{301}", "👍🏽"]
    );
}

fn spelled(names: &[&str], text: &str) -> Vec<String> {
    let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    mentions(&linker_over(&names), text)
        .iter()
        .map(|m| text[m.start..m.end].to_string())
        .collect()
}

/// Found by `no_occurrence_is_left_unlinked_with_latin_names`: "x务川" is found first and
/// rejected (a latin letter precedes it), and the search goes on after its end, so 务川县 is
/// never seen. Fix: after a rejected match, search again from the character after its start.
#[test]
fn a_rejected_match_hides_a_later_name() {
    assert_eq!(spelled(&["x务川", "务川县"], "ax务川县"), ["务川县"]);
}

/// Found by `the_longest_name_wins_with_latin_names`: the same bug links the shorter 县 inside
/// 务川县.
#[test]
fn a_rejected_match_hides_a_longer_name() {
    assert_eq!(spelled(&["x务川", "务川县", "县"], "ax务川县"), ["务川县"]);
}

/// With the default settings, a link is exactly the first mention of each entity in the
/// paragraph; every other mention stays text.
fn first_mentions(linker: &Linker, text: &str) -> Vec<(usize, usize)> {
    let mut seen = Vec::new();
    mentions(linker, text)
        .into_iter()
        .filter(|m| {
            let first = !seen.contains(&m.entity);
            seen.push(m.entity);
            first
        })
        .map(|m| (m.start, m.end))
        .collect()
}

/// Markdown lines that make ids of every kind, several of them shaped like the others.
const ID_LINES: &[&str] = &[
    "## p-1",
    "## p-2",
    "## r-1",
    "## fn-1",
    "## fnref-注释",
    "## 注释",
    "## Main",
    "# 结对 情况",
    "正文[^1]。",
    "正文[^注释]与[^p-2]。",
    "[^1]: 一。",
    "[^注释]: 二。",
    "[^p-2]: 三。",
    "|县|区|\n|-|-|\n|桐梓|斗门|",
    "- 列表\n- 项目",
    "段落。",
];

/// Every `id="…"` in `html`, and every `href="#…"`.
fn ids_and_fragments(html: &str) -> (Vec<String>, Vec<String>) {
    let values = |attribute: &str| -> Vec<String> {
        html.match_indices(attribute)
            .map(|(at, _)| {
                let rest = &html[at + attribute.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    (values(" id=\""), values(" href=\"#"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn by_default_only_the_first_mention_of_each_entity_is_linked(
        (names, text) in names_and_text(),
    ) {
        let linker = linker_over(&names);
        let html = markdown::render(&text, MarkdownSettings::default(), &linker, &href).html;
        let (content, links) = text_and_links(&html);
        let expected = paragraph_text(&text);
        prop_assert_eq!(content.trim_end_matches('\n'), expected, "html: {}", html);
        prop_assert_eq!(links, first_mentions(&linker, expected), "html: {}", html);
    }

    #[test]
    fn generated_ids_never_repeat_and_every_fragment_has_its_id(
        lines in prop::collection::vec(select(ID_LINES), 0..12),
    ) {
        let markdown = lines.join("\n\n");
        let linker = Linker::from_names([("桐梓", entity(0))]);
        let rendered = markdown::render(&markdown, MarkdownSettings::default(), &linker, &href);
        let (ids, fragments) = ids_and_fragments(&rendered.html);
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), ids.len(), "repeated ids in {}", rendered.html);
        for fragment in &fragments {
            prop_assert!(ids.contains(fragment), "#{} has no id in {}", fragment, rendered.html);
        }
        prop_assert!(rendered.problems.is_empty() || markdown.contains("[^"), "{:?}", rendered.problems);
    }

    #[test]
    fn names_inside_raw_links_and_code_are_never_linked(
        (names, text) in names_and_text(),
        element in select(&["a href=\"/x\"", "code", "pre", "h2", "button"][..]),
    ) {
        let linker = linker_over(&names);
        let name = element.split(' ').next().unwrap();
        let markdown = format!("<{element}>{text}</{name}>{text}");
        let settings = MarkdownSettings { allow_html: true, ..MarkdownSettings::default() };
        let html = markdown::render(&markdown, settings, &linker, &href).html;
        let close = format!("</{name}>");
        let inside = &html[..html.find(&close).unwrap_or(html.len())];
        prop_assert!(!inside.contains("class=\"entity\""), "linked inside <{}>: {}", name, html);
    }
}

/// Markdown syntax of every kind the renderer rewrites, to be strung together at random.
const SYNTAX: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    " {#p-1}",
    " {#x}",
    "[^a]",
    "[^A]: ",
    "[^a]: ",
    "|",
    "|-|\n",
    "- ",
    "> ",
    "`",
    "*",
    "**",
    "[",
    "](/x)",
    "![",
    "<a href=\"/y\">",
    "</a>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<!--",
    "-->",
    "<span id=\"r-1\">",
    "<a",
    " id='p-2'>",
    "&#7;",
    "&#xFDD0;",
    "\u{85}",
    "\u{FFFF}",
    "“",
    "”",
    "……",
    "——",
    "中",
    "文",
    "桐梓",
    "a",
    "한",
    "\u{200B}",
    "😀",
    " ",
    "\t",
];

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Never a panic, and whatever the input, no forbidden code point in the HTML and every
    /// problem's offsets inside the source.
    #[test]
    fn any_mix_of_syntax_renders_to_clean_html(
        pieces in prop::collection::vec(select(SYNTAX), 0..40),
        allow_html in any::<bool>(),
        link_every_mention in any::<bool>(),
    ) {
        let markdown = pieces.concat();
        let linker = Linker::from_names([("桐梓", entity(0)), ("中文", entity(1))]);
        let settings = MarkdownSettings { allow_html, link_every_mention, ..MarkdownSettings::default() };
        let rendered = markdown::render(&markdown, settings, &linker, &href);
        let forbidden = rendered.html.chars().find(|&c| {
            let code = c as u32;
            (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                || (0x7F..=0x9F).contains(&code)
                || (0xFDD0..=0xFDEF).contains(&code)
                || code & 0xFFFE == 0xFFFE
        });
        prop_assert_eq!(forbidden, None, "in {}", rendered.html);
        for problem in &rendered.problems {
            prop_assert!(problem.offset <= markdown.len());
            prop_assert!(problem.other.is_none_or(|other| other <= markdown.len()));
        }
        for block in &rendered.quotable {
            for mention in &block.mentions {
                prop_assert!(block.text.get(mention.start..mention.end).is_some());
            }
        }
    }
}

/// The province fixture's data file, line by line.
fn province_lines() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/province/content/pairings.toml"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// One way to break a data file: drop a line, repeat it elsewhere, or swap two lines' values
/// (which moves slugs into parents, codes into other units, dates into other pairings).
#[derive(Debug, Clone)]
enum Mangle {
    Drop(usize),
    Repeat(usize, usize),
    SwapValues(usize, usize),
}

fn mangled(lines: &[String], edits: &[Mangle]) -> String {
    let mut lines = lines.to_vec();
    for edit in edits {
        let n = lines.len();
        match *edit {
            Mangle::Drop(i) if n > 1 => {
                lines.remove(i % n);
            }
            Mangle::Repeat(from, to) => {
                let line = lines[from % n].clone();
                lines.insert(to % (n + 1), line);
            }
            Mangle::SwapValues(a, b) => {
                let value = |l: &str| {
                    l.split_once(" = ")
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                };
                if let (Some((ka, va)), Some((kb, vb))) =
                    (value(&lines[a % n]), value(&lines[b % n]))
                {
                    lines[a % n] = format!("{ka} = {vb}");
                    lines[b % n] = format!("{kb} = {va}");
                }
            }
            Mangle::Drop(_) => {}
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever is dropped, repeated or swapped, the network loader answers with a network or
    /// with positioned problems, never a panic (its checks index units and pairings by id).
    #[test]
    fn the_network_loader_never_panics_on_a_mangled_file(
        edits in prop::collection::vec(
            prop_oneof![
                any::<usize>().prop_map(Mangle::Drop),
                (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mangle::Repeat(a, b)),
                (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mangle::SwapValues(a, b)),
            ],
            1..8,
        )
    ) {
        let text = mangled(&province_lines(), &edits);
        match xiezuo::internals::network::parse(std::path::Path::new("p.toml"), &text) {
            Ok(network) => {
                for id in network.unit_ids() {
                    prop_assert!(!network.full_name(id).is_empty());
                }
            }
            Err(err) => prop_assert!(err.to_string().contains("p.toml"), "{}", err),
        }
    }
}
