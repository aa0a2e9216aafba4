//! The width and height of an image file, read from its header: PNG, GIF, JPEG and WebP by the
//! `imagesize` crate, SVG (which it does not read) from the root element's attributes here.
//! Pages give every image its size so that nothing moves while it loads.

use std::io::Read;
use std::path::Path;

/// How much of a raster file is read to find its size: a JPEG's size follows its metadata
/// segments, which may be long.
const HEADER_LIMIT: u64 = 1 << 20;
/// An SVG's size is on its root element, after an XML declaration and comments.
const SVG_LIMIT: u64 = 64 << 10;

/// The size of the image file at `path`, or `None` when it cannot be read or its size is not
/// known (an SVG sized in percentages and without a `viewBox`, a format not listed above).
pub fn size_of_file(path: &Path) -> Option<(u32, u32)> {
    let svg = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("svg"));
    let limit = if svg { SVG_LIMIT } else { HEADER_LIMIT };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_end(&mut bytes)
        .ok()?;
    if svg {
        svg_size(&String::from_utf8_lossy(&bytes))
    } else {
        raster_size(&bytes)
    }
}

/// The size in a PNG, GIF, JPEG or WebP header (the `imagesize` crate reads them).
pub fn raster_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let size = imagesize::blob_size(bytes).ok()?;
    Some((size.width.try_into().ok()?, size.height.try_into().ok()?))
}

/// The size an SVG asks for: its root's `width` and `height` in pixels (or unitless), else its
/// `viewBox`.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = find_svg_tag(text)?;
    let tag = &text[start..start + text[start..].find('>')?];
    let pixels = |name: &str| {
        let value = attribute(tag, name)?;
        let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
        let parsed: f64 = number.parse().ok()?;
        (parsed > 0.0).then(|| parsed.round() as u32)
    };
    if let (Some(width), Some(height)) = (pixels("width"), pixels("height")) {
        return Some((width, height));
    }
    let view_box: Vec<f64> = attribute(tag, "viewBox")?
        .split([' ', ',', '\t', '\n'])
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match view_box[..] {
        [_, _, width, height] if width > 0.0 && height > 0.0 => {
            Some((width.round() as u32, height.round() as u32))
        }
        _ => None,
    }
}

fn find_svg_tag(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("<svg") {
        let start = from + at;
        let next = text[start + 4..].chars().next()?;
        if next.is_whitespace() || next == '>' {
            return Some(start);
        }
        from = start + 4;
    }
    None
}

/// The value of attribute `name` in a start tag's text, in either quote style.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before = tag[..start].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &rest[1..];
        return Some(&value[..value.find(quote)?]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_png_gif_and_webp_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(raster_size(&png), Some((640, 480)));
        // A GIF's logical screen descriptor: width, height, flags, background, aspect.
        let gif = b"GIF89a\x20\x03\x58\x02\xf7\x00\x00";
        assert_eq!(raster_size(gif), Some((800, 600)));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&[0x1f, 0x03, 0x00, 0x57, 0x02, 0x00]);
        assert_eq!(raster_size(&webp), Some((800, 600)));
        assert_eq!(raster_size(b"not an image"), None);
    }

    #[test]
    fn reads_a_jpeg_frame_header_after_its_metadata() {
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80]);
        assert_eq!(raster_size(&jpeg), Some((640, 480)));
    }

    #[test]
    fn reads_an_svg_size_from_its_attributes_or_view_box() {
        assert_eq!(
            svg_size(r#"<?xml version="1.0"?><svg xmlns="x" width="120px" height='40'>"#),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(r#"<svg xmlns="x" width="100%" viewBox="0 0 300 150">"#),
            Some((300, 150))
        );
        assert_eq!(svg_size(r#"<svgx width="1" height="1"><svg>"#), None);
    }
}
