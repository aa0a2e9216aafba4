//! One build (or check) from start to end: load and validate, plan every output path, render
//! pages in parallel and stream each one to the link checker and the staging folder, then check
//! the links between pages and swap the new output in. Memory holds the model, not the pages.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::link_check::LinkChecker;
use crate::output::{Contents, OutputFile, Placed, Staging};
use crate::progress::{Progress, Stage};
use crate::render::{self, PageKind};
use crate::site::{self, Site};
use crate::site_root::SiteRoot;
use crate::templates::Templates;
use crate::types::OutputPath;
use crate::{assets, BuildOptions};

/// Everything a build will produce, known before anything is rendered.
pub struct Plan {
    site: Site,
    templates: Templates,
    statics: Vec<OutputFile>,
    /// Every output path: pages, site files and static files, sorted.
    paths: Vec<String>,
}

/// What rendering produced.
pub struct Outcome {
    pub pages: BTreeMap<PageKind, usize>,
    pub placed: Vec<(OutputPath, Placed)>,
    pub files: usize,
}

impl Plan {
    /// Loads and validates the site under `root`, its templates and its static files.
    pub fn load(root: &SiteRoot, options: &BuildOptions) -> Result<Plan> {
        let site = site::load(root, options.base_url.as_deref())?;
        let templates = Templates::load(root)?;
        let statics = assets::static_files(root)?;
        let generated: Vec<String> = render::routes(&site)
            .iter()
            .map(|route| route.output_path().as_str().to_string())
            .chain(render::SITE_FILES.iter().map(|name| name.to_string()))
            .collect();
        refuse_static_clashes(root, &generated, &statics)?;
        let mut paths = generated;
        paths.extend(statics.iter().map(|f| f.path.as_str().to_string()));
        paths.sort_unstable();
        Ok(Plan {
            site,
            templates,
            statics,
            paths,
        })
    }

    pub fn paths(&self) -> Vec<&str> {
        self.paths.iter().map(String::as_str).collect()
    }

    /// Renders everything, checking links when asked and writing into `staging` when given.
    pub fn run(
        &self,
        check_links: bool,
        staging: Option<&Staging>,
        progress: &Progress,
    ) -> Result<Outcome> {
        let base = &self.site.config.base_url;
        let checker = check_links.then(|| LinkChecker::new(base, self.paths.iter().cloned()));
        let placed = Mutex::new(Vec::with_capacity(self.paths.len()));
        let put = |file: OutputFile| -> Result<()> {
            if let Some(staging) = staging {
                let how = staging.put(&file)?;
                placed.lock().expect("placed lock").push((file.path, how));
            }
            Ok(())
        };
        let rendered = render::render_site(&self.site, &self.templates, progress, &|page| {
            let path = page.info.route.output_path();
            if let Some(checker) = &checker {
                checker.scan(path.as_str(), &page.html);
            }
            put(OutputFile {
                path,
                contents: Contents::Bytes(page.html.into_bytes()),
            })
        })?;
        for (path, text) in rendered.site_files {
            put(OutputFile {
                path,
                contents: Contents::Bytes(text.into_bytes()),
            })?;
        }
        self.statics
            .par_iter()
            .try_for_each(|file| put(file.clone()))?;
        if let Some(checker) = checker {
            progress.enter(Stage::CheckingLinks);
            checker.finish()?;
        }
        let mut pages = BTreeMap::new();
        for page in &rendered.pages {
            *pages.entry(page.kind).or_insert(0) += 1;
        }
        Ok(Outcome {
            pages,
            placed: placed.into_inner().expect("placed lock"),
            files: self.paths.len(),
        })
    }
}

/// A static file may not take the place of a generated page or site file.
fn refuse_static_clashes(
    root: &SiteRoot,
    generated: &[String],
    statics: &[OutputFile],
) -> Result<()> {
    let generated: HashSet<&str> = generated.iter().map(String::as_str).collect();
    let clashes: Vec<Diagnostic> = statics
        .iter()
        .filter(|f| generated.contains(f.path.as_str()))
        .map(|f| {
            Diagnostic::new(
                &root.static_dir().join(f.path.as_str()),
                None,
                format!(
                    "this static file would replace the generated file {}",
                    f.path
                ),
            )
            .with_help("rename or remove the static file")
        })
        .collect();
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(Diagnostics(clashes)))
    }
}
