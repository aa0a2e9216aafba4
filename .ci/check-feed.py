"""Reads a built site's atom.xml with feedparser, as feed readers do, and checks that every link
and image in every entry's content, resolved against the xml:base in scope, leads to a file of
the site (or outside it). Usage: check-feed.py SITE_DIR BASE_URL"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import feedparser


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def output_file(site, base, url):
    """The file of the site that serves url (without its fragment), None when url is on
    another host, and "outside" when it is on the site's host but outside its base path."""
    if urlsplit(url).netloc != urlsplit(base).netloc:
        return None
    if not url.startswith(base):
        return "outside"
    path = unquote(urlsplit(url).path[len(urlsplit(base).path):])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def main():
    site, base = Path(sys.argv[1]), sys.argv[2]
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    if feed.bozo:
        sys.exit(f"check-feed: atom.xml is not well-formed: {feed.bozo_exception}")
    problems, checked = [], 0
    for entry in feed.entries:
        for content in entry.get("content", []):
            parser = Links()
            parser.feed(content.value)
            for url in parser.found:
                if not urlsplit(url).scheme:
                    problems.append(f"{entry.link}: {url} was not resolved to an absolute URL")
                    continue
                page, fragment = urldefrag(url)
                target = output_file(site, base, page)
                if target is None:
                    continue
                checked += 1
                if target == "outside":
                    problems.append(f"{entry.link}: {url} is outside the site's base URL {base}")
                elif not target.is_file():
                    problems.append(f"{entry.link}: {url} resolves to {target}, which does not exist")
                elif fragment and f'id="{unquote(fragment)}"' not in target.read_text("utf-8"):
                    problems.append(f"{entry.link}: {url}: {target} has no id=\"{unquote(fragment)}\"")
    for problem in problems:
        print(f"check-feed: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check-feed: {len(feed.entries)} entries, {checked} links into the site, every one resolves")


if __name__ == "__main__":
    main()
