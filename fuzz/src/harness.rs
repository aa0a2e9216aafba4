//! One function per fuzz target. Each takes the raw fuzzer input, ignores input that is not
//! UTF-8 (the loaders only ever see decoded text) and panics on any broken invariant.
//!
//! This file is also compiled into `tests/fuzz_regressions.rs` with `#[path]`, so it may only
//! depend on `xiezuo` and std.

use std::path::Path;

use xiezuo::internals::linker::{EntityId, Linker};
use xiezuo::internals::network::UnitId;
use xiezuo::internals::MarkdownSettings;

/// The fuzz targets, by name, as `tests/fuzz_corpus/<name>/` is laid out.
pub const TARGETS: &[&str] = &["pairing_data", "article", "markdown_linking"];

/// Pairing data must load or be rejected, never panic.
pub fn pairing_data(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = xiezuo::internals::network::parse(Path::new("p.toml"), text);
}

/// An article file must parse or be rejected, never panic; a parsed body is a suffix of the file.
pub fn article(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(article) = xiezuo::internals::parse_article(Path::new("content/articles/a.md"), text)
    {
        assert!(
            text.ends_with(&article.body),
            "the body {:?} is not the end of the file",
            article.body
        );
    }
}

/// The most names the first line may give; more only slows the fuzzer down.
const MAX_NAMES: usize = 64;

/// The input's first line is a `|`-separated list of entity names, the rest is a Markdown body.
/// Rendering must never panic, never let `<script` or a script-running link through when raw
/// HTML is not allowed, and every recorded mention must be a range of its block's text that
/// spells one of the names.
pub fn markdown_linking(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (names_line, body) = text.split_once('\n').unwrap_or((text, ""));
    let names: Vec<&str> = names_line.split('|').take(MAX_NAMES).collect();
    let linker = Linker::from_names(names.iter().enumerate().map(|(i, name)| (*name, entity(i))));
    for allow_html in [false, true] {
        let rendered = xiezuo::internals::markdown::render(
            body,
            MarkdownSettings {
                allow_html,
                ..MarkdownSettings::default()
            },
            &linker,
            &href,
        );
        if !allow_html {
            assert_no_script(&rendered.html);
        }
        for block in &rendered.quotable {
            for mention in &block.mentions {
                let Some(spelled) = block.text.get(mention.start..mention.end) else {
                    panic!(
                        "mention {mention:?} is not a char range of block text {:?}",
                        block.text
                    );
                };
                let i = mention.entity.0 as usize;
                assert!(
                    i < names.len(),
                    "mention {mention:?} names an entity the linker was not given"
                );
                assert_eq!(spelled, names[i], "mention {mention:?} in {:?}", block.text);
            }
        }
    }
}

fn entity(i: usize) -> EntityId {
    UnitId(i as u32)
}

fn href(entity: EntityId) -> String {
    format!("/counties/c{}/", entity.0)
}

/// With raw HTML off, no script element and no `href`/`src` with a script-running scheme. Text
/// has every `<` escaped, so each `<…>` is a tag.
fn assert_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script element in {html}");
    for tag in lower.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        for attribute in [" href=\"", " src=\""] {
            for (at, _) in tag.match_indices(attribute) {
                let value = &tag[at + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !compact.starts_with(scheme),
                        "{scheme} URL in <{tag}>: {html}"
                    );
                }
            }
        }
    }
}
