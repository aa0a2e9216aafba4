//! The cache record beside the output, `.<output>.xiezuo-cache`: the fingerprint of the inputs
//! a build was made from, its page counts, and the size and modification time of every file it
//! wrote. When the next build's inputs have the same fingerprint and every file is as that build
//! left it, the build has nothing to do. The record is kept beside the output, not in it, so the
//! output stays byte-for-byte deterministic.
//!
//! The whole of it is here: [`fingerprint`] of the inputs, [`current_build`] to read the record,
//! [`Stamps`] to collect it while files are placed, [`Stamps::write`] after the swap, and
//! [`forget`] when the output changes by other means.

use std::collections::BTreeMap;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Beside, LEGACY_MANIFEST};
use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::render::PageKind;
use crate::site_root::SiteRoot;
use crate::types::OutputPath;
use crate::BuildOptions;

/// A fingerprint of everything a build reads: this program, the options, the settings file and
/// every content, template and static file.
/// The fingerprint of a build's inputs, as hex.
pub fn fingerprint(root: &SiteRoot, options: &BuildOptions) -> Result<String> {
    // The standard hasher with its fixed keys: stable from run to run; should a new Rust release
    // change it, that costs one full build, nothing more.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    // The program itself, by size and modification time: a new build of xiezuo means new output.
    if let Some(metadata) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        hasher.write_u64(metadata.len());
        if let Ok(modified) = metadata.modified() {
            hasher.write(format!("{modified:?}").as_bytes());
        }
    }
    hasher.write(
        format!(
            "{:?}|{}|{:?}",
            options.base_url, options.check_links, options.drafts
        )
        .as_bytes(),
    );
    let config = root.path(CONFIG_FILE);
    if config.is_file() {
        hash_file(&mut hasher, root, &config)?;
    }
    let mut files = Vec::new();
    for dir in [root.content_dir(), root.templates_dir()] {
        files.extend(root.files_under(&dir, |_| true)?);
    }
    // Read and hash in parallel (thousands of articles), then combine in a fixed order.
    let digests = files
        .par_iter()
        .map(|path| {
            let mut file_hasher = std::hash::DefaultHasher::new();
            hash_file(&mut file_hasher, root, path)?;
            Ok(file_hasher.finish())
        })
        .collect::<Result<Vec<u64>>>()?;
    for digest in digests {
        hasher.write_u64(digest);
    }
    // Static files can be large (images): their size and modification time stand for their bytes.
    for path in root.files_under(&root.static_dir(), |_| true)? {
        let metadata = std::fs::metadata(&path).map_err(Error::io("read", &path))?;
        hasher.write(in_site(root, &path));
        hasher.write_u64(metadata.len());
        if let Ok(modified) = metadata.modified() {
            hasher.write(format!("{modified:?}").as_bytes());
        }
    }
    Ok(format!("{:016x}", hasher.finish()))
}

fn hash_file(hasher: &mut impl Hasher, root: &SiteRoot, path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    hasher.write(in_site(root, path));
    hasher.write_u64(bytes.len() as u64);
    hasher.write(&bytes);
    Ok(())
}

/// A file's path inside the site, as bytes: the fingerprint is of the site, not of how its
/// folder was named on the command line (`--root site`, `--root /abs/site` and `--root
/// ./site` are one site, and a rebuild of it with nothing changed is skipped whichever it was).
fn in_site<'p>(root: &SiteRoot, path: &'p Path) -> &'p [u8] {
    path.strip_prefix(root.dir())
        .unwrap_or(path)
        .as_os_str()
        .as_encoded_bytes()
}

/// The record's file beside `output`.
pub(super) fn path(beside: &Beside) -> PathBuf {
    beside.file("cache")
}

#[derive(Serialize, Deserialize)]
struct Record {
    inputs: String,
    pages: BTreeMap<PageKind, usize>,
    /// `(path, size, modified)` of every file the build wrote.
    files: Vec<(String, u64, String)>,
}

/// A previous build whose inputs were exactly this build's, with its output untouched since.
pub struct CurrentBuild {
    pub pages: BTreeMap<PageKind, usize>,
    pub files: Vec<OutputPath>,
}

