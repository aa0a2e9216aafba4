//! `xiezuo-gen`: writes a synthetic pairing site of a chosen size, for benchmarks and scale
//! tests. It is not part of the `xiezuo` command; `bench/run.sh`, `tests/scales.rs` and
//! `tests/faults.rs` use it.
//!
//! The output is a valid site in xiezuo's own format: `xiezuo.toml`, `content/pairings.toml`
//! in the network form (a province programme: one eastern province whose cities each pair
//! with one or two western prefectures, their districts each with one or two counties, with
//! relations, start dates and some ended pairings), `content/articles/a-00001.md` … (the site uses xiezuo's built-in templates). Everything comes
//! from one hand-written PRNG seeded by `--seed`, so the same seed gives byte-identical files.
//! `--hugo DIR` also writes an equivalent Hugo site for comparison ([`hugo`]).
//!
//! Every place, code and pairing is made up, and the site title says so (合成数据).
//!
//! Modules, by responsibility: [`names`] (place names and slugs), [`model`] and [`network`]
//! (the site as data, and how its tree and pairings are drawn), [`text`] (articles and
//! events), [`xiezuo_site`] and [`hugo`] (the two writers), [`cli`] (the command line).

pub mod cli;
pub mod files;
pub mod hugo;
pub mod model;
pub mod names;
pub mod network;
pub mod rng;
pub mod text;
pub mod toml_text;
pub mod xiezuo_site;

use std::io;
use std::path::PathBuf;

pub use model::{Site, Size};

/// What to write.
#[derive(Debug, Clone)]
pub struct Options {
    pub size: Size,
    pub seed: u64,
    /// The xiezuo site's folder: it must not exist, be empty, or be an earlier output.
    pub out: PathBuf,
    /// Also an equivalent Hugo site here (same rules).
    pub hugo: Option<PathBuf>,
}

/// Generates the site and writes it (and the Hugo site, if asked); returns the site and the
/// bytes written.
pub fn generate(options: &Options) -> io::Result<(Site, u64)> {
    if let Some(problem) = options.size.problem() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, problem));
    }
    let site = Site::generate(options.size, options.seed);
    let mut bytes = xiezuo_site::write(&site, &options.out, options.seed)?;
    if let Some(dir) = &options.hugo {
        bytes += hugo::write(&site, dir)?;
    }
    Ok((site, bytes))
}
