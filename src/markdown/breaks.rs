//! Soft line breaks in Chinese text. A browser shows a line break in the source as a space; in
//! Chinese, which has no spaces between words, that space is a visible gap. CSS Text 3 and 4
//! (segment break transformation) say when a break is removed instead:
//!
//! - next to a zero-width space, always;
//! - between two characters whose East Asian Width is Fullwidth, Wide or Halfwidth, unless one
//!   is Hangul (Korean puts spaces between words);
//! - in Chinese, Japanese or Yi text, also when one side is Ambiguous-width punctuation (“ ” ‘ ’
//!   … — ·) and the other is wide. We go one step further and remove the break between two
//!   such punctuation marks too (`……` then `——`): in Chinese both are set full width.
//!
//! The characters compared are the ones a reader sees on either side of the break, so inline
//! markup is looked through: emphasis, links and inline code. An image, a footnote mark or a
//! line break stops the search, and the break stays.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Spanned;

const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// Drops the soft breaks that CSS would remove. `ambiguous_wide` is true when the page language
/// sets ambiguous-width punctuation full width.
pub(super) fn remove_soft_breaks(events: Vec<Spanned>, ambiguous_wide: bool) -> Vec<Spanned> {
    let mut removed = vec![false; events.len()];
    for i in 0..events.len() {
        if matches!(events[i].0, Event::SoftBreak) {
            let before = char_before(&events[..i], &removed[..i]);
            let after = char_after(&events[i + 1..]);
            removed[i] = removes_break(before, after, ambiguous_wide);
        }
    }
    events
        .into_iter()
        .zip(removed)
        .filter_map(|(event, removed)| (!removed).then_some(event))
        .collect()
}

/// Whether a soft break between `before` and `after` (`None`: no character, such as an image)
/// is removed rather than shown as a space.
pub fn removes_break(before: Option<char>, after: Option<char>, ambiguous_wide: bool) -> bool {
    if before == Some(ZERO_WIDTH_SPACE) || after == Some(ZERO_WIDTH_SPACE) {
        return true;
    }
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    let wide =
        |c: char| !is_hangul(c) && (is_wide(c) || (ambiguous_wide && is_ambiguous_punctuation(c)));
    wide(before) && wide(after)
}

/// What an event is to the search for the character next to a break.
enum Seen {
    Char(Option<char>),
    /// Markup with no text of its own (emphasis, a link's start or end, a raw inline tag).
    Transparent,
    /// Anything else: no character is next to the break.
    Wall,
}

fn seen(event: &Event, last: bool) -> Seen {
    let edge = |text: &str| {
        let c = if last {
            text.chars().next_back()
        } else {
            text.chars().next()
        };
        c.map_or(Seen::Transparent, |c| Seen::Char(Some(c)))
    };
    match event {
        Event::Text(text) | Event::Code(text) => edge(text),
        Event::InlineHtml(_) => Seen::Transparent,
        Event::Start(
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Superscript
            | Tag::Subscript,
        )
        | Event::End(
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript,
        ) => Seen::Transparent,
        _ => Seen::Wall,
    }
}

/// The last visible character before the break; breaks already removed are looked through.
fn char_before(events: &[Spanned], removed: &[bool]) -> Option<char> {
    for (i, (event, _)) in events.iter().enumerate().rev() {
        if removed[i] {
            continue;
        }
        match seen(event, true) {
            Seen::Char(c) => return c,
            Seen::Transparent => {}
            Seen::Wall => return None,
        }
    }
    None
}

fn char_after(events: &[Spanned]) -> Option<char> {
    for (event, _) in events {
        match seen(event, false) {
            Seen::Char(c) => return c,
            Seen::Transparent => {}
            Seen::Wall => return None,
        }
    }
    None
}

