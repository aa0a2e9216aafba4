//! Article Markdown to HTML: CommonMark with GFM tables, footnotes, strikethrough and task lists,
//! plus what Chinese text needs: no stray spaces from line breaks between CJK characters, stable
//! heading ids for Chinese headings, ids on every paragraph, and links on every entity mention.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::MarkdownSettings;
use crate::linker::{EntityId, Linker, Mention};

/// A quotable block (a paragraph, or a list item without paragraphs) as plain text, with the
/// entity mentions in it as byte ranges of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: String,
    pub text: String,
    pub mentions: Vec<Mention>,
}

/// An article body rendered to HTML.
#[derive(Debug, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Blocks that mention at least one entity, in document order.
    pub quotable: Vec<Block>,
    /// The plain text of the first paragraph, for descriptions.
    pub lead: String,
    /// The plain text of every block, one per line, for the search index.
    pub text: String,
}

/// The block id prefix; heading ids never take this shape, so the two cannot collide.
const BLOCK_ID_PREFIX: &str = "p-";

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders `markdown`; `href` gives the link for an entity.
pub fn render(
    markdown: &str,
    settings: MarkdownSettings,
    linker: &Linker,
    href: &dyn Fn(EntityId) -> String,
) -> RenderedMarkdown {
    let mut events: Vec<Event> = Parser::new_ext(markdown, parser_options()).collect();
    if !settings.allow_html {
        neutralise_raw_html(&mut events);
    }
    let events = merge_text(drop_cjk_soft_breaks(events));
    let mut events = events;
    assign_heading_ids(&mut events);
    let mut annotator = Annotator::new(linker, href);
    let events = annotator.run(events);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut html, events.into_iter());
    // Every article's body stays in memory for the whole build; growth slack would cost up to
    // as much again.
    html.shrink_to_fit();
    let mut text = annotator.plain;
    text.shrink_to_fit();
    RenderedMarkdown {
        html,
        quotable: annotator.quotable,
        lead: annotator.lead.unwrap_or_default(),
        text,
    }
}

/// Raw HTML becomes visible text, and links with script-running schemes lead nowhere.
fn neutralise_raw_html(events: &mut [Event]) {
    for event in events.iter_mut() {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => *event = Event::Text(raw.clone()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if has_unsafe_scheme(dest_url) =>
            {
                *dest_url = CowStr::Borrowed("#");
            }
            _ => {}
        }
    }
}

fn has_unsafe_scheme(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// Whether a character belongs to an East Asian script or is full-width punctuation: between two
/// of these a line break is not a word space and must not become one.
pub fn is_east_asian(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD)
}

/// Removes soft line breaks that sit between two East Asian characters (as Goldmark's
/// EastAsianLineBreaks does), so that a paragraph wrapped in the source reads as one line.
fn drop_cjk_soft_breaks(events: Vec<Event>) -> Vec<Event> {
    let mut kept = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        if matches!(event, Event::SoftBreak) {
            let before = match kept.last() {
                Some(Event::Text(text)) => text.chars().next_back(),
                _ => None,
            };
            let after = match iter.peek() {
                Some(Event::Text(text)) => text.chars().next(),
                _ => None,
            };
            if before.is_some_and(is_east_asian) && after.is_some_and(is_east_asian) {
                continue;
            }
        }
        kept.push(event);
    }
    kept
}

/// Joins runs of text events so that a name is never split between two of them.
fn merge_text(events: Vec<Event>) -> Vec<Event> {
    let mut merged: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        if let (Some(Event::Text(previous)), Event::Text(next)) = (merged.last_mut(), &event) {
            let mut joined = previous.to_string();
            joined.push_str(next);
            *previous = CowStr::from(joined);
            continue;
        }
        merged.push(event);
    }
    merged
}

