//! Tera templates: the defaults embedded in the binary, overridden by name by the site's own
//! `templates/` files. Templates are parsed once per build; errors name the real file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Diagnostic, Error, Position, Result};
use crate::site_root::SiteRoot;
use crate::source;

mod cached;

/// The default templates, shipped inside the binary so that a site without `templates/` builds.
const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("unit.html", include_str!("../templates/unit.html")),
    ("province.html", include_str!("../templates/province.html")),
    ("city.html", include_str!("../templates/city.html")),
    ("district.html", include_str!("../templates/district.html")),
    ("county.html", include_str!("../templates/county.html")),
    ("units.html", include_str!("../templates/units.html")),
    (
        "provinces.html",
        include_str!("../templates/provinces.html"),
    ),
    ("cities.html", include_str!("../templates/cities.html")),
    (
        "districts.html",
        include_str!("../templates/districts.html"),
    ),
    ("counties.html", include_str!("../templates/counties.html")),
    ("pair.html", include_str!("../templates/pair.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("articles.html", include_str!("../templates/articles.html")),
    ("term.html", include_str!("../templates/term.html")),
    ("area.html", include_str!("../templates/area.html")),
    ("tag.html", include_str!("../templates/tag.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("terms.html", include_str!("../templates/terms.html")),
    ("areas.html", include_str!("../templates/areas.html")),
    ("tags.html", include_str!("../templates/tags.html")),
    (
        "partials/article-cards.html",
        include_str!("../templates/partials/article-cards.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../templates/partials/pagination.html"),
    ),
    (
        "partials/pagination-head.html",
        include_str!("../templates/partials/pagination-head.html"),
    ),
    (
        "partials/site-header.html",
        include_str!("../templates/partials/site-header.html"),
    ),
    (
        "partials/site-footer.html",
        include_str!("../templates/partials/site-footer.html"),
    ),
    (
        "partials/quotes.html",
        include_str!("../templates/partials/quotes.html"),
    ),
    (
        "partials/group.html",
        include_str!("../templates/partials/group.html"),
    ),
    (
        "partials/records.html",
        include_str!("../templates/partials/records.html"),
    ),
    (
        "partials/totals.html",
        include_str!("../templates/partials/totals.html"),
    ),
];

/// The built-in templates, `(name, text)`: what `xiezuo init --templates` writes out.
pub fn built_in() -> &'static [(&'static str, &'static str)] {
    DEFAULTS
}

/// Where a template came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    BuiltIn,
    Site(PathBuf),
}

/// The parsed templates of one build.
pub struct Templates {
    tera: tera::Tera,
    origins: BTreeMap<String, Origin>,
    /// The names that some template extends, includes or otherwise names in a tag.
    referenced: std::collections::BTreeSet<String>,
    /// The partials `cached()` has rendered in this build.
    partials: Arc<cached::PartialCache>,
}

impl Templates {
    /// Loads the defaults, then every `*.html` file under `dir` (if it exists), which replaces the
    /// default of the same name or adds a new template.
    pub fn load(root: &SiteRoot) -> Result<Self> {
        let mut sources: BTreeMap<String, (String, Origin)> = DEFAULTS
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), Origin::BuiltIn)))
            .collect();
        for (name, path) in site_template_files(root)? {
            let text = source::read_text(&path)?;
            sources.insert(name, (text, Origin::Site(path)));
        }
        let origins = sources
            .iter()
            .map(|(name, (_, origin))| (name.clone(), origin.clone()))
            .collect();
        let referenced = sources
            .values()
            .flat_map(|(text, _)| names_in_tags(text))
            .collect();
        let mut tera = tera::Tera::default();
        tera.register_filter("fill", fill_filter);
        let partials = Arc::new(cached::PartialCache::default());
        let calls = Arc::clone(&partials);
        tera.register_function(cached::FUNCTION, move |kwargs, state: &tera::State| {
            calls.call(kwargs, state)
        });
        let mut templates = Templates {
            tera,
            origins,
            referenced,
            partials,
        };
        let raw: Vec<(String, String)> = sources
            .into_iter()
            .map(|(name, (text, _))| (name, text))
            .collect();
        if let Err(source) = templates.tera.add_raw_templates(raw) {
            return Err(templates.error(None, "", source));
        }
        Ok(templates)
    }

    /// Whether some template extends, includes or otherwise names the template `name` in a tag
    /// (then an edit to it may change any page).
    pub fn is_named_by_another(&self, name: &str) -> bool {
        self.referenced.contains(name)
    }

    /// Whether there is a template of this name, built in or the site's.
    pub fn contains(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// The template a page names that does not exist, as a diagnostic at `position` of `file`
    /// with the nearest name there is.
    pub fn missing(&self, name: &str, file: &Path, position: Option<Position>) -> Diagnostic {
        let known = self.origins.keys().map(String::as_str);
        let help = match crate::network::did_you_mean(name, known) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!(
                "add templates/{name}, or leave `template` out to use {}",
                crate::site_pages::DEFAULT_TEMPLATE
            ),
        };
        Diagnostic::new(
            file,
            position,
            format!("template \"{name}\" does not exist"),
        )
        .with_help(help)
    }

    /// Warnings for the site's templates that nothing uses: a file that replaces no built-in
    /// template, that no page names (`named`) and that no template extends or includes, is
    /// never rendered, which is most often a misspelt name.
    pub fn unused(&self, named: &[&str]) -> Vec<Diagnostic> {
        let built_in = |name: &str| DEFAULTS.iter().any(|(n, _)| *n == name);
        let used =
            |name: &str| built_in(name) || named.contains(&name) || self.referenced.contains(name);
        let mut warnings = Vec::new();
        for (name, origin) in &self.origins {
            let Origin::Site(path) = origin else { continue };
            if used(name) {
                continue;
            }
            let candidates = DEFAULTS
                .iter()
                .map(|(n, _)| *n)
                .chain(named.iter().copied())
                .filter(|n| *n != name);
            let help = match crate::network::did_you_mean(name, candidates) {
                Some(near) => format!("did you mean \"{near}\"? A file in templates/ replaces the built-in template of the same name"),
                None => format!("name it in a page's front matter (template = \"{name}\"), include it from another template, or remove it"),
            };
            warnings.push(
                Diagnostic::new(
                    path,
                    None,
                    format!("template \"{name}\" is not used by any page"),
                )
                .with_help(help),
            );
        }
        warnings
    }

    /// Makes `globals` (a struct or map) visible to every template by its top-level names,
    /// replacing what was set before.
    pub fn set_globals(&mut self, globals: &impl Serialize) -> Result<()> {
        let context =
            tera::Context::from_serialize(globals).map_err(|e| self.error(None, "", e))?;
        *self.tera.global_context() = context;
        self.partials.reset(self.tera.clone());
        Ok(())
    }

    /// Renders template `name` with `view` as its context, for the page at `page`.
    /// The output is bytes: checking a large page for UTF-8 once more would cost time for nothing.
    pub fn render(&self, name: &str, view: &impl Serialize, page: &str) -> Result<Vec<u8>> {
        let context =
            tera::Context::from_serialize(view).map_err(|e| self.error(Some(page), name, e))?;
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, &context, &mut html)
            .map_err(|e| self.error(Some(page), name, e))?;
        Ok(html)
    }

    /// Names the file the error is in: the template Tera points at, else the one being rendered.
    fn error(&self, page: Option<&str>, rendering: &str, source: tera::Error) -> Error {
        let name = template_named_by(&source).unwrap_or(rendering);
        Error::Template {
            template: self.describe(name),
            page: page.map(str::to_string),
            source,
        }
    }

    fn describe(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(Origin::Site(path)) => path.display().to_string(),
            Some(Origin::BuiltIn) => format!("{name} (built-in default)"),
            None if name.is_empty() => "(unknown)".to_string(),
            None => name.to_string(),
        }
    }
}

