// Lighthouse on the home page, a county page, a city page, the article page, the article list, an area page and the about page of the built site
// (SITE_DIR), served locally over http under its base path. Gates: accessibility, best
// practices and SEO 100, performance >= 95, layout shift (CLS) below 0.01, with Lighthouse's default config (mobile,
// simulated throttling) and its desktop preset.
// The canonical links point at the real host (https://example.org/...), not at 127.0.0.1;
// Lighthouse 12's canonical audit does not mind (it no longer checks the host), so the site
// is audited exactly as built, with no rebuild for the local address.
// Run with `node --test` through ../browser-checks.sh.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { serve } from "./lib/server.js";
import { CHROMIUM, CHROME_FLAGS, SITE_DIR, basePath } from "./lib/site.js";

const PAGES = ["", "counties/wuchuan/", "cities/zhuhai/", "articles/zhuhai-zunyi-pairing/", "articles/", "areas/lao-wu-xie-zuo/", "about/"];
const PRESETS = { mobile: undefined, desktop: desktopConfig };
const GATES = { performance: 0.95, accessibility: 1, "best-practices": 1, seo: 1 };
const BASE = basePath();
const REPORTS = process.env.LIGHTHOUSE_REPORTS; // optional folder for the HTML reports

let server;

before(async () => {
  server = await serve(SITE_DIR, BASE);
  if (REPORTS) mkdirSync(REPORTS, { recursive: true });
});

after(async () => {
  await server?.close();
});

// Everything that cost points, so a failure says what to fix.
function lostPoints(lhr) {
  const lines = [];
  for (const [id, category] of Object.entries(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        lines.push(`  ${id}: ${ref.id} = ${audit.score} ${audit.displayValue || ""} (${audit.title})`);
      }
    }
  }
  return lines.join("\n");
}

describe("Lighthouse", () => {
  for (const rel of PAGES) {
    for (const [preset, config] of Object.entries(PRESETS)) {
      test(`lighthouse ${preset}: ${BASE}${rel}`, async (t) => {
        const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: "error" });
        let lhr;
        try {
          const result = await lighthouse(server.url(rel), {
            port: chrome.port,
            logLevel: "error",
            output: "html",
            onlyCategories: Object.keys(GATES),
          }, config);
          lhr = result.lhr;
          if (REPORTS) {
            const name = `${rel.replace(/\/$/, "").replace(/\//g, "-") || "index"}-${preset}.html`;
            writeFileSync(path.join(REPORTS, name), result.report);
          }
        } finally {
          await chrome.kill();
        }
        assert.equal(lhr.runtimeError, undefined, `Lighthouse failed: ${JSON.stringify(lhr.runtimeError)}`);
        const scores = Object.fromEntries(Object.keys(GATES).map((k) => [k, Math.round((lhr.categories[k]?.score ?? 0) * 100)]));
        const cls = lhr.audits["cumulative-layout-shift"]?.numericValue;
        const line = `lighthouse ${preset} ${BASE}${rel}: ${Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(", ")}, CLS ${cls}`;
        t.diagnostic(line);
        const low = Object.entries(GATES).filter(([k, min]) => (lhr.categories[k]?.score ?? 0) < min);
        assert.deepEqual(low.map(([k, min]) => `${k} ${scores[k]} < ${min * 100}`), [],
          `${line}\n${lostPoints(lhr)}${lhr.runWarnings?.length ? `\n  warnings: ${lhr.runWarnings.join("; ")}` : ""}`);
        // Nothing on the page moves once drawn (the search box's space is reserved before paint).
        // The gate is below 0.01, not 0: on desktop, one run in several showed a shift of 0.0043
        // (about 6 px of part of the page) on different pages alike, on a busy machine only, and
        // it could not be reproduced in 20 runs with the machine quiet or loaded. What moved is
        // printed, so a run that shows it again says which element it is.
        const shifts = (lhr.audits["layout-shifts"]?.details?.items ?? [])
          .map((s) => `${s.score.toFixed(4)} ${s.node?.selector ?? "?"} ${s.node?.snippet ?? ""}`);
        if (cls > 0) t.diagnostic(`layout shifts: ${shifts.join("; ") || "(none listed)"}`);
        assert.ok(cls < 0.01, `${line}: the page shifts while loading: ${shifts.join("; ")}`);
      });
    }
  }
});