/// Gives every heading without an explicit `{#id}` an id made from its text, unique in the page.
fn assign_heading_ids(events: &mut [Event]) {
    let mut ids = Ids::default();
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let text = heading_text(&events[i + 1..]);
            let id = unique_id(heading_slug(&text), &mut ids);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Lowercased letters and digits of any script, other runs turned into single hyphens.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

/// The ids taken on a page, and for each base the next suffix to try, so that a thousand headings
/// with the same text cost a thousand steps, not half a million.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

fn unique_id(base: String, ids: &mut Ids) -> String {
    let looks_like_block_id = base
        .strip_prefix(BLOCK_ID_PREFIX)
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
    let mut candidate = if looks_like_block_id {
        format!("{base}-h")
    } else {
        base.clone()
    };
    let suffix = ids.next_suffix.entry(base.clone()).or_insert(1);
    while ids.used.contains(&candidate) {
        *suffix += 1;
        candidate = format!("{base}-{suffix}");
    }
    ids.used.insert(candidate.clone());
    candidate
}

struct OpenBlock {
    id: String,
    text: String,
    mentions: Vec<Mention>,
}

/// Walks the events once: numbers blocks, links mentions outside links, code and headings, and
/// records each block's text and mentions.
struct Annotator<'l> {
    linker: &'l Linker,
    href: &'l dyn Fn(EntityId) -> String,
    /// Depth of elements whose text must not be linked (links, images, headings, code blocks).
    no_link_depth: usize,
    open: Vec<OpenBlock>,
    /// For each open list item: whether it opened a block of its own.
    items: Vec<bool>,
    next_block: usize,
    quotable: Vec<Block>,
    lead: Option<String>,
    plain: String,
}

impl<'l> Annotator<'l> {
    fn new(linker: &'l Linker, href: &'l dyn Fn(EntityId) -> String) -> Self {
        Annotator {
            linker,
            href,
            no_link_depth: 0,
            open: Vec::new(),
            items: Vec::new(),
            next_block: 0,
            quotable: Vec::new(),
            lead: None,
            plain: String::new(),
        }
    }

