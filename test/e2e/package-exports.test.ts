import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs an ES module snippet in a fresh Node process in which loading any native addon throws. */
function withoutNativeAddons(source: string) {
  const guard = `process.dlopen = (module, file) => { throw new Error('native addon loaded: ' + file); };`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', `${guard}\n${source}`], {
    encoding: 'utf8',
  });
}

describe('package exports', () => {
  it('trtmap/metrics scores without loading any native code', () => {
    const run = withoutNativeAddons(`
      const { evaluateCoco } = await import('trtmap/metrics');
      const gt = { images: [{ id: 1 }], categories: [{ id: 1, name: 'a' }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }] };
      const { stats } = evaluateCoco(gt, [{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 1 }]);
      console.log(JSON.stringify(stats.slice(0, 2)));
    `);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)[1]).toBeCloseTo(1, 12);
  });

  it('importing trtmap, trtmap/darknet, trtmap/detect and trtmap/data loads no native code', () => {
    const run = withoutNativeAddons(`
      const root = await import('trtmap');
      for (const name of ['trtmap/darknet', 'trtmap/detect', 'trtmap/data']) await import(name);
      console.log(typeof root.evaluateCoco, typeof root.HostBuffer, typeof root.convertDarknet);
    `);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function function function');
  });

  it('the guard itself works: loading an addon in such a process fails', () => {
    const run = withoutNativeAddons(`
      const { createRequire } = await import('node:module');
      // Not import.meta.url: a module given with -e has none before Node 20.
      createRequire(process.cwd() + '/')('onnxruntime-node');
    `);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/native addon loaded/);
  });
});
