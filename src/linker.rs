//! Finding mentions of units in text: one Aho–Corasick automaton over every name and alias,
//! built once per build, so that linking costs time linear in the text.
//!
//! Names repeat across the country (高新区 in dozens of cities). A name that names one unit of
//! the site always links to it. A name that names several links only where the article decides
//! which: first by its scope (the `units` its front matter lists: a candidate that is one of
//! them or inside one of them), then by a parent named before it in the same run of text
//! (珠海市高新区, or 珠海市……高新区). Otherwise it stays plain text, and the mention is kept
//! in [`Linker::unresolved`] for the build to warn about.

use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::network::{Network, UnitId};

/// Anything with its own page that text can mention: a unit of the network.
pub type EntityId = UnitId;

/// One mention: a byte range of the searched text and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
}

/// A mention of a name that names several units, which nothing in the article decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub name: String,
    pub candidates: Vec<UnitId>,
}

/// The names of one build, shared by every article's [`Linker`].
#[derive(Debug)]
struct Names {
    automaton: Option<AhoCorasick>,
    /// The same names for overlapping search: when the longest match at a place is refused by the
    /// whole-word rule, a shorter name starting at the same place may still be a mention. Built
    /// on first need: most sites never refuse a match.
    overlapping: OnceLock<Option<AhoCorasick>>,
    patterns: Vec<String>,
    /// Per pattern, the units it names, sorted.
    targets: Vec<Box<[UnitId]>>,
    /// For units that share a name: the unit and its ancestors, to decide between them.
    lineage: ahash::AHashMap<UnitId, Vec<UnitId>>,
    /// Per pattern, phrases it is never linked inside (the `avoid` of the units it names).
    avoid: Vec<Vec<String>>,
}

/// Finds unit names in text; where names overlap, the longest wins (务川仡佬族苗族自治县 before
/// 务川县), and the leftmost match is taken first.
#[derive(Debug, Clone)]
pub struct Linker {
    names: Arc<Names>,
    /// The units the article says it is about.
    scope: Vec<UnitId>,
    unresolved: Arc<Mutex<Vec<Unresolved>>>,
}

