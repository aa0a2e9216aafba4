#!/usr/bin/env bash
# Usage: .ci/check-html.sh OUTPUT_DIR
#
# Validates a built site with the W3C Nu checker (vnu.jar, pinned in
# .ci/package.json; run .ci/install-tools.sh first): every *.html as HTML,
# every *.css as CSS and every *.svg as SVG. Only errors are reported, since
# warnings are advice we do not want to gate CI on.
#
# Ends with the line `html: N passed, M failed`, N and M counting files,
# because CI reads that plain form as the test tally.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 OUTPUT_DIR" >&2
    exit 2
fi
out_dir="$(cd "$1" && pwd)"
ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$ci_dir/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -f "$jar" ]; then
    echo "check-html: $jar missing; run .ci/install-tools.sh" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# vnu picks its parser per run, not per file, so each file kind gets its own
# run (three JVM starts, a few seconds each) rather than guessing by content.
# JSON output is parsed below so failures can be counted per file, which the
# text formats make awkward.
status=0
for kind in html css svg; do
    mapfile -d '' files < <(find "$out_dir" -type f -name "*.$kind" -print0 | sort -z)
    [ "${#files[@]}" -gt 0 ] || continue
    printf '%s\0' "${files[@]}" >>"$work/files"
    flag=()
    [ "$kind" = html ] || flag=("--$kind")
    rc=0
    java -jar "$jar" --errors-only --format json --stdout "${flag[@]}" "${files[@]}" \
        >"$work/$kind.json" 2>"$work/$kind.stderr" || rc=$?
    # Exit 1 just means "the documents have errors"; anything else (a JVM
    # crash, a bad option) would otherwise pass silently with no messages.
    if [ "$rc" -gt 1 ]; then
        echo "check-html: vnu failed on $kind files (exit $rc):" >&2
        cat "$work/$kind.stderr" "$work/$kind.json" >&2
        status=1
    fi
done

if [ ! -s "$work/files" ]; then
    # An empty output dir means the build wrote nothing; that is no pass.
    echo "check-html: no .html files under $out_dir" >&2
    echo "html: 0 passed, 1 failed"
    exit 1
fi

python3 - "$out_dir" "$work" <<'PY' || status=1
import json, os, sys, urllib.parse

out_dir, work = sys.argv[1], sys.argv[2]
files = [f for f in open(os.path.join(work, "files"), "rb").read().decode().split("\0") if f]
failed = set()
broken = False  # a message not tied to any file (e.g. an I/O error)

def rel(path):
    return os.path.relpath(path, out_dir)

for kind in ("html", "css", "svg"):
    path = os.path.join(work, kind + ".json")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        continue
    try:
        report = json.load(open(path, encoding="utf-8"))
    except ValueError:
        print(f"check-html: unreadable vnu output for {kind} files", file=sys.stderr)
        broken = True
        continue
    for m in report.get("messages", []):
        if m.get("type") not in ("error", "non-document-error"):
            continue
        url = m.get("url", "")
        file = urllib.parse.unquote(url[len("file:"):]) if url.startswith("file:") else url
        where = rel(file) if file else "(vnu)"
        if "lastLine" in m:
            where += f":{m['lastLine']}.{m.get('firstColumn', m.get('lastColumn', 0))}"
        print(f"{where}: {m.get('subType', m['type'])}: {m.get('message', '')}")
        if m.get("extract"):
            print("    " + m["extract"].replace("\n", "\\n"))
        if file in files:
            failed.add(file)
        else:
            broken = True

passed = len(files) - len(failed)
print(f"html: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed or broken else 0)
PY
exit "$status"
