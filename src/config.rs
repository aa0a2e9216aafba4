//! Site settings: the optional `xiezuo.toml` at the site root, resolved into a typed [`Config`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::date::UtcOffset;
use crate::error::{Diagnostic, Diagnostics, Error, Position, Result};
use crate::locale::{Language, LanguageError, Locale, OverrideError, Strings};
use crate::site_root::SiteRoot;
use crate::source;
use crate::types::{BaseUrl, Slug};

/// The settings file's name at the site root.
pub const CONFIG_FILE: &str = "xiezuo.toml";

const DEFAULT_BASE_URL: &str = "http://localhost:1111/";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default, deserialize_with = "crate::source::published")]
    title: Option<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    description: Option<String>,
    #[serde(default, deserialize_with = "crate::source::published")]
    base_url: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    language: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::source::published")]
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    markdown: RawMarkdown,
    /// Interface strings that replace the locale's, by key.
    #[serde(default)]
    strings: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    lists: RawLists,
    /// Area or tag name → the slug of its page, where the pinyin rule's is not wanted.
    #[serde(default)]
    slugs: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLists {
    per_page: Option<Spanned<i64>>,
    home: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    allow_html: Option<bool>,
    link_every_mention: Option<bool>,
}

/// Resolved site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub base_url: BaseUrl,
    /// The `lang` of every page, and the interface locale it selects.
    pub language: Language,
    /// The interface strings: the locale's, with the site's `[strings]` over them.
    pub strings: Strings,
    /// The UTC offset plain article dates (`date = 2021-06-03`) are taken in: midnight there is
    /// when they were published, for the feed and for the order of articles.
    pub timezone: UtcOffset,
    pub markdown: MarkdownSettings,
    pub lists: ListSettings,
    /// The settings file, for messages about what it says (it may not exist).
    pub file: std::path::PathBuf,
    /// Explicit slugs of area and tag pages, by name, each with where it is written.
    pub slugs: BTreeMap<String, (Slug, Position)>,
}

/// How article lists are cut into pages.
#[derive(Debug, Clone, Copy)]
pub struct ListSettings {
    /// Articles per page of `/articles/` and of every area and tag page.
    pub per_page: usize,
    /// The newest articles the home page shows (it links to `/articles/` for the rest).
    pub home: usize,
}

impl Default for ListSettings {
    fn default() -> Self {
        ListSettings {
            per_page: 20,
            home: 5,
        }
    }
}

/// How article Markdown may be written and is rendered.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownSettings {
    /// Raw HTML in Markdown is passed through when true and shown as text otherwise.
    pub allow_html: bool,
    /// Every mention of an entity is linked when true; otherwise only the first in each
    /// paragraph, list item or table row (the others are still recorded as mentions).
    pub link_every_mention: bool,
    /// The page language is Chinese, Japanese or Yi, so East Asian ambiguous-width punctuation
    /// (“ ” ‘ ’ … — ·) is full width: a line break next to it is removed like one between two
    /// Chinese characters. Follows `language`.
    pub ambiguous_punctuation_wide: bool,
}

impl Default for MarkdownSettings {
    /// The settings of a site without `[markdown]`, whose language is the default `zh-CN`.
    fn default() -> Self {
        MarkdownSettings {
            allow_html: false,
            link_every_mention: false,
            ambiguous_punctuation_wide: true,
        }
    }
}

/// Whether `language` (a BCP 47 tag) is one whose text sets ambiguous-width punctuation full
/// width, as CSS Text 4 lists them for line breaks: Chinese, Japanese and Yi.
fn sets_ambiguous_punctuation_wide(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    ["zh", "ja", "ii"]
        .iter()
        .any(|code| primary.eq_ignore_ascii_case(code))
}

