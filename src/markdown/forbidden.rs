//! Code points a web page may not contain ([`crate::text::is_forbidden`]), in rendered Markdown.
//!
//! The loader already refuses raw control characters in files, but Markdown can still produce
//! them: `&#7;` decodes to U+0007, and noncharacters such as U+FDD0 pass the loader. Each one is
//! replaced by U+FFFD, so the output is valid whatever the caller does, and reported with its
//! position, so the build can refuse the article.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};

use super::{Problem, Spanned};
use crate::text::is_forbidden;

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
    Problem {
        offset,
        other: None,
        message: crate::text::forbidden_message(c),
        help: "delete it (or the character reference, such as &#7;, that writes it)".into(),
    }
}

/// `text` with forbidden code points replaced, borrowed when there were none; the first one
/// replaced is kept in `first`.
fn cleaned<'t>(text: &'t str, first: &mut Option<char>) -> Cow<'t, str> {
    if crate::text::first_forbidden(text).is_none() {
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
