//! The search index, split into fragments that `search.js` fetches on demand, so the first query
//! on a site of 100,000 pages downloads a few of them rather than the whole index.
//!
//! - `search-index.json`, the entry point: the format, the number of documents and fragments,
//!   and a version that changes with the contents (fragment URLs carry it, so a browser never
//!   mixes fragments of two builds).
//! - `search/g<N>.json`, the postings: for every gram (see [`text`]) whose hash falls in
//!   fragment N, the documents that have it, each with its weighted term frequency (BM25F, see
//!   below) and whether the gram is in the document's title or keys.
//! - `search/d<N>.json`, the documents: title, URL, kind, keys and text, in chunks of
//!   [`ENTITY_CHUNK`] small pages (home, lists, districts, counties) or [`ARTICLE_CHUNK`]
//!   articles, for showing results with the passage that matches.
//!
//! How many fragments there are depends only on how many pages of each kind the site has, so the
//! build knows every path before anything is rendered, and editing an article changes none.
//!
//! Ranking is BM25F. A document's fields are its title (weight [`W_TITLE`]), its keys: aliases,
//! slug and the pinyin of its names ([`W_KEYS`]), and its text ([`W_BODY`]). For each gram the
//! index stores `tf~ = Σ w_f · tf_f / (1 − b_f + b_f · len_f / avg_f)`, `avg_f` over the articles
//! for an article and over the other pages for the rest; `search.js` scores a
//! query term by the rarest-gram bound `tf = min over its grams of tf~`, with
//! `idf = ln(1 + (N − df + 0.5) / (df + 0.5))` and `score = idf · tf · (k1 + 1) / (tf + k1)` (k1 = 1.5),
//! summed over the query's terms, plus a bonus when the term is in the title or keys.

pub mod text;

use std::borrow::Cow;

use rayon::prelude::*;

use text::Gram;

use crate::types::OutputPath;

/// The entry point of the index, which the search box points at.
pub const INDEX_FILE: &str = "search-index.json";

/// Bumped when the layout of the files changes, so an old `search.js` cannot misread them.
const FORMAT: u32 = 2;

/// Documents per chunk among the small pages (home, lists, districts, counties).
pub const ENTITY_CHUNK: usize = 64;
/// Documents per chunk among the articles.
pub const ARTICLE_CHUNK: usize = 4;

pub const W_TITLE: f64 = 6.0;
pub const W_KEYS: f64 = 4.0;
pub const W_BODY: f64 = 1.0;
const B: [f64; 3] = [0.5, 0.5, 0.25];
const W: [f64; 3] = [W_TITLE, W_KEYS, W_BODY];
/// `tf~` is stored in units of 1/QUANTUM.
const QUANTUM: f64 = 4.0;

/// One searchable page.
pub struct Doc<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// Shown beside the title: 区, 县, 报道…
    pub kind: &'a str,
    /// Other names it is found by: aliases, slug (pinyin), partner names.
    pub keys: Vec<&'a str>,
    pub text: &'a str,
    /// Whether the pinyin of the title and keys is added to the keys (for districts and
    /// counties, so `meitan` or `mei tan` finds 湄潭县 whatever its slug).
    pub pinyin: bool,
}

/// One page, made ready for the index: kept per article between rebuilds, so that an edit
/// re-reads one article only.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `[title, url, kind, keys (space-separated), text]` as JSON.
    json: String,
    /// Every gram once, with its frequency in the title, keys and text, in no particular order.
    grams: Vec<(Gram, [u16; 3])>,
    /// Kept characters in the title, keys and text.
    lens: [u32; 3],
}

