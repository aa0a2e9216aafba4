//! Article Markdown to HTML: CommonMark with GFM tables, footnotes, strikethrough and task lists,
//! plus what Chinese text and the site need. Each step is one pass over pulldown-cmark's events,
//! which keep their byte range in the source so problems can be reported where they are:
//!
//! 1. `forbidden`: code points a web page cannot contain become U+FFFD and are reported.
//! 2. Raw HTML becomes text unless allowed; links with script-running schemes lead nowhere.
//! 3. Headings move so that the article's top level is `h2`: the page's title is its one `h1`.
//! 4. `breaks`: soft line breaks between Chinese characters are removed, as CSS Text says.
//! 5. Runs of text are merged, so that a name is never split between two events.
//! 6. `annotate`: ids on paragraphs, list items and table rows; entity links; quotable blocks.
//! 7. `footnotes`: footnotes get ids in a namespace of their own.
//! 8. `ids`: the ids the writer gave are checked against every other, headings get theirs.
//! 9. `links`: links and images are pointed where they lead (base path, `@/` paths), images
//!    get their size and lazy loading, and every link is kept with its position.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::MarkdownSettings;
use crate::error::{Diagnostic, Position};
use crate::linker::{EntityId, Linker, Mention};

mod annotate;
mod breaks;
mod footnotes;
mod forbidden;
mod ids;
pub mod links;
mod raw_html;

pub use links::{AsWritten, Resolve, Unresolved, WrittenLink};

/// A quotable block (a paragraph, a list item without paragraphs, or a table row) as plain text,
/// with the entity mentions in it as byte ranges of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: String,
    pub text: String,
    pub mentions: Vec<Mention>,
}

/// An article body rendered to HTML.
#[derive(Debug, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Blocks that mention at least one entity, in document order.
    pub quotable: Vec<Block>,
    /// The plain text of the first paragraph, for descriptions.
    pub lead: String,
    /// The plain text of every block, one per line, for the search index.
    pub text: String,
    /// What is wrong with the Markdown, in source order: the HTML is still made (ids may then
    /// repeat, a forbidden character is shown as U+FFFD), but the article should be refused.
    pub problems: Vec<Problem>,
    /// Every link and image, in source order, with where it was written.
    pub links: Vec<WrittenLink>,
    /// `@/` links that lead nowhere (to no content file, or to a draft left out), left as
    /// written: link-check errors, reported with the others once every page is checked.
    pub broken_links: Vec<Problem>,
}

/// One problem in an article's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is: a byte offset into the Markdown given to [`render`].
    pub offset: usize,
    /// The other place it involves, such as the first use of an id given twice.
    pub other: Option<usize>,
    pub message: String,
    pub help: String,
}

impl Problem {
    /// This problem as a diagnostic of the file `path`, in which `markdown` (the text given to
    /// [`render`]) starts on line `first_line` (1-based) at column 1.
    pub fn to_diagnostic(&self, path: &Path, markdown: &str, first_line: usize) -> Diagnostic {
        let at = |offset| Position::of_offset(markdown, offset).shifted_down(first_line - 1);
        let mut message = self.message.clone();
        if let Some(other) = self.other {
            let Position { line, column } = at(other);
            message.push_str(&format!(" (the other is at line {line}, column {column})"));
        }
        Diagnostic::new(path, Some(at(self.offset)), message).with_help(self.help.clone())
    }
}

/// An event and the byte range of the source it comes from.
type Spanned<'a> = (Event<'a>, Range<usize>);

fn parser_options() -> Options {
    // The extensions articles may use: GFM's tables, footnotes, strikethrough and task
    // lists, and `{#id}` on headings.
    [
        Options::ENABLE_TABLES,
        Options::ENABLE_FOOTNOTES,
        Options::ENABLE_STRIKETHROUGH,
        Options::ENABLE_TASKLISTS,
        Options::ENABLE_HEADING_ATTRIBUTES,
        Options::ENABLE_GFM,
    ]
    .into_iter()
    .collect()
}

