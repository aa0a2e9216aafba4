//! `xiezuo serve`: build, serve the output on a loopback address, rebuild on every change to the
//! inputs, and reload open pages. A bad edit keeps the last good site served and shows its error
//! in the terminal and over the page; serving never stops on a bad edit.

mod http;
mod reload;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::build::{Live, PagesWritten};
use crate::error::{Error, Result};
use crate::output::OutputLock;
use crate::progress::Progress;
use crate::site_root::SiteRoot;
use crate::{BuildOptions, BuildReport};

use http::{Resolved, Response};
use reload::Hub;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Where the preview is built; a temporary folder, removed on exit, when not given.
    pub output: Option<PathBuf>,
    /// Only its path is used: the preview is served under the same path as the real site.
    pub base_url: Option<String>,
    pub check_links: bool,
    pub bind: IpAddr,
    pub port: u16,
}

/// What happens while serving, for the caller to report.
pub enum ServeEvent<'a> {
    Listening {
        url: &'a str,
    },
    Built {
        report: &'a BuildReport,
        took: Duration,
    },
    Failed {
        error: &'a Error,
        /// Whether an earlier good build is still being served.
        serving_previous: bool,
    },
}

struct Shared {
    output: PathBuf,
    /// The base path the served build was made for (`/` or `/sub/`), which follows the settings
    /// from one good build to the next; `None` until the first good build.
    base_path: Mutex<Option<String>>,
    hub: Hub,
}

impl Shared {
    fn base_path(&self) -> Option<String> {
        self.base_path.lock().expect("base path lock").clone()
    }
}

/// Serves until `stop` becomes true. Returns an error only if serving cannot start.
pub fn serve(
    options: &ServeOptions,
    stop: &AtomicBool,
    report: &(dyn Fn(ServeEvent) + Sync),
) -> Result<()> {
    let root = SiteRoot::new(&options.root);
    let listener = TcpListener::bind((options.bind, options.port)).map_err(|source| Error::Io {
        action: "listen on",
        path: PathBuf::from(format!("{}:{}", options.bind, options.port)),
        source,
    })?;
    let address = listener
        .local_addr()
        .map_err(Error::io("listen on", &options.root))?;
    let temporary = match &options.output {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new()
                .prefix("xiezuo-serve-")
                .tempdir()
                .map_err(Error::io(
                    "create a temporary folder in",
                    &std::env::temp_dir(),
                ))?,
        ),
    };
    let output = match (&options.output, &temporary) {
        (Some(output), _) => output.clone(),
        (None, Some(dir)) => dir.path().join("site"),
        (None, None) => unreachable!("a temporary folder exists when no output is given"),
    };
    let shared = Arc::new(Shared {
        output: output.clone(),
        base_path: Mutex::new(None),
        hub: Hub::default(),
    });
    let mut builder = Builder {
        root: root.clone(),
        address,
        base_url: options.base_url.clone(),
        options: BuildOptions {
            root: options.root.clone(),
            output: Some(output),
            base_url: None,
            check_links: options.check_links,
            // A preview shows the drafts, marked as drafts.
            drafts: crate::site::Drafts::Included,
        },
        live: None,
        announced: None,
        served: false,
    };
    builder.rebuild(None, &shared, report);
    if builder.announced.is_none() {
        // Nothing built yet: say where serving is, under the settings' base path if they load,
        // and announce the address again once a build succeeds under another.
        let url = builder.url(builder.base_path().as_deref().unwrap_or("/"));
        report(ServeEvent::Listening { url: &url });
        builder.announced = Some(url);
    }
    let (changed, changes) = mpsc::channel();
    let mut watch = watch::Watch::start(&root, changed)?;

    std::thread::scope(|scope| {
        let shared_for_builds = Arc::clone(&shared);
        scope.spawn(move || {
            let stopped = || stop.load(Ordering::Relaxed);
            while let Some(burst) = watch::next_burst(&changes, Duration::from_millis(200), stopped)
            {
                builder.rebuild(burst, &shared_for_builds, report);
                let _ = watch.watch_new_folders();
            }
        });
        accept_until_stopped(&listener, &shared, stop)
    })?;
    drop(temporary);
    Ok(())
}

