//! Calendar dates and article timestamps, as written in TOML and as shown to readers.

use std::fmt;

use toml::value::Datetime;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A TOML value that holds a date and nothing else (`2021-04-28`).
    pub fn from_toml(value: &Datetime) -> Result<Self, String> {
        match (value.date, value.time, value.offset) {
            (Some(date), None, None) => Ok(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            }),
            _ => Err(format!("expected a date such as 2021-04-28, found {value}")),
        }
    }

    /// `2021-04-28`, for `<time datetime>` and sitemaps.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2021年4月28日`, for readers.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// When an article was published: a date, with a time of day and UTC offset where given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    pub date: Date,
    /// Hours and minutes, as written.
    pub time: Option<(u8, u8)>,
    /// The RFC 3339 text of the value as written (`2021-05-31T18:27:00+08:00`).
    rfc3339: String,
}

impl Timestamp {
    /// A TOML date or offset date-time. A local date-time without offset is refused, because
    /// feeds and sitemaps need to know the time zone.
    pub fn from_toml(value: &Datetime) -> Result<Self, String> {
        let Some(date) = value.date else {
            return Err(format!("expected a date, found the time {value}"));
        };
        if value.time.is_some() && value.offset.is_none() {
            return Err(format!(
                "the date-time {value} has no UTC offset; write it as {value}+08:00"
            ));
        }
        Ok(Timestamp {
            date: Date {
                year: date.year,
                month: date.month,
                day: date.day,
            },
            time: value.time.map(|t| (t.hour, t.minute)),
            rfc3339: value.to_string(),
        })
    }

    /// Machine-readable form for `<time datetime>` and feeds.
    pub fn rfc3339(&self) -> &str {
        &self.rfc3339
    }

    /// A full RFC 3339 date-time as Atom requires; a plain date is taken as midnight UTC.
    pub fn atom(&self) -> String {
        if self.time.is_some() {
            self.rfc3339.clone()
        } else {
            format!("{}T00:00:00Z", self.date.iso())
        }
    }

    /// `2021年5月31日 18:27`, for readers.
    pub fn chinese(&self) -> String {
        match self.time {
            Some((hour, minute)) => format!("{} {hour:02}:{minute:02}", self.date.chinese()),
            None => self.date.chinese(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datetime(text: &str) -> Datetime {
        text.parse().unwrap()
    }

    #[test]
    fn dates_read_and_print_in_chinese_and_iso() {
        let date = Date::from_toml(&datetime("2021-04-28")).unwrap();
        assert_eq!(date.chinese(), "2021年4月28日");
        assert_eq!(date.iso(), "2021-04-28");
    }

    #[test]
    fn a_date_refuses_a_time() {
        assert!(Date::from_toml(&datetime("2021-04-28T10:00:00")).is_err());
    }

    #[test]
    fn timestamps_keep_their_offset() {
        let ts = Timestamp::from_toml(&datetime("2021-05-31T18:27:00+08:00")).unwrap();
        assert_eq!(ts.rfc3339(), "2021-05-31T18:27:00+08:00");
        assert_eq!(ts.chinese(), "2021年5月31日 18:27");
    }

    #[test]
    fn timestamps_without_offset_are_refused() {
        let err = Timestamp::from_toml(&datetime("2021-05-31T18:27:00")).unwrap_err();
        assert!(err.contains("+08:00"), "{err}");
    }
}
