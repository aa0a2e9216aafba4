//! xiezuo (协作): a static site generator for East–West cooperation pairing sites.
//!
//! The pipeline, one module per stage: load (`site`: `config`, `network`, `content`,
//! `site_pages`, `taxonomy`)
//! → render (`markdown` with `linker`, `templates`, `views`, `render`, `diagram`,
//! `search`, `feeds`) → check (`link_check`) → write (`output`). The library never
//! prints; the binary reports.
//!
//! # The public API
//!
//! What a program that builds sites uses, and what is kept stable; everything else is
//! internal to the crate:
//! - [`build`], [`build_with_progress`] and [`check`], with [`BuildOptions`] (and [`Drafts`]),
//!   returning a [`BuildReport`] or [`CheckReport`]: pages by [`PageKind`] (whose unit pages
//!   are by [`Section`]), the [`WriteSummary`] of files written, unchanged and removed (each an
//!   [`OutputPath`]), and warnings;
//! - [`init::new_site`] and [`init::export_templates`], which start a site and write out the
//!   built-in templates for editing;
//! - [`serve::serve`] with [`serve::ServeOptions`], reporting [`serve::ServeEvent`]s;
//! - [`progress::Progress`], to follow a long build;
//! - [`Error`] and [`Result`]; an [`Error::Invalid`] holds every [`error::Diagnostic`] found in
//!   one run: its [`error::Origin`] (an input file with its line and column where known, a
//!   command-line option, or a file in or beside the output), message and hint.
//!
//! Two modules are public but hidden from the documentation, for the code around the product
//! and not a stable interface: `internals` for the synthetic-site generator
//! (`tools/xiezuo-gen`), the fuzz targets and the property tests, which read data, find
//! mentions and render Markdown exactly as a build does; and `live`, for the tests that hold
//! `serve`'s incremental rebuilds to a clean build.

mod assets;
mod build;
mod chart;
mod config;
mod content;
mod date;
mod diagram;
pub mod error;
mod feeds;
mod images;
pub mod init;
mod link_check;
mod linker;
mod locale;
mod markdown;
mod network;
mod output;
mod page;
pub mod progress;
mod records;
mod render;
mod search;
pub mod serve;
mod site;
mod site_pages;
mod site_root;
mod source;
mod taxonomy;
mod templates;
mod text;
mod types;
mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use error::{Error, Result};
pub use network::Section;
pub use output::WriteSummary;
pub use page::PageKind;
pub use site::Drafts;
pub use types::OutputPath;

use build::Plan;
use progress::{Progress, Stage};
use site_root::SiteRoot;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder; `<root>/public` when not given.
    pub output: Option<PathBuf>,
    /// Overrides the settings file's base URL.
    pub base_url: Option<String>,
    /// Check every internal link before writing; turning it off is for emergencies only.
    pub check_links: bool,
    /// Build the drafts too, marked as drafts (`build --drafts`; `serve` always does).
    pub drafts: site::Drafts,
}

impl BuildOptions {
    /// Options for building the site at `root` into `<root>/public`, links checked.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            check_links: true,
            drafts: site::Drafts::LeftOut,
        }
    }
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Pages by kind.
    pub pages: BTreeMap<PageKind, usize>,
    /// Problems that do not stop the build, such as a name left unlinked because several
    /// units share it.
    pub warnings: Vec<error::Diagnostic>,
    /// What happened to each output file.
    pub files: output::WriteSummary,
}

impl BuildReport {
    pub fn page_count(&self) -> usize {
        self.pages.values().sum()
    }
}

/// What a successful check found: the pages a build would write.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub pages: BTreeMap<PageKind, usize>,
    pub files: usize,
    pub warnings: Vec<error::Diagnostic>,
}

/// Loads, validates and renders everything without touching the output folder; fails with the
/// same errors a build would.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let root = SiteRoot::new(&options.root);
    let plan = Plan::load(&root, options)?;
    let outcome = plan.run(options.check_links, None, &Progress::default())?;
    Ok(CheckReport {
        pages: outcome.pages,
        files: outcome.files,
        warnings: outcome.warnings,
    })
}

/// Builds the site: load and validate, render every page, then swap the new output in.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with_progress(options, &Progress::default())
}

