//! One build (or check) from start to end: load and validate, plan every output path, render
//! pages in parallel and stream each one to the link checker and the staging folder, then check
//! the links between pages and swap the new output in. Memory holds the model, not the pages.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::error::Diagnostic as Warning;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::link_check::{self, LinkChecker, LinkTargets};
use crate::output::cache::{self, Inputs};
use crate::output::{Contents, OutputFile, OutputLock, Placed, Staging};
use crate::page::PageKind;
use crate::progress::{Progress, Stage};
use crate::render::{self, Job, Mode, Prepared};
use crate::site::{self, Site};
use crate::site_root::SiteRoot;
use crate::templates::Templates;
use crate::types::{OutputPath, Route};
use crate::{assets, content, source, views, BuildOptions, BuildReport};

/// Everything a build will produce, known before anything is rendered.
pub struct Plan {
    site: Site,
    templates: Templates,
    statics: Vec<OutputFile>,
    /// Every output path: pages, site files and static files, sorted.
    paths: Vec<OutputPath>,
    /// Where links may lead (every output path), made on first use and kept by `serve`, since
    /// editing an article changes no path.
    link_targets: OnceLock<LinkTargets>,
    /// Problems found while loading that do not stop the build (templates nothing uses).
    warnings: Vec<Warning>,
}

/// What rendering produced.
pub struct Outcome {
    pub pages: BTreeMap<PageKind, usize>,
    /// Problems that do not stop the build, such as a name left unlinked.
    pub warnings: Vec<Warning>,
    pub placed: Vec<(OutputPath, Placed)>,
    pub files: usize,
}

impl Plan {
    /// Loads and validates the site under `root`, its templates and its static files.
    pub fn load(root: &SiteRoot, options: &BuildOptions) -> Result<Plan> {
        let site = site::load(root, options.base_url.as_deref(), options.drafts)?;
        let statics = assets::static_files(root)?;
        let templates = load_templates(root, &site, &statics)?;
        let named: Vec<&str> = site.pages.iter().map(|p| p.template()).collect();
        let mut warnings = templates.unused(&named);
        warnings.extend(crate::taxonomy::unused_slugs(
            &site.config,
            &site.taxonomies,
        ));
        let generated: Vec<OutputPath> = render::routes(&site)
            .iter()
            .map(Route::output_path)
            .chain(render::site_file_paths(&site))
            .collect();
        refuse_page_clashes(&site)?;
        refuse_static_clashes(root, &generated, &statics)?;
        let mut paths = generated;
        paths.extend(statics.iter().map(|f| f.path.clone()));
        paths.sort_unstable();
        Ok(Plan {
            site,
            templates,
            statics,
            paths,
            link_targets: OnceLock::new(),
            warnings,
        })
    }

