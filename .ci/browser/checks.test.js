// Browser checks on every generated page of a built xiezuo site (SITE_DIR), served locally
// under its base path: axe-core in light and dark colour schemes, layout at phone and desktop
// widths, landmarks / headings / skip link / focus indicators, and the site search.
// Run with `node --test` through ../browser-checks.sh.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";
import { serve } from "./lib/server.js";
import { CHROMIUM, CHROME_FLAGS, SITE_DIR, basePath, pages } from "./lib/site.js";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const SCHEMES = ["light", "dark"];
const WIDTHS = [360, 1280];
const BASE = basePath();
const PAGES = pages();

let browser;
let server;

before(async () => {
  server = await serve(SITE_DIR, BASE);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROME_FLAGS,
    protocolTimeout: 60_000,
  });
  console.log(`checks: serving ${SITE_DIR} at ${server.url()}; ${PAGES.length} pages; axe-core ${AXE_VERSION}; ${await browser.version()}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const label = (rel) => BASE + rel;

// Opens `rel` in a fresh tab. Collects console errors, uncaught exceptions and failed requests
// in `problems`, so a check can fail on "something on the page is broken".
async function open(rel, { scheme = "light", width = 1280, height = 900, js = true } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console error: ${msg.text()}`); });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !(rel === "404.html" && res.url() === server.url(rel))) {
      problems.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
  await page.setViewport({ width, height });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
  await page.setJavaScriptEnabled(js);
  const res = await page.goto(server.url(rel), { waitUntil: "load" });
  assert.equal(res.status(), 200, `${label(rel)} answered ${res.status()}`);
  await page.bringToFront();
  return { page, problems };
}

async function axe(page, context = "html") {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags, context) => window.axe.run(context, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) => r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
      }))),
    AXE_TAGS,
    context,
  );
}

function describeViolations(violations) {
  return violations.map((v) => [
    `  ${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    at ${n.target}\n      ${(n.summary || "").replace(/\n/g, "\n      ")}`),
  ].join("\n")).join("\n");
}

// --- 0. the pages are every page ------------------------------------------------------------

// The checks below run on every HTML file of the built site; this says the walk finds one page
// of every kind the shipped site has (home, lists, province, city, district, county, pair group,
// article, 404, the article list, an area, a tag, a page), so a page kind that stops being written, or written elsewhere, fails here
// rather than going unchecked. Only for the shipped site (the one whose home page names 珠海市).
const SHIPPED_KINDS = [
  "", "provinces/", "cities/", "districts/", "counties/",
  "provinces/guizhou/", "cities/zhuhai/", "cities/nujiang/", "districts/xiangzhou/",
  "counties/wuchuan/", "pairs/zhuhai/zunyi/", "articles/zhuhai-zunyi-pairing/", "404.html",
  "articles/", "areas/", "areas/lao-wu-xie-zuo/", "tags/", "tags/jie-dui-tiao-zheng/", "about/",
];

const SHIPPED = readFileSync(`${SITE_DIR}/index.html`, "utf8").includes("珠海市");

test("the checks cover every page kind", { skip: !SHIPPED && "not the shipped site" }, () => {
  const missing = SHIPPED_KINDS.filter((rel) => !PAGES.includes(rel));
  assert.deepEqual(missing, [], `pages the checks do not find in ${SITE_DIR}`);
});

// --- 1. axe-core, every page, both colour schemes -------------------------------------------

