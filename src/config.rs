//! Site settings: the optional `xiezuo.toml` at the site root, resolved into a typed [`Config`].

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Error, Result};
use crate::site_root::SiteRoot;
use crate::source;
use crate::types::BaseUrl;

/// The settings file's name at the site root.
pub const CONFIG_FILE: &str = "xiezuo.toml";

const DEFAULT_TITLE: &str = "东西部协作结对";
const DEFAULT_BASE_URL: &str = "http://localhost:1111/";
const DEFAULT_LANGUAGE: &str = "zh-CN";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<String>,
    #[serde(default)]
    markdown: RawMarkdown,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    allow_html: Option<bool>,
}

/// Resolved site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub base_url: BaseUrl,
    pub language: String,
    pub markdown: MarkdownSettings,
}

/// How article Markdown may be written.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownSettings {
    /// Raw HTML in Markdown is passed through when true and shown as text otherwise.
    pub allow_html: bool,
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
    Ok(Config {
        title: raw.title.unwrap_or_else(|| DEFAULT_TITLE.into()),
        description: raw.description,
        base_url,
        language: raw.language.unwrap_or_else(|| DEFAULT_LANGUAGE.into()),
        markdown: MarkdownSettings {
            allow_html: raw.markdown.allow_html.unwrap_or(false),
        },
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
                Diagnostic::new(Path::new("--base-url"), None, message)
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
        assert_eq!(config.language, "zh-CN");
        assert_eq!(config.base_url.as_str(), DEFAULT_BASE_URL);
        assert!(!config.markdown.allow_html);
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
