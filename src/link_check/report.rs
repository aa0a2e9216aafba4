//! Broken links as messages: where a writer can fix them (an article's Markdown, at the link's
//! line and column, or the generated page a template wrote), with the link as written and the
//! nearest target written the same way.

use std::collections::HashSet;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use crate::error::{Diagnostic, Origin, Position};
use crate::types::BaseUrl;

/// Where a link of a generated page was written, when a source file (an article's Markdown)
/// wrote it rather than a template.
#[derive(Debug, Clone)]
pub struct Written {
    pub file: PathBuf,
    pub position: Position,
    /// The link as written there.
    pub link: String,
    /// The link was reported already (a `@/` link to no content file, left as written).
    pub reported: bool,
}

/// What the build knows about where links come from, so that a broken one is reported where a
/// writer can fix it. Asked only about broken links.
pub trait Origins {
    /// Where the `occurrence`-th (from 0) link whose attribute value is `link` on `page` (an
    /// output path) was written, if a source file wrote it.
    fn written(&self, page: &str, link: &str, occurrence: usize) -> Option<Written>;
    /// The draft left out of this build whose page would be at site-relative `path`.
    fn draft_at(&self, path: &str) -> Option<PathBuf>;
}

/// What is wrong with a link.
pub(super) enum Problem {
    /// Nothing is published at this site-relative path (decoded).
    Missing(String),
    /// The link leads to this path, outside the base path.
    Outside(String),
    /// The target (an output path) has no element with this id (decoded).
    MissingId {
        target: String,
        fragment: String,
        /// The page's id nearest to the fragment, if one is near.
        nearest: Option<String>,
    },
}

pub(super) struct Broken {
    pub(super) page: String,
    /// As in the page's HTML.
    pub(super) link: String,
    pub(super) problem: Problem,
}

impl Broken {
    pub(super) fn missing_id(
        page: &str,
        link: &str,
        target: &str,
        fragment: &str,
        nearest: Option<String>,
    ) -> Self {
        Broken {
            page: page.to_string(),
            link: link.to_string(),
            problem: Problem::MissingId {
                target: target.to_string(),
                fragment: fragment.to_string(),
                nearest,
            },
        }
    }
}

/// What turning broken links into messages needs.
pub(super) struct Report<'r> {
    pub(super) base: &'r BaseUrl,
    /// Every output path, for "the nearest page"; `None` once enough suggestions were made.
    pub(super) existing: Option<&'r HashSet<&'r str>>,
    pub(super) origins: &'r dyn Origins,
}

impl Report<'_> {
    /// A broken link as a message: at its place in the source file that wrote it when known,
    /// with the link as written there and a suggestion written the same way; otherwise at
    /// the generated page, with the link decoded and a suggestion as a template writes it.
    pub(super) fn diagnostic(&self, broken: &Broken, written: Option<Written>) -> Diagnostic {
        let in_source = written.is_some();
        let (origin, link) = match written {
            Some(w) => (
                Origin::Input {
                    path: w.file,
                    position: Some(w.position),
                },
                w.link,
            ),
            None => (
                Origin::Output(PathBuf::from(&broken.page)),
                decoded(&broken.link),
            ),
        };
        // Root-relative links in Markdown get the base path: they are written without it.
        let prefix = if in_source { "/" } else { self.base.path() };
        let (problem, help) = match &broken.problem {
            Problem::Missing(wanted) => {
                if let Some(draft) = self.origins.draft_at(wanted) {
                    (
                        format!("{} is a draft, and drafts are not published", draft.display()),
                        format!("publish it (remove draft = true from {}), remove the link, or preview with build --drafts or serve", draft.display()),
                    )
                } else {
                    (
                        format!("nothing is published at {prefix}{wanted}"),
                        self.missing_help(wanted, prefix, in_source),
                    )
                }
            }
            Problem::Outside(path) => (
                format!(
                    "{path} is outside the site's base path {}",
                    self.base.path()
                ),
                if in_source {
                    format!(
                        "write links inside the site from its root, without the base path: /{}",
                        path.trim_start_matches(self.base.path())
                            .trim_start_matches('/')
                    )
                } else {
                    format!(
                        "start the link with the base path, {}: templates have it as site.root",
                        self.base.path()
                    )
                },
            ),
            Problem::MissingId {
                target,
                fragment,
                nearest,
            } => {
                let page = format!(
                    "{prefix}{}",
                    target.strip_suffix("index.html").unwrap_or(target)
                );
                let before_fragment = link.split('#').next().unwrap_or_default();
                let help = match nearest {
                    Some(id) => format!("did you mean {before_fragment}#{id}?"),
                    None => {
                        "link to an id the page has: a heading's or a paragraph's (p-1, p-2, …)"
                            .to_string()
                    }
                };
                (
                    format!("{page} has no element with id=\"{fragment}\""),
                    help,
                )
            }
        };
        Diagnostic {
            origin,
            message: format!("broken link \"{link}\": {problem}"),
            help: Some(help),
        }
    }

    /// What to do about a link to `wanted` (site-relative), where nothing is published.
    fn missing_help(&self, wanted: &str, prefix: &str, in_source: bool) -> String {
        let base = self.base.path();
        // Markdown adds the base path to a root-relative link: one written with it has it twice.
        if let Some(without) = wanted
            .strip_prefix(&base[1..])
            .filter(|_| in_source && base != "/")
        {
            return format!("write links without the base path {base}, which is added: /{without}");
        }
        let near = self.existing.and_then(|existing| nearest(wanted, existing));
        let is_file = !(wanted.is_empty() || wanted.ends_with('/') || wanted.ends_with(".html"));
        let add = if is_file {
            format!(", or add the file static/{wanted}")
        } else {
            String::new()
        };
        match (near, in_source) {
            (Some(near), _) => format!("did you mean {prefix}{near}{add}?"),
            (None, true) => format!("fix the link in the article{add}"),
            (None, false) => "fix the link in the template that writes it, or build with --no-link-check in an emergency".to_string(),
        }
    }
}

/// The id among `ids` nearest to `fragment`, when it is near enough to be a slip.
pub(super) fn nearest_id<'i>(fragment: &str, ids: impl Iterator<Item = &'i str>) -> Option<String> {
    let length = fragment.chars().count();
    ids.map(|id| (strsim::levenshtein(fragment, id), id))
        .filter(|(distance, _)| *distance <= length.div_ceil(2).max(1))
        .min()
        .map(|(_, id)| id.to_string())
}

/// A link with its escapes decoded, as a writer would recognise it.
fn decoded(link: &str) -> String {
    percent_decode_str(&link.replace("&amp;", "&"))
        .decode_utf8_lossy()
        .into_owned()
}

/// The existing site-relative path nearest to `wanted`: among pages for a page, among other
/// files for a file (`images/a.png`).
fn nearest(wanted: &str, existing: &HashSet<&str>) -> Option<String> {
    let wants_page = wanted.is_empty() || wanted.ends_with('/') || wanted.ends_with(".html");
    existing
        .iter()
        .filter(|p| p.ends_with(".html") == wants_page)
        .map(|p| {
            let shown = if wants_page {
                p.strip_suffix("index.html").unwrap_or(p)
            } else {
                p
            };
            (strsim::levenshtein(wanted, shown), shown)
        })
        .min()
        .map(|(_, shown)| shown.to_string())
}
