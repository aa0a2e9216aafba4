// The benchmark's queries, each with the pages a reader would expect (`want`, paths relative
// to the site's root) in three groups: single phrases, several words, pinyin.
//
// The shipped site's queries are written by hand. A synthetic site's (xiezuo-gen) are drawn,
// with a fixed seed, from its own pairing data and articles, and judged from that data alone:
// a name wants its own page; a district and county together want both pages; an article
// title's district, county and area want the articles whose title has all three; pinyin (of
// a name without its last character, whole or split into syllables) wants the page of that name.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { PINYIN_SYLLABLES, pinyinOf } from "./pinyin.mjs";

export const SHIPPED = [
  // single phrases
  { group: "single", q: "务川", want: ["counties/wuchuan/"] },
  { group: "single", q: "湄潭", want: ["counties/meitan/"] },
  { group: "single", q: "横琴新区", want: ["districts/hengqin/"] },
  { group: "single", q: "道真仡佬族苗族自治县", want: ["counties/daozhen/"] },
  { group: "single", q: "斗门区", want: ["districts/doumen/"] },
  { group: "single", q: "赤水", want: ["counties/chishui/"] },
  { group: "single", q: "东西部协作", want: ["articles/zhuhai-zunyi-pairing/", ""] },
  { group: "single", q: "劳务协作", want: ["areas/lao-wu-xie-zuo/", "", "articles/zhuhai-zunyi-pairing/"] },
  { group: "single", q: "万企帮万村", want: ["articles/zhuhai-zunyi-pairing/"] },
  { group: "single", q: "交接备忘录", want: ["articles/zhuhai-zunyi-pairing/", ""] },
  { group: "single", q: "集中连片", want: ["", "articles/zhuhai-zunyi-pairing/"] },
  { group: "single", q: "怒江州", want: ["cities/nujiang/", "", "articles/zhuhai-zunyi-pairing/"] },
  { group: "single", q: "ＭＥＩＴＡＮ", want: ["counties/meitan/"] },
  { group: "single", q: "务川县", want: ["counties/wuchuan/"] },
  // several words
  { group: "multi", q: "香洲区 务川", want: ["districts/xiangzhou/", "counties/wuchuan/"] },
  { group: "multi", q: "斗门区　湄潭县", want: ["counties/meitan/", "districts/doumen/"] },
  { group: "multi", q: "劳务协作、招商协作", want: ["", "articles/zhuhai-zunyi-pairing/"] },
  { group: "multi", q: "珠海 怒江 交接", want: ["articles/zhuhai-zunyi-pairing/", ""] },
  { group: "multi", q: "专题调研，遵义", want: ["articles/zhuhai-zunyi-pairing/", ""] },
  { group: "multi", q: "\"万企帮(兴)万村\" 行动", want: ["articles/zhuhai-zunyi-pairing/"] },
  { group: "multi", q: "金湾区 赤水市 习水县", want: ["districts/jinwan/"] },
  { group: "multi", q: "横琴 桐梓", want: ["districts/hengqin/", "counties/tongzi/"] },
  { group: "multi", q: "湄潭 meitan", want: ["counties/meitan/"] },
  { group: "multi", q: "高新区 daozhen", want: ["counties/daozhen/"] },
  // pinyin
  { group: "pinyin", q: "meitan", want: ["counties/meitan/"] },
  { group: "pinyin", q: "mei tan", want: ["counties/meitan/"] },
  { group: "pinyin", q: "méitán", want: ["counties/meitan/"] },
  { group: "pinyin", q: "mei2tan2", want: ["counties/meitan/"] },
  { group: "pinyin", q: "wuchuan", want: ["counties/wuchuan/"] },
  { group: "pinyin", q: "wu chuan", want: ["counties/wuchuan/"] },
  { group: "pinyin", q: "zhengan", want: ["counties/zhengan/"] },
  { group: "pinyin", q: "hengqin", want: ["districts/hengqin/"] },
  { group: "pinyin", q: "xiangzhou", want: ["districts/xiangzhou/"] },
  { group: "pinyin", q: "doumenqu", want: ["districts/doumen/"] },
  { group: "pinyin", q: "tongzi", want: ["counties/tongzi/"] },
  { group: "pinyin", q: "chi shui", want: ["counties/chishui/"] },
];

