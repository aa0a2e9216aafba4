//! The command line: `xiezuo-gen --scale small|1k|10k|100k [--seed N] --out DIR [--hugo DIR]`,
//! or explicit counts instead of a scale.

use std::path::PathBuf;

use clap::Parser;

use crate::model::Size;
use crate::Options;

/// Writes a synthetic xiezuo site (test data).
#[derive(Debug, Parser)]
#[command(
    name = "xiezuo-gen",
    about = "Writes a synthetic pairing site (test data) for benchmarks"
)]
pub struct Cli {
    /// A preset size: small (18 pages), 1k, 10k or 100k (about 1,400, 14,000 and 140,000 pages).
    #[arg(long, value_parser = ["small", "1k", "10k", "100k"])]
    pub scale: Option<String>,
    /// Number of eastern districts (with --counties and --articles, instead of a scale).
    #[arg(long)]
    pub districts: Option<usize>,
    /// Number of western counties: between the number of districts and twice as many.
    #[arg(long)]
    pub counties: Option<usize>,
    /// Number of articles.
    #[arg(long)]
    pub articles: Option<usize>,
    /// The PRNG seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The site folder to write. It must not exist, be empty, or be an earlier xiezuo-gen output.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write an equivalent Hugo site here (same rules as --out).
    #[arg(long)]
    pub hugo: Option<PathBuf>,
}

impl Cli {
    /// The options the arguments ask for, or what is wrong with them.
    pub fn options(&self) -> Result<Options, String> {
        let base = self.scale.as_deref().and_then(Size::preset);
        let size = match (base, self.districts, self.counties, self.articles) {
            (Some(size), None, None, None) => size,
            (preset, Some(d), c, a) => {
                let c = c.or(preset.map(|p| p.counties)).unwrap_or(d * 9 / 5);
                let a = a.or(preset.map(|p| p.articles)).unwrap_or(d / 2);
                Size::custom(d, c.clamp(d, 2 * d), a)
            }
            _ => return Err(
                "give --scale small|1k|10k|100k, or --districts N [--counties N] [--articles N]"
                    .into(),
            ),
        };
        if let Some(problem) = size.problem() {
            return Err(problem);
        }
        Ok(Options {
            size,
            seed: self.seed,
            out: self.out.clone(),
            hugo: self.hugo.clone(),
        })
    }
}