/// Reads one page for the index.
pub fn entry(doc: &Doc) -> Entry {
    let keys = keys_of(doc);
    let fields = [(doc.title, false), (keys.as_str(), true), (doc.text, false)];
    // Counted in a table rather than sorted: the order of a document's grams does not matter,
    // since each fragment groups its postings by gram.
    // Sized up front: growing the table as it fills cost a tenth of the index (callgrind).
    let mut counts: std::collections::HashMap<Gram, [u16; 3], GramHash> =
        std::collections::HashMap::with_capacity_and_hasher(
            fields.iter().map(|(v, _)| v.len() / 2).sum(),
            GramHash,
        );
    let mut lens = [0u32; 3];
    for (f, (value, names)) in fields.into_iter().enumerate() {
        // Titles and keys are short: they also give single characters. Keys are separate
        // names: grams do not run from one into the next.
        lens[f] = text::grams(value, f < 2, names, |gram| {
            let tf = counts.entry(gram).or_insert([0; 3]);
            tf[f] = tf[f].saturating_add(1);
        });
    }
    let row = (doc.title, doc.url, doc.kind, keys.as_str(), doc.text);
    Entry {
        json: serde_json::to_string(&row).expect("strings always serialise"),
        grams: counts.into_iter().collect(),
        lens,
    }
}

/// Hashes a gram with one folded multiplication: grams are already spread numbers, and this
/// table is on the index's hottest path.
#[derive(Clone, Copy, Default)]
struct GramHash;

impl std::hash::BuildHasher for GramHash {
    type Hasher = GramHasher;
    fn build_hasher(&self) -> GramHasher {
        GramHasher(0)
    }
}

struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(self.0 ^ n) * 0x9E37_79B9_7F4A_7C15;
        self.0 = (product >> 64) as u64 ^ product as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The keys of a document, space-separated: its own, then (where asked) the pinyin of its title
/// and keys that are not already there.
fn keys_of(doc: &Doc) -> String {
    let mut keys: Vec<String> = doc.keys.iter().map(|k| k.to_string()).collect();
    if doc.pinyin {
        for name in std::iter::once(doc.title).chain(doc.keys.iter().copied()) {
            if let Some(p) = text::pinyin(name) {
                if !keys.contains(&p) {
                    keys.push(p);
                }
            }
        }
    }
    keys.join(" ")
}

/// How the index is split: fixed by the number of pages of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The home page, the lists, the districts and the counties (they come first).
    pub entities: usize,
    pub articles: usize,
    pub shards: u32,
}

impl Layout {
    pub fn new(entities: usize, articles: usize) -> Layout {
        // About 64 entity pages' worth of postings per fragment, an article counting as 25.
        let units = (entities + 25 * articles) / 64;
        let shards = units.next_power_of_two().clamp(2, 1 << 14) as u32;
        Layout {
            entities,
            articles,
            shards,
        }
    }

    fn entity_chunks(&self) -> usize {
        self.entities.div_ceil(ENTITY_CHUNK)
    }

    fn chunks(&self) -> usize {
        self.entity_chunks() + self.articles.div_ceil(ARTICLE_CHUNK)
    }

    /// Every file of the index, in the order [`files`] returns them.
    pub fn paths(&self) -> Vec<OutputPath> {
        let file = |name: String| OutputPath::in_folder("search", &name);
        let shards = (0..self.shards).map(|i| file(format!("g{i}.json")));
        let chunks = (0..self.chunks()).map(|i| file(format!("d{i}.json")));
        std::iter::once(OutputPath::top_file(INDEX_FILE))
            .chain(shards)
            .chain(chunks)
            .collect()
    }
}

