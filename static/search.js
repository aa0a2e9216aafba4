// xiezuo site search: loads search-index.json on first use and finds pages for Chinese queries
// of one or more characters, and for slugs (pinyin). Chinese has no spaces, so the index is by
// character bigrams; every candidate is then confirmed by a plain substring match.
(() => {
  "use strict";
  const box = document.querySelector("[data-search-index]");
  if (!box || !window.fetch || !window.Map) return;
  const input = box.querySelector("input");
  const list = box.querySelector("ul");
  const status = box.querySelector("[aria-live]");
  const MAX_RESULTS = 10;
  let docs = null;
  let grams = null;
  let loading = null;

  const normalise = (text) => text.toLowerCase();

  function build(index) {
    docs = index.docs.map(([title, url, kind, keys, text]) => ({
      title, url, kind, keys, text,
      haystack: normalise(`${title}\n${keys}\n${text}`),
    }));
    grams = new Map();
    docs.forEach((doc, i) => {
      const seen = new Set();
      for (let j = 0; j + 1 < doc.haystack.length; j += 1) {
        const gram = doc.haystack.slice(j, j + 2);
        if (seen.has(gram)) continue;
        seen.add(gram);
        const postings = grams.get(gram);
        if (postings) postings.push(i); else grams.set(gram, [i]);
      }
    });
  }

  function load() {
    if (!loading) {
      loading = fetch(box.dataset.searchIndex)
        .then((response) => response.json())
        .then(build)
        .catch(() => { status.textContent = "搜索索引加载失败"; loading = null; });
    }
    return loading;
  }

  function candidates(query) {
    if (query.length < 2) return docs.map((_, i) => i);
    let best = null;
    for (let j = 0; j + 1 < query.length; j += 1) {
      const postings = grams.get(query.slice(j, j + 2));
      if (!postings) return [];
      if (!best || postings.length < best.length) best = postings;
    }
    return best;
  }

  function search(raw) {
    const query = normalise(raw.trim());
    if (!query || !docs) return [];
    const found = [];
    for (const i of candidates(query)) {
      const doc = docs[i];
      if (!doc.haystack.includes(query)) continue;
      const inTitle = normalise(doc.title).includes(query);
      const inKeys = normalise(doc.keys).split(" ").some((key) => key.includes(query));
      found.push({ doc, rank: inTitle ? 0 : inKeys ? 1 : 2 });
    }
    found.sort((a, b) => a.rank - b.rank || a.doc.title.length - b.doc.title.length);
    return found.slice(0, MAX_RESULTS).map((hit) => hit.doc);
  }

  // Appends `text` to `parent`, with the first match of `query` in a <mark>.
  function appendMarked(parent, text, query) {
    const at = normalise(text).indexOf(query);
    if (at < 0) { parent.append(text); return; }
    const mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + query.length);
    parent.append(text.slice(0, at), mark, text.slice(at + query.length));
  }

  function snippet(doc, query) {
    const line = doc.text.split("\n").find((l) => normalise(l).includes(query)) || doc.text.split("\n")[0] || "";
    const at = Math.max(0, normalise(line).indexOf(query));
    const start = Math.max(0, at - 18);
    const end = Math.min(line.length, at + query.length + 42);
    return (start > 0 ? "…" : "") + line.slice(start, end) + (end < line.length ? "…" : "");
  }

  function show(raw) {
    const query = normalise(raw.trim());
    list.replaceChildren();
    if (!query) { list.hidden = true; status.textContent = ""; return; }
    const hits = search(raw);
    for (const doc of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = doc.url;
      const title = document.createElement("span");
      title.className = "site-search__title";
      appendMarked(title, doc.title, query);
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.kind;
      const text = document.createElement("span");
      text.className = "site-search__snippet";
      appendMarked(text, snippet(doc, query), query);
      link.append(title, " ", kind, text);
      item.append(link);
      list.append(item);
    }
    list.hidden = false;
    status.textContent = hits.length ? `找到 ${hits.length} 个结果` : "没有找到结果";
    if (!hits.length) {
      const item = document.createElement("li");
      item.className = "site-search__empty";
      item.textContent = `没有找到“${raw.trim()}”`;
      list.append(item);
    }
  }

  let timer = 0;
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => load().then(() => show(input.value)), 60);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { input.value = ""; show(""); }
  });
  box.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer); // a redraw still pending from typing would take the focus away again
    load().then(() => {
      show(input.value);
      const first = list.querySelector("a");
      if (first) first.focus();
    });
  });
  box.hidden = false;
})();
