//! The only module that touches the output folder. A build is written into a fresh staging
//! folder beside the output and swapped in only when complete, so a failed or interrupted build
//! leaves the previous site exactly as it was. Folders xiezuo did not write are never replaced.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};
use crate::site_root::SiteRoot;
use crate::types::OutputPath;

/// Lists every file of a finished build; its presence marks a folder as written by xiezuo.
pub const MANIFEST: &str = ".xiezuo-manifest";

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
    if real_output.is_dir() && !real_output.join(MANIFEST).is_file() && !is_empty_dir(&real_output)?
    {
        return refuse(&format!(
            "it is not empty and was not written by xiezuo (it has no {MANIFEST}); empty it or choose another folder"
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

/// What a write did, file by file, each list sorted.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// Files whose bytes are new or changed.
    pub written: Vec<OutputPath>,
    /// Files identical to the previous build's; they keep their inode and modification time.
    pub unchanged: Vec<OutputPath>,
    /// Files the previous build wrote and this one did not.
    pub removed: Vec<String>,
}

/// Writes `files` as the new content of `output`: into a staging folder first, then swapped in.
/// Unchanged files are hard-linked from the previous build, so they keep their modification
/// time; files in `output` that xiezuo did not write are carried over untouched. On any error
/// the staging folder is removed and `output` is left as it was.
pub fn write(output: &Path, files: &[OutputFile]) -> Result<WriteSummary> {
    let (parent, name) = split_output(output)?;
    fs::create_dir_all(&parent).map_err(Error::io("create the folder", &parent))?;
    remove_leftovers(&parent, &name)?;
    let previous = PreviousBuild::read(output)?;
    let staging = parent.join(format!(".{name}.xiezuo-staging-{}", std::process::id()));
    let result = fill(&staging, files, previous.as_ref())
        .and_then(|summary| swap_in(&staging, output, &parent, &name).map(|()| summary));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn split_output(output: &Path) -> Result<(PathBuf, String)> {
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
    Ok((parent, name))
}

/// Removes staging and old folders that an interrupted earlier build left beside the output.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefix = format!(".{name}.xiezuo-");
    for entry in fs::read_dir(parent).map_err(Error::io("read the folder", parent))? {
        let entry = entry.map_err(Error::io("read the folder", parent))?;
        let is_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix));
        if is_ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(Error::io("remove the leftover folder", &path))?;
        }
    }
    Ok(())
}

/// The output folder as the last build left it, known by its manifest.
struct PreviousBuild {
    dir: PathBuf,
    written: BTreeSet<String>,
}

impl PreviousBuild {
    fn read(output: &Path) -> Result<Option<Self>> {
        let manifest = output.join(MANIFEST);
        if !manifest.is_file() {
            return Ok(None);
        }
        let text = fs::read_to_string(&manifest).map_err(Error::io("read", &manifest))?;
        Ok(Some(PreviousBuild {
            dir: output.to_path_buf(),
            written: text
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        }))
    }

    /// Files in the folder that no xiezuo build wrote (a CNAME, say), relative and sorted.
    fn foreign_files(&self) -> Result<Vec<String>> {
        let mut foreign = Vec::new();
        for entry in WalkDir::new(&self.dir).sort_by_file_name() {
            let entry = entry.map_err(|err| Error::Io {
                action: "read the previous output",
                path: err.path().unwrap_or(&self.dir).to_path_buf(),
                source: err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("symlink loop")),
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(&self.dir)
                .expect("walked paths are inside");
            let relative = relative.to_string_lossy().into_owned();
            if relative != MANIFEST && !self.written.contains(&relative) {
                foreign.push(relative);
            }
        }
        Ok(foreign)
    }
}

enum Placed {
    Written,
    Unchanged,
}

fn fill(
    staging: &Path,
    files: &[OutputFile],
    previous: Option<&PreviousBuild>,
) -> Result<WriteSummary> {
    fs::create_dir(staging).map_err(Error::io("create the staging folder", staging))?;
    let foreign = previous
        .map(PreviousBuild::foreign_files)
        .transpose()?
        .unwrap_or_default();
    refuse_replacing_foreign_files(&foreign, files, previous)?;
    let folders: BTreeSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(foreign.iter().map(String::as_str))
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for folder in folders {
        let path = staging.join(folder);
        fs::create_dir_all(&path).map_err(Error::io("create the folder", &path))?;
    }
    let placed: Vec<Placed> = files
        .par_iter()
        .map(|file| place_file(staging, file, previous))
        .collect::<Result<_>>()?;
    if let Some(previous) = previous {
        foreign
            .par_iter()
            .try_for_each(|path| carry_over(&previous.dir, staging, path))?;
    }
    let mut summary = WriteSummary::default();
    for (file, placed) in files.iter().zip(placed) {
        match placed {
            Placed::Written => summary.written.push(file.path.clone()),
            Placed::Unchanged => summary.unchanged.push(file.path.clone()),
        }
    }
    let new_paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if let Some(previous) = previous {
        summary.removed = previous
            .written
            .iter()
            .filter(|path| !new_paths.contains(path.as_str()))
            .cloned()
            .collect();
    }
    let path = staging.join(MANIFEST);
    let manifest: String = new_paths.iter().map(|p| format!("{p}\n")).collect();
    fs::write(&path, manifest).map_err(Error::io("write", &path))?;
    summary.written.sort();
    summary.unchanged.sort();
    Ok(summary)
}

fn refuse_replacing_foreign_files(
    foreign: &[String],
    files: &[OutputFile],
    previous: Option<&PreviousBuild>,
) -> Result<()> {
    let Some(previous) = previous else {
        return Ok(());
    };
    let new_paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let clashes: Vec<Diagnostic> = foreign
        .iter()
        .filter(|path| new_paths.contains(path.as_str()))
        .map(|path| {
            Diagnostic::new(
                &previous.dir.join(path),
                None,
                "this file was not written by xiezuo, and the new build would replace it",
            )
            .with_help("move the file out of the output folder, or into static/ to publish it")
        })
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(crate::error::Diagnostics(clashes)))
    }
}

