//! Areas and tags: the cooperation areas of the data (劳务协作, 招商协作 …) that articles say they
//! report on, and free tags. Each gets a page listing its articles, at a slug made from its
//! name.
//!
//! **The slug rule.** Names are Chinese, URLs had better be ASCII (they survive being pasted
//! into chat apps and mail, and folder names on every host), so a name's slug is its pinyin:
//! each Chinese character's commonest reading without tones, one syllable per character,
//! syllables and runs of latin letters and digits joined by `-`, everything else a break
//! (劳务协作 → `lao-wu-xie-zuo`, 2021年 → `2021-nian`, ü written `v`). It is the rule Zola's
//! default slugify follows, so a site moved from Zola keeps most of its tag URLs. A character
//! with several readings gets its commonest one, which may not be the word's (调整 → `diao-zheng`);
//! where a reading is wrong or a shorter slug is wanted, `[slugs]` in `xiezuo.toml` names it
//! (`"结对调整" = "jie-dui-tiao-zheng"`). Two names with one slug are an error, never a silent
//! merge.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::Article;
use crate::error::{Diagnostic, Position};
use crate::network;
use crate::types::Slug;

/// The URL folder of area pages: `/areas/<slug>/`.
pub const AREAS: &str = "areas";
/// The URL folder of tag pages: `/tags/<slug>/`.
pub const TAGS: &str = "tags";
/// The folder under a list that holds its later pages (`/articles/page/2/`); no article, area
/// or tag may take it as its slug.
pub const PAGE_FOLDER: &str = "page";

/// An area or a tag, and the articles that name it.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: Slug,
    /// Indices into the site's articles, newest first.
    pub articles: Vec<usize>,
}

/// The site's areas (every one of the data, in its order) and tags (by slug).
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub areas: Vec<Term>,
    pub tags: Vec<Term>,
}

/// The slug of `name` by the rule above, or `None` when it has no letter, digit or Chinese
/// character to make one of.
pub fn pinyin_slug(name: &str) -> Option<Slug> {
    use pinyin::ToPinyin;
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        if let Some(reading) = reading {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            words.push(reading.plain().replace('ü', "v"));
        } else if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Slug::parse(&words.join("-")).ok()
}

/// The slug of an area or tag `name`: the one `[slugs]` gives, else the pinyin rule's.
fn slug_of(config: &Config, name: &str) -> Option<Slug> {
    match config.slugs.get(name) {
        Some((slug, _)) => Some(slug.clone()),
        None => pinyin_slug(name),
    }
}

/// Every `areas` entry of every article (drafts too) names an area of the data.
pub fn check_areas(network: &network::Network, articles: &[Article]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for article in articles {
        for (name, position) in &article.areas {
            if network.areas.iter().any(|a| a == name) {
                continue;
            }
            let listed = network.areas.join("、");
            let help = match nearest(name, network.areas.iter().map(String::as_str)) {
                Some(near) => format!("did you mean \"{near}\"? The areas are those of content/pairings.toml: {listed}"),
                None if listed.is_empty() => "content/pairings.toml lists no areas: add it to its `areas`, or name it in `tags`".into(),
                None => format!("name one of the areas of content/pairings.toml ({listed}), add it there, or make it a tag"),
            };
            problems.push(
                Diagnostic::new(
                    &article.path,
                    Some(*position),
                    format!("unknown area \"{name}\" in areas"),
                )
                .with_help(help),
            );
        }
    }
    problems
}

/// The known name nearest to `wanted`, if it differs in at most a third of its characters (a
/// Chinese name of four characters in one): counted in characters, so that two four-character
/// names with nothing in common are not offered as each other's correction.
fn nearest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|name| (strsim::damerau_levenshtein(wanted, name), name))
        .filter(|&(distance, name)| distance <= 1.max(name.chars().count() / 3))
        .min()
        .map(|(_, name)| name)
}

/// Warnings for `[slugs]` entries that name no area or tag: most often a misspelt name, whose
/// page then keeps its pinyin slug.
pub fn unused_slugs(config: &Config, terms: &Taxonomies) -> Vec<Diagnostic> {
    let names = || {
        terms
            .areas
            .iter()
            .chain(&terms.tags)
            .map(|t| t.name.as_str())
    };
    config
        .slugs
        .iter()
        .filter(|(name, _)| !names().any(|n| n == name.as_str()))
        .map(|(name, (_, position))| {
            let help = match nearest(name, names()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => "name an area of content/pairings.toml or a tag of an article, or remove the entry".into(),
            };
            Diagnostic::new(
                &config.file,
                Some(*position),
                format!("[slugs] \"{name}\" names no area or tag"),
            )
            .with_help(help)
        })
        .collect()
}