impl Linker {
    /// Every name and alias of every unit of `network`.
    pub fn new(network: &Network) -> Self {
        let names = network
            .unit_ids()
            .flat_map(|id| network.unit(id).names().map(move |name| (name, id)));
        let mut linker = Self::from_names(names);
        let names = Arc::get_mut(&mut linker.names).expect("not shared yet");
        let shared: Vec<UnitId> = names
            .targets
            .iter()
            .filter(|t| t.len() > 1)
            .flat_map(|t| t.iter().copied())
            .collect();
        for id in shared {
            let mut lineage = network.ancestors(id);
            lineage.push(id);
            names.lineage.insert(id, lineage);
        }
        let guarded = network.units.iter().filter(|u| !u.avoid.is_empty());
        if guarded.clone().next().is_some() {
            let index: ahash::AHashMap<&str, usize> = names
                .patterns
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), i))
                .collect();
            let mut avoid = vec![Vec::new(); names.patterns.len()];
            for unit in guarded {
                for name in unit.names() {
                    let phrases = unit.avoid.iter().filter(|p| p.contains(name)).cloned();
                    avoid[index[name]].extend(phrases);
                }
            }
            names.avoid = avoid;
        }
        linker
    }

    /// A linker over arbitrary `(name, unit)` pairs; empty names are ignored, and a name given
    /// for several units names all of them.
    pub fn from_names<'a>(names: impl IntoIterator<Item = (&'a str, EntityId)>) -> Self {
        let mut by_name: ahash::AHashMap<&str, Vec<UnitId>> = ahash::AHashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (name, id) in names.into_iter().filter(|(name, _)| !name.is_empty()) {
            let targets = by_name.entry(name).or_insert_with(|| {
                order.push(name);
                Vec::new()
            });
            if !targets.contains(&id) {
                targets.push(id);
            }
        }
        let targets = order
            .iter()
            .map(|name| {
                let mut ids = by_name.remove(name).unwrap_or_default();
                ids.sort_unstable();
                ids.into_boxed_slice()
            })
            .collect();
        Linker {
            names: Arc::new(Names {
                automaton: build_automaton(&order, MatchKind::LeftmostLongest),
                overlapping: OnceLock::new(),
                patterns: order.into_iter().map(str::to_string).collect(),
                targets,
                lineage: ahash::AHashMap::new(),
                avoid: Vec::new(),
            }),
            scope: Vec::new(),
            unresolved: Arc::default(),
        }
    }

    /// The same names, for an article about `scope`, with a fresh list of unresolved mentions.
    pub fn for_article(&self, scope: Vec<UnitId>) -> Linker {
        Linker {
            names: Arc::clone(&self.names),
            scope,
            unresolved: Arc::default(),
        }
    }

    /// The mentions this linker could not decide, in the order met.
    pub fn unresolved(&self) -> Vec<Unresolved> {
        self.unresolved.lock().expect("unresolved lock").clone()
    }

    /// Every mention in `text`, in order, never overlapping. A name that starts or ends with a
    /// latin letter or digit only matches as a whole word, so "Tongzi" does not match in "Tongzis";
    /// a match refused that way uses up only its first character, so names after it are found.
    pub fn mentions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Mention> + 't {
        let mut from = 0;
        let mut earlier: Vec<UnitId> = Vec::new();
        std::iter::from_fn(move || {
            let names = &*self.names;
            let automaton = names.automaton.as_ref()?;
            // Ends when no name is left from `from` on (at the end of the text, an empty span).
            loop {
                let found = automaton.find(Input::new(text).span(from..text.len()))?;
                let accepted = if !is_whole_word(text, found.start(), found.end()) {
                    self.shorter_whole_word(text, found)
                } else if self.avoided(text, found) {
                    None
                } else {
                    Some(found)
                };
                if let Some(found) = accepted {
                    from = found.end();
                    let candidates = &names.targets[found.pattern().as_usize()];
                    match self.decide(candidates, &earlier) {
                        Some(entity) => {
                            earlier.push(entity);
                            return Some(Mention {
                                start: found.start(),
                                end: found.end(),
                                entity,
                            });
                        }
                        None => {
                            self.unresolved
                                .lock()
                                .expect("unresolved lock")
                                .push(Unresolved {
                                    name: text[found.start()..found.end()].to_string(),
                                    candidates: candidates.to_vec(),
                                });
                            continue;
                        }
                    }
                }
                let first = text[found.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                from = found.start() + first;
            }
        })
    }

    /// Which of the units a name names is meant here: the only one; else the only one inside
    /// the article's scope; else the only one under the nearest unit mentioned before it.
    fn decide(&self, candidates: &[UnitId], earlier: &[UnitId]) -> Option<UnitId> {
        if let [only] = candidates {
            return Some(*only);
        }
        let lineage = |id: &UnitId| self.names.lineage.get(id).map_or(&[][..], Vec::as_slice);
        let only = |keep: &dyn Fn(&UnitId) -> bool| {
            let mut kept = candidates.iter().filter(|c| keep(c));
            match (kept.next(), kept.next()) {
                (Some(one), None) => Some(*one),
                _ => None,
            }
        };
        if let Some(id) = only(&|c| lineage(c).iter().any(|a| self.scope.contains(a))) {
            return Some(id);
        }
        earlier
            .iter()
            .rev()
            .find_map(|parent| only(&|c| *c != *parent && lineage(c).contains(parent)))
    }

    /// Whether `found` lies inside a phrase its name must not be linked in (大方 in 大方向).
    fn avoided(&self, text: &str, found: aho_corasick::Match) -> bool {
        let names = &*self.names;
        let Some(phrases) = names.avoid.get(found.pattern().as_usize()) else {
            return false;
        };
        let name = &names.patterns[found.pattern().as_usize()];
        phrases.iter().any(|phrase| {
            phrase.match_indices(name.as_str()).any(|(at, _)| {
                found.start().checked_sub(at).is_some_and(|from| {
                    text.get(from..)
                        .is_some_and(|rest| rest.starts_with(phrase.as_str()))
                })
            })
        })
    }

    /// The longest name that starts where `refused` does, ends before it, and is a whole word.
    fn shorter_whole_word(
        &self,
        text: &str,
        refused: aho_corasick::Match,
    ) -> Option<aho_corasick::Match> {
        let names = &*self.names;
        let overlapping = names
            .overlapping
            .get_or_init(|| build_automaton(&names.patterns, MatchKind::Standard))
            .as_ref()?;
        let input = Input::new(text).span(refused.start()..refused.end());
        overlapping
            .find_overlapping_iter(input)
            // The refused match itself is not a whole word, and no other name has its text.
            .filter(|m| m.start() == refused.start())
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
    use std::path::Path;

    fn unit(i: u32) -> EntityId {
        UnitId(i)
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
            ("务川仡佬族苗族自治县", unit(0)),
            ("务川县", unit(0)),
            ("务川", unit(1)),
        ]);
        assert_eq!(
            found(&linker, "香洲区与凤冈县、务川仡佬族苗族自治县结对，务川县"),
            [("务川仡佬族苗族自治县", unit(0)), ("务川县", unit(0))]
        );
    }

    #[test]
    fn latin_names_match_whole_words_only() {
        let linker = Linker::from_names([("Tongzi", unit(0))]);
        assert_eq!(
            found(&linker, "Tongzis Tongzi 桐梓Tongzi"),
            [("Tongzi", unit(0)), ("Tongzi", unit(0))]
        );
    }

    #[test]
    fn a_refused_latin_match_does_not_hide_the_names_after_it() {
        let linker = Linker::from_names([("x务川", unit(0)), ("务川县", unit(1))]);
        assert_eq!(found(&linker, "ax务川县"), [("务川县", unit(1))]);
    }

    #[test]
    fn a_refused_longer_name_leaves_room_for_a_shorter_one_at_the_same_place() {
        let linker = Linker::from_names([("。a", unit(0)), ("。", unit(1))]);
        assert_eq!(found(&linker, "。ab"), [("。", unit(1))]);
    }

    /// Only a name starting where the refused match does stands in for it; one starting inside
    /// it waits for the search from the next character, which may find a longer name there.
    #[test]
    fn a_shorter_name_starting_inside_a_refused_match_does_not_stand_in_for_it() {
        let linker = Linker::from_names([("x甲乙", unit(0)), ("甲", unit(1)), ("甲乙丙", unit(2))]);
        assert_eq!(found(&linker, "ax甲乙丙"), [("甲乙丙", unit(2))]);
        assert_eq!(found(&linker, "ax甲乙"), [("甲", unit(1))]);
    }

    #[test]
    fn no_names_finds_nothing() {
        let linker = Linker::from_names([]);
        assert!(found(&linker, "横琴新区").is_empty());
    }

    /// Two cities, each with a 高新区.
    const TWO_ZONES: &str = r#"