/// Every file of the index, paired with its path. `entry_of(i)` gives document `i`: the home
/// page, the lists, the districts, the counties, the pages and terms, then the articles, in
/// that order ([`Layout::new`] was told how many of each). An entry kept between rebuilds is
/// borrowed; one made on demand is dropped as soon as its postings are taken, so the index
/// never holds every page's grams at once.
pub fn files<'e>(
    layout: &Layout,
    entry_of: impl Fn(usize) -> Cow<'e, Entry> + Sync,
) -> Vec<(OutputPath, String)> {
    let docs = layout.entities + layout.articles;
    let runs: Vec<Run> = run_ranges(layout)
        .into_par_iter()
        .map(|chunks| Run::read(layout, chunks, &entry_of))
        .collect();
    let norms = norms(runs.iter().flat_map(|run| &run.lens), layout.entities);
    let shards = layout.shards;
    let postings: Vec<String> = (0..shards as usize)
        .into_par_iter()
        .map(|shard| fragment(&runs, shard, &norms))
        .collect();
    let chunks: Vec<String> = runs.into_iter().flat_map(|run| run.chunks).collect();
    debug_assert_eq!(chunks.len(), layout.chunks());
    // The version: a hash of every fragment, so it changes whenever one does.
    let version = postings
        .par_iter()
        .chain(chunks.par_iter())
        .map(|file| xxhash_rust::xxh3::xxh3_64(file.as_bytes()))
        .collect::<Vec<u64>>()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |acc, h| {
            (acc ^ h).wrapping_mul(0x0100_0000_01b3)
        });
    let meta = format!(
        "{{\"v\":{FORMAT},\"version\":\"{version:016x}\",\"docs\":{docs},\"entities\":{},\"entityChunk\":{ENTITY_CHUNK},\"articleChunk\":{ARTICLE_CHUNK},\"shards\":{shards},\"quantum\":{QUANTUM}}}",
        layout.entities,
    );
    let mut contents = Vec::with_capacity(1 + postings.len() + chunks.len());
    contents.push(meta);
    contents.extend(postings);
    contents.extend(chunks);
    layout.paths().into_iter().zip(contents).collect()
}

/// The first document of `chunk` (or the number of documents, past the last chunk).
fn chunk_start(layout: &Layout, chunk: usize) -> usize {
    let entity_chunks = layout.entity_chunks();
    let start = if chunk < entity_chunks {
        chunk * ENTITY_CHUNK
    } else {
        layout.entities + (chunk - entity_chunks) * ARTICLE_CHUNK
    };
    start.min(layout.entities + layout.articles)
}

/// At most this many documents are read at once by one task: what bounds the grams in memory.
const RUN_DOCS: usize = 512;

/// The chunks split into contiguous runs, one task each: enough runs to keep every thread busy,
/// none of more than about [`RUN_DOCS`] documents. How the runs fall changes only how the work
/// is split, never the output.
fn run_ranges(layout: &Layout) -> Vec<std::ops::Range<usize>> {
    let docs = layout.entities + layout.articles;
    let target = docs
        .div_ceil(4 * rayon::current_num_threads())
        .clamp(1, RUN_DOCS);
    let mut ranges = Vec::new();
    let mut first = 0;
    for end in 1..=layout.chunks() {
        if chunk_start(layout, end) - chunk_start(layout, first) >= target {
            ranges.push(first..end);
            first = end;
        }
    }
    if first < layout.chunks() {
        ranges.push(first..layout.chunks());
    }
    ranges
}

/// One posting: the gram, the document's number and its term frequencies ([`pack`]).
type Posting = (Gram, u32, u32);

/// What a run of documents gives the index: its document chunks, the lengths of its fields,
/// and its postings grouped by fragment (fragment `s` is `postings[starts[s]..starts[s + 1]]`,
/// documents ascending).
struct Run {
    chunks: Vec<String>,
    lens: Vec<[u32; 3]>,
    postings: Vec<Posting>,
    starts: Vec<u32>,
}

impl Run {
    fn read<'e>(
        layout: &Layout,
        chunks: std::ops::Range<usize>,
        entry_of: &(impl Fn(usize) -> Cow<'e, Entry> + Sync),
    ) -> Run {
        let first = chunk_start(layout, chunks.start);
        let entries: Vec<Cow<Entry>> = (first..chunk_start(layout, chunks.end))
            .map(entry_of)
            .collect();
        let documents = chunks
            .map(|chunk| {
                let (start, end) = (chunk_start(layout, chunk), chunk_start(layout, chunk + 1));
                document_chunk(entries[start - first..end - first].iter().map(|e| &e.json))
            })
            .collect();
        let shards = layout.shards as usize;
        let fragments: Vec<u32> = entries
            .iter()
            .flat_map(|e| e.grams.iter())
            .map(|&(gram, _)| text::shard_of(gram, layout.shards))
            .collect();
        let mut starts = vec![0u32; shards + 1];
        for &s in &fragments {
            starts[s as usize + 1] += 1;
        }
        for s in 0..shards {
            starts[s + 1] += starts[s];
        }
        let mut next: Vec<u32> = starts[..shards].to_vec();
        let mut postings: Vec<Posting> = vec![(0, 0, 0); fragments.len()];
        let mut fragments = fragments.into_iter();
        for (i, e) in entries.iter().enumerate() {
            let doc = (first + i) as u32;
            for &(gram, tf) in &e.grams {
                let s = fragments.next().expect("a fragment per gram") as usize;
                postings[next[s] as usize] = (gram, doc, pack(tf));
                next[s] += 1;
            }
        }
        Run {
            chunks: documents,
            lens: entries.iter().map(|e| e.lens).collect(),
            postings,
            starts,
        }
    }

