//! How text becomes index terms. `static/search.js` does the same to queries, so the two must
//! agree character for character (the tests below pin the rules down):
//!
//! 1. **Folding.** Full-width ASCII forms (`Ａ`, `１`, `（`) become half-width, the ideographic
//!    space a space, letters lower case, and pinyin tone marks go (`méi` → `mei`, `ü` → `v`).
//! 2. **Kept characters.** Only letters and digits (Unicode `Alphabetic` or `Numeric`) are kept;
//!    punctuation, brackets, symbols and spaces are dropped, so `集中连片、产业相近` reads as
//!    `集中连片产业相近` and a phrase is not broken by a `、` or a space inside it. A line break
//!    ends a run: terms never span two paragraphs.
//! 3. **Grams.** Each run of kept characters gives its character bigrams (`万企帮` → `万企`,
//!    `企帮`); short fields (titles and keys) also give every non-ASCII character alone, so a
//!    one-character query finds the names that have it. Runs of ASCII letters and digits also
//!    give their trigrams (`meitan` → `mei`, `eit`, …): a Latin query of three or more letters is
//!    looked up by those, since Latin bigrams such as `an` are in nearly every pinyin key.
//! 4. **Asides.** A short bracketed aside (at most [`MAX_ASIDE`] kept characters between `()`,
//!    `[]`, `【】` or `〔〕`) also gives the bigram that joins its two sides, so `万企帮(兴)万村`
//!    is found by `万企帮万村` as well as by `万企帮兴万村`.

/// The longest bracketed aside, in kept characters, that a phrase may skip.
pub const MAX_ASIDE: usize = 8;

/// One character, folded (rule 1).
pub fn fold(c: char) -> char {
    if is_han(c) {
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'v',
        _ => c,
    }
}

/// Whether a folded character is kept (rule 2).
pub fn kept(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_han(c) {
        true
    } else if matches!(
        c,
        '、' | '。'
            | '〈'
            | '〉'
            | '《'
            | '》'
            | '「'
            | '」'
            | '『'
            | '』'
            | '【'
            | '】'
            | '〔'
            | '〕'
    ) {
        // The commonest CJK punctuation (a fast path).
        false
    } else {
        c.is_alphabetic() || c.is_numeric()
    }
}

/// The common block of CJK ideographs: letters without case, the bulk of the text (a fast path).
fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn opens_aside(c: char) -> Option<char> {
    match c {
        '(' => Some(')'),
        '[' => Some(']'),
        '【' => Some('】'),
        '〔' => Some('〕'),
        _ => None,
    }
}

/// A gram as a number: a bigram `ab` is `a << 21 | b`, a single character `a << 21`.
pub type Gram = u64;

pub fn bigram(a: char, b: char) -> Gram {
    (a as u64) << 21 | b as u64
}

pub fn unigram(a: char) -> Gram {
    (a as u64) << 21
}

/// Marks a trigram of ASCII characters `abc`: `TRIGRAM | a << 14 | b << 7 | c`.
const TRIGRAM: u64 = 1 << 60;

pub fn trigram(a: char, b: char, c: char) -> Gram {
    TRIGRAM | (a as u64) << 14 | (b as u64) << 7 | c as u64
}

/// The code points of a gram, in order.
fn code_points(gram: Gram) -> impl Iterator<Item = u32> {
    let cps: [u32; 3] = if gram & TRIGRAM != 0 {
        [
            (gram >> 14) as u32 & 0x7F,
            (gram >> 7) as u32 & 0x7F,
            gram as u32 & 0x7F,
        ]
    } else {
        [(gram >> 21) as u32, (gram & 0x1F_FFFF) as u32, 0]
    };
    cps.into_iter().filter(|&cp| cp != 0)
}

/// The gram as text, as it appears in the index files.
pub fn gram_text(gram: Gram, out: &mut String) {
    out.extend(code_points(gram).map(|cp| char::from_u32(cp).expect("grams hold characters")));
}

/// Which fragment of the index holds `gram`: FNV-1a over its code points, modulo `shards`.
/// `search.js` computes the same.
pub fn shard_of(gram: Gram, shards: u32) -> u32 {
    let mut hash: u32 = 0x811C_9DC5;
    for cp in code_points(gram) {
        hash ^= cp;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards
}

/// Gives each gram of `text` to `emit` (rules 2–4) and returns how many characters it keeps:
/// the field's length for ranking. With `names`, a space ends a run as a line break does (a
/// field of space-separated names).
pub fn grams(text: &str, unigrams: bool, names: bool, mut emit: impl FnMut(Gram)) -> u32 {
    let mut chars = text
        .chars()
        .map(move |c| fold(if names && c == ' ' { '\n' } else { c }));
    let mut kept_count = 0;
    let mut prev: Option<char> = None;
    // The kept character before `prev`, while both are ASCII: for trigrams.
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '\n' {
            prev = None;
            before = None;
        } else if kept(c) {
            if let Some(p) = prev {
                emit(bigram(p, c));
            }
            if let (Some(a), Some(b)) = (before, prev) {
                if c.is_ascii() {
                    emit(trigram(a, b, c));
                }
            }
            before = prev.filter(|p| p.is_ascii() && c.is_ascii());
            if unigrams && !c.is_ascii() {
                emit(unigram(c));
            }
            prev = Some(c);
            kept_count += 1;
        } else if let (Some(close), Some(p)) = (opens_aside(c), prev) {
            if let Some(next) = after_aside(chars.clone(), close) {
                emit(bigram(p, next));
            }
        }
    }
    kept_count
}

