#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint: syntax, keys, `${{ }}` expressions and their
# types, action inputs, `needs:`, globs, and (through shellcheck) the shell of every `run:` step.
# Exits non-zero on any finding.
#
#   bash .ci/lint-workflows.sh            # every .github/workflows/*.yml / *.yaml, and the
#                                         # workflow `xiezuo init` writes (scaffold/site.yml)
#   bash .ci/lint-workflows.sh FILE...    # just these files (any path)
#
# .ci/install-tools.sh installs actionlint (into .ci/venv) and shellcheck.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

actionlint=".ci/venv/bin/actionlint"
if [ ! -x "$actionlint" ]; then
    echo "lint-workflows: $actionlint is missing; run: bash .ci/install-tools.sh" >&2
    exit 1
fi
# Without shellcheck actionlint skips the run: scripts without a word; refuse rather than pass.
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "lint-workflows: shellcheck is missing; run: bash .ci/install-tools.sh" >&2
    exit 1
fi

if [ "$#" -gt 0 ]; then
    files=("$@")
else
    shopt -s nullglob
    files=(.github/workflows/*.yml .github/workflows/*.yaml scaffold/site.yml)
    shopt -u nullglob
    if [ "${#files[@]}" -eq 0 ]; then
        echo "lint-workflows: no workflows in .github/workflows" >&2
        exit 1
    fi
fi

# -shellcheck with an explicit path so the checker used is the one found above.
"$actionlint" -no-color -shellcheck="$(command -v shellcheck)" "${files[@]}"
echo "lint-workflows: ${#files[@]} file(s) clean: ${files[*]}"