/// Loads `xiezuo.toml` if present (every field has a default); `base_url_override` comes from the
/// command line and wins over the file.
pub fn load(root: &SiteRoot, base_url_override: Option<&str>) -> Result<Config> {
    let path = root.path(CONFIG_FILE);
    let (raw, text) = if path.exists() {
        let text = source::read_text(&path)?;
        let raw: RawConfig = source::parse_toml(&path, &text, 1).map_err(Error::invalid)?;
        (raw, text)
    } else {
        (RawConfig::default(), String::new())
    };
    let base_url = resolve_base_url(&path, &text, raw.base_url.as_ref(), base_url_override)?;
    let timezone = resolve_timezone(&path, &text, raw.timezone.as_ref())?;
    let language = resolve_language(&path, &text, raw.language.as_ref());
    let strings = language
        .as_ref()
        .map_err(|_| Diagnostics(Vec::new()))
        .and_then(|language| resolve_strings(&path, &text, language.locale, &raw.strings));
    let (language, strings) = match (language, strings) {
        (Ok(language), Ok(strings)) => (language, strings),
        (language, strings) => {
            let mut problems = language.err().into_iter().collect::<Vec<_>>();
            problems.extend(strings.err().into_iter().flat_map(|d| d.0));
            return Err(Error::Invalid(Diagnostics(problems)));
        }
    };
    let lists = resolve_lists(&path, &text, &raw.lists)?;
    let slugs = resolve_slugs(&path, &text, &raw.slugs)?;
    Ok(Config {
        lists,
        slugs,
        file: path.clone(),
        timezone,
        title: raw
            .title
            .unwrap_or_else(|| strings.get("site_title").to_string()),
        strings,
        description: raw.description,
        base_url,
        markdown: MarkdownSettings {
            allow_html: raw.markdown.allow_html.unwrap_or(false),
            link_every_mention: raw.markdown.link_every_mention.unwrap_or(false),
            ambiguous_punctuation_wide: sets_ambiguous_punctuation_wide(&language.tag),
        },
        language,
    })
}

/// The `language` setting, `zh-CN` when not given: a tag for a shipped locale.
fn resolve_language(
    path: &Path,
    text: &str,
    written: Option<&Spanned<String>>,
) -> std::result::Result<Language, Diagnostic> {
    let Some(written) = written else {
        return Ok(Language::default());
    };
    let tag = written.get_ref();
    Language::parse(tag).map_err(|error| {
        let position = source::span_start(text, written.span(), 1);
        let message = match error {
            LanguageError::Malformed => format!(
                "language \"{tag}\" is not a language tag; the supported languages are {}",
                Locale::supported()
            ),
            LanguageError::Unsupported => format!(
                "language \"{tag}\" is not a supported interface language; the supported languages are {}",
                Locale::supported()
            ),
        };
        Diagnostic::new(path, Some(position), message).with_help(
            "write language = \"zh-CN\" or language = \"en\" (a region or script such as \"zh-Hans-CN\" or \"en-GB\" is kept as the pages' lang)",
        )
    })
}

