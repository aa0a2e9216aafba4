//! Bar charts drawn at build time as inline SVG: one bar a row, its label and value on the line
//! above it, so that long Chinese names and values fit at 360 px. Colours come from the
//! stylesheet (light and dark), with fallbacks on each group for a reader without it. Bar
//! lengths are worked out in decimal, like the figures they show.

use rust_decimal::Decimal;

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::text::escape_xml(&mut out, text);
    out
}

/// The drawing's width in SVG units; it is shown at the width of the column, at most 36rem.
const WIDTH: u32 = 360;
const ROW: u32 = 44;
const BAR: u32 = 12;

/// One bar: what it is, its value, and the value as a reader reads it (`1234.5万元`).
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: Decimal,
    pub text: String,
}

/// A chart whose accessible name is `title` and description `summary` (both also shown in the
/// page: the chart is an image of the table beside it). `id` is unique on the page.
pub fn bars(id: &str, title: &str, summary: &str, bars: &[Bar<'_>]) -> String {
    let height = ROW * bars.len() as u32 + 4;
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(Decimal::ZERO, Decimal::max);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_text(title),
        escape_text(summary)
    );
    svg.push_str("<g class=\"chart__text\" fill=\"#1d1f23\" font-size=\"14\">");
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 18;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{y}\">{}</text><text x=\"{WIDTH}\" y=\"{y}\" text-anchor=\"end\">{}</text>",
            escape_text(bar.label),
            escape_text(&bar.text)
        ));
    }
    svg.push_str("</g><g class=\"chart__bars\" fill=\"#9f1d28\">");
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 26;
        svg.push_str(&format!(
            "<rect x=\"0\" y=\"{y}\" width=\"{}\" height=\"{BAR}\" rx=\"2\"/>",
            length(bar.value, max)
        ));
    }
    svg.push_str("</g></svg>");
    svg
}

/// The bar's length for `value` when `max` fills the width, to a tenth of a unit; a bar of a
/// value above zero is never shorter than 1 unit, so it is seen.
fn length(value: Decimal, max: Decimal) -> String {
    if value <= Decimal::ZERO || max <= Decimal::ZERO {
        return "0".into();
    }
    let length = (value * Decimal::from(WIDTH) / max).round_dp(1);
    length.max(Decimal::ONE).normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_bar_fills_the_width_and_the_others_are_in_proportion() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(length(d("50"), d("200")), "90");
        assert_eq!(length(d("200"), d("200")), "360");
        assert_eq!(length(d("0.001"), d("200")), "1");
        assert_eq!(length(d("-5"), d("200")), "0");
        assert_eq!(length(d("1"), d("3")), "120");
    }

    #[test]
    fn a_chart_is_an_image_named_by_its_title_and_described_by_its_summary() {
        let svg = bars(
            "c1",
            "转移就业 <按年份>",
            "合计300人",
            &[Bar {
                label: "2021年",
                value: Decimal::from(300),
                text: "300人".into(),
            }],
        );
        assert!(svg
            .starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">转移就业 &lt;按年份&gt;</title>"));
        assert!(svg.contains("width=\"360\" height=\"12\""));
        roxmltree::Document::parse(&svg).expect("well-formed");
    }
}
