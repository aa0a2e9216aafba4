//! Administrative codes (GB/T 2260): each well formed, on an administrative unit of the level
//! the code says, unique, and under its parent's code.

use std::collections::HashMap;

use crate::network::kinds::{kind_info, AdminCode, Level};
use crate::network::load::Problems;
use crate::network::raw::RawUnit;
use crate::network::UnitId;

/// Each unit's code, where it has a valid one; every problem with one is reported.
pub(super) fn resolve_codes(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    levels: &[Option<Level>],
    problems: &mut Problems,
) -> Vec<Option<AdminCode>> {
    let codes: Vec<Option<AdminCode>> = units
        .iter()
        .zip(levels)
        .map(|(unit, &level)| unit_code(unit, level, problems))
        .collect();
    check_unique_and_nested(units, parents, &codes, problems);
    codes
}

/// The code of `unit`, if it is well formed and the unit can have one; a code of another level
/// than `level` is reported but kept.
fn unit_code(unit: &RawUnit, level: Option<Level>, problems: &mut Problems) -> Option<AdminCode> {
    let raw = unit.code.as_ref()?;
    let code = match AdminCode::parse(&raw.get_ref().text()) {
        Ok(code) => code,
        Err(message) => {
            problems.at(raw.span(), message, None);
            return None;
        }
    };
    if !kind_info(unit.kind.get_ref()).administrative {
        problems.at(
            raw.span(),
            format!(
                "\"{}\" is a {}, which has no GB/T 2260 code",
                unit.slug.get_ref(),
                unit.kind.get_ref()
            ),
            Some("remove the code: functional zones are not administrative divisions".into()),
        );
        return None;
    }
    if let Some(level) = level.filter(|&l| l != code.level()) {
        problems.at(
            raw.span(),
            format!(
                "code {code} is a {}'s code, but \"{}\" is {level}-level",
                code.level(),
                unit.slug.get_ref()
            ),
            Some("a province's code ends in 0000, a prefecture's in 00".into()),
        );
    }
    Some(code)
}

/// Reports a code used twice, and a code that does not start with its parent's.
fn check_unique_and_nested(
    units: &[RawUnit],
    parents: &[Option<UnitId>],
    codes: &[Option<AdminCode>],
    problems: &mut Problems,
) {
    let mut first_with: HashMap<AdminCode, usize> = HashMap::new();
    for (i, code) in codes.iter().enumerate() {
        let Some(code) = *code else { continue };
        let span = units[i].code.as_ref().expect("has a code").span();
        if let Some(&first) = first_with.get(&code) {
            let message = format!(
                "code {code} of \"{}\" is already the code of \"{}\"",
                units[i].slug.get_ref(),
                units[first].slug.get_ref()
            );
            problems.at(span, message, Some("codes are unique: check both".into()));
            continue;
        }
        first_with.insert(code, i);
        let parent_code = parents[i].and_then(|p| codes[p.0 as usize]);
        if let Some(parent_code) = parent_code.filter(|&p| !code.fits_under(p)) {
            let parent = units[i].parent.as_ref().expect("has a parent").get_ref();
            problems.at(
                span,
                format!("code {code} of \"{}\" does not fit under the code {parent_code} of its parent \"{parent}\"", units[i].slug.get_ref()),
                Some("a county's code starts with its prefecture's four digits, a prefecture's with its province's two".into()),
            );
        }
    }
}
