import { describe, expect, it, vi } from 'vitest';
import { collectDoctorReport, formatDoctorReport } from '../../lib/cli/doctor.js';
import { TrtmapError } from '../../lib/errors.js';
import { native, nativeMissingReason } from '../helpers/native.js';

describe.skipIf(native === undefined)('native addon: loading and doctor', () => {
  it('exports exactly the surface lib/native/types.ts declares', () => {
    expect(Object.keys(native!).sort()).toEqual(
      [
        'DeviceBuffer',
        'Event',
        'HostBuffer',
        'Stream',
        'buildInfo',
        'buildEngine',
        'decodeImage',
        'deviceMemoryInfo',
        'encodeImage',
        'inspectRunRequest',
        'loadEngine',
        'pinnedPoolStats',
        'preprocessCpu',
        'preprocessCuda',
        'queryCuda',
        'setErrorFactory',
        'tensorrtStatus',
      ].sort(),
    );
    const build = native!.buildInfo();
    expect(build.napiVersion).toBe(8);
    expect(build.jpeg).toMatch(/libjpeg-turbo/);
    expect(build.png).toMatch(/libpng 1\./);
  });

  it('pinned-pool statistics: a budget, and without a device no page-locked allocation', async () => {
    const { HostBuffer, pinnedPoolStats } = await import('../../lib/cuda/index.js');
    const before = pinnedPoolStats();
    expect(before.budgetBytes).toBe(128 << 20);
    const buffer = HostBuffer.allocate(300_000);
    const pinned = buffer.pinned;
    await buffer.dispose();
    const after = pinnedPoolStats();
    // Pageable memory (no device, or pinned: false) never goes through the pool.
    const served = after.hits + after.misses - (before.hits + before.misses);
    expect(served).toBe(pinned ? 1 : 0);
  });

  it('reports CUDA without crashing; on a machine without a GPU it says so plainly', async () => {
    const report = await collectDoctorReport();
    expect(report.addon.loaded).toBe(true);
    const text = formatDoctorReport(report);
    expect(text).toMatch(/TensorRT +(not found \(|\S+ loaded \(compiled against)/);
    if (report.cuda!.devices.length === 0) {
      expect(report.cuda!.problem?.code).toBe('ERR_NO_CUDA_DEVICE');
      expect(text).toContain('no CUDA device is present');
    } else {
      expect(text).toMatch(/Device 0 +\S/);
    }
  });

  it('`trtmap doctor --json` prints the report', async () => {
    const { runCli } = await import('../../lib/cli/run.js');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['doctor', '--json'])).toBe(0);
      const printed = JSON.parse(String(write.mock.calls.map((call) => call[0]).join('')));
      expect(printed.node.version).toBe(process.version);
      expect(Object.keys(printed.tensorrt).sort()).toEqual(
        [
          'builderResourceHint',
          'capabilities',
          'compiledVersion',
          'libraries',
          'loadedVersion',
          'problem',
        ].sort(),
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe('native addon: load failures', () => {
  it('ERR_NATIVE_LOAD says what was tried and how to fix it, with the cause', async () => {
    vi.resetModules();
    const previous = process.env.TRTMAP_NATIVE_PATH;
    process.env.TRTMAP_NATIVE_PATH = '/nonexistent/trtmap.node';
    try {
      const fresh = await import('../../lib/native/index.js');
      let caught: unknown;
      try {
        fresh.loadNative();
      } catch (error) {
        caught = error;
      }
      expect((caught as TrtmapError).code).toBe('ERR_NATIVE_LOAD');
      expect((caught as Error).message).toContain('TRTMAP_NATIVE_PATH=/nonexistent/trtmap.node');
      expect((caught as Error).message).toContain('Possible solutions');
      expect((caught as { cause?: unknown }).cause).toBeInstanceOf(Error);
      // The same error again, without retrying.
      expect(() => fresh.loadNative()).toThrow(caught as Error);
    } finally {
      if (previous === undefined) delete process.env.TRTMAP_NATIVE_PATH;
      else process.env.TRTMAP_NATIVE_PATH = previous;
      vi.resetModules();
    }
  });

  it.skipIf(native !== undefined)(`skips the addon tests: ${nativeMissingReason}`, () => {});
});
