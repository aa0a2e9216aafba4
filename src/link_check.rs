//! The build-time link check: every `href` and `src` in every generated page that points inside
//! the site must reach a file of the new output, and its `#fragment` an `id` on that page.
//! External links are never fetched. A broken link that an article's Markdown wrote is reported
//! at its place there ([`Origins`]), with the link as written; the others at the page.

use std::collections::HashSet;

use ahash::{AHashMap, AHashSet};
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use memchr::memchr_iter;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::types::{BaseUrl, OutputPath};

mod report;

use report::{nearest_id, Broken, Problem, Report};
pub use report::{Origins, Written};

/// How many broken links get a "did you mean"; finding the nearest target costs a scan of all.
const SUGGESTIONS: usize = 20;

/// Checks pages one at a time as they are rendered, keeping only each page's ids and the
/// fragment links that point at other pages, so the pages themselves need not stay in memory.
pub struct LinkChecker<'a> {
    base: &'a BaseUrl,
    targets: Cow<'a, LinkTargets>,
    /// For each page, its ids joined by NUL (compact, and ids cannot contain NUL).
    ids: Mutex<AHashMap<String, Box<str>>>,
    pending: Mutex<Vec<FragmentLink>>,
    broken: Mutex<Vec<Broken>>,
    /// Broken links found before the pages were scanned (`@/` links in Markdown that lead to
    /// no content file), reported with the others.
    found_before: Mutex<Vec<Diagnostic>>,
}

/// Where links may lead: every output path of a build. Made once per build (and kept by
/// `serve` between rebuilds, since editing an article changes no path).
#[derive(Clone)]
pub struct LinkTargets {
    existing: AHashSet<String>,
    /// The site-relative URL paths that plainly exist (every file, and `dir/` for every
    /// `dir/index.html`) and the file each serves, so that most links are checked without
    /// building any string.
    plain_targets: AHashMap<String, Arc<str>>,
}

impl LinkTargets {
    /// `existing` lists every output path of the build.
    pub fn new<'p>(existing: impl IntoIterator<Item = &'p OutputPath>) -> Self {
        let existing: AHashSet<String> = existing
            .into_iter()
            .map(|path| path.as_str().to_string())
            .collect();
        let plain_targets = existing
            .iter()
            .flat_map(|path| {
                let file: Arc<str> = Arc::from(path.as_str());
                let folder = path
                    .strip_suffix("index.html")
                    .map(|folder| (folder.to_string(), file.clone()));
                std::iter::once((path.clone(), file)).chain(folder)
            })
            .collect();
        LinkTargets {
            existing,
            plain_targets,
        }
    }
}

/// A link to `#fragment` on another page, checked once every page has been seen.
struct FragmentLink {
    page: Arc<str>,
    link: Box<str>,
    target: Arc<str>,
    fragment: Box<str>,
}

impl<'a> LinkChecker<'a> {
    /// A checker for links into `targets`.
    pub fn with_targets(base: &'a BaseUrl, targets: Cow<'a, LinkTargets>) -> Self {
        LinkChecker {
            base,
            targets,
            ids: Mutex::default(),
            pending: Mutex::default(),
            broken: Mutex::default(),
            found_before: Mutex::default(),
        }
    }

