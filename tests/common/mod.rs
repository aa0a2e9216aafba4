//! Helpers shared by the integration tests: copying sites, building them, reading the output.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use walkdir::WalkDir;

/// The repository root, which is also the shipped site.
pub fn shipped_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the shipped site into `site/` of a new temporary folder.
pub fn build_shipped(base_url: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&shipped_site(), &out.path().join("site"), base_url).unwrap();
    out
}

pub fn fixture(name: &str) -> PathBuf {
    shipped_site().join("tests/fixtures").join(name)
}

/// Copies the site inputs (settings, content, templates, static) of `from` into a new temp folder.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["xiezuo.toml", "content", "templates", "static"] {
        let source = from.join(part);
        if source.is_file() {
            fs::copy(&source, dir.path().join(part)).unwrap();
        } else if source.is_dir() {
            for entry in WalkDir::new(&source) {
                let entry = entry.unwrap();
                let target = dir.path().join(entry.path().strip_prefix(from).unwrap());
                if entry.file_type().is_dir() {
                    fs::create_dir_all(&target).unwrap();
                } else {
                    fs::copy(entry.path(), &target).unwrap();
                }
            }
        }
    }
    dir
}

/// Builds `root` into `output` through the library.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
) -> xiezuo::Result<xiezuo::BuildReport> {
    xiezuo::build(&xiezuo::BuildOptions {
        output: Some(output.to_path_buf()),
        base_url: base_url.map(str::to_string),
        ..xiezuo::BuildOptions::new(root)
    })
}

/// Runs the real binary; returns (exit code, stdout, stderr).
pub fn run_binary(args: &[&str], cwd: &Path) -> (i32, String, String) {
    run_binary_with_env(args, cwd, &[])
}

/// [`run_binary`] with these environment variables set.
pub fn run_binary_with_env(
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xiezuo"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every file under `dir`, as relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(dir: &Path, relative: &str) -> String {
    fs::read_to_string(dir.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The values of every `href="…"` and `src="…"` attribute in `html`.
pub fn link_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap();
            targets.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    targets
}

/// The `id="…"` values in `html`.
pub fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// A small xorshift generator: the same seed gives the same edits on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every article file of the site at `root`, in name order.
pub fn articles(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = WalkDir::new(root.join("content/articles"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    paths.sort();
    paths
}

/// Panics with `what` and the first differing file and line unless the two folders hold the
/// same files with the same bytes.
pub fn assert_same_tree(actual: &Path, expected: &Path, what: &str) {
    let (actual, expected) = (read_tree(actual), read_tree(expected));
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "after {what}"
    );
    for (path, bytes) in &expected {
        if &actual[path] != bytes {
            let (actual, expected) = (
                String::from_utf8_lossy(&actual[path]),
                String::from_utf8_lossy(bytes),
            );
            let (line, (got, wanted)) = actual
                .lines()
                .zip(expected.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((0, ("(lengths differ)", "")));
            panic!(
                "after {what}: {path} differs from a clean build at line {}\n  incremental: {got}\n  clean:       {wanted}",
                line + 1
            );
        }
    }
}
