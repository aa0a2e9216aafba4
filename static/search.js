// xiezuo site search. The index is split into fragments (see src/search/mod.rs): a small entry
// point (search-index.json), posting fragments by gram hash (search/g<N>.json) and document
// chunks (search/d<N>.json). A query fetches the entry point, the fragments of its grams and
// the chunks of its best results, and nothing else.
//
// A query is one or more terms, split by spaces (also full-width), the ideographic and the
// full-width comma, semicolons and the like; a quoted phrase (in straight, curly or corner
// quotes) is one term whatever it holds, and matches as written (no aside skipped). Every term must match. Text and
// queries are folded the same way as in src/search/text.rs: full-width forms are half-width,
// tone marks go, and only letters and digits count, so punctuation, brackets and spaces inside
// the text do not break a phrase. Terms are looked up by character bigrams (one character: by
// itself, in names only; Latin letters and digits: trigrams), ranked by BM25F, and confirmed on
// the document's own text.
(() => {
  "use strict";
  const box = document.querySelector("[data-search-index]");
  if (!box || !window.fetch || !window.Map || !window.URL) return;
  const input = box.querySelector("input");
  const list = box.querySelector("ul");
  const status = box.querySelector("[aria-live]");
  // The interface's messages, from the form's data attributes (the site's language), with
  // their {placeholders} filled in.
  const say = (name, values = {}) =>
    (box.dataset[name] || "").replace(/\{([a-z_]+)\}/g, (all, key) => (key in values ? values[key] : all));
  const MAX_RESULTS = 10;
  const K1 = 1.5;
  const NAME_BONUS = 1; // times (1 + the term's idf), when every gram of the term is in the title or keys
  const metaUrl = new URL(box.dataset.searchIndex, location.href);
  let meta = null;
  let loading = null;
  const fragments = new Map(); // url -> Promise of parsed JSON

  // --- text: the same rules as src/search/text.rs ---------------------------------------
  const TONES = { ā: "a", á: "a", ǎ: "a", à: "a", ē: "e", é: "e", ě: "e", è: "e", ī: "i", í: "i", ǐ: "i", ì: "i",
    ō: "o", ó: "o", ǒ: "o", ò: "o", ū: "u", ú: "u", ǔ: "u", ù: "u", ü: "v", ǖ: "v", ǘ: "v", ǚ: "v", ǜ: "v" };
  const WORD = /^[\p{Alphabetic}\p{N}]$/u;
  function fold(c) {
    const cp = c.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) c = String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) c = " ";
    const lower = c.toLowerCase();
    c = [...lower][0] || c;
    return TONES[c] || c;
  }
  const kept = (c) => (c.charCodeAt(0) < 0x80 ? /[a-z0-9]/.test(c) : WORD.test(c));
  // CJK brackets, quotes and punctuation are written as escapes, so that the script is the
  // same text whatever the interface language.
  const ASIDES = { "(": ")", "[": "]", "\u3010": "\u3011", "\u3014": "\u3015" };
  const MAX_ASIDE = 8;

  // The kept characters of `text` as a string, with `pos[i]` the index in `text` where kept
  // character i starts and `end[i]` where it ends; a line break is kept as "\n" so nothing
  // matches across it. With `skipAsides`, short bracketed asides are left out.
  function stream(text, skipAsides) {
    const chars = [];
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i);
      const len = cp > 0xffff ? 2 : 1;
      chars.push({ c: fold(text.slice(i, i + len)), at: i, len });
      i += len;
    }
    let s = "";
    const pos = [];
    const end = [];
    for (let i = 0; i < chars.length; i += 1) {
      const { c, at, len } = chars[i];
      if (c === "\n") { s += "\n"; pos.push(at); end.push(at + len); continue; }
      if (skipAsides && ASIDES[c]) {
        let inside = 0;
        let j = i + 1;
        for (; j < chars.length; j += 1) {
          const d = chars[j].c;
          if (d === ASIDES[c] || d === "\n" || ASIDES[d]) break;
          if (kept(d) && ++inside > MAX_ASIDE) break;
        }
        if (j < chars.length && chars[j].c === ASIDES[c]) { i = j; continue; }
      }
      if (kept(c)) { s += c; pos.push(at); end.push(at + len); }
    }
    return { s, pos, end };
  }

  // --- queries ---------------------------------------------------------------------------
  const QUOTES = { '"': '"', "\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f", "\u201d": "\u201d" };
  const SEPARATOR = /[\s\u3001\uff0c,\uff1b;\u3002!\uff01?\uff1f|/]/u;
  const TONE_DIGITS = /^(?:[a-z]+[1-5])+[a-z]*$/;

  function parse(raw) {
    const chars = [...raw].map(fold);
    const words = [];
    let word = "";
    for (let i = 0; i < chars.length; i += 1) {
      const c = chars[i];
      if (QUOTES[c]) {
        const close = chars.indexOf(QUOTES[c], i + 1);
        if (word) { words.push({ text: word, quoted: false }); word = ""; }
        const to = close < 0 ? chars.length : close;
        words.push({ text: chars.slice(i + 1, to).join(""), quoted: true });
        i = to;
      } else if (SEPARATOR.test(c)) {
        if (word) { words.push({ text: word, quoted: false }); word = ""; }
      } else {
        word += c;
      }
    }
    if (word) words.push({ text: word, quoted: false });
    const terms = [];
    for (const w of words) {
      let text = [...w.text].filter(kept).join("");
      if (TONE_DIGITS.test(text)) text = text.replace(/[1-5]/g, "");
      const cps = [...text];
      if (!cps.length || (cps.length === 1 && cps[0] < "\u0080")) continue;
      if (terms.some((t) => t.text === text)) continue;
      // One character: itself; Latin and digits only: trigrams; otherwise bigrams.
      const grams = [];
      const n = cps.length >= 3 && /^[a-z0-9]+$/.test(text) ? 3 : 2;
      if (cps.length === 1) grams.push(text);
      for (let i = 0; i + n <= cps.length; i += 1) {
        const g = cps.slice(i, i + n).join("");
        if (!grams.includes(g)) grams.push(g);
      }
      terms.push({ text, grams, quoted: w.quoted });
    }
    return terms;
  }

  // FNV-1a over code points, as src/search/text.rs shard_of.
  function shardOf(gram) {
    let h = 0x811c9dc5;
    for (const c of gram) { h ^= c.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % meta.shards;
  }

  function fetchJson(url) {
    let p = fragments.get(url);
    if (!p) {
      p = fetch(url).then((r) => { if (!r.ok) throw new Error(`${r.status} ${url}`); return r.json(); });
      p.catch(() => fragments.delete(url));
      fragments.set(url, p);
    }
    return p;
  }
  const fragmentUrl = (name) => new URL(`search/${name}.json?v=${meta.version}`, metaUrl).href;

  function load() {
    if (!loading) {
      loading = fetch(metaUrl)
        .then((r) => r.json())
        .then((m) => {
          if (m.v !== 2) throw new Error("unknown index format");
          meta = m;
        })
        .catch(() => { status.textContent = say("failed"); loading = null; });
    }
    return loading;
  }

  function chunkOf(doc) {
    if (doc < meta.entities) return Math.floor(doc / meta.entityChunk);
    return Math.ceil(meta.entities / meta.entityChunk) + Math.floor((doc - meta.entities) / meta.articleChunk);
  }
  function docs(ids) {
    const wanted = [...new Set(ids.map(chunkOf))];
    return Promise.all(wanted.map((c) => fetchJson(fragmentUrl(`d${c}`)).then((rows) => [c, rows])))
      .then((pairs) => {
        const byChunk = new Map(pairs);
        return ids.map((id) => {
          const c = chunkOf(id);
          const first = id < meta.entities ? c * meta.entityChunk
            : meta.entities + (c - Math.ceil(meta.entities / meta.entityChunk)) * meta.articleChunk;
          const [title, url, kind, keys, text] = byChunk.get(c)[id - first];
          return { id, title, url, kind, keys, text };
        });
      });
  }

  // The documents that have every gram of `term`: doc -> { tf, name }.
  function termPostings(term, shards) {
    const lists = term.grams.map((g) => shards.get(shardOf(g))[g]);
    if (lists.some((l) => !l)) return new Map();
    lists.sort((a, b) => a.length - b.length);
    let found = new Map();
    for (let i = 0, doc = 0; i < lists[0].length; i += 2) {
      doc += lists[0][i];
      const v = lists[0][i + 1];
      found.set(doc, { tf: (v >> 1) / meta.quantum, name: v & 1 });
    }
    for (const l of lists.slice(1)) {
      const next = new Map();
      for (let i = 0, doc = 0; i < l.length; i += 2) {
        doc += l[i];
        const hit = found.get(doc);
        if (!hit) continue;
        const v = l[i + 1];
        next.set(doc, { tf: Math.min(hit.tf, (v >> 1) / meta.quantum), name: hit.name & v & 1 });
      }
      found = next;
    }
    return found;
  }

  // Where `term` occurs in `field` (folded, kept characters), as ranges of the original text.
  // A bracketed aside may be skipped, except in a quoted phrase, which matches as written.
  function occurrences(field, term) {
    const out = [];
    for (const skip of term.quoted ? [false] : [false, true]) {
      const { s, pos, end } = stream(field, skip);
      for (let at = s.indexOf(term.text); at >= 0; at = s.indexOf(term.text, at + term.text.length)) {
        out.push([pos[at], end[at + term.text.length - 1]]);
      }
      if (out.length) break;
    }
    return out;
  }

  function confirm(doc, terms) {
    const fields = [doc.title, ...doc.keys.split(" "), doc.text];
    const normTitle = stream(doc.title, false).s;
    const keys = doc.keys.split(" ").map((k) => stream(k, false).s);
    let bonus = 0;
    for (const t of terms) {
      if (!fields.some((f) => f && occurrences(f, t).length)) return null;
      if (normTitle === t.text || keys.includes(t.text)) bonus += 10;
      else if (normTitle.startsWith(t.text)) bonus += 3;
      else if (keys.some((k) => k.startsWith(t.text))) bonus += 2;
    }
    return bonus;
  }

  let generation = 0;

  // Finds the best pages for `raw`: [{ doc, score }], at most MAX_RESULTS.
  async function search(raw) {
    const terms = parse(raw);
    if (!terms.length || !meta) return { terms, hits: [] };
    const shardIds = [...new Set(terms.flatMap((t) => t.grams.map(shardOf)))];
    const loaded = await Promise.all(shardIds.map((s) => fetchJson(fragmentUrl(`g${s}`)).then((j) => [s, j])));
    const shards = new Map(loaded);
    const perTerm = terms.map((t) => termPostings(t, shards)).sort((a, b) => a.size - b.size);
    if (!perTerm.length || !perTerm[0].size) return { terms, hits: [] };
    const n = meta.docs;
    const idf = perTerm.map((m) => Math.log(1 + (n - m.size + 0.5) / (m.size + 0.5)));
    const scored = [];
    for (const [doc] of perTerm[0]) {
      let score = 0;
      let all = true;
      for (let i = 0; i < perTerm.length; i += 1) {
        const hit = perTerm[i].get(doc);
        if (!hit) { all = false; break; }
        score += idf[i] * ((hit.tf * (K1 + 1)) / (hit.tf + K1)) + (hit.name ? NAME_BONUS * (1 + idf[i]) : 0);
      }
      if (all) scored.push({ id: doc, score });
    }
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    // Confirm the best on their own text (the grams are all there, but maybe not in a row),
    // taking more until there are enough or none are left.
    const hits = [];
    // Two batches at most: a query's first download stays small on any site.
    for (let from = 0; from < scored.length && hits.length < MAX_RESULTS && from < 2 * (MAX_RESULTS + 2);) {
      const batch = scored.slice(from, from + MAX_RESULTS + 2);
      from += batch.length;
      const found = await docs(batch.map((s) => s.id));
      found.forEach((doc, i) => {
        const bonus = confirm(doc, terms);
        if (bonus !== null) hits.push({ doc, score: batch[i].score + bonus });
      });
    }
    hits.sort((a, b) => b.score - a.score || a.doc.id - b.doc.id);
    return { terms, hits: hits.slice(0, MAX_RESULTS) };
  }

  // --- showing results -------------------------------------------------------------------
  // Appends `text` to `parent`, with every occurrence of the terms in a <mark>.
  function appendMarked(parent, text, terms) {
    const ranges = terms.flatMap((t) => occurrences(text, t)).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let at = 0;
    for (const [from, to] of ranges) {
      if (from < at) continue;
      parent.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      parent.append(mark);
      at = to;
    }
    parent.append(text.slice(at));
  }

  // The passage of the text that best shows the terms: the line with the most of them, cut
  // around the first.
  function snippet(doc, terms) {
    const lines = doc.text.split("\n").filter((l) => l.trim());
    let best = lines[0] || "";
    let bestCount = 0;
    let bestAt = 0;
    for (const line of lines) {
      const found = terms.map((t) => occurrences(line, t)).filter((o) => o.length);
      if (found.length > bestCount) {
        bestCount = found.length;
        best = line;
        bestAt = Math.min(...found.map((o) => o[0][0]));
      }
    }
    const start = Math.max(0, bestAt - 18);
    const end = Math.min(best.length, Math.max(bestAt + 60, start + 60));
    return (start > 0 ? "…" : "") + best.slice(start, end) + (end < best.length ? "…" : "");
  }

  function show(raw, result) {
    list.replaceChildren();
    if (!raw.trim()) { list.hidden = true; status.textContent = ""; return; }
    const { terms, hits } = result;
    for (const { doc } of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = doc.url;
      const title = document.createElement("span");
      title.className = "site-search__title";
      appendMarked(title, doc.title, terms);
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.kind;
      const text = document.createElement("span");
      text.className = "site-search__snippet";
      appendMarked(text, snippet(doc, terms), terms);
      link.append(title, " ", kind, text);
      item.append(link);
      list.append(item);
    }
    list.hidden = false;
    status.textContent = hits.length ? say("found", { count: hits.length }) : say("none");
    if (!hits.length) {
      const item = document.createElement("li");
      item.className = "site-search__empty";
      item.textContent = say("noMatch", { query: raw.trim() });
      list.append(item);
    }
  }

  // Runs the query in the box and shows its results, unless a newer one has started meanwhile.
  function run() {
    const mine = ++generation;
    const raw = input.value;
    return load()
      .then(() => search(raw))
      .then((result) => { if (mine === generation) show(raw, result); return mine === generation; })
      .catch(() => { if (mine === generation) status.textContent = say("failed"); return false; });
  }

  const links = () => [...list.querySelectorAll("a")];
  function move(by) {
    const all = links();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement);
    const next = at < 0 ? (by > 0 ? 0 : all.length - 1) : at + by;
    if (next < 0) { input.focus(); return; }
    all[Math.min(next, all.length - 1)].focus();
  }

  // For the browser checks and bench/search: the ranked results for a query, without drawing.
  window.__xiezuoSearch = (raw) => load().then(() => search(raw));

  let timer = 0;
  // Results are redrawn after a short pause in typing (redrawing on every key would flicker),
  // or at once on Enter.
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      generation += 1;
      show("", { terms: [], hits: [] });
      input.focus();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowUp" && event.target !== input) {
      event.preventDefault();
      move(-1);
    }
  });
  box.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer); // a redraw still pending from typing would take the focus away again
    run().then((current) => {
      const first = list.querySelector("a");
      if (current && first) first.focus();
    });
  });
  box.hidden = false;
})();
