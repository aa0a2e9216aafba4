//! The site folder and the names of the things inside it.

use std::path::{Path, PathBuf};

/// The folder holding `xiezuo.toml`, `content/`, `templates/` and `static/`. Paths made from it
/// read naturally in messages: `content/pairings.toml`, not `./content/pairings.toml`.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    root: PathBuf,
}

impl SiteRoot {
    pub fn new(root: &Path) -> Self {
        SiteRoot {
            root: root.to_path_buf(),
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
}
