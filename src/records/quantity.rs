//! Quantities: an exact decimal value with its unit of measure (万元, 人, 人次, 个 …). Measures
//! fall into dimensions; only quantities of one dimension are ever added, and money is converted
//! between 元, 万元 and 亿元 exactly. There is no floating point anywhere.

use std::fmt;

use rust_decimal::Decimal;

/// What a measure counts. Money converts between its measures; the others do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Money,
    /// People (人): 转移就业.
    People,
    /// Person-times (人次): exchanges of 党政干部 and 专业技术人员.
    PersonTimes,
    /// Things counted with one counting word: 个, 家, 场 … (a 家 is not a 个).
    Count(Counter),
}

/// A counting word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Counter {
    Ge,
    Jia,
    Chang,
    Xiang,
    Ci,
    Suo,
    Pi,
    Hu,
    Qi,
}

/// A unit of measure, as the data writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    Yuan,
    WanYuan,
    YiYuan,
    Ren,
    RenCi,
    Count(Counter),
}

const COUNTERS: [(Counter, &str); 9] = [
    (Counter::Ge, "个"),
    (Counter::Jia, "家"),
    (Counter::Chang, "场"),
    (Counter::Xiang, "项"),
    (Counter::Ci, "次"),
    (Counter::Suo, "所"),
    (Counter::Pi, "批"),
    (Counter::Hu, "户"),
    (Counter::Qi, "期"),
];

impl Measure {
    /// Every measure, in the order messages list them.
    pub fn all() -> impl Iterator<Item = Measure> {
        [
            Measure::Yuan,
            Measure::WanYuan,
            Measure::YiYuan,
            Measure::Ren,
            Measure::RenCi,
        ]
        .into_iter()
        .chain(COUNTERS.iter().map(|&(c, _)| Measure::Count(c)))
    }

    /// `万元`, `人次`, `个` …
    pub fn parse(text: &str) -> Option<Measure> {
        Measure::all().find(|m| m.as_str() == text.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Yuan => "元",
            Measure::WanYuan => "万元",
            Measure::YiYuan => "亿元",
            Measure::Ren => "人",
            Measure::RenCi => "人次",
            Measure::Count(c) => COUNTERS
                .iter()
                .find(|&&(k, _)| k == c)
                .map(|&(_, word)| word)
                .expect("every counter has its word"),
        }
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Measure::Yuan | Measure::WanYuan | Measure::YiYuan => Dimension::Money,
            Measure::Ren => Dimension::People,
            Measure::RenCi => Dimension::PersonTimes,
            Measure::Count(c) => Dimension::Count(c),
        }
    }

    /// How many of the dimension's base measure (元 for money) one of this is.
    fn factor(self) -> Decimal {
        match self {
            Measure::WanYuan => Decimal::from(10_000),
            Measure::YiYuan => Decimal::from(100_000_000),
            _ => Decimal::ONE,
        }
    }

    /// The measures written in messages: `元、万元、亿元、人、人次、个…`.
    pub fn listed() -> String {
        Measure::all()
            .map(Measure::as_str)
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl Dimension {
    /// The measure totals of this dimension are shown in: 万元 for money, as the programme
    /// reports funds; the one measure of the others.
    pub fn total_measure(self) -> Measure {
        match self {
            Dimension::Money => Measure::WanYuan,
            Dimension::People => Measure::Ren,
            Dimension::PersonTimes => Measure::RenCi,
            Dimension::Count(c) => Measure::Count(c),
        }
    }

    /// `money`, `people`, `person-times` or the counting word: for messages.
    pub fn describe(self) -> String {
        match self {
            Dimension::Money => "money (元、万元、亿元)".into(),
            Dimension::People => "people (人)".into(),
            Dimension::PersonTimes => "person-times (人次)".into(),
            Dimension::Count(c) => format!("a count in {}", Measure::Count(c).as_str()),
        }
    }
}

/// A value with its measure: `1234.5万元`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub measure: Measure,
}

impl Quantity {
    /// The value in `measure`, exactly; `None` when the dimensions differ.
    pub fn in_measure(&self, measure: Measure) -> Option<Decimal> {
        if self.measure.dimension() != measure.dimension() {
            return None;
        }
        if self.measure == measure {
            return Some(self.value);
        }
        let base = self.value.checked_mul(self.measure.factor())?;
        base.checked_div(measure.factor()).map(|v| v.normalize())
    }
}

/// A decimal as a reader reads it: `1234.5`, `0.3`, `-2`; never an exponent, never a trailing
/// zero after the point.
pub fn number_text(value: Decimal) -> String {
    let value = value.normalize();
    value.to_string()
}

/// Reads a number as a spreadsheet or a person writes it: `1234.5`, `1,234.5`, `１２３`
/// (full-width digits), with spaces around. Commas must group thousands.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' => '-',
            other => other,
        })
        .collect();
    if ascii.is_empty()
        || !ascii
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.,".contains(&b))
    {
        return None;
    }
    let plain = if ascii.contains(',') {
        let (whole, fraction) = ascii.split_once('.').unwrap_or((&ascii, ""));
        let digits = whole.trim_start_matches(['-', '+']);
        let groups: Vec<&str> = digits.split(',').collect();
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped || fraction.contains(',') {
            return None;
        }
        ascii.replace(',', "")
    } else {
        ascii
    };
    plain.parse::<Decimal>().ok()
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", number_text(self.value), self.measure.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(value: &str, measure: &str) -> Quantity {
        Quantity {
            value: parse_number(value).unwrap(),
            measure: Measure::parse(measure).unwrap(),
        }
    }

    /// What the totals do (records::totals): each figure in its dimension's total measure,
    /// added as decimals.
    fn total_in(dimension: Dimension, parts: &[Quantity]) -> Option<Quantity> {
        let measure = dimension.total_measure();
        let mut value = Decimal::ZERO;
        for part in parts {
            value += part.in_measure(measure)?;
        }
        Some(Quantity {
            value: value.normalize(),
            measure,
        })
    }

    #[test]
    fn tenths_add_up_exactly() {
        let parts = [q("0.1", "万元"), q("0.2", "万元")];
        let total = total_in(Dimension::Money, &parts).unwrap();
        assert_eq!(total.to_string(), "0.3万元");
    }

    #[test]
    fn money_converts_between_yuan_wan_and_yi_exactly() {
        let parts = [q("1.5", "亿元"), q("2500", "万元"), q("1", "元")];
        let total = total_in(Dimension::Money, &parts).unwrap();
        assert_eq!(total.to_string(), "17500.0001万元");
    }

    #[test]
    fn people_and_money_are_never_added() {
        let parts = [q("3", "人"), q("2", "万元")];
        assert_eq!(total_in(Dimension::Money, &parts), None);
        assert_eq!(q("3", "个").in_measure(Measure::Count(Counter::Jia)), None);
    }

    #[test]
    fn numbers_are_read_as_written_and_nothing_else() {
        assert_eq!(number_text(parse_number("1,234.50").unwrap()), "1234.5");
        assert_eq!(number_text(parse_number(" １２３ ").unwrap()), "123");
        assert_eq!(number_text(parse_number("-2").unwrap()), "-2");
        for bad in ["", "12,34", "1.2.3", "约100", "1e5", "100万", "NaN"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
