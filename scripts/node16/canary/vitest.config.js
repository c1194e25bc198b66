// The canary of scripts/ci-node16.sh: a suite that must FAIL under Node 16,
// proving that the runner really executes test code on the Node it is given.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { projects: [{ test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } }] },
});
