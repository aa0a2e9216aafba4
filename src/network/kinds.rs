//! What a unit is: its level in the administrative tree (GB/T 2260), which side of the
//! programme it is on, what its kind word (省, 自治州, 县级市, 功能区 …) says about it, its
//! optional six-digit code, and the labels the interface makes from kinds (“区(功能区)”,
//! “县(市)”) so that no built-in string names a particular place.

use std::fmt;

use serde::Serialize;

/// The three levels of GB/T 2260; functional zones sit at the level they are paired at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    Prefecture,
    County,
}

impl Level {
    /// Reads a `level = "…"` value: English or Chinese.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim() {
            "province" | "省级" => Some(Level::Province),
            "prefecture" | "city" | "地级" => Some(Level::Prefecture),
            "county" | "县级" => Some(Level::County),
            _ => None,
        }
    }

    /// The level below this one, if any.
    pub fn below(self) -> Option<Level> {
        match self {
            Level::Province => Some(Level::Prefecture),
            Level::Prefecture => Some(Level::County),
            Level::County => None,
        }
    }

    pub fn above(self) -> Option<Level> {
        match self {
            Level::Province => None,
            Level::Prefecture => Some(Level::Province),
            Level::County => Some(Level::Prefecture),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The eastern (helping) or western (helped) side of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    East,
    West,
}

impl Side {
    pub fn parse(text: &str) -> Option<Side> {
        match text.trim() {
            "east" | "东部" | "东" => Some(Side::East),
            "west" | "西部" | "西" => Some(Side::West),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::East => "east",
            Side::West => "west",
        }
    }

    /// 东部 or 西部.
    pub fn chinese(self) -> &'static str {
        match self {
            Side::East => "东部",
            Side::West => "西部",
        }
    }
}

/// What a kind word tells about a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    /// `None` where the word alone does not say (市 is a prefecture or a county-level city).
    pub level: Option<Level>,
    /// False for functional zones (功能区, 新区, 开发区 …): they have no GB/T 2260 code.
    pub administrative: bool,
    /// The word lists group it under: 自治县 counts as 县, 县级市 as 市.
    pub group: &'static str,
}

/// Functional zones: paired like districts, but no administrative division.
const FUNCTIONAL: [&str; 9] = [
    "功能区",
    "新区",
    "高新区",
    "开发区",
    "经济开发区",
    "经开区",
    "高新技术产业开发区",
    "保税区",
    "试验区",
];

/// Reads a kind word; unknown words are allowed (the level then comes from the tree).
pub fn kind_info(kind: &str) -> KindInfo {
    let admin = |level, group| KindInfo {
        level: Some(level),
        administrative: true,
        group,
    };
    match kind {
        "省" => admin(Level::Province, "省"),
        "自治区" => admin(Level::Province, "区"),
        "直辖市" => admin(Level::Province, "市"),
        "特别行政区" => admin(Level::Province, "特别行政区"),
        "地级市" => admin(Level::Prefecture, "市"),
        "自治州" | "州" => admin(Level::Prefecture, "州"),
        "地区" => admin(Level::Prefecture, "地区"),
        "盟" => admin(Level::Prefecture, "盟"),
        "区" | "市辖区" => admin(Level::County, "区"),
        "县" | "自治县" => admin(Level::County, "县"),
        "县级市" => admin(Level::County, "市"),
        "旗" | "自治旗" => admin(Level::County, "旗"),
        "特区" => admin(Level::County, "特区"),
        "林区" => admin(Level::County, "林区"),
        "市" => KindInfo {
            level: None,
            administrative: true,
            group: "市",
        },
        zone if FUNCTIONAL.contains(&zone) => KindInfo {
            level: None,
            administrative: false,
            group: "功能区",
        },
        _ => KindInfo {
            level: None,
            administrative: true,
            group: "",
        },
    }
}

/// Names a set of units by their kinds the way Chinese documents do: the most common group
/// first, the rest in brackets: 区(功能区), 县(市), 市(州), 省(区、市). `kinds` is every unit's
/// kind word; an unknown word stands for itself.
pub fn group_label<'a>(kinds: impl IntoIterator<Item = &'a str>) -> String {
    group_label_with(kinds, "、")
}

/// [`group_label`], the groups in brackets joined with `separator` (an interface's list
/// separator: `、`, `, `).
pub fn group_label_with<'a>(kinds: impl IntoIterator<Item = &'a str>, separator: &str) -> String {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (order, kind) in kinds.into_iter().enumerate() {
        let info = kind_info(kind);
        let group = if info.group.is_empty() {
            kind
        } else {
            info.group
        };
        match counts.iter_mut().find(|(g, _, _)| *g == group) {
            Some(entry) => entry.1 += 1,
            None => counts.push((group, 1, order)),
        }
    }
    // Most common first; ties in the order first seen, so the label never depends on a hash.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut groups = counts.into_iter().map(|(group, _, _)| group);
    let Some(first) = groups.next() else {
        return String::new();
    };
    let rest: Vec<&str> = groups.collect();
    if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first}({})", rest.join(separator))
    }
}

