//! How much room a label takes: its estimated width at the diagram's font size, and where a
//! label too wide for one line is split into two.

/// The font size, in viewBox units (CSS pixels at the natural size); every other measure derives
/// from it.
pub(super) const FONT: f64 = 16.0;
/// The widest line of text a column gets. A longer label is set on two lines, split where a
/// name's parts meet (双江拉祜族佤族 / 布朗族傣族自治县); a line still longer than this is squeezed
/// into it with `textLength`.
pub(super) const MAX_TEXT_W: f64 = 10.0 * FONT;

/// Estimated width of `text` at [`FONT`]: CJK and other wide characters 1 em, ASCII 0.55 em,
/// anything else 0.6 em.
pub(super) fn text_width(text: &str) -> f64 {
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
pub(super) fn lines(label: &str) -> (&str, Option<&str>) {
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
pub(super) fn lines_width(label: &str) -> f64 {
    let (first, second) = lines(label);
    second.map_or(text_width(first), |second| {
        text_width(first).max(text_width(second))
    })
}

/// Characters drawn about one em wide: East Asian scripts and full-width forms (the same test
/// the Markdown line-break rule uses) and emoji.
fn is_wide(c: char) -> bool {
    crate::text::is_east_asian(c) || matches!(c as u32, 0x1F300..=0x1FAFF)
}
