//! The pairing diagram: inline SVG drawn at build time, with no JavaScript.
//!
//! Districts (the eastern city) stand in the left column, counties (the western city) in the
//! right column, and one cubic Bézier line joins each pairing. Counties are ordered by their
//! district, and each district sits at the vertical centre of its counties, so lines never cross.
//!
//! Every colour comes from the page's CSS through classes (`pd-*`, see [`whole`]); the markup only
//! carries neutral fallbacks. The output is pure: the same input gives the same bytes, and the
//! work is linear in nodes plus edges.

use std::fmt::Write as _;

/// Above this many districts, the index should show a compact per-district summary instead of a
/// drawing.
pub const MAX_DRAWN_DISTRICTS: usize = 60;
/// Above this many counties, the index should show a compact per-district summary instead of a
/// drawing.
pub const MAX_DRAWN_COUNTIES: usize = 100;

/// One box of the diagram: a district or a county.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// The visible name, such as 务川仡佬族苗族自治县.
    pub label: &'a str,
    /// Where the box links to (already a finished URL).
    pub href: &'a str,
    /// The entity kind, such as 区 or 自治县; shown in the box's tooltip.
    pub kind: &'a str,
}

/// The whole pairing: districts in the left column, counties in the right column, one line per
/// `(district index, county index)` in `edges`.
///
/// `title` and `description` state the pairing in words; they become the SVG's `<title>` and
/// `<desc>`, which its `aria-labelledby` points at. `east_label` and `west_label` head the two
/// columns. Districts keep their order; counties are reordered by their district (in edge order),
/// and counties without a district come last. Edges with an index out of range are ignored.
///
/// The root is `<svg class="pairing-diagram">` with a `viewBox` and a `width` and `height` equal
/// to it, so that at its natural size one viewBox unit is one CSS pixel and labels are drawn at
/// [`FONT`] pixels, about the body text's size. The same width is given to CSS as the custom
/// property `--pd-width`, so a stylesheet can let the drawing shrink to a narrow screen only down
/// to a legible scale (such as `max-width: 100%; height: auto;
/// min-width: calc(var(--pd-width) * 0.8)` inside a container that scrolls). Classes used: `pd-column` (column headings), `pd-edge` and
/// `pd-edge--current` (lines), `pd-node`, `pd-node--district`, `pd-node--county`,
/// `pd-node--current` (the links), `pd-box` (their rectangles) and `pd-label` (their text).
pub fn whole(
    title: &str,
    description: &str,
    east_label: &str,
    west_label: &str,
    districts: &[Node],
    counties: &[Node],
    edges: &[(usize, usize)],
) -> String {
    render(&Diagram {
        variant: Variant::Whole,
        title,
        description,
        east_label,
        west_label,
        districts,
        counties,
        edges,
        current: None,
    })
}

/// The box a neighbourhood drawing marks as the page's own: one of the eastern or the western
/// nodes, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    East(usize),
    West(usize),
}

/// A unit with its partners (and their other partners), for the unit's own page: the same
/// drawing as [`whole`], with `current` marked, its lines highlighted, and
/// `pairing-diagram--neighbourhood` on the root. Small by construction, so unit pages never draw
/// the whole graph.
#[allow(clippy::too_many_arguments)]
pub fn neighbourhood(
    title: &str,
    description: &str,
    east_label: &str,
    west_label: &str,
    east: &[Node],
    west: &[Node],
    edges: &[(usize, usize)],
    current: Current,
) -> String {
    let current = match current {
        Current::East(i) if i < east.len() => Side::District(i),
        Current::West(i) if i < west.len() => Side::County(i),
        _ => Side::District(0),
    };
    render(&Diagram {
        variant: Variant::Neighbourhood,
        title,
        description,
        east_label,
        west_label,
        districts: east,
        counties: west,
        edges,
        current: Some(current),
    })
}

/// Which drawing: the whole pairing, or one unit's neighbourhood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Whole,
    Neighbourhood,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Whole => "whole",
            Variant::Neighbourhood => "neighbourhood",
        }
    }
}