    /// Checks the links of one page; safe to call from many threads at once.
    pub fn scan(&self, page: &OutputPath, html: &[u8]) {
        let page = page.as_str();
        let mut ids: Vec<&str> = Vec::new();
        let mut links: Vec<&str> = Vec::new();
        for (attribute, value) in attributes(html) {
            match attribute {
                Attribute::Id => ids.push(value),
                Attribute::Link => links.push(value),
            }
        }
        let mut own_ids: Option<AHashSet<&str>> = None;
        let mut broken = Vec::new();
        let mut pending = Vec::new();
        let mut page_name: Option<Arc<str>> = None;
        for link in links {
            let (target, fragment) = match self.plain_fragment_link(page, link) {
                Some(Ok(())) => continue,
                Some(Err((target, fragment))) => (target, fragment.into()),
                None => match self.resolve(page, link) {
                    Resolution::Fine => continue,
                    Resolution::Broken(problem) => {
                        broken.push(Broken {
                            page: page.to_string(),
                            link: link.to_string(),
                            problem,
                        });
                        continue;
                    }
                    Resolution::Fragment(target, fragment) => (Arc::from(target), fragment),
                },
            };
            if &*target == page {
                let own_ids = own_ids.get_or_insert_with(|| ids.iter().copied().collect());
                if !own_ids.contains(fragment.as_str()) {
                    let near = nearest_id(&fragment, ids.iter().copied());
                    broken.push(Broken::missing_id(page, link, &target, &fragment, near));
                }
            } else {
                pending.push(FragmentLink {
                    page: page_name.get_or_insert_with(|| Arc::from(page)).clone(),
                    link: link.into(),
                    target,
                    fragment: fragment.into(),
                });
            }
        }
        self.ids
            .lock()
            .expect("ids lock")
            .insert(page.to_string(), ids.join("\0").into());
        if !pending.is_empty() {
            self.pending.lock().expect("pending lock").extend(pending);
        }
        if !broken.is_empty() {
            self.broken.lock().expect("broken lock").extend(broken);
        }
    }

    /// Adds broken links found elsewhere, to be reported with the others.
    pub fn add(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.found_before
            .lock()
            .expect("found lock")
            .extend(diagnostics);
    }

    /// Checks the fragment links between pages and reports every broken link together, each
    /// where `origins` says it was written.
    pub fn finish(self, origins: &dyn Origins) -> Result<()> {
        self.finish_with(origins, |_| None)
    }