    fn fragment(&self, shard: usize) -> &[Posting] {
        &self.postings[self.starts[shard] as usize..self.starts[shard + 1] as usize]
    }
}

/// `[doc,doc,…]`: the documents' JSON rows as one array.
fn document_chunk<'a>(rows: impl Iterator<Item = &'a String> + Clone) -> String {
    let size: usize = rows.clone().map(|d| d.len() + 1).sum();
    let mut out = String::with_capacity(size + 2);
    out.push('[');
    for (i, row) in rows.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(row);
    }
    out.push(']');
    out
}

/// Term frequencies in the title, keys and text, packed in 8, 8 and 16 bits. BM25 saturates long
/// before that: a title that holds one gram more than 255 times ranks as if it held it 255 times.
fn pack(tf: [u16; 3]) -> u32 {
    u32::from(tf[0].min(255)) << 24 | u32::from(tf[1].min(255)) << 16 | u32::from(tf[2])
}

fn unpack(packed: u32) -> [u16; 3] {
    [
        (packed >> 24) as u16,
        (packed >> 16 & 0xff) as u16,
        packed as u16,
    ]
}

/// Per document, each field's weight over its length normalisation (`w_f / (1 − b_f + b_f ·
/// len_f / avg_f)`), from the lengths of every document in order.
fn norms<'a>(lens: impl Iterator<Item = &'a [u32; 3]> + Clone, entities: usize) -> Vec<[f64; 3]> {
    // Two averages: the small pages' and the articles'. Against one average over both, an
    // article many times longer than a county page was worth less for a phrase it says five
    // times than the county page that says it once.
    let class_of = |doc: usize| usize::from(doc >= entities);
    let mut sum = [[0f64; 3]; 2];
    let mut count = [0f64; 2];
    for (doc, len) in lens.clone().enumerate() {
        let class = class_of(doc);
        count[class] += 1.0;
        for (a, &len) in sum[class].iter_mut().zip(len) {
            *a += len as f64;
        }
    }
    let avg: [[f64; 3]; 2] =
        std::array::from_fn(|c| sum[c].map(|total| (total / count[c].max(1.0)).max(1.0)));
    lens.enumerate()
        .map(|(doc, len)| {
            let avg = &avg[class_of(doc)];
            std::array::from_fn(|f| W[f] / (1.0 - B[f] + B[f] * len[f] as f64 / avg[f]))
        })
        .collect()
}

