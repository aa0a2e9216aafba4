#!/usr/bin/env bash
# Tells the site workflow whether a change touches code (the generator, its built-in templates
# and assets, its tests, CI) or only the site's content, and what the binary is built from.
# Prints two lines for $GITHUB_OUTPUT:
#   code=true|false   false only when every changed file is content: content/** or xiezuo.toml
#   sources=<sha256>  a hash of every tracked file the binary is built from (its cache key)
#
#   .ci/changed-code.sh BASE    # BASE: the commit the change starts from
#   .ci/changed-code.sh         # no base known (manual run, first push): code=true
#
# Whenever the base is missing, all zeros (a new branch) or not in the history (a force push),
# the answer is code=true: running the Rust tests once too often is cheap, skipping them when
# code changed is not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Content: what the binary reads at run time, never at compile time.
is_content() {
    case "$1" in
        content/* | xiezuo.toml) return 0 ;;
        *) return 1 ;;
    esac
}

# What `cargo build --bin xiezuo` reads: the sources, what they embed with include_str!
# (templates, static, locales, scaffold), the manifests (the library's is under crates/) and the
# lock file.
binary_inputs=(src crates templates static locales scaffold tools Cargo.toml Cargo.lock)

base="${1:-}"
code=true
if [[ -n "$base" && ! "$base" =~ ^0+$ ]] && git cat-file -e "$base^{commit}" 2>/dev/null; then
    code=false
    while IFS= read -r -d '' path; do
        if ! is_content "$path"; then
            code=true
            break
        fi
    done < <(git diff -z --name-only "$base" HEAD)
fi
echo "code=$code"
# The object ids and paths of those files in HEAD: a content hash that reads no file.
echo "sources=$(git ls-tree -r HEAD -- "${binary_inputs[@]}" | sha256sum | cut -d' ' -f1)"
