//! The `xiezuo` command line: parses arguments, calls the library, reports the outcome.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the binary is where reports are printed

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use xiezuo::render::PageKind;
use xiezuo::{BuildOptions, BuildReport};

#[derive(Debug, Parser)]
#[command(
    name = "xiezuo",
    version,
    about = "Static site generator for East–West cooperation pairing sites (东西部协作结对)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder, holding xiezuo.toml, content/, templates/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is published under, such as https://example.org/zhuhai-zunyi/
        /// (overrides base_url in xiezuo.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => {
            let started = Instant::now();
            match xiezuo::build(&BuildOptions {
                root,
                output,
                base_url,
            }) {
                Ok(report) => {
                    println!("{}", summary(&report, started.elapsed().as_millis()));
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    report_error(&err);
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn summary(report: &BuildReport, millis: u128) -> String {
    let count = |kind| report.pages.get(&kind).copied().unwrap_or(0);
    format!(
        "built {} pages ({} districts, {} counties, {} articles, {} lists) · {} files in {} · {} ms",
        report.page_count(),
        count(PageKind::District),
        count(PageKind::County),
        count(PageKind::Article),
        count(PageKind::Index) + count(PageKind::List),
        report.files,
        report.output.display(),
        millis
    )
}

/// Prints the error and every cause under it: a template error's detail lives in its cause.
fn report_error(err: &xiezuo::Error) {
    if let xiezuo::Error::Invalid(diagnostics) = err {
        for diagnostic in &diagnostics.0 {
            eprintln!("error: {diagnostic}");
        }
        if diagnostics.0.len() > 1 {
            eprintln!(
                "{} problems found; nothing was written",
                diagnostics.0.len()
            );
        }
        return;
    }
    eprintln!("error: {err}");
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        let text = inner.to_string();
        let text = text.strip_prefix("error: ").unwrap_or(&text);
        eprintln!("caused by: {}", text.replace('\n', "\n  "));
        cause = inner.source();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