// A small seeded PRNG (mulberry32), so the same site always gets the same queries.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Reads xiezuo-gen's pairings.toml (the network form): the districts (slugs d-…) with the
// counties (c-…) they pair with, and the areas; just the fields the queries need.
function readPairing(site) {
  const toml = readFileSync(path.join(site, "content/pairings.toml"), "utf8");
  const tables = toml.split(/\n(?=\[\[)/);
  const districts = [];
  const counties = [];
  const partners = new Map();
  for (const t of tables) {
    const get = (k) => (t.match(new RegExp(`^${k} = "([^"]*)"`, "m")) || [])[1];
    if (t.startsWith("[[units]]")) {
      const slug = get("slug") || "";
      if (slug.startsWith("d-")) districts.push({ slug, name: get("name"), counties: [] });
      else if (slug.startsWith("c-")) counties.push({ slug, name: get("name") });
    } else if (t.startsWith("[[pairings]]")) {
      const east = get("east");
      const west = get("west") ? [get("west")] : [...(((t.match(/^west = \[([^\]]*)\]/m) || [])[1] || "").matchAll(/"([^"]+)"/g))].map((m) => m[1]);
      if (east && east.startsWith("d-") && !/^(end|ended) = /m.test(t)) partners.set(east, [...(partners.get(east) || []), ...west]);
    }
  }
  for (const d of districts) d.counties = partners.get(d.slug) || [];
  const areas = [...((toml.match(/^areas = \[([^\]]*)\]/m) || [])[1] || "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return { districts, counties, areas };
}

function readArticles(site) {
  const dir = path.join(site, "content/articles");
  return readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => {
    const text = readFileSync(path.join(dir, f), "utf8");
    return { slug: f.replace(/\.md$/, ""), title: (text.match(/^title = "([^"]*)"/m) || [])[1] || "" };
  });
}

// Splits pinyin into syllables, longest first (for "mei tan" style queries).
function syllables(p) {
  const out = [];
  for (let i = 0; i < p.length;) {
    let len = Math.min(6, p.length - i);
    while (len > 0 && !PINYIN_SYLLABLES.has(p.slice(i, i + len))) len -= 1;
    if (!len) return null;
    out.push(p.slice(i, i + len));
    i += len;
  }
  return out;
}

export function synthetic(site, perGroup = 20, seed = 7) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const { districts, counties, areas } = readPairing(site);
  const articles = readArticles(site);
  const bySlug = new Map(counties.map((c) => [c.slug, c]));
  const names = new Map();
  for (const d of districts) names.set(d.name, (names.get(d.name) || 0) + 1);
  for (const c of counties) names.set(c.name, (names.get(c.name) || 0) + 1);
  const unique = (n) => names.get(n) === 1;
  const queries = [];
  // single: a county or district name; an article's title.
  for (let i = 0; i < perGroup; i += 1) {
    if (i % 4 === 3) {
      const a = pick(articles);
      const same = articles.filter((b) => b.title === a.title).map((b) => `articles/${b.slug}/`);
      queries.push({ group: "single", q: a.title, want: same });
    } else if (i % 2) {
      const d = pick(districts.filter((x) => unique(x.name)));
      queries.push({ group: "single", q: d.name, want: [`districts/${d.slug}/`] });
    } else {
      const c = pick(counties.filter((x) => unique(x.name)));
      queries.push({ group: "single", q: c.name, want: [`counties/${c.slug}/`] });
    }
  }
  // multi: a district and one of its counties; an article title's names and area.
  for (let i = 0; i < perGroup; i += 1) {
    if (i % 2) {
      const d = pick(districts.filter((x) => unique(x.name)));
      const c = bySlug.get(pick(d.counties));
      queries.push({ group: "multi", q: `${d.name} ${c.name}`, want: [`districts/${d.slug}/`, `counties/${c.slug}/`] });
    } else {
      for (;;) {
        const a = pick(articles);
        const m = a.title.match(/^(.+?(?:区|新区|功能区))(.+?(?:县|市))(.+?协作|.+?帮扶)/u);
        const area = areas.find((x) => a.title.includes(x));
        if (!m || !area) continue;
        const terms = [m[1], m[2], area];
        const want = articles.filter((b) => terms.every((t) => b.title.includes(t))).map((b) => `articles/${b.slug}/`);
        queries.push({ group: "multi", q: terms.join(i % 4 ? "、" : " "), want });
        break;
      }
    }
  }
  // pinyin: a name's pinyin without its last character's, whole or in syllables.
  for (let i = 0; i < perGroup; i += 1) {
    const [kind, e] = i % 2 ? ["districts", pick(districts.filter((x) => unique(x.name)))] : ["counties", pick(counties.filter((x) => unique(x.name)))];
    const stem = [...e.name].slice(0, -1).join("");
    const p = pinyinOf(stem);
    if (!p) { i -= 1; continue; }
    const split = syllables(p);
    const q = i % 4 < 2 || !split ? p : split.join(" ");
    // Other names with the same pinyin stem are as good an answer: any of them counts.
    const same = [...districts.map((d) => ["districts", d]), ...counties.map((c) => ["counties", c])]
      .filter(([, x]) => pinyinOf([...x.name].slice(0, -1).join("")) === p)
      .map(([k, x]) => `${k}/${x.slug}/`);
    queries.push({ group: "pinyin", q, want: same.length ? same : [`${kind}/${e.slug}/`], anyOf: true });
  }
  return queries;
}
