//! The only module that touches the output folder. A build is written into a fresh staging
//! folder beside the output and swapped in only when complete, so a failed or interrupted build
//! leaves the previous site exactly as it was. Folders xiezuo did not write are never replaced.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::site_root::SiteRoot;
use crate::types::OutputPath;

pub mod cache;
mod lock;
mod manifest;

pub use lock::OutputLock;
pub use manifest::LEGACY_MANIFEST;

/// Where xiezuo keeps its records of the output folder `<parent>/<name>`: beside it, as
/// `.<name>.xiezuo-cache`, `.<name>.xiezuo-manifest` and `.<name>.xiezuo-lock`, so that the
/// folder holds the site and nothing else. Worked out once per build, from the output's path
/// with symbolic links resolved, so that every record is found beside the folder actually used.
#[derive(Debug, Clone)]
pub(crate) struct Beside {
    parent: PathBuf,
    name: String,
}

impl Beside {
    pub(crate) fn of(output: &Path) -> Result<Beside> {
        let absolute = resolve_future_path(output)?;
        let name = absolute
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::UnsafeOutput {
                path: output.to_path_buf(),
                reason: "it has no UTF-8 folder name".into(),
            })?
            .to_string();
        let parent = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
        Ok(Beside { parent, name })
    }

    /// `.<name>.xiezuo-<what>` beside the output.
    fn file(&self, what: &str) -> PathBuf {
        self.parent.join(format!(".{}.xiezuo-{what}", self.name))
    }

    /// The output folder itself, symbolic links resolved.
    fn output(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    fn manifest(&self) -> PathBuf {
        self.file("manifest")
    }
}

/// Locks `output` against other builds into it until the returned lock is dropped; waits (and
/// says so in `progress`) while another build holds it.
pub fn lock(output: &Path, progress: &crate::progress::Progress) -> Result<OutputLock> {
    lock::acquire(&Beside::of(output)?.file("lock"), progress)
}

/// Whether `output` holds a site that xiezuo wrote.
pub fn written_by_xiezuo(output: &Path) -> Result<bool> {
    let beside = Beside::of(output)?;
    Ok(manifest::written_files(output, &beside.manifest())?.is_some())
}

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    BuiltIn(&'static [u8]),
    /// A file copied as-is from the site.
    CopyOf(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: OutputPath,
    pub contents: Contents,
}

pub(crate) fn canonical(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).map_err(Error::io("resolve", path))
}

/// The absolute form of a path that may not exist yet: each existing prefix is resolved through
/// symbolic links, `..` steps back one level, and the parts that do not exist yet are appended.
fn resolve_future_path(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(Error::io("read the current folder", Path::new(".")))?
            .join(path)
    };
    let mut resolved = PathBuf::from("/");
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(part) => {
                resolved.push(part);
                if resolved.exists() {
                    resolved = canonical(&resolved)?;
                }
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    Ok(resolved)
}

/// Refuses an output folder that would destroy the site or someone else's files: the site root
/// itself, a folder above it, a folder inside `content/`, `templates/` or `static/`, a folder
/// holding `content/`, or an existing non-empty folder that xiezuo did not write.
pub fn check_location(root: &SiteRoot, output: &Path) -> Result<()> {
    let refuse = |reason: &str| {
        Err(Error::UnsafeOutput {
            path: output.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    let real_root = canonical(root.dir())?;
    let real_output = resolve_future_path(output)?;
    if real_output == real_root {
        return refuse("it is the site folder itself; use --output public");
    }
    if real_root.starts_with(&real_output) {
        return refuse("it contains the site folder");
    }
    for source in ["content", "templates", "static"] {
        if real_output.starts_with(real_root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if real_output.join("content").is_dir() {
        return refuse("it holds a content/ folder, so it looks like a site, not an output");
    }
    if real_output.is_file() {
        return refuse("it is a file");
    }
    if real_output.is_dir() && !is_empty_dir(&real_output)? && !written_by_xiezuo(&real_output)? {
        let record = Beside::of(&real_output)?.manifest();
        return refuse(&format!(
            "it is not empty and was not written by xiezuo ({} does not list it); empty it or choose another folder",
            record.display()
        ));
    }
    Ok(())
}

fn is_empty_dir(path: &Path) -> Result<bool> {
    Ok(fs::read_dir(path)
        .map_err(Error::io("read the folder", path))?
        .next()
        .is_none())
}

mod staging;

pub use staging::{Placed, Staging, WriteSummary};

/// Rewrites, inside an existing output whose lock the caller holds, the files whose bytes changed
/// (each through a temporary file and a rename, so a reader never sees half a file); for
/// rebuilds after an article edit. The cache record is dropped first, so that a rewrite cut
/// short is never taken for a finished build. Returns the paths written.
pub fn replace_in_place(
    output: &Path,
    files: &[(OutputPath, Vec<u8>)],
    _held: &OutputLock,
) -> Result<Vec<OutputPath>> {
    use rayon::prelude::*;
    let replace = |(path, bytes): &(OutputPath, Vec<u8>)| -> Result<Option<OutputPath>> {
        let target = output.join(path.as_str());
        if fs::read(&target).is_ok_and(|old| old == *bytes) {
            return Ok(None);
        }
        let temporary = target.with_file_name(format!(
            ".{}.xiezuo-new",
            path.as_str().rsplit('/').next().unwrap_or("file")
        ));
        fs::write(&temporary, bytes).map_err(Error::io("write", &temporary))?;
        fs::rename(&temporary, &target).map_err(Error::io("replace", &target))?;
        Ok(Some(path.clone()))
    };
    cache::forget(output);
    let outcomes: Vec<Result<Option<OutputPath>>> = files.par_iter().map(replace).collect();
    let mut written: Vec<OutputPath> = outcomes
        .into_iter()
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_root_its_parents_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let root = SiteRoot::new(&site);
        assert!(check_location(&root, &site).is_err());
        assert!(check_location(&root, dir.path()).is_err());
        assert!(check_location(&root, &site.join("content/out")).is_err());
        let foreign = site.join("mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "x").unwrap();
        let err = check_location(&root, &foreign).unwrap_err().to_string();
        assert!(err.contains("was not written by xiezuo"), "{err}");
        assert!(check_location(&root, &site.join("public")).is_ok());
        assert!(check_location(&root, &site.join("a/../public")).is_ok());
        assert!(check_location(&root, &site.join("public/..")).is_err());
    }
}