/// The font size, in viewBox units (CSS pixels at the natural size); every other measure derives
/// from it.
const FONT: f64 = 16.0;
/// Space between a box's edge and its text.
const PAD_X: f64 = 12.0;
/// The height of a box with one line of text.
const NODE_H: f64 = 32.0;
/// From one line of a two-line label to the next; a two-line box is this much taller.
const LINE_H: f64 = 20.0;
/// From the top of one row of one-line boxes to the top of the next.
const PITCH: f64 = 44.0;
/// Between the bottom of a box and the top of the next one in its column.
const ROW_GAP: f64 = PITCH - NODE_H;
/// Around the whole drawing.
const MARGIN: f64 = 8.0;
/// Room above the first row for the column headings.
const HEADER_H: f64 = 36.0;
/// The narrowest space the lines get between the columns: small, so that the drawing of a
/// pairing with ten-character names (务川仡佬族苗族自治县) fits a phone at full size.
const MIN_GAP: f64 = 64.0;
/// Narrow diagrams are widened (by widening the gap) to this, so the lines keep room to curve.
/// No wider than a 360 px phone's text column, so it never makes a drawing shrink there.
const MIN_WIDTH: f64 = 320.0;
/// The widest line of text a column gets. A longer label is set on two lines, split where a
/// name's parts meet (双江拉祜族佤族 / 布朗族傣族自治县); a line still longer than this is squeezed
/// into it with `textLength`.
const MAX_TEXT_W: f64 = 10.0 * FONT;
const RADIUS: &str = "6";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    District(usize),
    County(usize),
}

struct Diagram<'a> {
    variant: Variant,
    title: &'a str,
    description: &'a str,
    east_label: &'a str,
    west_label: &'a str,
    districts: &'a [Node<'a>],
    counties: &'a [Node<'a>],
    edges: &'a [(usize, usize)],
    current: Option<Side>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    #[cfg(test)]
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn centre_y(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// Where everything goes; boxes are indexed like the input slices.
#[derive(Debug)]
struct Layout {
    width: f64,
    height: f64,
    districts: Vec<Rect>,
    counties: Vec<Rect>,
    /// The space for text in a box of each column (beyond it, text is squeezed).
    left_text_w: f64,
    right_text_w: f64,
    /// The valid edges, in input order.
    edges: Vec<(usize, usize)>,
}

/// Estimated width of `text` at [`FONT`]: CJK and other wide characters 1 em, ASCII 0.55 em,
/// anything else 0.6 em.
fn text_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                0.55
            } else if is_wide(c) {
                1.0
            } else {
                0.6
            }
        })
        .sum();
    ems * FONT
}

/// The lines `label` is set on: itself, or two parts when it is wider than [`MAX_TEXT_W`].
///
/// The split is the most even one that falls after a 族 or before 自治 (where the parts of an
/// autonomous area's name meet) and leaves both lines within [`MAX_TEXT_W`]; without such a
/// place, the most even split of all.
fn lines(label: &str) -> (&str, Option<&str>) {
    if text_width(label) <= MAX_TEXT_W {
        return (label, None);
    }
    let mut best: Option<(bool, f64, usize)> = None;
    for (at, _) in label.char_indices().skip(1) {
        let (first, second) = label.split_at(at);
        let widest = text_width(first).max(text_width(second));
        let previous = first.chars().next_back();
        let natural =
            widest <= MAX_TEXT_W && (previous == Some('族') || second.starts_with("自治"));
        // Natural places first, then the most even split; the first of equals wins.
        let better = match best {
            None => true,
            Some((best_natural, best_widest, _)) => {
                (natural, -widest) > (best_natural, -best_widest)
            }
        };
        if better {
            best = Some((natural, widest, at));
        }
    }
    match best {
        Some((_, _, at)) => {
            let (first, second) = label.split_at(at);
            (first, Some(second))
        }
        None => (label, None),
    }
}

/// The width of the widest line of `label`, as [`lines`] sets it.
fn lines_width(label: &str) -> f64 {
    let (first, second) = lines(label);
    second.map_or(text_width(first), |second| {
        text_width(first).max(text_width(second))
    })
}

/// The height of the box of `label`: taller when it takes two lines.
fn node_height(label: &str) -> f64 {
    match lines(label) {
        (_, None) => NODE_H,
        (_, Some(_)) => NODE_H + LINE_H,
    }
}

