#!/usr/bin/env bash
# Compiles the TypeScript tests (and the lib/ sources they import) into
# build-node16/ for scripts/node16/run.mjs, and lays beside them what they
# find through relative paths from their own location: the plain JavaScript
# children under test/, package.json (lib/cli/version.ts) and the addon's
# build/ folder (lib/native's packageRoot is build-node16/ there).
# Usage: bash scripts/node16/prepare.sh [node-version-to-fetch arch]
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf build-node16
npx tsc -p tsconfig.test.json --noEmit false --outDir build-node16 --rootDir . \
  --sourceMap true --declaration false
(cd test && find . -type f ! -name '*.ts' -print0) | while IFS= read -r -d '' file; do
  mkdir -p "build-node16/test/$(dirname "$file")"
  cp "test/$file" "build-node16/test/$file"
done
ln -s ../package.json build-node16/package.json
ln -s ../build build-node16/build
echo "prepare: tests compiled into build-node16/"
