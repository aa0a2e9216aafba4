//! One walk over the events: numbers paragraphs, list items and table rows; links entity
//! mentions where a link may go; and records each block's plain text and mentions, for quotes,
//! the lead and the search index.
//!
//! - **Where names are linked.** Not inside Markdown links, images, headings or code blocks, nor
//!   inside raw `<a>`, `<code>`, `<pre>`, headings and the like (see `raw_html`). Code spans are
//!   never text, so never linked.
//! - **Which mentions are linked.** By default only the first mention of each entity in a block;
//!   the rest stay text but are still recorded, so a quote marks every mention.
//! - **Table rows** are blocks too (`r-N`, a numbering of their own, so that adding a table does
//!   not move any paragraph's published `p-N`). A row's text is its cells, each labelled with its
//!   column's header, after the nearest heading above the table: `【结对名单】县：桐梓县；区：横琴新区`.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::ids::{BLOCK_PREFIX, ROW_PREFIX};
use super::raw_html::RawHtml;
use super::{Block, Spanned};
use crate::config::MarkdownSettings;
use crate::linker::{EntityId, Linker, Mention};

/// What the walk found besides the rewritten events.
pub(super) struct Annotated<'a> {
    pub events: Vec<Spanned<'a>>,
    pub quotable: Vec<Block>,
    pub lead: Option<String>,
    pub plain: String,
    /// Ids the writer gave (`{#id}`, raw `id="…"`), with their offsets, in document order.
    pub explicit_ids: Vec<(String, usize)>,
    /// The offset of each paragraph `p-N`, at index `N - 1`.
    pub block_offsets: Vec<usize>,
    /// The offset of each table row `r-N`, at index `N - 1`.
    pub row_offsets: Vec<usize>,
}

#[derive(PartialEq, Eq)]
enum Kind {
    /// A paragraph or a list item without paragraphs: it may be the lead.
    Paragraph,
    /// A table row, whose text starts with `prefix` bytes of context.
    Row { prefix: usize },
}

struct OpenBlock {
    id: String,
    kind: Kind,
    text: String,
    mentions: Vec<Mention>,
    /// The entities already linked in this block.
    linked: HashSet<EntityId>,
}

/// The table being walked.
struct Table {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
    /// The header cells' text, to label the body cells with.
    labels: Vec<String>,
    /// Where the current cell's text starts in its row's text, before and after the label.
    cell_start: usize,
    value_start: usize,
}

/// How a quoted table row is written out, in the page's language: `【结对名单】县：桐梓县；区：横琴新区`
/// in Chinese (and Japanese or Yi), `[List] County: Tongzi; District: Hengqin` otherwise.
struct Punctuation {
    heading: (&'static str, &'static str),
    cells: &'static str,
    label: &'static str,
}

impl Punctuation {
    fn of(settings: MarkdownSettings) -> Self {
        if settings.ambiguous_punctuation_wide {
            Punctuation {
                heading: ("【", "】"),
                cells: "；",
                label: "：",
            }
        } else {
            Punctuation {
                heading: ("[", "] "),
                cells: "; ",
                label: ": ",
            }
        }
    }
}

pub(super) struct Annotator<'l> {
    source: &'l str,
    settings: MarkdownSettings,
    linker: &'l Linker,
    href: &'l dyn Fn(EntityId) -> String,
    /// Depth of Markdown elements whose text must not be linked (links, images, headings, code
    /// blocks).
    no_link_depth: usize,
    raw_html: RawHtml,
    open: Vec<OpenBlock>,
    /// For each open list item: whether it opened a block of its own.
    items: Vec<bool>,
    table: Option<Table>,
    /// The text of the heading being walked, and of the last one walked.
    heading: Option<String>,
    last_heading: String,
    quotable: Vec<Block>,
    lead: Option<String>,
    plain: String,
    explicit_ids: Vec<(String, usize)>,
    block_offsets: Vec<usize>,
    row_offsets: Vec<usize>,
}

impl<'l> Annotator<'l> {
    pub(super) fn new(
        source: &'l str,
        settings: MarkdownSettings,
        linker: &'l Linker,
        href: &'l dyn Fn(EntityId) -> String,
    ) -> Self {
        Annotator {
            source,
            settings,
            linker,
            href,
            no_link_depth: 0,
            raw_html: RawHtml::default(),
            open: Vec::new(),
            items: Vec::new(),
            table: None,
            heading: None,
            last_heading: String::new(),
            quotable: Vec::new(),
            lead: None,
            plain: String::new(),
            explicit_ids: Vec::new(),
            block_offsets: Vec::new(),
            row_offsets: Vec::new(),
        }
    }