/// Rebuilds the preview, keeping the site in memory so that an edit to an article re-renders
/// only the pages that show it; anything else gets a full build.
struct Builder {
    root: SiteRoot,
    address: SocketAddr,
    /// `--base-url`, which overrides the settings; only its path is used.
    base_url: Option<String>,
    /// The options of the next build; its base URL is the preview's address and base path.
    options: BuildOptions,
    /// The site of the last good full build (kept, with the output, when a rebuild fails).
    live: Option<Live>,
    /// The preview address last announced.
    announced: Option<String>,
    /// Whether a good build is being served (it stays served while later ones fail).
    served: bool,
}

impl Builder {
    fn rebuild(
        &mut self,
        changed: watch::Burst,
        shared: &Shared,
        report: &(dyn Fn(ServeEvent) + Sync),
    ) {
        let started = Instant::now();
        let built = self.build(changed).and_then(|(built, base_path)| {
            *shared.base_path.lock().expect("base path lock") = Some(base_path.clone());
            self.served = true;
            // Open pages reload now; after an article edit the search index is written while
            // they do (at 10k it is most of the rebuild, and the page shown does not need it).
            shared.hub.built();
            let report = match built {
                Built::Whole(report) => report,
                Built::Pages(pages, held) => self.write_index(pages, &held)?,
            };
            Ok((report, base_path))
        });
        match built {
            Ok((build, base_path)) => {
                report(ServeEvent::Built {
                    report: &build,
                    took: started.elapsed(),
                });
                let url = self.url(&base_path);
                if self.announced.as_ref() != Some(&url) {
                    report(ServeEvent::Listening { url: &url });
                    self.announced = Some(url);
                }
            }
            Err(error) => {
                shared.hub.failed(error.report());
                report(ServeEvent::Failed {
                    error: &error,
                    serving_previous: self.served,
                });
            }
        }
    }

    /// Writes the search index after an update's pages. If that fails, the next rebuild is a
    /// full one, since the index on disk is then neither the old one nor the new one.
    fn write_index(&mut self, pages: PagesWritten, held: &OutputLock) -> Result<BuildReport> {
        let live = self
            .live
            .as_ref()
            .expect("an update was made on a kept site");
        let output = self
            .options
            .output
            .as_ref()
            .expect("serve names its output");
        let written = live.write_index(pages, output, held);
        if written.is_err() {
            self.live = None;
        }
        written
    }

    fn url(&self, base_path: &str) -> String {
        format!("http://{}{base_path}", self.address)
    }

    /// The base path the settings give now, if they load.
    fn base_path(&self) -> Option<String> {
        self.load_base_path().ok()
    }

    fn load_base_path(&self) -> Result<String> {
        let config = crate::config::load(&self.root, self.base_url.as_deref())?;
        Ok(config.base_url.path().to_string())
    }

    /// Builds under the base path the settings give now (read again each time, so that fixing
    /// or changing them takes effect); settings that do not load are this build's error.
    fn build(&mut self, changed: watch::Burst) -> Result<(Built, String)> {
        let base_path = self.load_base_path()?;
        let base_url = self.url(&base_path);
        if self.options.base_url.as_ref() != Some(&base_url) {
            // Every page links under the base path: nothing kept from another one is reusable.
            self.live = None;
            self.options.base_url = Some(base_url);
        }
        let output = self
            .options
            .output
            .clone()
            .expect("serve always names its output");
        if let (Some(live), Some(paths)) = (self.live.as_mut(), changed) {
            // Held from the pages to the index, so that no build into the same output comes in
            // between.
            let held = crate::output::lock(&output, &Progress::default())?;
            if let Some(report) = live.update_templates(&paths, &self.options, &output, &held)? {
                return Ok((Built::Whole(report), base_path));
            }
            if let Some(pages) = live.update(&paths, &self.options, &output, &held)? {
                return Ok((Built::Pages(pages, held), base_path));
            }
            drop(held);
        }
        let (live, report) = Live::build(&self.root, &self.options, &output, &Progress::default())?;
        self.live = Some(live);
        Ok((Built::Whole(report), base_path))
    }
}

