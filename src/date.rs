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

    /// `2021年4月28日`.
    /// Chinese whatever the site's language: for messages to the site's author. Pages show
    /// dates through the interface strings (`locale::Strings`).
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A UTC offset such as `+08:00`, in minutes east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcOffset {
    minutes: i16,
}

impl UtcOffset {
    /// China Standard Time, `+08:00`: the offset plain dates are taken in unless the settings
    /// say otherwise.
    pub const BEIJING: UtcOffset = UtcOffset { minutes: 8 * 60 };

    /// Reads `±HH:MM` (hours 00–23, minutes 00–59); anything else is refused with a message.
    pub fn parse(text: &str) -> Result<Self, String> {
        let refuse = || format!("\"{text}\" is not a UTC offset written as ±HH:MM");
        let bytes = text.as_bytes();
        let sign = match bytes.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(refuse()),
        };
        let digits = |range: std::ops::Range<usize>| -> Option<i16> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        if bytes.len() != 6 || bytes[3] != b':' {
            return Err(refuse());
        }
        match (digits(1..3), digits(4..6)) {
            (Some(hours), Some(minutes)) if hours <= 23 && minutes <= 59 => Ok(UtcOffset {
                minutes: sign * (hours * 60 + minutes),
            }),
            _ => Err(refuse()),
        }
    }

    fn from_toml(offset: toml::value::Offset) -> Self {
        match offset {
            toml::value::Offset::Z => UtcOffset { minutes: 0 },
            toml::value::Offset::Custom { minutes } => UtcOffset { minutes },
        }
    }

    fn seconds(self) -> i64 {
        i64::from(self.minutes) * 60
    }
}

