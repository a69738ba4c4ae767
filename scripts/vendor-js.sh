#!/usr/bin/env bash
# Refresh the vendored browser dependencies under client/vendor/ from the npm registry.
# Not run by CI: the vendored files are committed. Usage: scripts/vendor-js.sh
set -euo pipefail

MSGPACK_VERSION="3.1.3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/client/vendor/msgpack"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "@msgpack/msgpack@${MSGPACK_VERSION}" >/dev/null && tar xzf ./*.tgz)

rm -rf "$DEST"
mkdir -p "$DEST"
(cd "$WORK/package/dist.esm" && find . -name '*.mjs' -print0 | while IFS= read -r -d '' file; do
  mkdir -p "$DEST/$(dirname "$file")"
  # The source maps are not vendored, so drop the comments that point at them.
  sed '/^\/\/# sourceMappingURL=/d' "$file" >"$DEST/$file"
done)
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
printf '@msgpack/msgpack %s: dist.esm/*.mjs from the npm package, sourceMappingURL comments removed.\nRefresh with scripts/vendor-js.sh.\n' \
  "$MSGPACK_VERSION" >"$DEST/VERSION"
echo "vendored @msgpack/msgpack ${MSGPACK_VERSION} into ${DEST#"$ROOT"/}"
