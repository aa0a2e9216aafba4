#!/usr/bin/env python3
"""Writes bench/search/pinyin.mjs from pinyin-data's pinyin.txt (as shipped in the pinyin crate's
source, e.g. ~/.cargo/registry/src/*/pinyin-0.11.0/pinyin-data/pinyin.txt), for the characters
xiezuo-gen writes. Usage: make-pinyin.py PINYIN_TXT (run from the repository root)."""
import re
import sys
import unicodedata


def plain(reading):
    reading = re.sub("[üǖǘǚǜ]", "v", reading)
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


data = {}
for line in open(sys.argv[1], encoding="utf8"):
    m = re.match(r"U\+([0-9A-F]+): ([^#]+)#", line)
    if m:
        data[chr(int(m.group(1), 16))] = [plain(r.strip()) for r in m.group(2).split(",")]
src = open("src/bin/xiezuo-gen.rs", encoding="utf8").read()
chars = sorted(set(c for c in src if "\u4e00" <= c <= "\u9fff"))
table = " ".join(f"{c}{data[c][0]}" for c in chars if c in data)
syllables = " ".join(sorted(set(r for v in data.values() for r in v if re.fullmatch("[a-z]+", r))))
out = f"""// Pinyin for the benchmark's synthetic queries: the first (commonest) reading, without tones, of
// every Chinese character xiezuo-gen writes, and the set of pinyin syllables. Extracted from
// pinyin-data 0.15.0 (MIT, mozillazg/pinyin-data), which the pinyin crate also ships; rebuild with
// bench/search/make-pinyin.py.
const TABLE = "{table}";
export const PINYIN = new Map(TABLE.split(" ").map((e) => [e[0], e.slice(1)]));
export const PINYIN_SYLLABLES = new Set("{syllables}".split(" "));
export const pinyinOf = (text) => {{
  let out = "";
  for (const c of text) {{
    const p = PINYIN.get(c);
    if (!p) return null;
    out += p;
  }}
  return out;
}};
"""
open("bench/search/pinyin.mjs", "w", encoding="utf8").write(out)