    pub(super) fn run(mut self, events: Vec<Spanned<'_>>) -> Annotated<'_> {
        let mut out = Vec::with_capacity(events.len() + events.len() / 4);
        let mut iter = events.into_iter().peekable();
        while let Some((event, range)) = iter.next() {
            let next_is_paragraph = matches!(iter.peek(), Some((Event::Start(Tag::Paragraph), _)));
            self.event(event, range, next_is_paragraph, &mut out);
        }
        Annotated {
            events: out,
            quotable: self.quotable,
            lead: self.lead,
            plain: self.plain,
            explicit_ids: self.explicit_ids,
            block_offsets: self.block_offsets,
            row_offsets: self.row_offsets,
        }
    }

    fn event<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        next_is_paragraph: bool,
        out: &mut Vec<Spanned<'a>>,
    ) {
        let html = |html: String| (Event::Html(html.into()), range.clone());
        match event {
            Event::Start(Tag::Paragraph) => {
                let id = self.open_block(Kind::Paragraph, range.start);
                out.push(html(format!("<p id=\"{id}\">")));
            }
            Event::End(TagEnd::Paragraph) => {
                self.close_block();
                out.push((event, range));
            }
            Event::Start(Tag::Item) => {
                let tight = !next_is_paragraph;
                self.items.push(tight);
                if tight {
                    let id = self.open_block(Kind::Paragraph, range.start);
                    out.push(html(format!("<li id=\"{id}\">")));
                } else {
                    out.push((event, range));
                }
            }
            Event::End(TagEnd::Item) => {
                if self.items.pop() == Some(true) {
                    self.close_block();
                }
                out.push((event, range));
            }
            Event::Start(Tag::Heading { ref id, .. }) => {
                if let Some(id) = id {
                    let at = self
                        .offset_in(&range, &format!("#{id}"))
                        .map_or(range.start, |at| at + 1);
                    self.explicit_ids.push((id.to_string(), at));
                }
                self.heading = Some(String::new());
                self.no_link_depth += 1;
                out.push((event, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                self.last_heading = self.heading.take().unwrap_or_default().trim().to_string();
                self.no_link_depth -= 1;
                out.push((event, range));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.no_link_depth += 1;
                out.push((event, range));
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.no_link_depth -= 1;
                out.push((event, range));
            }
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => {
                let written = self.table_event(event, range.start);
                out.push(html(written));
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
                self.raw(raw, &range);
                out.push((event, range));
            }
            Event::Text(text) => self.text(text, range, out),
            Event::Code(ref code) => {
                self.push_text(code);
                out.push((event, range));
            }
            Event::SoftBreak => {
                self.push_text(" ");
                out.push((event, range));
            }
            Event::HardBreak => {
                self.push_text("\n");
                out.push((event, range));
            }
            other => out.push((other, range)),
        }
    }

    /// The offset in the source of `needle` within `range`, if it is written there.
    fn offset_in(&self, range: &Range<usize>, needle: &str) -> Option<usize> {
        let written = self.source.get(range.clone())?;
        written.find(needle).map(|at| range.start + at)
    }

    /// Takes in raw HTML: what it opens and closes, and the ids it gives.
    fn raw(&mut self, raw: &str, range: &Range<usize>) {
        // The offsets are into `raw`; they are into the source only when it is written as is.
        let verbatim = self.source.get(range.clone()) == Some(raw);
        let explicit_ids = &mut self.explicit_ids;
        self.raw_html.feed(raw, &mut |id, at| {
            let at = if verbatim {
                range.start + at
            } else {
                range.start
            };
            explicit_ids.push((id.to_string(), at));
        });
    }

    /// Writes a table event as pulldown-cmark would, with an id on each row, and keeps the row's
    /// text. pulldown-cmark cannot put an attribute on a row, and writing only the rows would
    /// upset its count of cells, which gives each cell its column's alignment.
    fn table_event(&mut self, event: Event, offset: usize) -> String {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                self.table = Some(Table {
                    alignments,
                    in_head: false,
                    cell: 0,
                    labels: Vec::new(),
                    cell_start: 0,
                    value_start: 0,
                });
                "<table>".into()
            }
            Event::End(TagEnd::Table) => {
                self.table = None;
                "</tbody></table>\n".into()
            }
            Event::Start(Tag::TableHead) => {
                let id = self.open_row(offset, true);
                format!("<thead><tr id=\"{id}\">")
            }
            Event::End(TagEnd::TableHead) => {
                self.close_block();
                if let Some(table) = &mut self.table {
                    table.in_head = false;
                }
                "</tr></thead><tbody>\n".into()
            }
            Event::Start(Tag::TableRow) => {
                let id = self.open_row(offset, false);
                format!("<tr id=\"{id}\">")
            }
            Event::End(TagEnd::TableRow) => {
                self.close_block();
                "</tr>\n".into()
            }
            Event::Start(Tag::TableCell) => self.open_cell(),
            _ => self.close_cell(),
        }
    }

