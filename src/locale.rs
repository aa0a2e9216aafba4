//! The interface language: which shipped locale a site's `language` tag selects, and the
//! interface strings of that locale (embedded from `locales/*.toml`, with the site's own
//! `[strings]` laid over them). Every text readers see that is not the site's data or
//! articles comes from here: the templates read the strings as `t`, the generator's sentences,
//! labels and dates are made with [`Strings::fill`] and the date methods.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::date::{Date, Timestamp};
use crate::network::{PartialDate, Period};

/// A locale shipped in the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locale {
    ZhCn,
    En,
}

impl Locale {
    /// Every shipped locale, in the order the error for an unknown tag lists them.
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The tag that names it: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Its own name for itself, for the list of supported languages.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::ZhCn => "简体中文",
            Locale::En => "English",
        }
    }

    /// The embedded strings file, `locales/<tag>.toml`.
    pub fn source(self) -> &'static str {
        match self {
            Locale::ZhCn => include_str!("../locales/zh-CN.toml"),
            Locale::En => include_str!("../locales/en.toml"),
        }
    }

    /// The supported locales, written for an error message: `zh-CN (简体中文), en (English)`.
    pub fn supported() -> String {
        Locale::ALL
            .iter()
            .map(|l| format!("{} ({})", l.tag(), l.endonym()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A site's `language`: the BCP 47 tag as pages declare it (`lang`), and the locale it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The tag in its canonical case: `zh-CN`, `zh-Hans-CN`, `en-GB`.
    pub tag: String,
    pub locale: Locale,
}

/// Why a `language` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageError {
    /// Not shaped like a BCP 47 tag at all (`chinese simplified!`).
    Malformed,
    /// A well-formed tag for which no locale is shipped (`fr`, `zh-TW`).
    Unsupported,
}

impl Language {
    /// Reads a tag. `zh`, `zh-CN`, `zh-Hans`, `zh-Hans-CN` (and `zh-SG`) select `zh-CN`; `en`
    /// with any region (`en-GB`, `en-US`) selects `en`. Traditional Chinese (`zh-Hant`, `zh-TW`,
    /// `zh-HK`, `zh-MO`) and other languages are refused: no locale is shipped for them.
    pub fn parse(text: &str) -> Result<Language, LanguageError> {
        let parts = subtags(text).ok_or(LanguageError::Malformed)?;
        let primary = parts[0].as_str();
        let (script, region) = script_and_region(&parts[1..]);
        let locale = match primary {
            "zh" => {
                let simplified = match script {
                    Some(s) => s == "Hans",
                    None => !matches!(region, Some("TW" | "HK" | "MO")),
                };
                simplified.then_some(Locale::ZhCn)
            }
            "en" => Some(Locale::En),
            _ => None,
        };
        Ok(Language {
            tag: parts.join("-"),
            locale: locale.ok_or(LanguageError::Unsupported)?,
        })
    }

    /// `zh_CN`, `en_GB` or `en`: the tag as Open Graph's `og:locale` writes it.
    pub fn og_locale(&self) -> String {
        let parts: Vec<&str> = self.tag.split('-').collect();
        let (_, region) = script_and_region(&parts[1..]);
        match (self.locale, region) {
            (_, Some(region)) => format!("{}_{region}", parts[0]),
            (Locale::ZhCn, None) => "zh_CN".to_string(),
            (Locale::En, None) => "en".to_string(),
        }
    }
}

impl Default for Language {
    fn default() -> Self {
        Language {
            tag: "zh-CN".into(),
            locale: Locale::ZhCn,
        }
    }
}

/// The subtags of a well-formed tag, in canonical case (language lower, script title, region
/// upper), or `None`: a language of 2–3 letters, then subtags of 1–8 letters or digits.
fn subtags(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for (i, part) in text.split(['-', '_']).enumerate() {
        let ok = if i == 0 {
            (2..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        } else {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        if !ok {
            return None;
        }
        let canonical = match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 4) if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            (_, 2) | (_, 3) => part.to_ascii_uppercase(),
            _ => part.to_ascii_lowercase(),
        };
        parts.push(canonical);
    }
    Some(parts)
}

/// The script (four letters) and the region (two letters or three digits) among the subtags
/// after the language, where given.
fn script_and_region<S: AsRef<str>>(rest: &[S]) -> (Option<&str>, Option<&str>) {
    let mut script = None;
    let mut region = None;
    for part in rest.iter().map(AsRef::as_ref) {
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        match part.len() {
            4 if letters && script.is_none() && region.is_none() => script = Some(part),
            2 if letters && region.is_none() => region = Some(part),
            3 if digits && region.is_none() => region = Some(part),
            _ => {}
        }
    }
    (script, region)
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// A string a site's `[strings]` table gives, and why it cannot replace the shipped one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideError {
    /// No shipped string has this key.
    UnknownKey,
    /// It uses a placeholder the shipped string does not have, which nothing would fill in.
    UnknownPlaceholder(String),
}

/// The interface strings of one build: a shipped locale's, with a site's overrides laid over.
/// Cheap to clone.
#[derive(Debug, Clone)]
pub struct Strings {
    locale: Locale,
    map: Arc<BTreeMap<String, String>>,
}

impl Strings {
    /// The shipped strings of `locale`.
    pub fn new(locale: Locale) -> Strings {
        Strings {
            locale,
            map: Arc::new(shipped(locale)),
        }
    }

    /// Every key and string, for the templates' `t`.
    pub fn map(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// Replaces the string `key` with `value`, which may use the placeholders the shipped
    /// string has (and no others; a date pattern may use any part of a date).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), OverrideError> {
        let shipped = self.map.get(key).ok_or(OverrideError::UnknownKey)?;
        let mut allowed = placeholders(shipped);
        // Every date pattern is filled with all the parts of a date, whichever it shows.
        if key.starts_with("date_") && key != "date_time" {
            allowed.extend(["year", "month", "month_name", "day"]);
        }
        if let Some(unknown) = placeholders(value)
            .into_iter()
            .find(|p| !allowed.contains(p))
        {
            return Err(OverrideError::UnknownPlaceholder(unknown.to_string()));
        }
        Arc::make_mut(&mut self.map).insert(key.to_string(), value.to_string());
        Ok(())
    }

    /// The string `key`. Every key the code asks for is in both shipped files (a test holds
    /// them to the same keys), so a missing one is a bug.
    pub fn get(&self, key: &str) -> &str {
        match self.map.get(key) {
            Some(text) => text,
            None => panic!(
                "no interface string `{key}` in the {} locale",
                self.locale.tag()
            ),
        }
    }

    /// The string `key` with each `{name}` of `values` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// Items joined with the list separator: `、` or `, `.
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        items.join(self.get("list_separator"))
    }

    /// `2021年6月3日`, `3 June 2021`.
    pub fn date(&self, date: &Date) -> String {
        self.ymd("date_day", date.year, Some(date.month), Some(date.day))
    }

    /// `2021年6月3日 18:27`: an article's date, with its time where one is written.
    pub fn timestamp(&self, stamp: &Timestamp) -> String {
        match stamp.time {
            Some((hour, minute)) => self.fill(
                "date_time",
                &[
                    ("date", &self.date(&stamp.date)),
                    ("hour", &format!("{hour:02}")),
                    ("minute", &format!("{minute:02}")),
                ],
            ),
            None => self.date(&stamp.date),
        }
    }

    /// A date at the precision it was written with: `2021年`, `2021年5月`, `2021年5月31日`.
    pub fn partial_date(&self, date: &PartialDate) -> String {
        let key = match (date.month, date.day) {
            (Some(_), Some(_)) => "date_day",
            (Some(_), None) => "date_month",
            _ => "date_year",
        };
        self.ymd(key, date.year, date.month, date.day)
    }

    /// The end of a span after its start: in Chinese the part that differs (2021年2月20日至
    /// **24日**), as `date_day_same_month` says.
    pub fn date_after(&self, end: &PartialDate, start: &PartialDate) -> String {
        match (end.month, end.day) {
            (Some(m), Some(d)) if end.year == start.year && start.month == Some(m) => {
                self.ymd("date_day_same_month", end.year, Some(m), Some(d))
            }
            _ => self.partial_date(end),
        }
    }

    /// `2021年起`, `至2021年`, `2016年至2021年`, or `None` when nothing is known.
    pub fn period(&self, period: &Period) -> Option<String> {
        match (period.start, period.end) {
            (Some(start), None) => {
                Some(self.fill("period_from", &[("start", &self.partial_date(&start))]))
            }
            (None, Some(end)) => {
                Some(self.fill("period_until", &[("end", &self.partial_date(&end))]))
            }
            (Some(start), Some(end)) => Some(self.fill(
                "period_span",
                &[
                    ("start", &self.partial_date(&start)),
                    ("end", &self.date_after(&end, &start)),
                ],
            )),
            (None, None) => None,
        }
    }

    fn ymd(&self, key: &str, year: u16, month: Option<u8>, day: Option<u8>) -> String {
        let month_name = month.map(|m| self.get(&format!("month_{m}")).to_string());
        self.fill(
            key,
            &[
                ("year", &year.to_string()),
                ("month", &month.map(|m| m.to_string()).unwrap_or_default()),
                ("month_name", month_name.as_deref().unwrap_or_default()),
                ("day", &day.map(|d| d.to_string()).unwrap_or_default()),
            ],
        )
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::new(Locale::ZhCn)
    }
}

