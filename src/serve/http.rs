//! A minimal HTTP/1.1 server side for local previews: parse one request, map its path to a file
//! inside the output folder (and nowhere else), answer, close. Written by hand because the
//! live-reload stream must be flushed event by event, which the small server crates do not do.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use percent_encoding::percent_decode_str;

/// The largest request head accepted; a browser's is a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;

/// The parts of a request a static preview server needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent, such as `/counties/tongzi/?x=1`.
    pub target: String,
}

/// Reads the request line and headers; `None` for a connection that sent nothing usable.
pub fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: send the browser to the slashed form.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the output folder or is not valid.
    BadRequest,
}

/// Maps a request target to a file under `output`, served under `base_path` (`/` or `/sub/`).
/// `..` and `.` segments, backslashes, NUL and empty segments are refused, whether written plainly
/// or percent-encoded; a symbolic link that leads out of the output folder is not followed.
pub fn resolve(output: &Path, base_path: &str, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return outside_base_path(output, base_path, target, path);
    };
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Resolved::BadRequest;
    };
    let segments: Vec<&str> = decoded.split('/').collect();
    let (last, folders) = segments
        .split_last()
        .expect("split yields at least one part");
    let unsafe_segment =
        |s: &&str| s.is_empty() || *s == "." || *s == ".." || s.contains(['\\', '\0']);
    if folders.iter().any(unsafe_segment) || (!last.is_empty() && unsafe_segment(last)) {
        return Resolved::BadRequest;
    }
    let mut file = output.to_path_buf();
    file.extend(segments.iter().filter(|s| !s.is_empty()));
    if file.is_dir() {
        if !last.is_empty() {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    match (fs::canonicalize(&file), fs::canonicalize(output)) {
        (Ok(real), Ok(real_output)) if real.starts_with(&real_output) && real.is_file() => {
            Resolved::File(real)
        }
        _ => Resolved::NotFound,
    }
}

/// A path outside the base path that the base path fixes is sent there: `/` and any prefix of
/// the base path (`/sub` for `/sub/`) to the base path's home page, and `/a/b/` to `/sub/a/b/`
/// when that exists, so an address typed or bookmarked without the base path still works.
/// Anything else is not found.
fn outside_base_path(output: &Path, base_path: &str, target: &str, path: &str) -> Resolved {
    let query = target
        .split('#')
        .next()
        .and_then(|t| t.find('?').map(|at| &t[at..]))
        .unwrap_or_default();
    if base_path.starts_with(path)
        && (path.ends_with('/') || base_path[path.len()..].starts_with('/'))
    {
        return Resolved::Redirect(format!("{base_path}{query}"));
    }
    let fixed = format!("{base_path}{}", &path[1..]);
    match resolve(output, base_path, &fixed) {
        Resolved::File(_) | Resolved::Redirect(_) => Resolved::Redirect(format!("{fixed}{query}")),
        Resolved::NotFound | Resolved::BadRequest => Resolved::NotFound,
    }
}

/// The `Content-Type` for a file, with UTF-8 named for every text type.
pub fn content_type(path: &Path) -> &'static str {
    if path.file_name().and_then(|n| n.to_str()) == Some(crate::feeds::FEED) {
        // The feed's own type, so feed readers and browsers know it is Atom, not any XML.
        return "application/atom+xml; charset=utf-8";
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// One complete response; the connection closes after it.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
        }
    }

    /// A temporary redirect (302): a preview's paths change from run to run (another base path,
    /// a folder that becomes a file), and a browser keeps a permanent one for good.
    pub fn redirect(location: String) -> Self {
        Response {
            location: Some(location),
            ..Response::text(302, "found")
        }
    }

    /// Writes the response; with `head_only` the body is left out but its length is still given.
    pub fn send(&self, mut stream: &TcpStream, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        if let Some(location) = &self.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("out/counties/tongzi")).unwrap();
        fs::write(dir.path().join("out/index.html"), "home").unwrap();
        fs::write(dir.path().join("out/counties/tongzi/index.html"), "桐梓").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn serves_index_files_of_folders_under_the_base_path() {
        let dir = site();
        let out = dir.path().join("out");
        let real = fs::canonicalize(out.join("counties/tongzi/index.html")).unwrap();
        assert_eq!(
            resolve(&out, "/", "/counties/tongzi/?q=1"),
            Resolved::File(real.clone())
        );
        assert_eq!(
            resolve(&out, "/sub/", "/sub/counties/tongzi/"),
            Resolved::File(real)
        );
        assert_eq!(
            resolve(&out, "/sub/", "/counties/tongzi/?q=1"),
            Resolved::Redirect("/sub/counties/tongzi/?q=1".into()),
            "a path the base path fixes is sent there"
        );
        assert_eq!(
            resolve(&out, "/sub/", "/"),
            Resolved::Redirect("/sub/".into())
        );
        assert_eq!(
            resolve(&out, "/a/b/", "/a"),
            Resolved::Redirect("/a/b/".into())
        );
        assert_eq!(resolve(&out, "/sub/", "/su"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/sub/", "/nothing/"), Resolved::NotFound);
        assert_eq!(
            resolve(&out, "/sub/", "//sub/counties/"),
            Resolved::NotFound,
            "an empty segment is not fixed into a path"
        );
        assert_eq!(
            resolve(&out, "/", "/counties/tongzi"),
            Resolved::Redirect("/counties/tongzi/".into())
        );
        assert_eq!(
            resolve(&out, "/sub/", "/sub"),
            Resolved::Redirect("/sub/".into())
        );
        assert_eq!(resolve(&out, "/", "/nothing.html"), Resolved::NotFound);
    }

    #[test]
    fn refuses_every_way_out_of_the_output_folder() {
        let dir = site();
        let out = dir.path().join("out");
        for target in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/counties/..%2f..%2fsecret.txt",
            "//secret.txt",
            "/a\\..\\secret.txt",
            "/%00",
            "relative",
        ] {
            assert_eq!(resolve(&out, "/", target), Resolved::BadRequest, "{target}");
        }
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        assert_eq!(resolve(&out, "/", "/link.txt"), Resolved::NotFound);
    }

    #[test]
    fn the_feed_is_served_as_atom() {
        assert_eq!(
            content_type(Path::new("/out/atom.xml")),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("/out/sitemap.xml")),
            "application/xml; charset=utf-8"
        );
    }

    #[test]
    fn text_types_name_utf8() {
        for name in ["a.html", "a.css", "a.js", "a.xml", "a.svg"] {
            assert!(
                content_type(Path::new(name)).ends_with("charset=utf-8"),
                "{name}"
            );
        }
    }
}