/// Characters drawn about one em wide: East Asian scripts and full-width forms (the same test
/// the Markdown line-break rule uses) and emoji.
fn is_wide(c: char) -> bool {
    crate::text::is_east_asian(c) || matches!(c as u32, 0x1F300..=0x1FAFF)
}

fn layout(
    districts: &[Node],
    counties: &[Node],
    edges: &[(usize, usize)],
    east_label: &str,
    west_label: &str,
) -> Layout {
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(d, c)| d < districts.len() && c < counties.len())
        .collect();

    // Counties in the order of their district, then those no district lists.
    let mut by_district: Vec<Vec<usize>> = vec![Vec::new(); districts.len()];
    for &(d, c) in &edges {
        by_district[d].push(c);
    }
    let mut row_of: Vec<Option<usize>> = vec![None; counties.len()];
    let mut next_row = 0;
    for &c in by_district.iter().flatten() {
        if row_of[c].is_none() {
            row_of[c] = Some(next_row);
            next_row += 1;
        }
    }
    for row in row_of.iter_mut().filter(|r| r.is_none()) {
        *row = Some(next_row);
        next_row += 1;
    }

    let column_text_w = |nodes: &[Node], heading: &str| {
        nodes
            .iter()
            .map(|n| lines_width(n.label))
            .fold(text_width(heading), f64::max)
            .min(MAX_TEXT_W)
    };
    let left_text_w = column_text_w(districts, east_label);
    let right_text_w = column_text_w(counties, west_label);
    let left_w = left_text_w + 2.0 * PAD_X;
    let right_w = right_text_w + 2.0 * PAD_X;
    let width = (2.0 * MARGIN + left_w + MIN_GAP + right_w).max(MIN_WIDTH);
    let right_x = width - MARGIN - right_w;
    let top = MARGIN + HEADER_H;

    // Counties one under the other in row order, each box as tall as its label needs.
    let mut in_row: Vec<usize> = vec![0; counties.len()];
    for (c, row) in row_of.iter().enumerate() {
        in_row[row.unwrap_or(0)] = c;
    }
    let mut county_boxes = vec![
        Rect {
            x: right_x,
            y: top,
            w: right_w,
            h: NODE_H,
        };
        counties.len()
    ];
    let mut y = top;
    for &c in &in_row {
        let h = node_height(counties[c].label);
        county_boxes[c] = Rect {
            x: right_x,
            y,
            w: right_w,
            h,
        };
        y += h + ROW_GAP;
    }

    // Each district centred on its counties' centres, pushed down if it would touch the one
    // above; a district without counties goes just below the one above.
    let mut district_boxes: Vec<Rect> = Vec::with_capacity(districts.len());
    for (district, counties_of) in districts.iter().zip(&by_district) {
        let h = node_height(district.label);
        let lowest = district_boxes.last().map_or(top, |r| r.y + r.h + ROW_GAP);
        let y = if counties_of.is_empty() {
            lowest
        } else {
            let sum: f64 = counties_of
                .iter()
                .map(|&c| county_boxes[c].centre_y())
                .sum();
            (sum / counties_of.len() as f64 - h / 2.0).max(lowest)
        };
        district_boxes.push(Rect {
            x: MARGIN,
            y,
            w: left_w,
            h,
        });
    }

    let bottom = district_boxes
        .iter()
        .chain(&county_boxes)
        .map(|r| r.y + r.h)
        .fold(top, f64::max);
    Layout {
        width,
        height: bottom + MARGIN,
        districts: district_boxes,
        counties: county_boxes,
        left_text_w,
        right_text_w,
        edges,
    }
}