/// Renders `markdown`; `href` gives the link for an entity. Links are kept as written.
pub fn render(
    markdown: &str,
    settings: MarkdownSettings,
    linker: &Linker,
    href: &dyn Fn(EntityId) -> String,
) -> RenderedMarkdown {
    render_in_site(markdown, settings, linker, href, &AsWritten)
}

/// [`render`], with links and images pointed where `resolve` says they lead.
pub fn render_in_site(
    markdown: &str,
    settings: MarkdownSettings,
    linker: &Linker,
    href: &dyn Fn(EntityId) -> String,
    resolve: &dyn Resolve,
) -> RenderedMarkdown {
    let mut problems = Vec::new();
    let mut events: Vec<Spanned> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .collect();
    forbidden::replace(&mut events, markdown, &mut problems);
    if !settings.allow_html {
        neutralise_raw_html(&mut events);
    }
    shift_headings(&mut events);
    let events = merge_text(breaks::remove_soft_breaks(
        events,
        settings.ambiguous_punctuation_wide,
    ));
    let annotated = annotate::Annotator::new(markdown, settings, linker, href).run(events);
    let mut events = annotated.events;
    let footnote_ids = footnotes::rewrite(&mut events, &mut problems);
    let generated = ids::Generated {
        blocks: &annotated.block_offsets,
        rows: &annotated.row_offsets,
        footnotes: &footnote_ids,
    };
    ids::check_explicit(&annotated.explicit_ids, &generated, &mut problems);
    ids::assign_heading_ids(&mut events, &annotated.explicit_ids);
    let mut broken_links = Vec::new();
    let (events, links) = links::rewrite(events, resolve, &mut broken_links);
    problems.sort_by_key(|problem| problem.offset);

    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    // Every article's body stays in memory for the whole build; growth slack would cost up to
    // as much again.
    html.shrink_to_fit();
    let mut text = annotated.plain;
    text.shrink_to_fit();
    RenderedMarkdown {
        html,
        quotable: annotated.quotable,
        lead: annotated.lead.unwrap_or_default(),
        text,
        problems,
        links,
        broken_links,
    }
}

/// Raw HTML becomes visible text, and links with script-running schemes lead nowhere.
fn neutralise_raw_html(events: &mut [Spanned]) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => *event = Event::Text(raw.clone()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if has_unsafe_scheme(dest_url) =>
            {
                *dest_url = CowStr::Borrowed("#");
            }
            _ => {}
        }
    }
}

fn has_unsafe_scheme(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// Moves the article's headings so that its top level is `h2`: the page template gives the
/// article's title the page's one `h1`, and a checker reports an outline that skips a level
/// (`h1` then `h3`). So `#` becomes `h2` (and `##` `h3`, …, `######` stays `h6`) in an article
/// that uses `#`; one whose top level is `##` is left as it is; one that starts at `###` moves up.
fn shift_headings(events: &mut [Spanned]) {
    let top = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min();
    let Some(top) = top else { return };
    let moved = |level: HeadingLevel| {
        let number = (level as usize + 2).saturating_sub(top).clamp(2, 6);
        HeadingLevel::try_from(number).unwrap_or(HeadingLevel::H6)
    };
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = moved(*level);
            }
            _ => {}
        }
    }
}

/// Joins runs of text events so that a name is never split between two of them.
fn merge_text(events: Vec<Spanned>) -> Vec<Spanned> {
    let mut merged: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let (Some((Event::Text(previous), previous_range)), Event::Text(next)) =
            (merged.last_mut(), &event)
        {
            let mut joined = previous.to_string();
            joined.push_str(next);
            *previous = CowStr::from(joined);
            previous_range.end = previous_range.end.max(range.end);
            continue;
        }
        merged.push((event, range));
    }
    merged
}

/// `text` escaped for an attribute value in double quotes.
fn escape_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut escaped, text)
        .expect("writing to a String cannot fail");
    escaped
}

#[cfg(test)]
mod tests;
