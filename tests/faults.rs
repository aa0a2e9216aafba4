//! Faults: a build killed at any moment, a full disk, a read-only output, files that vanish or
//! are empty. The previous output always survives complete, and the next build cleans up.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

/// A synthetic site from `xiezuo-gen` (`tools/xiezuo-gen`, a dev-dependency).
fn generate(scale: &str, out: &Path) {
    let options = xiezuo_gen::Options {
        size: xiezuo_gen::Size::preset(scale).expect("a preset"),
        seed: 1,
        out: out.to_path_buf(),
        hugo: None,
    };
    xiezuo_gen::generate(&options).expect("xiezuo-gen");
}

fn xiezuo(root: &Path, output: &Path, base_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xiezuo"));
    command
        .args(["build", "--quiet", "--base-url", base_url, "--root"])
        .arg(root)
        .arg("--output")
        .arg(output);
    command
}

fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".xiezuo-staging-") || name.contains(".xiezuo-old-"))
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_site_complete() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    generate("1k", &site);
    let out = work.path().join("public");
    assert!(xiezuo(&site, &out, "https://a.example/")
        .status()
        .unwrap()
        .success());
    let before: BTreeMap<String, Vec<u8>> = read_tree(&out);
    // The next build changes every page (a new base URL), so an interruption shows.
    let after_dir = work.path().join("reference");
    assert!(xiezuo(&site, &after_dir, "https://b.example/")
        .status()
        .unwrap()
        .success());
    let after = read_tree(&after_dir);
    let mut outcomes = Vec::new();
    for delay_ms in [0, 2, 5, 10, 20, 40, 70, 100, 150, 250] {
        let mut child = xiezuo(&site, &out, "https://b.example/").spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = read_tree(&out);
        let state = if now == before {
            "previous"
        } else if now == after {
            "new"
        } else {
            panic!("killed after {delay_ms} ms ({status}): the output is neither the old nor the new site, complete");
        };
        outcomes.push((delay_ms, state));
        if state == "new" {
            // Start again from the old site so that later kills test something.
            assert!(xiezuo(&site, &out, "https://a.example/")
                .status()
                .unwrap()
                .success());
        }
    }
    assert!(
        outcomes.iter().any(|(_, s)| *s == "previous"),
        "some kill interrupted a build: {outcomes:?}"
    );
    assert!(xiezuo(&site, &out, "https://b.example/")
        .status()
        .unwrap()
        .success());
    assert_eq!(read_tree(&out), after);
    assert!(
        leftovers(work.path()).is_empty(),
        "the next build cleaned up: {:?}",
        leftovers(work.path())
    );
}

/// Why the tests on a small disk are not run by a plain `cargo test`: `.ci/run` runs them
/// when it runs as root.
const NEEDS_ROOT: &str = "needs root to mount a tmpfs: cargo test --test faults -- --ignored";

