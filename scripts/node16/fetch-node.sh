#!/usr/bin/env bash
# Prints the path of Node.js <version> for <arch> (x64 | arm64), fetching it
# once into .cache/ from the npm registry: the node-linux-<arch> package
# ships the official binary as bin/node (npm checks the registry's
# integrity hash).
# Usage: bash scripts/node16/fetch-node.sh 16.20.2 x64
set -euo pipefail
cd "$(dirname "$0")/../.."
version="$1" arch="$2"
folder=".cache/node-v$version-linux-$arch"
if [ ! -x "$folder/bin/node" ]; then
  scratch="$(mktemp -d)"
  (cd "$scratch" && npm pack --silent "node-linux-$arch@$version" >/dev/null)
  mkdir -p "$folder"
  tar -xzf "$scratch"/node-linux-"$arch"-*.tgz -C "$folder" --strip-components=1 package/bin/node
  rm -rf "$scratch"
fi
echo "$PWD/$folder/bin/node"
