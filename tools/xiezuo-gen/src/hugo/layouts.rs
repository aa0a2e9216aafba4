//! The Hugo site's fixed files: configuration, layouts and xiezuo's static files, each with the
//! path it takes in the Hugo site.

/// `hugo.toml` after the title, with `{districts_label}` and `{counties_label}` to fill in.
pub const CONFIG: &str = include_str!("../../hugo-layouts/hugo.toml");

pub const LAYOUTS: [(&str, &str); 19] = [
    (
        "layouts/baseof.html",
        include_str!("../../hugo-layouts/baseof.html"),
    ),
    (
        "layouts/home.html",
        include_str!("../../hugo-layouts/home.html"),
    ),
    (
        "layouts/home.atom.xml",
        include_str!("../../hugo-layouts/home.atom.xml"),
    ),
    (
        "layouts/home.searchindex.json",
        include_str!("../../hugo-layouts/home.searchindex.json"),
    ),
    (
        "layouts/districts/section.html",
        include_str!("../../hugo-layouts/districts-section.html"),
    ),
    (
        "layouts/counties/section.html",
        include_str!("../../hugo-layouts/counties-section.html"),
    ),
    (
        "layouts/districts/page.html",
        include_str!("../../hugo-layouts/district-page.html"),
    ),
    (
        "layouts/counties/page.html",
        include_str!("../../hugo-layouts/county-page.html"),
    ),
    (
        "layouts/articles/page.html",
        include_str!("../../hugo-layouts/article-page.html"),
    ),
    (
        "layouts/404.html",
        include_str!("../../hugo-layouts/404.html"),
    ),
    (
        "layouts/sitemap.xml",
        include_str!("../../hugo-layouts/sitemap.xml"),
    ),
    (
        "layouts/robots.txt",
        include_str!("../../hugo-layouts/robots.txt"),
    ),
    (
        "layouts/_partials/lead.html",
        include_str!("../../hugo-layouts/partials/lead.html"),
    ),
    (
        "layouts/_partials/counties-of.html",
        include_str!("../../hugo-layouts/partials/counties-of.html"),
    ),
    (
        "layouts/_partials/district-sentence.html",
        include_str!("../../hugo-layouts/partials/district-sentence.html"),
    ),
    (
        "layouts/_partials/county-sentence.html",
        include_str!("../../hugo-layouts/partials/county-sentence.html"),
    ),
    (
        "layouts/_partials/content.html",
        include_str!("../../hugo-layouts/partials/content.html"),
    ),
    (
        "layouts/_partials/quotes.html",
        include_str!("../../hugo-layouts/partials/quotes.html"),
    ),
    (
        "layouts/_partials/neighbourhood.html",
        include_str!("../../hugo-layouts/partials/neighbourhood.html"),
    ),
];

/// xiezuo's own stylesheet, icon and search script, published unchanged.
pub const STATIC: [(&str, &[u8]); 3] = [
    (
        "static/style.css",
        include_bytes!("../../../../static/style.css"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../../../static/favicon.svg"),
    ),
    (
        "static/search.js",
        include_bytes!("../../../../static/search.js"),
    ),
];