describe(`axe-core ${AXE_TAGS.join(", ")}`, () => {
  for (const rel of PAGES) {
    for (const scheme of SCHEMES) {
      test(`axe ${scheme}: ${label(rel)}`, async () => {
        const { page } = await open(rel, { scheme });
        try {
          const violations = await axe(page);
          assert.equal(violations.length, 0,
            `${violations.length} axe violation(s) on ${label(rel)} (${scheme}):\n${describeViolations(violations)}`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

// --- 2. layout: no horizontal overflow --------------------------------------------------------

// Elements wider than the viewport, or sticking out of it, that are not inside a container
// that scrolls or clips horizontally (.table-scroll, .diagram__scroll, pre, ...).
function overflowReport() {
  const vw = document.documentElement.clientWidth;
  const escapes = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
    + [...el.classList].map((c) => `.${c}`).join("");
  const path = (el) => {
    const parts = [];
    for (let p = el; p && p !== document.body; p = p.parentElement) parts.unshift(name(p));
    return parts.slice(-4).join(" > ");
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= vw + 0.5 && r.left >= -0.5) continue;
    if (escapes(el)) continue;
    wide.push(`${path(el)} [${Math.round(r.left)}..${Math.round(r.right)}]`);
  }
  return {
    vw,
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 15),
    count: wide.length,
  };
}

describe("layout: no horizontal overflow", () => {
  for (const rel of PAGES) {
    for (const width of WIDTHS) {
      test(`layout ${width}px: ${label(rel)}`, async () => {
        const { page } = await open(rel, { width, height: 800 });
        try {
          const r = await page.evaluate(overflowReport);
          assert.ok(r.scrollWidth <= r.innerWidth && r.scrollWidth <= r.vw,
            `${label(rel)} at ${width}px scrolls sideways: scrollWidth ${r.scrollWidth} > ${r.vw} (innerWidth ${r.innerWidth}); `
            + `too wide:\n  ${r.wide.join("\n  ")}`);
          assert.equal(r.count, 0, `${r.count} element(s) stick out of the ${r.vw}px viewport on ${label(rel)}:\n  ${r.wide.join("\n  ")}`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

// --- 3. structure, skip link, focus indicators, no errors -----------------------------------

// Remembers, before anything has focus, the styles that can show focus, for every element
// that can get it, so a focused element can be compared with its unfocused self.
function snapshotFocusables() {
  const props = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor", "color",
    "borderTopColor", "borderBottomColor", "textDecorationLine", "stroke", "strokeWidth", "fill"];
  const snap = (el) => [el, ...el.querySelectorAll("*")].map((e) => {
    const cs = getComputedStyle(e);
    return props.map((p) => cs[p]).join("|");
  });
  window.__focusProps = props;
  window.__focusSnap = snap;
  window.__before = new Map();
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")) {
    window.__before.set(el, snap(el));
  }
}

function focusedReport() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
    + [...el.classList].map((c) => `.${c}`).join("") + (el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : "");
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 1;
  const before = window.__before.get(el);
  const now = window.__focusSnap(el);
  const changed = before ? now.some((s, i) => s !== before[i]) : false;
  if (!window.__seen) window.__seen = new Set();
  const repeat = window.__seen.has(el);
  window.__seen.add(el);
  const r = el.getBoundingClientRect();
  return {
    name,
    repeat,
    indicator: outline ? `outline ${cs.outlineWidth} ${cs.outlineStyle}` : changed ? "style change" : "",
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth,
  };
}

// Diagram labels read at about body size on every width: neither shrunk to a phone's scale nor
// blown up on a desktop (they were 12 px and 23 px). Measured as rendered, in CSS pixels.
describe("layout: diagram labels at body size", () => {
  for (const rel of PAGES) {
    for (const width of WIDTHS) {
      test(`diagram labels ${width}px: ${label(rel)}`, async () => {
        const { page } = await open(rel, { width, height: 800 });
        try {
          const sizes = await page.evaluate(() => [...document.querySelectorAll(".pairing-diagram")].map((svg) => {
            const text = svg.querySelector(".pd-label");
            if (!text) return null;
            return text.getBoundingClientRect().height
              * (parseFloat(getComputedStyle(text).fontSize) / text.getBBox().height);
          }).filter((h) => h !== null));
          for (const px of sizes) {
            assert.ok(px >= 13 && px <= 18, `a diagram label on ${label(rel)} at ${width}px renders at ${px.toFixed(1)}px, not 13–18`);
          }
        } finally {
          await page.close();
        }
      });
    }
  }
});

// Layouts that read well at both widths (each was wrong once): a lone report is not squeezed
// into a third of a three-column grid; quotes keep to the reading measure; on a phone the fact
// items are compact rows, not full-width cards.
describe("layout: reading measure and compact facts", { skip: !SHIPPED && "not the shipped site" }, () => {
  const measure = (rel, width, fn) => async () => {
    const { page } = await open(rel, { width, height: 900 });
    try {
      return await page.evaluate(fn);
    } finally {
      await page.close();
    }
  };
  for (const width of [360, 390, 412, 1280]) {
    test(`names in the article never break inside themselves at ${width}px`, async () => {
      const split = await measure("articles/zhuhai-zunyi-pairing/", width, () =>
        [...document.querySelectorAll(".prose a")]
          .filter((a) => a.textContent.length <= 12 && a.getClientRects().length > 1)
          .map((a) => a.textContent))();
      assert.deepEqual(split, [], `names split across lines at ${width}px`);
    });
  }
  test("a lone report on the home page takes at least half the row at 1280px", async () => {
    const r = await measure("", 1280, () => ({
      main: document.querySelector("main").getBoundingClientRect().width,
      card: document.querySelector("section[aria-labelledby=articles-title] li").getBoundingClientRect().width,
    }))();
    assert.ok(r.card >= r.main / 2, `the report is ${r.card}px of a ${r.main}px row`);
  });
  test("quotes keep to the reading measure at 1280px", async () => {
    const width = await measure("counties/meitan/", 1280,
      () => document.querySelector(".quotes blockquote").getBoundingClientRect().width)();
    assert.ok(width <= 45 * 16, `a quote is ${width}px wide, more than 45rem`);
  });
  test("fact items are compact rows on a 390px phone", async () => {
    const heights = await measure("counties/wuchuan/", 390,
      () => [...document.querySelectorAll(".facts__item")].map((e) => e.getBoundingClientRect().height))();
    assert.ok(heights.length > 0 && heights.every((h) => h <= 60), `fact items are ${heights.join(", ")}px tall`);
  });
});

describe("structure, skip link and keyboard focus", () => {
  for (const rel of PAGES) {
    test(`structure: ${label(rel)}`, async () => {
      const { page, problems } = await open(rel);
      try {
        const s = await page.evaluate(() => ({
          h1: document.querySelectorAll("h1").length,
          header: document.querySelectorAll("body > header, [role=banner]").length,
          nav: document.querySelectorAll("nav, [role=navigation]").length,
          navLinks: document.querySelectorAll("nav a[href]").length,
          main: document.querySelectorAll("main, [role=main]").length,
          footer: document.querySelectorAll("body > footer, [role=contentinfo]").length,
          mainId: document.querySelector("main")?.id,
        }));
        assert.equal(s.h1, 1, `${label(rel)} has ${s.h1} h1 elements, want exactly 1`);
        assert.equal(s.header, 1, "one header (banner) landmark");
        assert.ok(s.nav >= 1 && s.navLinks >= 1, "a nav landmark with links");
        assert.equal(s.main, 1, "one main landmark");
        assert.equal(s.mainId, "main", "main is #main");
        assert.equal(s.footer, 1, "one footer (contentinfo) landmark");
        assert.deepEqual(problems, [], `errors while loading ${label(rel)}`);
      } finally {
        await page.close();
      }
    });

    test(`skip link and focus indicators: ${label(rel)}`, async () => {
      const { page } = await open(rel);
      try {
        // Scroll at once rather than smoothly (the stylesheet animates only without this
        // preference): on a loaded machine an animation can still be under way when a stop is
        // judged, which says nothing about the page. Focus order and styles do not change.
        await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
        await page.evaluate(snapshotFocusables);
        // Tab through the whole page: the first stop must be the skip link, and every stop
        // must show focus (an outline, or a visible change of its or its children's styles).
        const stops = [];
        for (let i = 0; i < 300; i += 1) {
          await page.keyboard.press("Tab");
          // The page scrolls smoothly (scroll-behavior: smooth), so give a focused element
          // that starts off screen time to arrive.
          await page.waitForFunction(() => {
            const r = document.activeElement?.getBoundingClientRect();
            return !r || (r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth);
          }, { timeout: 3000, polling: "raf" }).catch(() => {});
          const f = await page.evaluate(focusedReport);
          if (!f || f.repeat) break;
          stops.push(f);
        }
        assert.ok(stops.length > 0, "Tab focuses nothing");
        assert.match(stops[0].name, /^a\.skip-link\[href="#main"\]$/, `first Tab stop is ${stops[0].name}, want the skip link`);
        assert.ok(stops[0].visible, "the skip link is on screen when focused");
        const firstNav = await page.evaluate(() => {
          const a = document.querySelector("nav a[href]");
          return a && a.getAttribute("href");
        });
        assert.ok(stops.some((f) => f.name.includes(`[href="${firstNav}"]`) && f.indicator),
          `Tab reaches the first nav link (${firstNav}) with a focus indicator`);
        const bad = stops.filter((f) => !f.indicator || !f.visible);
        assert.deepEqual(bad.map((f) => `${f.name}: ${f.indicator || "no focus indicator"}${f.visible ? "" : ", off screen"}`), [],
          `focus stops without a visible indicator on ${label(rel)}`);

        // A fresh load: Tab, Enter on the skip link moves focus to #main.
        await page.reload({ waitUntil: "load" });
        await page.keyboard.press("Tab");
        await page.keyboard.press("Enter");
        await page.waitForFunction(() => document.activeElement?.id === "main", { timeout: 3000 })
          .catch(() => {});
        const after = await page.evaluate(() => ({ active: document.activeElement?.id || document.activeElement?.tagName, hash: location.hash }));
        assert.deepEqual(after, { active: "main", hash: "#main" }, "Enter on the skip link moves focus to #main");
      } finally {
        await page.close();
      }
    });
  }
});

// --- 4. search ------------------------------------------------------------------------------

const results = (page) => page.$$eval(".site-search__results a", (links) => links.map((a) => ({
  href: a.getAttribute("href"),
  text: a.textContent.replace(/\s+/g, " ").trim(),
  marks: [...a.querySelectorAll("mark")].map((m) => m.textContent),
})));

const SEARCHES = [
  { query: "务川", want: "counties/wuchuan/", mark: true },
  { query: "湄潭", want: "counties/meitan/", mark: true },
  { query: "劳务协作", want: "articles/zhuhai-zunyi-pairing/", mark: true },
  { query: "meitan", want: "counties/meitan/", mark: false },
];

// The queries and what they find are the shipped site's.
describe("search", { skip: !SHIPPED && "not the shipped site" }, () => {
  for (const { query, want, mark } of SEARCHES) {
    for (const width of [1280, 360]) {
      test(`search "${query}" at ${width}px finds ${BASE}${want}`, async () => {
        const { page, problems } = await open("", { width });
        try {
          await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
          await page.click("#site-search-input");
          // Real key events: ASCII letters are keydown/keypress/keyup; CJK characters, which no
          // keyboard layout has a key for, are committed as text input, as an IME does.
          await page.keyboard.type(query, { delay: 40 });
          const href = BASE + want;
          // Results are redrawn after each character; wait for the ones for the whole query.
          await page.waitForFunction((href, query, mark) => {
            const link = document.querySelector(`.site-search__results:not([hidden]) a[href="${href}"]`);
            return link && (!mark || [...link.querySelectorAll("mark")].some((m) => m.textContent === query));
          }, { timeout: 5000, polling: 50 }, href, query, mark).catch(() => {});
          const hits = await results(page);
          const hit = hits.find((h) => h.href === href);
          assert.ok(hit, `no result links to ${href} for "${query}"; results: ${JSON.stringify(hits)}`);
          if (mark) assert.ok(hit.marks.includes(query), `the result for ${href} does not <mark> "${query}": ${JSON.stringify(hit)}`);
          const status = await page.$eval("#site-search-status", (el) => el.textContent);
          assert.match(status, /找到\d+个结果/, "the live region announces the results");
          const layout = await page.evaluate(overflowReport);
          assert.ok(layout.scrollWidth <= layout.vw && layout.count === 0,
            `the open results overflow the ${width}px viewport: ${JSON.stringify(layout)}`);
          if (width === 1280 && query === "务川") {
            for (const scheme of SCHEMES) {
              await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
              const violations = await axe(page, ".site-search");
              assert.equal(violations.length, 0, `axe on the open results (${scheme}):\n${describeViolations(violations)}`);
            }
          }
          assert.deepEqual(problems, [], "errors while searching");
        } finally {
          await page.close();
        }
      });
    }
  }

  // Several words, pinyin (with spaces, tones or full-width letters) and text with punctuation
  // inside: the right page must come first, with each term marked where it is shown.
  const RANKED = [
    { query: "湄潭 meitan", first: "counties/meitan/", marks: ["湄潭"] },
    { query: "mei tan", first: "counties/meitan/", marks: [] },
    { query: "méitán", first: "counties/meitan/", marks: [] },
    { query: "wu chuan", first: "counties/wuchuan/", marks: [] },
    { query: "湄潭县　斗门", first: "counties/meitan/", marks: ["湄潭县", "斗门"] },
    { query: "万企帮万村", first: "articles/zhuhai-zunyi-pairing/", marks: ["万企帮(兴)万村"] },
    { query: "珠海 怒江、交接", first: "articles/zhuhai-zunyi-pairing/", marks: [] },
    { query: "劳务协作", first: "areas/lao-wu-xie-zuo/", marks: ["劳务协作"] },
  ];
  for (const { query, first, marks } of RANKED) {
    test(`search "${query}" puts ${BASE}${first} first`, async () => {
      const { page, problems } = await open("", { width: 360 });
      try {
        await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
        await page.click("#site-search-input");
        await page.keyboard.type(query, { delay: 30 });
        const href = BASE + first;
        await page.waitForFunction((href) => document.querySelector(`.site-search__results:not([hidden]) li:first-child a[href="${href}"]`),
          { timeout: 5000, polling: 50 }, href).catch(() => {});
        // A redraw for the last keystroke may still be on its way: let it land first.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const hits = await results(page);
        assert.equal(hits[0]?.href, href, `first result for "${query}"; results: ${JSON.stringify(hits.map((h) => h.href))}`);
        for (const m of marks) assert.ok(hits[0].marks.includes(m), `"${m}" is marked in the first result: ${JSON.stringify(hits[0])}`);
        if (query === "劳务协作") {
          assert.ok(hits.some((h) => h.href === `${BASE}articles/zhuhai-zunyi-pairing/`), "the article is found too");
        }
        assert.ok(hits[0].text.match(/首页|列表|区|县|市|报道|协作领域|标签|页面/), `the result shows the page's kind: ${hits[0].text}`);
        // Arrow keys move through the results and back to the box.
        await page.keyboard.press("ArrowDown");
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), href, "ArrowDown focuses the first result");
        if (hits.length > 1) {
          await page.keyboard.press("ArrowDown");
          assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), hits[1].href, "ArrowDown moves on");
          await page.keyboard.press("ArrowUp");
        }
        await page.keyboard.press("ArrowUp");
        assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "ArrowUp goes back to the box");
        assert.deepEqual(problems, [], "errors while searching");
      } finally {
        await page.close();
      }
    });
  }

  // A quoted phrase matches as written: the aside that lets 万企帮万村 find 万企帮(兴)万村 is not
  // skipped inside quotes, and the phrase with its aside is found.
  test("search: a quoted phrase skips no aside", async () => {
    const { page, problems } = await open("", { width: 1280 });
    try {
      await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
      const hrefs = (query) => page.evaluate((q) => window.__xiezuoSearch(q).then((r) => r.hits.map((h) => h.doc.url)), query);
      const article = `${BASE}articles/zhuhai-zunyi-pairing/`;
      assert.ok((await hrefs("万企帮万村")).includes(article), "unquoted, the aside is skipped");
      assert.deepEqual(await hrefs("\u201c万企帮万村\u201d"), [], "quoted, nothing has the phrase as written");
      assert.deepEqual(await hrefs('"万企帮万村"'), [], "straight quotes too");
      assert.equal((await hrefs('"万企帮(兴)万村"'))[0], article, "the phrase with its aside is found");
      assert.deepEqual(problems, [], "errors while searching");
    } finally {
      await page.close();
    }
  });

  test("search: revealing the box shifts nothing (CLS 0 at 360px)", async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 800 });
      await page.evaluateOnNewDocument(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(server.url(""), { waitUntil: "load" });
      await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await page.evaluate(() => window.__shift), 0, "layout shift while loading");
    } finally {
      await page.close();
    }
  });

  test("search: Enter focuses the first result, and following it opens the page", async () => {
    const { page, problems } = await open("");
    try {
      await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
      await page.click("#site-search-input");
      await page.keyboard.type("务川", { delay: 40 });
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.closest(".site-search__results"), { timeout: 5000 });
      // Focus must stay there: a results redraw still pending from the typing must not take it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
      assert.equal(focused, `${BASE}counties/wuchuan/`, "Enter focuses the best result");
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      assert.equal(new URL(page.url()).pathname, `${BASE}counties/wuchuan/`);
      assert.deepEqual(problems, [], "errors while searching");
    } finally {
      await page.close();
    }
  });

  test("search: an IME composing pinyin and committing 务川 finds the county", async () => {
    const { page, problems } = await open("", { width: 360 });
    try {
      await page.waitForSelector("#site-search-input", { visible: true, timeout: 5000 });
      await page.click("#site-search-input");
      const cdp = await page.createCDPSession();
      for (const text of ["w", "wu", "wuc", "wuch", "wuchu", "wuchua", "wuchuan"]) {
        await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
      }
      await cdp.send("Input.insertText", { text: "务川" });
      const href = `${BASE}counties/wuchuan/`;
      await page.waitForFunction((href) => [...document.querySelectorAll(`.site-search__results a[href="${href}"] mark`)]
        .some((m) => m.textContent === "务川"), { timeout: 5000, polling: 50 }, href).catch(() => {});
      assert.equal(await page.$eval("#site-search-input", (el) => el.value), "务川");
      const hits = await results(page);
      assert.ok(hits.some((h) => h.href === href && h.marks.includes("务川")), `results: ${JSON.stringify(hits)}`);
      assert.deepEqual(problems, [], "errors while searching");
    } finally {
      await page.close();
    }
  });

  test("search: without JavaScript the form stays hidden and the page works", async () => {
    const { page, problems } = await open("", { js: false });
    try {
      const s = await page.evaluate(() => ({
        formHidden: document.querySelector(".site-search")?.hidden,
        formDisplay: getComputedStyle(document.querySelector(".site-search")).display,
        inputVisible: !!document.querySelector("#site-search-input")?.getClientRects().length,
        navLinks: [...document.querySelectorAll("nav.site-nav a[href]")].map((a) => a.getAttribute("href")),
        styled: getComputedStyle(document.body).display === "flex",
      }));
      assert.equal(s.formHidden, true, "the search form keeps its hidden attribute");
      assert.equal(s.formDisplay, "none", "the search form is not displayed");
      assert.equal(s.inputVisible, false, "the search box is not shown");
      assert.ok(s.styled, "the stylesheet applies");
      assert.ok(s.navLinks.length >= 3, `the nav still has its links: ${s.navLinks}`);
      for (const href of s.navLinks) {
        const res = await fetch(new URL(href, server.origin));
        assert.equal(res.status, 200, `nav link ${href} answers ${res.status}`);
      }
      assert.deepEqual(problems, [], "errors without JavaScript");
    } finally {
      await page.close();
    }
  });
});
