//! The manifest: which files of an output folder xiezuo wrote. It is what lets a build replace
//! its own output (and only its own) and remove the files it wrote before, while files it did
//! not write (a `CNAME`) are kept.
//!
//! It lives beside the output, in `.<output>.xiezuo-manifest`, so that a static host publishing
//! the folder publishes the site and nothing else. Being outside, it cannot be swapped in with
//! the folder in one step, so it names the folder it describes by identity (device, inode and
//! creation time, which survive the rename that swaps a staging folder in) and, around a swap,
//! holds both the old folder's entry and the new one's: whichever folder is in place after an
//! interruption finds its own. An entry for another folder (say one deleted and recreated by
//! hand) does not match, so that folder counts as not written by xiezuo.
//!
//! Outputs from before this record have `.xiezuo-manifest` inside them; it is read as their
//! manifest, and the next build, which never carries it over, replaces it with the record.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::types::OutputPath;

/// The manifest inside outputs written before the manifest moved beside them.
pub const LEGACY_MANIFEST: &str = ".xiezuo-manifest";

/// Which folder an entry describes; a renamed folder keeps it, a recreated one does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FolderId {
    device: u64,
    inode: u64,
    /// Nanoseconds since 1970 (`""` where the file system does not keep creation times).
    created: String,
}

impl FolderId {
    pub(super) fn of(dir: &Path) -> Result<FolderId> {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(dir).map_err(Error::io("read", dir))?;
        let created = metadata
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|since| since.as_nanos().to_string())
            .unwrap_or_default();
        Ok(FolderId {
            device: metadata.dev(),
            inode: metadata.ino(),
            created,
        })
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Record {
    folders: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    folder: FolderId,
    /// Relative paths, sorted.
    files: Vec<String>,
}

/// The files xiezuo wrote into `output`, or `None` when it did not write that folder (or there
/// is none). `record` is the manifest beside it.
pub(super) fn written_files(output: &Path, record: &Path) -> Result<Option<BTreeSet<OutputPath>>> {
    if !output.is_dir() {
        return Ok(None);
    }
    if record.is_file() {
        let id = FolderId::of(output)?;
        if let Some(entry) = read(record)?.folders.into_iter().find(|e| e.folder == id) {
            return output_paths(record, entry.files.iter().map(String::as_str)).map(Some);
        }
    }
    let legacy = output.join(LEGACY_MANIFEST);
    if legacy.is_file() {
        let text = fs::read_to_string(&legacy).map_err(Error::io("read", &legacy))?;
        let files = text.lines().filter(|l| !l.is_empty());
        return output_paths(&legacy, files).map(Some);
    }
    Ok(None)
}

fn read(record: &Path) -> Result<Record> {
    let text = fs::read_to_string(record).map_err(Error::io("read", record))?;
    serde_json::from_str(&text).map_err(|err| damaged(record, &err.to_string()))
}

/// The files a record lists; one that is no output path a build writes means the record was
/// edited or damaged.
fn output_paths<'a>(
    record: &Path,
    files: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<OutputPath>> {
    files
        .map(|file| OutputPath::parse(file).map_err(|message| damaged(record, &message)))
        .collect()
}

fn damaged(record: &Path, why: &str) -> Error {
    Error::Invalid(Diagnostics(vec![Diagnostic::output(
        record,
        format!("this record of the files xiezuo wrote is damaged ({why})"),
    )
    .with_help(
        "delete it and the output folder beside it; the next build writes both again",
    )]))
}

/// Replaces the record with entries for these folders, through a temporary file and a rename,
/// so that a reader sees the old record or the new one, whole.
pub(super) fn write(record: &Path, folders: Vec<(FolderId, Vec<String>)>) -> Result<()> {
    let record_value = Record {
        folders: folders
            .into_iter()
            .map(|(folder, files)| Entry { folder, files })
            .collect(),
    };
    let text = serde_json::to_string(&record_value).expect("the manifest always serialises");
    let name = record
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("manifest");
    let temporary = record.with_file_name(format!("{name}.new"));
    fs::write(&temporary, text).map_err(Error::io("write", &temporary))?;
    fs::rename(&temporary, record).map_err(Error::io("write", record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_describes_its_folder_only_and_survives_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join(".out.xiezuo-manifest");
        let staging = dir.path().join("staging");
        fs::create_dir(&staging).unwrap();
        write(
            &record,
            vec![(FolderId::of(&staging).unwrap(), vec!["a.html".into()])],
        )
        .unwrap();
        let out = dir.path().join("out");
        fs::rename(&staging, &out).unwrap();
        let files = written_files(&out, &record).unwrap().unwrap();
        assert_eq!(files.into_iter().collect::<Vec<_>>(), ["a.html"]);
        let other = dir.path().join("other");
        fs::create_dir(&other).unwrap();
        assert!(written_files(&other, &record).unwrap().is_none());
    }

    #[test]
    fn a_record_that_lists_a_path_outside_the_folder_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join(".out.xiezuo-manifest");
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let files = vec!["a.html".into(), "../elsewhere.html".into()];
        write(&record, vec![(FolderId::of(&out).unwrap(), files)]).unwrap();
        let err = written_files(&out, &record).unwrap_err().to_string();
        assert!(
            err.contains("is damaged (\"../elsewhere.html\" is not a safe relative path)"),
            "{err}"
        );
        fs::remove_file(&record).unwrap();
        fs::write(out.join(LEGACY_MANIFEST), "index.html\n/etc/passwd\n").unwrap();
        let err = written_files(&out, &record).unwrap_err().to_string();
        assert!(
            err.contains(LEGACY_MANIFEST) && err.contains("damaged"),
            "{err}"
        );
    }

    #[test]
    fn a_damaged_record_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join(".out.xiezuo-manifest");
        fs::write(&record, "{").unwrap();
        let err = written_files(dir.path(), &record).unwrap_err().to_string();
        assert!(
            err.contains(".out.xiezuo-manifest") && err.contains("damaged"),
            "{err}"
        );
    }
}
