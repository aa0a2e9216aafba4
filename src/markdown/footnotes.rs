//! Footnotes with ids of their own: the definition of `[^NAME]` is `fn-NAME`, its first reference
//! `fnref-NAME` and later ones `fnref-NAME-2`, `fnref-NAME-3`, …; the definition's number links
//! back to the first reference. pulldown-cmark's own output uses the bare name as the id, so
//! `[^p-2]` took paragraph 2's id, and `[^A]` pointed at `#A` while its definition `[^a]` (labels
//! match in any letter case) had `id="a"`.
//!
//! Numbers are given in order of first appearance, as pulldown-cmark does. A label defined twice
//! is a problem; the second definition gets an id of its own and is never linked to.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Tag, TagEnd};

use super::ids::{FOOTNOTE_PREFIX, FOOTNOTE_REFERENCE_PREFIX};
use super::{escape_attribute, Problem, Spanned};

/// What is known of one footnote label.
struct Note {
    number: usize,
    /// The id of its (first) definition.
    id: String,
    /// How many references have been written so far.
    references: usize,
    /// The ids of its references, first one first; made before any is written.
    reference_ids: Vec<String>,
}

/// Rewrites footnote references and definitions into HTML with namespaced ids. Returns every id
/// made, with the offset of what it is on.
pub(super) fn rewrite(
    events: &mut [Spanned],
    problems: &mut Vec<Problem>,
) -> HashMap<String, usize> {
    let mut made = HashMap::new();
    let (mut notes, mut extra_definitions) = plan(events, problems, &mut made);
    let mut image_depth = 0usize;
    let mut definitions_seen: HashSet<String> = HashSet::new();
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::FootnoteReference(label) => {
                let Some(note) = notes.get_mut(&fold(label)) else {
                    // pulldown-cmark only reports references to defined labels; keep the text.
                    *event = Event::Text(format!("[^{label}]").into());
                    continue;
                };
                let number = note.number;
                *event = if image_depth > 0 {
                    // Inside an image it becomes alt text, which cannot hold a link.
                    Event::Text(format!("[{number}]").into())
                } else {
                    note.references += 1;
                    let id = &note.reference_ids[note.references - 1];
                    Event::InlineHtml(
                        format!(
                            "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#{}\">{number}</a></sup>",
                            escape_attribute(id),
                            escape_attribute(&note.id),
                        )
                        .into(),
                    )
                };
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let key = fold(label);
                let note = &notes[&key];
                let html = if definitions_seen.insert(key) {
                    definition_html(&note.id, note.number, note.reference_ids.first())
                } else {
                    let id = extra_definitions.remove(0);
                    definition_html(&id, note.number, None)
                };
                *event = Event::Html(html.into());
            }
            _ => {}
        }
    }
    made
}

fn definition_html(id: &str, number: usize, back: Option<&String>) -> String {
    let label = match back {
        Some(reference) => format!("<a href=\"#{}\">{number}</a>", escape_attribute(reference)),
        None => number.to_string(),
    };
    format!(
        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{label}</sup>",
        escape_attribute(id)
    )
}

/// Works out every footnote's number and ids before any is written, so that a reference can
/// link to a definition further down and a definition back to a reference further up. Returns
/// the notes by folded label, and the ids of second definitions of a label, in order.
fn plan(
    events: &[Spanned],
    problems: &mut Vec<Problem>,
    made: &mut HashMap<String, usize>,
) -> (HashMap<String, Note>, Vec<String>) {
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut definition_at: HashMap<String, usize> = HashMap::new();
    let mut reference_counts: HashMap<String, usize> = HashMap::new();
    let mut extra = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    for (event, range) in events {
        match event {
            Event::FootnoteReference(label) => {
                let key = fold(label);
                let next = numbers.len() + 1;
                numbers.entry(key.clone()).or_insert(next);
                *reference_counts.entry(key).or_insert(0) += 1;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let key = fold(label);
                let next = numbers.len() + 1;
                let number = *numbers.entry(key.clone()).or_insert(next);
                let id = free_id(format!("{FOOTNOTE_PREFIX}{}", id_safe(label)), &mut used);
                made.insert(id.clone(), range.start);
                if let Some(&first) = definition_at.get(&key) {
                    problems.push(Problem {
                        offset: range.start,
                        other: Some(first),
                        message: format!("the footnote [^{label}] is defined twice"),
                        help: "keep one definition, or give the other a label of its own".into(),
                    });
                    extra.push(id);
                    continue;
                }
                definition_at.insert(key.clone(), range.start);
                let note = Note {
                    number,
                    id,
                    references: 0,
                    reference_ids: Vec::new(),
                };
                notes.insert(key, note);
            }
            _ => {}
        }
    }
    // Every first reference's id is taken before any later one's, so that `fnref-a-2` (a later
    // reference to `a`) cannot take the id of the first reference to a footnote labelled `a-2`.
    let mut keys: Vec<String> = notes
        .keys()
        .filter(|key| reference_counts.contains_key(*key))
        .cloned()
        .collect();
    keys.sort_by_key(|key| notes[key].number);
    for key in &keys {
        let note = notes.get_mut(key).expect("a planned note");
        let base = &note.id[FOOTNOTE_PREFIX.len()..];
        let first = free_id(format!("{FOOTNOTE_REFERENCE_PREFIX}{base}"), &mut used);
        made.insert(first.clone(), definition_at[key]);
        note.reference_ids.push(first);
    }
    for key in &keys {
        let note = notes.get_mut(key).expect("a planned note");
        let first = note.reference_ids[0].clone();
        for n in 2..=reference_counts[key] {
            let id = free_id(format!("{first}-{n}"), &mut used);
            made.insert(id.clone(), definition_at[key]);
            note.reference_ids.push(id);
        }
    }
    (notes, extra)
}

/// `id`, or `id-2`, `id-3`, … whichever is not in `used`; then in `used`.
fn free_id(id: String, used: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

/// Labels match in any letter case.
fn fold(label: &str) -> String {
    label.to_lowercase()
}

/// A label as part of an id: lowercased letters and digits of any script, `-` and `_` kept,
/// anything else (spaces, quotes, `#`, `%`) made a hyphen, so the id is also a plain fragment.
fn id_safe(label: &str) -> String {
    label
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_plain_fragments() {
        assert_eq!(id_safe("注释 一"), "注释-一");
        assert_eq!(id_safe("A\"b%"), "a-b-");
        assert_eq!(id_safe("p-2"), "p-2");
    }

    #[test]
    fn free_ids_skip_taken_ones() {
        let mut used: HashSet<String> = ["x".to_string(), "x-2".to_string()].into();
        assert_eq!(free_id("x".into(), &mut used), "x-3");
        assert_eq!(free_id("y".into(), &mut used), "y");
    }
}