    /// [`LinkChecker::finish`] when only some pages were scanned: `unscanned` gives the HTML of
    /// another page (from a previous build) whose ids a fragment link needs.
    pub fn finish_with(
        self,
        origins: &dyn Origins,
        unscanned: impl Fn(&str) -> Option<String>,
    ) -> Result<()> {
        let mut ids = self.ids.into_inner().expect("ids lock");
        let mut broken = self.broken.into_inner().expect("broken lock");
        let pending = self.pending.into_inner().expect("pending lock");
        // One set of ids per target page, however many links point into it: a long article
        // quoted paragraph by paragraph has tens of thousands of both.
        let mut by_target: AHashMap<&str, Vec<&FragmentLink>> = AHashMap::new();
        for link in &pending {
            by_target.entry(&*link.target).or_default().push(link);
        }
        for target in by_target.keys() {
            if ids.contains_key(*target) {
                continue;
            }
            if let Some(html) = unscanned(target) {
                let found: Vec<&str> = attributes(html.as_bytes())
                    .filter(|(attribute, _)| *attribute == Attribute::Id)
                    .map(|(_, id)| id)
                    .collect();
                ids.insert(target.to_string(), found.join("\0").into());
            }
        }
        let missing: Vec<Broken> = by_target
            .par_iter()
            .flat_map_iter(|(target, links)| {
                let known: AHashSet<&str> = ids
                    .get(*target)
                    .map(|all| all.split('\0').collect())
                    .unwrap_or_default();
                let unknown_page = !ids.contains_key(*target);
                links
                    .iter()
                    .filter(|link| !unknown_page && !known.contains(&*link.fragment))
                    .map(|link| {
                        let near = nearest_id(&link.fragment, known.iter().copied());
                        Broken::missing_id(&link.page, &link.link, target, &link.fragment, near)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        broken.extend(missing);
        let found_before = self.found_before.into_inner().expect("found lock");
        if broken.is_empty() && found_before.is_empty() {
            return Ok(());
        }
        // Pages list their links in order, so the n-th report of a link on a page is its n-th
        // occurrence there (the sort is stable).
        broken.sort_by(|a, b| {
            (a.page.as_str(), a.link.as_str()).cmp(&(b.page.as_str(), b.link.as_str()))
        });
        let existing: HashSet<&str> = self.targets.existing.iter().map(String::as_str).collect();
        let mut occurrence = 0;
        let mut diagnostics: Vec<Diagnostic> = found_before;
        for (i, b) in broken.iter().enumerate() {
            let repeated = i > 0 && broken[i - 1].page == b.page && broken[i - 1].link == b.link;
            occurrence = if repeated { occurrence + 1 } else { 0 };
            let written = origins.written(&b.page, &b.link, occurrence);
            let report = Report {
                base: self.base,
                existing: (i < SUGGESTIONS).then_some(&existing),
                origins,
            };
            if written.as_ref().is_some_and(|w| w.reported) {
                continue;
            }
            diagnostics.push(report.diagnostic(b, written));
        }
        diagnostics.sort_by(Diagnostic::cmp_by_place);
        Err(Error::Invalid(Diagnostics(diagnostics)))
    }

    /// The common cases, decided without resolving anything: a root-relative link under the
    /// base path, with nothing to decode or resolve, to a file or folder that exists
    /// (`Some(Ok)`), or the same with a plain `#fragment`, to be checked against the ids of the
    /// page it leads to (`Some(Err((page, fragment)))`). `None` for anything else.
    fn plain_fragment_link<'l>(
        &self,
        page: &str,
        link: &'l str,
    ) -> Option<Result<(), (Arc<str>, &'l str)>> {
        let (path, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link, None),
        };
        let target = if path.is_empty() {
            self.targets.plain_targets.get(page)?
        } else {
            self.plain_target(path)?
        };
        match fragment {
            None => Some(Ok(())),
            Some(fragment)
                if !fragment.is_empty()
                    && target.ends_with(".html")
                    && !fragment.contains(|c: char| c == '%' || c.is_whitespace()) =>
            {
                Some(Err((target.clone(), fragment)))
            }
            Some(_) => None,
        }
    }

    /// The file a plain link (no query, fragment or escapes) leads to. No output path has a
    /// `.` or `..` part or a backslash, so a link with one is no key and takes the slow path;
    /// but a file may be named `a%41.html` or `a?b.html`, which a link of the same text does
    /// not lead to: the query and the escape are what must be ruled out here.
    fn plain_target(&self, link: &str) -> Option<&Arc<str>> {
        let rest = link.strip_prefix(self.base.path())?;
        if rest.contains(['?', '%']) {
            return None;
        }
        self.targets.plain_targets.get(rest)
    }

    /// Where `link` on `page` leads, and whether that exists.
    fn resolve(&self, page: &str, link: &str) -> Resolution {
        let link = link.trim();
        let (without_fragment, fragment) = match link.split_once('#') {
            Some((before, after)) => (before, Some(after)),
            None => (link, None),
        };
        let target = if without_fragment.is_empty() {
            page.to_string()
        } else {
            match self.internal_path(page, without_fragment) {
                Internal::External => return Resolution::Fine,
                Internal::Outside(path) => return Resolution::Broken(Problem::Outside(path)),
                Internal::Path(path) => match self.file_for(&path) {
                    Some(file) => file,
                    None => return Resolution::Broken(Problem::Missing(path)),
                },
            }
        };
        match fragment.filter(|f| !f.is_empty()) {
            Some(fragment) if target.ends_with(".html") => Resolution::Fragment(
                target,
                percent_decode_str(fragment)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
            _ => Resolution::Fine,
        }
    }
    /// The site-relative path a link leads to (decoded, `..` resolved), or why it is not one.
    fn internal_path(&self, page: &str, link: &str) -> Internal {
        let link = link.split('?').next().unwrap_or_default();
        let absolute = if has_scheme(link) || link.starts_with("//") {
            let base = self.base.as_str();
            let host_relative = base.split_once("://").map_or(base, |(_, rest)| rest);
            match link.strip_prefix(base).or_else(|| {
                link.strip_prefix("//")
                    .and_then(|l| l.strip_prefix(host_relative))
            }) {
                Some(rest) => format!("{}{rest}", self.base.path()),
                None => return Internal::External,
            }
        } else if link.starts_with('/') {
            link.to_string()
        } else {
            let page_dir = match page.rfind('/') {
                Some(i) => &page[..=i],
                None => "",
            };
            format!("{}{page_dir}{link}", self.base.path())
        };
        let decoded = percent_decode_str(&absolute).decode_utf8_lossy();
        let normalised = normalise(&decoded);
        match normalised.strip_prefix(self.base.path()) {
            Some(rest) => Internal::Path(rest.to_string()),
            None if format!("{normalised}/") == self.base.path() => Internal::Path(String::new()),
            None => Internal::Outside(normalised),
        }
    }

    /// The output file serving a site-relative path, as a static host would find it.
    fn file_for(&self, path: &str) -> Option<String> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates
            .into_iter()
            .find(|c| self.targets.existing.contains(c.as_str()))
    }
}

enum Internal {
    External,
    Outside(String),
    Path(String),
}

fn has_scheme(link: &str) -> bool {
    let Some((scheme, _)) = link.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// Resolves `.` and `..` segments of an absolute path; a trailing slash is kept.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !out.ends_with('/')
    {
        out.push('/');
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    /// `href` or `src`.
    Link,
    Id,
}

/// Every `href`, `src` and `id` attribute value, in either quote style, found in one pass over the
/// page's `=` signs (far faster than searching for each name in turn). Values that are not UTF-8
/// (never the case in generated pages) are skipped.
/// Whether `old` (a page as a previous build wrote it) has an id that `new` (the page rendered
/// again) no longer has: a link from a page not rendered again may point at it.
pub fn lost_an_id(old: &[u8], new: &[u8]) -> bool {
    let ids = |html| {
        attributes(html)
            .filter(|(attribute, _)| *attribute == Attribute::Id)
            .map(|(_, id)| id)
    };
    let kept: AHashSet<&str> = ids(new).collect();
    ids(old).any(|id| !kept.contains(id))
}

fn attributes(html: &[u8]) -> impl Iterator<Item = (Attribute, &str)> {
    let bytes = html;
    memchr_iter(b'=', bytes).filter_map(move |at| {
        let before = &bytes[..at];
        let (attribute, name_len) = if before.ends_with(b"href") {
            (Attribute::Link, 4)
        } else if before.ends_with(b"src") {
            (Attribute::Link, 3)
        } else if before.ends_with(b"id") {
            (Attribute::Id, 2)
        } else {
            return None;
        };
        let separated = at > name_len && bytes[at - name_len - 1].is_ascii_whitespace();
        let quote = *bytes.get(at + 1)?;
        if !separated || (quote != b'"' && quote != b'\'') {
            return None;
        }
        let start = at + 2;
        let end = start + memchr::memchr(quote, &bytes[start..])?;
        Some((attribute, std::str::from_utf8(&html[start..end]).ok()?))
    })
}

enum Resolution {
    Fine,
    Broken(Problem),
    /// An existing page, and a fragment that must be an id on it.
    Fragment(String, String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Contents, OutputFile};
    use std::path::PathBuf;

    /// Every link comes from a template.
    struct FromTemplates;

    impl Origins for FromTemplates {
        fn written(&self, _page: &str, _link: &str, _occurrence: usize) -> Option<Written> {
            None
        }

        fn draft_at(&self, _path: &str) -> Option<PathBuf> {
            None
        }
    }

    /// Checks the links of every HTML file in `files` at once, as a build checks its pages.
    fn check(files: &[OutputFile], base: &BaseUrl) -> Result<()> {
        let targets = LinkTargets::new(files.iter().map(|f| &f.path));
        let checker = LinkChecker::with_targets(base, Cow::Owned(targets));
        for file in files.iter().filter(|f| f.path.as_str().ends_with(".html")) {
            if let Contents::Bytes(bytes) = &file.contents {
                checker.scan(&file.path, bytes);
            }
        }
        checker.finish(&FromTemplates)
    }

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: OutputPath::parse(path).unwrap(),
            contents: Contents::Bytes(html.as_bytes().to_vec()),
        }
    }

    fn errors(files: &[OutputFile], base: &str) -> String {
        match check(files, &BaseUrl::parse(base).unwrap()) {
            Ok(()) => String::new(),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn accepts_root_relative_relative_absolute_and_fragment_links() {
        let files = [
            page(
                "index.html",
                r##"<a href="/sub/counties/a/#p-1">a</a> <a href='counties/a/'>b</a> <a href="https://x.org/sub/counties/a">c</a> <a href="#top" id="top">t</a> <img src="/sub/s.svg"> <a href="https://elsewhere.org/x">e</a> <a href="mailto:a@b.c">m</a>"##,
            ),
            page(
                "counties/a/index.html",
                r#"<p id="p-1"></p><a href="../../">home</a>"#,
            ),
            page("s.svg", "<svg/>"),
        ];
        assert_eq!(errors(&files, "https://x.org/sub/"), "");
    }

    #[test]
    fn reports_missing_pages_fragments_and_links_outside_the_base_path() {
        let files = [
            page(
                "index.html",
                r#"<a href="/sub/counties/b/">b</a> <a href="/sub/counties/a/#nope">f</a> <a href="/elsewhere/">o</a>"#,
            ),
            page("counties/a/index.html", r#"<p id="p-1"></p>"#),
        ];
        let report = errors(&files, "https://x.org/sub/");
        // The suggestion is written as a template writes links: with the base path.
        assert!(report.contains("index.html: broken link \"/sub/counties/b/\": nothing is published at /sub/counties/b/\n  help: did you mean /sub/counties/a/?"), "{report}");
        assert!(
            report.contains(
                "\"/sub/counties/a/#nope\": /sub/counties/a/ has no element with id=\"nope\""
            ),
            "{report}"
        );
        assert!(
            report.contains("/elsewhere/ is outside the site's base path /sub/"),
            "{report}"
        );
    }

    #[test]
    fn percent_encoded_chinese_fragments_match_their_ids() {
        let files = [page(
            "index.html",
            r##"<h2 id="结对-情况"></h2><a href="#%E7%BB%93%E5%AF%B9-%E6%83%85%E5%86%B5">x</a>"##,
        )];
        assert_eq!(errors(&files, "https://x.org/"), "");
    }

    #[test]
    fn fragments_on_the_same_page_and_on_pages_scanned_later_are_checked() {
        let files = [
            page(
                "index.html",
                r##"<main id="main">主</main><a href="#main">ok</a> <a href="#无此处">x</a> <a href="/counties/a/#p-2">y</a> <a href="/counties/a/#p-1">z</a>"##,
            ),
            page(
                "counties/a/index.html",
                r##"<p id="p-1"></p><a href="/#main">up</a>"##,
            ),
        ];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("\"#无此处\": / has no element with id=\"无此处\""),
            "{report}"
        );
        assert!(
            report.contains("\"/counties/a/#p-2\": /counties/a/ has no element with id=\"p-2\""),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 2, "{report}");
    }

    #[test]
    fn a_broken_link_is_shown_decoded() {
        let files = [page(
            "index.html",
            r##"<h2 id="结对"></h2><a href="#%E9%94%80%E5%94%AE">x</a> <a href="/%E5%9B%BE/?a=1&amp;b=2">y</a>"##,
        )];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("broken link \"#销售\": / has no element with id=\"销售\""),
            "{report}"
        );
        assert!(
            report.contains("broken link \"/图/?a=1&b=2\": nothing is published at /图/"),
            "{report}"
        );
    }

    #[test]
    fn broken_fragments_are_reported_however_the_link_is_written() {
        // Each link needs resolving (relative, absolute, percent-encoded, with a query or a dot
        // segment), so none is decided by the plain path; each fragment is missing.
        let files = [
            page(
                "index.html",
                r##"<a href="counties/a/#rel">1</a> <a href="https://x.org/sub/counties/a/#abs">2</a> <a href="//x.org/sub/counties/a/#net">3</a> <a href="/sub/counties/a/#%E6%97%A0">4</a> <a href="/sub/counties/./a/#dot">5</a> <a href="/sub/counties/a/?q=1#query">6</a> <a href="/sub/counties/a/#p-1">ok</a>"##,
            ),
            page("counties/a/index.html", r#"<p id="p-1"></p>"#),
        ];
        let report = errors(&files, "https://x.org/sub/");
        for (link, id) in [
            ("counties/a/#rel", "rel"),
            ("https://x.org/sub/counties/a/#abs", "abs"),
            ("//x.org/sub/counties/a/#net", "net"),
            ("/sub/counties/a/#无", "无"),
            ("/sub/counties/./a/#dot", "dot"),
            ("/sub/counties/a/?q=1#query", "query"),
        ] {
            assert!(
                report.contains(&format!(
                    "broken link \"{link}\": /sub/counties/a/ has no element with id=\"{id}\""
                )),
                "{link}: {report}"
            );
        }
        assert_eq!(report.matches("broken link").count(), 6, "{report}");
    }

    #[test]
    fn a_fragment_on_a_page_itself_is_checked_when_the_link_needs_resolving() {
        let files = [
            page(
                "a/index.html",
                r##"<h2 id="甲"></h2><a href="./#%E7%94%B2">ok</a> <a href="./#%E4%B9%99">x</a> <a href="index.html#乙">y</a>"##,
            ),
            page("index.html", ""),
        ];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("broken link \"./#乙\": /a/ has no element with id=\"乙\""),
            "{report}"
        );
        assert!(
            report.contains("broken link \"index.html#乙\": /a/ has no element with id=\"乙\""),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 2, "{report}");
    }

    #[test]
    fn the_base_path_without_its_trailing_slash_leads_to_the_home_page() {
        let files = [
            page(
                "a/index.html",
                r#"<a href="/sub">home</a> <a href="..">up</a> <a href="/sub/a/..">up</a>"#,
            ),
            page("index.html", ""),
        ];
        assert_eq!(errors(&files, "https://x.org/sub/"), "");
        // Without a home page each of them is broken.
        let report = errors(&files[..1], "https://x.org/sub/");
        assert_eq!(
            report.matches("nothing is published at /sub/\n").count(),
            3,
            "{report}"
        );
        // And a path that only starts like the base path is outside it.
        let files = [page("index.html", r#"<a href="/subway/">x</a>"#)];
        let report = errors(&files, "https://x.org/sub/");
        assert!(
            report.contains("/subway/ is outside the site's base path /sub/"),
            "{report}"
        );
    }

    #[test]
    fn a_relative_link_with_a_colon_is_checked_not_taken_for_external() {
        let files = [page(
            "index.html",
            r#"<a href="notes/2024:1/">a</a> <a href="1x:y">b</a> <a href="x_y:z">c</a> <a href="tel:+86-10-1">t</a> <a href="view-source+x.y:z">v</a>"#,
        )];
        let report = errors(&files, "https://x.org/");
        assert!(
            report
                .contains("broken link \"notes/2024:1/\": nothing is published at /notes/2024:1/"),
            "{report}"
        );
        assert!(
            report.contains("broken link \"1x:y\": nothing is published at /1x:y"),
            "{report}"
        );
        assert!(
            report.contains("broken link \"x_y:z\": nothing is published at /x_y:z"),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 3, "{report}");
    }

    #[test]
    fn data_attributes_are_neither_links_nor_ids() {
        let files = [page(
            "index.html",
            r##"<img data-src="/missing.png" alt=""><div data-id="x" data-href="/gone/"></div><a href="#x">x</a><p
id="y"></p><a
href="#y">y</a>"##,
        )];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("broken link \"#x\": / has no element with id=\"x\""),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 1, "{report}");
    }

    #[test]
    fn only_the_first_broken_links_get_a_suggestion() {
        let links: String = (0..SUGGESTIONS + 1)
            .map(|i| format!(r#"<a href="/pages/a{i:02}x/">x</a>"#))
            .collect();
        let mut files = vec![page("index.html", &links)];
        files.extend((0..SUGGESTIONS + 1).map(|i| page(&format!("pages/a{i:02}/index.html"), "")));
        let report = errors(&files, "https://x.org/");
        assert_eq!(
            report.matches("broken link").count(),
            SUGGESTIONS + 1,
            "{report}"
        );
        assert_eq!(
            report.matches("did you mean").count(),
            SUGGESTIONS,
            "{report}"
        );
        assert!(
            report.contains(&format!(
                "\"/pages/a{:02}x/\": nothing is published at /pages/a{:02}x/\n  help: did you mean /pages/a{:02}/?",
                SUGGESTIONS - 1,
                SUGGESTIONS - 1,
                SUGGESTIONS - 1
            )),
            "{report}"
        );
        assert!(
            report.contains(&format!(
                "\"/pages/a{SUGGESTIONS}x/\": nothing is published at /pages/a{SUGGESTIONS}x/\n  help: fix the link in the template"
            )),
            "{report}"
        );
    }

    /// `serve` rebuilding in place scans only the pages it renders again: a fragment link into
    /// another page is checked against that page as the previous build wrote it.
    #[test]
    fn fragments_into_pages_not_scanned_are_checked_against_their_previous_html() {
        let base = BaseUrl::parse("https://x.org/").unwrap();
        let files = [
            page("index.html", ""),
            page("a/index.html", ""),
            page("b/index.html", ""),
        ];
        let run = |previous: &dyn Fn(&str) -> Option<String>| {
            let targets = LinkTargets::new(files.iter().map(|f| &f.path));
            let checker = LinkChecker::with_targets(&base, Cow::Owned(targets));
            checker.scan(
                &OutputPath::parse("index.html").unwrap(),
                br##"<a href="/a/#p-1">1</a> <a href="/a/#p-9">9</a> <a href="/b/#p-1">b</a>"##,
            );
            match checker.finish_with(&FromTemplates, previous) {
                Ok(()) => String::new(),
                Err(err) => err.to_string(),
            }
        };
        let report = run(&|page| {
            (page == "a/index.html").then(|| r#"<p id="p-1"></p><p id="p-2"></p>"#.to_string())
        });
        assert!(
            report.contains(
                "\"/a/#p-9\": /a/ has no element with id=\"p-9\"\n  help: did you mean /a/#p-1?"
            ),
            "{report}"
        );
        // A page whose previous HTML cannot be read is not held against the links into it.
        assert_eq!(report.matches("broken link").count(), 1, "{report}");
        assert_eq!(run(&|_| None), "");
    }

    #[test]
    fn an_empty_fragment_or_one_into_a_file_that_is_not_a_page_is_not_checked() {
        let files = [
            page(
                "index.html",
                r##"<a href="/#">top</a> <a href="#">top</a> <a href="/s.svg#icon">i</a> <a href="s.svg#icon">i</a> <a href="#top ">t</a> <a id="top"></a>"##,
            ),
            page("s.svg", "<svg/>"),
        ];
        assert_eq!(errors(&files, "https://x.org/"), "");
    }

    #[test]
    fn a_link_through_dot_segments_is_reported_at_the_path_it_leads_to() {
        let files = [
            page(
                "a/index.html",
                r#"<a href="../gone/b/..">1</a> <a href="../gone/b/.">2</a> <a href="../gone/b">3</a>"#,
            ),
            page("index.html", ""),
        ];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("\"../gone/b/..\": nothing is published at /gone/\n"),
            "{report}"
        );
        assert!(
            report.contains("\"../gone/b/.\": nothing is published at /gone/b/\n"),
            "{report}"
        );
        assert!(
            report.contains("\"../gone/b\": nothing is published at /gone/b\n  help: fix the link in the template that writes it"),
            "{report}"
        );
    }

    /// After a rebuild in place, a page scanned again is checked by its new ids, not those of
    /// its previous HTML.
    #[test]
    fn the_ids_of_a_page_scanned_again_win_over_its_previous_html() {
        let base = BaseUrl::parse("https://x.org/").unwrap();
        let files = [page("index.html", ""), page("a/index.html", "")];
        let targets = LinkTargets::new(files.iter().map(|f| &f.path));
        let checker = LinkChecker::with_targets(&base, Cow::Owned(targets));
        checker.scan(
            &OutputPath::parse("index.html").unwrap(),
            br##"<a href="/a/#new">1</a> <a href="/a/#old">2</a>"##,
        );
        checker.scan(
            &OutputPath::parse("a/index.html").unwrap(),
            br#"<p id="new"></p>"#,
        );
        let report = checker
            .finish_with(&FromTemplates, |_| Some(r#"<p id="old"></p>"#.to_string()))
            .unwrap_err()
            .to_string();
        assert!(
            report.contains("\"/a/#old\": /a/ has no element with id=\"old\""),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 1, "{report}");
    }

    /// A fragment into a file that is not a page is never checked, even where a rebuild in
    /// place reads that file's previous text, which may have ids (an SVG's symbols).
    #[test]
    fn a_fragment_into_an_svg_is_not_checked_against_its_ids() {
        let base = BaseUrl::parse("https://x.org/").unwrap();
        let files = [page("index.html", ""), page("s.svg", "")];
        let targets = LinkTargets::new(files.iter().map(|f| &f.path));
        let checker = LinkChecker::with_targets(&base, Cow::Owned(targets));
        checker.scan(
            &OutputPath::parse("index.html").unwrap(),
            br##"<img src="/s.svg#b" alt=""> <img src="s.svg#b" alt="">"##,
        );
        let previous = |_: &str| Some(r#"<svg><symbol id="a"/></svg>"#.to_string());
        assert!(checker.finish_with(&FromTemplates, previous).is_ok());
    }

    /// A link is decoded and its query dropped before it is looked up, even where a file has
    /// the link's text as its name.
    #[test]
    fn a_file_named_like_an_escaped_or_queried_link_is_not_what_it_leads_to() {
        let files = [
            page(
                "index.html",
                r#"<a href="/a%41.html">1</a> <a href="/x?y.html">2</a> <a href="/b%20c.html">3</a>"#,
            ),
            page("a%41.html", ""),
            page("x?y.html", ""),
            page("b c.html", ""),
        ];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("\"/aA.html\": nothing is published at /aA.html"),
            "{report}"
        );
        assert!(
            report.contains("\"/x?y.html\": nothing is published at /x\n"),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 2, "{report}");
    }

    #[test]
    fn an_attribute_name_must_stand_on_its_own() {
        // At the very start of the page, nothing separates the name: it is not an attribute.
        let files = [page(
            "index.html",
            r#"src="/gone.png" <a href='/gone/'>x</a>"#,
        )];
        let report = errors(&files, "https://x.org/");
        assert!(
            report.contains("\"/gone/\": nothing is published"),
            "{report}"
        );
        assert_eq!(report.matches("broken link").count(), 1, "{report}");
    }

    #[test]
    fn normalise_resolves_dot_segments() {
        assert_eq!(normalise("/a/b/../c/./d/"), "/a/c/d/");
        assert_eq!(normalise("/a/.."), "/");
        assert_eq!(normalise("/a/b"), "/a/b");
        assert_eq!(normalise("/a/b/."), "/a/b/");
        assert_eq!(normalise("/a/b/.."), "/a/");
        assert_eq!(normalise("/.."), "/");
    }
}
