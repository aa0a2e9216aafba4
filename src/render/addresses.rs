//! Which content file is published at which link. Every kind of page made from a file under
//! `content/` registers its source path here, in [`Addresses::new`], and that is all a
//! `@/path.md` link in Markdown needs to find it. Links to drafts left out of the build are
//! known here too, so that they are reported as what they are.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use percent_encoding::percent_decode_str;

use super::ARTICLES;
use crate::markdown::{Resolve, Unresolved};
use crate::site::Site;
use crate::types::{BaseUrl, Route};

/// Every content file's link, the drafts left out, and the sizes of the images articles show.
pub struct Addresses {
    base: BaseUrl,
    /// The site's `content/` folder, which `@/` paths start from.
    content: PathBuf,
    /// Content path (`articles/2024/report.md`: `/`-separated, under `content/`) → link.
    published: HashMap<String, String>,
    /// Content paths of the drafts left out of this build.
    drafts: HashMap<String, PathBuf>,
    /// The site-relative path their pages would have (`articles/x/`) → their file.
    draft_pages: HashMap<String, PathBuf>,
    static_dir: PathBuf,
    /// Image sizes already read, by file: many articles show the same logo.
    sizes: Mutex<HashMap<PathBuf, Option<(u32, u32)>>>,
}

impl Addresses {
    /// The addresses of `site`'s content. A new kind of page made from content files adds
    /// one loop here: [`Addresses::publish`] for each file built, [`Addresses::leave_out`]
    /// for each draft left out.
    pub fn new(site: &Site) -> Self {
        let mut addresses = Addresses {
            base: site.config.base_url.clone(),
            content: site.root.content_dir(),
            published: HashMap::new(),
            drafts: HashMap::new(),
            draft_pages: HashMap::new(),
            static_dir: site.root.static_dir(),
            sizes: Mutex::default(),
        };
        for article in &site.articles {
            addresses.publish(&article.path, &Route::entry(ARTICLES, &article.slug));
        }
        for page in &site.pages {
            addresses.publish(&page.path, &page.route);
        }
        for draft in &site.left_out {
            addresses.leave_out(&draft.path, &Route::entry(ARTICLES, &draft.slug));
        }
        addresses
    }

    /// The page made from content file `file` is at `route`.
    pub fn publish(&mut self, file: &Path, route: &Route) {
        if let Some(key) = content_path(&self.content, file) {
            self.published.insert(key, self.base.href(route));
        }
    }

    /// Content file `file`, a draft, is left out of this build; its page would be at `route`.
    pub fn leave_out(&mut self, file: &Path, route: &Route) {
        if let Some(key) = content_path(&self.content, file) {
            self.drafts.insert(key, file.to_path_buf());
        }
        let page = route.as_str()[1..].to_string();
        self.draft_pages.insert(page, file.to_path_buf());
    }

    /// The draft whose page would be at site-relative `path` (`articles/x/`), when it is one
    /// left out of this build.
    pub fn draft_at(&self, path: &str) -> Option<&Path> {
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        let with_slash = if folder.ends_with('/') || folder.is_empty() {
            None
        } else {
            self.draft_pages.get(&format!("{folder}/"))
        };
        self.draft_pages
            .get(folder)
            .or(with_slash)
            .map(PathBuf::as_path)
    }

    /// How links in the article published at `page` (its link, such as `/zz/articles/x/`)
    /// resolve.
    pub fn for_page<'a>(&'a self, page: &'a str) -> PageLinks<'a> {
        PageLinks {
            addresses: self,
            page,
        }
    }

    fn image_size(&self, path: &str) -> Option<(u32, u32)> {
        let file = self.static_dir.join(path);
        let mut sizes = self.sizes.lock().expect("sizes lock");
        if let Some(known) = sizes.get(&file) {
            return *known;
        }
        let size = crate::images::size_of_file(&file);
        sizes.insert(file, size);
        size
    }
}

/// `file`'s path under `content`, `/`-separated.
fn content_path(content: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(content).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// Links as seen from one page.
pub struct PageLinks<'a> {
    addresses: &'a Addresses,
    page: &'a str,
}

impl Resolve for PageLinks<'_> {
    fn base_path(&self) -> &str {
        self.addresses.base.path()
    }

    fn content(&self, path: &str) -> Result<String, Unresolved> {
        let path = path.trim_start_matches('/');
        let addresses = self.addresses;
        if let Some(href) = addresses.published.get(path) {
            return Ok(href.clone());
        }
        if let Some(file) = addresses.drafts.get(path) {
            let file = file.display().to_string();
            return Err(Unresolved::Draft { file });
        }
        let nearest = addresses
            .published
            .keys()
            .map(|known| (strsim::levenshtein(path, known), known))
            .min()
            .map(|(_, known)| known.clone());
        Err(Unresolved::Missing { nearest })
    }

    fn image_size(&self, src: &str) -> Option<(u32, u32)> {
        let path = site_path(self.addresses.base.path(), self.page, src)?;
        self.addresses.image_size(&path)
    }
}

/// The site-relative, decoded path of `src` on the page at `page`, when it is inside the site.
fn site_path(base: &str, page: &str, src: &str) -> Option<String> {
    let src = src.split(['?', '#']).next()?;
    let scheme = src
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if scheme || src.starts_with("//") || src.is_empty() {
        return None;
    }
    let absolute = if src.starts_with('/') {
        src.to_string()
    } else {
        let folder = &page[..=page.rfind('/')?];
        format!("{folder}{src}")
    };
    let decoded = percent_decode_str(&absolute).decode_utf8().ok()?;
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other if other.contains('\\') => return None,
            other => parts.push(other),
        }
    }
    let joined = format!("/{}", parts.join("/"));
    joined
        .strip_prefix(base)
        .map(str::to_string)
        .filter(|rest| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_resolve_from_the_page_under_the_base_path() {
        let page = "/zz/articles/x/";
        assert_eq!(
            site_path("/zz/", page, "/zz/images/a.png").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            site_path("/zz/", page, "../../images/%E5%9B%BE.png?v=1").as_deref(),
            Some("images/图.png")
        );
        assert_eq!(site_path("/zz/", page, "/elsewhere/a.png"), None);
        assert_eq!(site_path("/zz/", page, "https://x.org/a.png"), None);
        assert_eq!(site_path("/zz/", page, "../../../../a.png"), None);
    }
}
