//! Small types for the strings that must never be confused: slugs, page routes, output paths and
//! the site's base URL. Each is validated once, where it is made.

use std::fmt;

use serde::{Serialize, Serializer};

/// A URL-safe identifier: one or more of `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Accepts `[a-z0-9-]+`; the error says what is wrong with the text.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("a slug may not be empty".into());
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(format!(
                "slug \"{text}\" contains {bad:?}; a slug may only contain a-z, 0-9 and -"
            ));
        }
        Ok(Slug(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Where a page lives in the site, relative to the base URL: `/`, `/counties/tongzi/`, `/404.html`.
/// A route ending in `/` is a pretty URL served from its folder's `index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route(String);

impl Route {
    pub fn home() -> Self {
        Route("/".into())
    }

    /// A section listing, such as `/districts/`.
    pub fn section(section: &str) -> Self {
        debug_assert!(Slug::parse(section).is_ok());
        Route(format!("/{section}/"))
    }

    /// One entity's page inside a section, such as `/counties/tongzi/`.
    pub fn entry(section: &str, slug: &Slug) -> Self {
        debug_assert!(Slug::parse(section).is_ok());
        Route(format!("/{section}/{slug}/"))
    }

    /// A page two levels inside a section, such as `/pairs/zhuhai/zunyi/`.
    pub fn nested(section: &str, first: &Slug, second: &Slug) -> Self {
        debug_assert!(Slug::parse(section).is_ok());
        Route(format!("/{section}/{first}/{second}/"))
    }

    /// A page at a path of slugs, such as `/about/` or `/guide/data/`; no slugs is the home page.
    pub fn at(slugs: &[Slug]) -> Self {
        let mut route = String::from("/");
        for slug in slugs {
            route.push_str(slug.as_str());
            route.push('/');
        }
        Route(route)
    }

    /// Page `number` (from 1) of the paginated list at this route: the route itself for the
    /// first page, `page/N/` under it for the others (`/articles/page/2/`).
    pub fn paged(&self, number: usize) -> Self {
        debug_assert!(self.0.ends_with('/') && number >= 1);
        if number <= 1 {
            self.clone()
        } else {
            Route(format!("{}page/{number}/", self.0))
        }
    }

    /// A file at the top of the site, such as `/404.html`.
    pub fn top_file(name: &str) -> Self {
        debug_assert!(!name.contains('/') && !name.starts_with('.'));
        Route(format!("/{name}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file in the output folder that serves this route.
    pub fn output_path(&self) -> OutputPath {
        let relative = self.0.trim_start_matches('/');
        if relative.is_empty() || relative.ends_with('/') {
            OutputPath(format!("{relative}index.html"))
        } else {
            OutputPath(relative.to_string())
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's path inside the output folder, `/`-separated, with no empty, `.` or `..` parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

impl OutputPath {
    /// Accepts a relative `/`-separated path whose every part is a plain name.
    pub fn parse(text: &str) -> Result<Self, String> {
        let valid = !text.is_empty()
            && text.split('/').all(|part| {
                !part.is_empty() && part != "." && part != ".." && !part.contains('\\')
            });
        if valid && !text.contains(':') {
            Ok(OutputPath(text.to_string()))
        } else {
            Err(format!("\"{text}\" is not a safe relative path"))
        }
    }

    /// A file at the top of the output folder whose name the build chose, such as
    /// `sitemap.xml`.
    pub fn top_file(name: &str) -> Self {
        debug_assert!(!name.contains('/') && OutputPath::parse(name).is_ok());
        OutputPath(name.to_string())
    }

    /// A file in a folder of the output, both named by the build, such as `search/g0.json`.
    pub fn in_folder(folder: &str, name: &str) -> Self {
        debug_assert!(!name.contains('/') && OutputPath::parse(folder).is_ok());
        debug_assert!(OutputPath::parse(name).is_ok());
        OutputPath(format!("{folder}/{name}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder the file is in (`districts/doumen` for `districts/doumen/index.html`), or
    /// `None` for a file at the top.
    pub fn folder(&self) -> Option<&str> {
        self.0.rsplit_once('/').map(|(folder, _)| folder)
    }
}

/// Sets and maps of output paths can be asked about a path as text (a link's target); the
/// order and hash are those of the text.
impl std::borrow::Borrow<str> for OutputPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// An output path is its text: `summary.removed == ["old.html"]`.
impl PartialEq<&str> for OutputPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The URL the site is published under, such as `https://example.org/zhuhai-zunyi/`. Always ends in
/// `/`; links inside the site start with its path so that they work under a sub-path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
}

impl BaseUrl {
    /// Accepts an absolute `http` or `https` URL without query or fragment.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("base URL \"{text}\" must start with https:// or http://"))?;
        let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c);
        if rest.contains(['?', '#']) || rest.chars().any(unsafe_char) {
            return Err(format!(
                "base URL \"{text}\" may not contain a query, a fragment, spaces, quotes or angle brackets"
            ));
        }
        let host_len = rest.find('/').unwrap_or(rest.len());
        if host_len == 0 {
            return Err(format!("base URL \"{text}\" has no host"));
        }
        let mut url = text.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        let path_start = text.len() - rest.len() + host_len;
        Ok(BaseUrl { url, path_start })
    }

    /// The path part, always starting and ending with `/`: `/` or `/zhuhai-zunyi/`.
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }

    /// The link to a route from any page of the site: the base path followed by the route.
    pub fn href(&self, route: &Route) -> String {
        format!("{}{}", self.path(), &route.as_str()[1..])
    }

    /// The absolute URL of a route, for canonical links, feeds and sitemaps.
    pub fn absolute(&self, route: &Route) -> String {
        format!("{}{}", self.url, &route.as_str()[1..])
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_accepts_lowercase_digits_and_hyphens() {
        assert_eq!(Slug::parse("hengqin-2").unwrap().as_str(), "hengqin-2");
    }

    #[test]
    fn slug_rejects_uppercase_cjk_spaces_and_dots() {
        for bad in ["Hengqin", "横琴", "a b", "../x", "", "a_b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn routes_map_to_index_files() {
        let slug = Slug::parse("tongzi").unwrap();
        assert_eq!(Route::home().output_path().as_str(), "index.html");
        assert_eq!(
            Route::entry("counties", &slug).output_path().as_str(),
            "counties/tongzi/index.html"
        );
        assert_eq!(
            Route::top_file("404.html").output_path().as_str(),
            "404.html"
        );
    }

    #[test]
    fn output_paths_made_by_the_build_name_their_folder() {
        let page = Route::entry("districts", &Slug::parse("doumen").unwrap()).output_path();
        assert_eq!(page.folder(), Some("districts/doumen"));
        let shard = OutputPath::in_folder("search", "g0.json");
        assert_eq!(
            (shard.as_str(), shard.folder()),
            ("search/g0.json", Some("search"))
        );
        let top = OutputPath::top_file("sitemap.xml");
        assert_eq!((top.as_str(), top.folder()), ("sitemap.xml", None));
        assert_eq!(OutputPath::parse("search/g0.json"), Ok(shard));
        let set: std::collections::HashSet<OutputPath> = [top].into();
        assert!(set.contains("sitemap.xml") && !set.contains("sitemap"));
    }

    #[test]
    fn paged_routes_keep_the_first_page_at_the_list_itself() {
        let list = Route::section("articles");
        assert_eq!(list.paged(1).as_str(), "/articles/");
        assert_eq!(list.paged(2).as_str(), "/articles/page/2/");
        assert_eq!(
            list.paged(3).output_path().as_str(),
            "articles/page/3/index.html"
        );
        let about = Route::at(&[Slug::parse("about").unwrap()]);
        assert_eq!(about.as_str(), "/about/");
        assert_eq!(Route::at(&[]).as_str(), "/");
    }

    #[test]
    fn output_path_rejects_traversal_and_windows_tricks() {
        for bad in ["../x", "a/../b", "/abs", "a//b", "..\\x", "C:x", ""] {
            assert!(
                OutputPath::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert!(OutputPath::parse("css/site.css").is_ok());
    }

    #[test]
    fn base_url_with_a_path_prefixes_every_link() {
        let base = BaseUrl::parse("https://example.org/zhuhai-zunyi").unwrap();
        let route = Route::entry("counties", &Slug::parse("meitan").unwrap());
        assert_eq!(base.path(), "/zhuhai-zunyi/");
        assert_eq!(base.href(&route), "/zhuhai-zunyi/counties/meitan/");
        assert_eq!(
            base.absolute(&route),
            "https://example.org/zhuhai-zunyi/counties/meitan/"
        );
        assert_eq!(base.href(&Route::home()), "/zhuhai-zunyi/");
    }

    #[test]
    fn base_url_without_a_path_is_the_root() {
        let base = BaseUrl::parse("http://localhost:1111").unwrap();
        assert_eq!(base.path(), "/");
        assert_eq!(base.as_str(), "http://localhost:1111/");
    }

    #[test]
    fn base_url_rejects_relative_and_query_urls() {
        for bad in [
            "/x/",
            "example.org",
            "https://",
            "https://a.org/?q=1",
            "ftp://a.org/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn an_output_path_equals_its_text_and_no_other() {
        let path = OutputPath::parse("a/index.html").unwrap();
        assert!(path == "a/index.html");
        assert!(path != "a/index.htm" && path != "" && path != "b/index.html");
        assert_eq!(vec![path], ["a/index.html"]);
    }

    /// Such a character would end or break the attribute every link of the site is written in.
    #[test]
    fn base_url_rejects_spaces_control_characters_quotes_and_angle_brackets() {
        for bad in [
            "https://a.org/zhu hai/",
            "https://a.org/\tx/",
            "https://a.org/\u{3000}x/",
            "https://a.org/\u{7}/",
            "https://a.org/\u{7f}/",
            "https://a.org/\"x/",
            "https://a.org/'x/",
            "https://a.org/<x>/",
            "https://a.org/`x`/",
            "https://a.org\\x/",
            "https://a.org/#top",
        ] {
            assert_eq!(
                BaseUrl::parse(bad).unwrap_err(),
                format!(
                    "base URL \"{bad}\" may not contain a query, a fragment, spaces, quotes or angle brackets"
                ),
                "{bad:?}"
            );
        }
        // Spaces around the URL are not part of it.
        let base = BaseUrl::parse(" https://a.org/x \n").unwrap();
        assert_eq!(base.as_str(), "https://a.org/x/");
        assert_eq!(base.path(), "/x/");
    }

    #[test]
    fn base_url_errors_say_what_is_wrong() {
        assert_eq!(
            BaseUrl::parse("ftp://a.org/").unwrap_err(),
            "base URL \"ftp://a.org/\" must start with https:// or http://"
        );
        assert_eq!(
            BaseUrl::parse("https:///x/").unwrap_err(),
            "base URL \"https:///x/\" has no host"
        );
        let base = BaseUrl::parse("http://a.org/x/").unwrap();
        assert_eq!((base.as_str(), base.path()), ("http://a.org/x/", "/x/"));
    }
}
