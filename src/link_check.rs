//! The build-time link check: every `href` and `src` in every generated page that points inside
//! the site must reach a file of the new output, and its `#fragment` an `id` on that page.
//! External links are never fetched.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::output::{Contents, OutputFile};
use crate::types::BaseUrl;

/// How many broken links get a "did you mean"; finding the nearest target costs a scan of all.
const SUGGESTIONS: usize = 20;

/// Checks the links of every HTML file in `files`; all broken links are reported together.
pub fn check(files: &[OutputFile], base: &BaseUrl) -> Result<()> {
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.as_str().ends_with(".html"))
        .filter_map(|f| match &f.contents {
            Contents::Bytes(bytes) => Some((f.path.as_str(), std::str::from_utf8(bytes).ok()?)),
            _ => None,
        })
        .collect();
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<&str>> = pages
        .par_iter()
        .map(|&(path, html)| (path, ids_in(html)))
        .collect();
    let site = Site {
        base,
        existing: &existing,
        ids: &ids,
    };
    let mut broken: Vec<Broken> = pages
        .par_iter()
        .flat_map_iter(|&(path, html)| site.broken_links(path, html))
        .collect();
    if broken.is_empty() {
        return Ok(());
    }
    broken.sort_by(|a, b| {
        (a.page.as_str(), a.link.as_str()).cmp(&(b.page.as_str(), b.link.as_str()))
    });
    let diagnostics = broken
        .iter()
        .enumerate()
        .map(|(i, b)| {
            b.diagnostic(if i < SUGGESTIONS {
                Some(&existing)
            } else {
                None
            })
        })
        .collect();
    Err(Error::Invalid(Diagnostics(diagnostics)))
}

struct Site<'a> {
    base: &'a BaseUrl,
    existing: &'a HashSet<&'a str>,
    ids: &'a HashMap<&'a str, HashSet<&'a str>>,
}

struct Broken {
    page: String,
    link: String,
    problem: String,
    /// The output path the link was after, for suggestions.
    wanted: Option<String>,
}

impl Broken {
    fn diagnostic(&self, existing: Option<&HashSet<&str>>) -> Diagnostic {
        let diagnostic = Diagnostic::new(
            Path::new(&self.page),
            None,
            format!("broken link \"{}\": {}", self.link, self.problem),
        );
        let nearest = self
            .wanted
            .as_deref()
            .zip(existing)
            .and_then(|(wanted, existing)| nearest(wanted, existing));
        match nearest {
            Some(near) => diagnostic.with_help(format!("the nearest existing page is {near}")),
            None => diagnostic.with_help("fix the link in the article or template that writes it, or build with --no-link-check in an emergency"),
        }
    }
}

impl Site<'_> {
    fn broken_links(&self, page: &str, html: &str) -> Vec<Broken> {
        links_in(html)
            .filter_map(|link| {
                let problem = self.problem(page, link)?;
                Some(Broken {
                    page: page.to_string(),
                    link: link.to_string(),
                    wanted: problem.1,
                    problem: problem.0,
                })
            })
            .collect()
    }

    /// What is wrong with `link` on `page`, if anything, and which output path it wanted.
    fn problem(&self, page: &str, link: &str) -> Option<(String, Option<String>)> {
        let link = link.trim();
        let (without_fragment, fragment) = match link.split_once('#') {
            Some((before, after)) => (before, Some(after)),
            None => (link, None),
        };
        let target = if without_fragment.is_empty() {
            page.to_string()
        } else {
            match self.internal_path(page, without_fragment) {
                Internal::External => return None,
                Internal::Outside(path) => {
                    return Some((
                        format!(
                            "{path} is outside the site's base path {}",
                            self.base.path()
                        ),
                        None,
                    ))
                }
                Internal::Path(path) => match self.file_for(&path) {
                    Some(file) => file,
                    None => return Some((format!("nothing is published at {path}"), Some(path))),
                },
            }
        };
        let fragment = fragment.filter(|f| !f.is_empty())?;
        let fragment = percent_decode_str(fragment).decode_utf8_lossy();
        let ids = self.ids.get(target.as_str())?;
        if ids.contains(fragment.as_ref()) {
            None
        } else {
            Some((
                format!("{target} has no element with id=\"{fragment}\""),
                None,
            ))
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
            .find(|c| self.existing.contains(c.as_str()))
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

/// The values of `href` and `src` attributes, in either quote style.
fn links_in(html: &str) -> impl Iterator<Item = &str> {
    attribute_values(html, "href=").chain(attribute_values(html, "src="))
}

fn ids_in(html: &str) -> HashSet<&str> {
    attribute_values(html, "id=").collect()
}

fn attribute_values<'h>(html: &'h str, name: &'static str) -> impl Iterator<Item = &'h str> {
    html.match_indices(name).filter_map(move |(at, _)| {
        let before = html[..at].chars().next_back()?;
        if !before.is_ascii_whitespace() {
            return None;
        }
        let rest = &html[at + name.len()..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        value.find(quote).map(|end| &value[..end])
    })
}

fn nearest(wanted: &str, existing: &HashSet<&str>) -> Option<String> {
    existing
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| {
            (
                strsim::levenshtein(wanted, p.trim_end_matches("index.html")),
                *p,
            )
        })
        .min()
        .map(|(_, p)| format!("/{}", p.trim_end_matches("index.html")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::OutputPath;

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
        assert!(report.contains("index.html: broken link \"/sub/counties/b/\": nothing is published at counties/b/\n  help: the nearest existing page is /counties/a/"), "{report}");
        assert!(
            report.contains("counties/a/index.html has no element with id=\"nope\""),
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
    fn normalise_resolves_dot_segments() {
        assert_eq!(normalise("/a/b/../c/./d/"), "/a/c/d/");
        assert_eq!(normalise("/a/.."), "/");
    }
}
