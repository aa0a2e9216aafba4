//! Watching a site's inputs: the settings file, `content/`, `templates/` and `static/`. Only
//! changes count (a build reading the files must not trigger the next build), and a burst of them
//! (an editor saving through a temporary file and a rename) becomes one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::site_root::SiteRoot;

/// How long the files must be quiet before a rebuild starts.
pub const QUIET_TIME: Duration = Duration::from_millis(120);

const WATCHED_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Keeps the watch alive; dropping it stops watching.
pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Sends the changed paths on `changed` for every change to the site's inputs (an empty list
    /// when the watcher lost track and anything may have changed).
    pub fn start(root: &SiteRoot, changed: Sender<Vec<PathBuf>>) -> Result<Self> {
        let root = crate::output::canonical(root.dir())?;
        let filter_root = root.clone();
        let watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let paths = match result {
                Ok(event) if matches!(event.kind, EventKind::Access(_)) => return,
                Ok(event) => {
                    let inputs: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|path| is_input(&filter_root, path))
                        .collect();
                    if inputs.is_empty() {
                        return;
                    }
                    inputs
                }
                Err(_) => Vec::new(),
            };
            let _ = changed.send(paths);
        })
        .map_err(|err| watch_error(&root, err))?;
        let mut watch = Watch {
            watcher,
            root,
            watched: Vec::new(),
        };
        watch
            .watcher
            .watch(&watch.root, RecursiveMode::NonRecursive)
            .map_err(|err| watch_error(&watch.root, err))?;
        watch.watch_new_folders()?;
        Ok(watch)
    }

    /// Starts watching input folders created since the last call (a new `templates/`, say).
    pub fn watch_new_folders(&mut self) -> Result<()> {
        for name in WATCHED_FOLDERS {
            let folder = self.root.join(name);
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.watcher
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(|err| watch_error(&folder, err))?;
                self.watched.push(folder);
            }
        }
        Ok(())
    }
}

fn watch_error(path: &Path, err: notify::Error) -> Error {
    Error::Io {
        action: "watch",
        path: path.to_path_buf(),
        source: std::io::Error::other(err.to_string()),
    }
}

/// One quiet burst of changes: the paths that changed, or `None` when anything may have.
pub type Burst = Option<Vec<PathBuf>>;

/// Waits for the next change, then for the files to be quiet for [`QUIET_TIME`], and returns what
/// changed; `None` when `stop_waiting` says to give up (checked every `poll`).
pub fn next_burst(
    changes: &Receiver<Vec<PathBuf>>,
    poll: Duration,
    stop_waiting: impl Fn() -> bool,
) -> Option<Burst> {
    let first = loop {
        match changes.recv_timeout(poll) {
            Ok(paths) => break paths,
            Err(RecvTimeoutError::Timeout) if !stop_waiting() => continue,
            Err(_) => return None,
        }
    };
    let mut burst: Burst = (!first.is_empty()).then_some(first);
    loop {
        match changes.recv_timeout(QUIET_TIME) {
            Ok(paths) if paths.is_empty() => burst = None,
            Ok(paths) => {
                if let Some(known) = burst.as_mut() {
                    known.extend(paths);
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    if let Some(paths) = burst.as_mut() {
        paths.sort();
        paths.dedup();
    }
    Some(burst)
}

/// Whether a changed path is one of the site's inputs (and not, say, the output folder).
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some(CONFIG_FILE) => parts.next().is_none(),
        Some(first) => WATCHED_FOLDERS.contains(&first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_the_settings_file_and_the_three_folders() {
        let root = Path::new("/site");
        assert!(is_input(root, Path::new("/site/xiezuo.toml")));
        assert!(is_input(root, Path::new("/site/content/articles/a.md")));
        assert!(is_input(root, Path::new("/site/templates")));
        assert!(!is_input(root, Path::new("/site/public/index.html")));
        assert!(!is_input(
            root,
            Path::new("/site/.public.xiezuo-staging-1/x")
        ));
        assert!(!is_input(root, Path::new("/elsewhere/content/a.md")));
    }
}
