//! Replays every file under `tests/fuzz_corpus/<target>/` through the fuzz targets' own code
//! (`fuzz/src/harness.rs`), so CI, which runs no fuzzer, still re-runs the minimized corpus and
//! every crasher the fuzzers found. See `fuzz/README.md` for running the fuzzers.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../fuzz/src/harness.rs"]
mod harness;

/// Inputs that still make `src/` panic, as `(target, file name)`. Each is replayed and must
/// still panic; once the bug is fixed the test fails until its line here is removed, so that the
/// input becomes an ordinary regression test.
const KNOWN_PANICS: &[(&str, &str)] = &[];

/// Far above what any corpus input needs, even unoptimised; catches a hang or blow-up.
const BUDGET: Duration = Duration::from_secs(5);

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target)
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for {target}");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(path).unwrap();
        let known = KNOWN_PANICS.contains(&(target, name.as_str()));
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let elapsed = started.elapsed();
        match (outcome, known) {
            (Err(_), false) => failures.push(format!("{name}: panicked (see above)")),
            (Ok(()), true) => failures.push(format!(
                "{name}: no longer panics; remove it from KNOWN_PANICS in tests/fuzz_regressions.rs"
            )),
            _ => {}
        }
        if elapsed > BUDGET {
            failures.push(format!("{name}: took {elapsed:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{target}: {} of {} corpus inputs failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn pairing_data_corpus() {
    replay("pairing_data", harness::pairing_data);
}

#[test]
fn article_corpus() {
    replay("article", harness::article);
}

#[test]
fn markdown_linking_corpus() {
    replay("markdown_linking", harness::markdown_linking);
}

#[test]
fn every_corpus_folder_is_a_target_and_every_known_panic_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    for entry in std::fs::read_dir(&root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            harness::TARGETS.contains(&name.as_str()),
            "tests/fuzz_corpus/{name} is not a fuzz target"
        );
    }
    for (target, file) in KNOWN_PANICS {
        assert!(
            corpus_dir(target).join(file).is_file(),
            "KNOWN_PANICS names a missing file {target}/{file}"
        );
    }
}

/// Found while probing the `markdown_linking` target with long inputs: the n-th heading with the
/// same text makes `unique_id` (src/markdown.rs) try n candidate ids, so n equal headings cost
/// O(n²) (16 kB of "# a" lines took 9 s in the fuzz build). Fix: remember the next free suffix
/// per base id.
#[test]
fn many_equal_headings_render_in_linear_time() {
    let body = "# a\n".repeat(20_000);
    let linker = xiezuo::internals::linker::Linker::from_names([]);
    let started = Instant::now();
    let rendered = xiezuo::internals::markdown::render(
        &body,
        xiezuo::internals::MarkdownSettings::default(),
        &linker,
        &|_| String::new(),
    );
    let elapsed = started.elapsed();
    assert!(rendered.html.contains("id=\"a-20000\""));
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}
