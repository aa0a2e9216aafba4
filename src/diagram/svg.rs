//! Writing a laid-out diagram as SVG markup: the root with its title and description, the
//! column headings, the lines and the linked boxes. Numbers are written with one decimal at
//! most, so the same drawing always gives the same bytes.

use std::fmt::Write as _;

use super::layout::{layout, Layout, Rect, HEADER_H, LINE_H, MARGIN};
use super::measure::{lines, text_width, FONT};
use super::{id_prefix, Diagram, Node, Side, Variant};

/// The corner radius of a box.
const RADIUS: &str = "6";

/// The whole `<svg>` element of `diagram`.
pub(super) fn render(diagram: &Diagram) -> String {
    let layout = layout(
        diagram.districts,
        diagram.counties,
        diagram.edges,
        diagram.east_label,
        diagram.west_label,
    );
    let mut out = String::with_capacity(
        1024 + 320 * (diagram.districts.len() + diagram.counties.len()) + 96 * layout.edges.len(),
    );
    write_root(&mut out, diagram, &layout);
    write_headings(&mut out, diagram, &layout);
    write_edges(&mut out, diagram, &layout);
    write_nodes(&mut out, diagram, &layout);
    out.push_str("</svg>");
    out
}

/// The opening `<svg>` tag, sized by `layout`, and the `<title>` and `<desc>` it is labelled by.
fn write_root(out: &mut String, diagram: &Diagram, layout: &Layout) {
    let id = id_prefix(diagram);
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
    crate::text::escape_xml(out, diagram.title);
    let _ = write!(out, "</title>\n<desc id=\"{id}-desc\">");
    crate::text::escape_xml(out, diagram.description);
    out.push_str("</desc>\n");
}

/// The column headings, centred over their columns.
fn write_headings(out: &mut String, diagram: &Diagram, layout: &Layout) {
    let heading_y = MARGIN + HEADER_H / 2.0 - 2.0;
    // Fallback colours and text placement are set once per group and inherited; the stylesheet
    // sets them again by class.
    out.push_str(
        "<g class=\"pd-columns\" fill=\"#1d1f23\" text-anchor=\"middle\" \
         dominant-baseline=\"central\">\n",
    );
    for (label, x, text_w) in [
        (
            diagram.east_label,
            MARGIN + layout.left_w() / 2.0,
            layout.left_text_w,
        ),
        (
            diagram.west_label,
            layout.right_x() + layout.right_w() / 2.0,
            layout.right_text_w,
        ),
    ] {
        write_text(out, "pd-column", label, x, heading_y, text_w);
    }
    out.push_str("</g>\n");
}

/// One curve per edge, from the right side of its district to the left side of its county;
/// the current unit's lines are marked.
fn write_edges(out: &mut String, diagram: &Diagram, layout: &Layout) {
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
            out,
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
    out.push_str("</g>\n");
}

/// Every box, districts then counties, each a link.
fn write_nodes(out: &mut String, diagram: &Diagram, layout: &Layout) {
    out.push_str(
        "<g class=\"pd-nodes\" fill=\"#1d1f23\" text-anchor=\"middle\" \
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
        write_node(out, node, rect, text_w, side, diagram.current == Some(side));
    }
    out.push_str("</g>\n");
}

/// One box: a link with a tooltip, its rectangle and its label.
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
    out.push_str("\">");
    write_tooltip(out, node);
    push(
        out,
        &[
            S("<rect class=\"pd-box\" fill=\"#ffffff\" stroke=\"#767676\" x=\""),
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
    write_label(out, node.label, rect, text_w);
    out.truncate(out.trim_end().len());
    out.push_str("</a>\n");
}

/// A box's `<title>`: its name and, in brackets, its kind.
fn write_tooltip(out: &mut String, node: &Node) {
    out.push_str("<title>");
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
    out.push_str("</title>");
}

/// A box's label, centred in `rect` on one line or two.
fn write_label(out: &mut String, label: &str, rect: &Rect, text_w: f64) {
    let x = rect.x + rect.w / 2.0;
    match lines(label) {
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
    write_squeeze(out, text, max_w);
    out.push('>');
    crate::text::escape_xml(out, text);
    out.push_str("</text>\n");
}

/// One line of a two-line label, squeezed like [`write_text`].
fn write_span(out: &mut String, text: &str, x: f64, y: f64, max_w: f64) {
    push(out, &[S("<tspan x=\""), N(x), S("\" y=\""), N(y), S("\"")]);
    write_squeeze(out, text, max_w);
    out.push('>');
    crate::text::escape_xml(out, text);
    out.push_str("</tspan>");
}

/// The attributes that fit `text` into `max_w` when its estimated width is larger.
fn write_squeeze(out: &mut String, text: &str, max_w: f64) {
    if text_width(text) > max_w {
        let _ = write!(
            out,
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            num(max_w)
        );
    }
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
pub(super) fn num(value: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, value);
    out
}
