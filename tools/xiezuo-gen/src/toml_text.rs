//! Writing TOML values by hand: the generator writes its files directly, in a fixed layout.

use std::fmt::Write as _;

use crate::model::Date;

/// A TOML basic string. Generated text has no quotes, backslashes or control characters (a
/// quoted paragraph could hold a line break), but stay correct anyway.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

/// A date in each of the forms the data file takes: `2021`, `"2021-05"`, `2021-05-31`.
pub fn date(date: Date) -> String {
    match date {
        Date::Year(year) => year.to_string(),
        Date::Month(year, month) => format!("\"{year}-{month:02}\""),
        Date::Day(year, month, day) => format!("{year}-{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_dates_are_valid_toml() {
        assert_eq!(quoted("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(quoted_list(["东", "西"]), r#"["东", "西"]"#);
        assert_eq!(date(Date::Year(2021)), "2021");
        assert_eq!(date(Date::Month(2021, 5)), "\"2021-05\"");
        assert_eq!(date(Date::Day(2021, 5, 31)), "2021-05-31");
    }
}
