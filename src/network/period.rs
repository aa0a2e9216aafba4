//! Dates as policy texts write them: a year (2021年), a month (2021年5月) or a day
//! (2021年5月31日), kept at that precision and never padded to a false day; and the periods a
//! pairing holds for, from an optional start to an optional end.

use std::cmp::Ordering;
use std::fmt;

use serde::Deserialize;
use toml::value::Datetime;

/// A date known to a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    /// Only with a month.
    pub day: Option<u8>,
}

/// How a date may be written in the data file: a TOML date (`2021-05-31`), a year as a number
/// (`2021`), or a string (`"2021"`, `"2021-05"`, `"2021-05-31"`, `"2021年5月"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawDate {
    Toml(Datetime),
    Year(i64),
    Text(String),
}

impl PartialDate {
    pub fn year(year: u16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    pub fn day(year: u16, month: u8, day: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Reads any form of [`RawDate`]; the error says what was expected.
    pub fn from_raw(raw: &RawDate) -> Result<Self, String> {
        match raw {
            RawDate::Toml(value) => match (value.date, value.time, value.offset) {
                (Some(date), None, None) => Self::checked(
                    date.year as i64,
                    Some(date.month as i64),
                    Some(date.day as i64),
                ),
                _ => Err(format!(
                    "expected a date such as 2021, \"2021-05\" or 2021-05-31, found {value}"
                )),
            },
            RawDate::Year(year) => Self::checked(*year, None, None),
            RawDate::Text(text) => Self::parse(text),
        }
    }

    /// `2021`, `2021-05`, `2021-05-31`, `2021年`, `2021年5月` or `2021年5月31日`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let parts: Option<Vec<&str>> = if trimmed.contains('年') {
            chinese_parts(trimmed)
        } else {
            Some(trimmed.split('-').collect())
        };
        let numbers: Option<Vec<i64>> = parts.and_then(|parts| {
            parts
                .iter()
                .map(|part| {
                    (!part.is_empty()
                        && part.len() <= 4
                        && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse().ok())
                    .flatten()
                })
                .collect()
        });
        // A date written as text is named as written (2021年13月), not as read (2021-13).
        let as_written = |error: String| match error.split_once(" is not a date") {
            Some((_, reason)) => format!("\"{trimmed}\" is not a date{reason}"),
            None => error,
        };
        match numbers.as_deref() {
            Some([year]) => Self::checked(*year, None, None).map_err(as_written),
            Some([year, month]) => Self::checked(*year, Some(*month), None).map_err(as_written),
            Some([year, month, day]) => {
                Self::checked(*year, Some(*month), Some(*day)).map_err(as_written)
            }
            _ => Err(format!(
                "\"{text}\" is not a date; write a year (2021), a month (\"2021-05\") or a day (2021-05-31)"
            )),
        }
    }

    fn checked(year: i64, month: Option<i64>, day: Option<i64>) -> Result<Self, String> {
        let shown = match (month, day) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            _ => year.to_string(),
        };
        if !(1000..=9999).contains(&year) {
            return Err(format!(
                "{shown} is not a date: the year must have four digits"
            ));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("{shown} is not a date: there is no month {m}"));
            }
            if let Some(d) = day {
                if d < 1 || d > days_in_month(year as u16, m as u8) as i64 {
                    return Err(format!("{shown} is not a date: that month has no day {d}"));
                }
            }
        }
        Ok(PartialDate {
            year: year as u16,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// The day, when the date is known to the day.
    pub fn as_day(&self) -> Option<crate::date::Date> {
        Some(crate::date::Date {
            year: self.year,
            month: self.month?,
            day: self.day?,
        })
    }

    /// The first day this date can mean, as `(year, month, day)`.
    fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// `2021`, `2021-05` or `2021-05-31`: valid in `<time datetime>` and W3C sitemaps alike.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// `2021年`, `2021年5月` or `2021年5月31日`.
    /// Chinese whatever the site's language: for messages to the site's author. Pages show
    /// dates through the interface strings (`locale::Strings`).
    pub fn chinese(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            _ => format!("{}年", self.year),
        }
    }

    /// The end of a span written after this start the Chinese way: 2021年2月20日至**24日**.
    pub fn chinese_after(&self, start: &PartialDate) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) if self.year == start.year && start.month == Some(m) => {
                format!("{d}日")
            }
            _ => self.chinese(),
        }
    }

    /// Compares at the precision both dates have: `2021` and `2021-05` are equal here.
    pub fn cmp_coarse(&self, other: &PartialDate) -> Ordering {
        let year = self.year.cmp(&other.year);
        let (Some(m1), Some(m2)) = (self.month, other.month) else {
            return year;
        };
        let month = year.then(m1.cmp(&m2));
        match (self.day, other.day) {
            (Some(d1), Some(d2)) => month.then(d1.cmp(&d2)),
            _ => month,
        }
    }
}

