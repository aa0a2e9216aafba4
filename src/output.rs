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

/// The default static files, shipped inside the binary; a site's `static/` overrides them by name.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
];

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

/// The site's static files and the defaults it does not override, sorted by path.
pub fn static_files(root: &SiteRoot) -> Result<Vec<OutputFile>> {
    let dir = root.static_dir();
    let mut files: Vec<OutputFile> = Vec::new();
    if dir.exists() {
        let real_root = canonical(root.dir())?;
        for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|err| Error::Io {
                action: "read the static folder",
                path: err.path().unwrap_or(&dir).to_path_buf(),
                source: err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("symlink loop")),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            refuse_escaping_link(entry.path(), &real_root)?;
            let relative = entry
                .path()
                .strip_prefix(&dir)
                .expect("walked paths are inside the folder");
            files.push(OutputFile {
                path: output_path_of(entry.path(), relative)?,
                contents: Contents::CopyOf(entry.path().to_path_buf()),
            });
        }
    }
    let overridden: BTreeSet<String> = files.iter().map(|f| f.path.as_str().to_string()).collect();
    for (name, bytes) in DEFAULT_STATIC {
        if !overridden.contains(*name) {
            files.push(OutputFile {
                path: OutputPath::parse(name).expect("default static paths are valid"),
                contents: Contents::BuiltIn(bytes),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn output_path_of(path: &Path, relative: &Path) -> Result<OutputPath> {
    let text = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.join("/"));
    text.ok_or_else(|| "the name is not UTF-8".to_string())
        .and_then(|text| OutputPath::parse(&text))
        .map_err(|message| {
            Error::invalid(
                Diagnostic::new(
                    path,
                    None,
                    format!("cannot publish this static file: {message}"),
                )
                .with_help("rename it with a UTF-8 name without backslashes or colons"),
            )
        })
}

/// A static file reached through a symbolic link must still lie inside the site folder.
fn refuse_escaping_link(path: &Path, real_root: &Path) -> Result<()> {
    let real = canonical(path)?;
    if real.starts_with(real_root) {
        Ok(())
    } else {
        Err(Error::invalid(
            Diagnostic::new(
                path,
                None,
                format!("links to {}, outside the site folder", real.display()),
            )
            .with_help("copy the file into the site instead of linking to it"),
        ))
    }
}

fn canonical(path: &Path) -> Result<PathBuf> {
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

/// What a write did.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    pub files: usize,
}

/// Writes `files` as the new content of `output`: into a staging folder first, then swapped in.
/// On any error the staging folder is removed and `output` is untouched.
pub fn write(output: &Path, files: &[OutputFile]) -> Result<WriteSummary> {
    let (parent, name) = split_output(output)?;
    fs::create_dir_all(&parent).map_err(Error::io("create the folder", &parent))?;
    remove_leftovers(&parent, &name)?;
    let staging = parent.join(format!(".{name}.xiezuo-staging-{}", std::process::id()));
    let result = fill(&staging, files).and_then(|()| swap_in(&staging, output, &parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| WriteSummary { files: files.len() })
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

fn fill(staging: &Path, files: &[OutputFile]) -> Result<()> {
    fs::create_dir(staging).map_err(Error::io("create the staging folder", staging))?;
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.as_str().rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for folder in folders {
        let path = staging.join(folder);
        fs::create_dir_all(&path).map_err(Error::io("create the folder", &path))?;
    }
    files
        .par_iter()
        .try_for_each(|file| write_file(staging, file))?;
    let mut manifest: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    manifest.sort_unstable();
    let path = staging.join(MANIFEST);
    fs::write(&path, manifest.join("\n") + "\n").map_err(Error::io("write", &path))
}

fn write_file(staging: &Path, file: &OutputFile) -> Result<()> {
    let target = staging.join(file.path.as_str());
    match &file.contents {
        Contents::Bytes(bytes) => fs::write(&target, bytes).map_err(Error::io("write", &target)),
        Contents::BuiltIn(bytes) => fs::write(&target, bytes).map_err(Error::io("write", &target)),
        Contents::CopyOf(source) => fs::copy(source, &target)
            .map(|_| ())
            .map_err(Error::io("copy", source)),
    }
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
        write(&out, &[file("c.html", "二")]).unwrap();
        assert!(!out.join("a").exists());
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
    fn removes_leftovers_of_an_interrupted_build() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".public.xiezuo-staging-1");
        fs::create_dir(&stale).unwrap();
        write(&dir.path().join("public"), &[file("index.html", "x")]).unwrap();
        assert!(!stale.exists());
    }
}
