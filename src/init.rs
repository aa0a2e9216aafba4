//! Starting a site: `xiezuo init DIR` writes a new site that builds and passes `check` at once
//! (settings, an example pairing file, an article, a page, `.gitignore` and the deploy
//! workflow); `xiezuo init --templates` writes the built-in templates and stylesheet into an
//! existing site for editing. Neither ever replaces a file that is there.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::site_root::SiteRoot;

/// The files of a new site: `(path inside the site, contents)`, from `scaffold/`.
const NEW_SITE: &[(&str, &str)] = &[
    ("xiezuo.toml", include_str!("../scaffold/xiezuo.toml")),
    (
        "content/pairings.toml",
        include_str!("../scaffold/pairings.toml"),
    ),
    (
        "content/articles/example.md",
        include_str!("../scaffold/example.md"),
    ),
    (
        "content/pages/about.md",
        include_str!("../scaffold/about.md"),
    ),
    (".gitignore", include_str!("../scaffold/gitignore")),
    (
        ".github/workflows/site.yml",
        include_str!("../scaffold/site.yml"),
    ),
];

/// Writes a new site into `dir`, which must be missing or empty. Returns the files written, in
/// order.
pub fn new_site(dir: &Path) -> Result<Vec<PathBuf>> {
    if let Some(first) = first_entry(dir)? {
        return Err(Error::invalid(
            Diagnostic::new(
                dir,
                None,
                format!(
                    "cannot make a new site here: the folder is not empty (it holds {})",
                    first.to_string_lossy()
                ),
            )
            .with_help(
                "give a new or empty folder, such as `xiezuo init my-site`; to add the built-in templates to an existing site, use `xiezuo init --templates`",
            ),
        ));
    }
    let files: Vec<(PathBuf, &[u8])> = NEW_SITE
        .iter()
        .map(|(name, text)| (PathBuf::from(name), text.as_bytes()))
        .collect();
    write_all(dir, &files)
}

/// Writes the built-in templates (`templates/…`) and stylesheet (`static/style.css`) into the
/// site at `root`, to be edited there: each then replaces the built-in one of its name. Refuses,
/// writing nothing, when any of them is already in the site.
pub fn export_templates(root: &Path) -> Result<Vec<PathBuf>> {
    let site = SiteRoot::new(root);
    let mut files: Vec<(PathBuf, &[u8])> = crate::templates::built_in()
        .iter()
        .map(|(name, text)| (PathBuf::from("templates").join(name), text.as_bytes()))
        .collect();
    files.extend(
        crate::assets::built_in()
            .iter()
            .filter(|(name, _)| *name == "style.css")
            .map(|(name, bytes)| (PathBuf::from("static").join(name), *bytes)),
    );
    let taken: Vec<Diagnostic> = files
        .iter()
        .map(|(relative, _)| site.path(relative))
        .filter(|path| path.exists())
        .map(|path| {
            Diagnostic::new(&path, None, "the site already has this file, so it is not replaced")
                .with_help("move it aside (or delete it) to write the built-in version, then merge your changes back")
        })
        .collect();
    if !taken.is_empty() {
        return Err(Error::Invalid(crate::error::Diagnostics(taken)));
    }
    write_all(root, &files)
}

/// The first entry of `dir` by name, or `None` when it is empty or missing.
fn first_entry(dir: &Path) -> Result<Option<std::ffi::OsString>> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut names = entries
                .map(|e| e.map(|e| e.file_name()))
                .collect::<std::io::Result<Vec<_>>>()
                .map_err(Error::io("read the folder", dir))?;
            names.sort();
            Ok(names.into_iter().next())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read the folder", dir)(e)),
    }
}

/// Writes each file under `dir`, never over one that exists (`create_new`).
fn write_all(dir: &Path, files: &[(PathBuf, &[u8])]) -> Result<Vec<PathBuf>> {
    let site = SiteRoot::new(dir);
    let mut written = Vec::new();
    for (relative, bytes) in files {
        let path = site.path(relative);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(Error::io("create", &path))?;
        std::io::Write::write_all(&mut file, bytes).map_err(Error::io("write", &path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_is_refused_in_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let message = new_site(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("the folder is not empty (it holds notes.txt)"),
            "{message}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn exporting_refuses_to_replace_any_of_the_sites_own_files_and_writes_none() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
        fs::write(dir.path().join("templates/base.html"), "mine").unwrap();
        fs::write(
            dir.path().join("templates/partials/quotes.html"),
            "mine too",
        )
        .unwrap();
        let message = export_templates(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("base.html: the site already has this file"),
            "{message}"
        );
        assert!(
            message.contains("quotes.html: the site already has this file"),
            "{message}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("templates/base.html")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("templates/index.html").exists());
        assert!(!dir.path().join("static").exists());
    }
}
