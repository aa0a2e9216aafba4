//! Reading input text: every content, data and template file goes through here, so encoding
//! problems and TOML syntax errors are reported the same way everywhere.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Error, Position, Result};

/// Reads a UTF-8 text file, dropping a byte-order mark and normalising CRLF line endings to LF.
/// A file that is not UTF-8 is reported with the line and column of its first bad byte.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    decode_text(path, bytes)
}

/// The decoding half of [`read_text`], for bytes that are already in memory.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid_up_to = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        Error::invalid(
            Diagnostic::new(
                path,
                Some(Position::of_offset(valid, valid.len())),
                format!(
                    "file is not valid UTF-8 (byte 0x{:02X})",
                    bytes[valid_up_to]
                ),
            )
            .with_help("save the file with UTF-8 encoding"),
        )
    })?;
    refuse_control_characters(path, &text)?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(match normalise_line_endings(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalised) => normalised,
    })
}

/// Control characters (other than tab and line breaks) cannot appear in HTML or XML, even
/// escaped; they are almost always an accident of copying, so they are reported, not dropped.
fn refuse_control_characters(path: &Path, text: &str) -> Result<()> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let fast_path_clean = !text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2);
    if fast_path_clean {
        return Ok(());
    }
    match text.char_indices().find(|&(_, c)| is_control(c)) {
        None => Ok(()),
        Some((offset, c)) => Err(Error::invalid(
            Diagnostic::new(
                path,
                Some(Position::of_offset(text, offset)),
                format!("the file contains the control character U+{:04X}", c as u32),
            )
            .with_help("delete it; it is invisible in most editors but cannot be published"),
        )),
    }
}

fn normalise_line_endings(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Parses TOML into `T`. `first_line` is the line of `path` on which `text` starts (1 for a whole
/// file), so that positions point into the real file.
pub fn parse_toml<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|err| {
        let position = err
            .span()
            .map(|span| Position::of_offset(text, span.start).shifted_down(first_line - 1));
        let message = err.message().trim_end().to_string();
        let diagnostic = Diagnostic::new(path, position, message.clone());
        match toml_help(&message) {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

fn toml_help(message: &str) -> Option<&'static str> {
    if message.ends_with(FORBIDDEN_ENDING) {
        Some("delete it, or the escape (such as \\u0007) that writes it: it is invisible, and a page cannot hold it")
    } else if message.starts_with("unknown field") {
        Some("remove the field or correct its spelling")
    } else if message.starts_with("missing field") {
        Some("add the field; README.md lists the fields of each table")
    } else if message.starts_with("invalid type") {
        Some("check the value's type: text is quoted, lists use [ ], dates are written 2021-05-31")
    } else {
        None
    }
}

/// How [`crate::text::forbidden_message`] ends, to know its messages among TOML's.
const FORBIDDEN_ENDING: &str = "which a web page cannot contain";

/// A TOML value whose text, once decoded, may reach a page: it may not hold a code point a page
/// cannot contain ([`crate::text::is_forbidden`]), which an escape such as `"\u0007"` can
/// write although the file itself holds none.
pub trait PublishedText {
    fn first_forbidden(&self) -> Option<char>;
}

impl PublishedText for String {
    fn first_forbidden(&self) -> Option<char> {
        crate::text::first_forbidden(self)
    }
}

impl<T: PublishedText> PublishedText for Option<T> {
    fn first_forbidden(&self) -> Option<char> {
        self.as_ref().and_then(T::first_forbidden)
    }
}

impl<T: PublishedText> PublishedText for Vec<T> {
    fn first_forbidden(&self) -> Option<char> {
        self.iter().find_map(T::first_forbidden)
    }
}

impl<T: PublishedText> PublishedText for toml::Spanned<T> {
    fn first_forbidden(&self) -> Option<char> {
        self.get_ref().first_forbidden()
    }
}

/// For `#[serde(deserialize_with = "source::published")]`: deserialises the value and refuses
/// it if it holds a forbidden code point. The TOML parser reports the error at the value's line
/// and column (a list's, for a list), like any other mistake in the file.
pub fn published<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + PublishedText,
{
    let value = T::deserialize(deserializer)?;
    match value.first_forbidden() {
        Some(c) => Err(serde::de::Error::custom(crate::text::forbidden_message(c))),
        None => Ok(value),
    }
}

/// The position of a byte range's start, for values deserialised with `toml::Spanned`.
pub fn span_start(text: &str, span: std::ops::Range<usize>, first_line: usize) -> Position {
    Position::of_offset(text, span.start).shifted_down(first_line - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_first_invalid_byte_position() {
        let mut bytes = "标题\n正文".as_bytes().to_vec();
        bytes.push(0xFF);
        let err = decode_text(Path::new("a.md"), bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:2:3: file is not valid UTF-8 (byte 0xFF)\n  help: save the file with UTF-8 encoding"
        );
    }

    #[test]
    fn decode_refuses_control_characters_with_their_position() {
        let err =
            decode_text(Path::new("a.md"), "标题\n正\u{1}文".as_bytes().to_vec()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.md:2:2: the file contains the control character U+0001"),
            "{err}"
        );
        let err = decode_text(Path::new("a.md"), "x\u{85}".as_bytes().to_vec()).unwrap_err();
        assert!(err.to_string().contains("U+0085"), "{err}");
        assert!(decode_text(Path::new("a.md"), "¢ é\tok\r\n".as_bytes().to_vec()).is_ok());
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        let text = decode_text(Path::new("a"), b"\xEF\xBB\xBFa\r\nb\r\n".to_vec()).unwrap();
        assert_eq!(text, "a\nb\n");
    }

    #[test]
    fn escaped_forbidden_code_points_are_refused_at_their_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            #[serde(deserialize_with = "published")]
            name: toml::Spanned<String>,
            #[serde(default, deserialize_with = "published")]
            note: Option<String>,
            #[serde(default, deserialize_with = "published")]
            list: Vec<String>,
        }
        let parse = |text: &str| parse_toml::<T>(Path::new("x.toml"), text, 1);
        assert!(parse("name = \"湄潭县\"\nnote = \"\\t\"\nlist = [\"a\"]\n").is_ok());
        let err = parse("\nname = \"湄潭县\\u0007\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "x.toml:2:8: the text contains the control character U+0007, which a web page cannot contain\n  help: delete it, or the escape (such as \\u0007) that writes it: it is invisible, and a page cannot hold it"
        );
        let err = parse("name = \"a\"\nnote = \"\\u0085\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("x.toml:2:8: the text contains the control character U+0085"),
            "{err}"
        );
        let err = parse("name = \"a\"\nlist = [\"b\", \"\\uFDD0\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("x.toml:2:8: the text contains the noncharacter U+FDD0"),
            "{err}"
        );
    }

    #[test]
    fn toml_errors_point_into_the_real_file() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: i64,
        }
        let err = parse_toml::<T>(Path::new("x.md"), "a = 1\na = 2\n", 3).unwrap_err();
        assert_eq!(err.position().unwrap().line, 4);
    }
}
