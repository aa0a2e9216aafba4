//! A fingerprint of everything a build reads: this program, the options, the settings file and
//! every content, template and static file. When it matches the one recorded with the output,
//! and the output is as that build left it, the build has nothing to do.

use std::hash::Hasher;
use std::path::Path;

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::site_root::SiteRoot;
use crate::BuildOptions;

/// The fingerprint of a build's inputs, as hex.
pub fn of_inputs(root: &SiteRoot, options: &BuildOptions) -> Result<String> {
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
    hasher.write(format!("{:?}|{}", options.base_url, options.check_links).as_bytes());
    let config = root.path(CONFIG_FILE);
    if config.is_file() {
        hash_file(&mut hasher, &config)?;
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
            hash_file(&mut file_hasher, path)?;
            Ok(file_hasher.finish())
        })
        .collect::<Result<Vec<u64>>>()?;
    for digest in digests {
        hasher.write_u64(digest);
    }
    // Static files can be large (images): their size and modification time stand for their bytes.
    for path in root.files_under(&root.static_dir(), |_| true)? {
        let metadata = std::fs::metadata(&path).map_err(Error::io("read", &path))?;
        hasher.write(path.as_os_str().as_encoded_bytes());
        hasher.write_u64(metadata.len());
        if let Ok(modified) = metadata.modified() {
            hasher.write(format!("{modified:?}").as_bytes());
        }
    }
    Ok(format!("{:016x}", hasher.finish()))
}

fn hash_file(hasher: &mut impl Hasher, path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(Error::io("read", path))?;
    hasher.write(path.as_os_str().as_encoded_bytes());
    hasher.write_u64(bytes.len() as u64);
    hasher.write(&bytes);
    Ok(())
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
        let first = of_inputs(&root, &options).unwrap();
        assert_eq!(first, of_inputs(&root, &options).unwrap(), "stable");
        std::fs::write(dir.path().join("content/pairings.toml"), "b").unwrap();
        let edited = of_inputs(&root, &options).unwrap();
        assert_ne!(first, edited);
        let other_base = BuildOptions {
            base_url: Some("https://x.org/".into()),
            ..options
        };
        assert_ne!(edited, of_inputs(&root, &other_base).unwrap());
    }
}
