//! The search index: a compact JSON file of every district, county and article page, loaded by
//! `search.js` on first use. Chinese has no spaces, so the client searches by characters and
//! character bigrams over these texts, not by whitespace-separated words.

use serde::Serialize;

pub const INDEX_FILE: &str = "search-index.json";

/// Bumped when the layout of a document changes, so an old `search.js` cannot misread it.
const FORMAT: u32 = 1;

/// One searchable page.
pub struct Doc<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// Shown beside the title: 区, 县, 报道…
    pub kind: &'a str,
    /// Other names it is found by: aliases, slug (pinyin), partner names.
    pub keys: Vec<&'a str>,
    pub text: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    /// `[title, url, kind, keys (space-separated), text]` per page: arrays keep the file small.
    docs: Vec<(&'a str, &'a str, &'a str, String, &'a str)>,
}

/// The index as JSON.
pub fn index_json(docs: &[Doc]) -> String {
    let index = Index {
        v: FORMAT,
        docs: docs
            .iter()
            .map(|d| (d.title, d.url, d.kind, d.keys.join(" "), d.text))
            .collect(),
    };
    serde_json::to_string(&index).expect("strings always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_become_compact_arrays_with_escaped_text() {
        let json = index_json(&[Doc {
            title: "务川仡佬族苗族自治县",
            url: "/counties/wuchuan/",
            kind: "自治县",
            keys: vec!["务川县", "wuchuan"],
            text: "\"引号\"</script>",
        }]);
        assert_eq!(
            json,
            r#"{"v":1,"docs":[["务川仡佬族苗族自治县","/counties/wuchuan/","自治县","务川县 wuchuan","\"引号\"</script>"]]}"#
        );
    }
}
