//! `xiezuo serve` end to end: the real binary on a free loopback port, real HTTP requests.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

/// A running `xiezuo serve`, stopped with Ctrl-C (SIGINT) when dropped.
struct Server {
    child: Child,
    address: String,
    base_path: String,
    /// What serve printed after it started listening, line by line.
    output: mpsc::Receiver<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with_temp_dir(root, extra, &std::env::temp_dir())
    }

    fn start_with_temp_dir(root: &Path, extra: &[&str], temp_dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xiezuo"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("TMPDIR", temp_dir)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.starts_with("serving ") {
            line.clear();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "serve exited early"
            );
        }
        let (lines, output) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                let Ok(line) = line else { return };
                if lines.send(line).is_err() {
                    return;
                }
            }
        });
        let url = line
            .split_whitespace()
            .nth(1)
            .unwrap()
            .trim_start_matches("http://");
        let (address, path) = url.split_at(url.find('/').unwrap());
        Server {
            child,
            address: address.to_string(),
            base_path: path.to_string(),
            output,
        }
    }

    fn interrupt(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a raw request (so that no client tidies the path) and returns status and body.
fn request(address: &str, method: &str, target: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_string(), body.to_string())
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let (status, _, body) = request(
        &server.address,
        "GET",
        &format!("{}{path}", server.base_path),
    );
    (status, body)
}

/// Polls until `condition` holds, for at most two seconds.
fn within_two_seconds(mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    false
}

/// Connects to the live-reload stream and forwards each event name.
fn listen(server: &Server) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    write!(stream, "GET /__xiezuo/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(name) = line.strip_prefix("event: ") {
                if sender.send(name.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    receiver
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_with_the_reload_script_that_the_files_on_disk_lack() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("preview");
    let server = Server::start(site.path(), &["--output", "preview"]);
    let (status, body) = get(&server, "counties/wuchuan/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>务川仡佬族苗族自治县</h1>"));
    assert!(body.contains("new EventSource(\"/__xiezuo/events\")"));
    let on_disk = fs::read_to_string(out.join("counties/wuchuan/index.html")).unwrap();
    assert!(!on_disk.contains("EventSource"));
    assert!(
        on_disk.contains(&format!(
            "href=\"http://{}/counties/wuchuan/\"",
            server.address
        )),
        "links point at the preview"
    );
    let (_, head, _) = request(&server.address, "HEAD", "/style.css");
    assert!(
        head.contains("Content-Type: text/css; charset=utf-8"),
        "{head}"
    );
    let (status, body) = get(&server, "no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"));
}

#[test]
fn an_edit_reaches_the_served_page_and_reloads_connected_pages() {
    let site = copy_site(&shipped_site());
    let server = Server::start(site.path(), &[]);
    let events = listen(&server);
    edit(
        site.path(),
        "content/pairings.toml",
        "name = \"湄潭县\"",
        "name = \"湄潭县（茶乡）\"",
    );
    assert!(
        within_two_seconds(|| get(&server, "counties/meitan/")
            .1
            .contains("<h1>湄潭县（茶乡）</h1>")),
        "the edit is served within 2 s"
    );
    assert_eq!(
        events.recv_timeout(Duration::from_secs(2)).unwrap(),
        "reload"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_the_error() {
    let site = copy_site(&shipped_site());
    let server = Server::start(site.path(), &[]);
    let events = listen(&server);
    edit(
        site.path(),
        "content/pairings.toml",
        "slug = \"meitan\"",
        "slug = \"meitan",
    );
    assert_eq!(
        events.recv_timeout(Duration::from_secs(3)).unwrap(),
        "build-error"
    );
    let (status, body) = get(&server, "counties/meitan/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("<h1>湄潭县</h1>"));
    let late = listen(&server);
    assert_eq!(
        late.recv_timeout(Duration::from_secs(1)).unwrap(),
        "build-error",
        "a page opened later sees the error too"
    );
    edit(
        site.path(),
        "content/pairings.toml",
        "slug = \"meitan",
        "slug = \"meitan\"",
    );
    assert_eq!(
        events.recv_timeout(Duration::from_secs(3)).unwrap(),
        "reload"
    );
}

#[test]
fn refuses_paths_that_leave_the_output_and_methods_other_than_get_and_head() {
    let site = copy_site(&shipped_site());
    let server = Server::start(site.path(), &[]);
    for target in [
        "/../xiezuo.toml",
        "/%2e%2e/xiezuo.toml",
        "/..%2Fxiezuo.toml",
        "//etc/passwd",
        "/counties/%2e%2e/%2e%2e/xiezuo.toml",
        "/..\\xiezuo.toml",
    ] {
        let (status, _, body) = request(&server.address, "GET", target);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(!body.contains("base_url"), "{target} leaked a file");
    }
    let (status, head, _) = request(&server.address, "POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"));
}

#[test]
fn serves_under_the_base_urls_path() {
    let site = copy_site(&shipped_site());
    let server = Server::start(
        site.path(),
        &["--base-url", "https://example.org/zhuhai-zunyi/"],
    );
    assert_eq!(server.base_path, "/zhuhai-zunyi/");
    let (status, body) = get(&server, "districts/hengqin/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/zhuhai-zunyi/counties/tongzi/\""));
    assert_eq!(
        request(&server.address, "GET", "/districts/hengqin/").0,
        404
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_temporary_preview() {
    let site = copy_site(&shipped_site());
    let temp = tempfile::tempdir().unwrap();
    let mut server = Server::start_with_temp_dir(site.path(), &[], temp.path());
    assert_eq!(
        fs::read_dir(temp.path()).unwrap().count(),
        1,
        "the preview is built in a temporary folder"
    );
    let status = server.interrupt();
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        fs::read_dir(temp.path()).unwrap().count(),
        0,
        "and removed on exit"
    );
    assert!(
        TcpStream::connect(&server.address).is_err(),
        "the port is closed"
    );
}

#[test]
fn an_article_edit_rerenders_only_the_pages_that_show_it() {
    let site = copy_site(&shipped_site());
    let server = Server::start(site.path(), &[]);
    let events = listen(&server);
    edit(
        site.path(),
        "content/articles/zhuhai-zunyi-pairing.md",
        "斗门区与湄潭县结对",
        "斗门区与湄潭县结对（已签约）",
    );
    assert_eq!(
        events.recv_timeout(Duration::from_secs(3)).unwrap(),
        "reload"
    );
    let summary = server.output.recv_timeout(Duration::from_secs(1)).unwrap();
    let written: usize = summary
        .split(" · ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(summary.starts_with("built 18 pages"), "{summary}");
    // The article, the home page, the pages of the entities that paragraph mentions, the feed,
    // and the search index's entry point and the fragments the edit touched: not all 29 files.
    assert!((3..22).contains(&written), "{summary}");
    let (_, body) = get(&server, "counties/meitan/");
    assert!(
        body.contains("（已签约）"),
        "the quote on the county page is updated"
    );
    let (_, body) = get(&server, "articles/zhuhai-zunyi-pairing/");
    assert!(body.contains("结对（已签约）"));
}
