//! Every id on an article page is unique by construction. Each kind of id the generator makes has
//! a shape of its own:
//!
//! | id | on |
//! | --- | --- |
//! | `p-N` | paragraphs and list items (published URLs: quotes link to them) |
//! | `r-N` | table rows |
//! | `fn-NAME`, `fnref-NAME` (`fnref-NAME-2`, … for later references) | footnotes |
//! | made from the text | headings; never one of the shapes above (`h-` is put in front) nor an id the page template uses; `-2`, `-3`, … when taken |
//!
//! Ids the writer gives (`{#id}` on a heading, `id="…"` in raw HTML) are kept as written. One
//! given twice, or equal to an id the generator or the template makes, is reported as a problem
//! naming both places.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Problem, Spanned};

/// The ids the page templates give their own elements: a heading must not take one, or the skip
/// link or a label would point into the article.
pub(super) const TEMPLATE_IDS: &[&str] = &[
    "top",
    "main",
    "page-title",
    "site-search-input",
    "site-search-status",
    "mentioned-title",
    "quotes-title",
    "siblings-title",
    "areas-title",
    "articles-title",
    "events-title",
    "pairings-title",
    "partners-title",
    "principles-title",
];

pub(super) const BLOCK_PREFIX: &str = "p-";
pub(super) const ROW_PREFIX: &str = "r-";
pub(super) const FOOTNOTE_PREFIX: &str = "fn-";
pub(super) const FOOTNOTE_REFERENCE_PREFIX: &str = "fnref-";

/// The ids the generator made, each with the byte offset of what it is on.
pub(super) struct Generated<'g> {
    /// Offset of paragraph `p-N` at index `N - 1`.
    pub blocks: &'g [usize],
    /// Offset of row `r-N` at index `N - 1`.
    pub rows: &'g [usize],
    pub footnotes: &'g HashMap<String, usize>,
}

impl Generated<'_> {
    /// What the generator put `id` on, and where.
    fn owner(&self, id: &str) -> Option<(String, usize)> {
        if let Some(n) = generated_number(id, BLOCK_PREFIX) {
            return self
                .blocks
                .get(n - 1)
                .map(|&at| (format!("paragraph {n}"), at));
        }
        if let Some(n) = generated_number(id, ROW_PREFIX) {
            return self
                .rows
                .get(n - 1)
                .map(|&at| (format!("table row {n}"), at));
        }
        self.footnotes
            .get(id)
            .map(|&at| ("a footnote".to_string(), at))
    }
}

/// `N` if `id` is `prefix` followed by `N` as the generator writes numbers (no leading zero).
fn generated_number(id: &str, prefix: &str) -> Option<usize> {
    let digits = id.strip_prefix(prefix)?;
    let n: usize = digits.parse().ok()?;
    (n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')).then_some(n)
}

/// Whether `id` has the shape of an id the generator makes (whether or not it made it).
pub(super) fn has_generated_shape(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered(BLOCK_PREFIX)
        || numbered(ROW_PREFIX)
        || id.starts_with(FOOTNOTE_PREFIX)
        || id.starts_with(FOOTNOTE_REFERENCE_PREFIX)
}

/// Reports each explicit id (in document order, with its offset) that is given twice or that
/// the generator or the template also uses.
pub(super) fn check_explicit(
    explicit: &[(String, usize)],
    generated: &Generated,
    problems: &mut Vec<Problem>,
) {
    const HELP_GENERATED: &str =
        "ids of the forms p-N, r-N, fn-… and fnref-… are made for paragraphs, table rows and footnotes; choose another id";
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (id, offset) in explicit {
        let (message, other, help) = if TEMPLATE_IDS.contains(&id.as_str()) {
            (
                format!("the id `{id}` is used by the page template"),
                None,
                "choose another id",
            )
        } else if let Some((owner, at)) = generated.owner(id) {
            (
                format!("the id `{id}` is also the id of {owner}"),
                Some(at),
                HELP_GENERATED,
            )
        } else if let Some(&at) = first.get(id.as_str()) {
            (
                format!("the id `{id}` is given twice"),
                Some(at),
                "give each element its own id",
            )
        } else {
            first.insert(id, *offset);
            continue;
        };
        problems.push(Problem {
            offset: *offset,
            other,
            message,
            help: help.into(),
        });
    }
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique in the page.
pub(super) fn assign_heading_ids(events: &mut [Spanned], explicit: &[(String, usize)]) {
    let mut ids = Ids::default();
    ids.used
        .extend(explicit.iter().map(|(id, _)| id.to_string()));
    ids.used
        .extend(TEMPLATE_IDS.iter().map(|id| id.to_string()));
    for i in 0..events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i].0 {
            let text = heading_text(&events[i + 1..]);
            let id = unique_id(heading_base(&text), &mut ids);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id));
            }
        }
    }
}

/// The slug of a heading's text, moved out of the generator's shapes.
fn heading_base(text: &str) -> String {
    let slug = heading_slug(text);
    if has_generated_shape(&slug) {
        format!("h-{slug}")
    } else {
        slug
    }
}

fn heading_text(events: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Lowercased letters and digits of any script, other runs turned into single hyphens.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

/// The ids taken on a page, and for each base the next suffix to try, so that a thousand headings
/// with the same text cost a thousand steps, not half a million.
#[derive(Default)]
pub(super) struct Ids {
    pub used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

/// `base`, or `base-2`, `base-3`, … whichever is free first; taken from then on.
pub(super) fn unique_id(base: String, ids: &mut Ids) -> String {
    let mut candidate = base.clone();
    let suffix = ids.next_suffix.entry(base.clone()).or_insert(1);
    while ids.used.contains(&candidate) {
        *suffix += 1;
        candidate = format!("{base}-{suffix}");
    }
    ids.used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_shapes() {
        for (id, shape) in [
            ("p-1", true),
            ("p-0012", true),
            ("r-3", true),
            ("fn-注释", true),
            ("fnref-1-2", true),
            ("p-", false),
            ("p-1-h", false),
            ("h-p-1", false),
            ("结对-情况", false),
            ("fn", false),
        ] {
            assert_eq!(has_generated_shape(id), shape, "{id}");
        }
        assert_eq!(generated_number("p-12", BLOCK_PREFIX), Some(12));
        assert_eq!(generated_number("p-012", BLOCK_PREFIX), None);
        assert_eq!(generated_number("p-0", BLOCK_PREFIX), None);
        assert_eq!(generated_number("p-+1", BLOCK_PREFIX), None);
    }
}