/// The shipped strings of `locale`, read from its embedded file.
pub fn shipped(locale: Locale) -> BTreeMap<String, String> {
    toml::from_str(locale.source()).unwrap_or_else(|e| {
        panic!(
            "locales/{}.toml is not a table of strings: {e}",
            locale.tag()
        )
    })
}

/// `template` with each `{name}` of `values` replaced; other braces are left as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a string.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                found.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_exactly_the_same_keys_and_placeholders() {
        let reference = shipped(Locale::ZhCn);
        for locale in Locale::ALL {
            let strings = shipped(locale);
            let keys: Vec<&String> = strings.keys().collect();
            assert_eq!(
                keys,
                reference.keys().collect::<Vec<_>>(),
                "{}",
                locale.tag()
            );
            for (key, text) in &strings {
                let mut mine = placeholders(text);
                let mut theirs = placeholders(&reference[key]);
                mine.sort_unstable();
                theirs.sort_unstable();
                mine.dedup();
                theirs.dedup();
                // A date pattern may say the month by number or by name.
                if !key.starts_with("date_") {
                    assert_eq!(mine, theirs, "{} {key}", locale.tag());
                }
            }
        }
    }

    #[test]
    fn tags_select_the_shipped_locales_and_keep_their_region() {
        for (written, tag, locale) in [
            ("zh-CN", "zh-CN", Locale::ZhCn),
            ("zh", "zh", Locale::ZhCn),
            ("zh-hans-cn", "zh-Hans-CN", Locale::ZhCn),
            ("zh_SG", "zh-SG", Locale::ZhCn),
            ("en", "en", Locale::En),
            ("EN-gb", "en-GB", Locale::En),
            ("en-US", "en-US", Locale::En),
        ] {
            let language = Language::parse(written).unwrap();
            assert_eq!((language.tag.as_str(), language.locale), (tag, locale));
        }
        assert_eq!(Language::parse("en-GB").unwrap().og_locale(), "en_GB");
        assert_eq!(Language::parse("zh-Hans").unwrap().og_locale(), "zh_CN");
    }

    #[test]
    fn malformed_and_unsupported_tags_are_told_apart() {
        for bad in [
            "chinese simplified!",
            "",
            "z",
            "zh-",
            "中文",
            "zh-CN-toolongsubtag",
        ] {
            assert_eq!(Language::parse(bad), Err(LanguageError::Malformed), "{bad}");
        }
        for unsupported in ["fr", "zh-TW", "zh-Hant-CN", "zh-HK", "ja"] {
            assert_eq!(
                Language::parse(unsupported),
                Err(LanguageError::Unsupported),
                "{unsupported}"
            );
        }
    }

    #[test]
    fn dates_and_periods_follow_the_locale() {
        let zh = Strings::new(Locale::ZhCn);
        let en = Strings::new(Locale::En);
        let date = Date {
            year: 2021,
            month: 6,
            day: 3,
        };
        assert_eq!(zh.date(&date), "2021年6月3日");
        assert_eq!(en.date(&date), "3 June 2021");
        let day = |text| PartialDate::parse(text).unwrap();
        let span = Period {
            start: Some(day("2021-02-20")),
            end: Some(day("2021-02-24")),
            ended: true,
        };
        assert_eq!(zh.period(&span).unwrap(), "2021年2月20日至24日");
        assert_eq!(
            en.period(&span).unwrap(),
            "20 February 2021 to 24 February 2021"
        );
        let since = Period {
            start: Some(day("2021-05")),
            ..Period::default()
        };
        assert_eq!(zh.period(&since).unwrap(), "2021年5月起");
        assert_eq!(en.period(&since).unwrap(), "since May 2021");
    }

    #[test]
    fn an_override_replaces_one_string_and_keeps_to_its_placeholders() {
        let mut strings = Strings::new(Locale::En);
        strings.set("skip_link", "Jump to the page").unwrap();
        assert_eq!(strings.get("skip_link"), "Jump to the page");
        assert_eq!(strings.get("nav_home"), "Home");
        strings.set("search_found", "{count} hits").unwrap();
        assert_eq!(
            strings.set("search_found", "{total} hits"),
            Err(OverrideError::UnknownPlaceholder("total".into()))
        );
        assert_eq!(strings.set("skip", "x"), Err(OverrideError::UnknownKey));
        strings.set("date_day", "{day}/{month}/{year}").unwrap();
        let date = Date {
            year: 2021,
            month: 6,
            day: 3,
        };
        assert_eq!(strings.date(&date), "3/6/2021");
    }

    #[test]
    fn fill_leaves_unknown_braces_alone() {
        assert_eq!(
            fill("{a}与{b}", &[("a", "珠海"), ("b", "遵义")]),
            "珠海与遵义"
        );
        assert_eq!(fill("{x} {", &[]), "{x} {");
    }
}