/// A posting fragment, `{"gram":[doc, value, doc - previous doc, value, …], …}`, grams in a
/// fixed order, documents ascending. A value is `2 · round(tf~ · QUANTUM) + in_name`.
fn fragment(runs: &[Run], shard: usize, norms: &[[f64; 3]]) -> String {
    let grams = GramGroups::of(runs.iter().flat_map(|run| run.fragment(shard)));
    let mut out = String::with_capacity(grams.placed.len() * 8 + 2);
    out.push('{');
    for (i, (gram, docs)) in grams.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        text::gram_text(gram, &mut out);
        out.push_str("\":[");
        let mut prev_doc = 0;
        for (j, &(doc, packed)) in docs.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_number(&mut out, doc - prev_doc);
            out.push(',');
            push_number(&mut out, value(unpack(packed), &norms[doc as usize]));
            prev_doc = doc;
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// A fragment's postings grouped by gram, grams ascending, each gram's documents in the order
/// they came (ascending). A fragment holds many postings of few grams (at 10k, about 3,500 of
/// 32), so this is a counting sort by gram: a table lookup a posting, and a sort of the few
/// distinct grams. By callgrind it costs a little less than the stable sort of every posting it
/// replaced (2.3M of the index's 132M instructions on the 1k site).
struct GramGroups {
    /// Each gram with the end of its documents in `placed`, grams ascending.
    ends: Vec<(Gram, u32)>,
    /// `(doc, packed term frequencies)`, gram after gram.
    placed: Vec<(u32, u32)>,
}

impl GramGroups {
    fn of<'p>(postings: impl Iterator<Item = &'p Posting> + Clone) -> GramGroups {
        let mut ids: std::collections::HashMap<Gram, u32, GramHash> =
            std::collections::HashMap::with_hasher(GramHash);
        // Each gram with its count, in the order met; then each posting's gram by that order.
        let mut counts: Vec<(Gram, u32)> = Vec::new();
        let met: Vec<u32> = postings
            .clone()
            .map(|&(gram, _, _)| {
                let id = *ids.entry(gram).or_insert_with(|| {
                    counts.push((gram, 0));
                    counts.len() as u32 - 1
                });
                counts[id as usize].1 += 1;
                id
            })
            .collect();
        let mut order: Vec<u32> = (0..counts.len() as u32).collect();
        order.sort_unstable_by_key(|&id| counts[id as usize].0);
        // Where each gram's next posting goes.
        let mut next = vec![0u32; counts.len()];
        let mut ends = Vec::with_capacity(counts.len());
        let mut at = 0;
        for &id in &order {
            let (gram, count) = counts[id as usize];
            next[id as usize] = at;
            at += count;
            ends.push((gram, at));
        }
        let mut placed = vec![(0, 0); met.len()];
        for (&(_, doc, packed), &id) in postings.zip(&met) {
            placed[next[id as usize] as usize] = (doc, packed);
            next[id as usize] += 1;
        }
        GramGroups { ends, placed }
    }

    /// Each gram with its `(doc, packed)` postings.
    fn iter(&self) -> impl Iterator<Item = (Gram, &[(u32, u32)])> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, end)| end));
        self.ends
            .iter()
            .zip(starts)
            .map(|(&(gram, end), start)| (gram, &self.placed[start as usize..end as usize]))
    }
}

/// A posting's value: `2 · round(tf~ · QUANTUM) + in_name`.
fn value(tf: [u16; 3], norm: &[f64; 3]) -> u32 {
    let weighted: f64 = (0..3).map(|f| tf[f] as f64 * norm[f]).sum();
    // Rounds half up, as `f64::round` does for a value that is not negative, without its call
    // into libm (4M of the index's 146M instructions on the 1k site).
    let q = ((weighted * QUANTUM + 0.5) as u32).clamp(1, 1_000_000);
    let in_name = u32::from(tf[0] > 0 || tf[1] > 0);
    q * 2 + in_name
}

