//! Writing a build: into a staging folder beside the output, file by file as pages are
//! rendered, then swapped in whole. Unchanged files are hard-linked from the previous build (they
//! keep their inode and modification time), files xiezuo did not write are carried over, and on
//! Linux the swap is one atomic exchange, so a build killed at any moment leaves either the old
//! site or the new one, complete.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::cache::{self, Stamps};
use super::manifest::{self, FolderId, LEGACY_MANIFEST};
use super::{Beside, Contents, OutputFile};
use crate::error::{Diagnostic, Error, Result};
use crate::page::PageKind;
use crate::types::OutputPath;

/// What a write did, file by file, each list sorted.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// Files whose bytes are new or changed.
    pub written: Vec<OutputPath>,
    /// Files identical to the previous build's; they keep their inode and modification time.
    pub unchanged: Vec<OutputPath>,
    /// Files the previous build wrote and this one did not.
    pub removed: Vec<OutputPath>,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    Written,
    Unchanged,
}

/// A build being written. Dropping it without [`Staging::commit`] removes what was written and
/// leaves the output folder as it was.
pub struct Staging {
    output: PathBuf,
    beside: Beside,
    /// The cache and the manifest, named once at the start: the swap must not change where
    /// they go.
    cache: PathBuf,
    record: PathBuf,
    dir: PathBuf,
    previous: Option<PreviousBuild>,
    foreign: Vec<String>,
    /// The size and modification time of every file placed, for the cache record.
    stamps: Stamps,
    committed: bool,
}

impl Staging {
    /// Prepares to write `planned` (every output path of the build) as the new `output`.
    pub fn begin(output: &Path, planned: &[OutputPath]) -> Result<Staging> {
        let beside = Beside::of(output)?;
        // From here on the output is the folder this path leads to now, so that the swap and
        // the records beside it stay together whatever happens to the path meanwhile.
        let output = &beside.output();
        let parent = &beside.parent;
        fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
        remove_leftovers(parent, &beside.name)?;
        let record = beside.manifest();
        let previous = PreviousBuild::read(output, &record)?;
        let foreign = match &previous {
            Some(previous) => previous.foreign_files()?,
            None => Vec::new(),
        };
        refuse_replacing_foreign_files(&foreign, planned, previous.as_ref())?;
        let dir = beside.file(&format!("staging-{}", std::process::id()));
        fs::create_dir(&dir).map_err(Error::io("create the staging folder", &dir))?;
        let staging = Staging {
            output: output.to_path_buf(),
            cache: cache::path(&beside),
            record,
            beside,
            dir,
            previous,
            foreign,
            stamps: Stamps::default(),
            committed: false,
        };
        let foreign_folders = staging
            .foreign
            .iter()
            .filter_map(|path| path.rsplit_once('/').map(|(folder, _)| folder));
        let folders: BTreeSet<&str> = planned
            .iter()
            .filter_map(OutputPath::folder)
            .chain(foreign_folders)
            .collect();
        // Every folder at once (one per page: thousands). `create_dir_all` makes the folders
        // they are in, and one that another thread made meanwhile counts as made.
        folders.par_iter().try_for_each(|folder| {
            let path = staging.dir.join(folder);
            fs::create_dir_all(&path).map_err(Error::io("create the folder", &path))
        })?;
        Ok(staging)
    }