title = "t"
[[units]]
slug = "a"
name = "甲市"
kind = "地级市"
side = "east"
[[units]]
slug = "a-gaoxin"
name = "高新区"
kind = "功能区"
parent = "a"
[[units]]
slug = "b"
name = "乙市"
kind = "地级市"
side = "east"
[[units]]
slug = "b-gaoxin"
name = "高新区"
kind = "功能区"
parent = "b"
"#;

    fn zones() -> (Network, Linker) {
        let network = crate::network::parse(Path::new("p.toml"), TWO_ZONES).unwrap();
        let linker = Linker::new(&network);
        (network, linker)
    }

    #[test]
    fn a_shared_name_is_left_unlinked_and_reported_when_nothing_decides() {
        let (_, linker) = zones();
        let article = linker.for_article(Vec::new());
        assert!(found(&article, "高新区开工").is_empty());
        assert_eq!(
            article.unresolved(),
            [Unresolved {
                name: "高新区".into(),
                candidates: vec![unit(1), unit(3)]
            }]
        );
        assert!(
            linker.unresolved().is_empty(),
            "each article has its own list"
        );
    }

    #[test]
    fn the_article_scope_decides_a_shared_name() {
        let (_, linker) = zones();
        let about_b = linker.for_article(vec![unit(2)]);
        assert_eq!(found(&about_b, "高新区开工"), [("高新区", unit(3))]);
        let about_the_zone = linker.for_article(vec![unit(1)]);
        assert_eq!(found(&about_the_zone, "高新区"), [("高新区", unit(1))]);
        assert!(about_b.unresolved().is_empty());
    }

    #[test]
    fn a_name_is_not_linked_inside_the_phrases_its_unit_avoids() {
        let text = r#"
title = "t"
[[units]]
slug = "bijie"
name = "毕节市"
kind = "地级市"
side = "west"
[[units]]
slug = "dafang"
name = "大方县"
kind = "县"
parent = "bijie"
aliases = ["大方"]
avoid = ["大方向", "落落大方"]
"#;
        let network = crate::network::parse(Path::new("p.toml"), text).unwrap();
        let linker = Linker::new(&network);
        assert_eq!(
            found(&linker, "大方县把握大方向，落落大方；大方的茶"),
            [("大方县", unit(1)), ("大方", unit(1))]
        );
        let bad = text.replace("\"落落大方\"", "\"落落\"");
        let err = crate::network::parse(Path::new("p.toml"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"落落\" in avoid of \"dafang\" does not contain a name of the unit"),
            "{err}"
        );
    }

    #[test]
    fn a_parent_named_before_decides_a_shared_name() {
        let (_, linker) = zones();
        let article = linker.for_article(Vec::new());
        assert_eq!(
            found(&article, "甲市高新区与乙市的高新区"),
            [
                ("甲市", unit(0)),
                ("高新区", unit(1)),
                ("乙市", unit(2)),
                ("高新区", unit(3))
            ]
        );
        assert!(article.unresolved().is_empty());
    }
}
