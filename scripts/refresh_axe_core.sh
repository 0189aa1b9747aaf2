#!/usr/bin/env bash
# Refresh tests/assets/axe-core/ (axe.min.js, LICENSE, VERSION) from the npm registry's
# axe-core package at a pinned version; the browser tests (tests/test_html_browser.py) inject
# it into each HTML document to check WCAG 2.2 A/AA. Run from the repository root:
#   bash scripts/refresh_axe_core.sh [VERSION]     (default: the version in VERSION)
set -euo pipefail
cd "$(dirname "$0")/.."
target=tests/assets/axe-core
version="${1:-$(cat "$target/VERSION")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$target/"
printf '%s\n' "$version" > "$target/VERSION"
echo "axe-core $version in $target"
