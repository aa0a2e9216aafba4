//! Articles: Markdown files under `content/articles/` (walked recursively) with TOML front matter
//! between `+++` lines. Each becomes an [`Article`] whose slug is its file stem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::date::{Timestamp, UtcOffset};
use crate::error::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::site_root::SiteRoot;
use crate::source;
use crate::types::Slug;

const FENCE: &str = "+++";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(deserialize_with = "crate::source::published")]
    title: Spanned<String>,
    date: Spanned<Datetime>,
    #[serde(default, deserialize_with = "crate::source::published")]
    source: Option<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    authors: Vec<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    editors: Vec<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    chief_editor: Option<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    /// The article's address (`/articles/<slug>/`) when it is not the file name.
    #[serde(default)]
    slug: Option<Spanned<String>>,
    /// The slugs of the units the article is about: they decide names that several units share.
    #[serde(default, deserialize_with = "crate::source::published")]
    units: Vec<Spanned<String>>,
    /// The cooperation areas it reports on: names from the data's `areas`.
    #[serde(default, deserialize_with = "crate::source::published")]
    areas: Vec<Spanned<String>>,
    /// Free tags.
    #[serde(default, deserialize_with = "crate::source::published")]
    tags: Vec<Spanned<String>>,
}

/// One article, its metadata checked and its Markdown body not yet rendered.
#[derive(Debug, Clone)]
pub struct Article {
    pub slug: Slug,
    pub path: PathBuf,
    pub title: String,
    pub date: Timestamp,
    pub source: Option<String>,
    pub authors: Vec<String>,
    pub editors: Vec<String>,
    pub chief_editor: Option<String>,
    pub description: Option<String>,
    pub draft: bool,
    pub body: String,
    /// How many lines of the file come before the body.
    pub body_line: usize,
    /// The `units` of the front matter as written, with their positions in the file; resolved
    /// into [`Article::scope`] once the network is known.
    pub units: Vec<(String, Position)>,
    /// The units the article is about.
    pub scope: Vec<crate::network::UnitId>,
    /// The `areas` of the front matter as written, with their positions (checked against the
    /// data's areas when the site is loaded).
    pub areas: Vec<(String, Position)>,
    /// The `tags` of the front matter, with their positions.
    pub tags: Vec<(String, Position)>,
}

impl Article {
    /// This article with a plain `date` taken in `zone` (the site's `timezone`).
    pub fn in_zone(mut self, zone: UtcOffset) -> Self {
        self.date = self.date.in_zone(zone);
        self
    }

    /// The position in the article's file of byte `offset` of its body.
    pub fn body_position(&self, offset: usize) -> Position {
        Position::of_offset(&self.body, offset).shifted_down(self.body_line)
    }
}

/// Whether `path` (as [`SiteRoot::files_under`] gives it) is an article's file: a `*.md` file
/// under the articles' folder `dir`.
pub fn is_article_file(dir: &Path, path: &Path) -> bool {
    path.starts_with(dir) && path.extension().is_some_and(|ext| ext == "md")
}

