//! The cache record beside the output, `.<output>.xiezuo-cache`: the fingerprint of the inputs
//! a build was made from, its page counts, and the size and modification time of every file it
//! wrote. When the next build's inputs have the same fingerprint and every file is as that build
//! left it, the build has nothing to do. The record is kept beside the output, not in it, so the
//! output stays byte-for-byte deterministic.
//!
//! The whole of it is here: [`fingerprint`] of the inputs, [`current_build`] to read the record,
//! [`Stamps`] to collect it while files are placed, [`Stamps::write`] after the swap, and
//! [`forget`] when the output changes by other means.

use std::collections::BTreeMap;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Beside, LEGACY_MANIFEST};
use crate::config::CONFIG_FILE;
use crate::content;
use crate::error::{Error, Result};
use crate::render::PageKind;
use crate::site_root::SiteRoot;
use crate::types::OutputPath;
use crate::BuildOptions;

/// What a build reads, fingerprinted: this program, the options, the settings file and every
/// content, template and static file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The fingerprint of all of it, as hex.
    pub whole: String,
    /// The fingerprint of all but the articles' and the templates' files, as hex.
    rest: String,
    /// Each article's file (its path inside the site) with the digest of its bytes, by path.
    articles: Vec<(String, u64)>,
    /// Each template's file, likewise.
    templates: Vec<(String, u64)>,
}

/// The files edited since a build, when nothing but articles and templates changed: paths
/// inside the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Edits {
    pub articles: Vec<String>,
    pub templates: Vec<String>,
}

impl Inputs {
    /// The articles and templates whose files changed since `record`, when nothing else did:
    /// the same settings, data and static files, and the same article and template files (none
    /// added or removed). `None` otherwise.
    pub fn edits_since(&self, record: &Record) -> Option<Edits> {
        if record.rest.is_empty() || self.rest != record.rest {
            return None;
        }
        Some(Edits {
            articles: edited(&self.articles, &record.articles)?,
            templates: edited(&self.templates, &record.templates)?,
        })
    }
}

/// The files of `now` whose digests differ from `then`'s, if both name the same files.
fn edited(now: &[(String, u64)], then: &[(String, u64)]) -> Option<Vec<String>> {
    let same_files = now.len() == then.len() && now.iter().zip(then).all(|(a, b)| a.0 == b.0);
    same_files.then(|| {
        now.iter()
            .zip(then)
            .filter(|(new, old)| new.1 != old.1)
            .map(|(new, _)| new.0.clone())
            .collect()
    })
}

/// The fingerprint of a build's inputs.
pub fn fingerprint(root: &SiteRoot, options: &BuildOptions) -> Result<Inputs> {
    // The standard hasher with its fixed keys: stable from run to run; should a new Rust release
    // change it, that costs one full build, nothing more.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    // The program itself, by size and modification time: a new build of xiezuo means new output.
    if let Some(metadata) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        hasher.write_u64(metadata.len());
        if let Ok(modified) = metadata.modified() {
            hasher.write(format!("{modified:?}").as_bytes());
        }
    }
    hasher.write(
        format!(
            "{:?}|{}|{:?}",
            options.base_url, options.check_links, options.drafts
        )
        .as_bytes(),
    );
    let config = root.path(CONFIG_FILE);
    if config.is_file() {
        hash_file(&mut hasher, root, &config)?;
    }
    let mut files = Vec::new();
    for dir in [root.content_dir(), root.templates_dir()] {
        files.extend(root.files_under(&dir, |_| true)?);
    }
    // Read and hash in parallel (thousands of articles), then combine in a fixed order.
    let digests = files
        .par_iter()
        .map(|path| {
            let mut file_hasher = std::hash::DefaultHasher::new();
            hash_file(&mut file_hasher, root, path)?;
            Ok(file_hasher.finish())
        })
        .collect::<Result<Vec<u64>>>()?;
    let (articles_dir, templates_dir) = (root.articles_dir(), root.templates_dir());
    let (mut articles, mut templates) = (Vec::new(), Vec::new());
    for (path, digest) in files.iter().zip(digests) {
        let named = || {
            (
                String::from_utf8_lossy(in_site(root, path)).into_owned(),
                digest,
            )
        };
        if content::is_article_file(&articles_dir, path) {
            articles.push(named());
        } else if path.starts_with(&templates_dir) {
            templates.push(named());
        } else {
            hasher.write_u64(digest);
        }
    }
    articles.sort_unstable();
    templates.sort_unstable();
    // Static files can be large (images): their size and modification time stand for their bytes.
    for path in root.files_under(&root.static_dir(), |_| true)? {
        let metadata = std::fs::metadata(&path).map_err(Error::io("read", &path))?;
        hasher.write(in_site(root, &path));
        hasher.write_u64(metadata.len());
        if let Ok(modified) = metadata.modified() {
            hasher.write(format!("{modified:?}").as_bytes());
        }
    }
    let rest = hasher.finish();
    for (path, digest) in articles.iter().chain(&templates) {
        hasher.write(path.as_bytes());
        hasher.write_u64(*digest);
    }
    Ok(Inputs {
        whole: format!("{:016x}", hasher.finish()),
        rest: format!("{rest:016x}"),
        articles,
        templates,
    })
}

