//! The site folder and the names of the things inside it.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};

/// A site's own stylesheet of extra rules, `static/extra.css`: linked after the built-in one
/// (which it adds to, instead of replacing it as a `static/style.css` would).
pub const EXTRA_STYLESHEET: &str = "extra.css";

/// The folder holding `xiezuo.toml`, `content/`, `templates/` and `static/`. Paths made from it
/// read naturally in messages: `content/pairings.toml`, not `./content/pairings.toml`.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    root: PathBuf,
    /// Articles to be read as these texts instead of their files' (the texts a previous build
    /// was made from, to take up where it left off: see `build::Live::resume`).
    articles_as: std::sync::Arc<std::collections::HashMap<PathBuf, String>>,
}

impl SiteRoot {
    pub fn new(root: &Path) -> Self {
        SiteRoot {
            root: root.to_path_buf(),
            articles_as: Default::default(),
        }
    }

    /// This site with the articles at these paths (as [`SiteRoot::files_under`] gives them)
    /// read as the given texts.
    pub fn with_articles_as(&self, texts: std::collections::HashMap<PathBuf, String>) -> Self {
        SiteRoot {
            root: self.root.clone(),
            articles_as: std::sync::Arc::new(texts),
        }
    }

    /// The text of the article at `path`: its file's, unless it is to be read as another.
    pub fn article_text(&self, path: &Path) -> Result<String> {
        match self.articles_as.get(path) {
            Some(text) => Ok(text.clone()),
            None => crate::source::read_text(path),
        }
    }

    /// The folder itself, as given.
    pub fn dir(&self) -> &Path {
        &self.root
    }

    /// A path inside the site, written relative to the current folder when the root is `.`.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        if self.root == Path::new(".") || self.root.as_os_str().is_empty() {
            relative.as_ref().to_path_buf()
        } else {
            self.root.join(relative)
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.path("content")
    }

    pub fn articles_dir(&self) -> PathBuf {
        self.path("content/articles")
    }

    /// Markdown pages outside the articles (`content/pages/about.md` → `/about/`).
    pub fn pages_dir(&self) -> PathBuf {
        self.path("content/pages")
    }

    pub fn pairings_file(&self) -> PathBuf {
        self.path("content/pairings.toml")
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.path("templates")
    }

    pub fn static_dir(&self) -> PathBuf {
        self.path("static")
    }

    /// Where the site is written unless `--output` says otherwise.
    pub fn default_output(&self) -> PathBuf {
        self.path("public")
    }

    /// Every file under `dir` (inside the site) that `wanted` accepts, sorted by path. Symbolic
    /// links are followed, but one that leads outside the site folder is an error: a pull request
    /// must not be able to publish `/etc/passwd` by adding a link. A missing folder has no files.
    pub fn files_under(&self, dir: &Path, wanted: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let real_root =
            std::fs::canonicalize(&self.root).map_err(Error::io("resolve", &self.root))?;
        let mut files = Vec::new();
        for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|err| Error::Io {
                action: "read the folder",
                path: err.path().unwrap_or(dir).to_path_buf(),
                source: err.into_io_error().unwrap_or_else(|| {
                    std::io::Error::other("a symbolic link loops back on itself")
                }),
            })?;
            // A link to a folder is checked once, at the folder: what lies under it is inside.
            if entry.path_is_symlink() {
                let real = std::fs::canonicalize(entry.path())
                    .map_err(Error::io("resolve", entry.path()))?;
                if !real.starts_with(&real_root) {
                    return Err(Error::invalid(
                        Diagnostic::new(
                            entry.path(),
                            None,
                            format!("links to {}, outside the site folder", real.display()),
                        )
                        .with_help("copy the file into the site instead of linking to it"),
                    ));
                }
            }
            if !entry.file_type().is_file() || !wanted(entry.path()) {
                continue;
            }
            files.push(entry.into_path());
        }
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.md"), "a").unwrap();
        std::os::unix::fs::symlink(dir.join("a.md"), dir.join("b.md")).unwrap();
        let root = SiteRoot::new(site.path());
        let found = root.files_under(&dir, |_| true).unwrap();
        assert_eq!(found, [dir.join("a.md"), dir.join("b.md")]);
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.join("c.md")).unwrap();
        let err = root.files_under(&dir, |_| true).unwrap_err().to_string();
        assert!(
            err.contains("c.md: links to") && err.contains("outside the site folder"),
            "{err}"
        );
        std::fs::remove_file(dir.join("c.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.join("linked-folder")).unwrap();
        let err = root.files_under(&dir, |_| true).unwrap_err().to_string();
        assert!(err.contains("linked-folder: links to"), "{err}");
    }
}
