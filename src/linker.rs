//! Finding mentions of districts and counties in text: one Aho–Corasick automaton over every
//! name and alias, built once per build, so that linking costs time linear in the text.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::data::{CountyId, DistrictId, Pairing};

/// A district or a county: anything with its own page that text can mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityId {
    District(DistrictId),
    County(CountyId),
}

/// One mention: a byte range of the searched text and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
}

/// Finds entity names in text; where names overlap, the longest wins (务川仡佬族苗族自治县 before
/// 务川县), and the leftmost match is taken first.
#[derive(Debug, Clone)]
pub struct Linker {
    automaton: Option<AhoCorasick>,
    /// The same names for overlapping search: when the longest match at a place is refused by the
    /// whole-word rule, a shorter name starting at the same place may still be a mention. Built
    /// on first need: most sites never refuse a match.
    overlapping: OnceLock<Option<AhoCorasick>>,
    patterns: Vec<String>,
    targets: Vec<EntityId>,
}

impl Linker {
    pub fn new(pairing: &Pairing) -> Self {
        let districts = pairing
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.as_str(), EntityId::District(DistrictId(i))));
        let counties = pairing.counties.iter().enumerate().flat_map(|(i, c)| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .map(move |name| (name, EntityId::County(CountyId(i))))
        });
        Self::from_names(districts.chain(counties))
    }

    /// A linker over arbitrary `(name, entity)` pairs; empty names are ignored.
    pub fn from_names<'a>(names: impl IntoIterator<Item = (&'a str, EntityId)>) -> Self {
        let (patterns, targets): (Vec<&str>, Vec<EntityId>) = names
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .unzip();
        Linker {
            automaton: build_automaton(&patterns, MatchKind::LeftmostLongest),
            overlapping: OnceLock::new(),
            patterns: patterns.into_iter().map(str::to_string).collect(),
            targets,
        }
    }

    /// Every mention in `text`, in order, never overlapping. A name that starts or ends with a
    /// latin letter or digit only matches as a whole word, so "Tongzi" does not match in "Tongzis";
    /// a match refused that way uses up only its first character, so names after it are found.
    pub fn mentions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Mention> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let automaton = self.automaton.as_ref()?;
            while from < text.len() {
                let found = automaton.find(Input::new(text).span(from..text.len()))?;
                let accepted = if is_whole_word(text, found.start(), found.end()) {
                    Some(found)
                } else {
                    self.shorter_whole_word(text, found)
                };
                if let Some(found) = accepted {
                    from = found.end();
                    return Some(Mention {
                        start: found.start(),
                        end: found.end(),
                        entity: self.targets[found.pattern().as_usize()],
                    });
                }
                let first = text[found.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                from = found.start() + first;
            }
            None
        })
    }
}

impl Linker {
    /// The longest name that starts where `refused` does, ends before it, and is a whole word.
    fn shorter_whole_word(
        &self,
        text: &str,
        refused: aho_corasick::Match,
    ) -> Option<aho_corasick::Match> {
        let overlapping = self
            .overlapping
            .get_or_init(|| build_automaton(&self.patterns, MatchKind::Standard))
            .as_ref()?;
        let input = Input::new(text).span(refused.start()..refused.end());
        overlapping
            .find_overlapping_iter(input)
            .filter(|m| m.start() == refused.start() && m.end() < refused.end())
            .filter(|m| is_whole_word(text, m.start(), m.end()))
            .max_by_key(|m| m.end())
    }
}

fn build_automaton<P: AsRef<[u8]>>(patterns: &[P], kind: MatchKind) -> Option<AhoCorasick> {
    (!patterns.is_empty()).then(|| {
        AhoCorasick::builder()
            .match_kind(kind)
            .build(patterns)
            .expect("names are plain strings and always build an automaton")
    })
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let word_char = |c: char| c.is_ascii_alphanumeric();
    let starts_word = text[start..].chars().next().is_some_and(word_char);
    let ends_word = text[..end].chars().next_back().is_some_and(word_char);
    let before_ok = !starts_word || !text[..start].chars().next_back().is_some_and(word_char);
    let after_ok = !ends_word || !text[end..].chars().next().is_some_and(word_char);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn county(i: usize) -> EntityId {
        EntityId::County(CountyId(i))
    }

    fn found<'a>(linker: &Linker, text: &'a str) -> Vec<(&'a str, EntityId)> {
        linker
            .mentions(text)
            .map(|m| (&text[m.start..m.end], m.entity))
            .collect()
    }

    #[test]
    fn longest_name_wins_over_an_alias_it_contains() {
        let linker = Linker::from_names([
            ("务川仡佬族苗族自治县", county(0)),
            ("务川县", county(0)),
            ("务川", county(1)),
        ]);
        assert_eq!(
            found(&linker, "香洲区与凤冈县、务川仡佬族苗族自治县结对，务川县"),
            [("务川仡佬族苗族自治县", county(0)), ("务川县", county(0))]
        );
    }

    #[test]
    fn latin_names_match_whole_words_only() {
        let linker = Linker::from_names([("Tongzi", county(0))]);
        assert_eq!(
            found(&linker, "Tongzis Tongzi 桐梓Tongzi"),
            [("Tongzi", county(0)), ("Tongzi", county(0))]
        );
    }

    #[test]
    fn a_refused_latin_match_does_not_hide_the_names_after_it() {
        let linker = Linker::from_names([("x务川", county(0)), ("务川县", county(1))]);
        assert_eq!(found(&linker, "ax务川县"), [("务川县", county(1))]);
    }

    #[test]
    fn a_refused_longer_name_leaves_room_for_a_shorter_one_at_the_same_place() {
        let linker = Linker::from_names([("。a", county(0)), ("。", county(1))]);
        assert_eq!(found(&linker, "。ab"), [("。", county(1))]);
    }

    #[test]
    fn no_names_finds_nothing() {
        let linker = Linker::from_names([]);
        assert!(found(&linker, "横琴新区").is_empty());
    }
}