    fn link_checker(&self) -> LinkChecker<'_> {
        let targets = self
            .link_targets
            .get_or_init(|| LinkTargets::new(&self.paths));
        LinkChecker::with_targets(&self.site.config.base_url, Cow::Borrowed(targets))
    }

    /// Renders everything, checking links when asked and writing into `staging` when given.
    pub fn run(
        &self,
        check_links: bool,
        staging: Option<&Staging>,
        progress: &Progress,
    ) -> Result<Outcome> {
        self.run_prepared(&self.prepare(Mode::OneOff)?, check_links, staging, progress)
    }

    /// Works out what rendering needs (article bodies, quotes, links).
    pub fn prepare(&self, mode: Mode) -> Result<Prepared> {
        Prepared::new(&self.site, mode)
    }

    /// Begins the output in `output` and prepares rendering at the same time: making a folder
    /// per page waits on the file system (each parent folder takes its new entries one at a
    /// time), rendering Markdown waits on nothing, so the two overlap well.
    pub fn begin(&self, output: &Path, mode: Mode) -> Result<(Staging, Prepared)> {
        let (staging, prepared) = rayon::join(
            || Staging::begin(output, &self.paths),
            || self.prepare(mode),
        );
        Ok((staging?, prepared?))
    }

    pub fn run_prepared(
        &self,
        prepared: &Prepared,
        check_links: bool,
        staging: Option<&Staging>,
        progress: &Progress,
    ) -> Result<Outcome> {
        let checker = check_links.then(|| self.link_checker());
        if let Some(checker) = &checker {
            checker.add(prepared.broken_content_links(&self.site));
        }
        let placed = Mutex::new(Vec::with_capacity(self.paths.len()));
        let put = |file: OutputFile| -> Result<()> {
            if let Some(staging) = staging {
                let how = staging.put(&file)?;
                placed.lock().expect("placed lock").push((file.path, how));
            }
            Ok(())
        };
        let all = render::jobs(&self.site);
        let rendered = render::render_jobs(
            &self.site,
            &self.templates,
            prepared,
            &all,
            render::SiteFiles::All,
            progress,
            &|page| {
                let path = page.info.route.output_path();
                if let Some(checker) = &checker {
                    checker.scan(&path, &page.html);
                }
                put(OutputFile {
                    path,
                    contents: Contents::Bytes(page.html),
                })
            },
        )?;
        // In parallel: at 10k the search index alone is 1,700 files (17 MB). Every outcome is
        // collected first, so a failure reports the same file whichever thread met it.
        let outcomes: Vec<Result<()>> = rendered
            .site_files
            .into_par_iter()
            .map(|(path, text)| {
                put(OutputFile {
                    path,
                    contents: Contents::Bytes(text.into_bytes()),
                })
            })
            .collect();
        outcomes.into_iter().collect::<Result<()>>()?;
        self.statics
            .par_iter()
            .try_for_each(|file| put(file.clone()))?;
        if let Some(checker) = checker {
            progress.enter(Stage::CheckingLinks);
            checker.finish(&Origins::new(&self.site, prepared))?;
        }
        let mut pages = BTreeMap::new();
        for page in &rendered.pages {
            *pages.entry(page.kind).or_insert(0) += 1;
        }
        Ok(Outcome {
            pages,
            warnings: self.with_load_warnings(prepared.warnings(&self.site)),
            placed: placed.into_inner().expect("placed lock"),
            files: self.paths.len(),
        })
    }
}

/// Where the links of a build's pages were written: the Markdown of the article or the page of
/// `content/pages/` a page shows.
struct Origins<'a> {
    site: &'a Site,
    prepared: &'a Prepared,
    /// Each such page's output path to its job; made only when a link is broken.
    sources: OnceLock<HashMap<OutputPath, Job>>,
}

impl<'a> Origins<'a> {
    fn new(site: &'a Site, prepared: &'a Prepared) -> Self {
        Origins {
            site,
            prepared,
            sources: OnceLock::new(),
        }
    }
}

impl link_check::Origins for Origins<'_> {
    fn written(&self, page: &str, link: &str, occurrence: usize) -> Option<link_check::Written> {
        let sources = self.sources.get_or_init(|| {
            let articles = (0..self.site.articles.len()).map(Job::Article);
            let pages = (0..self.site.pages.len()).map(Job::Page);
            articles
                .chain(pages)
                .map(|job| (render::route_of(self.site, job).output_path(), job))
                .collect()
        });
        let job = *sources.get(page)?;
        let (file, body) = match job {
            Job::Article(i) => (&self.site.articles[i].path, &self.prepared.article(i).body),
            Job::Page(i) => (&self.site.pages[i].path, self.prepared.page_body(i)),
            _ => return None,
        };
        let found = body
            .links
            .iter()
            .filter(|written| written.in_html() == link)
            .nth(occurrence)?;
        let position = match job {
            Job::Page(i) => self.site.pages[i].body_position(found.offset),
            Job::Article(i) => self.site.articles[i].body_position(found.offset),
            _ => return None,
        };
        Some(link_check::Written {
            file: file.clone(),
            position,
            link: found.written.to_string(),
            reported: found.is_unresolved(),
        })
    }

    fn draft_at(&self, path: &str) -> Option<PathBuf> {
        self.prepared
            .addresses()
            .draft_at(path)
            .map(Path::to_path_buf)
    }
}

