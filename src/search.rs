//! The search index: a compact JSON file of every district, county and article page, loaded by
//! `search.js` on first use. Chinese has no spaces, so the client searches by characters and
//! character bigrams over these texts, not by whitespace-separated words.

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

/// One page as a JSON array, `[title, url, kind, keys (space-separated), text]` (arrays keep the
/// file small). Kept per article between rebuilds, so that an edit re-encodes one article only.
pub fn doc_json(doc: &Doc) -> String {
    let row = (doc.title, doc.url, doc.kind, doc.keys.join(" "), doc.text);
    serde_json::to_string(&row).expect("strings always serialise")
}

/// The index, from pages already encoded with [`doc_json`].
pub fn index_from_json<'a>(docs: impl IntoIterator<Item = &'a str> + Clone) -> String {
    // Sized exactly up front: the index of a large site runs to megabytes, and growing by
    // doubling would hold up to twice that at the build's busiest moment.
    let size: usize = docs.clone().into_iter().map(|doc| doc.len() + 1).sum();
    let mut out = String::with_capacity(size + 32);
    out.push_str(&format!("{{\"v\":{FORMAT},\"docs\":["));
    for (i, doc) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(doc);
    }
    out.push_str("]}");
    out
}

/// The index as JSON.
pub fn index_json(docs: &[Doc]) -> String {
    let encoded: Vec<String> = docs.iter().map(doc_json).collect();
    index_from_json(encoded.iter().map(String::as_str))
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