    /// Places one file; safe to call from many threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<Placed> {
        let target = self.dir.join(file.path.as_str());
        if let Some(previous) = self
            .previous
            .as_ref()
            .filter(|p| p.written.contains(file.path.as_str()))
        {
            let old = previous.dir.join(file.path.as_str());
            if same_contents(&old, &file.contents) && fs::hard_link(&old, &target).is_ok() {
                let metadata = fs::metadata(&target).map_err(Error::io("read", &target))?;
                self.stamp(file, &metadata);
                return Ok(Placed::Unchanged);
            }
        }
        let write = |bytes: &[u8]| -> std::io::Result<fs::Metadata> {
            let mut out = fs::File::create(&target)?;
            out.write_all(bytes)?;
            out.metadata()
        };
        let metadata = match &file.contents {
            Contents::Bytes(bytes) => write(bytes).map_err(Error::io("write", &target))?,
            Contents::BuiltIn(bytes) => write(bytes).map_err(Error::io("write", &target))?,
            Contents::CopyOf(source) => {
                fs::copy(source, &target).map_err(Error::io("copy", source))?;
                fs::metadata(&target).map_err(Error::io("read", &target))?
            }
        };
        self.stamp(file, &metadata);
        Ok(Placed::Written)
    }

    fn stamp(&self, file: &OutputFile, metadata: &fs::Metadata) {
        self.stamps.add(&file.path, metadata);
    }

    /// Finishes the build: keeps foreign files, writes the manifest (and, given the inputs'
    /// fingerprint and page counts, the cache) and swaps the new site in.
    pub fn commit(
        mut self,
        mut placed: Vec<(OutputPath, Placed)>,
        record: Option<(&cache::Inputs, &BTreeMap<PageKind, usize>)>,
    ) -> Result<WriteSummary> {
        if let Some(previous) = &self.previous {
            for path in &self.foreign {
                carry_over(&previous.dir, &self.dir, path)?;
            }
        }
        placed.sort_by(|a, b| a.0.cmp(&b.0));
        let files: Vec<String> = placed.iter().map(|(path, _)| path.to_string()).collect();
        // Before the swap the manifest describes both folders and after it only the new one, so
        // whichever is in place after an interruption is known as xiezuo's.
        let new_entry = (FolderId::of(&self.dir)?, files);
        let mut entries = vec![new_entry.clone()];
        if let Some(previous) = &self.previous {
            entries.push((
                previous.id.clone(),
                previous.written.iter().map(OutputPath::to_string).collect(),
            ));
        }
        manifest::write(&self.record, entries)?;
        // The cache is removed before the swap and written after it, so that it never describes
        // an output it did not see: an interruption in between only costs a full build.
        let cache = self.cache.clone();
        let _ = fs::remove_file(&cache);
        let stamps = std::mem::take(&mut self.stamps);
        let recorded = record.map(|(inputs, pages)| stamps.into_text(inputs, pages));
        let new_paths: BTreeSet<&str> = placed.iter().map(|(path, _)| path.as_str()).collect();
        let removed = match &self.previous {
            Some(previous) => previous
                .written
                .iter()
                .filter(|path| !new_paths.contains(path.as_str()))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        swap_in(&self.dir, &self.output, &self.beside)?;
        self.committed = true;
        manifest::write(&self.record, vec![new_entry])?;
        if let Some(text) = recorded {
            cache::write(&cache, &text)?;
        }
        let mut summary = WriteSummary {
            removed,
            ..WriteSummary::default()
        };
        for (path, how) in placed {
            match how {
                Placed::Written => summary.written.push(path),
                Placed::Unchanged => summary.unchanged.push(path),
            }
        }
        Ok(summary)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging and old folders that an interrupted earlier build left beside the output.
/// Builds into one output hold its lock, so no other build is writing; still, a folder whose
/// process is alive (a build by a version of xiezuo without the lock) is left alone.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefix = format!(".{name}.xiezuo-");
    for entry in fs::read_dir(parent).map_err(Error::io("read the folder", parent))? {
        let entry = entry.map_err(Error::io("read the folder", parent))?;
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let is_leftover = ["staging-", "old-"].iter().any(|kind| {
            rest.strip_prefix(kind)
                .is_some_and(|pid| !is_another_live_process(pid))
        });
        if is_leftover && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(Error::io("remove the leftover folder", &path))?;
        }
    }
    Ok(())
}