/// Loads every `*.md` file under `dir`, newest first (by the instant each names, plain dates
/// taken in `zone`; then by slug). A missing folder means no articles; every bad file is
/// reported, not only the first.
pub fn load_articles(root: &SiteRoot, zone: UtcOffset) -> Result<Vec<Article>> {
    let dir = root.articles_dir();
    let paths = root.files_under(&dir, |path| is_article_file(&dir, path))?;
    let loaded: Vec<Result<Article>> = paths
        .par_iter()
        .map(|path| {
            let text = root.article_text(path)?;
            Ok(parse_article(path, &text)?.in_zone(zone))
        })
        .collect();
    let mut articles = Vec::with_capacity(loaded.len());
    let mut problems = Vec::new();
    for outcome in loaded {
        match outcome {
            Ok(article) => articles.push(article),
            Err(Error::Invalid(Diagnostics(found))) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    problems.extend(duplicate_slugs(&articles));
    if !problems.is_empty() {
        return Err(Error::Invalid(Diagnostics(problems)));
    }
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    Ok(articles)
}

fn duplicate_slugs(articles: &[Article]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&Slug, &Path> = BTreeMap::new();
    let mut problems = Vec::new();
    for article in articles {
        if let Some(other) = first.insert(&article.slug, &article.path) {
            problems.push(
                Diagnostic::new(
                    &article.path,
                    None,
                    format!(
                        "article slug \"{}\" is also used by {}",
                        article.slug,
                        other.display()
                    ),
                )
                .with_help("rename one of the files: the file name is the article's address"),
            );
        }
    }
    problems
}

/// Parses one article file's text; `path` names it in messages and gives its slug unless the
/// front matter gives one.
pub fn parse_article(path: &Path, text: &str) -> Result<Article> {
    let (front, body) = split_front_matter(path, text, "article")?;
    let matter: FrontMatter = source::parse_toml(path, front, 2).map_err(Error::invalid)?;
    let slug = match &matter.slug {
        Some(slug) => Slug::parse(slug.get_ref()).map_err(|message| {
            let position = source::span_start(front, slug.span(), 2);
            Error::invalid(
                Diagnostic::new(path, Some(position), message)
                    .with_help("write the slug in lowercase latin letters, digits and hyphens, such as slug = \"zhuhai-zunyi\""),
            )
        })?,
        None => slug_from_path(path)?,
    };
    let date = Timestamp::from_toml(matter.date.get_ref()).map_err(|message| {
        let position = source::span_start(front, matter.date.span(), 2);
        Error::invalid(
            Diagnostic::new(path, Some(position), message)
                .with_help("write the date as 2021-05-31T18:27:00+08:00 or 2021-05-31"),
        )
    })?;
    if matter.title.get_ref().trim().is_empty() {
        let position = source::span_start(front, matter.title.span(), 2);
        return Err(Error::invalid(
            Diagnostic::new(path, Some(position), "the title is empty")
                .with_help("give the article a title = \"…\""),
        ));
    }
    Ok(Article {
        slug,
        path: path.to_path_buf(),
        title: matter.title.into_inner(),
        date,
        source: matter.source,
        authors: matter.authors,
        editors: matter.editors,
        chief_editor: matter.chief_editor,
        description: matter.description,
        draft: matter.draft,
        body_line: text[..text.len() - body.len()].matches('\n').count(),
        units: positioned(front, &matter.units),
        areas: positioned(front, &matter.areas),
        tags: positioned(front, &matter.tags),
        scope: Vec::new(),
        body: body.to_string(),
    })
}

/// Each value with its position in the front matter (which starts on line 2).
fn positioned(front: &str, values: &[Spanned<String>]) -> Vec<(String, Position)> {
    values
        .iter()
        .map(|v| (v.get_ref().clone(), source::span_start(front, v.span(), 2)))
        .collect()
}

pub(crate) fn slug_from_path(path: &Path) -> Result<Slug> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    Slug::parse(stem).map_err(|message| {
        Error::invalid(
            Diagnostic::new(path, None, format!("the file name is not a valid slug: {message}"))
                .with_help("rename the file to lowercase latin letters, digits and hyphens, such as zhuhai-zunyi.md"),
        )
    })
}

/// Splits `+++\n<toml>\n+++\n<body>` into the TOML and the body; `what` the file is (an
/// `article`, a `page`) is for the message.
pub(crate) fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
    what: &str,
) -> Result<(&'a str, &'a str)> {
    let missing = || {
        Error::invalid(
            Diagnostic::new(path, Some(Position { line: 1, column: 1 }), format!("the {what} has no front matter"))
                .with_help("start the file with a line +++, then title = \"…\" and date = 2021-05-31, then a line +++"),
        )
    };
    let mut lines = text.split_inclusive('\n');
    let Some(opening) = lines.next().filter(|line| line.trim_end() == FENCE) else {
        return Err(missing());
    };
    // The opening line may end in spaces: the front matter starts after the whole line.
    let front_start = opening.len();
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == FENCE {
            return Ok((&text[front_start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(Error::invalid(
        Diagnostic::new(
            path,
            Some(Position { line: 1, column: 1 }),
            "the front matter is never closed",
        )
        .with_help("end the front matter with a line that holds only +++"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\ntitle = \"标题\"\ndate = 2021-05-31T18:27:00+08:00\nauthors = [\"廖明山\"]\n+++\n\n正文。\n";

    fn error_of(text: &str) -> String {
        parse_article(Path::new("content/articles/a.md"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parses_front_matter_and_body() {
        let article = parse_article(Path::new("x/zhuhai.md"), GOOD).unwrap();
        assert_eq!(article.slug.as_str(), "zhuhai");
        assert_eq!(article.title, "标题");
        assert_eq!(article.authors, ["廖明山"]);
        assert_eq!(article.body, "\n正文。\n");
    }

    #[test]
    fn rejects_an_article_without_front_matter() {
        assert!(error_of("正文")
            .starts_with("content/articles/a.md:1:1: the article has no front matter"));
    }

    #[test]
    fn a_fence_with_trailing_spaces_still_opens_the_front_matter() {
        let article =
            parse_article(Path::new("a.md"), &GOOD.replacen("+++\n", "+++  \n", 1)).unwrap();
        assert_eq!(article.title, "标题");
        let err = parse_article(Path::new("a.md"), "+++  \nй\n+++").unwrap_err();
        assert!(
            err.to_string().starts_with("a.md:2:"),
            "the error points into the front matter: {err}"
        );
    }

    #[test]
    fn an_empty_title_is_reported_where_it_is_written() {
        let text = "+++\ndate = 2021-05-31\n\ntitle = \"  \"\n+++\n正文。\n";
        let err = error_of(text);
        assert!(
            err.starts_with("content/articles/a.md:4:9: the title is empty"),
            "{err}"
        );
    }

    #[test]
    fn rejects_unclosed_front_matter() {
        assert!(error_of("+++\ntitle = \"x\"\n").contains("never closed"));
    }

    #[test]
    fn front_matter_errors_point_at_the_file_line() {
        let text = GOOD.replace("authors", "author");
        assert!(
            error_of(&text).starts_with("content/articles/a.md:4:1: unknown field `author`"),
            "{}",
            error_of(&text)
        );
    }

    #[test]
    fn rejects_a_date_without_offset() {
        let text = GOOD.replace("+08:00", "");
        assert!(
            error_of(&text).starts_with("content/articles/a.md:3:8: the date-time"),
            "{}",
            error_of(&text)
        );
    }

    #[test]
    fn a_slug_in_the_front_matter_replaces_the_file_name() {
        let text = GOOD.replace("+++\n\n", "slug = \"zhuhai-zunyi\"\n+++\n\n");
        let article = parse_article(Path::new("content/articles/珠海 遵义.md"), &text).unwrap();
        assert_eq!(article.slug.as_str(), "zhuhai-zunyi");
        let err = error_of(&GOOD.replace("+++\n\n", "slug = \"Zhuhai\"\n+++\n\n"));
        assert!(
            err.starts_with("content/articles/a.md:5:8: slug \"Zhuhai\" contains 'Z'"),
            "{err}"
        );
    }

    #[test]
    fn rejects_a_file_name_that_is_not_a_slug() {
        let err = parse_article(Path::new("content/articles/珠海 遵义.md"), GOOD).unwrap_err();
        assert!(err
            .to_string()
            .contains("the file name is not a valid slug"));
    }
}
