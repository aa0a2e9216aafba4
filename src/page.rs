//! What a page is, known before it is rendered: its kind, its route and the date of its newest
//! content. Shared by rendering, the site files, the output writer and the build report.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::network::Section;
use crate::types::Route;

/// The kind of a page. Templates see it as a string (`index`, `districts`, `district`, `pair`,
/// `article`, `404` …), the names the first versions published as `page.kind`; then `articles`,
/// `area`, `tag`, `areas`, `tags` and `page`, the names the first versions published as `page.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    Index,
    /// The list of a section's units.
    List(Section),
    /// The page of two units above county level and the pairings between them.
    Pair,
    Unit(Section),
    Article,
    NotFound,
    /// A page of the list of every article (`/articles/`, `/articles/page/2/` …).
    Articles,
    /// A page of an area's articles.
    Area,
    /// A page of a tag's articles.
    Tag,
    /// The list of every area, and of every tag.
    Areas,
    Tags,
    /// A Markdown page outside the articles (`content/pages/`).
    Page,
}

impl PageKind {
    pub const ALL: [PageKind; 18] = [
        PageKind::Index,
        PageKind::List(Section::Provinces),
        PageKind::List(Section::Cities),
        PageKind::List(Section::Districts),
        PageKind::List(Section::Counties),
        PageKind::Pair,
        PageKind::Unit(Section::Provinces),
        PageKind::Unit(Section::Cities),
        PageKind::Unit(Section::Districts),
        PageKind::Unit(Section::Counties),
        PageKind::Article,
        PageKind::NotFound,
        PageKind::Articles,
        PageKind::Area,
        PageKind::Tag,
        PageKind::Areas,
        PageKind::Tags,
        PageKind::Page,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Index => "index",
            PageKind::List(section) => section.folder(),
            PageKind::Pair => "pair",
            PageKind::Unit(Section::Provinces) => "province",
            PageKind::Unit(Section::Cities) => "city",
            PageKind::Unit(Section::Districts) => "district",
            PageKind::Unit(Section::Counties) => "county",
            PageKind::Article => "article",
            PageKind::NotFound => "404",
            PageKind::Articles => "articles",
            PageKind::Area => "area",
            PageKind::Tag => "tag",
            PageKind::Areas => "areas",
            PageKind::Tags => "tags",
            PageKind::Page => "page",
        }
    }

    pub fn parse(text: &str) -> Option<PageKind> {
        PageKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for PageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PageKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PageKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PageKind::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown page kind \"{text}\"")))
    }
}

/// What is kept of a page once its HTML has gone to the output.
#[derive(Debug, Clone)]
pub struct PageInfo {
    pub route: Route,
    pub kind: PageKind,
    /// The date of the newest content the page shows, for the sitemap; `None` keeps it out.
    pub lastmod: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_the_names_templates_see() {
        for kind in PageKind::ALL {
            assert_eq!(PageKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PageKind::Unit(Section::Counties).as_str(), "county");
        assert_eq!(PageKind::List(Section::Districts).as_str(), "districts");
        assert_eq!(PageKind::parse("nowhere"), None);
        let json = serde_json::to_string(&PageKind::NotFound).unwrap();
        assert_eq!(json, "\"404\"");
        assert_eq!(
            serde_json::from_str::<PageKind>(&json).unwrap(),
            PageKind::NotFound
        );
    }
}