fn hash_file(hasher: &mut impl Hasher, root: &SiteRoot, path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    hasher.write(in_site(root, path));
    hasher.write_u64(bytes.len() as u64);
    hasher.write(&bytes);
    Ok(())
}

/// A file's path inside the site, as bytes: the fingerprint is of the site, not of how its
/// folder was named on the command line (`--root site`, `--root /abs/site` and `--root
/// ./site` are one site, and a rebuild of it with nothing changed is skipped whichever it was).
fn in_site<'p>(root: &SiteRoot, path: &'p Path) -> &'p [u8] {
    path.strip_prefix(root.dir())
        .unwrap_or(path)
        .as_os_str()
        .as_encoded_bytes()
}

/// The record's file beside `output`.
pub(super) fn path(beside: &Beside) -> PathBuf {
    beside.file("cache")
}

/// What the cache file holds.
#[derive(Serialize, Deserialize)]
pub struct Record {
    /// [`Inputs::whole`].
    inputs: String,
    /// [`Inputs::rest`], [`Inputs::articles`] and [`Inputs::templates`]; empty in a record from
    /// before they were kept.
    #[serde(default)]
    rest: String,
    #[serde(default)]
    articles: Vec<(String, u64)>,
    #[serde(default)]
    templates: Vec<(String, u64)>,
    pages: BTreeMap<PageKind, usize>,
    /// `(path, size, modified)` of every file the build wrote.
    files: Vec<(String, u64, String)>,
}

/// A previous build whose inputs were exactly this build's, with its output untouched since.
pub struct CurrentBuild {
    pub pages: BTreeMap<PageKind, usize>,
    pub files: Vec<OutputPath>,
}

/// The previous build in `output`, if it was made from inputs with this fingerprint and every
/// file it wrote is still as it left it. Anything unexpected means "no": then the build runs.
pub fn current_build(output: &Path, inputs: &Inputs) -> Option<CurrentBuild> {
    if output.join(LEGACY_MANIFEST).exists() {
        // An output from before the manifest moved beside it: build, which moves it.
        return None;
    }
    let record = previous_record(output)?;
    if record.inputs != inputs.whole {
        return None;
    }
    let files = untouched_files(output, &record)?;
    Some(CurrentBuild {
        pages: record.pages,
        files,
    })
}