fn render(diagram: &Diagram) -> String {
    let layout = layout(
        diagram.districts,
        diagram.counties,
        diagram.edges,
        diagram.east_label,
        diagram.west_label,
    );
    let id = id_prefix(diagram);
    let mut out = String::with_capacity(
        1024 + 320 * (diagram.districts.len() + diagram.counties.len()) + 96 * layout.edges.len(),
    );
    let class = match diagram.variant {
        Variant::Whole => "pairing-diagram",
        Variant::Neighbourhood => "pairing-diagram pairing-diagram--neighbourhood",
    };
    // Writing to a String cannot fail, hence the ignored results below.
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" style=\"--pd-width:{w}px\" preserveAspectRatio=\"xMidYMin meet\" \
         role=\"group\" aria-labelledby=\"{id}-title {id}-desc\" class=\"{class}\" \
         font-size=\"{}\">",
        num(FONT),
        w = num(layout.width),
        h = num(layout.height),
    );
    let _ = write!(out, "<title id=\"{id}-title\">");
    crate::text::escape_xml(&mut out, diagram.title);
    let _ = write!(out, "</title>\n<desc id=\"{id}-desc\">");
    crate::text::escape_xml(&mut out, diagram.description);
    out.push_str("</desc>\n");

    // Column headings, centred over their columns.
    let heading_y = MARGIN + HEADER_H / 2.0 - 2.0;
    let left_w = layout.left_text_w + 2.0 * PAD_X;
    let right_w = layout.right_text_w + 2.0 * PAD_X;
    let right_x = layout.width - MARGIN - right_w;
    // Fallback colours and text placement are set once per group and inherited; the stylesheet
    // sets them again by class.
    out.push_str(
        "<g class=\"pd-columns\" fill=\"#1d1f23\" text-anchor=\"middle\" \
         dominant-baseline=\"central\">\n",
    );
    for (label, x, text_w) in [
        (
            diagram.east_label,
            MARGIN + left_w / 2.0,
            layout.left_text_w,
        ),
        (
            diagram.west_label,
            right_x + right_w / 2.0,
            layout.right_text_w,
        ),
    ] {
        write_text(&mut out, "pd-column", label, x, heading_y, text_w);
    }
    out.push_str("</g>\n");

    out.push_str("<g class=\"pd-edges\" fill=\"none\" stroke=\"#8a8f98\">\n");
    for &(d, c) in &layout.edges {
        let from = layout.districts[d];
        let to = layout.counties[c];
        let (x1, y1) = (from.x + from.w, from.centre_y());
        let (x2, y2) = (to.x, to.centre_y());
        let mid = (x1 + x2) / 2.0;
        let current = match diagram.current {
            Some(Side::County(cur)) => cur == c,
            Some(Side::District(cur)) => cur == d && diagram.variant == Variant::Neighbourhood,
            None => false,
        };
        push(
            &mut out,
            &[
                S("<path class=\"pd-edge"),
                S(if current { " pd-edge--current" } else { "" }),
                S("\" d=\"M"),
                N(x1),
                S(" "),
                N(y1),
                S("C"),
                N(mid),
                S(" "),
                N(y1),
                S(" "),
                N(mid),
                S(" "),
                N(y2),
                S(" "),
                N(x2),
                S(" "),
                N(y2),
                S("\"/>\n"),
            ],
        );
    }
    out.push_str(
        "</g>\n<g class=\"pd-nodes\" fill=\"#1d1f23\" text-anchor=\"middle\" \
         dominant-baseline=\"central\">\n",
    );
    let sides = diagram
        .districts
        .iter()
        .zip(&layout.districts)
        .enumerate()
        .map(|(i, (n, r))| (Side::District(i), n, r, layout.left_text_w))
        .chain(
            diagram
                .counties
                .iter()
                .zip(&layout.counties)
                .enumerate()
                .map(|(i, (n, r))| (Side::County(i), n, r, layout.right_text_w)),
        );
    for (side, node, rect, text_w) in sides {
        write_node(
            &mut out,
            node,
            rect,
            text_w,
            side,
            diagram.current == Some(side),
        );
    }
    out.push_str("</g>\n</svg>");
    out
}

