import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensorrtStatus } from '../../lib/trt/index.js';
import { trtmap } from '../helpers/cli.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `trtmap inspect` on a machine without TensorRT: what the bytes say (Ultralytics metadata,
 * the builder's version in the plan header) on stdout, what needs TensorRT said, then the
 * one-line ERR_TENSORRT_NOT_FOUND and exit 2. Engine files are assembled by the test.
 */
let skipReason: string | undefined = native === undefined ? nativeMissingReason : undefined;
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-inspect-offline-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  if (skipReason === undefined && (await tensorrtStatus()).loadedVersion !== null)
    skipReason = 'TensorRT is available here (the test is about machines without it)';
});

function planBytes(version: [number, number, number]): Buffer {
  const bytes = Buffer.alloc(64, 0xee);
  bytes.write('ftrt', 0, 'latin1');
  bytes.set(version, 24);
  return bytes;
}

function ultralytics(metadata: unknown, plan: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(metadata));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([length, json, plan]);
}

const metadata = { task: 'detect', stride: 32, imgsz: [640, 640], names: { 0: 'person' } };

describe('trtmap inspect without TensorRT', () => {
  it('an Ultralytics .engine: its metadata and "built by TensorRT 10.3.0", then the error', (context) => {
    if (skipReason) return context.skip(skipReason);
    const file = path.join(folder, 'ultra.engine');
    writeFileSync(file, ultralytics(metadata, planBytes([10, 3, 0])));
    const run = trtmap('inspect', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Built by      TensorRT 10.3.0 (plan header)');
    expect(run.stdout).toContain(`Metadata      ${JSON.stringify(metadata)} (Ultralytics)`);
    expect(run.stdout).toMatch(/Not read .*tensors.*need TensorRT/);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^trtmap: ERR_TENSORRT_NOT_FOUND: /),
    ]);
    const json = trtmap('inspect', file, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ builtByTensorRt: '10.3.0', metadata });
  });

  it('a random file is "unknown", not a TensorRT version; a truncated Ultralytics file warns', (context) => {
    if (skipReason) return context.skip(skipReason);
    const random = path.join(folder, 'random.plan');
    writeFileSync(
      random,
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 255)),
    );
    const run = trtmap('inspect', random);
    expect(run.stdout).toMatch(/Built by +unknown: the plan header is none trtmap can read/);
    const whole = ultralytics(metadata, planBytes([10, 3, 0]));
    const truncated = path.join(folder, 'ultra_nodata.engine');
    writeFileSync(truncated, whole.subarray(0, whole.length - 64));
    const cut = trtmap('inspect', truncated);
    expect(cut.stderr).toMatch(
      /^trtmap: warning: this looks like an Ultralytics \.engine .*truncated/m,
    );
    expect(cut.stdout).toContain('(Ultralytics)');
  });
});
