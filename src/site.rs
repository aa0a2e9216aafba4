//! Loading a site: settings, pairing data and articles, read and validated into one [`Site`].
//! Problems in the data file and in articles are independent and are reported together.

use crate::config::{self, Config};
use crate::content::{self, Article};
use crate::data::{self, Pairing};
use crate::error::{Diagnostics, Error, Result};
use crate::site_root::SiteRoot;

/// Everything a build renders, validated.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: SiteRoot,
    pub config: Config,
    pub pairing: Pairing,
    /// Published articles (drafts left out), newest first.
    pub articles: Vec<Article>,
}

/// Reads the site under `root`; `base_url` from the command line overrides the settings file.
pub fn load(root: &SiteRoot, base_url: Option<&str>) -> Result<Site> {
    let config = config::load(root, base_url)?;
    // The data file and the articles are independent: read and check them side by side.
    let (pairing, articles) = rayon::join(
        || data::load(&root.pairings_file()),
        || content::load_articles(root),
    );
    let (pairing, articles) = match (pairing, articles) {
        (Ok(pairing), Ok(articles)) => (pairing, articles),
        (Err(Error::Invalid(Diagnostics(mut first))), Err(Error::Invalid(Diagnostics(more)))) => {
            first.extend(more);
            return Err(Error::Invalid(Diagnostics(first)));
        }
        (Err(err), _) | (_, Err(err)) => return Err(err),
    };
    Ok(Site {
        root: root.clone(),
        config,
        pairing,
        articles: articles.into_iter().filter(|a| !a.draft).collect(),
    })
}