fn write_node(out: &mut String, node: &Node, rect: &Rect, text_w: f64, side: Side, current: bool) {
    let kind_class = match side {
        Side::District(_) => "pd-node--district",
        Side::County(_) => "pd-node--county",
    };
    let _ = write!(out, "<a class=\"pd-node {kind_class}");
    if current {
        out.push_str(" pd-node--current\" aria-current=\"page");
    }
    out.push_str("\" href=\"");
    crate::text::escape_xml(out, node.href);
    out.push_str("\"><title>");
    crate::text::escape_xml(out, node.label);
    if !node.kind.is_empty() {
        // Full-width brackets around a Chinese kind word (区), plain ones around others.
        let wide = node
            .kind
            .chars()
            .next()
            .is_some_and(crate::text::is_east_asian);
        out.push_str(if wide { "（" } else { " (" });
        crate::text::escape_xml(out, node.kind);
        out.push(if wide { '）' } else { ')' });
    }
    push(
        out,
        &[
            S("</title><rect class=\"pd-box\" fill=\"#ffffff\" stroke=\"#767676\" x=\""),
            N(rect.x),
            S("\" y=\""),
            N(rect.y),
            S("\" width=\""),
            N(rect.w),
            S("\" height=\""),
            N(rect.h),
            S("\" rx=\""),
            S(RADIUS),
            S("\"/>"),
        ],
    );
    let x = rect.x + rect.w / 2.0;
    match lines(node.label) {
        (line, None) => write_text(out, "pd-label", line, x, rect.centre_y(), text_w),
        (first, Some(second)) => {
            let y = rect.centre_y() - LINE_H / 2.0;
            push(out, &[S("<text class=\"pd-label\">")]);
            for (line, y) in [(first, y), (second, y + LINE_H)] {
                write_span(out, line, x, y, text_w);
            }
            out.push_str("</text>\n");
        }
    }
    out.truncate(out.trim_end().len());
    out.push_str("</a>\n");
}

/// A centred line of text; squeezed to `max_w` when its estimated width is larger.
fn write_text(out: &mut String, class: &str, text: &str, x: f64, y: f64, max_w: f64) {
    push(
        out,
        &[
            S("<text class=\""),
            S(class),
            S("\" x=\""),
            N(x),
            S("\" y=\""),
            N(y),
            S("\""),
        ],
    );
    if text_width(text) > max_w {
        let _ = write!(
            out,
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            num(max_w)
        );
    }
    out.push('>');
    crate::text::escape_xml(out, text);
    out.push_str("</text>\n");
}

/// One line of a two-line label, squeezed like [`write_text`].
fn write_span(out: &mut String, text: &str, x: f64, y: f64, max_w: f64) {
    push(out, &[S("<tspan x=\""), N(x), S("\" y=\""), N(y), S("\"")]);
    if text_width(text) > max_w {
        let _ = write!(
            out,
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            num(max_w)
        );
    }
    out.push('>');
    crate::text::escape_xml(out, text);
    out.push_str("</tspan>");
}

/// A piece of markup: text as it is, or a coordinate.
enum Part<'a> {
    S(&'a str),
    N(f64),
}
use Part::{N, S};

/// Appends `parts` in order. Every page draws a diagram of dozens of numbers, so this skips the
/// formatting machinery of `write!`, which costs several times as much.
fn push(out: &mut String, parts: &[Part]) {
    for part in parts {
        match *part {
            S(text) => out.push_str(text),
            N(value) => push_num(out, value),
        }
    }
}

/// A number with at most one decimal, without a trailing `.0`.
fn push_num(out: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let (whole, fraction) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    push_digits(out, whole);
    if fraction != 0 {
        out.push('.');
        push_digits(out, fraction);
    }
}

fn push_digits(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// [`push_num`] for `format!`.
fn num(value: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, value);
    out
}

/// An id prefix derived from everything drawn (FNV-1a), so it is the same on every build and
/// different diagrams on one page get different ids.
fn id_prefix(diagram: &Diagram) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for text in [
        diagram.variant.name(),
        diagram.title,
        diagram.description,
        diagram.east_label,
        diagram.west_label,
    ] {
        feed(text.as_bytes());
    }
    for node in diagram.districts.iter().chain(diagram.counties) {
        feed(node.label.as_bytes());
        feed(node.href.as_bytes());
        feed(node.kind.as_bytes());
    }
    for &(d, c) in diagram.edges {
        feed(&(d as u64).to_le_bytes());
        feed(&(c as u64).to_le_bytes());
    }
    match diagram.current {
        Some(Side::District(i)) => feed(&(i as u64).to_le_bytes()),
        Some(Side::County(i)) => feed(&(!(i as u64)).to_le_bytes()),
        None => {}
    }
    format!("pd-{:012x}", hash >> 16)
}

#[cfg(test)]
mod tests {
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
}
