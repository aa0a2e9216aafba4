//! The command itself: its summary line, its refusals.

use std::fs;
use std::process::Command;

fn gen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xiezuo-gen"))
}

#[test]
fn writes_a_site_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = gen()
        .args(["--scale", "small", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.starts_with("generated 1 cities, 2 prefectures, 1 districts, 2 counties, 1 articles"),
        "{said}"
    );
    let data = fs::read_to_string(out.join("content/pairings.toml")).unwrap();
    assert!(
        data.contains("[[units]]") && data.contains("[[pairings]]") && data.contains("合成数据")
    );
    assert!(
        !out.join("templates").exists(),
        "the site uses xiezuo's own templates"
    );
}

#[test]
fn refuses_a_folder_it_did_not_write_and_impossible_counts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = gen()
        .args(["--scale", "small", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to replace"));
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );

    let output = gen()
        .args(["--out"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = gen()
        .args(["--districts", "0", "--out"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
