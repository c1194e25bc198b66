// `vitest/config` for scripts/node16/run.mjs: the compiled vitest.config.js is
// read for its projects (names, includes, timeouts), nothing else.
export function defineConfig(config) {
  return config;
}