/// The previous build in `output`, if it was made from inputs with this fingerprint and every
/// file it wrote is still as it left it. Anything unexpected means "no": then the build runs.
pub fn current_build(output: &Path, inputs: &str) -> Option<CurrentBuild> {
    if output.join(LEGACY_MANIFEST).exists() {
        // An output from before the manifest moved beside it: build, which moves it.
        return None;
    }
    let text = fs::read_to_string(path(&Beside::of(output).ok()?)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.inputs != inputs {
        return None;
    }
    // In parallel, and relative to the open output folder: at 10k the check is 38,000 file
    // lookups, nearly all of a rebuild with nothing changed, and most of each is the kernel
    // walking the path.
    use rustix::fs::{AtFlags, Mode, OFlags};
    let folder = rustix::fs::open(
        output,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    let files = record
        .files
        .par_iter()
        .map(|(path, size, modified)| {
            let stat = rustix::fs::statat(&folder, path.as_str(), AtFlags::empty()).ok()?;
            // The same number `modified_text` writes: nanoseconds since the epoch.
            let nanos = i128::from(stat.st_mtime) * 1_000_000_000 + i128::from(stat.st_mtime_nsec);
            let untouched = stat.st_size as u64 == *size && nanos.to_string() == *modified;
            untouched.then(|| OutputPath::parse(path).ok()).flatten()
        })
        .collect::<Option<Vec<OutputPath>>>()?;
    Some(CurrentBuild {
        pages: record.pages,
        files,
    })
}

/// Drops the record, after the output was changed by other means.
pub(super) fn forget(output: &Path) {
    if let Ok(beside) = Beside::of(output) {
        let _ = fs::remove_file(path(&beside));
    }
}

/// The size and modification time of every file placed, taken as it was placed (from the open
/// file, without looking its path up again); safe to add to from many threads at once.
#[derive(Default)]
pub(super) struct Stamps(Mutex<Vec<(String, u64, String)>>);

impl Stamps {
    pub(super) fn add(&self, path: &OutputPath, metadata: &fs::Metadata) {
        let stamp = (
            path.as_str().to_string(),
            metadata.len(),
            modified_text(metadata),
        );
        self.0.lock().expect("stamps lock").push(stamp);
    }

    /// The record of a build from `inputs` with these page counts, as written to the file.
    pub(super) fn into_text(self, inputs: &str, pages: &BTreeMap<PageKind, usize>) -> String {
        let mut files = self.0.into_inner().expect("stamps lock");
        files.sort_unstable();
        let record = Record {
            inputs: inputs.to_string(),
            pages: pages.clone(),
            files,
        };
        serde_json::to_string(&record).expect("the cache always serialises")
    }
}

/// Writes the record text made by [`Stamps::into_text`] to `record`.
pub(super) fn write(record: &Path, text: &str) -> Result<()> {
    fs::write(record, text).map_err(Error::io("write", record))
}

/// A file's modification time as nanoseconds since 1970 (`""` where the system has none).
fn modified_text(metadata: &fs::Metadata) -> String {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|since| since.as_nanos().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_an_input_or_option_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/pairings.toml"), "a").unwrap();
        let root = SiteRoot::new(dir.path());
        let options = BuildOptions::new(dir.path());
        let first = fingerprint(&root, &options).unwrap();
        assert_eq!(first, fingerprint(&root, &options).unwrap(), "stable");
        std::fs::write(dir.path().join("content/pairings.toml"), "b").unwrap();
        let edited = fingerprint(&root, &options).unwrap();
        assert_ne!(first, edited);
        let other_base = BuildOptions {
            base_url: Some("https://x.org/".into()),
            ..options
        };
        assert_ne!(edited, fingerprint(&root, &other_base).unwrap());
    }

    #[test]
    fn the_fingerprint_is_of_the_site_not_of_how_its_folder_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        std::fs::write(dir.path().join("content/articles/a.md"), "a").unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/x.css"), "x").unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title = \"t\"").unwrap();
        let fingerprint_at = |spelled: &Path| {
            fingerprint(&SiteRoot::new(spelled), &BuildOptions::new(spelled)).unwrap()
        };
        let plain = fingerprint_at(dir.path());
        assert_eq!(plain, fingerprint_at(&dir.path().join(".")));
        let name = dir.path().file_name().unwrap();
        assert_eq!(plain, fingerprint_at(&dir.path().join("..").join(name)));
    }
}
