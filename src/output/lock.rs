//! One build at a time per output folder. Two builds into the same output would each take the
//! other's staging folder for an interrupted build's leftover and remove it, so every build (and
//! every in-place rewrite by `serve`) holds an advisory lock on `.<output>.xiezuo-lock`, beside
//! the output, from before it looks at the output until it has swapped the new one in. A second
//! build waits for the first; its [`Progress`] says that it waits, and for which process.
//!
//! The lock file stays: removing it would let a waiting build lock a file that is gone while a
//! third one locks a new file of the same name. It holds the process id of the last holder.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use rustix::fs::{flock, FlockOperation};

use crate::error::{Error, Result};
use crate::progress::Progress;

/// Held until dropped (closing the file releases the lock, also when the process dies).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Locks the output whose lock file is `path`, waiting for another build that holds it.
pub(super) fn acquire(path: &Path, progress: &Progress) -> Result<OutputLock> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(Error::io("open the lock file", path))?;
    let locked = |operation| loop {
        match flock(&file, operation) {
            Err(rustix::io::Errno::INTR) => continue,
            outcome => break outcome,
        }
    };
    match locked(FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {}
        Err(rustix::io::Errno::WOULDBLOCK) => {
            let holder = fs::read_to_string(path)
                .ok()
                .and_then(|text| text.trim().parse().ok());
            progress.waiting_for_build(holder);
            let outcome = locked(FlockOperation::LockExclusive);
            progress.done_waiting();
            outcome.map_err(|err| Error::io("lock", path)(err.into()))?;
        }
        Err(err) => return Err(Error::io("lock", path)(err.into())),
    }
    // Only the holder writes, so a waiting build reads a whole number or an empty file.
    file.set_len(0).map_err(Error::io("write", path))?;
    write!(file, "{}", std::process::id()).map_err(Error::io("write", path))?;
    Ok(OutputLock { _file: file })
}
