//! How far a build has got, shared with whoever wants to show it (the binary shows it for builds
//! that take more than a second). Updated with atomics, so rendering threads never wait on it.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, AtomicUsize, Ordering};

/// The stages of a build, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Loading,
    Rendering,
    CheckingLinks,
    Writing,
    Done,
}

/// Progress of one build.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    pages_done: AtomicUsize,
    pages_total: AtomicUsize,
    /// Whether the build waits for another build into the same output to finish.
    waiting: AtomicBool,
    /// That build's process id, when it recorded one (0 otherwise).
    holder: AtomicU32,
}

/// Another build into the same output, which this one waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtherBuild {
    /// Its process id, when it recorded one.
    pub pid: Option<u32>,
}

impl Progress {
    /// The current stage, with pages rendered so far and pages in all.
    pub fn snapshot(&self) -> (Stage, usize, usize) {
        let stage = match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Loading,
            1 => Stage::Rendering,
            2 => Stage::CheckingLinks,
            3 => Stage::Writing,
            _ => Stage::Done,
        };
        (
            stage,
            self.pages_done.load(Ordering::Relaxed),
            self.pages_total.load(Ordering::Relaxed),
        )
    }

    /// The build this one waits for, while it waits.
    pub fn waiting(&self) -> Option<OtherBuild> {
        self.waiting.load(Ordering::Acquire).then(|| OtherBuild {
            pid: Some(self.holder.load(Ordering::Relaxed)).filter(|&pid| pid != 0),
        })
    }

    pub(crate) fn waiting_for_build(&self, pid: Option<u32>) {
        self.holder.store(pid.unwrap_or(0), Ordering::Relaxed);
        self.waiting.store(true, Ordering::Release);
    }

    pub(crate) fn done_waiting(&self) {
        self.waiting.store(false, Ordering::Release);
    }

    pub(crate) fn enter(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    pub(crate) fn rendering(&self, total: usize) {
        self.pages_total.store(total, Ordering::Relaxed);
        self.enter(Stage::Rendering);
    }

    pub(crate) fn page_done(&self) {
        self.pages_done.fetch_add(1, Ordering::Relaxed);
    }
}
