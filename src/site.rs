//! Loading a site: settings, the network data and articles, read and validated into one
//! [`Site`]. Problems in the data file and in articles are independent and are reported
//! together, and so are the references between them (an article's `units`, a pairing's
//! `source`), checked once both are read.

use crate::config::{self, Config};
use crate::content::{self, Article};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::network::{self, Network, UnitId};
use crate::site_pages::{self, SitePage};
use crate::site_root::SiteRoot;
use crate::taxonomy::{self, Taxonomies};

/// Everything a build renders, validated.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: SiteRoot,
    pub config: Config,
    pub network: Network,
    /// The articles to build, newest first: the published ones, and the drafts when
    /// [`Drafts::Included`].
    pub articles: Vec<Article>,
    /// The pages outside the articles (`content/pages/`), by route.
    pub pages: Vec<SitePage>,
    /// The areas and tags the articles name, each with its articles.
    pub taxonomies: Taxonomies,
    /// The drafts left out of this build: links to them are reported as links to drafts.
    pub left_out: Vec<Article>,
    /// What the cooperation did, from `content/records/`.
    pub records: crate::records::Records,
}

/// Whether a build includes the drafts (`build --drafts` and `serve` do), marked as drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    #[default]
    LeftOut,
    Included,
}

/// Reads the site under `root`; `base_url` from the command line overrides the settings file.
pub fn load(root: &SiteRoot, base_url: Option<&str>, drafts: Drafts) -> Result<Site> {
    let config = config::load(root, base_url)?;
    // The data file and the articles are independent: read and check them side by side.
    let (network, (articles, pages)) = rayon::join(
        || network::load(&root.pairings_file()),
        || {
            (
                content::load_articles(root, config.timezone),
                site_pages::load_pages(root),
            )
        },
    );
    let (mut network, mut articles, pages) = match (network, articles, pages) {
        (Ok(network), Ok(articles), Ok(pages)) => (network, articles, pages),
        (network, articles, pages) => {
            return Err(joined([network.err(), articles.err(), pages.err()]))
        }
    };
    network.join_full_names(|outer, inner| {
        config
            .strings
            .fill("full_name", &[("outer", outer), ("inner", inner)])
    });
    let mut problems = Vec::new();
    for article in &mut articles {
        article.scope = resolve_scope(&network, article, &mut problems);
    }
    problems.extend(check_sources(root, &network, &articles));
    problems.extend(taxonomy::check_areas(&network, &articles));
    problems.extend(reserved_slugs(&articles));
    let records = crate::records::load(root, &network, &articles).unwrap_or_else(|found| {
        problems.extend(found);
        Default::default()
    });
    if !problems.is_empty() {
        return Err(Error::Invalid(Diagnostics(problems)));
    }
    let (articles, left_out): (Vec<Article>, Vec<Article>) = articles
        .into_iter()
        .partition(|a| !a.draft || drafts == Drafts::Included);
    let taxonomies = taxonomy::collect(&config, &root.pairings_file(), &network, &articles)
        .map_err(|problems| Error::Invalid(Diagnostics(problems)))?;
    Ok(Site {
        root: root.clone(),
        config,
        network,
        articles,
        pages,
        taxonomies,
        left_out,
        records,
    })
}

/// The errors of independent loads as one: every diagnostic together, else the first other
/// error.
fn joined<const N: usize>(errors: [Option<Error>; N]) -> Error {
    let mut all = Vec::new();
    for error in errors.into_iter().flatten() {
        match error {
            Error::Invalid(Diagnostics(found)) => all.extend(found),
            other => return other,
        }
    }
    Error::Invalid(Diagnostics(all))
}

/// `/articles/page/2/` is the article list's second page, so no article may be `page`.
fn reserved_slugs(articles: &[Article]) -> Vec<Diagnostic> {
    articles
        .iter()
        .filter(|a| a.slug.as_str() == taxonomy::PAGE_FOLDER)
        .map(|a| {
            Diagnostic::new(
                &a.path,
                None,
                "the article slug \"page\" is reserved: /articles/page/2/ and on are the article list's later pages",
            )
            .with_help("rename the file, or give the article another slug = \"…\" in its front matter")
        })
        .collect()
}

/// The units an article's front matter says it is about.
fn resolve_scope(
    network: &Network,
    article: &Article,
    problems: &mut Vec<Diagnostic>,
) -> Vec<UnitId> {
    let mut scope = Vec::new();
    for (slug, position) in &article.units {
        match network
            .unit_ids()
            .find(|&u| network.unit(u).slug.as_str() == slug)
        {
            Some(id) => scope.push(id),
            None => problems.push(
                Diagnostic::new(
                    &article.path,
                    Some(*position),
                    format!("unknown unit \"{slug}\" in units"),
                )
                .with_help(unit_suggestion(network, slug)),
            ),
        }
    }
    scope
}

fn unit_suggestion(network: &Network, wanted: &str) -> String {
    let slugs = network.units.iter().map(|u| u.slug.as_str());
    match network::did_you_mean(wanted, slugs) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => "list the slugs of units in content/pairings.toml".into(),
    }
}

/// The position of byte range `span` of the file at `path`, for a message; the file is read
/// again only then.
fn position_in(
    path: &std::path::Path,
    span: Option<std::ops::Range<usize>>,
) -> Option<crate::error::Position> {
    let text = crate::source::read_text(path).ok()?;
    Some(crate::source::span_start(&text, span?, 1))
}

/// A pairing's `source` names an article of the site.
fn check_sources(root: &SiteRoot, network: &Network, articles: &[Article]) -> Vec<Diagnostic> {
    let path = root.pairings_file();
    let mut problems = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for pairing in &network.pairings {
        let Some(source) = &pairing.source else {
            continue;
        };
        let known = articles.iter().any(|a| a.slug == *source && !a.draft);
        if known || reported.contains(&source.as_str()) {
            continue;
        }
        reported.push(source.as_str());
        let slugs = articles.iter().map(|a| a.slug.as_str());
        let help = match network::did_you_mean(source.as_str(), slugs) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => "give the slug of a published article (its file name without .md)".into(),
        };
        problems.push(
            Diagnostic::new(
                &path,
                position_in(&path, pairing.source_at.clone()),
                format!("pairing source \"{source}\" is not a published article"),
            )
            .with_help(help),
        );
    }
    problems
}
