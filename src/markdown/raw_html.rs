//! What raw HTML (allowed with `[markdown] allow_html`) opens and closes, so that entity names
//! inside a raw `<a>`, `<code>`, `<pre>` or heading are not linked: a link inside a link is
//! invalid HTML and does not work. Only start and end tags matter here, and the `id`s they
//! give; comments and the text of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped.
//! A tag split across lines of an HTML block is put together again.

/// Elements inside which a name is not linked: interactive ones (a link may not nest in them),
/// code, headings, and foreign content. Raw-text elements are handled by [`RAW_TEXT`].
const NO_LINK: &[&str] = &[
    "a", "button", "code", "pre", "kbd", "samp", "var", "h1", "h2", "h3", "h4", "h5", "h6",
    "select", "option", "label", "svg", "math", "template", "iframe", "object", "noscript",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Elements whose `/>` really closes them: in HTML itself `<a/>` opens an `a`.
const FOREIGN: &[&str] = &["svg", "math"];

#[derive(Debug, Default)]
enum State {
    #[default]
    Markup,
    Comment,
    RawText(&'static str),
}

/// The raw elements open at the current point of the document.
#[derive(Debug, Default)]
pub(super) struct RawHtml {
    open: Vec<&'static str>,
    state: State,
    /// The start of a tag the last piece of HTML did not finish.
    pending: String,
}

impl RawHtml {
    /// Whether text here is inside an element where names must not be linked.
    pub(super) fn suppresses_links(&self) -> bool {
        !self.open.is_empty() || matches!(self.state, State::RawText(_))
    }

    /// Takes in the next piece of raw HTML; `on_id` gets each `id` attribute's value and its
    /// byte offset in `html` (0 for a tag that started in an earlier piece).
    pub(super) fn feed(&mut self, html: &str, on_id: &mut dyn FnMut(&str, usize)) {
        let carried = std::mem::take(&mut self.pending);
        let joined;
        let text = if carried.is_empty() {
            html
        } else {
            joined = carried.clone() + html;
            &joined
        };
        let local = |offset: usize| offset.saturating_sub(carried.len());
        let mut at = 0;
        while at < text.len() {
            match self.state {
                State::Comment => match text[at..].find("-->") {
                    Some(end) => {
                        at += end + 3;
                        self.state = State::Markup;
                    }
                    None => return,
                },
                State::RawText(name) => match find_end_tag(&text[at..], name) {
                    Some(end) => {
                        at += end;
                        self.state = State::Markup;
                    }
                    None => return,
                },
                State::Markup => {
                    let Some(lt) = text[at..].find('<') else {
                        return;
                    };
                    let start = at + lt;
                    let rest = &text[start..];
                    if rest.starts_with("<!--") {
                        at = start + 4;
                        self.state = State::Comment;
                        continue;
                    }
                    match parse_tag(rest) {
                        Parsed::Tag(tag) => {
                            for (offset, id) in &tag.ids {
                                on_id(id, local(start + offset));
                            }
                            self.take(&tag);
                            at = start + tag.len;
                        }
                        Parsed::Unfinished => {
                            self.pending = rest.to_string();
                            return;
                        }
                        Parsed::NotATag => at = start + 1,
                    }
                }
            }
        }
    }

    fn take(&mut self, tag: &Tag) {
        let Some(name) = known(&tag.name) else {
            return;
        };
        if tag.closing {
            if let Some(at) = self.open.iter().rposition(|open| *open == name) {
                self.open.truncate(at);
            }
        } else if RAW_TEXT.contains(&name) {
            self.state = State::RawText(name);
        } else if !(tag.self_closing && FOREIGN.contains(&name)) {
            self.open.push(name);
        }
    }
}

/// `name` as one of the elements that matter here, if it is one.
fn known(name: &str) -> Option<&'static str> {
    NO_LINK
        .iter()
        .chain(RAW_TEXT)
        .find(|known| known.eq_ignore_ascii_case(name))
        .copied()
}

/// Where `</name` starts in `text`, in any letter case.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(lt) = text[from..].find("</") {
        let start = from + lt;
        let name_end = start + 2 + name.len();
        if bytes
            .get(start + 2..name_end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()))
        {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Each `id` value and its byte offset from the `<`.
    ids: Vec<(usize, String)>,
    len: usize,
}