/// [`build`], reporting how far it has got in `progress`.
pub fn build_with_progress(options: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    let root = SiteRoot::new(&options.root);
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.default_output());
    output::check_location(&root, &output)?;
    // Held to the end: another build into this output waits (see `output::lock`).
    let _lock = output::lock(&output, progress)?;
    let inputs = output::cache::fingerprint(&root, options)?;
    if let Some(current) = output::cache::current_build(&output, &inputs) {
        progress.enter(Stage::Done);
        return Ok(BuildReport {
            output,
            pages: current.pages,
            warnings: Vec::new(),
            files: output::WriteSummary {
                unchanged: current.files,
                ..Default::default()
            },
        });
    }
    if let Some(report) = build::rebuild_in_place(&root, options, &output, &inputs, &_lock) {
        progress.enter(Stage::Done);
        return Ok(report);
    }
    let plan = Plan::load(&root, options)?;
    let (staging, prepared) = plan.begin(&output, render::Mode::OneOff)?;
    let outcome = plan.run_prepared(&prepared, options.check_links, Some(&staging), progress)?;
    progress.enter(Stage::Writing);
    let files = staging.commit(outcome.placed, Some((&inputs, &outcome.pages)))?;
    output::cache::keep_article_texts(&output, &root, &inputs)?;
    progress.enter(Stage::Done);
    Ok(BuildReport {
        output,
        pages: outcome.pages,
        warnings: outcome.warnings,
        files,
    })
}

/// The in-memory incremental rebuild `serve` runs on every save, without the server and the file
/// watcher around it: for the tests that hold it to a clean build of the same inputs. Not a
/// stable interface.
#[doc(hidden)]
pub mod live {
    use std::path::PathBuf;

    use crate::progress::Progress;
    use crate::site_root::SiteRoot;
    use crate::{BuildOptions, BuildReport, Result};

    /// A site built once and kept in memory, as `serve` keeps it.
    pub struct LiveSite {
        live: crate::build::Live,
        options: BuildOptions,
        output: PathBuf,
    }

    impl LiveSite {
        /// A full build into `options.output` (`<root>/public` when not given), kept.
        pub fn build(options: &BuildOptions) -> Result<(LiveSite, BuildReport)> {
            let root = SiteRoot::new(&options.root);
            let output = options
                .output
                .clone()
                .unwrap_or_else(|| root.default_output());
            let (live, report) =
                crate::build::Live::build(&root, options, &output, &Progress::default())?;
            let site = LiveSite {
                live,
                options: options.clone(),
                output,
            };
            Ok((site, report))
        }

        /// What `serve` does when these files changed: `Ok(None)` when the change needs a full
        /// build, otherwise the pages rewritten in place.
        pub fn update(&mut self, changed: &[PathBuf]) -> Result<Option<BuildReport>> {
            let held = crate::output::lock(&self.output, &Progress::default())?;
            let (options, output) = (&self.options, &self.output);
            if let Some(report) = self
                .live
                .update_templates(changed, options, output, &held)?
            {
                return Ok(Some(report));
            }
            match self
                .live
                .update(changed, &self.options, &self.output, &held)?
            {
                Some(pages) => self.live.write_index(pages, &self.output, &held).map(Some),
                None => Ok(None),
            }
        }
    }
}

/// What the synthetic-site generator (`tools/xiezuo-gen`), the fuzz targets and the property
/// tests reach into: the data file's parser, the name linker and the Markdown renderer, so
/// that what they generate, fuzz or check is read exactly as a build reads it. Not a stable
/// interface.
#[doc(hidden)]
pub mod internals {
    /// The cooperation network: reading the data file, and the ids and sections of its units.
    pub mod network {
        pub use crate::network::kinds::group_label;
        pub use crate::network::{load, parse, Network, Section, UnitId};
    }

    /// Finding the names of units in text.
    pub mod linker {
        pub use crate::linker::{EntityId, Linker, Mention};
    }

    /// Articles' Markdown, rendered as a build renders it.
    pub mod markdown {
        pub use crate::markdown::{render, Block};
    }

    pub use crate::config::MarkdownSettings;
    pub use crate::content::parse_article;
}