/// The first kept character after an aside, if the aside that `rest` starts inside closes with
/// `close` within [`MAX_ASIDE`] kept characters, and the character follows on the same line.
fn after_aside(mut rest: impl Iterator<Item = char>, close: char) -> Option<char> {
    let mut inside = 0;
    loop {
        let c = rest.next()?;
        if c == close {
            break;
        }
        if c == '\n' || opens_aside(c).is_some() {
            return None;
        }
        if kept(c) {
            inside += 1;
            if inside > MAX_ASIDE {
                return None;
            }
        }
    }
    rest.take_while(|&c| c != '\n').find(|&c| kept(c))
}

/// The pinyin of the Chinese characters in `name`, without tones or spaces (`湄潭县` →
/// `meitanxian`), or `None` when it has none. Characters that are not Chinese are kept as they
/// are. Where a character has several readings the commonest is used.
pub fn pinyin(name: &str) -> Option<String> {
    use pinyin::ToPinyin;
    let mut out = String::new();
    let mut any = false;
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(p) => {
                any = true;
                out.extend(p.plain().chars().map(fold));
            }
            None => out.push(c),
        }
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, unigrams: bool) -> Vec<String> {
        let mut grams_out = Vec::new();
        grams(text, unigrams, false, |g| grams_out.push(g));
        grams_out
            .into_iter()
            .map(|g| {
                let mut s = String::new();
                gram_text(g, &mut s);
                s
            })
            .collect()
    }

    #[test]
    fn folding_makes_full_and_half_width_and_tones_the_same() {
        let folded: String = "ＡＢｃ１２（）　Méitán Lǚ".chars().map(fold).collect();
        assert_eq!(folded, "abc12() meitan lv");
    }

    #[test]
    fn punctuation_and_spaces_do_not_break_a_phrase() {
        assert_eq!(texts("集中、连 片", false), ["集中", "中连", "连片"]);
        assert_eq!(texts("劳务，协作", false), texts("劳务协作", false));
    }

    #[test]
    fn line_breaks_end_a_run() {
        assert_eq!(texts("甲乙\n丙丁", false), ["甲乙", "丙丁"]);
    }

    #[test]
    fn a_short_aside_is_bridged_and_a_long_one_is_not() {
        let with = texts("万企帮(兴)万村", false);
        for gram in ["万企", "企帮", "帮兴", "兴万", "万村", "帮万"] {
            assert!(with.contains(&gram.to_string()), "{gram} in {with:?}");
        }
        assert!(texts("万企帮（兴）万村", false).contains(&"帮万".to_string()));
        // The text after the aside is joined, not the aside's own second character.
        let two = texts("帮(兴旺)万", false);
        assert!(two.contains(&"帮万".to_string()), "{two:?}");
        assert!(!two.contains(&"帮旺".to_string()), "{two:?}");
        // MAX_ASIDE kept characters are bridged; one more is not.
        let longest = texts("甲(一二三四五六七八)乙", false);
        assert!(longest.contains(&"甲乙".to_string()), "{longest:?}");
        let long = texts("甲(一二三四五六七八九)乙", false);
        assert!(!long.contains(&"甲乙".to_string()), "{long:?}");
        let unclosed = texts("甲(一二\n)乙", false);
        assert!(!unclosed.contains(&"甲乙".to_string()), "{unclosed:?}");
    }

    #[test]
    fn names_are_separate_runs_when_asked() {
        let of = |names| {
            let mut out = Vec::new();
            let kept = grams("ab cd", false, names, |g| out.push(g));
            (kept, out)
        };
        let (kept, names) = of(true);
        assert_eq!(kept, 4);
        assert_eq!(names, [bigram('a', 'b'), bigram('c', 'd')]);
        // In running text a space does not break a phrase.
        assert!(of(false).1.contains(&bigram('b', 'c')));
    }

    #[test]
    fn short_fields_have_single_characters_and_latin_has_bigrams() {
        assert_eq!(texts("湄潭县", true), ["湄", "湄潭", "潭", "潭县", "县"]);
        assert_eq!(
            texts("Mei-tan", true),
            ["me", "ei", "mei", "it", "eit", "ta", "ita", "an", "tan"]
        );
        assert_eq!(texts("a湄bc", true), ["a湄", "湄", "湄b", "bc"]);
    }

    #[test]
    fn the_fast_paths_agree_with_unicode() {
        for cp in (0x3000..=0x303F).chain(0x4E00..=0x9FFF) {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(kept(c), c.is_alphabetic() || c.is_numeric(), "{c:?}");
            if is_han(c) {
                assert_eq!(fold(c), c.to_lowercase().next().unwrap(), "{c:?}");
            }
        }
    }

    #[test]
    fn lengths_count_kept_characters() {
        let mut out = Vec::new();
        assert_eq!(grams("东西部、协作 (a)", false, false, |g| out.push(g)), 6);
    }

    #[test]
    fn shards_are_stable_numbers() {
        // search.js has the same function; these values are checked there too.
        assert_eq!(shard_of(bigram('协', '作'), 64), 6);
        assert_eq!(shard_of(unigram('县'), 64), 14);
        assert_eq!(shard_of(bigram('m', 'e'), 7), 6);
        assert_eq!(shard_of(trigram('m', 'e', 'i'), 64), 10);
    }

    #[test]
    fn pinyin_of_names() {
        assert_eq!(pinyin("湄潭县").as_deref(), Some("meitanxian"));
        assert_eq!(pinyin("务川").as_deref(), Some("wuchuan"));
        assert_eq!(pinyin("abc"), None);
    }
}
