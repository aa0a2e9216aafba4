//! Text helpers every stage may use (escaping for HTML and XML); a leaf module, importing
//! nothing of the crate, so the stages that use it never import each other for it.

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
