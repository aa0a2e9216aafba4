// Search benchmark: runs the site's real search.js in headless Chromium over a query set and
// prints recall@10, MRR, first-query download (gzipped) and query time, per group of queries;
// with --pagefind, the same for Pagefind's index of the same site.
//
//   node bench.mjs --site OUT --queries shipped|SYNTHETIC_SITE_DIR [--label NAME] [--pagefind]
//
// OUT is a site built with base URL "/". Each query runs first on a freshly opened page (no
// cache): the bytes it downloads (every file the server sent from the query's start to its
// results, counted as gzip -6 would send it; Pagefind's own files are already compressed and
// count about as they are) and its time are the "first query". The engine's script counts in
// the first query's bytes even when the page loaded it before the query (xiezuo's search.js is
// loaded with the page; Pagefind's pagefind.js is imported by the first search). Then every query runs again in one page,
// one after another: that time is a "later query" (fragments already fetched stay cached, as they
// would in a reader's tab).
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import path from "node:path";
import puppeteer from "puppeteer-core";
import { SHIPPED, synthetic } from "./queries.mjs";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith("--") ? all[i + 1] : true]);
  return acc;
}, []));
const SITE = path.resolve(args.site);
const QUERIES = args.queries === "shipped" ? SHIPPED : synthetic(path.resolve(args.queries), Number(args.per || 20));
const LABEL = args.label || path.basename(SITE);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

// A static server that records every path it serves (Pagefind fetches from a web worker,
// whose requests the page does not see).
const served = new Set();
function serve(dir) {
  const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".svg": "image/svg+xml" };
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (p.includes("..")) { res.writeHead(400).end(); return; }
    served.add(p);
    let file = path.join(dir, p);
    try { if (statSync(file).isDirectory()) file = path.join(file, "index.html"); } catch { /* 404 below */ }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch { res.writeHead(404).end("not found"); }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: (rel) => `http://127.0.0.1:${server.address().port}/${rel}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

const gzSize = new Map();
function gzipped(urlPath) {
  if (!gzSize.has(urlPath)) {
    let size = 0;
    try { size = gzipSync(readFileSync(path.join(SITE, decodeURIComponent(urlPath))), { level: 6 }).length; } catch { size = 0; }
    gzSize.set(urlPath, size);
  }
  return gzSize.get(urlPath);
}

// In the page: the query's ranked result paths, and how long it took.
const ENGINES = {
  xiezuo: {
    scripts: ["/search.js"],
    ready: () => typeof window.__xiezuoSearch === "function",
    run: async (q) => {
      const t0 = performance.now();
      const { hits } = await window.__xiezuoSearch(q);
      return { ms: performance.now() - t0, urls: hits.map((h) => new URL(h.doc.url, location.href).pathname) };
    },
  },
  pagefind: {
    scripts: [],
    ready: () => true,
    run: async (q) => {
      const t0 = performance.now();
      if (!window.__pf) {
        window.__pf = await import("/pagefind/pagefind.js");
        await window.__pf.init();
      }
      const search = await window.__pf.search(q);
      const top = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return { ms: performance.now() - t0, urls: top.map((d) => new URL(d.url, location.href).pathname.replace(/index\.html$/, "")) };
    },
  },
};

function judge(query, urls) {
  const want = query.want.map((w) => `/${w}`);
  const ranks = want.map((w) => urls.indexOf(w)).filter((r) => r >= 0 && r < 10);
  const first = ranks.length ? Math.min(...ranks) : -1;
  // "anyOf": any one of the wanted pages is the answer (pages that share a pinyin reading).
  const needed = query.anyOf ? 1 : Math.min(10, want.length);
  return { rr: first >= 0 ? 1 / (first + 1) : 0, recall: Math.min(1, ranks.length / needed), first };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };

async function bench(browser, server, engine) {
  const e = ENGINES[engine];
  const rows = [];
  for (const query of QUERIES) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(server.url(""), { waitUntil: "load" });
    await page.waitForFunction(e.ready, { timeout: 10000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the favicon and such: not search
    served.clear();
    const first = await page.evaluate(e.run, query.q);
    const fetched = new Set([...e.scripts, ...[...served].filter((p) => !p.endsWith("favicon.svg"))]);
    const bytes = [...fetched].reduce((sum, p) => sum + gzipped(p), 0);
    const biggest = [...fetched].map((p) => [p, gzipped(p)]).sort((a, b) => b[1] - a[1]).slice(0, 3);
    rows.push({ query, first, bytes, biggest, files: fetched.size, judged: judge(query, first.urls) });
    await context.close();
  }
  // Later queries: all in one page.
  const page = await browser.newPage();
  await page.goto(server.url(""), { waitUntil: "load" });
  await page.waitForFunction(e.ready, { timeout: 10000 });
  await page.evaluate(e.run, "协作");
  for (const row of rows) row.later = await page.evaluate(e.run, row.query.q);
  await page.close();
  return rows;
}

function report(engine, rows) {
  const groups = [...new Set(rows.map((r) => r.query.group)), "all"];
  const lines = [];
  for (const g of groups) {
    const rs = rows.filter((r) => g === "all" || r.query.group === g);
    const mrr = rs.reduce((s, r) => s + r.judged.rr, 0) / rs.length;
    const recall = rs.reduce((s, r) => s + r.judged.recall, 0) / rs.length;
    lines.push([LABEL, engine, g, rs.length, recall.toFixed(3), mrr.toFixed(3),
      (median(rs.map((r) => r.bytes)) / 1024).toFixed(1), (Math.max(...rs.map((r) => r.bytes)) / 1024).toFixed(1),
      median(rs.map((r) => r.first.ms)).toFixed(1), median(rs.map((r) => r.later.ms)).toFixed(1),
      Math.max(...rs.map((r) => r.later.ms)).toFixed(1)]);
  }
  return lines;
}

const server = await serve(SITE);
const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, protocolTimeout: 120_000 });
try {
  const engines = ["xiezuo", ...(args.pagefind ? ["pagefind"] : [])];
  const table = [];
  for (const engine of engines) {
    const rows = await bench(browser, server, engine);
    table.push(...report(engine, rows));
    if (args.verbose) {
      for (const r of rows) {
        console.error(`${engine} bytes "${r.query.q}": ${(r.bytes / 1024).toFixed(1)} KB in ${r.files} files; biggest ${r.biggest.map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}`).join(", ")}`);
        if (r.judged.rr < 1 || r.judged.recall < 1) console.error(`${engine} ${r.query.group} "${r.query.q}": rank ${r.judged.first + 1 || "-"}, recall ${r.judged.recall.toFixed(2)}; want ${r.query.want.slice(0, 3).join(" ")}; got ${r.first.urls.slice(0, 10).join(" ")}`);
      }
    }
  }
  const head = ["site", "engine", "group", "queries", "recall@10", "MRR", "1st KB gz (med)", "1st KB gz (max)", "1st ms", "later ms (med)", "later ms (max)"];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log(fmt(head));
  for (const r of table) console.log(fmt(r));
} finally {
  await browser.close();
  await server.close();
}