/// The locale's strings with the site's `[strings]` laid over them; every unknown key or
/// placeholder is reported.
fn resolve_strings(
    path: &Path,
    text: &str,
    locale: Locale,
    overrides: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> std::result::Result<Strings, Diagnostics> {
    let mut strings = Strings::new(locale);
    let mut problems = Vec::new();
    let mut in_file_order: Vec<_> = overrides.iter().collect();
    in_file_order.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in in_file_order {
        let at = |span| Some(source::span_start(text, span, 1));
        if let Some(c) = crate::text::first_forbidden(value.get_ref()) {
            problems.push(Diagnostic::new(
                path,
                at(value.span()),
                crate::text::forbidden_message(c),
            ));
            continue;
        }
        match strings.set(key.get_ref(), value.get_ref()) {
            Ok(()) => {}
            Err(OverrideError::UnknownKey) => problems.push(
                Diagnostic::new(
                    path,
                    at(key.span()),
                    format!("strings.{} is not an interface string", key.get_ref()),
                )
                .with_help(format!(
                    "the keys are those of locales/{}.toml in xiezuo's source{}",
                    locale.tag(),
                    crate::network::did_you_mean(
                        key.get_ref(),
                        strings.map().keys().map(String::as_str)
                    )
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default()
                )),
            ),
            Err(OverrideError::UnknownPlaceholder(name)) => problems.push(
                Diagnostic::new(
                    path,
                    at(value.span()),
                    format!(
                        "strings.{} uses {{{name}}}, which the string does not have",
                        key.get_ref()
                    ),
                )
                .with_help(format!(
                    "the shipped string is \"{}\"; use only its placeholders",
                    Strings::new(locale).get(key.get_ref())
                )),
            ),
        }
    }
    if problems.is_empty() {
        Ok(strings)
    } else {
        Err(Diagnostics(problems))
    }
}

/// The `[lists]` settings: each count at least 1 (the home page's may be 0).
fn resolve_lists(path: &Path, text: &str, raw: &RawLists) -> Result<ListSettings> {
    let defaults = ListSettings::default();
    let count = |field: &Option<Spanned<i64>>, name: &str, least: i64, default: usize| {
        let Some(value) = field else {
            return Ok(default);
        };
        let n = *value.get_ref();
        if n >= least && n <= 100_000 {
            return Ok(n as usize);
        }
        Err(Diagnostic::new(
            path,
            Some(source::span_start(text, value.span(), 1)),
            format!("[lists] {name} = {n} is out of range"),
        )
        .with_help(format!("give a whole number from {least} to 100000")))
    };
    let per_page = count(&raw.per_page, "per_page", 1, defaults.per_page);
    let home = count(&raw.home, "home", 0, defaults.home);
    match (per_page, home) {
        (Ok(per_page), Ok(home)) => Ok(ListSettings { per_page, home }),
        (a, b) => Err(Error::Invalid(Diagnostics(
            [a.err(), b.err()].into_iter().flatten().collect(),
        ))),
    }
}

/// The `[slugs]` table: every value a valid slug, and no two names with one slug.
fn resolve_slugs(
    path: &Path,
    text: &str,
    raw: &BTreeMap<String, Spanned<String>>,
) -> Result<BTreeMap<String, (Slug, Position)>> {
    let mut slugs = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, value) in raw {
        let position = source::span_start(text, value.span(), 1);
        match Slug::parse(value.get_ref()) {
            Ok(slug) => {
                slugs.insert(name.clone(), (slug, position));
            }
            Err(message) => problems.push(
                Diagnostic::new(path, Some(position), format!("[slugs] \"{name}\": {message}"))
                    .with_help("write the page's slug in lowercase latin letters, digits and hyphens, such as \"labour\""),
            ),
        }
    }
    if problems.is_empty() {
        Ok(slugs)
    } else {
        Err(Error::Invalid(Diagnostics(problems)))
    }
}

/// The `timezone` setting, `+08:00` when not given.
fn resolve_timezone(
    path: &Path,
    text: &str,
    written: Option<&Spanned<String>>,
) -> Result<UtcOffset> {
    let Some(written) = written else {
        return Ok(UtcOffset::default());
    };
    UtcOffset::parse(written.get_ref()).map_err(|message| {
        let position = source::span_start(text, written.span(), 1);
        Error::invalid(
            Diagnostic::new(path, Some(position), format!("timezone {message}")).with_help(
                "write the offset from UTC with its sign, such as timezone = \"+08:00\"",
            ),
        )
    })
}

