//! The stages import each other one way only: no cycle among the crate's top-level modules
//! (their `use crate::…` and `crate::…` paths, test modules left out). A cycle is reported
//! with the modules on it and the files that close it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use walkdir::WalkDir;

/// Each top-level module (`render`, `network` …), and the modules its code names, with the
/// file that names each.
fn imports() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let relative = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = relative
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if top == "main" || top == "lib" || relative.ends_with("/tests.rs") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        // A module's own tests may reach anywhere; they come last in the file.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let named = graph.entry(top.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !module.is_empty() && module != top {
                named.entry(module).or_insert_with(|| relative.clone());
            }
        }
    }
    graph
}

/// A path of modules from `from` back to `from`, if there is one.
fn cycle_through(
    graph: &BTreeMap<String, BTreeMap<String, String>>,
    from: &str,
) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        at: &str,
        goal: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).map(|m| m.keys()).into_iter().flatten() {
            if next == goal {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, next, goal, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_string()];
    walk(graph, from, from, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(
        graph.contains_key("render") && graph.contains_key("network"),
        "{graph:?}"
    );
    for module in graph.keys() {
        if let Some(cycle) = cycle_through(&graph, module) {
            let files: Vec<String> = cycle
                .iter()
                .zip(cycle.iter().cycle().skip(1))
                .map(|(a, b)| format!("{a} → {b} (in {})", graph[a][b]))
                .collect();
            panic!("an import cycle: {}", files.join(", "));
        }
    }
}

#[test]
fn the_model_and_the_text_helpers_import_no_later_stage() {
    let graph = imports();
    let later = [
        "render",
        "views",
        "templates",
        "output",
        "build",
        "serve",
        "diagram",
        "feeds",
    ];
    for module in ["network", "text", "page", "types", "linker"] {
        for name in graph[module].keys() {
            assert!(
                !later.contains(&name.as_str()),
                "{module} imports the later stage {name} (in {})",
                graph[module][name]
            );
        }
    }
}

/// The crate root makes public only the API `src/lib.rs` lists (and the two hidden modules it
/// explains); every other module is the crate's own, so a `pub mod` added there is a change to
/// the interface and should be one on purpose.
#[test]
fn the_crate_root_makes_public_only_the_listed_modules() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let public: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches([';', ' ', '{']))
        .collect();
    assert_eq!(
        public,
        ["error", "init", "progress", "serve", "live", "internals"],
        "src/lib.rs"
    );
}