    fn run<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len() + events.len() / 4);
        let mut iter = events.into_iter().peekable();
        while let Some(event) = iter.next() {
            match event {
                Event::Start(Tag::Paragraph) => {
                    let id = self.open_block();
                    out.push(Event::Html(format!("<p id=\"{id}\">").into()));
                }
                Event::End(TagEnd::Paragraph) => {
                    self.close_block();
                    out.push(event);
                }
                Event::Start(Tag::Item) => {
                    let tight = !matches!(iter.peek(), Some(Event::Start(Tag::Paragraph)));
                    self.items.push(tight);
                    if tight {
                        let id = self.open_block();
                        out.push(Event::Html(format!("<li id=\"{id}\">").into()));
                    } else {
                        out.push(event);
                    }
                }
                Event::End(TagEnd::Item) => {
                    if self.items.pop() == Some(true) {
                        self.close_block();
                    }
                    out.push(event);
                }
                Event::Start(
                    Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_),
                ) => {
                    self.no_link_depth += 1;
                    out.push(event);
                }
                Event::End(
                    TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock,
                ) => {
                    self.no_link_depth -= 1;
                    out.push(event);
                }
                Event::Text(text) => self.text(text, &mut out),
                Event::Code(ref code) => {
                    self.push_block_text(code);
                    out.push(event);
                }
                Event::SoftBreak => {
                    self.push_block_text(" ");
                    out.push(event);
                }
                Event::HardBreak => {
                    self.push_block_text("\n");
                    out.push(event);
                }
                other => out.push(other),
            }
        }
        out
    }

    fn open_block(&mut self) -> String {
        self.next_block += 1;
        let id = format!("{BLOCK_ID_PREFIX}{}", self.next_block);
        self.open.push(OpenBlock {
            id: id.clone(),
            text: String::new(),
            mentions: Vec::new(),
        });
        id
    }

    fn close_block(&mut self) {
        let Some(block) = self.open.pop() else { return };
        if self.lead.is_none() && !block.text.trim().is_empty() {
            self.lead = Some(block.text.trim().to_string());
        }
        self.plain.push_str(block.text.trim());
        self.plain.push('\n');
        if !block.mentions.is_empty() {
            let mut text = block.text;
            text.shrink_to_fit(); // kept all build long, like the body
            self.quotable.push(Block {
                id: block.id,
                text,
                mentions: block.mentions,
            });
        }
    }

    fn push_block_text(&mut self, text: &str) {
        if let Some(block) = self.open.last_mut() {
            block.text.push_str(text);
        }
    }

    /// Emits `text`, turning each mention into a link when linking is allowed here.
    fn text<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        let offset = self.open.last().map_or(0, |block| block.text.len());
        self.push_block_text(&text);
        if self.no_link_depth > 0 {
            out.push(Event::Text(text));
            return;
        }
        let mut written = 0;
        for mention in self.linker.mentions(&text) {
            if mention.start > written {
                out.push(Event::Text(text[written..mention.start].to_string().into()));
            }
            let href = (self.href)(mention.entity);
            out.push(Event::InlineHtml(
                format!("<a class=\"entity\" href=\"{href}\">").into(),
            ));
            out.push(Event::Text(
                text[mention.start..mention.end].to_string().into(),
            ));
            out.push(Event::InlineHtml("</a>".into()));
            written = mention.end;
            if let Some(block) = self.open.last_mut() {
                block.mentions.push(Mention {
                    start: offset + mention.start,
                    end: offset + mention.end,
                    entity: mention.entity,
                });
            }
        }
        if written == 0 {
            out.push(Event::Text(text));
        } else if written < text.len() {
            out.push(Event::Text(text[written..].to_string().into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CountyId;

    fn county(i: usize) -> EntityId {
        EntityId::County(CountyId(i))
    }

    fn linker() -> Linker {
        Linker::from_names([
            ("务川仡佬族苗族自治县", county(0)),
            ("务川县", county(0)),
            ("桐梓县", county(1)),
        ])
    }

    fn href(entity: EntityId) -> String {
        match entity {
            EntityId::County(CountyId(i)) => format!("/counties/c{i}/"),
            EntityId::District(_) => "/districts/d/".into(),
        }
    }

    fn to_html(markdown: &str) -> String {
        render(markdown, MarkdownSettings::default(), &linker(), &href).html
    }

    #[test]
    fn soft_break_between_chinese_characters_disappears() {
        assert_eq!(
            to_html("珠海市\n遵义市"),
            "<p id=\"p-1\">珠海市遵义市</p>\n"
        );
    }

    #[test]
    fn soft_break_between_latin_words_stays() {
        assert_eq!(
            to_html("Zhuhai\nZunyi"),
            "<p id=\"p-1\">Zhuhai\nZunyi</p>\n"
        );
    }

    #[test]
    fn a_name_wrapped_across_lines_is_still_linked() {
        assert_eq!(
            to_html("务川仡佬族\n苗族自治县"),
            "<p id=\"p-1\"><a class=\"entity\" href=\"/counties/c0/\">务川仡佬族苗族自治县</a></p>\n"
        );
    }

    #[test]
    fn longest_name_is_linked_and_alias_too() {
        let html = to_html("务川仡佬族苗族自治县，简称务川县。");
        assert_eq!(html.matches("href=\"/counties/c0/\"").count(), 2);
        assert!(html.contains(">务川仡佬族苗族自治县</a>"));
    }

    #[test]
    fn mentions_in_links_code_and_headings_are_not_linked() {
        let html = to_html("# 桐梓县\n\n[桐梓县](https://x.org) `桐梓县`\n\n```\n桐梓县\n```\n");
        assert!(!html.contains("class=\"entity\""), "{html}");
    }

    #[test]
    fn chinese_headings_get_stable_unique_ids() {
        let html = to_html("## 结对 关系\n\n## 结对 关系\n\n## p-1\n");
        assert!(html.contains("<h2 id=\"结对-关系\">"), "{html}");
        assert!(html.contains("<h2 id=\"结对-关系-2\">"), "{html}");
        assert!(html.contains("<h2 id=\"p-1-h\">"), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let html = to_html("<script>alert(1)</script>\n\n文字<b>粗</b>");
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        let settings = MarkdownSettings { allow_html: true };
        let html = render("文字<b>粗</b>", settings, &linker(), &href).html;
        assert!(html.contains("<b>粗</b>"), "{html}");
    }

    #[test]
    fn javascript_links_are_neutralised() {
        let html = to_html("[点我](javascript:alert(1)) [图](  JavaScript:x)");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn blocks_record_mentions_as_ranges_of_their_text() {
        let rendered = render(
            "开头。\n\n- 桐梓县\n- 无\n",
            MarkdownSettings::default(),
            &linker(),
            &href,
        );
        assert_eq!(rendered.lead, "开头。");
        assert_eq!(rendered.quotable.len(), 1);
        let block = &rendered.quotable[0];
        assert_eq!(block.id, "p-2");
        assert_eq!(
            &block.text[block.mentions[0].start..block.mentions[0].end],
            "桐梓县"
        );
        assert!(
            rendered.html.contains("<li id=\"p-2\">"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn gfm_tables_footnotes_and_strikethrough_render() {
        let html = to_html("|县|区|\n|-|-|\n|桐梓县|横琴|\n\n~~旧~~脚注[^1]\n\n[^1]: 注释。\n");
        assert!(
            html.contains("<table>") && html.contains("<del>旧</del>"),
            "{html}"
        );
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(
            html.contains("<a class=\"entity\" href=\"/counties/c1/\">桐梓县</a>"),
            "{html}"
        );
    }
}