/// Whether `pid` (as written in a folder's name) is a running process other than this one.
fn is_another_live_process(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Signal 0 only asks whether the process exists; "not permitted" means it does.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// The output folder as the last build left it, known by its manifest.
struct PreviousBuild {
    dir: PathBuf,
    id: FolderId,
    written: BTreeSet<OutputPath>,
}

impl PreviousBuild {
    fn read(output: &Path, record: &Path) -> Result<Option<Self>> {
        let Some(written) = manifest::written_files(output, record)? else {
            return Ok(None);
        };
        Ok(Some(PreviousBuild {
            dir: output.to_path_buf(),
            id: FolderId::of(output)?,
            written,
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
            // The manifest of an output from before it moved beside it is not carried over.
            if relative != LEGACY_MANIFEST && !self.written.contains(relative.as_str()) {
                foreign.push(relative);
            }
        }
        Ok(foreign)
    }
}

fn refuse_replacing_foreign_files(
    foreign: &[String],
    planned: &[OutputPath],
    previous: Option<&PreviousBuild>,
) -> Result<()> {
    let Some(previous) = previous else {
        return Ok(());
    };
    let new_paths: BTreeSet<&str> = planned.iter().map(OutputPath::as_str).collect();
    let clashes: Vec<Diagnostic> = foreign
        .iter()
        .filter(|path| new_paths.contains(path.as_str()))
        .map(|path| {
            Diagnostic::output(
                &previous.dir.join(path),
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

/// Puts the finished staging folder in place of `output`. On Linux the two folders are exchanged
/// in one atomic step; elsewhere the old one is moved aside first and put back if that fails.
fn swap_in(staging: &Path, output: &Path, beside: &Beside) -> Result<()> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(Error::io("move the new site into", output));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        return fs::remove_dir_all(staging)
            .map_err(Error::io("remove the previous site at", staging));
    }
    let old = beside.file(&format!("old-{}", std::process::id()));
    fs::rename(output, &old).map_err(Error::io("move aside the previous site in", output))?;
    if let Err(err) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(Error::io("move the new site into", output)(err));
    }
    fs::remove_dir_all(&old).map_err(Error::io("remove the previous site at", &old))
}

/// Exchanges two folders in one step, where the system can (Linux); elsewhere `Unsupported`.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` as the new content of `output` in one go, as a build writes its files.
    fn write(output: &Path, files: &[OutputFile]) -> Result<WriteSummary> {
        let planned: Vec<OutputPath> = files.iter().map(|f| f.path.clone()).collect();
        let _lock = crate::output::lock(output, &crate::progress::Progress::default())?;
        let staging = Staging::begin(output, &planned)?;
        let placed = files
            .iter()
            .map(|file| staging.put(file).map(|how| (file.path.clone(), how)))
            .collect::<Result<Vec<_>>>()?;
        staging.commit(placed, None)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: OutputPath::parse(path).unwrap(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    /// The files xiezuo recorded as written into `out`, from the manifest beside it.
    fn recorded(out: &Path) -> Vec<OutputPath> {
        let record = Beside::of(out).unwrap().manifest();
        manifest::written_files(out, &record)
            .unwrap()
            .expect("the output is known as xiezuo's")
            .into_iter()
            .collect()
    }

    #[test]
    fn writes_files_and_a_manifest_beside_them_then_replaces_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a/index.html", "一"), file("b.css", "x")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
        let summary = write(&out, &[file("c.html", "二")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(summary.removed, ["a/index.html", "b.css"]);
        assert_eq!(recorded(&out), ["c.html"]);
        let published: Vec<_> = WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(published, ["c.html"], "the output holds the site alone");
        let mut beside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.xiezuo-lock", ".public.xiezuo-manifest", "public"],
            "no staging or old folder remains"
        );
    }

    #[test]
    fn an_output_with_its_manifest_inside_is_taken_over_and_the_manifest_moved_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "旧").unwrap();
        fs::write(out.join("old.html"), "旧").unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::write(out.join(LEGACY_MANIFEST), "index.html\nold.html\n").unwrap();
        let summary = write(&out, &[file("index.html", "新"), file("new.html", "新")]).unwrap();
        assert_eq!(summary.removed, ["old.html"]);
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
        assert!(
            !out.join(LEGACY_MANIFEST).exists(),
            "the old manifest is gone"
        );
        assert_eq!(recorded(&out), ["index.html", "new.html"]);
        // And the next build knows the folder by the manifest beside it alone.
        let summary = write(&out, &[file("index.html", "新")]).unwrap();
        assert_eq!(summary.removed, ["new.html"]);
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
    }

    #[test]
    fn a_folder_recreated_by_hand_is_not_taken_for_the_one_the_manifest_describes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("index.html", "x")]).unwrap();
        fs::remove_dir_all(&out).unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "mine").unwrap();
        let record = Beside::of(&out).unwrap().manifest();
        assert!(manifest::written_files(&out, &record).unwrap().is_none());
        let root = crate::site_root::SiteRoot::new(&dir.path().join("site"));
        fs::create_dir_all(dir.path().join("site/content")).unwrap();
        let err = super::super::check_location(&root, &out)
            .unwrap_err()
            .to_string();
        assert!(err.contains("was not written by xiezuo"), "{err}");
    }

    /// The output is reached through a symbolic link that is re-pointed while the build runs:
    /// the cache still goes beside the folder the build swapped in, not beside another one.
    #[test]
    fn the_cache_goes_beside_the_output_the_build_began_with() {
        let dir = tempfile::tempdir().unwrap();
        let (real, elsewhere) = (dir.path().join("real"), dir.path().join("elsewhere"));
        fs::create_dir(&real).unwrap();
        fs::create_dir(&elsewhere).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let out = link.join("public");
        let staging = Staging::begin(&out, &[OutputPath::top_file("index.html")]).unwrap();
        let placed = vec![(
            OutputPath::parse("index.html").unwrap(),
            staging.put(&file("index.html", "x")).unwrap(),
        )];
        fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        staging
            .commit(
                placed,
                Some((&super::cache::Inputs::default(), &BTreeMap::new())),
            )
            .unwrap();
        assert!(real.join("public/index.html").is_file());
        assert!(real.join(".public.xiezuo-cache").is_file());
        assert!(real.join(".public.xiezuo-manifest").is_file());
        assert!(!elsewhere.join(".public.xiezuo-cache").exists());
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

    /// Built-in assets and copied static files are compared with the previous build's as
    /// pages are: the same bytes keep the file (its inode and modification time, which is what
    /// a server's caching and rsync go by); other bytes of the same length replace it.
    #[test]
    fn every_kind_of_file_is_kept_when_unchanged_and_replaced_when_its_bytes_differ() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let source = dir.path().join("logo.png");
        fs::write(&source, "PNG1").unwrap();
        let built_in = |bytes: &'static [u8]| OutputFile {
            path: OutputPath::parse("style.css").unwrap(),
            contents: Contents::BuiltIn(bytes),
        };
        let copied = OutputFile {
            path: OutputPath::parse("static/logo.png").unwrap(),
            contents: Contents::CopyOf(source.clone()),
        };
        let files = |css: &'static [u8], page: &str| {
            vec![built_in(css), copied.clone(), file("index.html", page)]
        };
        write(&out, &files(b"body{}", "甲")).unwrap();
        let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
        let before = ["style.css", "static/logo.png", "index.html"].map(inode);
        let summary = write(&out, &files(b"body{}", "甲")).unwrap();
        assert_eq!(
            summary.unchanged,
            ["index.html", "static/logo.png", "style.css"]
        );
        assert!(summary.written.is_empty() && summary.removed.is_empty());
        assert_eq!(
            ["style.css", "static/logo.png", "index.html"].map(inode),
            before
        );
        // Same lengths, other bytes.
        fs::write(&source, "PNG2").unwrap();
        let summary = write(&out, &files(b"body{ ", "乙")).unwrap();
        assert!(summary.unchanged.is_empty(), "{summary:?}");
        assert_eq!(
            summary.written,
            ["index.html", "static/logo.png", "style.css"]
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "乙");
        assert_eq!(
            fs::read_to_string(out.join("static/logo.png")).unwrap(),
            "PNG2"
        );
        assert_eq!(fs::read_to_string(out.join("style.css")).unwrap(), "body{ ");
        // A static file that is gone at write time is an error, not taken for unchanged.
        fs::remove_file(&source).unwrap();
        let err = write(&out, &files(b"body{ ", "乙"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("logo.png"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("static/logo.png")).unwrap(),
            "PNG2",
            "the failed build left the output as it was"
        );
        let beside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("staging"))
            .collect();
        assert!(
            beside.is_empty(),
            "and removed its staging folder: {beside:?}"
        );
    }

    #[test]
    fn a_file_the_previous_build_lost_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a.html", "甲"), file("b.html", "乙")]).unwrap();
        fs::remove_file(out.join("a.html")).unwrap();
        let summary = write(&out, &[file("a.html", "甲"), file("b.html", "乙")]).unwrap();
        assert_eq!(summary.written, ["a.html"]);
        assert_eq!(summary.unchanged, ["b.html"]);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "甲");
    }

    /// Nested folders are made before the files in them, however deep and however many.
    #[test]
    fn files_in_nested_folders_and_foreign_files_in_folders_of_their_own_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let paths = [
            "a/index.html",
            "a/b/index.html",
            "a/b/c/index.html",
            "a/bc/index.html",
            "ab/index.html",
            "z/y/x/w.json",
        ];
        let files: Vec<OutputFile> = paths.iter().map(|p| file(p, p)).collect();
        write(&out, &files).unwrap();
        fs::create_dir_all(out.join("mine/deep")).unwrap();
        fs::write(out.join("mine/deep/notes.txt"), "留").unwrap();
        let summary = write(&out, &files).unwrap();
        assert_eq!(summary.unchanged.len(), paths.len());
        for path in paths {
            assert_eq!(fs::read_to_string(out.join(path)).unwrap(), path);
        }
        assert_eq!(
            fs::read_to_string(out.join("mine/deep/notes.txt")).unwrap(),
            "留"
        );
    }

    #[test]
    fn removes_leftovers_of_an_interrupted_build_but_not_a_live_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut finished = std::process::Command::new("true").spawn().unwrap();
        finished.wait().unwrap();
        let stale = dir
            .path()
            .join(format!(".public.xiezuo-staging-{}", finished.id()));
        fs::create_dir(&stale).unwrap();
        // The process that started the tests is alive, and not this one.
        let live = dir.path().join(format!(
            ".public.xiezuo-staging-{}",
            std::os::unix::process::parent_id()
        ));
        fs::create_dir(&live).unwrap();
        write(&dir.path().join("public"), &[file("index.html", "x")]).unwrap();
        assert!(!stale.exists());
        assert!(
            live.exists(),
            "a live process's staging folder is left alone"
        );
    }
}
