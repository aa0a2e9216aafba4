//! Reading the data file: which form it is in, parsing it (a large network file in pieces on
//! every core), and the problem list that validation fills.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::raw::{RawEvent, RawNetwork, RawPairing, RawUnit};
use super::resolve::{resolve, Form};
use super::{legacy, Network};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::source;
use crate::types::Slug;

/// Reads and validates the data file.
pub fn load(path: &Path) -> Result<Network> {
    let text = source::read_text(path)?;
    parse(path, &text)
}

/// Validates data already in memory; `path` is used in messages.
pub fn parse(path: &Path, text: &str) -> Result<Network> {
    let mut problems = Problems {
        path,
        text,
        found: Vec::new(),
    };
    let network = if is_first_form(text) {
        let raw = source::parse_toml(path, text, 1).map_err(Error::invalid)?;
        let converted = legacy::convert(raw, &mut problems);
        resolve(converted, Form::FirstForm, &mut problems)
    } else {
        let raw = match parse_in_parallel(text) {
            Some(raw) => raw,
            None => source::parse_toml(path, text, 1).map_err(Error::invalid)?,
        };
        resolve(raw, Form::Network, &mut problems)
    };
    if problems.found.is_empty() {
        Ok(network)
    } else {
        Err(Error::Invalid(Diagnostics(problems.found)))
    }
}

/// The first form has `[[districts]]`/`[[counties]]` tables and an `east` city; the network
/// form has `[[units]]`. A file with neither is read as the network form, whose messages then
/// say what is missing.
fn is_first_form(text: &str) -> bool {
    let starts = |line: &str, key: &str| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', ']', '.']))
    };
    let mut first_form = false;
    for line in text.lines().map(str::trim_start) {
        if ["[[units", "units", "[[pairings", "pairings"]
            .iter()
            .any(|key| starts(line, key))
        {
            return false;
        }
        if [
            "[[districts",
            "districts",
            "[[counties",
            "counties",
            "[east",
            "east",
            "[west",
            "west",
        ]
        .iter()
        .any(|key| starts(line, key))
        {
            first_form = true;
        }
    }
    first_form
}

/// Below this size the file is parsed in one go: splitting would cost more than it saves.
const PARALLEL_PARSE_BYTES: usize = 128 * 1024;

/// Lines that start a list entry of the network form; a file is cut only before one of these.
const ENTRY_HEADERS: [&[u8]; 3] = [b"[[units]]", b"[[pairings]]", b"[[events]]"];

/// Any later piece of a split network file: entries of the three lists only.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    #[serde(default)]
    units: Vec<RawUnit>,
    #[serde(default)]
    pairings: Vec<RawPairing>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

/// Parses a large network file in pieces on all cores: the file is cut before lines that start
/// a list entry, each piece is parsed alone, and the lists are joined in order with every
/// position moved back to its place in the whole file. `None` when the file is small or any
/// piece fails to parse (a cut inside a multi-line string leaves the piece before it
/// unterminated; a table that is not one of the lists is refused after the first piece): the
/// file is then parsed whole, which gives the same result or the error to report.
fn parse_in_parallel(text: &str) -> Option<RawNetwork> {
    if text.len() < PARALLEL_PARSE_BYTES {
        return None;
    }
    let pieces = rayon::current_num_threads().max(2) * 2;
    parse_in_pieces(text, text.len() / pieces)
}

/// [`parse_in_parallel`] with pieces of about `every` bytes.
fn parse_in_pieces(text: &str, every: usize) -> Option<RawNetwork> {
    use rayon::prelude::*;
    let cuts = entry_starts(text, every);
    let ranges: Vec<Range<usize>> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
        .map(|(start, end)| start..end)
        .collect();
    let (head, rest) = rayon::join(
        || toml::from_str::<RawNetwork>(&text[ranges[0].clone()]).ok(),
        || {
            ranges[1..]
                .par_iter()
                .map(|range| {
                    let lists: RawLists = toml::from_str(&text[range.clone()]).ok()?;
                    let by = range.start;
                    Some(RawLists {
                        units: lists.units.into_iter().map(|u| u.shift(by)).collect(),
                        pairings: lists.pairings.into_iter().map(|p| p.shift(by)).collect(),
                        events: lists.events.into_iter().map(|e| e.shift(by)).collect(),
                    })
                })
                .collect::<Option<Vec<RawLists>>>()
        },
    );
    let (mut head, rest) = (head?, rest?);
    for piece in rest {
        head.units.extend(piece.units);
        head.pairings.extend(piece.pairings);
        head.events.extend(piece.events);
    }
    Some(head)
}

/// Offsets of lines that start a list entry, about `every` bytes apart. Works on bytes, so
/// `every` may fall inside a character.
fn entry_starts(text: &str, every: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let starts_entry = |line: usize| {
        let rest = &bytes[line..];
        ENTRY_HEADERS.iter().any(|header| {
            rest.strip_prefix(*header)
                .is_some_and(|after| matches!(after.first(), Some(b'\n' | b'\r')))
        })
    };
    let mut cuts = Vec::new();
    let mut next = every.max(1);
    while next < bytes.len() {
        let found = memchr::memchr_iter(b'\n', &bytes[next..])
            .map(|i| next + i + 1)
            .find(|&line| starts_entry(line));
        match found {
            Some(cut) => {
                cuts.push(cut);
                next = cut + every.max(1);
            }
            None => break,
        }
    }
    cuts
}

/// Collects every independent problem so that one run reports them all.
pub struct Problems<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub found: Vec<Diagnostic>,
}

impl Problems<'_> {
    pub fn at(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        let position = source::span_start(self.text, span, 1);
        let mut diagnostic = Diagnostic::new(self.path, Some(position), message);
        diagnostic.help = help;
        self.found.push(diagnostic);
    }

    /// The line a span starts on; worked out only when a message needs it, since each costs a
    /// scan of the file.
    pub fn line_of(&self, span: Range<usize>) -> usize {
        self.position(span).line
    }

    pub fn position(&self, span: Range<usize>) -> crate::error::Position {
        source::span_start(self.text, span, 1)
    }

    pub fn slug(&mut self, raw: &Spanned<String>) -> Slug {
        Slug::parse(raw.get_ref()).unwrap_or_else(|message| {
            let help = suggest_slug(raw.get_ref());
            self.at(raw.span(), message, Some(help));
            Slug::parse("invalid").expect("a valid placeholder")
        })
    }
}

fn suggest_slug(text: &str) -> String {
    let ascii: String = text
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let trimmed = ascii.trim_matches('-');
    if trimmed.is_empty() {
        "use lowercase latin letters, digits and hyphens, such as the pinyin of the name".into()
    } else {
        format!("write it as \"{trimmed}\"")
    }
}
