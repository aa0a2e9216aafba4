//! `xiezuo-gen`: see the library's documentation (`src/lib.rs`) and `xiezuo-gen --help`.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on the terminal

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use xiezuo_gen::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = match cli.options() {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match xiezuo_gen::generate(&options) {
        Ok((site, bytes)) => {
            let n = &site.network;
            println!(
                "generated {} cities, {} prefectures, {} districts, {} counties, {} articles (seed {}) · {:.1} MB in {} · {} ms",
                n.cities.len(),
                n.prefectures.len(),
                n.districts.len(),
                n.counties.len(),
                site.articles.len(),
                options.seed,
                bytes as f64 / 1e6,
                options.out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
