//! What the Hugo site gets ready-made: which blocks of which articles mention each unit, and
//! what each article mentions. Found with xiezuo's own network loader, linker (leftmost-longest
//! over every name and alias, shared names decided by the article's `units`) and Markdown
//! pass, so the blocks and their ids are the ones xiezuo quotes.

use std::io;
use std::path::Path;

use rayon::prelude::*;
use xiezuo::internals::linker::{EntityId, Linker};
use xiezuo::internals::markdown::{self, Block};
use xiezuo::internals::network::UnitId;
use xiezuo::internals::MarkdownSettings;

use crate::model::Site;

pub struct Mentions {
    /// Per article: the blocks (paragraphs, list items) that mention something.
    pub blocks: Vec<Vec<Block>>,
    /// Per unit (by its index in the data file): `(article, block)` pairs, newest article
    /// first as xiezuo lists quotes.
    pub units: Vec<Vec<(usize, usize)>>,
    /// Per article: the units it mentions, in data-file order.
    pub mentioned: Vec<Vec<EntityId>>,
}

impl Mentions {
    /// `pairings` is the data file's text as written for xiezuo.
    pub fn find(site: &Site, pairings: &str) -> io::Result<Mentions> {
        let network = xiezuo::internals::network::parse(Path::new("pairings.toml"), pairings)
            .map_err(|err| io::Error::other(format!("xiezuo refuses the generated data: {err}")))?;
        let linker = Linker::new(&network);
        let slug_index = |slug: &str| {
            site.network
                .units
                .iter()
                .position(|u| u.slug == slug)
                .map(|i| UnitId(i as u32))
        };
        let blocks: Vec<Vec<Block>> = site
            .articles
            .par_iter()
            .map(|a| {
                let scope = a.units.iter().filter_map(|s| slug_index(s)).collect();
                let linker = linker.for_article(scope);
                markdown::render(&a.body, MarkdownSettings::default(), &linker, &|_| {
                    String::new()
                })
                .quotable
            })
            .collect();
        Ok(Mentions::index(site, blocks))
    }

    /// Files each block under the units it mentions, articles newest first.
    pub fn index(site: &Site, blocks: Vec<Vec<Block>>) -> Mentions {
        // xiezuo's article order: newest first, then by slug.
        let mut newest_first: Vec<usize> = (0..site.articles.len()).collect();
        newest_first.sort_by(|&a, &b| {
            let (a, b) = (&site.articles[a], &site.articles[b]);
            b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
        });
        let mut mentions = Mentions {
            blocks,
            units: vec![Vec::new(); site.network.units.len()],
            mentioned: vec![Vec::new(); site.articles.len()],
        };
        for article in newest_first {
            let mut all = Vec::new();
            for (index, block) in mentions.blocks[article].iter().enumerate() {
                let mut seen: Vec<EntityId> = block.mentions.iter().map(|m| m.entity).collect();
                seen.sort();
                seen.dedup();
                for &entity in &seen {
                    mentions.units[entity.0 as usize].push((article, index));
                }
                all.extend(seen);
            }
            all.sort();
            all.dedup();
            mentions.mentioned[article] = all;
        }
        mentions
    }
}

/// A quoted block as Hugo's quote list shows it: plain and marked runs in turn, plain first and
/// last, `entity`'s mentions marked and trailing space dropped (xiezuo's `quote_html`, unescaped).
pub fn quote_runs(block: &Block, entity: EntityId) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut written = 0;
    for mention in block.mentions.iter().filter(|m| m.entity == entity) {
        runs.push(&block.text[written..mention.start]);
        runs.push(&block.text[mention.start..mention.end]);
        written = mention.end;
    }
    runs.push(block.text[written..].trim_end());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Size;

    #[test]
    fn hugo_quotes_rejoin_to_the_paragraph_and_mark_only_their_unit() {
        let site = Site::generate(Size::preset("1k").unwrap(), 5);
        let mut text = Vec::new();
        crate::xiezuo_site::pairings::write(&mut text, &site, 5).unwrap();
        let mentions = Mentions::find(&site, &String::from_utf8(text).unwrap()).unwrap();
        let mut quoted = 0;
        for (id, quotes) in mentions.units.iter().enumerate() {
            let names: Vec<&str> = site.network.units[id].names().collect();
            for &(a, b) in quotes {
                let block = &mentions.blocks[a][b];
                let runs = quote_runs(block, UnitId(id as u32));
                assert_eq!(runs.len() % 2, 1);
                assert_eq!(runs.concat(), block.text.trim_end());
                for marked in runs.iter().skip(1).step_by(2) {
                    assert!(names.contains(marked), "{marked}");
                }
                quoted += 1;
            }
        }
        assert!(quoted > 0);
        // The shared name is decided by the article's scope, as in xiezuo.
        for &zone in &site.network.shared {
            assert!(!mentions.units[zone].is_empty(), "{zone} is quoted");
        }
    }
}
