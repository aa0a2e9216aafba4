//! The `xiezuo` command line: parses arguments, calls the library, reports the outcome.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the binary is where reports are printed

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};

use xiezuo::progress::{Progress, Stage};
use xiezuo::serve::ServeEvent;
use xiezuo::BuildOptions;
use xiezuo::PageKind;
use xiezuo::Section;

// A build allocates millions of short-lived strings on every core; jemalloc's per-thread caches
// made clean 10k builds take 6-11% less CPU than glibc's malloc in A/B runs. Its settings are in
// .cargo/config.toml.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    /// Make a new site in DIR (missing or empty) that builds at once; or, with --templates,
    /// write the built-in templates and stylesheet into the existing site DIR for editing.
    Init {
        /// The folder [default: . with --templates; required otherwise].
        #[arg(required_unless_present = "templates")]
        dir: Option<PathBuf>,
        /// Write templates/*.html and static/style.css into an existing site; never replaces a
        /// file that is there.
        #[arg(long)]
        templates: bool,
    },
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
    /// Build, serve on a local address, rebuild on every change and reload open pages.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to build the preview [default: a temporary folder, removed on exit].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address to listen on; use 0.0.0.0 only to show the preview to other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
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
    /// Skip the check that every internal link and #fragment leads somewhere (emergencies only).
    #[arg(long)]
    no_link_check: bool,
    /// Build the drafts too, marked 草稿 and kept out of search engines (serve always does).
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn drafts(&self) -> xiezuo::Drafts {
        if self.drafts {
            xiezuo::Drafts::Included
        } else {
            xiezuo::Drafts::LeftOut
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let outcome = match cli.command {
        Command::Init { dir, templates } => init(dir, templates, cli.verbose),
        Command::Build { site, output } => {
            let options = BuildOptions {
                drafts: site.drafts(),
                root: site.root,
                output,
                base_url: site.base_url,
                check_links: !site.no_link_check,
            };
            with_progress(cli.quiet, |progress| {
                xiezuo::build_with_progress(&options, progress)
            })
        }
        .map(|report| {
            report_warnings(&report.warnings);
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
        Command::Serve {
            site,
            output,
            bind,
            port,
        } => return serve(site, output, bind, port, cli.quiet),
        Command::Check { site } => xiezuo::check(&BuildOptions {
            drafts: site.drafts(),
            root: site.root,
            output: None,
            base_url: site.base_url,
            check_links: !site.no_link_check,
        })
        .map(|report| {
            report_warnings(&report.warnings);
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

/// `xiezuo init`: a new site, or the built-in templates written out; one summary line.
fn init(dir: Option<PathBuf>, templates: bool, verbose: bool) -> xiezuo::Result<String> {
    let (dir, written, what) = if templates {
        let dir = dir.unwrap_or_else(|| PathBuf::from("."));
        let written = xiezuo::init::export_templates(&dir)?;
        (dir, written, "built-in templates and stylesheet")
    } else {
        let dir = dir.expect("clap requires DIR without --templates");
        let written = xiezuo::init::new_site(&dir)?;
        (dir, written, "a new site")
    };
    if verbose {
        for path in &written {
            println!("written    {}", path.display());
        }
    }
    let next = if templates {
        "edit them there; each replaces the built-in file of its name"
    } else {
        "replace the example data, then run `xiezuo serve --root` with the folder"
    };
    Ok(format!(
        "wrote {what} into {} · {} files · {next}",
        dir.display(),
        written.len()
    ))
}

/// `24 pages (5 districts, 8 counties, 3 cities, 2 provinces, 1 pair, 1 article, 5 lists)`:
/// cities, provinces and pairs only where the site has them; the 404 page counts as a page only.
fn describe_pages(pages: &BTreeMap<PageKind, usize>) -> String {
    let count = |kind| pages.get(&kind).copied().unwrap_or(0);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let lists: usize = pages
        .iter()
        .filter(|(kind, _)| {
            matches!(
                kind,
                PageKind::Index
                    | PageKind::List(_)
                    | PageKind::Articles
                    | PageKind::Area
                    | PageKind::Tag
                    | PageKind::Areas
                    | PageKind::Tags
            )
        })
        .map(|(_, n)| n)
        .sum();
    let mut parts = vec![
        plural(
            count(PageKind::Unit(Section::Districts)),
            "district",
            "districts",
        ),
        plural(
            count(PageKind::Unit(Section::Counties)),
            "county",
            "counties",
        ),
    ];
    for (kind, one, many) in [
        (PageKind::Unit(Section::Cities), "city", "cities"),
        (PageKind::Unit(Section::Provinces), "province", "provinces"),
        (PageKind::Pair, "pair", "pairs"),
    ] {
        if count(kind) > 0 {
            parts.push(plural(count(kind), one, many));
        }
    }
    parts.push(plural(count(PageKind::Article), "article", "articles"));
    parts.push(plural(lists, "list", "lists"));
    if count(PageKind::Page) > 0 {
        parts.push(plural(count(PageKind::Page), "other page", "other pages"));
    }
    format!(
        "{} ({})",
        plural(pages.values().sum(), "page", "pages"),
        parts.join(", ")
    )
}

/// Each warning on its own `warning:` line on stderr.
fn report_warnings(warnings: &[xiezuo::error::Diagnostic]) {
    for warning in warnings {
        eprintln!("{} {warning}", label("warning:", "33"));
    }
}

fn serve(
    site: SiteArgs,
    output: Option<PathBuf>,
    bind: IpAddr,
    port: u16,
    quiet: bool,
) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = Arc::clone(&stop);
    // With ctrlc's `termination` feature this one handler takes SIGINT, SIGTERM and SIGHUP, so
    // a service manager stopping serve, or a closed terminal, removes the preview like Ctrl-C.
    if let Err(err) = ctrlc::set_handler(move || on_signal.store(true, Ordering::Relaxed)) {
        eprintln!(
            "{} cannot handle the stop signals (SIGINT, SIGTERM, SIGHUP): {err}",
            error_label()
        );
        return ExitCode::FAILURE;
    }
    let options = xiezuo::serve::ServeOptions {
        root: site.root,
        output,
        base_url: site.base_url,
        check_links: !site.no_link_check,
        bind,
        port,
    };
    let report = |event: ServeEvent| match event {
        ServeEvent::Listening { url } => {
            println!("serving {url} · watching for changes · Ctrl-C to stop")
        }
        ServeEvent::Built { report, took } if !quiet => {
            report_warnings(&report.warnings);
            println!(
                "built {} · {} written, {} unchanged, {} removed · {} ms",
                describe_pages(&report.pages),
                report.files.written.len(),
                report.files.unchanged.len(),
                report.files.removed.len(),
                took.as_millis()
            )
        }
        ServeEvent::Built { .. } => {}
        ServeEvent::Failed {
            error,
            serving_previous,
        } => {
            report_error(error);
            if serving_previous {
                eprintln!("still serving the last good build; fix the problem and save to rebuild");
            } else {
                eprintln!("nothing to serve yet; fix the problem and save to build");
            }
        }
    };
    match xiezuo::serve::serve(&options, &stop, &report) {
        Ok(()) => {
            if !quiet {
                println!("stopped");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            report_error(&err);
            ExitCode::FAILURE
        }
    }
}

/// Runs `build`; if it takes more than a second, shows on stderr how far it has got.
fn with_progress<T>(quiet: bool, build: impl FnOnce(&Progress) -> T) -> T {
    let progress = Progress::default();
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let shower = (!quiet).then(|| scope.spawn(|| show_progress(&progress, &finished)));
        let outcome = build(&progress);
        finished.store(true, Ordering::Relaxed);
        if let Some(shower) = shower {
            shower.thread().unpark();
        }
        outcome
    })
}

/// Says, once, when the build waits for another build into the same output. On a terminal it
/// also redraws one status line; logs and pipes get no progress lines, so that what a build
/// prints does not depend on how fast the machine happened to be.
fn show_progress(progress: &Progress, finished: &AtomicBool) {
    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut shown = false;
    let mut told_of_wait = false;
    while !finished.load(Ordering::Relaxed) {
        std::thread::park_timeout(Duration::from_millis(50));
        if finished.load(Ordering::Relaxed) {
            break;
        }
        let waiting = progress.waiting();
        if let (Some(other), false) = (waiting, told_of_wait) {
            if shown {
                eprint!("\r\x1b[2K");
                shown = false;
            }
            let process = other
                .pid
                .map(|pid| format!(" (process {pid})"))
                .unwrap_or_default();
            eprintln!(
                "waiting for another xiezuo build{process} to finish writing this output folder"
            );
            told_of_wait = true;
        }
        let elapsed = started.elapsed();
        if !terminal || elapsed < Duration::from_secs(1) {
            continue;
        }
        let (stage, done, total) = progress.snapshot();
        let what = match stage {
            _ if waiting.is_some() => "waiting for the other build".to_string(),
            Stage::Loading => "loading".to_string(),
            Stage::Rendering => format!("rendering {done}/{total} pages"),
            Stage::CheckingLinks => "checking links".to_string(),
            Stage::Writing => "writing".to_string(),
            Stage::Done => break,
        };
        eprint!("\r\x1b[2K{what} · {:.1} s", elapsed.as_secs_f64());
        shown = true;
    }
    if shown {
        eprint!("\r\x1b[2K");
    }
}

/// `error:` in bold red on a terminal (unless NO_COLOR is set), plain otherwise.
fn error_label() -> String {
    label("error:", "31")
}

/// `text` in bold of the ANSI `colour` on a terminal (unless NO_COLOR is set), plain otherwise.
fn label(text: &str, colour: &str) -> String {
    let coloured = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match text.strip_suffix(':') {
        Some(word) if coloured => format!("\x1b[1;{colour}m{word}\x1b[0m:"),
        _ => text.to_string(),
    }
}

fn report_error(err: &xiezuo::Error) {
    let label = error_label();
    for line in err.report().lines() {
        match line.strip_prefix("error:") {
            Some(rest) => eprintln!("{label}{rest}"),
            None => eprintln!("{line}"),
        }
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
            (PageKind::List(Section::Districts), 1),
            (PageKind::List(Section::Counties), 1),
            (PageKind::NotFound, 1),
            (PageKind::Unit(Section::Districts), 5),
            (PageKind::Unit(Section::Counties), 8),
            (PageKind::Article, 1),
        ]);
        assert_eq!(
            describe_pages(&pages),
            "18 pages (5 districts, 8 counties, 1 article, 3 lists)"
        );
        let more = BTreeMap::from([
            (PageKind::Unit(Section::Cities), 3),
            (PageKind::Pair, 1),
            (PageKind::Unit(Section::Counties), 1),
        ]);
        assert_eq!(
            describe_pages(&more),
            "5 pages (0 districts, 1 county, 3 cities, 1 pair, 0 articles, 0 lists)"
        );
    }
}
