//! The `xiezuo` command line: parses arguments, calls the library, reports the outcome.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the binary is where reports are printed

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use xiezuo::render::PageKind;
use xiezuo::BuildOptions;

#[derive(Debug, Parser)]
#[command(
    name = "xiezuo",
    version,
    about = "Static site generator for East–West cooperation pairing sites (东西部协作结对)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing on success.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// List every output file and what happened to it.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Load, validate and render everything without writing; exits 1 on the errors build gives.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(Debug, Args)]
struct SiteArgs {
    /// The site folder, holding xiezuo.toml, content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The URL the site is published under, such as https://example.org/zhuhai-zunyi/
    /// (overrides base_url in xiezuo.toml).
    #[arg(long)]
    base_url: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let outcome = match cli.command {
        Command::Build { site, output } => xiezuo::build(&BuildOptions {
            root: site.root,
            output,
            base_url: site.base_url,
        })
        .map(|report| {
            if cli.verbose {
                for path in &report.files.written {
                    println!("written    {path}");
                }
                for path in &report.files.unchanged {
                    println!("unchanged  {path}");
                }
                for path in &report.files.removed {
                    println!("removed    {path}");
                }
            }
            format!(
                "built {} · {} written, {} unchanged, {} removed · {} ms",
                describe_pages(&report.pages),
                report.files.written.len(),
                report.files.unchanged.len(),
                report.files.removed.len(),
                started.elapsed().as_millis()
            )
        }),
        Command::Check { site } => xiezuo::check(&BuildOptions {
            root: site.root,
            output: None,
            base_url: site.base_url,
        })
        .map(|report| {
            format!(
                "checked {} · {} files · no problems · {} ms",
                describe_pages(&report.pages),
                report.files,
                started.elapsed().as_millis()
            )
        }),
    };
    match outcome {
        Ok(summary) => {
            if !cli.quiet {
                println!("{summary}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            report_error(&err);
            ExitCode::FAILURE
        }
    }
}

/// `17 pages (5 districts, 8 counties, 1 article, 3 lists)`; the 404 page counts as a page only.
fn describe_pages(pages: &BTreeMap<PageKind, usize>) -> String {
    let count = |kind| pages.get(&kind).copied().unwrap_or(0);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} ({}, {}, {}, {})",
        plural(pages.values().sum(), "page", "pages"),
        plural(count(PageKind::District), "district", "districts"),
        plural(count(PageKind::County), "county", "counties"),
        plural(count(PageKind::Article), "article", "articles"),
        plural(
            count(PageKind::Index) + count(PageKind::List),
            "list",
            "lists"
        ),
    )
}

/// `error:` in bold red on a terminal (unless NO_COLOR is set), plain otherwise.
fn error_label() -> &'static str {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if colour {
        "\x1b[1;31merror\x1b[0m:"
    } else {
        "error:"
    }
}

/// Prints the error and every cause under it: a template error's detail lives in its cause.
fn report_error(err: &xiezuo::Error) {
    let label = error_label();
    if let xiezuo::Error::Invalid(diagnostics) = err {
        for diagnostic in &diagnostics.0 {
            eprintln!("{label} {diagnostic}");
        }
        if diagnostics.0.len() > 1 {
            eprintln!(
                "{} problems found; nothing was written",
                diagnostics.0.len()
            );
        }
        return;
    }
    eprintln!("{label} {err}");
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

    #[test]
    fn page_summary_counts_kinds_with_plurals() {
        let pages = BTreeMap::from([
            (PageKind::Index, 1),
            (PageKind::List, 2),
            (PageKind::NotFound, 1),
            (PageKind::District, 5),
            (PageKind::County, 8),
            (PageKind::Article, 1),
        ]);
        assert_eq!(
            describe_pages(&pages),
            "18 pages (5 districts, 8 counties, 1 article, 3 lists)"
        );
    }
}
