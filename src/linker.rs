//! Finding mentions of districts and counties in text: one Aho–Corasick automaton over every
//! name and alias, built once per build, so that linking costs time linear in the text.

use aho_corasick::{AhoCorasick, MatchKind};

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
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("names are plain strings and always build an automaton")
        });
        Linker { automaton, targets }
    }

    /// Every mention in `text`, in order, never overlapping. A name that starts or ends with a
    /// latin letter or digit only matches as a whole word, so "Tongzi" does not match in "Tongzis".
    pub fn mentions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Mention> + 't {
        self.automaton
            .iter()
            .flat_map(move |automaton| automaton.find_iter(text))
            .filter(move |m| is_whole_word(text, m.start(), m.end()))
            .map(|m| Mention {
                start: m.start(),
                end: m.end(),
                entity: self.targets[m.pattern().as_usize()],
            })
    }
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
    fn no_names_finds_nothing() {
        let linker = Linker::from_names([]);
        assert!(found(&linker, "横琴新区").is_empty());
    }
}
