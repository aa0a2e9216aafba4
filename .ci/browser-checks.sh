#!/usr/bin/env bash
# Usage: .ci/browser-checks.sh OUTPUT_DIR
#
# The quality bar, on every generated page of a built site, in headless Chromium
# (Debian's, from .ci/install-tools.sh, which also runs `npm ci` in .ci/browser):
#   - axe-core (WCAG 2.0/2.1 A and AA, best practices) in light and dark colour schemes;
#   - no horizontal overflow at 360 px and 1280 px;
#   - one h1, the header/nav/main/footer landmarks, a skip link that is the first Tab stop and
#     moves focus to #main, and a visible focus indicator on every Tab stop;
#   - the site search (Chinese and pinyin queries typed as key events; no-JavaScript fallback);
#   - Lighthouse 12 on seven pages (home, county, city, article, article list, area, about), mobile (the default) and desktop presets: accessibility,
#     best practices and SEO 100, performance >= 95.
# The site is served under the base path of its canonical links (override with BASE_PATH=/sub/)
# by a small Node server on 127.0.0.1. The tests are .ci/browser/*.test.js, run by
# `node --test`; LIGHTHOUSE_REPORTS=DIR keeps Lighthouse's HTML reports.
#
# BROWSER_TESTS picks the test files (default: both); another site than the shipped one runs
# `checks.test.js` alone, whose shipped-site checks (page kinds, search queries, reading measure)
# then skip themselves.
#
# Ends with the line `browser: N passed, M failed`, N and M counting tests, because CI reads
# that plain form as the test tally.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 OUTPUT_DIR" >&2
    exit 2
fi
out_dir="$(cd "$1" && pwd)"
ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
browser_dir="$ci_dir/browser"

if [ ! -d "$browser_dir/node_modules/lighthouse" ] || [ ! -d "$browser_dir/node_modules/puppeteer-core" ]; then
    echo "browser-checks: $browser_dir/node_modules missing; run .ci/install-tools.sh" >&2
    exit 2
fi
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "browser-checks: $chromium missing; run .ci/install-tools.sh" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One test file at a time, so the Lighthouse timings do not share the CPU with the other
# checks. The spec reporter is for people; the TAP copy is only read for the tally.
rc=0
(
    cd "$browser_dir"
    SITE_DIR="$out_dir" CHROMIUM="$chromium" \
        node --test --test-concurrency=1 --test-timeout=600000 \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$work/tap" \
        ${BROWSER_TESTS:-checks.test.js lighthouse.test.js}
) || rc=$?

passed="$(sed -n 's/^# pass \([0-9]\+\)$/\1/p' "$work/tap" 2>/dev/null | tail -n1)"
failed="$(sed -n 's/^# fail \([0-9]\+\)$/\1/p' "$work/tap" 2>/dev/null | tail -n1)"
cancelled="$(sed -n 's/^# cancelled \([0-9]\+\)$/\1/p' "$work/tap" 2>/dev/null | tail -n1)"
passed="${passed:-0}"
failed=$(( ${failed:-0} + ${cancelled:-0} ))
# A runner that died before its summary (or passed nothing) is a failure, not a pass.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "browser: $passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
