//! xiezuo (协作): a static site generator for East–West cooperation pairing sites.
//!
//! The pipeline, one module per stage:
//! load ([`site`]: [`config`], [`data`], [`content`]) → render ([`markdown`], [`templates`],
//! [`views`], [`render`]) → write ([`output`]). The library never prints; the binary reports.

pub mod assets;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod diagram;
pub mod error;
pub mod feeds;
pub mod link_check;
pub mod linker;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod site_root;
pub mod source;
pub mod templates;
pub mod types;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use error::{Error, Result};

use error::Diagnostic;
use output::{Contents, OutputFile};
use progress::{Progress, Stage};
use render::PageKind;
use site_root::SiteRoot;
use templates::Templates;

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
}

impl BuildOptions {
    /// Options for building the site at `root` into `<root>/public`, links checked.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            check_links: true,
        }
    }
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Pages by kind.
    pub pages: BTreeMap<PageKind, usize>,
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
}

/// Loads, validates and renders everything without touching the output folder; fails with the
/// same errors a build would.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let root = SiteRoot::new(&options.root);
    let rendered = render_everything(&root, options, &Progress::default())?;
    Ok(CheckReport {
        pages: rendered.pages,
        files: rendered.files.len(),
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
    let rendered = render_everything(&root, options, progress)?;
    progress.enter(Stage::Writing);
    let files = output::write(&output, &rendered.files)?;
    progress.enter(Stage::Done);
    Ok(BuildReport {
        output,
        pages: rendered.pages,
        files,
    })
}

struct Rendered {
    pages: BTreeMap<PageKind, usize>,
    files: Vec<OutputFile>,
}

fn render_everything(
    root: &SiteRoot,
    options: &BuildOptions,
    progress: &Progress,
) -> Result<Rendered> {
    let site = site::load(root, options.base_url.as_deref())?;
    let templates = Templates::load(&root.templates_dir())?;
    let rendered = render::render_site(&site, &templates, progress)?;
    let mut by_kind = BTreeMap::new();
    for page in &rendered.pages {
        *by_kind.entry(page.kind).or_insert(0) += 1;
    }
    let files = output_files(rendered, assets::static_files(root)?, root)?;
    if options.check_links {
        progress.enter(Stage::CheckingLinks);
        link_check::check(&files, &site.config.base_url)?;
    }
    Ok(Rendered {
        pages: by_kind,
        files,
    })
}

/// Pages and static files as one sorted list; a static file may not replace a page.
fn output_files(
    rendered: render::RenderedSite,
    statics: Vec<OutputFile>,
    root: &SiteRoot,
) -> Result<Vec<OutputFile>> {
    let pages = rendered.pages.into_iter().map(|page| OutputFile {
        path: page.route.output_path(),
        contents: Contents::Bytes(page.html.into_bytes()),
    });
    let site_files = rendered
        .site_files
        .into_iter()
        .map(|(path, text)| OutputFile {
            path,
            contents: Contents::Bytes(text.into_bytes()),
        });
    let mut files: Vec<OutputFile> = pages.chain(site_files).collect();
    let page_paths: std::collections::HashSet<_> = files.iter().map(|f| f.path.clone()).collect();
    let clashes: Vec<Diagnostic> = statics
        .iter()
        .filter(|f| page_paths.contains(&f.path))
        .map(|f| {
            Diagnostic::new(
                &root.static_dir().join(f.path.as_str()),
                None,
                format!(
                    "this static file would replace the generated page {}",
                    f.path
                ),
            )
            .with_help("rename or remove the static file")
        })
        .collect();
    if !clashes.is_empty() {
        return Err(Error::Invalid(error::Diagnostics(clashes)));
    }
    files.extend(statics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
