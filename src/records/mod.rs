//! Records: dated facts about what the cooperation did, attached to a unit or a pairing in one
//! cooperation area. A record is either a figure (a [`Quantity`]: 1234.5万元, 300人) or an
//! activity without one (支持遵义到珠海建立劳务服务工作站), and may cite the article, and the
//! paragraph, that states it.
//!
//! They are read from every file under `content/records/` (TOML, CSV in UTF-8 or GB18030, and
//! `.xlsx`), sorted by path ([`read`], [`xlsx`]), and validated against the network and the
//! articles all at once ([`validate`]). [`totals`] adds figures up, exactly.

mod conflicts;
pub mod export;
pub mod index;
pub mod quantity;
pub mod read;
pub mod totals;
mod validate;
mod xlsx;

use std::path::{Path, PathBuf};

use crate::content::Article;
use crate::error::{Diagnostic, Error, Result};
use crate::network::{Network, PairingId, PartialDate, UnitId};
use crate::types::Slug;

pub use quantity::Quantity;
pub use read::Place;

/// The folder under `content/` that holds the record files.
pub const FOLDER: &str = "records";

/// Every record of the site, in the order of their files (by path) and, within a file, as
/// written.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub records: Vec<Record>,
    /// Which pages show which records.
    pub index: index::RecordIndex,
}

/// What a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Unit(UnitId),
    /// The period of a pair's pairing that holds on the record's date.
    Pairing(PairingId),
}

/// A figure, or an activity stated without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Figure(Quantity),
    Activity(String),
}

/// The article that states a record, and its paragraph (`p-4`), checked to exist.
#[derive(Debug, Clone)]
pub struct Citation {
    pub article: Slug,
    pub paragraph: Option<String>,
    /// Where the paragraph is named, for a message when the article has no such paragraph.
    pub paragraph_at: Option<Place>,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub subject: Subject,
    /// Index into the network's `areas`; none when the source names none.
    pub area: Option<usize>,
    pub date: PartialDate,
    /// 财政帮扶资金, 转移就业 …; a figure always has one, an activity may.
    pub metric: Option<String>,
    pub fact: Fact,
    pub source: Option<Citation>,
    /// The file it was read from, and where in it.
    pub file: PathBuf,
    pub at: Place,
}

impl Record {
    pub fn figure(&self) -> Option<&Quantity> {
        match &self.fact {
            Fact::Figure(q) => Some(q),
            Fact::Activity(_) => None,
        }
    }

    /// A problem with this record, at its row.
    pub fn diagnostic(&self, message: impl AsRef<str>) -> Diagnostic {
        self.at.diagnostic(&self.file, message)
    }
}

/// Reads and validates every record file under `content/records/` of the site at `root`.
pub fn load(
    root: &crate::site_root::SiteRoot,
    network: &Network,
    articles: &[Article],
) -> Result<Records, Vec<Diagnostic>> {
    let dir = root.content_dir().join(FOLDER);
    if !dir.is_dir() {
        return Ok(Records::default());
    }
    let files = root
        .files_under(&dir, is_record_file)
        .map_err(|err| vec![error_diagnostic(&dir, err)])?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                problems.push(Diagnostic::new(
                    &path,
                    None,
                    format!("cannot read the file: {err}"),
                ));
                continue;
            }
        };
        let file_rows = read::rows(&path, bytes, &mut problems);
        rows.push((path, file_rows));
    }
    let records = validate::records(network, articles, rows, &mut problems);
    // In the order of the files and of the rows in them, whichever check found each.
    problems.sort_by(Diagnostic::cmp_by_place);
    if problems.is_empty() {
        let index = index::RecordIndex::new(network, &records);
        Ok(Records { records, index })
    } else {
        Err(problems)
    }
}

/// The record files: `.toml`, `.csv` and `.xlsx`, not hidden (editors' lock files such as
/// `~$funds.xlsx` and `.~lock.funds.csv#` are skipped).
fn is_record_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hidden = name.starts_with('.') || name.starts_with("~$");
    let known = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("toml" | "csv" | "xlsx")
    );
    known && !hidden
}

fn error_diagnostic(path: &Path, err: Error) -> Diagnostic {
    match err {
        Error::Invalid(mut found) if !found.0.is_empty() => found.0.remove(0),
        other => Diagnostic::new(path, None, other.to_string()),
    }
}
