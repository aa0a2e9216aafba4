//! The diagram's tests: the markup it writes, and that its layout neither crosses nor overlaps.

use super::layout::{layout, Layout, Rect, HEADER_H, LINE_H, NODE_H, PITCH};
use super::measure::{lines, text_width, FONT, MAX_TEXT_W};
use super::svg::num;
use super::*;

/// One district with its counties, the county at `highlighted` (else the district) current.
fn one_district(
    title: &str,
    description: &str,
    east_label: &str,
    west_label: &str,
    district: &Node,
    counties: &[Node],
    highlighted: Option<usize>,
) -> String {
    let edges: Vec<(usize, usize)> = (0..counties.len()).map(|c| (0, c)).collect();
    let current = highlighted.map_or(Current::East(0), Current::West);
    neighbourhood(
        title,
        description,
        east_label,
        west_label,
        std::slice::from_ref(district),
        counties,
        &edges,
        current,
    )
}

/// The shape of the shipped `content/pairings.toml`.
fn shipped() -> (Vec<Node<'static>>, Vec<Node<'static>>, Vec<(usize, usize)>) {
    let district = |label, href| Node {
        label,
        href,
        kind: "区",
    };
    let county = |label, href| Node {
        label,
        href,
        kind: "县",
    };
    let districts = vec![
        district("横琴新区", "/districts/hengqin/"),
        district("香洲区", "/districts/xiangzhou/"),
        district("金湾区", "/districts/jinwan/"),
        district("斗门区", "/districts/doumen/"),
        district("高新区", "/districts/gaoxin/"),
    ];
    // The file's order, which is already grouped by district; the tests shuffle it.
    let counties = vec![
        county("桐梓县", "/counties/tongzi/"),
        county("正安县", "/counties/zhengan/"),
        county("凤冈县", "/counties/fenggang/"),
        county("务川仡佬族苗族自治县", "/counties/wuchuan/"),
        county("赤水市", "/counties/chishui/"),
        county("习水县", "/counties/xishui/"),
        county("湄潭县", "/counties/meitan/"),
        county("道真仡佬族苗族自治县", "/counties/daozhen/"),
    ];
    let edges = vec![
        (0, 0),
        (0, 1),
        (1, 2),
        (1, 3),
        (2, 4),
        (2, 5),
        (3, 6),
        (4, 7),
    ];
    (districts, counties, edges)
}

fn whole_of(districts: &[Node], counties: &[Node], edges: &[(usize, usize)]) -> String {
    whole(
        "珠海市与遵义市的结对关系",
        "珠海市5个区与遵义市8个县(市)结对。",
        "珠海市",
        "遵义市",
        districts,
        counties,
        edges,
    )
}

fn assert_no_crossing(layout: &Layout) {
    for &(d1, c1) in &layout.edges {
        for &(d2, c2) in &layout.edges {
            let dy = layout.districts[d1].y - layout.districts[d2].y;
            let cy = layout.counties[c1].y - layout.counties[c2].y;
            assert!(dy * cy >= 0.0, "edges ({d1},{c1}) and ({d2},{c2}) cross");
        }
    }
}

fn assert_no_overlap(layout: &Layout) {
    let boxes: Vec<&Rect> = layout.districts.iter().chain(&layout.counties).collect();
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.x >= 0.0 && a.y >= HEADER_H && a.x + a.w <= layout.width);
        assert!(a.y + a.h <= layout.height);
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn escapes_hostile_names_hrefs_and_captions() {
    let hostile = Node {
        label: "<script>&\"'x",
        href: "/a?b=1&c=\"><script>",
        kind: "<b>",
    };
    let svg = whole(
        "<t>&\"",
        "<d>&\"",
        "<e>",
        "\"w\"",
        &[hostile],
        &[hostile],
        &[(0, 0)],
    );
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("<b>") && !svg.contains("<t>") && !svg.contains("<e>"));
    assert!(svg.contains("&lt;script&gt;&amp;&quot;&apos;x"), "{svg}");
    assert!(
        svg.contains("href=\"/a?b=1&amp;c=&quot;&gt;&lt;script&gt;\""),
        "{svg}"
    );
    assert!(svg.contains("<title id=\"") && svg.contains("&lt;t&gt;&amp;&quot;</title>"));
    // A kind word not in a CJK script gets plain brackets (a Chinese one full-width ones).
    assert!(svg.contains(" (&lt;b&gt;)</title>"), "{svg}");
    // Characters XML forbids are dropped.
    let svg = whole("a\u{1}b", "", "", "", &[], &[], &[]);
    assert!(svg.contains(">ab</title>"), "{svg}");
}

