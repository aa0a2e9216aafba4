//! Place names and slugs. Every generated place is synthetic: the provinces' names and codes
//! name no real province, and the stems are drawn from syllable tables, not from a gazetteer.
//!
//! Names are built so that no name contains another by accident: a stem is two or three
//! syllables, the first from [`FIRST`], a middle one from [`MIDDLE`], the last from [`LAST`];
//! the three tables share no character with each other or with the suffixes (区, 县, 市 …).
//! A stem therefore only occurs in a name at its start, and one name can contain another only
//! when they share a stem, which the generator does on purpose some of the time: 东安区 and
//! 东安新区 (a shared prefix), 东安区 and 东安区经济开发区 (true containment, where the longest
//! name must win), 赤水市 with the alias 赤水县, 道真仡佬族苗族自治县 with the alias 道真县.
//! One name is shared on purpose: [`SHARED_ZONE`], a zone of that name in two cities.

use crate::rng::Rng;

/// First syllables of a stem.
pub const FIRST: &str = "东西南北安平永长兴宁德清康泰福寿嘉华桂金银玉丰盛昌隆仁义礼信和顺乐怀正道仙凤龙鹤麒麟青紫丹白云雪汉唐宋明怡靖绥定远";
/// Middle syllables of a three-syllable stem.
pub const MIDDLE: &str = "阳阴江河海岭峰岗坪坝塘沟冈州城乡村镇集埠宝珠泉源林竹茶梅兰松柏桃杏柳石岩沙花草叶禾麦稻桑枫桐樟榕杉槐橙荷莲芝";
/// Last syllables of a stem.
pub const LAST: &str = "水山川田溪滩湾洲岛口门关桥亭台阁楼堡寨营屯庄园圃苑谷原野泽湘沅涪潭渡港浦汀汐澜洋泊渚岸汇津埔坞岙垭坳沱渠湄溆泷漳淇汾涧洛沣淮";

/// District suffixes by kind; a 功能区 sometimes shares its stem with a 区.
pub const DISTRICT_SUFFIX: &str = "区";
pub const ZONE_SUFFIXES: [&str; 3] = ["新区", "保税区", "开发区"];
/// A zone named after a district plus this contains the district's name on purpose.
pub const CONTAINING_SUFFIX: &str = "经济开发区";
/// The one name two units share on purpose (one zone in each of two cities, as 高新区 is in
/// many real cities): articles about one of them say so with `units = [...]`.
pub const SHARED_ZONE: &str = "高新区";
/// Peoples in the names of autonomous counties and prefectures.
pub const PEOPLES: [&str; 5] = [
    "仡佬族苗族",
    "苗族土家族",
    "布依族苗族",
    "土家族苗族",
    "彝族回族苗族",
];

/// A synthetic province: its name, slug and two-digit code prefix (prefixes no real province
/// uses, so a code can never be mistaken for a real one).
#[derive(Debug, Clone, Copy)]
pub struct ProvinceName {
    pub name: &'static str,
    pub slug: &'static str,
    pub code: u32,
}

/// The eastern province.
pub const EAST_PROVINCE: ProvinceName = ProvinceName {
    name: "东滨省",
    slug: "dongbin",
    code: 38,
};
/// The western provinces: the first holds most prefectures, the second the rest and the
/// earlier partners.
pub const WEST_PROVINCES: [ProvinceName; 2] = [
    ProvinceName {
        name: "西岭省",
        slug: "xiling",
        code: 58,
    },
    ProvinceName {
        name: "南屏省",
        slug: "nanping",
        code: 59,
    },
];

pub fn chars(table: &str) -> Vec<char> {
    table.chars().collect()
}

/// How many distinct stems there are.
pub fn stem_capacity() -> usize {
    let (f, m, l) = (
        FIRST.chars().count(),
        MIDDLE.chars().count(),
        LAST.chars().count(),
    );
    f * l + f * m * l
}

/// The `i`-th stem: two syllables first, then three.
fn stem(i: usize, first: &[char], middle: &[char], last: &[char]) -> String {
    let two = first.len() * last.len();
    if i < two {
        [first[i / last.len()], last[i % last.len()]]
            .iter()
            .collect()
    } else {
        let j = i - two;
        let (f, rest) = (
            j / (middle.len() * last.len()),
            j % (middle.len() * last.len()),
        );
        [first[f], middle[rest / last.len()], last[rest % last.len()]]
            .iter()
            .collect()
    }
}

