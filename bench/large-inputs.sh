#!/usr/bin/env bash
# Large-input builds for issue 6: each size and its half, to see linear time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
X="$ROOT/target/release/xiezuo"
G="$ROOT/target/release/xiezuo-gen"
W="${BENCH_DIR:-/dev/shm}/xiezuo-large"; rm -rf "$W"; mkdir -p "$W"
(cd "$ROOT" && cargo build --release --quiet -p xiezuo --bin xiezuo -p xiezuo-gen --bin xiezuo-gen)
timed() { /usr/bin/time -f "%e s wall · %M KB peak RSS" "$@" 2>&1 | tail -2 | tr '\n' ' '; echo; }
article() { # article FILE MB SEP: paragraphs of Chinese text naming entities; SEP "\n\n" or "" for one line
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, mb, one_line = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "line"
sentence = "珠海市横琴新区与遵义市桐梓县、正安县结对，香洲区与务川仡佬族苗族自治县开展劳务协作和消费协作。"
para = sentence * 8
target = int(mb * 1024 * 1024)
parts, size = [], 0
while size < target:
    parts.append(para); size += len(para.encode())
body = ("".join(parts) if one_line else "\n\n".join(parts))
open(path, "w").write('+++\ntitle = "大文章"\ndate = 2024-01-01\n+++\n\n' + body + "\n")
PY
}
for mb in 25 50; do
  d=$W/article-$mb; mkdir -p "$d"; cp -r "$ROOT/content" "$ROOT/xiezuo.toml" "$d"/
  article "$d"/content/articles/big.md $mb para
  echo -n "article ${mb} MB (paragraphs): "; timed "$X" build -q --root "$d" --output "$d"/public
done
for mb in 0.5 1; do
  d=$W/line-$mb; mkdir -p "$d"; cp -r "$ROOT/content" "$ROOT/xiezuo.toml" "$d"/
  article "$d"/content/articles/big.md $mb line
  echo -n "one line of ${mb} MB: "; timed "$X" build -q --root "$d" --output "$d"/public
done
for n in 50000 100000; do
  # Each district pairs with one or two counties: a third of the units are districts.
  d=$W/entities-$n; "$G" --districts $((n / 3)) --counties $((n * 2 / 3)) --articles 50 --out "$d" >/dev/null
  echo -n "$n units ($((n / 3)) districts, $((n * 2 / 3)) counties, their cities and provinces, 50 articles): "; timed "$X" build -q --root "$d" --output "$d"/public
done
