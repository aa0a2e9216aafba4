//! Code points a web page may not contain. HTML forbids control characters other than ASCII
//! whitespace and every noncharacter (the Nu checker reports "Forbidden code point"), and the
//! Atom feed, which carries articles in full, is XML, which forbids form feed too.
//!
//! The loader already refuses raw control characters in files, but Markdown can still produce
//! them: `&#7;` decodes to U+0007, and noncharacters such as U+FDD0 pass the loader. Each one is
//! replaced by U+FFFD, so the output is valid whatever the caller does, and reported with its
//! position, so the build can refuse the article.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};

use super::{Problem, Spanned};

/// Whether `c` may not appear in HTML or XML output: C0 controls but tab, line feed and carriage
/// return; DEL and the C1 controls; the noncharacters U+FDD0–U+FDEF and U+xFFFE, U+xFFFF.
pub(super) fn is_forbidden(c: char) -> bool {
    let code = c as u32;
    (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7F..=0x9F).contains(&code)
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// Replaces every forbidden code point in every string an event carries, reporting the first
/// one of each event at its place in `source`.
pub(super) fn replace(events: &mut [Spanned], source: &str, problems: &mut Vec<Problem>) {
    for (event, range) in events.iter_mut() {
        let mut first: Option<char> = None;
        for text in strings_of(event) {
            if let Cow::Owned(clean) = cleaned(text, &mut first) {
                *text = CowStr::from(clean);
            }
        }
        if let Some(c) = first {
            let written = source.get(range.clone()).unwrap_or_default();
            // A raw character is found where it is; one written as an entity (`&#7;`) is
            // reported at the start of what wrote it.
            let offset = range.start + written.find(c).unwrap_or(0);
            problems.push(problem(offset, c));
        }
    }
}

fn problem(offset: usize, c: char) -> Problem {
    let what = if c.is_control() {
        "control character"
    } else {
        "noncharacter"
    };
    Problem {
        offset,
        other: None,
        message: format!(
            "the text contains the {what} U+{:04X}, which a web page cannot contain",
            c as u32
        ),
        help: "delete it (or the character reference, such as &#7;, that writes it)".into(),
    }
}

/// `text` with forbidden code points replaced, borrowed when there were none; the first one
/// replaced is kept in `first`.
fn cleaned<'t>(text: &'t str, first: &mut Option<char>) -> Cow<'t, str> {
    // Chinese text is mostly three-byte characters starting E4–E9: when no byte can start a
    // forbidden code point, the text is clean without decoding it.
    let may_hold = text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF || b >= 0xF0);
    if !may_hold || !text.chars().any(is_forbidden) {
        return Cow::Borrowed(text);
    }
    let clean = text
        .chars()
        .map(|c| {
            if is_forbidden(c) {
                first.get_or_insert(c);
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect();
    Cow::Owned(clean)
}

/// Every string of `event` that reaches the output: text, code, raw HTML, URLs, titles, ids,
/// classes, attributes, code block info strings and footnote labels.
fn strings_of<'e, 'a>(event: &'e mut Event<'a>) -> Vec<&'e mut CowStr<'a>> {
    match event {
        Event::Text(t)
        | Event::Code(t)
        | Event::Html(t)
        | Event::InlineHtml(t)
        | Event::InlineMath(t)
        | Event::DisplayMath(t)
        | Event::FootnoteReference(t) => vec![t],
        Event::Start(tag) => match tag {
            Tag::Link {
                dest_url,
                title,
                id,
                ..
            }
            | Tag::Image {
                dest_url,
                title,
                id,
                ..
            } => vec![dest_url, title, id],
            Tag::Heading {
                id, classes, attrs, ..
            } => {
                let mut strings: Vec<&mut CowStr<'a>> = id.iter_mut().collect();
                strings.extend(classes.iter_mut());
                for (name, value) in attrs.iter_mut() {
                    strings.push(name);
                    strings.extend(value.iter_mut());
                }
                strings
            }
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => vec![info],
            Tag::FootnoteDefinition(label) => vec![label],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_code_points_are_exactly_those_html_and_xml_refuse() {
        let cases = [
            ('\u{0}', true),
            ('\u{7}', true),
            ('\u{c}', true),
            ('\t', false),
            ('\n', false),
            ('\r', false),
            (' ', false),
            ('\u{7f}', true),
            ('\u{85}', true),
            ('\u{9f}', true),
            ('\u{a0}', false),
            ('\u{fdcf}', false),
            ('\u{fdd0}', true),
            ('\u{fdef}', true),
            ('\u{fdf0}', false),
            ('\u{fffd}', false),
            ('\u{fffe}', true),
            ('\u{ffff}', true),
            ('\u{1fffe}', true),
            ('\u{10ffff}', true),
            ('\u{1f600}', false),
            ('中', false),
        ];
        for (c, forbidden) in cases {
            assert_eq!(is_forbidden(c), forbidden, "U+{:04X}", c as u32);
        }
    }
}
