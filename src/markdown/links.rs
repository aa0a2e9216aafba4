//! Links and images written in an article. A root-relative link (`/counties/meitan/`) gets the
//! base path; a link to a content file by its path (`@/articles/2024/report.md`) becomes its
//! page's link; an image gets its size (when the site knows it), `loading="lazy"` and
//! `decoding="async"`. Every link is kept with its byte offset, so that the link check can
//! report a broken one where it was written.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::{Problem, Spanned};

/// The prefix of a link to a content file by its path under `content/`.
pub const CONTENT_PREFIX: &str = "@/";

/// What the site tells Markdown about where links lead.
pub trait Resolve: Sync {
    /// The base path every link inside the site starts with: `/` or `/zhuhai-zunyi/`.
    fn base_path(&self) -> &str;
    /// The link of the page made from content file `path` (as written after `@/`, such as
    /// `articles/2024/report.md`), or why there is none.
    fn content(&self, path: &str) -> Result<String, Unresolved>;
    /// The width and height of the image an `<img src>` of `src` (as it will be written in the
    /// page) shows, when it is a file of the site whose size can be read.
    fn image_size(&self, src: &str) -> Option<(u32, u32)>;
}

/// Why a `@/` link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The file is a draft, and drafts are not built; its path, as messages name it.
    Draft { file: String },
    /// No content file has that path; the nearest one that does, if any.
    Missing { nearest: Option<String> },
}

/// Links kept as written, images of unknown size: Markdown rendered outside a site.
pub struct AsWritten;

impl Resolve for AsWritten {
    fn base_path(&self) -> &str {
        "/"
    }

    fn content(&self, _path: &str) -> Result<String, Unresolved> {
        Err(Unresolved::Missing { nearest: None })
    }

    fn image_size(&self, _src: &str) -> Option<(u32, u32)> {
        None
    }
}

/// A link or image as written in the Markdown, and where the page points it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    /// The byte offset of the link (its `[` or `![`) in the Markdown.
    pub offset: usize,
    /// The destination as written (backslash escapes and entities decoded).
    pub written: Box<str>,
    /// The destination in the page, before HTML escaping, when it differs from `written`
    /// (most links are kept as written, and an article may have thousands).
    rewritten: Option<Box<str>>,
}

impl WrittenLink {
    /// A `@/` link that leads nowhere, left as written (and reported as such when rendered).
    pub fn is_unresolved(&self) -> bool {
        self.written.starts_with(CONTENT_PREFIX) && self.rewritten.is_none()
    }

    /// The destination in the page, before HTML escaping.
    pub fn dest(&self) -> &str {
        self.rewritten.as_deref().unwrap_or(&self.written)
    }

    /// The attribute value the page carries for this link, as the link check reads it.
    pub fn in_html(&self) -> String {
        let mut out = String::with_capacity(self.dest().len());
        escape_href(&mut out, self.dest()).expect("writing to a String cannot fail");
        out
    }
}

/// Points every link and image of `events` where it leads, turns images into `<img>` elements
/// with their size and lazy loading, and returns every link as written.
pub(super) fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    resolve: &dyn Resolve,
    problems: &mut Vec<Problem>,
) -> (Vec<Spanned<'a>>, Vec<WrittenLink>) {
    let mut links = Vec::new();
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let dest = destination(&dest_url, range.start, resolve, problems);
                links.push(written(range.start, &dest_url, dest.as_deref()));
                let dest_url = dest.map_or(dest_url, CowStr::from);
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                out.push((Event::Start(tag), range));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let dest = destination(&dest_url, range.start, resolve, problems);
                links.push(written(range.start, &dest_url, dest.as_deref()));
                let src = dest.as_deref().unwrap_or(&dest_url);
                let html = image(src, &title, &mut events, resolve);
                out.push((Event::InlineHtml(html.into()), range));
            }
            other => out.push((other, range)),
        }
    }
    (out, links)
}

fn written(offset: usize, as_written: &str, dest: Option<&str>) -> WrittenLink {
    WrittenLink {
        offset,
        written: as_written.into(),
        rewritten: dest.map(Box::from),
    }
}

/// Where a link written as `link` leads, when that differs from what is written; a `@/` link
/// that leads nowhere is a problem at `offset` (and is left as written).
fn destination(
    link: &str,
    offset: usize,
    resolve: &dyn Resolve,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    if let Some(rest) = link.strip_prefix(CONTENT_PREFIX) {
        let (path, fragment) = match rest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (rest, None),
        };
        return match resolve.content(path) {
            Ok(mut href) => {
                if let Some(fragment) = fragment {
                    href.push('#');
                    href.push_str(fragment);
                }
                Some(href)
            }
            Err(why) => {
                problems.push(unresolved(link, path, why, offset));
                None
            }
        };
    }
    let base = resolve.base_path();
    let root_relative = link.starts_with('/') && !link.starts_with("//");
    (root_relative && base != "/").then(|| format!("{base}{}", &link[1..]))
}