/// The areas and tags of the published `articles` (newest first), with their slugs; two names
/// with one slug, or a name with none, are reported.
pub fn collect(
    config: &Config,
    pairings: &std::path::Path,
    network: &network::Network,
    articles: &[Article],
) -> Result<Taxonomies, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut areas = Vec::new();
    let mut area_slugs: BTreeMap<Slug, String> = BTreeMap::new();
    for name in &network.areas {
        let Some(slug) = slug_of(config, name) else {
            problems.push(no_slug(pairings, None, name));
            continue;
        };
        if let Some(other) = area_slugs.insert(slug.clone(), name.clone()) {
            problems.push(
                Diagnostic::new(
                    pairings,
                    None,
                    format!("areas \"{other}\" and \"{name}\" would both have the page /{AREAS}/{slug}/"),
                )
                .with_help(format!("give one its own slug in xiezuo.toml: [slugs] \"{name}\" = \"…\"")),
            );
            continue;
        }
        let named = |a: &Article| a.areas.iter().any(|(n, _)| n == name);
        areas.push(Term {
            name: name.clone(),
            articles: (0..articles.len())
                .filter(|&i| named(&articles[i]))
                .collect(),
            slug,
        });
    }
    let mut tags: BTreeMap<Slug, (Term, &std::path::Path, Position)> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for (name, position) in &article.tags {
            let Some(slug) = slug_of(config, name).filter(|s| s.as_str() != PAGE_FOLDER) else {
                problems.push(no_slug(&article.path, Some(*position), name));
                continue;
            };
            let entry = tags.entry(slug.clone()).or_insert_with(|| {
                let term = Term {
                    name: name.clone(),
                    slug: slug.clone(),
                    articles: Vec::new(),
                };
                (term, &article.path, *position)
            });
            if entry.0.name != *name {
                problems.push(
                    Diagnostic::new(
                        &article.path,
                        Some(*position),
                        format!(
                            "tag \"{name}\" would have the page /{TAGS}/{slug}/ of tag \"{}\" ({}:{}:{})",
                            entry.0.name,
                            entry.1.display(),
                            entry.2.line,
                            entry.2.column
                        ),
                    )
                    .with_help(format!("write the tag as \"{}\", or give one its own slug in xiezuo.toml: [slugs] \"{name}\" = \"…\"", entry.0.name)),
                );
            } else if entry.0.articles.last() != Some(&i) {
                entry.0.articles.push(i);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Taxonomies {
        areas,
        tags: tags.into_values().map(|(term, _, _)| term).collect(),
    })
}

fn no_slug(path: &std::path::Path, position: Option<Position>, name: &str) -> Diagnostic {
    Diagnostic::new(
        path,
        position,
        format!("\"{name}\" gives no usable page slug (it has no Chinese character, letter or digit, or its slug is \"{PAGE_FOLDER}\")"),
    )
    .with_help(format!("give it a slug in xiezuo.toml: [slugs] \"{name}\" = \"…\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(name: &str) -> Option<String> {
        pinyin_slug(name).map(|s| s.as_str().to_string())
    }

    #[test]
    fn corrections_are_offered_only_for_near_names() {
        let areas = ["劳务协作", "招商协作", "消费协作", "文旅协作"];
        assert_eq!(nearest("文化协作", areas.into_iter()), Some("文旅协作"));
        assert_eq!(nearest("医疗卫生", areas.into_iter()), None);
        assert_eq!(nearest("教育协作", areas.into_iter()), None);
    }

    #[test]
    fn chinese_names_get_one_pinyin_syllable_per_character() {
        assert_eq!(slug("劳务协作").as_deref(), Some("lao-wu-xie-zuo"));
        assert_eq!(slug("文旅协作").as_deref(), Some("wen-lv-xie-zuo"));
        assert_eq!(slug("2021年 结对").as_deref(), Some("2021-nian-jie-dui"));
        // The commonest reading, not the one the word needs: why `[slugs]` exists.
        assert_eq!(slug("调整").as_deref(), Some("diao-zheng"));
        assert_eq!(slug("C919大飞机").as_deref(), Some("c919-da-fei-ji"));
        assert_eq!(slug("！？"), None);
    }
}
