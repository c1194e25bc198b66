// ES module loader hooks (Node 16.17+ chained `resolve`): `vitest` and
// `vitest/config` resolve to the Node 16 stand-ins beside this file, and after
// vi.resetModules() the project's compiled modules get a new URL (a
// generation query), so that a fresh import() evaluates them again. Before
// Node 20, hooks run on the main thread and see its globalThis.
const shims = {
  vitest: new URL('./vitest.mjs', import.meta.url).href,
  'vitest/config': new URL('./vitest-config.mjs', import.meta.url).href,
};

export async function resolve(specifier, context, nextResolve) {
  if (shims[specifier]) return { url: shims[specifier], shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  const generation = globalThis.__trtmapModuleGeneration ?? 0;
  if (
    generation > 0 &&
    resolved.url.startsWith('file:') &&
    !resolved.url.includes('/node_modules/') &&
    resolved.url.endsWith('.js')
  ) {
    return { ...resolved, url: `${resolved.url}?generation=${generation}` };
  }
  return resolved;
}