impl Default for UtcOffset {
    fn default() -> Self {
        UtcOffset::BEIJING
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let minutes = self.minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Days from 1970-01-01 to the given day of the proleptic Gregorian calendar (negative before).
fn days_since_epoch(date: Date) -> i64 {
    // Howard Hinnant's `days_from_civil`.
    let (year, month, day) = (
        i64::from(date.year),
        i64::from(date.month),
        i64::from(date.day),
    );
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// When an article was published: a date, with a time of day and UTC offset where given. Shown
/// as written; ordered by the instant it names, so `2021-06-01T23:00:00+08:00` (15:00 UTC) comes
/// before `2021-06-01T16:00:00Z`. A plain date is midnight in [`Timestamp::zone`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    pub date: Date,
    /// Hours and minutes, as written.
    pub time: Option<(u8, u8)>,
    /// The RFC 3339 text of the value as written (`2021-05-31T18:27:00+08:00`).
    rfc3339: String,
    /// Seconds and nanoseconds since 1970 in UTC.
    instant: (i64, u32),
    /// The offset a plain date is taken in; the site's `timezone`.
    zone: UtcOffset,
}

impl Timestamp {
    /// A TOML date or offset date-time. A local date-time without offset is refused, because
    /// feeds and sitemaps need to know the time zone. A plain date is taken in
    /// [`UtcOffset::BEIJING`] until [`Timestamp::in_zone`] says otherwise.
    pub fn from_toml(value: &Datetime) -> Result<Self, String> {
        let Some(date) = value.date else {
            return Err(format!("expected a date, found the time {value}"));
        };
        if value.time.is_some() && value.offset.is_none() {
            return Err(format!(
                "the date-time {value} has no UTC offset; write it as {value}+08:00"
            ));
        }
        let date = Date {
            year: date.year,
            month: date.month,
            day: date.day,
        };
        let mut timestamp = Timestamp {
            date,
            time: value.time.map(|t| (t.hour, t.minute)),
            rfc3339: value.to_string(),
            instant: (0, 0),
            zone: UtcOffset::BEIJING,
        };
        timestamp.instant = timestamp.compute_instant(value);
        Ok(timestamp)
    }

    /// This timestamp with plain dates taken in `zone` (a date-time keeps its own offset).
    pub fn in_zone(mut self, zone: UtcOffset) -> Self {
        if self.time.is_none() {
            let midnight = days_since_epoch(self.date) * 86_400;
            self.instant = (midnight - zone.seconds(), 0);
        }
        self.zone = zone;
        self
    }

    fn compute_instant(&self, value: &Datetime) -> (i64, u32) {
        let local = days_since_epoch(self.date) * 86_400;
        match (value.time, value.offset) {
            (Some(time), Some(offset)) => {
                let seconds = i64::from(time.hour) * 3600
                    + i64::from(time.minute) * 60
                    + i64::from(time.second);
                let utc = local + seconds - UtcOffset::from_toml(offset).seconds();
                (utc, time.nanosecond)
            }
            _ => (local - self.zone.seconds(), 0),
        }
    }

    /// The offset plain dates are taken in.
    pub fn zone(&self) -> UtcOffset {
        self.zone
    }

    /// Seconds and nanoseconds since 1970-01-01T00:00:00Z.
    pub fn instant(&self) -> (i64, u32) {
        self.instant
    }

    /// Machine-readable form for `<time datetime>` and feeds.
    pub fn rfc3339(&self) -> &str {
        &self.rfc3339
    }

    /// A full RFC 3339 date-time as Atom requires: a date-time as written, a plain date as
    /// midnight in its zone (`2021-06-03T00:00:00+08:00`).
    pub fn atom(&self) -> String {
        if self.time.is_some() {
            self.rfc3339.clone()
        } else {
            format!("{}T00:00:00{}", self.date.iso(), self.zone)
        }
    }

    /// `2021年5月31日 18:27`.
    /// Chinese whatever the site's language: for messages to the site's author. Pages show
    /// dates through the interface strings (`locale::Strings`).
    pub fn chinese(&self) -> String {
        match self.time {
            Some((hour, minute)) => format!("{} {hour:02}:{minute:02}", self.date.chinese()),
            None => self.date.chinese(),
        }
    }
}

impl Ord for Timestamp {
    /// By instant; timestamps naming the same instant differently, by how they are written.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.instant, &self.rfc3339, self.zone).cmp(&(other.instant, &other.rfc3339, other.zone))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
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

    fn timestamp(text: &str) -> Timestamp {
        Timestamp::from_toml(&datetime(text)).unwrap()
    }

    #[test]
    fn timestamps_order_by_their_instant_not_their_local_fields() {
        let beijing_late = timestamp("2021-06-01T23:00:00+08:00");
        let utc_afternoon = timestamp("2021-06-01T16:00:00Z");
        assert!(
            beijing_late < utc_afternoon,
            "15:00 UTC is before 16:00 UTC"
        );
        assert_eq!(beijing_late.instant().0 + 3600, utc_afternoon.instant().0);
        assert_eq!(beijing_late.rfc3339(), "2021-06-01T23:00:00+08:00");
        assert_eq!(
            beijing_late.chinese(),
            "2021年6月1日 23:00",
            "shown as written"
        );
        let same_instant = timestamp("2021-06-01T15:00:00Z");
        assert_eq!(same_instant.instant(), beijing_late.instant());
        assert_ne!(same_instant.cmp(&beijing_late), std::cmp::Ordering::Equal);
        assert_eq!(timestamp("1970-01-01T00:00:00Z").instant(), (0, 0));
        assert_eq!(
            timestamp("2000-03-01T00:00:00.5-01:30").instant(),
            (951_868_800 + 5400, 500_000_000)
        );
    }

    #[test]
    fn a_plain_date_is_midnight_in_its_zone() {
        let date = timestamp("2021-06-03");
        assert_eq!(date.atom(), "2021-06-03T00:00:00+08:00");
        assert!(date < timestamp("2021-06-02T16:00:01Z"));
        assert!(date > timestamp("2021-06-02T15:59:59Z"));
        let utc = date.clone().in_zone(UtcOffset::parse("+00:00").unwrap());
        assert_eq!(utc.atom(), "2021-06-03T00:00:00+00:00");
        assert!(utc > timestamp("2021-06-02T23:59:59Z"));
        let west = date.in_zone(UtcOffset::parse("-05:30").unwrap());
        assert_eq!(west.atom(), "2021-06-03T00:00:00-05:30");
        assert_eq!(
            west.instant().0,
            timestamp("2021-06-03T05:30:00Z").instant().0
        );
    }

    #[test]
    fn utc_offsets_are_read_as_plus_or_minus_hours_and_minutes() {
        assert_eq!(UtcOffset::parse("+08:00").unwrap(), UtcOffset::BEIJING);
        assert_eq!(UtcOffset::parse("-09:30").unwrap().to_string(), "-09:30");
        for bad in [
            "08:00", "+8:00", "+0800", "+24:00", "+08:60", "+08:0x", "Z", "", "+08:00 ",
        ] {
            let err = UtcOffset::parse(bad).unwrap_err();
            assert!(err.contains("±HH:MM"), "{bad}: {err}");
        }
    }

    #[test]
    fn timestamps_without_offset_are_refused() {
        let err = Timestamp::from_toml(&datetime("2021-05-31T18:27:00")).unwrap_err();
        assert!(err.contains("+08:00"), "{err}");
    }
}