/// Orders by the first day a date can mean, then the coarser first: 2021 < 2021-01 < 2021-01-01.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then(self.month.is_some().cmp(&other.month.is_some()))
            .then(self.day.is_some().cmp(&other.day.is_some()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn chinese_parts(text: &str) -> Option<Vec<&str>> {
    let (year, rest) = text.split_once('年')?;
    if rest.is_empty() {
        return Some(vec![year]);
    }
    let (month, rest) = rest.split_once('月')?;
    if rest.is_empty() {
        return Some(vec![year, month]);
    }
    let day = rest.strip_suffix('日')?;
    Some(vec![year, month, day])
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// When a pairing holds: from `start` (unknown when the source does not say) until `end`.
/// `ended` is true once it was adjusted, whether or not the source gives the end's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub ended: bool,
}

impl Period {
    /// Still in force.
    pub fn is_current(&self) -> bool {
        !self.ended
    }

    /// Whether the two periods share time. A period that ends in the year (or month) another
    /// starts does not overlap it: a handover in 2021 is written `end = 2021` and `start = 2021`.
    /// An unknown start is taken as "always before".
    pub fn overlaps(&self, other: &Period) -> bool {
        starts_before_end(self, other) && starts_before_end(other, self)
    }

    /// `2021年起`, `至2021年`, `2016年至2021年`, or `None` when nothing is known.
    /// Chinese whatever the site's language: for messages to the site's author. Pages show
    /// dates through the interface strings (`locale::Strings`).
    pub fn chinese(&self) -> Option<String> {
        match (self.start, self.end) {
            (Some(start), None) => Some(format!("{}起", start.chinese())),
            (None, Some(end)) => Some(format!("至{}", end.chinese())),
            (Some(start), Some(end)) => Some(format!(
                "{}至{}",
                start.chinese(),
                end.chinese_after(&start)
            )),
            (None, None) => None,
        }
    }
}

/// `a` starts strictly before `b` ends. A period still in force never ends; one that ended on
/// a date the source does not give ended before anything that started after it.
fn starts_before_end(a: &Period, b: &Period) -> bool {
    match (a.start, b.end) {
        (None, _) => true,
        (Some(start), Some(end)) => start.cmp_coarse(&end) == Ordering::Less,
        (Some(_), None) if !b.ended => true,
        (Some(start), None) => b
            .start
            .is_some_and(|b_start| start.cmp_coarse(&b_start) != Ordering::Greater),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn period(start: Option<&str>, end: Option<&str>) -> Period {
        Period {
            start: start.map(date),
            end: end.map(date),
            ended: end.is_some(),
        }
    }

    #[test]
    fn dates_keep_the_precision_they_are_written_with() {
        for (written, chinese, iso) in [
            ("2021", "2021年", "2021"),
            ("2021-05", "2021年5月", "2021-05"),
            ("2021-05-31", "2021年5月31日", "2021-05-31"),
            ("2021年", "2021年", "2021"),
            ("2021年5月", "2021年5月", "2021-05"),
            ("2021年5月31日", "2021年5月31日", "2021-05-31"),
        ] {
            let parsed = date(written);
            assert_eq!(parsed.chinese(), chinese, "{written}");
            assert_eq!(parsed.iso(), iso, "{written}");
        }
    }

    #[test]
    fn every_raw_form_reads() {
        let toml_day: Datetime = "2021-04-28".parse().unwrap();
        assert_eq!(
            PartialDate::from_raw(&RawDate::Toml(toml_day)).unwrap(),
            PartialDate::day(2021, 4, 28)
        );
        assert_eq!(
            PartialDate::from_raw(&RawDate::Year(2021)).unwrap(),
            PartialDate::year(2021)
        );
        let with_time: Datetime = "2021-04-28T10:00:00".parse().unwrap();
        assert!(PartialDate::from_raw(&RawDate::Toml(with_time)).is_err());
    }

    #[test]
    fn what_is_not_a_date_is_refused_with_the_reason() {
        for (written, reason) in [
            ("2021-13", "no month 13"),
            ("2021-02-29", "no day 29"),
            ("21", "four digits"),
            ("2021/05", "is not a date"),
            ("soon", "is not a date"),
            ("2021年5", "is not a date"),
            ("", "is not a date"),
        ] {
            let err = PartialDate::parse(written).unwrap_err();
            assert!(err.contains(reason), "{written}: {err}");
        }
        assert_eq!(
            PartialDate::parse("2021年13月").unwrap_err(),
            "\"2021年13月\" is not a date: there is no month 13",
            "named as written"
        );
        assert_eq!(
            PartialDate::from_raw(&RawDate::Year(21)).unwrap_err(),
            "21 is not a date: the year must have four digits"
        );
        assert_eq!(date("2024-02-29"), PartialDate::day(2024, 2, 29));
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::from_raw(&RawDate::Year(99999)).is_err());
    }

    #[test]
    fn dates_order_by_their_first_day_coarser_first() {
        let mut dates = [
            date("2021-05-31"),
            date("2021"),
            date("2020-12"),
            date("2021-01"),
        ];
        dates.sort();
        let shown: Vec<String> = dates.iter().map(PartialDate::iso).collect();
        assert_eq!(shown, ["2020-12", "2021", "2021-01", "2021-05-31"]);
        assert_eq!(date("2021").cmp_coarse(&date("2021-05")), Ordering::Equal);
        assert_eq!(
            date("2021-04").cmp_coarse(&date("2021-05-01")),
            Ordering::Less
        );
        assert_eq!(
            date("2021-05-02").cmp_coarse(&date("2021-05-01")),
            Ordering::Greater
        );
    }

    #[test]
    fn periods_read_the_chinese_way() {
        assert_eq!(period(Some("2021"), None).chinese().unwrap(), "2021年起");
        assert_eq!(period(None, Some("2021")).chinese().unwrap(), "至2021年");
        assert_eq!(
            period(Some("2021-02-20"), Some("2021-02-24"))
                .chinese()
                .unwrap(),
            "2021年2月20日至24日"
        );
        assert_eq!(
            period(Some("2016"), Some("2021")).chinese().unwrap(),
            "2016年至2021年"
        );
        assert_eq!(period(None, None).chinese(), None);
    }

    #[test]
    fn a_handover_year_is_not_an_overlap_but_shared_years_are() {
        let old = period(Some("2016"), Some("2021"));
        assert!(!old.overlaps(&period(Some("2021"), None)));
        assert!(old.overlaps(&period(Some("2020"), None)));
        assert!(period(None, None).overlaps(&period(Some("2030"), None)));
        assert!(!period(None, Some("2010")).overlaps(&period(Some("2010-06"), None)));
        assert!(period(Some("2021-03"), Some("2021-09"))
            .overlaps(&period(Some("2021-05"), Some("2022"))));
        assert!(period(Some("2021"), None).is_current());
        assert!(!old.is_current());
        let ended_some_time = Period {
            start: Some(date("2016")),
            end: None,
            ended: true,
        };
        assert!(!ended_some_time.overlaps(&period(Some("2021"), None)));
        assert!(!period(Some("2021"), None).overlaps(&ended_some_time));
        assert!(
            ended_some_time.overlaps(&period(Some("2016"), None)),
            "same start"
        );
        assert!(ended_some_time.overlaps(&period(Some("2015"), None)));
    }
}
