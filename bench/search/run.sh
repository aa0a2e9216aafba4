#!/usr/bin/env bash
# Search benchmark: builds the shipped site and xiezuo-gen's synthetic sites, then runs the real
# search.js over a query set per site in headless Chromium (bench.mjs) and prints recall@10,
# MRR, the first query's download (gzipped) and query times. Pagefind (from npm) indexes the same
# output and is measured beside it unless NO_PAGEFIND=1.
#
#   bench/search/run.sh              # shipped 1k 10k
#   bench/search/run.sh shipped 100k
#
# Environment: BENCH_DIR (/dev/shm/xiezuo-search-bench, else $TMPDIR), SEED (1), CHROMIUM
# (/usr/bin/chromium), NO_PAGEFIND=1, VERBOSE=1 (list the queries whose answer was not first).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SEED="${SEED:-1}"
if [[ $# -gt 0 ]]; then SCALES=("$@"); else SCALES=(shipped 1k 10k); fi
if [[ -z "${BENCH_DIR:-}" ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_DIR=/dev/shm/xiezuo-search-bench; else BENCH_DIR="${TMPDIR:-/tmp}/xiezuo-search-bench"; fi
fi
mkdir -p "$BENCH_DIR"
(cd "$HERE" && { [[ -d node_modules/puppeteer-core ]] || npm ci --no-audit --no-fund --silent; })
cargo build --release --quiet -p xiezuo --bin xiezuo -p xiezuo-gen --bin xiezuo-gen --manifest-path "$REPO/Cargo.toml"
TARGET="$(cargo metadata --format-version 1 --no-deps --manifest-path "$REPO/Cargo.toml" | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release"
for scale in "${SCALES[@]}"; do
  out="$BENCH_DIR/out-$scale"
  rm -rf "$out"
  if [[ "$scale" == shipped ]]; then
    "$TARGET/xiezuo" build --root "$REPO" --output "$out" --base-url http://127.0.0.1/ --quiet
    queries=shipped
  else
    site="$BENCH_DIR/site-$scale"
    rm -rf "$site"
    "$TARGET/xiezuo-gen" --scale "$scale" --seed "$SEED" --out "$site" >/dev/null
    "$TARGET/xiezuo" build --root "$site" --output "$out" --base-url http://127.0.0.1/ --quiet
    queries="$site"
  fi
  flags=()
  if [[ -z "${NO_PAGEFIND:-}" ]]; then
    start="$(date +%s%N)"
    "$HERE/node_modules/.bin/pagefind" --site "$out" --silent
    echo "pagefind indexed $scale in $((($(date +%s%N) - start) / 1000000)) ms" >&2
    flags+=(--pagefind)
  fi
  if [[ -n "${VERBOSE:-}" ]]; then flags+=(--verbose); fi
  echo "== $scale: $(find "$out" -name '*.html' | wc -l) pages; xiezuo index $(du -sb "$out/search" | cut -f1) bytes in $(find "$out/search" -type f | wc -l) files"
  node "$HERE/bench.mjs" --site "$out" --queries "$queries" --label "$scale" "${flags[@]}"
done