fn resolve_base_url(
    path: &Path,
    text: &str,
    from_file: Option<&Spanned<String>>,
    from_command_line: Option<&str>,
) -> Result<BaseUrl> {
    if let Some(url) = from_command_line {
        return BaseUrl::parse(url).map_err(|message| {
            Error::invalid(
                Diagnostic::option("--base-url", message)
                    .with_help("pass an absolute URL such as https://example.org/zhuhai-zunyi/"),
            )
        });
    }
    match from_file {
        Some(url) => BaseUrl::parse(url.get_ref()).map_err(|message| {
            Error::invalid(
                Diagnostic::new(path, Some(source::span_start(text, url.span(), 1)), message)
                    .with_help("write an absolute URL such as https://example.org/zhuhai-zunyi/"),
            )
        }),
        None => Ok(BaseUrl::parse(DEFAULT_BASE_URL).expect("the default base URL is valid")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_config(text: &str) -> (tempfile::TempDir, SiteRoot) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let root = SiteRoot::new(dir.path());
        (dir, root)
    }

    #[test]
    fn missing_settings_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = load(&SiteRoot::new(dir.path()), None).unwrap();
        assert_eq!(config.language.tag, "zh-CN");
        assert_eq!(config.title, "东西部协作结对");
        assert_eq!(config.base_url.as_str(), DEFAULT_BASE_URL);
        assert!(!config.markdown.allow_html);
        assert!(!config.markdown.link_every_mention);
        assert!(config.markdown.ambiguous_punctuation_wide);
        assert_eq!(config.timezone.to_string(), "+08:00");
    }

    #[test]
    fn the_timezone_is_read_and_a_bad_one_refused_where_it_is_written() {
        let (_dir, root) = site_with_config("timezone = \"-05:30\"\n");
        assert_eq!(load(&root, None).unwrap().timezone.to_string(), "-05:30");
        let (_dir, root) = site_with_config("title = \"x\"\ntimezone = \"UTC+8\"\n");
        let message = load(&root, None).unwrap_err().to_string();
        assert!(
            message.contains("xiezuo.toml:2:12: timezone \"UTC+8\" is not a UTC offset"),
            "{message}"
        );
        assert!(message.contains("help: write the offset"), "{message}");
    }

    #[test]
    fn markdown_settings_come_from_the_file_and_the_language() {
        let (_dir, root) =
            site_with_config("language = \"en\"\n[markdown]\nlink_every_mention = true\n");
        let config = load(&root, None).unwrap();
        assert!(config.markdown.link_every_mention);
        assert!(!config.markdown.ambiguous_punctuation_wide);
        for (language, wide) in [
            ("zh-Hant-TW", true),
            ("ZH", true),
            ("ja", true),
            ("ko", false),
        ] {
            assert_eq!(
                sets_ambiguous_punctuation_wide(language),
                wide,
                "{language}"
            );
        }
    }

    #[test]
    fn list_settings_default_and_are_refused_out_of_range_where_written() {
        let dir = tempfile::tempdir().unwrap();
        let config = load(&SiteRoot::new(dir.path()), None).unwrap();
        assert_eq!((config.lists.per_page, config.lists.home), (20, 5));
        let (_dir, root) = site_with_config("[lists]\nper_page = 15\nhome = 0\n");
        let config = load(&root, None).unwrap();
        assert_eq!((config.lists.per_page, config.lists.home), (15, 0));
        let (_dir, root) = site_with_config("[lists]\nper_page = 0\n");
        let message = load(&root, None).unwrap_err().to_string();
        assert!(
            message.contains("xiezuo.toml:2:12: [lists] per_page = 0 is out of range"),
            "{message}"
        );
    }

    #[test]
    fn explicit_slugs_must_be_slugs() {
        let (_dir, root) = site_with_config("[slugs]\n\"劳务协作\" = \"labour\"\n");
        let config = load(&root, None).unwrap();
        assert_eq!(config.slugs["劳务协作"].0.as_str(), "labour");
        let (_dir, root) = site_with_config("[slugs]\n\"劳务协作\" = \"Labour\"\n");
        let message = load(&root, None).unwrap_err().to_string();
        assert!(
            message.contains("xiezuo.toml:2:10: [slugs] \"劳务协作\": slug \"Labour\""),
            "{message}"
        );
    }

    #[test]
    fn command_line_base_url_wins_over_the_file() {
        let (_dir, root) = site_with_config("base_url = \"https://a.org/\"\n");
        let config = load(&root, Some("https://b.org/sub")).unwrap();
        assert_eq!(config.base_url.as_str(), "https://b.org/sub/");
    }

    #[test]
    fn rejects_unknown_settings_with_position() {
        let (_dir, root) = site_with_config("title = \"x\"\ntitel = \"y\"\n");
        let message = load(&root, None).unwrap_err().to_string();
        assert!(
            message.contains("xiezuo.toml:2:1: unknown field `titel`"),
            "{message}"
        );
    }

    #[test]
    fn rejects_relative_base_url_in_the_file() {
        let (_dir, root) = site_with_config("base_url = \"/sub/\"\n");
        let message = load(&root, None).unwrap_err().to_string();
        assert!(message.contains("xiezuo.toml:1:12: base URL"), "{message}");
    }
}
