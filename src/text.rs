//! Text helpers every stage may use (escaping for HTML and XML, the code points a page may not
//! contain); a leaf module, importing nothing of the crate, so the stages that use it never
//! import each other for it.
//!
//! HTML forbids control characters other than ASCII whitespace and every noncharacter (the Nu
//! checker reports "Forbidden code point"), and the Atom feed, which carries articles in full,
//! is XML, which forbids form feed too. The loader refuses them raw in any file, but TOML
//! escapes (`"\u0007"`) and Markdown character references (`&#7;`) can still write them: the
//! data, settings and front matter values and the rendered Markdown are checked with
//! [`is_forbidden`] once decoded.

/// Whether `c` may not appear in HTML or XML output: C0 controls but tab, line feed and carriage
/// return; DEL and the C1 controls; the noncharacters U+FDD0–U+FDEF and U+xFFFE, U+xFFFF.
pub fn is_forbidden(c: char) -> bool {
    let code = c as u32;
    (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7F..=0x9F).contains(&code)
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// The first code point of `text` a page may not contain.
pub fn first_forbidden(text: &str) -> Option<char> {
    // Chinese text is mostly three-byte characters starting E4–E9: when no byte can start a
    // forbidden code point, the text is clean without decoding it.
    let may_hold = text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF || b >= 0xF0);
    if may_hold {
        text.chars().find(|&c| is_forbidden(c))
    } else {
        None
    }
}

/// What to say about a forbidden code point `c` found in the text.
pub fn forbidden_message(c: char) -> String {
    let what = if c.is_control() {
        "control character"
    } else {
        "noncharacter"
    };
    format!(
        "the text contains the {what} U+{:04X}, which a web page cannot contain",
        c as u32
    )
}

/// Escapes text for HTML content and attributes.
pub fn escape_html(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, text).expect("writing to a String cannot fail");
}

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot hold at all (most C0
/// controls) are dropped, so hostile content cannot make the file unreadable.
pub fn escape_xml(out: &mut String, text: &str) {
    // Copies the runs between special characters whole: most text (all of it, in Chinese) has
    // nothing to escape, and pushing it a character at a time costs several times as much.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, len): (&str, usize) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b if b < 0x20 => ("", 1),
            // U+FFFE and U+FFFF, which XML does not allow.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(&text[copied..]);
}

/// Whether a character belongs to an East Asian script or is full-width punctuation. Used to
/// measure text (diagram labels); Markdown's line breaks follow a finer rule of their own.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_code_points_are_exactly_those_html_and_xml_refuse() {
        let cases = [
            ('\u{0}', true),
            ('\u{7}', true),
            ('\u{c}', true),
            ('\t', false),
            ('\n', false),
            ('\r', false),
            (' ', false),
            ('\u{7f}', true),
            ('\u{85}', true),
            ('\u{9f}', true),
            ('\u{a0}', false),
            ('\u{fdcf}', false),
            ('\u{fdd0}', true),
            ('\u{fdef}', true),
            ('\u{fdf0}', false),
            ('\u{fffd}', false),
            ('\u{fffe}', true),
            ('\u{ffff}', true),
            ('\u{1fffe}', true),
            ('\u{10ffff}', true),
            ('\u{1f600}', false),
            ('中', false),
        ];
        for (c, forbidden) in cases {
            assert_eq!(is_forbidden(c), forbidden, "U+{:04X}", c as u32);
        }
    }
}
