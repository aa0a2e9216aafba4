//! Watching a site's inputs: the settings file, `content/`, `templates/` and `static/`. Only
//! changes count (a build reading the files must not trigger the next build), and a burst of them
//! (an editor saving through a temporary file and a rename) becomes one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::site_root::SiteRoot;

/// How long a rebuild waits, after the first change, for the rest of the same save: an editor
/// that saves through a temporary file and a rename sends all its events within it. A fixed
/// bound, not a quiet time: a stream of changes never holds a rebuild back.
pub const SETTLE_TIME: Duration = Duration::from_millis(10);

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

/// Waits for the next change and returns it with every change already queued (those made while
/// the last rebuild ran) and those that arrive within [`SETTLE_TIME`] of it; `None` when
/// `stop_waiting` says to give up (checked every `poll`).
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
    let deadline = Instant::now() + SETTLE_TIME;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match changes.recv_timeout(left) {
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
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_burst_takes_every_queued_change_once_in_order_and_the_next_takes_the_rest() {
        let (send, changes) = mpsc::channel();
        send.send(paths(&["b.md", "a.md"])).unwrap();
        send.send(paths(&["a.md"])).unwrap();
        let never = || false;
        let burst = next_burst(&changes, Duration::from_millis(5), never).unwrap();
        assert_eq!(burst, Some(paths(&["a.md", "b.md"])));
        send.send(paths(&["c.md"])).unwrap();
        let burst = next_burst(&changes, Duration::from_millis(5), never).unwrap();
        assert_eq!(burst, Some(paths(&["c.md"])));
    }

    #[test]
    fn a_lost_track_anywhere_in_the_burst_means_anything_may_have_changed() {
        let (send, changes) = mpsc::channel();
        send.send(paths(&["a.md"])).unwrap();
        send.send(Vec::new()).unwrap();
        send.send(paths(&["b.md"])).unwrap();
        let burst = next_burst(&changes, Duration::from_millis(5), || false).unwrap();
        assert_eq!(burst, None);
    }

    #[test]
    fn a_stream_of_changes_never_holds_the_rebuild_back() {
        // A change every 2 ms for 2 s: waiting for quiet would wait for the end of it.
        let (send, changes) = mpsc::channel();
        let finished = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..1000 {
                    if send.send(paths(&[&format!("{i}.md")])).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                finished.store(true, Ordering::SeqCst);
            });
            let burst = next_burst(&changes, Duration::from_millis(5), || false);
            assert!(
                !finished.load(Ordering::SeqCst),
                "the rebuild waited for the changes to stop"
            );
            assert!(matches!(burst, Some(Some(ref p)) if !p.is_empty()));
            drop(changes);
        });
    }

    #[test]
    fn waiting_gives_up_when_told_to_or_when_the_watch_is_gone() {
        let (send, changes) = mpsc::channel::<Vec<PathBuf>>();
        assert_eq!(
            next_burst(&changes, Duration::from_millis(1), || true),
            None
        );
        drop(send);
        assert_eq!(
            next_burst(&changes, Duration::from_millis(1), || false),
            None
        );
    }

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
