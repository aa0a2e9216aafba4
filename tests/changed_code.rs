//! `.ci/changed-code.sh`, which lets the site workflow skip the Rust tests and reuse its cached
//! binary when only content changed: run on real git histories in a temporary repository.

use std::fs;
use std::path::Path;
use std::process::Command;

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Writes `files` and commits them; returns the commit id.
fn commit(repo: &Path, files: &[(&str, &str)]) -> String {
    for (path, text) in files {
        let path = repo.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "change"]);
    git(repo, &["rev-parse", "HEAD"])
}

/// The script's two answers, `(code, sources)`, for a change from `base`.
fn answer(repo: &Path, base: Option<&str>) -> (String, String) {
    let out = Command::new("bash")
        .arg(repo.join(".ci/changed-code.sh"))
        .args(base)
        .current_dir(repo)
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}= in {text}"))
            .to_string()
    };
    (value("code"), value("sources"))
}

fn repository() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    let script =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/changed-code.sh"))
            .unwrap();
    let first = commit(
        repo,
        &[
            (".ci/changed-code.sh", &script),
            ("src/lib.rs", "pub fn f() {}\n"),
            ("templates/base.html", "<html>\n"),
            ("Cargo.lock", "# lock\n"),
            ("content/articles/a.md", "+++\ntitle = \"a\"\n+++\n"),
            ("xiezuo.toml", "title = \"a\"\n"),
            ("README.md", "# a\n"),
        ],
    );
    (tmp, first)
}

#[test]
fn a_change_to_content_alone_is_not_code_and_keeps_the_binary_key() {
    let (tmp, first) = repository();
    let repo = tmp.path();
    let (_, before) = answer(repo, None);
    commit(
        repo,
        &[
            ("content/articles/a.md", "+++\ntitle = \"b\"\n+++\n"),
            (
                "content/articles/珠海 报道.md",
                "+++\ntitle = \"珠海\"\n+++\n",
            ),
            ("xiezuo.toml", "title = \"b\"\n"),
        ],
    );
    let (code, sources) = answer(repo, Some(&first));
    assert_eq!(code, "false");
    assert_eq!(
        sources, before,
        "content is not what the binary is built from"
    );
}

#[test]
fn a_change_to_anything_the_binary_is_built_from_is_code_with_a_new_key() {
    for path in ["src/lib.rs", "templates/base.html", "Cargo.lock"] {
        let (tmp, first) = repository();
        let repo = tmp.path();
        let (_, before) = answer(repo, None);
        commit(
            repo,
            &[(path, "changed\n"), ("content/articles/a.md", "changed\n")],
        );
        let (code, sources) = answer(repo, Some(&first));
        assert_eq!(code, "true", "{path}");
        assert_ne!(sources, before, "{path} is built into the binary");
    }
}

#[test]
fn a_change_outside_content_runs_the_tests_but_keeps_the_binary_key() {
    let (tmp, first) = repository();
    let repo = tmp.path();
    let (_, before) = answer(repo, None);
    commit(repo, &[("README.md", "# b\n")]);
    assert_eq!(answer(repo, Some(&first)), ("true".to_string(), before));
}

#[test]
fn a_base_that_is_missing_zero_or_unknown_counts_as_code() {
    let (tmp, _) = repository();
    let repo = tmp.path();
    commit(repo, &[("content/articles/a.md", "changed\n")]);
    for base in [
        None,
        Some(""),
        Some("0000000000000000000000000000000000000000"),
        Some("1234567890abcdef1234567890abcdef12345678"),
    ] {
        assert_eq!(answer(repo, base).0, "true", "base {base:?}");
    }
}
