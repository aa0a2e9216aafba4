//! The pairing diagram: inline SVG drawn at build time, with no JavaScript.
//!
//! Districts (the eastern city) stand in the left column, counties (the western city) in the
//! right column, and one cubic Bézier line joins each pairing. Counties are ordered by their
//! district, and each district sits at the vertical centre of its counties, so lines never cross.
//!
//! Every colour comes from the page's CSS through classes (`pd-*`, see [`whole`]); the markup only
//! carries neutral fallbacks. The output is pure: the same input gives the same bytes, and the
//! work is linear in nodes plus edges.
//!
//! The steps: `measure` estimates how wide a label is and where a long one breaks, `layout`
//! places the boxes, `svg` writes the markup.

mod layout;
mod measure;
mod svg;
#[cfg(test)]
mod tests;

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
/// 16 pixels (`measure::FONT`), about the body text's size. The same width is given to CSS as the custom
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
    svg::render(&Diagram {
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
    svg::render(&Diagram {
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

/// A box by column and index: the `i`th district or county of the input slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    District(usize),
    County(usize),
}

/// Everything one drawing shows, as [`whole`] and [`neighbourhood`] were given it.
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