/// `count` distinct stems in a seed-dependent order, preferring the natural two-syllable ones.
pub fn stems(count: usize, rng: &mut Rng) -> Vec<String> {
    let (first, middle, last) = (chars(FIRST), chars(MIDDLE), chars(LAST));
    let two = first.len() * last.len();
    // Take all the two-syllable stems first when they suffice, else all of them plus a random
    // sample of three-syllable ones; then shuffle so neighbours in the file are not related.
    let mut pool: Vec<usize> = (0..two.min(stem_capacity())).collect();
    if count > two {
        let mut three: Vec<usize> = (two..stem_capacity()).collect();
        rng.shuffle(&mut three);
        pool.extend_from_slice(&three[..count - two]);
    }
    rng.shuffle(&mut pool);
    pool.truncate(count);
    pool.into_iter()
        .map(|i| stem(i, &first, &middle, &last))
        .collect()
}

/// `d-0001`: a prefix and a 1-based number, zero-padded to the width of `total` (at least 4).
pub fn slug(prefix: char, i: usize, total: usize) -> String {
    slug_width(prefix, i, total, 4)
}

pub fn slug_width(prefix: char, i: usize, total: usize, min_width: usize) -> String {
    let width = total.to_string().len().max(min_width);
    format!("{prefix}-{:0width$}", i + 1)
}

/// A name, its kind word and its aliases.
pub struct Named {
    pub name: String,
    pub kind: &'static str,
    pub aliases: Vec<String>,
}

impl Named {
    fn plain(name: String, kind: &'static str) -> Named {
        Named {
            name,
            kind,
            aliases: Vec::new(),
        }
    }
}

/// An eastern district: usually `stem区`, sometimes a zone; right after a 区 of the same city,
/// now and then a zone named after it (东安新区, 东安区经济开发区).
pub fn district(stem: &str, previous_district: Option<&str>, rng: &mut Rng) -> Named {
    match previous_district {
        Some(prev) if rng.chance(5) => {
            let prev_stem = prev.trim_end_matches(DISTRICT_SUFFIX);
            Named::plain(format!("{prev_stem}{}", ZONE_SUFFIXES[0]), "功能区")
        }
        Some(prev) if rng.chance(3) => Named::plain(format!("{prev}{CONTAINING_SUFFIX}"), "功能区"),
        _ if rng.chance(15) => {
            Named::plain(format!("{stem}{}", rng.pick(&ZONE_SUFFIXES[..])), "功能区")
        }
        _ => Named::plain(format!("{stem}{DISTRICT_SUFFIX}"), "区"),
    }
}

/// A western county: a 县, an autonomous county (alias `stem县`) or a county-level city, often
/// still called by its old county name.
pub fn county(stem: &str, rng: &mut Rng) -> Named {
    let roll = rng.below(100);
    if roll < 15 {
        let people = rng.pick(&PEOPLES[..]);
        Named {
            name: format!("{stem}{people}自治县"),
            kind: "自治县",
            aliases: vec![format!("{stem}县")],
        }
    } else if roll < 30 {
        let aliases = if rng.chance(50) {
            vec![format!("{stem}县")]
        } else {
            Vec::new()
        };
        Named {
            name: format!("{stem}市"),
            kind: "县级市",
            aliases,
        }
    } else {
        Named::plain(format!("{stem}县"), "县")
    }
}

/// An eastern prefecture-level city.
pub fn city(stem: &str) -> Named {
    Named::plain(format!("{stem}市"), "地级市")
}

/// A western prefecture: a city, or an autonomous prefecture with the alias `stem州`.
pub fn prefecture(stem: &str, rng: &mut Rng) -> Named {
    if rng.chance(30) {
        let people = rng.pick(&PEOPLES[..]);
        Named {
            name: format!("{stem}{people}自治州"),
            kind: "自治州",
            aliases: vec![format!("{stem}州")],
        }
    } else {
        Named::plain(format!("{stem}市"), "地级市")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn syllable_tables_share_no_character_with_each_other_or_the_suffixes() {
        let suffixes: String = [
            DISTRICT_SUFFIX,
            CONTAINING_SUFFIX,
            SHARED_ZONE,
            "县市自治州",
        ]
        .into_iter()
        .chain(ZONE_SUFFIXES)
        .chain(PEOPLES)
        .collect();
        let mut seen = HashSet::new();
        for c in [FIRST, MIDDLE, LAST, suffixes.as_str()].concat().chars() {
            let in_suffix = suffixes.contains(c) && !FIRST.contains(c) && !LAST.contains(c);
            assert!(seen.insert(c) || in_suffix, "{c} is used twice");
        }
        assert!(stem_capacity() > 120_000, "room for the 100k scale");
    }

    #[test]
    fn stems_are_distinct_and_reproducible() {
        let a = stems(5_000, &mut Rng::new(3));
        assert_eq!(a.iter().collect::<HashSet<_>>().len(), a.len());
        assert_eq!(a, stems(5_000, &mut Rng::new(3)));
        assert_eq!(slug('d', 0, 40_000), "d-00001");
        assert_eq!(slug('c', 9, 8), "c-0010");
    }
}
