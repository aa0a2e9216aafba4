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
use rustix::process::{kill_process, Pid, Signal};

/// A running `xiezuo serve`, stopped with SIGTERM when dropped, as a service manager would stop
/// it. Its temporary folders go into a folder of its own (`TMPDIR`), so that a test can see
/// whether serve removed its preview and no run leaves folders in the system's temp folder.
struct Server {
    child: Child,
    address: String,
    base_path: String,
    /// What serve printed after it started listening, line by line.
    output: mpsc::Receiver<String>,
    /// What serve printed on stderr, line by line.
    errors: mpsc::Receiver<String>,
    temp_dir: tempfile::TempDir,
}

/// Forwards each line read from `from`.
fn forward_lines(from: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (lines, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { return };
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    receiver
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let temp_dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_xiezuo"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("TMPDIR", temp_dir.path())
            .env("NO_COLOR", "1")
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let errors = forward_lines(child.stderr.take().unwrap());
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.starts_with("serving ") {
            line.clear();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "serve exited early"
            );
        }
        let output = forward_lines(stdout);
        let (address, path) = split_url(&line);
        Server {
            child,
            address,
            base_path: path,
            output,
            errors,
            temp_dir,
        }
    }

    /// Sends `signal` and waits (at most five seconds) for serve to exit.
    fn stop_with(&mut self, signal: Signal) -> std::process::ExitStatus {
        let pid = Pid::from_raw(self.child.id() as i32).unwrap();
        let _ = kill_process(pid, signal);
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                panic!("serve did not stop within 5 s of the signal");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What is in serve's temporary folder: its preview while it runs.
    fn temporary_folders(&self) -> Vec<String> {
        fs::read_dir(self.temp_dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// `serving http://127.0.0.1:4242/sub/ · …` → (`127.0.0.1:4242`, `/sub/`).
fn split_url(line: &str) -> (String, String) {
    let url = line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_start_matches("http://");
    let (address, path) = url.split_at(url.find('/').unwrap());
    (address.to_string(), path.to_string())
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = kill_process(Pid::from_raw(self.child.id() as i32).unwrap(), Signal::TERM);
            let start = Instant::now();
            while self.child.try_wait().ok().flatten().is_none() {
                if start.elapsed() > Duration::from_secs(5) {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
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
    let error = server.errors.recv_timeout(Duration::from_secs(1)).unwrap();
    assert!(
        error.starts_with("error: ") && error.contains("pairings.toml"),
        "the terminal shows the error: {error}"
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
fn serves_under_the_base_urls_path_and_sends_paths_outside_it_there() {
    let site = copy_site(&shipped_site());
    let server = Server::start(
        site.path(),
        &["--base-url", "https://example.org/zhuhai-zunyi/"],
    );
    assert_eq!(server.base_path, "/zhuhai-zunyi/");
    let (status, body) = get(&server, "districts/hengqin/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/zhuhai-zunyi/counties/tongzi/\""));
    for (target, location) in [
        ("/", "/zhuhai-zunyi/"),
        ("/zhuhai-zunyi", "/zhuhai-zunyi/"),
        ("/?from=bookmark", "/zhuhai-zunyi/?from=bookmark"),
        ("/districts/hengqin/", "/zhuhai-zunyi/districts/hengqin/"),
        ("/districts/hengqin", "/zhuhai-zunyi/districts/hengqin"),
    ] {
        let (status, head, _) = request(&server.address, "GET", target);
        assert_eq!(status, 302, "{target}: {head}");
        assert!(
            head.lines().any(|l| l == format!("Location: {location}")),
            "{target}: {head}"
        );
    }
    assert_eq!(request(&server.address, "GET", "/no/such/page/").0, 404);
    assert_eq!(request(&server.address, "GET", "/zhuhai").0, 404);
    let (status, head, _) = request(&server.address, "HEAD", "/zhuhai-zunyi/atom.xml");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: application/atom+xml; charset=utf-8"),
        "{head}"
    );
}

/// Settings that do not load at start are reported like any other error, and once fixed the
/// preview moves to their base path instead of staying at `/`.
#[test]
fn broken_settings_at_start_are_reported_and_their_fix_sets_the_base_path() {
    let site = copy_site(&shipped_site());
    let settings = site.path().join("xiezuo.toml");
    let good = fs::read_to_string(&settings).unwrap();
    let good = good.replace(
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/zhuhai-zunyi/\"",
    );
    fs::write(&settings, good.replace("base_url", "base_ur1")).unwrap();
    let server = Server::start(site.path(), &[]);
    let error = server.errors.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(
        error.starts_with("error: ") && error.contains("xiezuo.toml"),
        "{error}"
    );
    assert_eq!(get(&server, "").0, 503, "nothing to serve yet");
    fs::write(&settings, &good).unwrap();
    let built = server.output.recv_timeout(Duration::from_secs(3)).unwrap();
    assert!(built.starts_with("built 36 pages"), "{built}");
    let announced = server.output.recv_timeout(Duration::from_secs(1)).unwrap();
    assert!(
        announced.starts_with("serving "),
        "the new address is announced: {announced}"
    );
    let (address, base_path) = split_url(&announced);
    assert_eq!(
        (address.as_str(), base_path.as_str()),
        (server.address.as_str(), "/zhuhai-zunyi/")
    );
    let (status, _, body) = request(&server.address, "GET", "/zhuhai-zunyi/districts/hengqin/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/zhuhai-zunyi/counties/tongzi/\""));
    assert_eq!(request(&server.address, "GET", "/").0, 302);
}

/// Ctrl-C, `kill` (SIGTERM, as service managers and CI stop processes) and a closed terminal
/// (SIGHUP) all stop serve with exit code 0 and remove its temporary preview.
#[test]
fn every_stop_signal_stops_cleanly_and_removes_the_temporary_preview() {
    let site = copy_site(&shipped_site());
    for (name, signal) in [
        ("SIGINT", Signal::INT),
        ("SIGTERM", Signal::TERM),
        ("SIGHUP", Signal::HUP),
    ] {
        let mut server = Server::start(site.path(), &[]);
        assert_eq!(
            server.temporary_folders().len(),
            1,
            "the preview is built in a temporary folder"
        );
        let status = server.stop_with(signal);
        assert_eq!(status.code(), Some(0), "{name}: {status}");
        assert_eq!(
            server.temporary_folders(),
            Vec::<String>::new(),
            "{name}: the preview is removed on exit"
        );
        assert!(
            TcpStream::connect(&server.address).is_err(),
            "{name}: the port is closed"
        );
    }
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
    assert!(summary.starts_with("built 36 pages"), "{summary}");
    // The article, the pages of the units it mentions, the feed and sitemap, and the search
    // index's entry point and the fragments the edit touched: not all of the site's files.
    assert!((3..30).contains(&written), "{summary}");
    let (_, body) = get(&server, "counties/meitan/");
    assert!(
        body.contains("（已签约）"),
        "the quote on the county page is updated"
    );
    let (_, body) = get(&server, "articles/zhuhai-zunyi-pairing/");
    assert!(body.contains("结对（已签约）"));
    // The index is written after the reload, and before the summary: it holds the edit now.
    let chunks: Vec<String> = (0..)
        .map(|i| get(&server, &format!("search/d{i}.json")))
        .take_while(|(status, _)| *status == 200)
        .map(|(_, body)| body)
        .collect();
    assert!(!chunks.is_empty(), "the index has document chunks");
    assert!(
        chunks.iter().any(|chunk| chunk.contains("结对（已签约）")),
        "the search index holds the edit"
    );
}

#[test]
fn the_preview_shows_drafts_marked_as_drafts() {
    let site = copy_site(&fixture("links"));
    let server = Server::start(site.path(), &[]);
    let (status, body) = get(&server, "articles/plan/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<p class=\"badge badge--draft\">草稿：未发布，仅供预览</p>"));
    assert!(body.contains("<meta name=\"robots\" content=\"noindex\">"));
    let (_, feed) = get(&server, "atom.xml");
    assert!(!feed.contains("articles/plan/"), "{feed}");
    let (status, _) = get(&server, "articles/report/");
    assert_eq!(status, 200);
}