/// `{{ t.count_of | fill(count=5, label="区") }}`: an interface string with its `{name}`
/// placeholders filled in from the filter's arguments (see [`crate::locale::fill`]).
fn fill_filter(text: &str, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let values: Vec<(String, String)> = kwargs
        .iter()
        .map(|(key, value)| {
            let value = match value.as_str() {
                Some(text) => text.to_string(),
                None => value.to_string(),
            };
            (key.to_string(), value)
        })
        .collect();
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    crate::locale::fill(text, &values)
}

/// The quoted names inside the `{% … %}` tags of a template's text, and inside the `{{ … }}`
/// that call `cached()`: what it extends, includes, imports or caches (and any other string
/// such a tag holds, which can only make more names count as used).
fn names_in_tags(text: &str) -> Vec<String> {
    let mut names = quoted_in(text, "{%", "%}", |_| true);
    names.extend(quoted_in(text, "{{", "}}", |tag| {
        tag.contains(cached::FUNCTION)
    }));
    names
}

/// The quoted strings inside the tags that `open` and `close` delimit and `wanted` accepts.
fn quoted_in(text: &str, open: &str, close: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[..end];
        for quote in ['"', '\''].into_iter().filter(|_| wanted(tag)) {
            let mut parts = tag.split(quote);
            parts.next();
            while let Some(inside) = parts.next() {
                names.push(inside.to_string());
                parts.next();
            }
        }
        rest = &after[end..];
    }
    names
}