/// Hangul syllables and jamo, full width or not: Korean separates words with spaces.
fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// East Asian Width Fullwidth, Wide or Halfwidth: the main ranges of Unicode 15's
/// EastAsianWidth.txt (CJK, kana, full-width forms, half-width forms, and the emoji blocks,
/// which are Wide).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x231A..=0x231B
        | 0x2329..=0x232A
        | 0x23E9..=0x23EC
        | 0x23F0
        | 0x23F3
        | 0x25FD..=0x25FE
        | 0x2614..=0x2615
        | 0x2648..=0x2653
        | 0x267F
        | 0x2693
        | 0x26A1
        | 0x26AA..=0x26AB
        | 0x26BD..=0x26BE
        | 0x26C4..=0x26C5
        | 0x26CE
        | 0x26D4
        | 0x26EA
        | 0x26F2..=0x26F3
        | 0x26F5
        | 0x26FA
        | 0x26FD
        | 0x2705
        | 0x270A..=0x270B
        | 0x2728
        | 0x274C
        | 0x274E
        | 0x2753..=0x2755
        | 0x2757
        | 0x2795..=0x2797
        | 0x27B0
        | 0x27BF
        | 0x2B1B..=0x2B1C
        | 0x2B50
        | 0x2B55
        | 0x2E80..=0x303E
        | 0x3041..=0x3247
        | 0x3250..=0x4DBF
        | 0x4E00..=0xA4CF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF01..=0xFF60
        | 0xFF61..=0xFFDC
        | 0xFFE0..=0xFFE6
        | 0xFFE8..=0xFFEE
        | 0x16FE0..=0x16FE4
        | 0x17000..=0x18CFF
        | 0x1AFF0..=0x1B2FF
        | 0x1F004
        | 0x1F0CF
        | 0x1F18E
        | 0x1F191..=0x1F19A
        | 0x1F200..=0x1F265
        | 0x1F300..=0x1F64F
        | 0x1F680..=0x1F6FF
        | 0x1F7E0..=0x1F7EB
        | 0x1F90C..=0x1F9FF
        | 0x1FA70..=0x1FAFF
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD)
}

/// Ambiguous-width punctuation and symbols that Chinese text sets full width: quotation marks,
/// the ellipsis and dashes, the middle dot in names, ※, °, ℃, №, arrows, circled numbers used as
/// list marks, and the common shapes (■ ○ ★).
fn is_ambiguous_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x00A7
        | 0x00A8
        | 0x00B0..=0x00B1
        | 0x00B4
        | 0x00B6..=0x00B7
        | 0x00D7
        | 0x00F7
        | 0x2010
        | 0x2013..=0x2016
        | 0x2018..=0x2019
        | 0x201C..=0x201D
        | 0x2020..=0x2022
        | 0x2024..=0x2027
        | 0x2030
        | 0x2032..=0x2033
        | 0x2035
        | 0x203B
        | 0x203E
        | 0x2103
        | 0x2105
        | 0x2109
        | 0x2116
        | 0x2121..=0x2122
        | 0x2190..=0x2199
        | 0x21D2
        | 0x21D4
        | 0x2460..=0x24E9
        | 0x2500..=0x254B
        | 0x25A0..=0x25A1
        | 0x25B2..=0x25B3
        | 0x25B6..=0x25B7
        | 0x25BC..=0x25BD
        | 0x25C0..=0x25C1
        | 0x25C6..=0x25C8
        | 0x25CB
        | 0x25CE..=0x25D1
        | 0x25EF
        | 0x2605..=0x2606
        | 0x2609
        | 0x260E..=0x260F
        | 0x2640
        | 0x2642
        | 0x3248..=0x324F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(before, after, removed in Chinese, removed in English)`.
    #[test]
    fn segment_break_rule_by_character_pair() {
        let cases = [
            ('中', '文', true, true),
            ('，', '中', true, true),
            ('》', '中', true, true),
            ('中', '（', true, true),
            ('”', '中', true, false),
            ('中', '“', true, false),
            ('…', '—', true, false),
            ('·', '中', true, false),
            ('中', 'a', false, false),
            ('”', 'a', false, false),
            ('中', '2', false, false),
            ('a', 'b', false, false),
            ('한', '국', false, false),
            ('中', '한', false, false),
            ('ｶ', 'ﾅ', true, true),
            ('a', ZERO_WIDTH_SPACE, true, true),
            ('😀', '中', true, true),
        ];
        for (before, after, chinese, english) in cases {
            assert_eq!(
                removes_break(Some(before), Some(after), true),
                chinese,
                "{before}|{after} in Chinese"
            );
            assert_eq!(
                removes_break(Some(before), Some(after), false),
                english,
                "{before}|{after} in English"
            );
        }
        assert!(!removes_break(None, Some('中'), true));
        assert!(removes_break(None, Some(ZERO_WIDTH_SPACE), true));
    }
}