fn unresolved(link: &str, path: &str, why: Unresolved, offset: usize) -> Problem {
    let (message, help) = match why {
        Unresolved::Draft { file } => (
            format!("broken link \"{link}\": {file} is a draft, and drafts are not published"),
            format!(
                "publish it (remove draft = true from {file}), remove the link, or preview with build --drafts or serve"
            ),
        ),
        Unresolved::Missing { nearest } => (
            format!("broken link \"{link}\": there is no content file content/{path}"),
            match nearest {
                Some(near) => format!("did you mean \"{CONTENT_PREFIX}{near}\"?"),
                None => format!(
                    "write the path of a file under content/ after {CONTENT_PREFIX}, such as {CONTENT_PREFIX}articles/report.md"
                ),
            },
        ),
    };
    Problem {
        offset,
        other: None,
        message,
        help,
    }
}

/// The `<img>` element of an image whose events after its start come from `events`, which
/// are consumed up to its end.
fn image<'a>(
    src: &str,
    title: &str,
    events: &mut impl Iterator<Item = Spanned<'a>>,
    resolve: &dyn Resolve,
) -> String {
    let mut html = String::from("<img src=\"");
    let push = |html: &mut String, text: &str| {
        escape_html(html, text).expect("writing to a String cannot fail")
    };
    escape_href(&mut html, src).expect("writing to a String cannot fail");
    html.push_str("\" alt=\"");
    alt_text(events, &mut html);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        push(&mut html, title);
        html.push('"');
    }
    if let Some((width, height)) = resolve.image_size(src) {
        html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

/// Writes the text of an image's description, escaped, as pulldown-cmark does for `alt`.
fn alt_text<'a>(events: &mut impl Iterator<Item = Spanned<'a>>, html: &mut String) {
    let mut depth = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => return,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text) => {
                escape_html(&mut *html, &text).expect("writing to a String cannot fail");
            }
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MarkdownSettings;
    use crate::linker::Linker;
    use crate::markdown::{render_in_site, RenderedMarkdown};

    /// A site under `/zz/` with one article and one draft, whose every image is 4×3.
    struct Site;

    impl Resolve for Site {
        fn base_path(&self) -> &str {
            "/zz/"
        }

        fn content(&self, path: &str) -> Result<String, Unresolved> {
            match path {
                "articles/a.md" => Ok("/zz/articles/a/".into()),
                "articles/d.md" => Err(Unresolved::Draft {
                    file: "content/articles/d.md".into(),
                }),
                _ => Err(Unresolved::Missing {
                    nearest: Some("articles/a.md".into()),
                }),
            }
        }

        fn image_size(&self, src: &str) -> Option<(u32, u32)> {
            (src == "/zz/a.png").then_some((4, 3))
        }
    }

    fn rendered(markdown: &str) -> RenderedMarkdown {
        let linker = Linker::from_names([("珠海", crate::network::UnitId(0))]);
        render_in_site(
            markdown,
            MarkdownSettings::default(),
            &linker,
            &|_| String::new(),
            &Site,
        )
    }

    #[test]
    fn root_relative_and_content_links_lead_under_the_base_path() {
        let out = rendered("[a](/counties/x/) [b](@/articles/a.md#p-2) [c](../y/) [d](//x.org/)");
        assert_eq!(
            out.html,
            "<p id=\"p-1\"><a href=\"/zz/counties/x/\">a</a> <a href=\"/zz/articles/a/#p-2\">b</a> <a href=\"../y/\">c</a> <a href=\"//x.org/\">d</a></p>\n"
        );
        let written: Vec<(usize, &str, &str)> = out
            .links
            .iter()
            .map(|l| (l.offset, &*l.written, l.dest()))
            .collect();
        assert_eq!(
            written,
            [
                (0, "/counties/x/", "/zz/counties/x/"),
                (18, "@/articles/a.md#p-2", "/zz/articles/a/#p-2"),
                (43, "../y/", "../y/"),
                (54, "//x.org/", "//x.org/")
            ]
        );
        assert!(out.broken_links.is_empty());
    }

    #[test]
    fn content_links_to_drafts_and_missing_files_are_broken_where_written() {
        let out = rendered("见[草稿](@/articles/d.md)和\n[无](@/articles/b.md)。");
        let found: Vec<(usize, &str, &str)> = out
            .broken_links
            .iter()
            .map(|p| (p.offset, p.message.as_str(), p.help.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    3,
                    "broken link \"@/articles/d.md\": content/articles/d.md is a draft, and drafts are not published",
                    "publish it (remove draft = true from content/articles/d.md), remove the link, or preview with build --drafts or serve"
                ),
                (
                    32,
                    "broken link \"@/articles/b.md\": there is no content file content/articles/b.md",
                    "did you mean \"@/articles/a.md\"?"
                )
            ]
        );
    }

    #[test]
    fn images_get_their_size_and_load_lazily() {
        let out = rendered("![标志 *强调*](/a.png \"题\") ![外](https://x.org/b.png)");
        assert_eq!(
            out.html,
            "<p id=\"p-1\"><img src=\"/zz/a.png\" alt=\"标志 强调\" title=\"题\" width=\"4\" height=\"3\" loading=\"lazy\" decoding=\"async\"> <img src=\"https://x.org/b.png\" alt=\"外\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
    }
}
