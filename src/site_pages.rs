//! Pages: Markdown files under `content/pages/` (walked recursively), each published at its own
//! URL (`about.md` → `/about/`, `guide/index.md` → `/guide/`, `guide/data.md` → `/guide/data/`)
//! with its own template, and optionally in the navigation.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::site_root::SiteRoot;
use crate::source;
use crate::types::{Route, Slug};

/// The template of a page whose front matter names none.
pub const DEFAULT_TEMPLATE: &str = "page.html";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(deserialize_with = "crate::source::published")]
    title: Spanned<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    description: Option<String>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    /// In the navigation, ordered by this number (after the built-in entries).
    #[serde(default)]
    nav_order: Option<i64>,
    /// Its label there; the title when not given.
    #[serde(default, deserialize_with = "crate::source::published")]
    nav_label: Option<String>,
}

/// One page, its front matter checked and its Markdown body not yet rendered.
#[derive(Debug, Clone)]
pub struct SitePage {
    pub path: PathBuf,
    pub route: Route,
    pub title: String,
    pub description: Option<String>,
    /// The template it names, with where; [`SitePage::template`] gives the one it uses.
    pub template_named: Option<(String, Position)>,
    /// Its place and label in the navigation, when it is there.
    pub nav: Option<(i64, String)>,
    pub body: String,
    /// How many lines of the file come before the body.
    pub body_line: usize,
}

impl SitePage {
    /// The position in the page's file of byte `offset` of its body.
    pub fn body_position(&self, offset: usize) -> Position {
        Position::of_offset(&self.body, offset).shifted_down(self.body_line)
    }

    pub fn template(&self) -> &str {
        self.template_named
            .as_ref()
            .map_or(DEFAULT_TEMPLATE, |(name, _)| name)
    }
}

/// Loads every `*.md` file under `content/pages/`, sorted by route; every bad file is reported.
pub fn load_pages(root: &SiteRoot) -> Result<Vec<SitePage>> {
    let dir = root.pages_dir();
    let paths = root.files_under(&dir, |path| path.extension().is_some_and(|ext| ext == "md"))?;
    let mut pages = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for path in paths {
        let text = source::read_text(&path)?;
        match parse_page(&dir, &path, &text) {
            Ok(page) => pages.push(page),
            Err(Error::Invalid(Diagnostics(found))) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(Diagnostics(problems)));
    }
    pages.sort_by(|a, b| a.route.cmp(&b.route));
    Ok(pages)
}

/// Parses one page file's text; its place under `dir` gives its route.
pub fn parse_page(dir: &Path, path: &Path, text: &str) -> Result<SitePage> {
    let route = route_of(dir, path)?;
    let (front, body) = crate::content::split_front_matter(path, text, "page")?;
    let matter: FrontMatter = source::parse_toml(path, front, 2).map_err(Error::invalid)?;
    if matter.title.get_ref().trim().is_empty() {
        let position = source::span_start(front, matter.title.span(), 2);
        return Err(Error::invalid(
            Diagnostic::new(path, Some(position), "the title is empty")
                .with_help("give the page a title = \"…\""),
        ));
    }
    let title = matter.title.into_inner();
    let template_named = matter.template.map(|t| {
        let position = source::span_start(front, t.span(), 2);
        (t.into_inner(), position)
    });
    Ok(SitePage {
        path: path.to_path_buf(),
        route,
        nav: matter
            .nav_order
            .map(|order| (order, matter.nav_label.unwrap_or_else(|| title.clone()))),
        title,
        description: matter.description,
        template_named,
        body_line: text[..text.len() - body.len()].matches('\n').count(),
        body: body.to_string(),
    })
}

/// `about.md` → `/about/`; `guide/index.md` → `/guide/`. Every folder and file name is a slug.
fn route_of(dir: &Path, path: &Path) -> Result<Route> {
    let relative = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    let mut slugs = Vec::new();
    for part in relative.components() {
        let part = part.as_os_str().to_string_lossy();
        match Slug::parse(&part) {
            Ok(slug) => slugs.push(slug),
            Err(message) => {
                return Err(Error::invalid(
                    Diagnostic::new(path, None, format!("the page's path is not made of slugs: {message}"))
                        .with_help("name its folders and file in lowercase latin letters, digits and hyphens, such as content/pages/about.md"),
                ))
            }
        }
    }
    if slugs.last().is_some_and(|s| s.as_str() == "index") {
        slugs.pop();
    }
    Ok(Route::at(&slugs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(relative: &str, text: &str) -> Result<SitePage> {
        let dir = Path::new("content/pages");
        parse_page(dir, &dir.join(relative), text)
    }

    #[test]
    fn a_page_is_published_at_its_path() {
        let text = "+++\ntitle = \"关于本站\"\nnav_order = 2\n+++\n正文。\n";
        let about = page("about.md", text).unwrap();
        assert_eq!(about.route.as_str(), "/about/");
        assert_eq!(about.nav, Some((2, "关于本站".to_string())));
        assert_eq!(about.template(), "page.html");
        assert_eq!(
            page("guide/index.md", text).unwrap().route.as_str(),
            "/guide/"
        );
        assert_eq!(
            page("guide/data.md", text).unwrap().route.as_str(),
            "/guide/data/"
        );
    }

    #[test]
    fn a_named_template_keeps_where_it_is_written() {
        let text = "+++\ntitle = \"关于\"\ntemplate = \"about.html\"\n+++\n";
        let about = page("about.md", text).unwrap();
        assert_eq!(about.template(), "about.html");
        assert_eq!(
            about.template_named.unwrap().1,
            Position {
                line: 3,
                column: 12
            }
        );
    }

    #[test]
    fn a_page_path_that_is_not_slugs_is_refused() {
        let err = page("关于.md", "+++\ntitle = \"x\"\n+++\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("the page's path is not made of slugs"),
            "{err}"
        );
        let err = page("about.md", "正文").unwrap_err();
        assert!(
            err.to_string().contains("the page has no front matter"),
            "{err}"
        );
    }
}
