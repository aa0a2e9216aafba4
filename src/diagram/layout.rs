//! Where every box goes: counties stacked in the order of their districts, each district at the
//! centre of its counties, so that no two lines cross and no two boxes overlap.

use super::measure::{lines, lines_width, text_width, MAX_TEXT_W};
use super::Node;

/// Space between a box's edge and its text.
pub(super) const PAD_X: f64 = 12.0;
/// The height of a box with one line of text.
pub(super) const NODE_H: f64 = 32.0;
/// From one line of a two-line label to the next; a two-line box is this much taller.
pub(super) const LINE_H: f64 = 20.0;
/// From the top of one row of one-line boxes to the top of the next.
pub(super) const PITCH: f64 = 44.0;
/// Between the bottom of a box and the top of the next one in its column.
const ROW_GAP: f64 = PITCH - NODE_H;
/// Around the whole drawing.
pub(super) const MARGIN: f64 = 8.0;
/// Room above the first row for the column headings.
pub(super) const HEADER_H: f64 = 36.0;
/// The narrowest space the lines get between the columns: small, so that the drawing of a
/// pairing with ten-character names (务川仡佬族苗族自治县) fits a phone at full size.
const MIN_GAP: f64 = 64.0;
/// Narrow diagrams are widened (by widening the gap) to this, so the lines keep room to curve.
/// No wider than a 360 px phone's text column, so it never makes a drawing shrink there.
const MIN_WIDTH: f64 = 320.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Rect {
    #[cfg(test)]
    pub(super) fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    pub(super) fn centre_y(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// Where everything goes; boxes are indexed like the input slices.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) districts: Vec<Rect>,
    pub(super) counties: Vec<Rect>,
    /// The space for text in a box of each column (beyond it, text is squeezed).
    pub(super) left_text_w: f64,
    pub(super) right_text_w: f64,
    /// The valid edges, in input order.
    pub(super) edges: Vec<(usize, usize)>,
}

impl Layout {
    /// The width of a box of the left (districts') column.
    pub(super) fn left_w(&self) -> f64 {
        self.left_text_w + 2.0 * PAD_X
    }

    /// The width of a box of the right (counties') column.
    pub(super) fn right_w(&self) -> f64 {
        self.right_text_w + 2.0 * PAD_X
    }

    /// The left edge of the right column.
    pub(super) fn right_x(&self) -> f64 {
        self.width - MARGIN - self.right_w()
    }
}

/// Places the boxes of `districts` and `counties`, joined by `edges` (those out of range are
/// dropped), under the column headings `east_label` and `west_label`.
pub(super) fn layout(
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
    let by_district = counties_by_district(&edges, districts.len());

    let left_text_w = column_text_w(districts, east_label);
    let right_text_w = column_text_w(counties, west_label);
    let left_w = left_text_w + 2.0 * PAD_X;
    let right_w = right_text_w + 2.0 * PAD_X;
    let width = (2.0 * MARGIN + left_w + MIN_GAP + right_w).max(MIN_WIDTH);
    let right_x = width - MARGIN - right_w;
    let top = MARGIN + HEADER_H;

    let order = county_order(&by_district, counties.len());
    let county_boxes = stack_counties(counties, &order, right_x, right_w, top);
    let district_boxes = centre_districts(districts, &by_district, &county_boxes, left_w, top);
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

/// The counties each district is joined to, in edge order.
fn counties_by_district(edges: &[(usize, usize)], districts: usize) -> Vec<Vec<usize>> {
    let mut by_district: Vec<Vec<usize>> = vec![Vec::new(); districts];
    for &(d, c) in edges {
        by_district[d].push(c);
    }
    by_district
}

/// The counties from top to bottom: in the order of their (first) district, then those no
/// district lists, in input order.
fn county_order(by_district: &[Vec<usize>], counties: usize) -> Vec<usize> {
    let mut placed = vec![false; counties];
    let mut order = Vec::with_capacity(counties);
    for &c in by_district.iter().flatten() {
        if !placed[c] {
            placed[c] = true;
            order.push(c);
        }
    }
    order.extend((0..counties).filter(|&c| !placed[c]));
    order
}

/// The space for text in a column: its widest label or heading, up to [`MAX_TEXT_W`].
fn column_text_w(nodes: &[Node], heading: &str) -> f64 {
    nodes
        .iter()
        .map(|n| lines_width(n.label))
        .fold(text_width(heading), f64::max)
        .min(MAX_TEXT_W)
}

/// The height of the box of `label`: taller when it takes two lines.
fn node_height(label: &str) -> f64 {
    match lines(label) {
        (_, None) => NODE_H,
        (_, Some(_)) => NODE_H + LINE_H,
    }
}

/// Counties one under the other in `order`, each box as tall as its label needs; the boxes are
/// indexed like `counties`.
fn stack_counties(counties: &[Node], order: &[usize], x: f64, w: f64, top: f64) -> Vec<Rect> {
    let mut boxes = vec![
        Rect {
            x,
            y: top,
            w,
            h: NODE_H,
        };
        counties.len()
    ];
    let mut y = top;
    for &c in order {
        let h = node_height(counties[c].label);
        boxes[c] = Rect { x, y, w, h };
        y += h + ROW_GAP;
    }
    boxes
}

/// Each district centred on its counties' centres, pushed down if it would touch the one
/// above; a district without counties goes just below the one above.
fn centre_districts(
    districts: &[Node],
    by_district: &[Vec<usize>],
    county_boxes: &[Rect],
    w: f64,
    top: f64,
) -> Vec<Rect> {
    let mut boxes: Vec<Rect> = Vec::with_capacity(districts.len());
    for (district, counties_of) in districts.iter().zip(by_district) {
        let h = node_height(district.label);
        let lowest = boxes.last().map_or(top, |r| r.y + r.h + ROW_GAP);
        let y = if counties_of.is_empty() {
            lowest
        } else {
            let sum: f64 = counties_of
                .iter()
                .map(|&c| county_boxes[c].centre_y())
                .sum();
            (sum / counties_of.len() as f64 - h / 2.0).max(lowest)
        };
        boxes.push(Rect { x: MARGIN, y, w, h });
    }
    boxes
}