fn push_number(out: &mut String, n: u32) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The index of a handful of documents, for tests: `(path, contents)` for every file.
#[cfg(test)]
pub fn files_for(docs: &[Doc], entities: usize) -> Vec<(OutputPath, String)> {
    let layout = Layout::new(entities, docs.len() - entities);
    files(&layout, |i| Cow::Owned(entry(&docs[i])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, url: &'a str, keys: Vec<&'a str>, text: &'a str) -> Doc<'a> {
        Doc {
            title,
            url,
            kind: "县",
            keys,
            text,
            pinyin: true,
        }
    }

    fn sample() -> Vec<Doc<'static>> {
        vec![
            doc(
                "湄潭县",
                "/counties/meitan/",
                vec!["meitan"],
                "湄潭县与斗门区结对开展东西部协作。",
            ),
            doc(
                "务川仡佬族苗族自治县",
                "/counties/wuchuan/",
                vec!["务川县", "wuchuan"],
                "\"引号\"</script>",
            ),
            Doc {
                title: "报道",
                url: "/articles/a/",
                kind: "报道",
                keys: vec!["a"],
                text: "持续实施“万企帮(兴)万村”行动。\n东西部协作，东西部协作。",
                pinyin: false,
            },
        ]
    }

    /// `f`'s result in a pool of `threads` threads.
    fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }

    fn postings_of(files: &[(OutputPath, String)]) -> serde_json::Map<String, serde_json::Value> {
        let mut all = serde_json::Map::new();
        for (path, contents) in files {
            if path.as_str().starts_with("search/g") {
                let shard: serde_json::Value = serde_json::from_str(contents).unwrap();
                all.extend(shard.as_object().unwrap().clone());
            }
        }
        all
    }

    #[test]
    fn every_planned_path_is_written_and_every_file_is_json() {
        let files = files_for(&sample(), 2);
        let layout = Layout::new(2, 1);
        let paths: Vec<OutputPath> = files.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(paths, layout.paths());
        for (path, contents) in &files {
            let _: serde_json::Value = serde_json::from_str(contents)
                .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        }
        let meta: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
        assert_eq!(meta["v"], 2);
        assert_eq!(meta["docs"], 3);
        assert_eq!(meta["shards"], layout.shards);
    }

    #[test]
    fn documents_keep_their_exact_text_and_gain_pinyin_keys() {
        let files = files_for(&sample(), 2);
        let chunk = &files
            .iter()
            .find(|(p, _)| p.as_str() == "search/d0.json")
            .unwrap()
            .1;
        let docs: serde_json::Value = serde_json::from_str(chunk).unwrap();
        assert_eq!(docs[1][0], "务川仡佬族苗族自治县");
        assert_eq!(docs[1][4], "\"引号\"</script>");
        assert_eq!(
            docs[1][3],
            "务川县 wuchuan wuchuangelaozumiaozuzizhixian wuchuanxian"
        );
        assert_eq!(docs[0][3], "meitan meitanxian");
        // The article is in the first article chunk.
        let articles = &files
            .iter()
            .find(|(p, _)| p.as_str() == "search/d1.json")
            .unwrap()
            .1;
        assert!(articles.contains("万企帮(兴)万村"));
    }

    #[test]
    fn postings_have_names_flagged_and_asides_bridged() {
        let postings = postings_of(&files_for(&sample(), 2));
        // 湄潭 is in doc 0's title (flag 1) and text.
        let meitan = postings["湄潭"].as_array().unwrap();
        assert_eq!(meitan[0], 0);
        assert_eq!(meitan[1].as_u64().unwrap() % 2, 1);
        // 帮万 comes from the aside in the article (doc 2), which is not a name.
        let bridge = postings["帮万"].as_array().unwrap();
        assert_eq!(bridge[0], 2);
        assert_eq!(bridge[1].as_u64().unwrap() % 2, 0);
        // Pinyin keys give Latin bigrams.
        assert!(!postings.contains_key("mt"));
        assert_eq!(postings["ta"].as_array().unwrap()[0], 0);
        // Single characters only from names.
        assert!(postings.contains_key("县"));
        assert!(!postings.contains_key("协"));
    }

    #[test]
    fn term_frequency_saturates_and_long_texts_weigh_less() {
        // All three as small pages, so that they share one average length.
        let postings = postings_of(&files_for(&sample(), 3));
        // 协作 twice in the article, once in the county's shorter text: more, but not double.
        let list = postings["协作"].as_array().unwrap();
        let (county, article) = (list[1].as_u64().unwrap(), list[3].as_u64().unwrap());
        assert_eq!(list[0], 0);
        assert_eq!(list[2], 2, "the article is 2 documents on");
        assert!(
            article > county && article < 2 * county,
            "{county} {article}"
        );
    }

    #[test]
    fn output_is_the_same_whatever_the_thread_count() {
        let docs = sample();
        let one = with_threads(1, || files_for(&docs, 2));
        let four = with_threads(4, || files_for(&docs, 2));
        assert_eq!(one, four);
        assert_eq!(one, files_for(&docs, 2));
    }

    /// Many documents, read in runs that fall differently with the thread count.
    fn many() -> (Vec<String>, Vec<String>) {
        let titles = (0..700).map(|i| format!("第{i}号县")).collect();
        let texts = (0..700)
            .map(|i| "东西部协作。".repeat(1 + i % 7) + &format!("编号{i}"))
            .collect();
        (titles, texts)
    }

    #[test]
    fn runs_of_many_documents_give_one_index_whatever_the_split() {
        let (titles, texts) = many();
        let docs: Vec<Doc> = titles
            .iter()
            .zip(&texts)
            .map(|(title, text)| doc(title, "/u/", vec![], text))
            .collect();
        let build = |threads| with_threads(threads, || files_for(&docs, 300));
        let one = build(1);
        assert_eq!(one, build(3));
        // Every document is in its chunk, in order, and every one has the gram they share,
        // doc numbers delta-coded.
        let chunk = |path: &str| -> serde_json::Value {
            let file = one.iter().find(|(p, _)| p.as_str() == path).unwrap();
            serde_json::from_str(&file.1).unwrap()
        };
        assert_eq!(chunk("search/d1.json")[0][0], "第64号县");
        assert_eq!(
            chunk("search/d4.json").as_array().unwrap().len(),
            300 - 4 * 64
        );
        assert_eq!(chunk("search/d5.json")[0][0], "第300号县");
        assert_eq!(chunk("search/d104.json")[3][0], "第699号县");
        let postings = postings_of(&one);
        let shared = postings["协作"].as_array().unwrap();
        assert_eq!(shared.len(), 2 * 700);
        assert_eq!(shared[0], 0);
        assert!(shared.iter().step_by(2).skip(1).all(|d| d == 1));
        // A document that says it seven times weighs more than one that says it once.
        let weight = |doc: usize| shared[2 * doc + 1].as_u64().unwrap();
        assert!(weight(6) > weight(0), "{} {}", weight(6), weight(0));
        assert!(postings["699"].as_array().unwrap()[0] == 699);
    }

    #[test]
    fn values_round_half_up_and_flag_names() {
        // tf~ · QUANTUM is 1.25, 1.5, 2.4 and 10 (from the text, weight 1 once normalised).
        let body = |norm: f64| value([0, 0, 1], &[0.0, 0.0, norm]);
        assert_eq!(body(0.3125), 2);
        assert_eq!(body(0.375), 4);
        assert_eq!(body(0.6), 4);
        assert_eq!(body(2.5), 20);
        // Never below one quantum; a gram in the title or the keys is flagged.
        assert_eq!(body(0.01), 2);
        assert_eq!(value([1, 0, 0], &[1.0, 0.0, 0.0]), 9);
        assert_eq!(value([0, 2, 0], &[0.0, 1.5, 0.0]), 25);
        assert_eq!(value([0, 0, u16::MAX], &[0.0, 0.0, 1e3]), 2_000_000);
    }

    #[test]
    fn fields_are_normalised_by_their_length_against_the_average() {
        let lens = [[2, 0, 10], [0, 4, 30]];
        // Averages: title 1, keys 2, text 20.
        let norms = norms(lens.iter(), 2);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let expected = [
            [6.0 / 1.5, 4.0 / 0.5, 1.0 / 0.875],
            [6.0 / 0.5, 4.0 / 1.5, 1.0 / 1.125],
        ];
        for (got, want) in norms.iter().zip(expected) {
            assert!(
                got.iter().zip(want).all(|(&g, w)| close(g, w)),
                "{got:?} {want:?}"
            );
        }
    }

    #[test]
    fn articles_are_normalised_against_articles_and_pages_against_pages() {
        // Two small pages (text 10 and 30: average 20) and two articles (100 and 300: 200).
        let lens = [[1, 0, 10], [1, 0, 30], [3, 0, 100], [3, 0, 300]];
        let norms = norms(lens.iter(), 2);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        // Titles: pages average 1, articles 3, so every title is of average length; no keys.
        let expected = [
            [6.0, 4.0 / 0.5, 1.0 / 0.875],
            [6.0, 4.0 / 0.5, 1.0 / 1.125],
            [6.0, 4.0 / 0.5, 1.0 / 0.875],
            [6.0, 4.0 / 0.5, 1.0 / 1.125],
        ];
        for (got, want) in norms.iter().zip(expected) {
            assert!(
                got.iter().zip(want).all(|(&g, w)| close(g, w)),
                "{got:?} {want:?}"
            );
        }
    }

    #[test]
    fn runs_cover_every_chunk_once_and_stay_small() {
        let layout = Layout::new(5_000, 3_000);
        let ranges = with_threads(2, || run_ranges(&layout));
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, layout.chunks());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let docs = |r: &std::ops::Range<usize>| {
            chunk_start(&layout, r.end) - chunk_start(&layout, r.start)
        };
        let (last, full) = ranges.split_last().unwrap();
        // Each run but the last reaches the target, and overshoots it by less than a chunk.
        assert!(full
            .iter()
            .all(|r| (RUN_DOCS..RUN_DOCS + ENTITY_CHUNK).contains(&docs(r))));
        assert!((1..RUN_DOCS + ENTITY_CHUNK).contains(&docs(last)));
        // A small site is split among the threads: a target of 96 / (4 · 2) documents here,
        // which the last run meets exactly (no empty run after it).
        let small = Layout::new(0, 96);
        let ranges = with_threads(2, || run_ranges(&small));
        let sizes: Vec<usize> = ranges
            .iter()
            .map(|r| chunk_start(&small, r.end) - chunk_start(&small, r.start))
            .collect();
        assert_eq!(sizes, vec![12; 8]);
    }

    #[test]
    fn grouping_by_gram_equals_a_stable_sort() {
        // Postings of 40 documents in order, each with a handful of grams from a small set,
        // from a fixed pseudo-random stream.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut postings: Vec<Posting> = Vec::new();
        for doc in 0..40 {
            let mut grams: Vec<Gram> = (0..next(6)).map(|_| 1 + next(9) * 1_000_003).collect();
            grams.sort_unstable();
            grams.dedup();
            postings.extend(grams.into_iter().map(|g| (g, doc, next(1000) as u32)));
        }
        let groups = GramGroups::of(postings.iter());
        let mut expected = postings.clone();
        expected.sort_by_key(|&(gram, _, _)| gram);
        let got: Vec<Posting> = groups
            .iter()
            .flat_map(|(gram, docs)| docs.iter().map(move |&(doc, tf)| (gram, doc, tf)))
            .collect();
        assert_eq!(got, expected);
        assert!(groups.iter().all(|(_, docs)| !docs.is_empty()));
        assert_eq!(GramGroups::of([].iter()).iter().count(), 0);
    }

    #[test]
    fn an_entry_counts_each_gram_per_field() {
        let e = entry(&Doc {
            title: "协作",
            url: "/a/",
            kind: "报道",
            keys: vec!["xiezuo"],
            text: "东西部协作，协作。",
            pinyin: false,
        });
        let tf = |gram: Gram| e.grams.iter().find(|&&(g, _)| g == gram).map(|&(_, tf)| tf);
        assert_eq!(tf(text::bigram('协', '作')), Some([1, 0, 2]));
        assert_eq!(tf(text::unigram('协')), Some([1, 0, 0]));
        assert_eq!(tf(text::trigram('z', 'u', 'o')), Some([0, 1, 0]));
        assert_eq!(tf(text::bigram('作', '协')), Some([0, 0, 1]));
        let mut grams: Vec<Gram> = e.grams.iter().map(|&(g, _)| g).collect();
        let all = grams.len();
        grams.sort_unstable();
        grams.dedup();
        assert_eq!(grams.len(), all, "each gram once");
        assert_eq!(e.lens, [2, 6, 7]);
    }

    #[test]
    fn counts_past_what_a_posting_holds_saturate() {
        assert_eq!(unpack(pack([3, 4, 5])), [3, 4, 5]);
        assert_eq!(unpack(pack([300, 256, u16::MAX])), [255, 255, u16::MAX]);
        assert_eq!(unpack(pack([255, 0, 0])), [255, 0, 0]);
    }

    #[test]
    fn the_layout_depends_on_counts_only_and_grows_with_the_site() {
        let small = Layout::new(16, 1);
        let large = Layout::new(12_003, 2_000);
        let huge = Layout::new(120_003, 20_000);
        assert_eq!(small.shards, 2);
        assert!(large.shards >= 512 && huge.shards >= 8 * large.shards / 2);
        assert_eq!(large.paths().len(), 1 + large.shards as usize + 188 + 500);
        assert_eq!(Layout::new(12_003, 2_000), large);
    }
}