/// A GB/T 2260 administrative division code: six digits PPCCDD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AdminCode(u32);

impl AdminCode {
    pub fn parse(text: &str) -> Result<AdminCode, String> {
        let digits = text.trim();
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "code \"{text}\" is not a six-digit GB/T 2260 code such as \"520300\""
            ));
        }
        let value: u32 = digits.parse().map_err(|_| format!("bad code \"{text}\""))?;
        if value < 110000 {
            return Err(format!("code \"{text}\" has no province part (11 to 82)"));
        }
        Ok(AdminCode(value))
    }

    /// The level the code itself says: `xx0000` a province, `xxxx00` a prefecture.
    pub fn level(self) -> Level {
        if self.0 % 10000 == 0 {
            Level::Province
        } else if self.0 % 100 == 0 {
            Level::Prefecture
        } else {
            Level::County
        }
    }

    /// Whether a unit with this code can sit under a parent with `parent`'s code: a prefecture
    /// shares its province's two digits, a county its prefecture's four (or, directly under a
    /// province, the province's two).
    pub fn fits_under(self, parent: AdminCode) -> bool {
        match parent.level() {
            Level::Province => self.0 / 10000 == parent.0 / 10000,
            Level::Prefecture => self.0 / 100 == parent.0 / 100,
            Level::County => false,
        }
    }
}

impl fmt::Display for AdminCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl Serialize for AdminCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_words_tell_level_where_they_can() {
        assert_eq!(kind_info("自治州").level, Some(Level::Prefecture));
        assert_eq!(kind_info("自治县").level, Some(Level::County));
        assert_eq!(kind_info("自治区").level, Some(Level::Province));
        assert_eq!(kind_info("市").level, None, "市 may be either");
        assert!(!kind_info("功能区").administrative);
        assert!(!kind_info("高新区").administrative);
        assert!(kind_info("县级市").administrative);
        assert_eq!(kind_info("乡镇").level, None);
    }

    #[test]
    fn labels_name_the_common_group_first_and_the_rest_in_brackets() {
        assert_eq!(
            group_label(["功能区", "区", "区", "区", "功能区"]),
            "区(功能区)"
        );
        assert_eq!(
            group_label(["县", "县", "县", "自治县", "县级市", "县", "县", "自治县"]),
            "县(市)"
        );
        assert_eq!(group_label(["地级市", "自治州"]), "市(州)");
        assert_eq!(group_label(["省", "自治区", "直辖市", "省"]), "省(区、市)");
        assert_eq!(group_label(["县"]), "县");
        assert_eq!(group_label(["乡镇", "乡镇"]), "乡镇");
        assert_eq!(group_label(std::iter::empty::<&str>()), "");
    }

    #[test]
    fn codes_have_six_digits_and_a_level() {
        assert_eq!(AdminCode::parse("520000").unwrap().level(), Level::Province);
        assert_eq!(
            AdminCode::parse("520300").unwrap().level(),
            Level::Prefecture
        );
        assert_eq!(AdminCode::parse("520326").unwrap().level(), Level::County);
        for bad in ["52030", "5203000", "52-300", "000300", "５２０３００"] {
            assert!(AdminCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(AdminCode::parse("520326").unwrap().to_string(), "520326");
    }

    #[test]
    fn a_code_fits_only_under_its_own_parent() {
        let code = |text| AdminCode::parse(text).unwrap();
        assert!(code("520300").fits_under(code("520000")));
        assert!(!code("530300").fits_under(code("520000")));
        assert!(code("520326").fits_under(code("520300")));
        assert!(!code("520426").fits_under(code("520300")));
        assert!(code("429004").fits_under(code("420000")), "省直辖县级");
        assert!(!code("520326").fits_under(code("520326")));
    }

    #[test]
    fn levels_and_sides_read_in_english_and_chinese() {
        assert_eq!(Level::parse("地级"), Some(Level::Prefecture));
        assert_eq!(Level::parse("county"), Some(Level::County));
        assert_eq!(Level::parse("town"), None);
        assert_eq!(Side::parse("西部"), Some(Side::West));
        assert_eq!(Side::parse("north"), None);
        assert_eq!(Level::Province.below(), Some(Level::Prefecture));
        assert_eq!(Level::County.below(), None);
        assert_eq!(Level::County.above(), Some(Level::Prefecture));
        assert_eq!(Level::Province.above(), None);
    }
}