impl Plan {
    /// `warnings`, after those found while loading.
    fn with_load_warnings(&self, warnings: Vec<Warning>) -> Vec<Warning> {
        self.warnings.iter().cloned().chain(warnings).collect()
    }
}

/// The site's templates, ready to render its pages (every page's template exists).
fn load_templates(root: &SiteRoot, site: &Site, statics: &[OutputFile]) -> Result<Templates> {
    let mut templates = Templates::load(root)?;
    templates.set_globals(&views::Globals::new(
        &site.config,
        &site.network,
        assets::has_extra_stylesheet(statics),
        render::nav_links(site),
    ))?;
    check_page_templates(site, &templates)?;
    Ok(templates)
}

/// Every page's template exists.
fn check_page_templates(site: &Site, templates: &Templates) -> Result<()> {
    let problems: Vec<Diagnostic> = site
        .pages
        .iter()
        .filter(|page| !templates.contains(page.template()))
        .map(|page| {
            let position = page.template_named.as_ref().map(|(_, at)| *at);
            templates.missing(page.template(), &page.path, position)
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(Diagnostics(problems)))
    }
}

/// A page of `content/pages/` may not take the URL of a generated page (`/articles/`,
/// `/districts/`, the home page) or of another page.
fn refuse_page_clashes(site: &Site) -> Result<()> {
    let jobs = render::jobs(site);
    let mut taken: HashMap<crate::types::Route, render::Job> = HashMap::new();
    let mut problems = Vec::new();
    for job in jobs {
        let route = render::route_of(site, job);
        if let Some(first) = taken.insert(route.clone(), job) {
            let page = [job, first].into_iter().find_map(|j| match j {
                render::Job::Page(i) => Some(&site.pages[i]),
                _ => None,
            });
            if let Some(page) = page {
                problems.push(
                    Diagnostic::new(&page.path, None, format!("this page's URL {route} is already the URL of another page of the site"))
                        .with_help("move or rename the file under content/pages/"),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(Diagnostics(problems)))
    }
}

/// A static file may not take the place of a generated page or site file.
fn refuse_static_clashes(
    root: &SiteRoot,
    generated: &[OutputPath],
    statics: &[OutputFile],
) -> Result<()> {
    let generated: HashSet<&OutputPath> = generated.iter().collect();
    let clashes: Vec<Diagnostic> = statics
        .iter()
        .filter(|f| generated.contains(&f.path))
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

/// An update of a [`Live`] site whose pages are written and whose search index is not yet.
#[must_use = "the search index is written by Live::write_index"]
pub struct PagesWritten(BuildReport);

/// A site kept in memory between rebuilds (by `serve`), so that an edit to one article renders
/// only the pages that show it.
pub struct Live {
    plan: Plan,
    prepared: Prepared,
    /// Each article's file, resolved, to its index: the watcher reports resolved paths.
    articles_by_path: HashMap<PathBuf, usize>,
}

impl Live {
    /// A full build into `output`, keeping what it worked out.
    pub fn build(
        root: &SiteRoot,
        options: &BuildOptions,
        output: &Path,
        progress: &Progress,
    ) -> Result<(Live, BuildReport)> {
        crate::output::check_location(root, output)?;
        let _lock = crate::output::lock(output, progress)?;
        let plan = Plan::load(root, options)?;
        let (staging, prepared) = plan.begin(output, Mode::Kept)?;
        let outcome =
            plan.run_prepared(&prepared, options.check_links, Some(&staging), progress)?;
        let files = staging.commit(outcome.placed, None)?;
        let report = BuildReport {
            output: output.to_path_buf(),
            pages: outcome.pages,
            warnings: outcome.warnings,
            files,
        };
        Ok((Live::keep(plan, prepared), report))
    }

    /// The site as the build in an output left it, without rendering or writing anything:
    /// `root` reads each article as the text that build was made from.
    fn resume(root: &SiteRoot, options: &BuildOptions, mode: Mode) -> Result<Live> {
        let plan = Plan::load(root, options)?;
        let prepared = plan.prepare(mode)?;
        Ok(Live::keep(plan, prepared))
    }

    fn keep(plan: Plan, prepared: Prepared) -> Live {
        let articles_by_path = plan
            .site
            .articles
            .iter()
            .enumerate()
            .filter_map(|(i, article)| Some((std::fs::canonicalize(&article.path).ok()?, i)))
            .collect();
        Live {
            plan,
            prepared,
            articles_by_path,
        }
    }

    /// Applies edits to existing articles only, rewriting just the pages that change, in place;
    /// the search index is left to [`Live::write_index`]. `Ok(None)` when the change is of
    /// another kind (or adds, removes or re-dates an article), or takes an id away from a page
    /// that another page may link to: then a full build is needed, and nothing was written. A
    /// bad edit is an error and leaves everything as it was.
    pub fn update(
        &mut self,
        changed: &[PathBuf],
        options: &BuildOptions,
        output: &Path,
        held: &OutputLock,
    ) -> Result<Option<PagesWritten>> {
        let site = &self.plan.site;
        let mut edits = Vec::new();
        for path in changed {
            let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let Some(&index) = self.articles_by_path.get(&resolved) else {
                return Ok(None);
            };
            if !path.is_file() {
                return Ok(None);
            }
            let article =
                content::parse_article(&site.articles[index].path, &source::read_text(path)?)?
                    .in_zone(site.config.timezone);
            let old = &site.articles[index];
            let names = |terms: &[(String, crate::error::Position)]| -> Vec<String> {
                terms.iter().map(|(name, _)| name.clone()).collect()
            };
            // Areas and tags decide which pages exist and what they list, and the units it is
            // about decide its links (and must be checked): a full build.
            let regrouped = names(&article.areas) != names(&old.areas)
                || names(&article.tags) != names(&old.tags)
                || names(&article.units) != names(&old.units);
            if article.slug != old.slug
                || article.date != old.date
                || article.draft != old.draft
                || regrouped
            {
                return Ok(None);
            }
            edits.push((index, article));
        }
        if edits.is_empty() {
            return Ok(None);
        }
        // The edited articles take their places in the site itself (copying a large site for
        // every save would cost more than the rebuild); the ones they replace are kept to be
        // put back should the rebuild fail.
        let mut replaced = Vec::new();
        let mut jobs: Vec<Job> = Vec::new();
        for (index, mut article) in edits {
            article.scope = self.plan.site.articles[index].scope.clone();
            let previous = std::mem::replace(&mut self.plan.site.articles[index], article);
            let updated = self
                .prepared
                .update_article(&self.plan.site, index, &previous);
            replaced.push((index, previous));
            match updated {
                Ok(more) => jobs.extend(more),
                Err(err) => {
                    self.restore(replaced);
                    return Err(err);
                }
            }
        }
        jobs.sort();
        jobs.dedup();
        let outcome = self.render_in_place(
            &self.plan.site,
            &self.prepared,
            &jobs,
            render::SiteFiles::AfterArticleEdit,
            (options, output, held),
        );
        if !matches!(outcome, Ok(Some(_))) {
            self.restore(replaced);
        }
        Ok(outcome?.map(PagesWritten))
    }

    /// Finishes an update: writes the search index of the site as it now is, in place, and
    /// adds what it wrote to the update's report. Until then the index is the one before the
    /// edit, whole: an article edit changes no document's number, so a search in between finds
    /// the old text and links to pages that exist.
    pub fn write_index(
        &self,
        pages: PagesWritten,
        output: &Path,
        held: &OutputLock,
    ) -> Result<BuildReport> {
        let files: Vec<(OutputPath, Vec<u8>)> =
            render::search_index_files(&self.plan.site, &self.plan.templates, &self.prepared)
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes()))
                .collect();
        let written = crate::output::replace_in_place(output, &files, held)?;
        let mut report = pages.0;
        let summary = &mut report.files;
        summary
            .unchanged
            .retain(|path| written.binary_search(path).is_err());
        summary.written.extend(written);
        summary.written.sort_unstable();
        Ok(report)
    }

    /// Puts back a consistent state after a failed rebuild: the site as it was, its articles
    /// worked out again (they rendered before, so they render again).
    fn restore(&mut self, replaced: Vec<(usize, crate::content::Article)>) {
        for (index, previous) in replaced.into_iter().rev() {
            self.plan.site.articles[index] = previous;
        }
        self.prepared =
            Prepared::new(&self.plan.site, Mode::Kept).expect("the site as it was rendered before");
    }

    /// Applies edits to existing page templates that no other template names (`serve`'s save
    /// of `templates/county.html`), rendering again, in place, only the pages they render.
    /// `Ok(None)` when anything but such templates changed, or a page lost an id: then a full
    /// build is needed, and nothing was written. A bad template is an error, and the templates
    /// stay as they were.
    pub fn update_templates(
        &mut self,
        changed: &[PathBuf],
        options: &BuildOptions,
        output: &Path,
        held: &OutputLock,
    ) -> Result<Option<BuildReport>> {
        let root = SiteRoot::new(&options.root);
        let Some(names) = edited_templates(&root, changed, &self.plan.templates) else {
            return Ok(None);
        };
        let templates = load_templates(&root, &self.plan.site, &self.plan.statics)?;
        let before = std::mem::replace(&mut self.plan.templates, templates);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let outcome = self.render_templates_again(&names, options, output, held);
        if !matches!(outcome, Ok(Some(_))) {
            self.plan.templates = before;
        }
        outcome
    }

    /// After edits to page templates that no other template names, renders again, in place,
    /// only the pages those templates render: the site files come from the model, not from
    /// templates. `Ok(None)` when another template names one of them, or when a page lost an id.
    fn render_templates_again(
        &self,
        names: &[&str],
        options: &BuildOptions,
        output: &Path,
        held: &OutputLock,
    ) -> Result<Option<BuildReport>> {
        let site = &self.plan.site;
        if names
            .iter()
            .any(|name| self.plan.templates.is_named_by_another(name))
        {
            return Ok(None);
        }
        let jobs: Vec<Job> = render::jobs(site)
            .into_iter()
            .filter(|&job| names.contains(&&*render::template_of(site, job)))
            .collect();
        self.render_in_place(
            site,
            &self.prepared,
            &jobs,
            render::SiteFiles::None,
            (options, output, held),
        )
    }

    /// Renders `jobs` and the site files asked for, checks their links, and writes what changed
    /// in place (in `output`, whose lock is held).
    fn render_in_place(
        &self,
        site: &Site,
        prepared: &Prepared,
        jobs: &[Job],
        site_files: render::SiteFiles,
        (options, output, held): (&BuildOptions, &Path, &OutputLock),
    ) -> Result<Option<BuildReport>> {
        let checker = options.check_links.then(|| self.plan.link_checker());
        if let Some(checker) = &checker {
            checker.add(prepared.broken_content_links(site));
        }
        let files = Mutex::new(Vec::new());
        let rendered = render::render_jobs(
            site,
            &self.plan.templates,
            prepared,
            jobs,
            site_files,
            &Progress::default(),
            &|page| {
                let path = page.info.route.output_path();
                if let Some(checker) = &checker {
                    checker.scan(&path, &page.html);
                }
                files.lock().expect("files lock").push((path, page.html));
                Ok(())
            },
        )?;
        let mut files = files.into_inner().expect("files lock");
        // Links from the pages not rendered again are not checked again: one of them may point
        // at an id that a page rendered again no longer has, which only a full build finds.
        let lost_an_id = files.par_iter().any(|(path, html)| {
            std::fs::read(output.join(path.as_str()))
                .map_or(true, |old| link_check::lost_an_id(&old, html))
        });
        if lost_an_id {
            return Ok(None);
        }
        if let Some(checker) = checker {
            checker.finish_with(&Origins::new(site, prepared), |page| {
                std::fs::read_to_string(output.join(page)).ok()
            })?;
        }
        files.extend(
            rendered
                .site_files
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes())),
        );
        let written = crate::output::replace_in_place(output, &files, held)?;
        let mut pages = BTreeMap::new();
        for page in &rendered.pages {
            *pages.entry(page.kind).or_insert(0) += 1;
        }
        let unchanged = self
            .plan
            .paths
            .iter()
            .filter(|p| written.binary_search(p).is_err())
            .cloned()
            .collect();
        Ok(Some(BuildReport {
            output: output.to_path_buf(),
            pages,
            warnings: self.plan.with_load_warnings(prepared.warnings(site)),
            files: crate::output::WriteSummary {
                written,
                unchanged,
                removed: Vec::new(),
            },
        }))
    }
}

