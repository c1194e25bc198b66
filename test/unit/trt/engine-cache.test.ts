import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cachedEngine,
  defaultEngineCacheDirectory,
  type EngineKey,
  engineFileName,
} from '../../../lib/trt/engine-cache.js';
import type { EngineBuildRequest, EngineToolkit } from '../../../lib/backends/tensorrt-toolkit.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-cache-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const key: EngineKey = {
  modelSha256: 'ab'.repeat(32),
  precision: 'fp16',
  batch: 1,
  tensorRtVersion: '8.2.1.8',
  gpuName: 'NVIDIA Tegra X1 (nvgpu)',
};

/** Records builds; writes a plan, or fails halfway when asked to. */
function recordingToolkit(fail = false) {
  const builds: EngineBuildRequest[] = [];
  const toolkit = {
    tensorRtVersion: key.tensorRtVersion,
    gpuName: key.gpuName,
    async build(request: EngineBuildRequest) {
      builds.push(request);
      writeFileSync(request.output, 'plan');
      if (fail) throw new Error('builder ran out of memory');
    },
  } as unknown as EngineToolkit;
  return { toolkit, builds };
}

describe('engine cache', () => {
  it('names every part of the key: model hash, precision, batch, TensorRT version, GPU', () => {
    expect(engineFileName(key)).toBe(
      'abababababababab-fp16-b1-trt8.2.1.8-nvidia-tegra-x1-nvgpu.plan',
    );
    expect(engineFileName({ ...key, precision: 'int8', calibrationSha256: 'cd'.repeat(32) })).toBe(
      'abababababababab-int8-b1-calibcdcdcdcdcdcd-trt8.2.1.8-nvidia-tegra-x1-nvgpu.plan',
    );
    const other = new Set(
      [
        key,
        { ...key, precision: 'fp32' as const },
        { ...key, batch: 8 },
        { ...key, tensorRtVersion: '10.3.0' },
        { ...key, gpuName: 'NVIDIA H200' },
        { ...key, modelSha256: 'cd'.repeat(32) },
      ].map(engineFileName),
    );
    expect(other.size).toBe(6);
  });

  it('builds on a miss, reuses on a hit', async () => {
    const directory = path.join(folder, 'hit');
    const { toolkit, builds } = recordingToolkit();
    const first = await cachedEngine(toolkit, key, { onnx: 'model.onnx' }, directory);
    expect(first.cached).toBe(false);
    expect(first.buildSeconds).toBeGreaterThanOrEqual(0);
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({ onnx: 'model.onnx', precision: 'fp16' });
    const second = await cachedEngine(toolkit, key, { onnx: 'model.onnx' }, directory);
    expect(second).toEqual({ path: first.path, cached: true });
    expect(builds).toHaveLength(1);
  });

  it('a failed build leaves nothing a later run could take for an engine', async () => {
    const directory = path.join(folder, 'failed');
    const { toolkit } = recordingToolkit(true);
    await expect(cachedEngine(toolkit, key, { onnx: 'm.onnx' }, directory)).rejects.toThrow(
      'out of memory',
    );
    expect(readdirSync(directory)).toEqual([]);
    expect(existsSync(path.join(directory, engineFileName(key)))).toBe(false);
  });

  it('the cache folder: TRTMAP_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultEngineCacheDirectory({ TRTMAP_CACHE_DIR: '/c' })).toBe('/c');
    expect(defaultEngineCacheDirectory({ XDG_CACHE_HOME: '/x' })).toBe('/x/trtmap/engines');
    expect(defaultEngineCacheDirectory({})).toMatch(/\.cache\/trtmap\/engines$/);
  });
});
