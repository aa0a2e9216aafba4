//! Typed errors for every stage of the pipeline. Each error names what it is about (a file and,
//! where one is known, the line and column; or a command-line option), so the binary can print a
//! report a person can act on.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A 1-based line and column (columns count characters, not bytes) in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`; an offset past the end points just after it.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// This position moved down by `lines` lines (for text embedded in a larger file).
    pub fn shifted_down(self, lines: usize) -> Self {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

/// What a problem is about: where the person reading it goes to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An input file (content, a template, `xiezuo.toml`, a static file, the site folder), at a
    /// line and column where one is known.
    Input {
        path: PathBuf,
        position: Option<Position>,
    },
    /// A command-line option, such as `--base-url`, that overrides the setting of its name.
    Option(&'static str),
    /// A file in or beside the output folder: a generated page, a file xiezuo did not write, a
    /// record it keeps there.
    Output(PathBuf),
}

impl Origin {
    /// The file (or option) and position messages are sorted by: as their text reads.
    fn sort_key(&self) -> (&Path, Option<Position>) {
        match self {
            Origin::Input { path, position } => (path, *position),
            Origin::Option(name) => (Path::new(name), None),
            Origin::Output(path) => (path, None),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Input { path, position } => {
                write!(f, "{}", path.display())?;
                if let Some(Position { line, column }) = position {
                    write!(f, ":{line}:{column}")?;
                }
                Ok(())
            }
            Origin::Option(name) => f.write_str(name),
            Origin::Output(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One problem: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub origin: Origin,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem in the input file `file`, at `position` when it is known.
    pub fn new(file: &Path, position: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic::at(
            Origin::Input {
                path: file.to_path_buf(),
                position,
            },
            message,
        )
    }

    /// A problem with the value of the command-line option `name` (such as `--base-url`).
    pub fn option(name: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::at(Origin::Option(name), message)
    }

    /// A problem with the file `path` in or beside the output folder.
    pub fn output(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic::at(Origin::Output(path.to_path_buf()), message)
    }

    fn at(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Where in its input file the problem is, when that is known.
    pub fn position(&self) -> Option<Position> {
        match self.origin {
            Origin::Input { position, .. } => position,
            Origin::Option(_) | Origin::Output(_) => None,
        }
    }

    /// The order problems are reported in: by file (as its name reads), then position.
    pub fn cmp_by_place(&self, other: &Diagnostic) -> std::cmp::Ordering {
        self.origin.sort_key().cmp(&other.origin.sort_key())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All the independent problems found in the input, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{0}")]
    Invalid(Diagnostics),

    #[error("template {template} {}", page.as_deref().map_or_else(|| "is invalid".to_string(), |p| format!("failed to render page {p}")))]
    Template {
        /// The file the template came from (a site file, or the built-in default).
        template: String,
        /// The page being rendered, when the error happened while rendering.
        page: Option<String>,
        #[source]
        source: tera::Error,
    },

    #[error("refusing to use {} as the output folder: {reason}", path.display())]
    UnsafeOutput { path: PathBuf, reason: String },
}

impl Error {
    /// The whole report a person reads: one `error:` line per problem, or the error followed by
    /// every cause (a template error's detail lives in its cause).
    pub fn report(&self) -> String {
        if let Error::Invalid(diagnostics) = self {
            let mut lines: Vec<String> = diagnostics
                .0
                .iter()
                .map(|d| format!("error: {d}"))
                .collect();
            if diagnostics.0.len() > 1 {
                lines.push(format!(
                    "{} problems found; nothing was written",
                    diagnostics.0.len()
                ));
            }
            return lines.join("\n");
        }
        let mut text = format!("error: {self}");
        let mut cause = std::error::Error::source(self);
        while let Some(inner) = cause {
            let message = inner.to_string();
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            text.push_str(&format!("\ncaused by: {}", message.replace('\n', "\n  ")));
            cause = inner.source();
        }
        text
    }

    /// A single diagnostic as an error.
    pub fn invalid(diagnostic: Diagnostic) -> Self {
        Error::Invalid(Diagnostics(vec![diagnostic]))
    }

    /// Wraps an I/O error with what was being done and to which path.
    pub fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> Self + 'a {
        move |source| Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "第一行\n珠海市横琴新区";
        let offset = text.find("横琴").unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn position_of_offset_inside_a_character_points_at_that_character() {
        let text = "ab珠海";
        assert_eq!(
            Position::of_offset(text, 3),
            Position { line: 1, column: 3 }
        );
    }

    #[test]
    fn diagnostic_shows_file_position_message_and_help() {
        let d = Diagnostic::new(
            Path::new("content/pairings.toml"),
            Some(Position { line: 3, column: 7 }),
            "unknown county \"tongzhi\"",
        )
        .with_help("did you mean \"tongzi\"?");
        assert_eq!(
            d.to_string(),
            "content/pairings.toml:3:7: unknown county \"tongzhi\"\n  help: did you mean \"tongzi\"?"
        );
    }

    #[test]
    fn an_option_or_an_output_file_is_named_without_a_position() {
        let option = Diagnostic::option("--base-url", "not a URL").with_help("pass one");
        assert_eq!(
            option.to_string(),
            "--base-url: not a URL\n  help: pass one"
        );
        assert_eq!(option.position(), None);
        let output = Diagnostic::output(Path::new("public/CNAME"), "not written by xiezuo");
        assert_eq!(output.to_string(), "public/CNAME: not written by xiezuo");
    }

    #[test]
    fn problems_sort_by_file_name_then_position_whatever_their_origin() {
        let at = |line| Some(Position { line, column: 1 });
        let mut all = [
            Diagnostic::output(Path::new("index.html"), "c"),
            Diagnostic::new(Path::new("content/b.md"), at(9), "b"),
            Diagnostic::option("--base-url", "a"),
            Diagnostic::new(Path::new("content/b.md"), at(2), "a"),
            Diagnostic::new(Path::new("static/x.css"), None, "d"),
        ];
        all.sort_by(Diagnostic::cmp_by_place);
        let order: Vec<String> = all.iter().map(|d| d.origin.to_string()).collect();
        assert_eq!(
            order,
            [
                "--base-url",
                "content/b.md:2:1",
                "content/b.md:9:1",
                "index.html",
                "static/x.css"
            ]
        );
    }
}
