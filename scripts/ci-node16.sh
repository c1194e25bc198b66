#!/usr/bin/env bash
# CI stage: the unit, native and end-to-end suites executed by Node 16.20.2,
# the Jetson Nano's last official Node (issue 14). Vitest 4 needs Node 20, so
# vitest's own runner and assertion packages run the compiled test files in
# Node 16 child processes (scripts/node16/run.mjs); the CLI that the e2e tests
# spawn and the native children run on Node 16 too (process.execPath). A
# canary suite calling a Node 18 API must fail first, so a runner that silently
# fell back to Node 20 could not pass. Needs the addon built (npm ci) and dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
node16="$(bash scripts/node16/fetch-node.sh 16.20.2 x64)"
echo "== Node 16 stage: $("$node16" --version) ($node16)"
run() { "$node16" --no-warnings --experimental-loader ./scripts/node16/loader.mjs scripts/node16/run.mjs "$@"; }

if canary="$(run --compiled scripts/node16/canary --project unit 2>&1)"; then
  echo "$canary"
  echo "node16: the canary (Array.prototype.findLast) passed: the tests are not running on Node 16" >&2
  exit 1
fi
grep -q 'findLast is not a function' <<<"$canary" || { echo "$canary"; exit 1; }
echo "canary: a Node 18 API fails under this runner, as it must"

bash scripts/node16/prepare.sh
TRTMAP_REQUIRE_NATIVE=1 run --compiled build-node16 --project unit --project native --project e2e