enum Parsed {
    Tag(Tag),
    Unfinished,
    NotATag,
}

/// Parses the tag `text` starts with (`text` starts with `<`).
fn parse_tag(text: &str) -> Parsed {
    let bytes = text.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return Parsed::NotATag;
    }
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
    let mut tag = Tag {
        name: text[name_start..name_end].to_string(),
        closing,
        self_closing: false,
        ids: Vec::new(),
        len: 0,
    };
    let mut at = name_end;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        match bytes.get(at) {
            None => return Parsed::Unfinished,
            Some(b'>') => {
                tag.len = at + 1;
                return Parsed::Tag(tag);
            }
            Some(b'/') => {
                tag.self_closing = bytes.get(at + 1) == Some(&b'>');
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        let attribute_start = at;
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            at += 1;
        }
        let attribute = &text[attribute_start..at];
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let (value_start, value_end, next) = match bytes.get(at) {
            None => return Parsed::Unfinished,
            Some(&quote @ (b'"' | b'\'')) => match text[at + 1..].find(quote as char) {
                Some(len) => (at + 1, at + 1 + len, at + 2 + len),
                None => return Parsed::Unfinished,
            },
            Some(_) => {
                let len = bytes[at..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                    .count();
                (at, at + len, at + len)
            }
        };
        if attribute.eq_ignore_ascii_case("id") && !closing {
            tag.ids
                .push((value_start, text[value_start..value_end].to_string()));
        }
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `pieces` one after another and says after each whether links are suppressed.
    fn suppressed_after(pieces: &[&str]) -> Vec<bool> {
        let mut raw = RawHtml::default();
        pieces
            .iter()
            .map(|piece| {
                raw.feed(piece, &mut |_, _| {});
                raw.suppresses_links()
            })
            .collect()
    }

    #[test]
    fn tracks_the_elements_that_forbid_links() {
        let cases: &[(&[&str], &[bool])] = &[
            (&["<a href=\"x\">", "</a>"], &[true, false]),
            (&["<A HREF='x'>", "</A>"], &[true, false]),
            (
                &["<code>", "<b>", "</b>", "</code>"],
                &[true, true, true, false],
            ),
            (&["<pre>\n", "x\n", "</pre>\n"], &[true, true, false]),
            (
                &["<b>", "</b>", "<br/>", "<img src=x>"],
                &[false, false, false, false],
            ),
            (&["<a title=\"</a>\">", "</a>"], &[true, false]),
            (
                &["<!-- <a> -->", "<a", " href=x>", "</a>"],
                &[false, false, true, false],
            ),
            (&["<!--", "<a>", "-->"], &[false, false, false]),
            (
                &["<script>", "if (a<b) {}", "</SCRIPT>"],
                &[true, true, false],
            ),
            (&["<svg/>", "<h2>", "</h2>"], &[false, true, false]),
            (&["<a>", "<code>", "</a>"], &[true, true, false]),
            (&["</a>", "a < b", "<3"], &[false, false, false]),
        ];
        for (pieces, expected) in cases {
            assert_eq!(&suppressed_after(pieces), expected, "{pieces:?}");
        }
    }

    #[test]
    fn reports_ids_with_their_offsets() {
        let mut raw = RawHtml::default();
        let mut ids = Vec::new();
        let html = "<div id=\"p-1\"><span ID='a' class=x><b id=c>";
        raw.feed(html, &mut |id, offset| ids.push((id.to_string(), offset)));
        assert_eq!(ids, [("p-1".into(), 9), ("a".into(), 24), ("c".into(), 41)]);
        assert_eq!(&html[9..12], "p-1");
    }
}