/// What a good rebuild wrote.
enum Built {
    /// Everything, or the pages a template edit changed (nothing else follows from one).
    Whole(BuildReport),
    /// The pages an article edit changed; the search index is still to be written, under the
    /// lock held since.
    Pages(PagesWritten, OutputLock),
}

fn accept_until_stopped(
    listener: &TcpListener,
    shared: &Arc<Shared>,
    stop: &AtomicBool,
) -> Result<()> {
    listener
        .set_nonblocking(true)
        .map_err(Error::io("listen on", &shared.output))?;
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let shared = Arc::clone(shared);
                std::thread::spawn(move || handle(stream, peer, &shared));
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                wait_for_connection(listener, STOP_CHECK);
            }
            Err(_) => std::thread::sleep(STOP_CHECK),
        }
    }
    Ok(())
}

/// How often the server looks whether it is to stop while no request comes.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// Waits until a connection is waiting on `listener`, or `longest` has passed. A request is
/// taken as it arrives: sleeping between tries instead made every page fetched after a reload
/// wait for the next try, up to the whole interval.
fn wait_for_connection(listener: &TcpListener, longest: Duration) {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let timeout = Timespec {
        tv_sec: longest.as_secs() as _,
        tv_nsec: longest.subsec_nanos() as _,
    };
    let mut fds = [PollFd::new(listener, PollFlags::IN)];
    // An interrupted or failed wait only means trying `accept` again sooner.
    let _ = poll(&mut fds, Some(&timeout));
}

fn handle(stream: TcpStream, _peer: SocketAddr, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let Some(request) = http::read_request(&stream) else {
        return;
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let _ = Response::text(405, "only GET and HEAD are served").send(&stream, false);
        return;
    }
    if request.target.split('?').next() == Some(reload::EVENTS_PATH) {
        shared.hub.stream_events(stream);
        return;
    }
    let _ = respond(shared, &request.target).send(&stream, head_only);
}

fn respond(shared: &Shared, target: &str) -> Response {
    let Some(base_path) = shared.base_path() else {
        return no_site_yet(shared);
    };
    match http::resolve(&shared.output, &base_path, target) {
        Resolved::File(path) => match std::fs::read(&path) {
            Ok(bytes) => page_response(200, &path, bytes),
            Err(_) => not_found(shared),
        },
        Resolved::Redirect(location) => Response::redirect(location),
        Resolved::NotFound => not_found(shared),
        Resolved::BadRequest => Response::text(400, "bad request"),
    }
}

fn page_response(status: u16, path: &std::path::Path, bytes: Vec<u8>) -> Response {
    let content_type = http::content_type(path);
    let body = if content_type.starts_with("text/html") {
        reload::inject_script(&bytes)
    } else {
        bytes
    };
    Response {
        status,
        content_type,
        body,
        location: None,
    }
}

fn not_found(shared: &Shared) -> Response {
    let page = shared.output.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => page_response(404, &page, bytes),
        Err(_) => Response::text(404, "not found"),
    }
}

/// Before the first good build there is no site: say so, and reload once there is.
fn no_site_yet(shared: &Shared) -> Response {
    let message = shared
        .hub
        .current_error()
        .unwrap_or_else(|| "building…".to_string());
    let mut escaped = String::new();
    crate::text::escape_html(&mut escaped, &message);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>xiezuo</title></head><body><h1>xiezuo: 尚无成功的构建</h1><pre>{escaped}</pre></body></html>"
    );
    Response {
        status: 503,
        content_type: "text/html; charset=utf-8",
        body: reload::inject_script(html.as_bytes()),
        location: None,
    }
}