/// Every file the build of `record` wrote, if each still has the size and modification time it
/// was written with.
pub fn untouched_files(output: &Path, record: &Record) -> Option<Vec<OutputPath>> {
    // In parallel, and relative to the open output folder: at 10k the check is 38,000 file
    // lookups, nearly all of a rebuild with nothing changed, and most of each is the kernel
    // walking the path.
    use rustix::fs::{AtFlags, Mode, OFlags};
    let folder = rustix::fs::open(
        output,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    record
        .files
        .par_iter()
        .map(|(path, size, modified)| {
            let stat = rustix::fs::statat(&folder, path.as_str(), AtFlags::empty()).ok()?;
            // The same number `modified_text` writes: nanoseconds since the epoch.
            let nanos = i128::from(stat.st_mtime) * 1_000_000_000 + i128::from(stat.st_mtime_nsec);
            let untouched = stat.st_size as u64 == *size && nanos.to_string() == *modified;
            untouched.then(|| OutputPath::parse(path).ok()).flatten()
        })
        .collect()
}

/// The record of the build in `output`, if there is one and it reads.
pub fn previous_record(output: &Path) -> Option<Record> {
    let text = fs::read_to_string(path(&Beside::of(output).ok()?)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Records a build that rewrote `written` in place over the build of `previous`: the new
/// inputs and page counts, the new stamps of those files and the old ones of the others.
pub fn record_rewrite(
    output: &Path,
    previous: Record,
    inputs: &Inputs,
    pages: &BTreeMap<PageKind, usize>,
    written: &[OutputPath],
) -> Result<()> {
    let stamps = Stamps::default();
    for (path, size, modified) in previous.files {
        let rewritten =
            OutputPath::parse(&path).is_ok_and(|parsed| written.binary_search(&parsed).is_ok());
        if !rewritten {
            stamps
                .0
                .lock()
                .expect("stamps lock")
                .push((path, size, modified));
        }
    }
    for path in written {
        let file = output.join(path.as_str());
        let metadata = fs::metadata(&file).map_err(Error::io("read", &file))?;
        stamps.add(path, &metadata);
    }
    let beside = Beside::of(output)?;
    write(&path(&beside), &stamps.into_text(inputs, pages))
}

/// The texts of the articles a build was made from, beside the output in
/// `.<output>.xiezuo-articles`, by their paths inside the site: what the next build starts from
/// when only articles changed (see `build::Live::resume`).
fn articles_path(beside: &Beside) -> PathBuf {
    beside.file("articles")
}

/// Keeps the texts of the articles of `inputs` beside `output`, read again and kept only if
/// each still has the digest the build saw (an article saved meanwhile means no texts, and the
/// next build a full one).
pub fn keep_article_texts(output: &Path, root: &SiteRoot, inputs: &Inputs) -> Result<()> {
    let beside = Beside::of(output)?;
    let file = articles_path(&beside);
    let _ = fs::remove_file(&file);
    let texts: Option<Vec<(&str, String)>> = inputs
        .articles
        .par_iter()
        .map(|(in_site, digest)| {
            let path = root.path(in_site);
            let mut hasher = std::hash::DefaultHasher::new();
            hash_file(&mut hasher, root, &path).ok()?;
            let text = fs::read_to_string(&path).ok()?;
            (hasher.finish() == *digest).then_some((in_site.as_str(), text))
        })
        .collect();
    match texts {
        Some(texts) => write(
            &file,
            &serde_json::to_string(&texts).expect("texts always serialise"),
        ),
        None => Ok(()),
    }
}

/// The texts kept by [`keep_article_texts`] of the articles at `wanted` (paths inside the site),
/// if they are all there.
pub fn kept_article_texts(output: &Path, wanted: &[String]) -> Option<Vec<String>> {
    let text = fs::read_to_string(articles_path(&Beside::of(output).ok()?)).ok()?;
    let kept: Vec<(String, String)> = serde_json::from_str(&text).ok()?;
    let kept: std::collections::HashMap<String, String> = kept.into_iter().collect();
    wanted.iter().map(|path| kept.get(path).cloned()).collect()
}

/// Drops the record, before or after the output is changed by other means.
pub fn forget(output: &Path) {
    if let Ok(beside) = Beside::of(output) {
        let _ = fs::remove_file(path(&beside));
    }
}

/// The size and modification time of every file placed, taken as it was placed (from the open
/// file, without looking its path up again); safe to add to from many threads at once.
#[derive(Default)]
pub(super) struct Stamps(Mutex<Vec<(String, u64, String)>>);

impl Stamps {
    pub(super) fn add(&self, path: &OutputPath, metadata: &fs::Metadata) {
        let stamp = (
            path.as_str().to_string(),
            metadata.len(),
            modified_text(metadata),
        );
        self.0.lock().expect("stamps lock").push(stamp);
    }

    /// The record of a build from `inputs` with these page counts, as written to the file.
    pub(super) fn into_text(self, inputs: &Inputs, pages: &BTreeMap<PageKind, usize>) -> String {
        let mut files = self.0.into_inner().expect("stamps lock");
        files.sort_unstable();
        let record = Record {
            inputs: inputs.whole.clone(),
            rest: inputs.rest.clone(),
            articles: inputs.articles.clone(),
            templates: inputs.templates.clone(),
            pages: pages.clone(),
            files,
        };
        serde_json::to_string(&record).expect("the cache always serialises")
    }
}

/// Writes the record text made by [`Stamps::into_text`] to `record`.
pub(super) fn write(record: &Path, text: &str) -> Result<()> {
    fs::write(record, text).map_err(Error::io("write", record))
}

/// A file's modification time as nanoseconds since 1970 (`""` where the system has none).
fn modified_text(metadata: &fs::Metadata) -> String {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|since| since.as_nanos().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_an_input_or_option_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/pairings.toml"), "a").unwrap();
        let root = SiteRoot::new(dir.path());
        let options = BuildOptions::new(dir.path());
        let first = fingerprint(&root, &options).unwrap();
        assert_eq!(first, fingerprint(&root, &options).unwrap(), "stable");
        std::fs::write(dir.path().join("content/pairings.toml"), "b").unwrap();
        let edited = fingerprint(&root, &options).unwrap();
        assert_ne!(first, edited);
        let other_base = BuildOptions {
            base_url: Some("https://x.org/".into()),
            ..options
        };
        assert_ne!(edited, fingerprint(&root, &other_base).unwrap());
    }

    /// What `edits_since` reads from a record made of these inputs.
    fn record_of(inputs: &Inputs) -> Record {
        Record {
            inputs: inputs.whole.clone(),
            rest: inputs.rest.clone(),
            articles: inputs.articles.clone(),
            templates: inputs.templates.clone(),
            pages: BTreeMap::new(),
            files: Vec::new(),
        }
    }

    #[test]
    fn an_edit_of_articles_alone_is_told_from_any_other_change() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/pairings.toml", "a");
        write("content/articles/a.md", "a");
        write("content/articles/sub/b.md", "b");
        write("content/articles/notes.txt", "not an article");
        let root = SiteRoot::new(dir.path());
        let options = BuildOptions::new(dir.path());
        let before = fingerprint(&root, &options).unwrap();
        let since = |inputs: &Inputs| {
            inputs
                .edits_since(&record_of(&before))
                .map(|edits| [edits.articles, edits.templates])
        };
        assert_eq!(since(&before), Some([vec![], vec![]]), "nothing edited");

        write("content/articles/sub/b.md", "b, edited");
        let edited = fingerprint(&root, &options).unwrap();
        assert_ne!(edited.whole, before.whole);
        let b_edited = Some([vec!["content/articles/sub/b.md".to_string()], vec![]]);
        assert_eq!(since(&edited), b_edited);

        write("content/articles/notes.txt", "edited, but not an article");
        assert_eq!(since(&fingerprint(&root, &options).unwrap()), None);
        write("content/articles/notes.txt", "not an article");
        assert_eq!(since(&fingerprint(&root, &options).unwrap()), b_edited);

        write("templates/county.html", "a template");
        assert_eq!(
            since(&fingerprint(&root, &options).unwrap()),
            None,
            "a new template"
        );

        write("content/articles/c.md", "a new article");
        assert_eq!(since(&fingerprint(&root, &options).unwrap()), None, "added");
        std::fs::remove_file(dir.path().join("content/articles/c.md")).unwrap();
        std::fs::remove_file(dir.path().join("content/articles/a.md")).unwrap();
        write("content/articles/a2.md", "a");
        assert_eq!(
            since(&fingerprint(&root, &options).unwrap()),
            None,
            "renamed"
        );
        std::fs::remove_file(dir.path().join("content/articles/a2.md")).unwrap();
        write("content/articles/a.md", "a");

        std::fs::remove_file(dir.path().join("templates/county.html")).unwrap();
        write("content/pairings.toml", "b");
        assert_eq!(
            since(&fingerprint(&root, &options).unwrap()),
            None,
            "the data"
        );
        write("content/pairings.toml", "a");
        let other = BuildOptions {
            base_url: Some("https://x.org/".into()),
            ..options.clone()
        };
        assert_eq!(
            since(&fingerprint(&root, &other).unwrap()),
            None,
            "the options"
        );
        let old_record = Record {
            rest: String::new(),
            ..record_of(&before)
        };
        assert_eq!(
            fingerprint(&root, &options)
                .unwrap()
                .edits_since(&old_record),
            None,
            "a record from before the articles were told apart"
        );
    }

    #[test]
    fn an_edit_of_templates_is_told_apart_too() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/articles/a.md", "a");
        write("templates/county.html", "county");
        write("templates/partials/footer.html", "footer");
        let root = SiteRoot::new(dir.path());
        let options = BuildOptions::new(dir.path());
        let before = fingerprint(&root, &options).unwrap();
        write("templates/partials/footer.html", "footer, edited");
        let edits = fingerprint(&root, &options)
            .unwrap()
            .edits_since(&record_of(&before))
            .unwrap();
        assert_eq!(edits.templates, ["templates/partials/footer.html"]);
        assert!(edits.articles.is_empty());
        write("content/articles/a.md", "a, edited");
        let both = fingerprint(&root, &options).unwrap();
        let edits = both.edits_since(&record_of(&before)).unwrap();
        assert_eq!(
            (edits.articles, edits.templates),
            (
                vec!["content/articles/a.md".to_string()],
                vec!["templates/partials/footer.html".to_string()]
            )
        );
        assert_ne!(both.whole, before.whole);
    }

    #[test]
    fn the_fingerprint_is_of_the_site_not_of_how_its_folder_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        std::fs::write(dir.path().join("content/articles/a.md"), "a").unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/x.css"), "x").unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title = \"t\"").unwrap();
        let fingerprint_at = |spelled: &Path| {
            fingerprint(&SiteRoot::new(spelled), &BuildOptions::new(spelled)).unwrap()
        };
        let plain = fingerprint_at(dir.path());
        assert_eq!(plain, fingerprint_at(&dir.path().join(".")));
        let name = dir.path().file_name().unwrap();
        assert_eq!(plain, fingerprint_at(&dir.path().join("..").join(name)));
    }
}