fn template_named_by(error: &tera::Error) -> Option<&str> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename()).filter(|name| !name.is_empty())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        _ => None,
    }
}

/// `(template name, file)` for every `.html` file under `dir`, sorted by name.
fn site_template_files(root: &SiteRoot) -> Result<Vec<(String, PathBuf)>> {
    let dir = root.templates_dir();
    let files = root.files_under(&dir, |path| {
        path.extension().is_some_and(|ext| ext == "html")
    })?;
    Ok(files
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&dir)
                .expect("walked paths are inside the folder");
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (name, path)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_templates() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        dir
    }

    #[test]
    fn defaults_load_without_a_templates_folder() {
        let dir = tempfile::tempdir().unwrap();
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        assert!(templates.origins.contains_key("base.html"));
    }

    #[test]
    fn a_site_template_overrides_the_default_of_the_same_name() {
        let dir = site_with_templates();
        std::fs::write(
            dir.path().join("templates").join("404.html"),
            "没有这个页面 {{ x }}",
        )
        .unwrap();
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        let html = templates
            .render("404.html", &serde_json_like(), "/404.html")
            .unwrap();
        assert_eq!(html, "没有这个页面 1".as_bytes());
    }

    #[test]
    fn a_syntax_error_names_the_site_file_line_and_column() {
        let dir = site_with_templates();
        std::fs::write(
            dir.path().join("templates").join("county.html"),
            "<p>\n{{ 1 + }}未完\n</p>\n",
        )
        .unwrap();
        let err = Templates::load(&SiteRoot::new(dir.path())).err().unwrap();
        let file = dir.path().join("templates/county.html");
        assert!(
            err.to_string()
                .starts_with(&format!("template {} is invalid", file.display())),
            "{err}"
        );
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert!(cause.contains("county.html:2:"), "{cause}");
    }

    #[test]
    fn a_render_error_names_the_template_and_the_page() {
        let dir = site_with_templates();
        std::fs::write(
            dir.path().join("templates").join("404.html"),
            "{{ missing.field }}",
        )
        .unwrap();
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        let err = templates
            .render("404.html", &serde_json_like(), "/404.html")
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("404.html failed to render page /404.html"),
            "{err}"
        );
    }

    #[test]
    fn the_fill_filter_fills_placeholders_and_escapes_the_result() {
        let dir = site_with_templates();
        std::fs::write(
            dir.path().join("templates").join("404.html"),
            r#"{{ "{count}个{label}" | fill(count=x, label="<区>") }}"#,
        )
        .unwrap();
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        let html = templates
            .render("404.html", &serde_json_like(), "/404.html")
            .unwrap();
        assert_eq!(String::from_utf8(html).unwrap(), "1个&lt;区&gt;");
    }

    #[test]
    fn the_built_in_templates_and_static_files_hold_no_interface_text_of_their_own() {
        // Interface text comes from the locale files (`t`), so a Chinese literal here would be
        // left in an English interface.
        let files = built_in().iter().map(|(name, text)| (*name, *text)).chain(
            crate::assets::built_in().iter().map(|(name, bytes)| {
                (
                    *name,
                    std::str::from_utf8(bytes).expect("built-in files are UTF-8"),
                )
            }),
        );
        for (name, text) in files {
            let found: Vec<char> = text
                .chars()
                .filter(|&c| crate::text::is_east_asian(c))
                .collect();
            assert!(found.is_empty(), "{name} holds {found:?}");
        }
    }

    #[test]
    fn a_site_template_that_nothing_uses_is_reported_with_the_nearest_name() {
        let dir = site_with_templates();
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join("templates").join(name), text).unwrap()
        };
        write("artcle.html", "x");
        write(
            "about.html",
            "{% extends \"base.html\" %}{% block content %}{% include 'bits.html' %}{% endblock content %}",
        );
        write("bits.html", "y");
        write("lonely.html", "z");
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        let warnings: Vec<String> = templates
            .unused(&["about.html"])
            .iter()
            .map(|w| format!("{}: {}", w.message, w.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "template \"artcle.html\" is not used by any page: did you mean \"article.html\"?"
            ),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("template \"lonely.html\" is not used by any page: name it"),
            "{warnings:?}"
        );
        assert!(templates.contains("page.html") && !templates.contains("abot.html"));
    }

    /// A site whose 404 page calls the partial `count.html` once with each of `args`; the
    /// partial writes the site's title and its own `n` and `x`, `-` where it has none.
    fn cached_calls(args: &[&str]) -> Templates {
        let dir = site_with_templates();
        let calls: String = args
            .iter()
            .map(|a| format!("[{{{{ cached(template=\"count.html\"{a}) }}}}]"))
            .collect();
        std::fs::write(dir.path().join("templates").join("404.html"), calls).unwrap();
        std::fs::write(
            dir.path().join("templates").join("count.html"),
            "{{ site.title }}:{{ n | default(value=\"-\") }}:<{{ x | default(value=\"-\") }}>\n",
        )
        .unwrap();
        Templates::load(&SiteRoot::new(dir.path())).unwrap()
    }

    fn render_404(templates: &Templates, view: &impl Serialize) -> String {
        String::from_utf8(templates.render("404.html", view, "/404.html").unwrap()).unwrap()
    }

    #[derive(Serialize)]
    struct Title {
        site: BTreeMap<&'static str, &'static str>,
    }

    fn titled(title: &'static str) -> Title {
        Title {
            site: BTreeMap::from([("title", title)]),
        }
    }

    #[test]
    fn a_cached_partial_sees_its_arguments_and_the_globals_but_not_the_page() {
        let mut templates = cached_calls(&["", ", n=1", ", n=2", ", n=1", ", n=\"1\""]);
        templates.set_globals(&titled("协作")).unwrap();
        // `x` is the page's, which the partial does not see; its final line break is gone.
        assert_eq!(
            render_404(&templates, &serde_json_like()),
            "[协作:-:<->][协作:1:<->][协作:2:<->][协作:1:<->][协作:1:<->]"
        );
        // Passed in, `x` is seen, and escaped as any value.
        let mut templates = cached_calls(&[", x=\"<b>\""]);
        templates.set_globals(&titled("t")).unwrap();
        assert_eq!(
            render_404(&templates, &serde_json_like()),
            "[t:-:<&lt;b&gt;>]"
        );
    }

    #[test]
    fn new_globals_render_cached_partials_anew() {
        // serve sets the globals again when xiezuo.toml changes: no stale header may survive.
        let mut templates = cached_calls(&["", ", n=1"]);
        templates.set_globals(&titled("旧")).unwrap();
        assert_eq!(
            render_404(&templates, &serde_json_like()),
            "[旧:-:<->][旧:1:<->]"
        );
        templates.set_globals(&titled("新")).unwrap();
        assert_eq!(
            render_404(&templates, &serde_json_like()),
            "[新:-:<->][新:1:<->]"
        );
    }

    #[test]
    fn a_partial_named_only_in_a_cached_call_counts_as_used() {
        let dir = site_with_templates();
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join("templates").join(name), text).unwrap()
        };
        std::fs::create_dir(dir.path().join("templates/partials")).unwrap();
        write("404.html", "{{ cached(template='partials/mine.html') }}");
        write("partials/mine.html", "x");
        write("stray.html", "{{ 'partials/nothing.html' }}");
        let templates = Templates::load(&SiteRoot::new(dir.path())).unwrap();
        let unused: Vec<String> = templates
            .unused(&[])
            .iter()
            .map(|w| w.message.clone())
            .collect();
        assert_eq!(unused, ["template \"stray.html\" is not used by any page"]);
    }

    #[derive(Serialize)]
    struct X {
        x: u8,
    }

    fn serde_json_like() -> X {
        X { x: 1 }
    }
}
