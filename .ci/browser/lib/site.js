// What the checks share: the built site (SITE_DIR, from ../browser-checks.sh), its base path,
// its pages, and how Chromium is started.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";

export const SITE_DIR = path.resolve(process.env.SITE_DIR || "");
if (!process.env.SITE_DIR || !existsSync(path.join(SITE_DIR, "index.html"))) {
  throw new Error(`SITE_DIR must be a built site (no index.html in "${process.env.SITE_DIR || ""}")`);
}

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Debian's Chromium, headless, touching no network but the local server.
export const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The base path comes from the canonical link of the home page, as in ../screenshot.sh.
export function basePath(dir = SITE_DIR) {
  if (process.env.BASE_PATH) return `/${process.env.BASE_PATH.replace(/^\/+|\/+$/g, "")}/`.replace("//", "/");
  const html = readFileSync(path.join(dir, "index.html"), "utf8");
  const m = html.match(/<link[^>]*rel="canonical"[^>]*href="([^"]*)"/);
  const p = m ? new URL(m[1]).pathname : "/";
  return p.endsWith("/") ? p : `${p}/`;
}

// Every generated page as a path relative to the base: "" for the home page, "counties/wuchuan/",
// "404.html" (served at its own path, as a host that serves it for missing URLs also does).
export function pages(dir = SITE_DIR) {
  const found = [];
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".html")) found.push(rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel);
    }
  };
  walk("");
  return found.sort();
}