#[test]
fn has_role_ids_and_a_viewbox_only() {
    let (districts, counties, edges) = shipped();
    let svg = whole_of(&districts, &counties, &edges);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains(" role=\"group\""));
    assert!(svg.contains(" class=\"pairing-diagram\""));
    assert!(svg.contains(" preserveAspectRatio=\""));
    // Drawn at its natural size, one viewBox unit to the CSS pixel, unless CSS shrinks it.
    let root = &svg[..svg.find('>').unwrap()];
    let attr = |name: &str| {
        let start = root.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        root[start..start + root[start..].find('"').unwrap()].to_string()
    };
    let view_box = attr("viewBox");
    let (w, h) = view_box[4..].split_once(' ').unwrap();
    assert_eq!(
        (attr("width"), attr("height")),
        (w.to_string(), h.to_string())
    );
    assert_eq!(attr("style"), format!("--pd-width:{w}px"));
    let start = svg.find("aria-labelledby=\"").unwrap() + "aria-labelledby=\"".len();
    let ids = &svg[start..start + svg[start..].find('"').unwrap()];
    let (title_id, desc_id) = ids.split_once(' ').unwrap();
    assert!(title_id.ends_with("-title") && desc_id.ends_with("-desc"));
    assert!(svg.contains(&format!(
        "<title id=\"{title_id}\">珠海市与遵义市的结对关系</title>"
    )));
    assert!(svg.contains(&format!("<desc id=\"{desc_id}\">珠海市5个区")));
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn ids_differ_between_diagrams_and_stay_stable() {
    let (districts, counties, edges) = shipped();
    let first = one_district("横琴", "d", "e", "w", &districts[0], &counties[..2], None);
    let second = one_district(
        "横琴",
        "d",
        "e",
        "w",
        &districts[0],
        &counties[..2],
        Some(1),
    );
    let id = |svg: &str| svg.split("<title id=\"").nth(1).unwrap()[..15].to_string();
    assert_ne!(id(&first), id(&second));
    assert_ne!(id(&first), id(&whole_of(&districts, &counties, &edges)));
    assert_eq!(
        id(&first),
        id(&one_district(
            "横琴",
            "d",
            "e",
            "w",
            &districts[0],
            &counties[..2],
            None
        ))
    );
}

#[test]
fn draws_one_path_per_edge_and_one_link_per_node() {
    let (districts, counties, edges) = shipped();
    let svg = whole_of(&districts, &counties, &edges);
    assert_eq!(svg.matches("<path class=\"pd-edge").count(), edges.len());
    assert_eq!(svg.matches("<a ").count(), districts.len() + counties.len());
    assert_eq!(
        svg.matches("<a class=\"pd-node pd-node--district\"")
            .count(),
        5
    );
    assert_eq!(
        svg.matches("<a class=\"pd-node pd-node--county\"").count(),
        8
    );
    assert!(!svg.contains("pd-node--current"));
    assert!(svg.contains("href=\"/counties/wuchuan/\""));
}

#[test]
fn output_is_deterministic_with_one_decimal_at_most() {
    let (districts, counties, edges) = shipped();
    let svg = whole_of(&districts, &counties, &edges);
    assert_eq!(svg, whole_of(&districts, &counties, &edges));
    for number in svg
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| s.contains('.'))
    {
        let decimals = number.split('.').nth(1).unwrap();
        assert!(decimals.len() <= 1, "{number}");
    }
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.25), "12.3");
    assert_eq!(num(-0.4), "-0.4");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(1234.0), "1234");
    assert_eq!(num(0.0), "0");
}

#[test]
fn shipped_pairing_is_drawn_without_crossings_even_when_counties_are_shuffled() {
    let (districts, counties, edges) = shipped();
    let drawn = layout(&districts, &counties, &edges, "珠海市", "遵义市");
    assert_no_crossing(&drawn);
    assert_no_overlap(&drawn);
    // 横琴新区 sits between 桐梓县 and 正安县.
    let centre = drawn.districts[0].centre_y();
    assert_eq!(
        centre,
        (drawn.counties[0].centre_y() + drawn.counties[1].centre_y()) / 2.0
    );

    // The same pairing with the counties listed in another order.
    let order = [7, 3, 0, 5, 1, 6, 2, 4];
    let shuffled: Vec<Node> = order.iter().map(|&i| counties[i]).collect();
    let position = |old: usize| order.iter().position(|&i| i == old).unwrap();
    let edges: Vec<_> = edges.iter().map(|&(d, c)| (d, position(c))).collect();
    let drawn = layout(&districts, &shuffled, &edges, "珠海市", "遵义市");
    assert_no_crossing(&drawn);
    assert_no_overlap(&drawn);
}