/// A small tmpfs; these tests are `#[ignore]`d, since only root may mount one, and fail (rather
/// than pass without running) when asked for where it cannot.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status();
        assert!(
            status.as_ref().is_ok_and(|s| s.success()),
            "cannot mount a tmpfs ({status:?}): this test {NEEDS_ROOT}"
        );
        SmallDisk { dir }
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Fills the disk until only `keep` bytes are left.
    fn fill(&self, keep: u64) {
        let stat = rustix::fs::statvfs(self.dir.path()).unwrap();
        let free = stat.f_bavail * stat.f_frsize;
        let filler = vec![0u8; free.saturating_sub(keep) as usize];
        let _ = fs::write(self.dir.path().join("filler"), filler);
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
#[ignore = "needs root to mount a tmpfs: cargo test --test faults -- --ignored"]
fn a_full_disk_fails_clearly_and_keeps_the_previous_site() {
    let disk = SmallDisk::mount("8m");
    let site = copy_site(&shipped_site());
    let out = disk.dir.path().join("public");
    assert!(xiezuo(site.path(), &out, "https://a.example/")
        .status()
        .unwrap()
        .success());
    let before = read_tree(&out);
    disk.fill(16 * 1024);
    let result = xiezuo(site.path(), &out, "https://b.example/")
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(stderr.starts_with("error: cannot write "), "{stderr}");
    assert_eq!(read_tree(&out), before);
    assert!(
        leftovers(disk.dir.path()).is_empty(),
        "{:?}",
        leftovers(disk.dir.path())
    );
    fs::remove_file(disk.dir.path().join("filler")).unwrap();
    assert!(xiezuo(site.path(), &out, "https://b.example/")
        .status()
        .unwrap()
        .success());
}

#[test]
#[ignore = "needs root to mount a tmpfs: cargo test --test faults -- --ignored"]
fn a_read_only_output_fails_clearly_and_keeps_the_previous_site() {
    let disk = SmallDisk::mount("8m");
    let site = copy_site(&shipped_site());
    let out = disk.dir.path().join("public");
    assert!(xiezuo(site.path(), &out, "https://a.example/")
        .status()
        .unwrap()
        .success());
    let before = read_tree(&out);
    disk.remount_read_only();
    let result = xiezuo(site.path(), &out, "https://b.example/")
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert_eq!(read_tree(&out), before);
}

#[test]
fn empty_and_vanished_files_give_clear_errors() {
    let site = copy_site(&shipped_site());
    let out = site.path().join("public");
    fs::write(site.path().join("content/articles/empty.md"), "").unwrap();
    let err = build(site.path(), &out, None).unwrap_err().to_string();
    assert!(
        err.contains("empty.md:1:1: the article has no front matter"),
        "{err}"
    );
    fs::remove_file(site.path().join("content/articles/empty.md")).unwrap();
    // A link whose file has gone: the same as a file that vanishes between listing and reading.
    std::os::unix::fs::symlink(
        site.path().join("gone.md"),
        site.path().join("content/articles/gone.md"),
    )
    .unwrap();
    let err = build(site.path(), &out, None).unwrap_err().to_string();
    assert!(err.contains("gone.md"), "the error names the file: {err}");
    fs::remove_file(site.path().join("content/articles/gone.md")).unwrap();
    fs::write(site.path().join("content/pairings.toml"), "").unwrap();
    let err = build(site.path(), &out, None).unwrap_err().to_string();
    assert!(
        err.contains("content/pairings.toml") && err.contains("missing field"),
        "{err}"
    );
    assert!(!out.exists(), "nothing was written");
}

/// Several builds started at once into one output that does not exist yet: each would take
/// the others' staging folders for leftovers and remove them. They take turns instead: every
/// one succeeds, and the output is whole and the same as a clean build's.
#[test]
fn builds_started_together_into_one_output_take_turns_and_all_succeed() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    generate("1k", &site);
    let reference = work.path().join("reference");
    assert!(xiezuo(&site, &reference, "https://a.example/")
        .status()
        .unwrap()
        .success());
    let out = work.path().join("public");
    let builds: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_xiezuo"))
                .args(["build", "--base-url", "https://a.example/", "--root"])
                .arg(&site)
                .arg("--output")
                .arg(&out)
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for build in builds {
        let result = build.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "a build failed: {stderr}");
        // The holder's process id is named when the waiting build read it; a build that
        // looked before the holder wrote its id says only that it waits (src/output/lock.rs).
        assert!(
            stderr.lines().all(|line| {
                line.starts_with("waiting for another xiezuo build (process ")
                    || line
                        == "waiting for another xiezuo build to finish writing this output folder"
            }),
            "a build says only that it waits: {stderr}"
        );
    }
    assert!(
        read_tree(&out) == read_tree(&reference),
        "the output is whole"
    );
    assert!(
        leftovers(work.path()).is_empty(),
        "{:?}",
        leftovers(work.path())
    );
}

/// A build that finds the output locked by another says so, naming that build's process, and
/// waits for it instead of writing alongside it.
#[test]
fn a_build_waits_for_the_build_holding_the_output_and_names_it() {
    use std::io::{BufRead, BufReader, Write};
    let work = tempfile::tempdir().unwrap();
    let site = copy_site(&shipped_site());
    let out = work.path().join("public");
    let mut lock = fs::File::create(work.path().join(".public.xiezuo-lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    write!(lock, "{}", std::process::id()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_xiezuo"))
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, said) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let first = said.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        first,
        format!(
            "waiting for another xiezuo build (process {}) to finish writing this output folder",
            std::process::id()
        )
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "it waits");
    assert!(!out.exists(), "and writes nothing meanwhile");
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert!(out.join("index.html").is_file());
}