    fn open_row(&mut self, offset: usize, head: bool) -> String {
        if let Some(table) = &mut self.table {
            table.in_head = head;
            table.cell = 0;
        }
        let prefix = if self.last_heading.is_empty() {
            String::new()
        } else {
            let (open, close) = Punctuation::of(self.settings).heading;
            format!("{open}{}{close}", self.last_heading)
        };
        let id = self.open_block(
            Kind::Row {
                prefix: prefix.len(),
            },
            offset,
        );
        self.push_text(&prefix);
        id
    }

    fn open_cell(&mut self) -> String {
        let Some(table) = &mut self.table else {
            return String::new();
        };
        let element = if table.in_head { "th" } else { "td" };
        let align = match table.alignments.get(table.cell) {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let label = (!table.in_head)
            .then(|| table.labels.get(table.cell))
            .flatten()
            .filter(|label| !label.is_empty());
        if let Some(block) = self.open.last_mut() {
            table.cell_start = block.text.len();
            let prefix = match block.kind {
                Kind::Row { prefix } => prefix,
                Kind::Paragraph => 0,
            };
            let punctuation = Punctuation::of(self.settings);
            if block.text.len() > prefix {
                block.text.push_str(punctuation.cells);
            }
            if let Some(label) = label {
                block.text.push_str(label);
                block.text.push_str(punctuation.label);
            }
            table.value_start = block.text.len();
        }
        format!("<{element}{align}>")
    }

    fn close_cell(&mut self) -> String {
        let Some(table) = &mut self.table else {
            return String::new();
        };
        let element = if table.in_head { "th" } else { "td" };
        if let Some(block) = self.open.last_mut() {
            let value = block
                .text
                .get(table.value_start..)
                .unwrap_or_default()
                .trim();
            if table.in_head {
                table.labels.push(value.to_string());
            }
            // An empty cell adds nothing, not even its label.
            if value.is_empty() {
                block.text.truncate(table.cell_start);
            }
        }
        table.cell += 1;
        format!("</{element}>")
    }

    fn open_block(&mut self, kind: Kind, offset: usize) -> String {
        let (prefix, offsets) = match kind {
            Kind::Paragraph => (BLOCK_PREFIX, &mut self.block_offsets),
            Kind::Row { .. } => (ROW_PREFIX, &mut self.row_offsets),
        };
        offsets.push(offset);
        let id = format!("{prefix}{}", offsets.len());
        self.open.push(OpenBlock {
            id: id.clone(),
            kind,
            text: String::new(),
            mentions: Vec::new(),
            linked: HashSet::new(),
        });
        id
    }

    fn close_block(&mut self) {
        let Some(block) = self.open.pop() else { return };
        let own_text = match block.kind {
            Kind::Paragraph => block.text.trim(),
            Kind::Row { prefix } => block.text[prefix..].trim(),
        };
        if !own_text.is_empty() {
            if self.lead.is_none() && block.kind == Kind::Paragraph {
                self.lead = Some(own_text.to_string());
            }
            self.plain.push_str(own_text);
            self.plain.push('\n');
        }
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

    fn push_text(&mut self, text: &str) {
        if let Some(heading) = &mut self.heading {
            heading.push_str(text);
        }
        if let Some(block) = self.open.last_mut() {
            block.text.push_str(text);
        }
    }

    /// Emits `text`, turning mentions into links where links are allowed; every mention is
    /// recorded, linked or not.
    fn text<'a>(&mut self, text: CowStr<'a>, range: Range<usize>, out: &mut Vec<Spanned<'a>>) {
        let offset = self.open.last().map_or(0, |block| block.text.len());
        self.push_text(&text);
        if self.no_link_depth > 0 || self.raw_html.suppresses_links() {
            out.push((Event::Text(text), range));
            return;
        }
        let mut written = 0;
        for mention in self.linker.mentions(&text) {
            let link = match self.open.last_mut() {
                Some(block) => {
                    block.mentions.push(Mention {
                        start: offset + mention.start,
                        end: offset + mention.end,
                        entity: mention.entity,
                    });
                    block.linked.insert(mention.entity) || self.settings.link_every_mention
                }
                None => true,
            };
            if !link {
                continue;
            }
            if mention.start > written {
                let before = text[written..mention.start].to_string();
                out.push((Event::Text(before.into()), range.clone()));
            }
            let href = (self.href)(mention.entity);
            let name = text[mention.start..mention.end].to_string();
            out.push((
                Event::InlineHtml(format!("<a class=\"entity\" href=\"{href}\">").into()),
                range.clone(),
            ));
            out.push((Event::Text(name.into()), range.clone()));
            out.push((Event::InlineHtml("</a>".into()), range.clone()));
            written = mention.end;
        }
        if written == 0 {
            out.push((Event::Text(text), range));
        } else if written < text.len() {
            out.push((Event::Text(text[written..].to_string().into()), range));
        }
    }
}