/// Hard-links the previous build's copy when the bytes are the same, else writes the file.
fn place_file(
    staging: &Path,
    file: &OutputFile,
    previous: Option<&PreviousBuild>,
) -> Result<Placed> {
    let target = staging.join(file.path.as_str());
    if let Some(previous) = previous.filter(|p| p.written.contains(file.path.as_str())) {
        let old = previous.dir.join(file.path.as_str());
        if same_contents(&old, &file.contents) && fs::hard_link(&old, &target).is_ok() {
            return Ok(Placed::Unchanged);
        }
    }
    match &file.contents {
        Contents::Bytes(bytes) => fs::write(&target, bytes).map_err(Error::io("write", &target))?,
        Contents::BuiltIn(bytes) => {
            fs::write(&target, bytes).map_err(Error::io("write", &target))?
        }
        Contents::CopyOf(source) => {
            fs::copy(source, &target).map_err(Error::io("copy", source))?;
        }
    }
    Ok(Placed::Written)
}

/// Whether `old` holds exactly these bytes; any trouble reading it counts as "changed".
fn same_contents(old: &Path, contents: &Contents) -> bool {
    let Ok(metadata) = fs::metadata(old) else {
        return false;
    };
    let expected_len = match contents {
        Contents::Bytes(bytes) => bytes.len() as u64,
        Contents::BuiltIn(bytes) => bytes.len() as u64,
        Contents::CopyOf(source) => match fs::metadata(source) {
            Ok(m) => m.len(),
            Err(_) => return false,
        },
    };
    if metadata.len() != expected_len {
        return false;
    }
    let Ok(old_bytes) = fs::read(old) else {
        return false;
    };
    match contents {
        Contents::Bytes(bytes) => old_bytes == *bytes,
        Contents::BuiltIn(bytes) => old_bytes == *bytes,
        Contents::CopyOf(source) => fs::read(source).is_ok_and(|new| new == old_bytes),
    }
}

fn carry_over(previous: &Path, staging: &Path, relative: &str) -> Result<()> {
    let from = previous.join(relative);
    let to = staging.join(relative);
    if fs::hard_link(&from, &to).is_err() {
        fs::copy(&from, &to).map_err(Error::io("keep the file", &from))?;
    }
    Ok(())
}

/// Puts the finished staging folder in place of `output`, keeping the old one until the new one
/// is in place, and putting it back if that fails.
fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(Error::io("move the new site into", output));
    }
    let old = parent.join(format!(".{name}.xiezuo-old-{}", std::process::id()));
    fs::rename(output, &old).map_err(Error::io("move aside the previous site in", output))?;
    if let Err(err) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(Error::io("move the new site into", output)(err));
    }
    fs::remove_dir_all(&old).map_err(Error::io("remove the previous site at", &old))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: OutputPath::parse(path).unwrap(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn writes_files_and_manifest_then_replaces_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a/index.html", "一"), file("b.css", "x")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
        let summary = write(&out, &[file("c.html", "二")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(summary.removed, ["a/index.html", "b.css"]);
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), "c.html\n");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

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

    #[test]
    fn unchanged_files_keep_their_inode_and_foreign_files_survive() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("same.html", "甲"), file("edit.html", "乙")]).unwrap();
        let inode = fs::metadata(out.join("same.html")).unwrap().ino();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        let summary = write(&out, &[file("same.html", "甲"), file("edit.html", "丙")]).unwrap();
        assert_eq!(fs::metadata(out.join("same.html")).unwrap().ino(), inode);
        assert_eq!(summary.unchanged.len(), 1);
        assert_eq!(summary.written.len(), 1);
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
        let err = write(&out, &[file("CNAME", "x")]).unwrap_err().to_string();
        assert!(err.contains("was not written by xiezuo"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
    }

    #[test]
    fn removes_leftovers_of_an_interrupted_build() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".public.xiezuo-staging-1");
        fs::create_dir(&stale).unwrap();
        write(&dir.path().join("public"), &[file("index.html", "x")]).unwrap();
        assert!(!stale.exists());
    }
}
