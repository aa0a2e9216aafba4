//! The site's static files (`static/`) and the built-in defaults they override by name.
//! Nothing here writes: the files are listed for `output` to copy.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, OutputFile};
use crate::site_root::SiteRoot;
use crate::types::OutputPath;

pub use crate::site_root::EXTRA_STYLESHEET;

/// Whether `files` (the static files of a build) hold the site's extra stylesheet.
pub fn has_extra_stylesheet(files: &[OutputFile]) -> bool {
    files.iter().any(|f| f.path.as_str() == EXTRA_STYLESHEET)
}

/// The default static files, shipped inside the binary; a site's `static/` overrides them by name.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
];

/// The built-in static files, `(name, bytes)`.
pub fn built_in() -> &'static [(&'static str, &'static [u8])] {
    DEFAULT_STATIC
}

/// The site's static files and the defaults it does not override, sorted by path.
pub fn static_files(root: &SiteRoot) -> Result<Vec<OutputFile>> {
    let dir = root.static_dir();
    let mut files: Vec<OutputFile> = Vec::new();
    for path in root.files_under(&dir, |_| true)? {
        let relative = path
            .strip_prefix(&dir)
            .expect("walked paths are inside the folder");
        files.push(OutputFile {
            path: output_path_of(&path, relative)?,
            contents: Contents::CopyOf(path.clone()),
        });
    }
    let overridden: BTreeSet<String> = files.iter().map(|f| f.path.as_str().to_string()).collect();
    for (name, bytes) in DEFAULT_STATIC {
        if !overridden.contains(*name) {
            files.push(OutputFile {
                path: OutputPath::top_file(name),
                contents: Contents::BuiltIn(bytes),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn output_path_of(path: &Path, relative: &Path) -> Result<OutputPath> {
    let text = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.join("/"));
    text.ok_or_else(|| "the name is not UTF-8".to_string())
        .and_then(|text| OutputPath::parse(&text))
        .map_err(|message| {
            Error::invalid(
                Diagnostic::new(
                    path,
                    None,
                    format!("cannot publish this static file: {message}"),
                )
                .with_help("rename it with a UTF-8 name without backslashes or colons"),
            )
        })
}
