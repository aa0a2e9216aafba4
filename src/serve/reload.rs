//! Live reload: pages served in preview get a small script that listens on an event stream and
//! reloads on a good build, or shows the build error over the page on a bad one. The built files
//! on disk never contain it: it is added to responses only.

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// Where the injected script listens.
pub const EVENTS_PATH: &str = "/__xiezuo/events";

const KEEP_ALIVE: Duration = Duration::from_secs(15);

const CLIENT_SCRIPT: &str = r#"<script>
(() => {
  const events = new EventSource("/__xiezuo/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("build-error", (event) => {
    let box = document.getElementById("xiezuo-build-error");
    if (!box) {
      box = document.createElement("pre");
      box.id = "xiezuo-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0b0e;color:#ffe9e9;border-top:4px solid #ff5c5c;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;z-index:2147483647";
      document.body.append(box);
    }
    box.textContent = "xiezuo: the last change did not build; this page shows the last good build.\n\n" + event.data;
  });
})();
</script>
"#;

/// Adds the live-reload script to an HTML page, just before `</body>`.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + CLIENT_SCRIPT.len());
    out.push_str(&text[..at]);
    out.push_str(CLIENT_SCRIPT);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// The state every open page shares: the connected listeners and the current build error.
#[derive(Default)]
pub struct Hub {
    listeners: Mutex<Vec<Sender<String>>>,
    error: Mutex<Option<String>>,
}

impl Hub {
    /// Tells every page to reload: the build succeeded.
    pub fn built(&self) {
        *self.error.lock().expect("hub lock") = None;
        self.broadcast(event("reload", "ok"));
    }

    /// Shows `message` on every page until the next good build.
    pub fn failed(&self, message: String) {
        let text = event("build-error", &message);
        *self.error.lock().expect("hub lock") = Some(message);
        self.broadcast(text);
    }

    pub fn current_error(&self) -> Option<String> {
        self.error.lock().expect("hub lock").clone()
    }

    fn broadcast(&self, text: String) {
        self.listeners
            .lock()
            .expect("hub lock")
            .retain(|listener| listener.send(text.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Some(message) = self.current_error() {
            let _ = sender.send(event("build-error", &message));
        }
        self.listeners.lock().expect("hub lock").push(sender);
        receiver
    }

    /// Holds the connection open as a server-sent event stream until the page goes away.
    pub fn stream_events(&self, mut stream: TcpStream) {
        let receiver = self.subscribe();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
        loop {
            let text = match receiver.recv_timeout(KEEP_ALIVE) {
                Ok(text) => text,
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if stream
                .write_all(text.as_bytes())
                .and_then(|()| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// One server-sent event; each line of `data` gets its own `data:` field.
fn event(name: &str, data: &str) -> String {
    let mut text = format!("event: {name}\n");
    for line in data.lines() {
        text.push_str("data: ");
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject_script(b"<html><body><p>x</p></body></html>");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<p>x</p><script>"));
        assert!(page.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn multi_line_errors_become_one_event() {
        assert_eq!(
            event("build-error", "a\nb"),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
    }

    #[test]
    fn late_listeners_see_the_current_error_and_good_builds_clear_it() {
        let hub = Hub::default();
        hub.failed("坏了".into());
        let receiver = hub.subscribe();
        assert_eq!(
            receiver.try_recv().unwrap(),
            "event: build-error\ndata: 坏了\n\n"
        );
        hub.built();
        assert_eq!(receiver.try_recv().unwrap(), "event: reload\ndata: ok\n\n");
        assert!(hub.current_error().is_none());
    }
}