/// The names of the templates at `changed`, when each is a site template that `templates`
/// already holds (an edit, not a new one) and the file is still there.
fn edited_templates(
    root: &SiteRoot,
    changed: &[PathBuf],
    templates: &Templates,
) -> Option<Vec<String>> {
    let dir = std::fs::canonicalize(root.templates_dir()).ok()?;
    changed
        .iter()
        .map(|path| {
            let resolved = std::fs::canonicalize(path).ok()?;
            let name = resolved.strip_prefix(&dir).ok()?.to_str()?;
            let html = name.ends_with(".html") && resolved.is_file();
            (html && templates.contains(name)).then(|| name.to_string())
        })
        .collect::<Option<Vec<String>>>()
        .filter(|names| !names.is_empty())
}

/// A `build` after edits to articles alone, or to templates alone, taken up where the build in
/// `output` left off. For articles it does what `serve` does: the site is loaded as that build
/// saw it (the texts of the edited articles kept beside the output), then the edits are applied
/// to it, rendering and rewriting in place only the pages that show them, and the search index.
/// For page templates that no other template names, only the pages they render are rendered
/// again. `None` when this cannot be done (anything else changed, an article or a template was
/// added, removed or renamed, an article re-dated or re-slugged, both articles and templates
/// changed, the kept texts are missing, or the edit is bad): a full build then runs, and
/// reports any error.
pub fn rebuild_in_place(
    root: &SiteRoot,
    options: &BuildOptions,
    output: &Path,
    inputs: &Inputs,
    held: &OutputLock,
) -> Option<BuildReport> {
    let record = cache::previous_record(output)?;
    let edits = inputs.edits_since(&record)?;
    // No edit means that the output changed since (else the build would have stopped early);
    // and any change to it means that only a full build can put it right.
    cache::untouched_files(output, &record)?;
    let report = match (&edits.articles[..], &edits.templates[..]) {
        ([], []) | ([_, ..], [_, ..]) => return None,
        (articles, []) => {
            let report = articles_again(root, options, output, articles, held)?;
            cache::keep_article_texts(output, root, inputs).ok()?;
            report
        }
        ([], templates) => {
            let names: Vec<&str> = templates
                .iter()
                .map(|path| path.strip_prefix("templates/"))
                .collect::<Option<_>>()?;
            let live = Live::resume(root, options, Mode::OneOff).ok()?;
            live.render_templates_again(&names, options, output, held)
                .ok()??
        }
    };
    cache::record_rewrite(output, record, inputs, &report.pages, &report.files.written).ok()?;
    Some(report)
}

/// [`rebuild_in_place`] after edits to the articles at `edited`.
fn articles_again(
    root: &SiteRoot,
    options: &BuildOptions,
    output: &Path,
    edited: &[String],
    held: &OutputLock,
) -> Option<BuildReport> {
    let kept = cache::kept_article_texts(output, edited)?;
    let paths: Vec<PathBuf> = edited.iter().map(|path| root.path(path)).collect();
    let then = root.with_articles_as(paths.iter().cloned().zip(kept).collect());
    let mut live = Live::resume(&then, options, Mode::Kept).ok()?;
    let pages = live.update(&paths, options, output, held).ok()??;
    live.write_index(pages, output, held).ok()
}
