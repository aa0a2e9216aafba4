//! The data file as written, before validation: the network form's serde shapes, with the
//! position of every value a message may need to point at.

use serde::Deserialize;
use toml::Spanned;

use super::period::RawDate;

/// The network form: units in trees and the pairings between them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    #[serde(deserialize_with = "crate::source::published")]
    pub title: String,
    #[serde(default, deserialize_with = "crate::source::published")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    pub principles: Vec<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    pub areas: Vec<String>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    #[serde(default)]
    pub pairings: Vec<RawPairing>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub slug: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    pub name: Spanned<String>,
    #[serde(deserialize_with = "crate::source::published")]
    pub kind: Spanned<String>,
    /// The slug of the unit it belongs to.
    pub parent: Option<Spanned<String>>,
    /// `east` or `west`; required at the top of a tree, inherited below.
    pub side: Option<Spanned<String>>,
    /// `province`, `prefecture` or `county`, where the kind and the tree do not tell.
    pub level: Option<Spanned<String>>,
    /// The six-digit GB/T 2260 code, as a string or a number.
    pub code: Option<Spanned<RawCode>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    pub aliases: Vec<Spanned<String>>,
    /// Phrases a name of the unit must not be linked inside (大方向 for 大方).
    #[serde(default)]
    pub avoid: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawCode {
    Number(i64),
    Text(String),
}

impl RawCode {
    pub fn text(&self) -> String {
        match self {
            RawCode::Number(n) => n.to_string(),
            RawCode::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPairing {
    /// The eastern unit's slug.
    pub east: Spanned<String>,
    /// The western unit's slug, or several that pair with `east` alike.
    pub west: Spanned<OneOrMany>,
    #[serde(deserialize_with = "crate::source::published")]
    pub relation: Spanned<String>,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    /// Ended at a date the source does not give.
    #[serde(default)]
    pub ended: bool,
    /// The slug of the article that states the pairing.
    pub source: Option<Spanned<String>>,
    /// How many county-level units it covered, where the source gives no names.
    pub counties: Option<Spanned<i64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(one) => vec![one.as_str()],
            OneOrMany::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Spanned<RawDate>,
    pub end: Option<Spanned<RawDate>>,
    #[serde(deserialize_with = "crate::source::published")]
    pub text: String,
}

/// Moves a value's recorded position `by` bytes on: from a piece of the file to the whole file.
pub fn shifted<T>(spanned: Spanned<T>, by: usize) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

impl RawUnit {
    pub fn shift(self, by: usize) -> RawUnit {
        let moved = |s: Spanned<String>| shifted(s, by);
        RawUnit {
            slug: moved(self.slug),
            name: moved(self.name),
            kind: moved(self.kind),
            parent: self.parent.map(moved),
            side: self.side.map(moved),
            level: self.level.map(moved),
            code: self.code.map(|c| shifted(c, by)),
            aliases: self.aliases.into_iter().map(moved).collect(),
            avoid: self.avoid.into_iter().map(moved).collect(),
            description: self.description,
        }
    }
}

impl RawPairing {
    pub fn shift(self, by: usize) -> RawPairing {
        RawPairing {
            east: shifted(self.east, by),
            west: shifted(self.west, by),
            relation: shifted(self.relation, by),
            start: self.start.map(|d| shifted(d, by)),
            end: self.end.map(|d| shifted(d, by)),
            source: self.source.map(|s| shifted(s, by)),
            counties: self.counties.map(|c| shifted(c, by)),
            ended: self.ended,
        }
    }
}

impl RawEvent {
    pub fn shift(self, by: usize) -> RawEvent {
        RawEvent {
            date: shifted(self.date, by),
            end: self.end.map(|d| shifted(d, by)),
            text: self.text,
        }
    }
}