#[test]
fn long_labels_fit_their_boxes() {
    let (districts, counties, edges) = shipped();
    let drawn = layout(&districts, &counties, &edges, "", "");
    // Ten CJK characters fit on one line, without squeezing.
    assert_eq!(drawn.right_text_w, 10.0 * FONT);
    assert!(!whole_of(&districts, &counties, &edges).contains("textLength"));
    let long = Node {
        label: "一个名字非常非常非常非常长的自治县",
        href: "/",
        kind: "",
    };
    // Seventeen take two lines, in a taller box, unsqueezed.
    let svg = whole_of(&districts, &[long], &[(0, 0)]);
    assert!(!svg.contains("textLength"), "{svg}");
    assert_eq!(svg.matches("<tspan ").count(), 2, "{svg}");
    let drawn = layout(&districts, &[long], &[(0, 0)], "", "");
    assert_eq!(drawn.counties[0].h, NODE_H + LINE_H);
    assert!(drawn.right_text_w <= MAX_TEXT_W);
    // Autonomous areas' names are split where their parts meet.
    assert_eq!(
        lines("双江拉祜族佤族布朗族傣族自治县"),
        ("双江拉祜族佤族", Some("布朗族傣族自治县"))
    );
    assert_eq!(
        lines("镇沅彝族哈尼族拉祜族自治县"),
        ("镇沅彝族哈尼族", Some("拉祜族自治县"))
    );
    assert_eq!(
        lines("务川仡佬族苗族自治县"),
        ("务川仡佬族苗族自治县", None)
    );
    assert_eq!(
        lines("一二三四五六七八九十甲乙"),
        ("一二三四五六", Some("七八九十甲乙"))
    );
    // A label too long for two lines is squeezed, line by line.
    let longer = Node {
        label: "一个名字非常非常非常非常非常非常非常非常长的自治县",
        ..long
    };
    let svg = whole_of(&districts, &[longer], &[(0, 0)]);
    assert!(svg.contains(&format!(
        "textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
        num(MAX_TEXT_W)
    )));
    assert_eq!(text_width("ab"), 0.55 * 2.0 * FONT);
}

#[test]
fn sixty_districts_and_a_hundred_counties_do_not_overlap_or_cross() {
    let labels: Vec<String> = (0..100)
        .map(|i| format!("{}县{i}", "仡佬族苗族自治".repeat(i % 4)))
        .collect();
    let counties: Vec<Node> = labels
        .iter()
        .map(|label| Node {
            label,
            href: "/c/",
            kind: "县",
        })
        .collect();
    let district_labels: Vec<String> = (0..60).map(|i| format!("Zone {i} 区")).collect();
    let districts: Vec<Node> = district_labels
        .iter()
        .map(|label| Node {
            label,
            href: "/d/",
            kind: "区",
        })
        .collect();
    // Every district gets a county, the rest are spread; the counties' order is mixed up.
    let edges: Vec<(usize, usize)> = (0..100).map(|c| ((c * 7) % 60, c)).collect();
    let layout = layout(&districts, &counties, &edges, "east", "west");
    assert_no_overlap(&layout);
    assert_no_crossing(&layout);
    assert!(layout.height >= 100.0 * PITCH);
    let svg = whole_of(&districts, &counties, &edges);
    assert_eq!(svg.matches("<path class=\"pd-edge").count(), 100);
    assert_eq!(svg.matches("<a ").count(), 160);
}

#[test]
fn odd_inputs_still_do_not_overlap() {
    let node = Node {
        label: "x",
        href: "/",
        kind: "",
    };
    // More districts than counties, districts without counties, a bad edge.
    let districts = [node; 6];
    let counties = [node; 2];
    let layout = layout(&districts, &counties, &[(5, 0), (5, 1), (9, 0)], "", "");
    assert_no_overlap(&layout);
    assert_eq!(layout.edges, vec![(5, 0), (5, 1)]);
    let svg = whole("t", "d", "", "", &[], &[], &[]);
    assert!(svg.contains("viewBox=\"0 0 320 "));
}

#[test]
fn neighbourhood_marks_the_current_node() {
    let (districts, counties, _) = shipped();
    let svg = one_district("t", "d", "e", "w", &districts[1], &counties[2..4], None);
    assert!(svg.contains("class=\"pairing-diagram pairing-diagram--neighbourhood\""));
    assert!(svg.contains(
        "<a class=\"pd-node pd-node--district pd-node--current\" aria-current=\"page\" \
         href=\"/districts/xiangzhou/\">"
    ));
    // The current node's lines are marked, whichever side it is on.
    assert_eq!(
        svg.matches("<path class=\"pd-edge pd-edge--current\"")
            .count(),
        2
    );
    assert_eq!(svg.matches("<a ").count(), 3);

    let svg = one_district("t", "d", "e", "w", &districts[1], &counties[2..4], Some(1));
    assert_eq!(svg.matches("pd-node--current").count(), 1);
    assert!(svg.contains(
        "pd-node--county pd-node--current\" aria-current=\"page\" href=\"/counties/wuchuan/\""
    ));
    assert_eq!(svg.matches("pd-edge pd-edge--current").count(), 1);
}
