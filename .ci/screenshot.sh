#!/usr/bin/env bash
# Usage: .ci/screenshot.sh OUTPUT_DIR SHOTS_DIR
#
# Screenshots a few representative pages of a built site with headless
# Chromium (installed by .ci/install-tools.sh), at desktop and phone widths,
# in light and dark colour schemes, as SHOTS_DIR/<page>-<device>-<scheme>.png,
# so a person (or a model) can look at what the templates actually produce.
#
# The site may be built with a base URL that has a path (e.g.
# --base-url https://example.org/zhuhai-zunyi/), and its links and stylesheet
# are then root-relative under that path. The path is read from the canonical
# link of OUTPUT_DIR/index.html (override with BASE_PATH=/sub/) and the site is
# served under it, otherwise the shots would show unstyled pages.
set -euo pipefail

if [ $# -ne 2 ] || [ ! -d "$1" ]; then
    echo "usage: $0 OUTPUT_DIR SHOTS_DIR" >&2
    exit 2
fi
out_dir="$(cd "$1" && pwd)"
mkdir -p "$2"
shots_dir="$(cd "$2" && pwd)"
command -v chromium >/dev/null || { echo "screenshot: chromium missing; run .ci/install-tools.sh" >&2; exit 2; }

# name|path under the base, the pages whose layouts differ most (PAGES="name|path ..." overrides).
pages=(
    "index|"
    "county-wuchuan|counties/wuchuan/"
    "city-zhuhai|cities/zhuhai/"
    "pair-zhuhai-zunyi|pairs/zhuhai/zunyi/"
    "article-zhuhai-zunyi-pairing|articles/zhuhai-zunyi-pairing/"
    "articles|articles/"
    "area-lao-wu-xie-zuo|areas/lao-wu-xie-zuo/"
)
if [ -n "${PAGES:-}" ]; then read -r -a pages <<<"$PAGES"; fi
devices=("desktop|1280,2000" "phone|390,2400")

if [ -z "${BASE_PATH:-}" ]; then
    BASE_PATH="$(python3 - "$out_dir/index.html" <<'PY'
import re, sys, urllib.parse
try:
    html = open(sys.argv[1], encoding="utf-8").read()
except OSError:
    html = ""
m = re.search(r'<link[^>]*rel="canonical"[^>]*href="([^"]*)"', html)
print(urllib.parse.urlsplit(m.group(1)).path if m else "/")
PY
)"
fi
base="/${BASE_PATH#/}"
base="${base%/}/"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Serve a root where the site sits at the base path (a symlink, which
# http.server follows), so root-relative URLs resolve as they will in
# production.
root="$work/root"
mkdir -p "$root"
if [ "$base" = / ]; then
    rmdir "$root"
    ln -s "$out_dir" "$root"
else
    mkdir -p "$root$(dirname "${base%/}")"
    ln -s "$out_dir" "$root${base%/}"
fi

# Port 0 lets the kernel pick a free port with no race; the server prints the
# port it got (-u so that line is not stuck in a buffer). 127.0.0.1 only: the
# site must not be reachable from outside this machine.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$root" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's/.* port \([0-9]\+\).*/\1/p' "$work/server.log" | head -n1)"
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "screenshot: http.server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
fi

# preferredColorScheme is set for both schemes so neither depends on the
# machine's theme. It makes `prefers-color-scheme` match as a real user's
# setting would, without --force-dark-mode's automatic page inversion
# (checked on Chromium 156: both flags match the media query there, but only
# the blink setting is documented as affecting the query alone).
failed=0
count=0
for page in "${pages[@]}"; do
    name="${page%%|*}"
    url="http://127.0.0.1:$port$base${page#*|}"
    for device in "${devices[@]}"; do
        for scheme in light dark; do
            pref=1; [ "$scheme" = dark ] && pref=0
            png="$shots_dir/$name-${device%%|*}-$scheme.png"
            rm -f "$png"
            profile="$(mktemp -d -p "$work")"
            rc=0
            timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-quic \
                --no-first-run --disable-background-networking --disable-component-update \
                --disable-sync --user-data-dir="$profile" --hide-scrollbars \
                --window-size="${device#*|}" --blink-settings=preferredColorScheme=$pref \
                --screenshot="$png" "$url" >"$work/chromium.log" 2>&1 || rc=$?
            if [ "$rc" -ne 0 ] || [ ! -s "$png" ]; then
                echo "screenshot: chromium failed (exit $rc) for $url -> $png:" >&2
                tail -n 20 "$work/chromium.log" >&2
                failed=1
            else
                echo "screenshot: $png"
                count=$((count + 1))
            fi
        done
    done
done

# A 404 for a page or its stylesheet still yields a PNG, just of the wrong
# thing, so failed requests count as failures too.
if grep -E '" [45][0-9]{2} ' "$work/server.log" >&2; then
    echo "screenshot: the server answered some requests with errors (above)" >&2
    failed=1
fi

echo "screenshot: $count PNGs in $shots_dir (site served under $base)"
exit "$failed"
