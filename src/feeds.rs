//! The machine-readable files of a site: `sitemap.xml`, the Atom feed `atom.xml` and
//! `robots.txt`. Written as text here rather than as templates: they are formats, not design.

use crate::config::Config;
use crate::content::Article;
use crate::page::{PageInfo, PageKind};
use crate::types::Route;

pub const SITEMAP: &str = "sitemap.xml";
pub const FEED: &str = "atom.xml";
pub const ROBOTS: &str = "robots.txt";
/// How many of the newest articles the feed carries, in full: readers poll it often, and a feed of
/// every article ever written grows without bound.
pub const FEED_ENTRIES: usize = 20;

pub use crate::text::escape_xml;

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_xml(&mut out, text);
    out
}

/// Every page but the 404 page, with its absolute URL and the date of its newest content.
pub fn sitemap(config: &Config, pages: &[PageInfo]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut listed: Vec<&PageInfo> = pages
        .iter()
        .filter(|p| p.kind != PageKind::NotFound)
        .collect();
    listed.sort_by(|a, b| a.route.cmp(&b.route));
    for page in listed {
        out.push_str("  <url><loc>");
        out.push_str(&xml(&config.base_url.absolute(&page.route)));
        out.push_str("</loc>");
        if let Some(date) = page.lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// An article as the feed needs it.
pub struct FeedEntry<'a> {
    pub article: &'a Article,
    pub route: Route,
    pub summary: &'a str,
    pub html: &'a str,
}

/// An Atom 1.0 feed (RFC 4287) of the articles, newest first.
pub fn atom(config: &Config, entries: &[FeedEntry]) -> String {
    let base = &config.base_url;
    // The newest instant, written as that article writes it.
    let updated = entries
        .iter()
        .map(|e| &e.article.date)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |date| date.atom());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\" xml:base=\"{id}\">\n  <title>{title}</title>\n  <id>{id}</id>\n  <updated>{updated}</updated>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{id}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <author><name>{title}</name></author>\n  <generator>xiezuo</generator>\n",
        lang = xml(&config.language.tag),
        title = xml(&config.title),
        id = xml(base.as_str()),
        feed = xml(&base.absolute(&Route::top_file(FEED))),
    );
    for entry in entries {
        let url = base.absolute(&entry.route);
        let article = entry.article;
        // Relative links in the entry's content (`../../images/a.png`, footnotes' `#fn-1`)
        // resolve against the article's own URL, as they do on its page.
        out.push_str(&format!("  <entry xml:base=\"{}\">\n", xml(&url)));
        out.push_str(&format!("    <title>{}</title>\n", xml(&article.title)));
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            article.date.atom()
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", article.date.atom()));
        let authors: Vec<&str> = if article.authors.is_empty() {
            article.source.as_deref().into_iter().collect()
        } else {
            article.authors.iter().map(String::as_str).collect()
        };
        for author in authors {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml(author)
            ));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml(entry.summary)));
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(entry.html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Allows everything and points crawlers at the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.base_url.absolute(&Route::top_file(SITEMAP))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            xml("<a href=\"x\">'&]]>\u{1}\u{8}\n"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;]]&gt;\n"
        );
    }

    #[test]
    fn xml_escaping_keeps_chinese_and_drops_noncharacters() {
        assert_eq!(
            xml("珠海\u{FFFE}市\u{FFFF}与遵义\t\u{FFFD}\u{EFFF}&"),
            "珠海市与遵义\t\u{FFFD}\u{EFFF}&amp;"
        );
        assert_eq!(xml(""), "");
        assert_eq!(xml("\u{FFFF}"), "");
    }
}
