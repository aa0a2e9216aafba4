//! How far a build has got, shared with whoever wants to show it (the binary shows it for builds
//! that take more than a second). Updated with atomics, so rendering threads never wait on it.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

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
