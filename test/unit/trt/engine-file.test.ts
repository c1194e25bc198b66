import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../lib/pipeline/model.js';
import {
  describePlanOrigin,
  engineFileFacts,
  versionCompatibleLoads,
  readEngineFile,
  readEngineMetadata,
  readPlanHeader,
  splitEngineFile,
} from '../../../lib/trt/index.js';

/** A plan header as NVIDIA describes it (TensorRT issue 3073): magic, byte 8, bytes 24-26. */
function plan(
  magic: string,
  version: [number, number, number],
  serialization = 0,
  size = 64,
): Uint8Array {
  const bytes = new Uint8Array(size).fill(0xee);
  bytes.set(new TextEncoder().encode(magic), 0);
  bytes[8] = serialization;
  bytes.set(version, 24);
  return bytes;
}

/** What Ultralytics' exporter writes: len(meta).to_bytes(4, "little"), the JSON, the plan. */
function ultralytics(metadata: unknown, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(metadata));
  const bytes = new Uint8Array(4 + json.length + body.length);
  new DataView(bytes.buffer).setInt32(0, json.length, true);
  bytes.set(json, 4);
  bytes.set(body, 4 + json.length);
  return bytes;
}

describe('engine files: Ultralytics metadata and what the plan header says', () => {
  const body = plan('ftrt', [10, 3, 0]);
  const metadata = {
    task: 'detect',
    stride: 32,
    batch: 1,
    imgsz: [640, 640],
    names: { 0: 'person' },
    args: { half: true },
  };

  it('splits an Ultralytics .engine into its metadata and the plan, without copying', () => {
    const bytes = ultralytics(metadata, body);
    const file = splitEngineFile(bytes);
    expect(file.metadata).toEqual(metadata);
    expect([...file.plan]).toEqual([...body]);
    expect(file.plan.buffer).toBe(bytes.buffer);
  });

  it('takes anything else for a bare plan: a plan itself, short files, JSON that is not an object or not UTF-8', () => {
    expect(splitEngineFile(body)).toEqual({ plan: body });
    expect(splitEngineFile(new Uint8Array(3))).toEqual({ plan: new Uint8Array(3) });
    const notObject = ultralytics([1, 2], body);
    expect(splitEngineFile(notObject).metadata).toBeUndefined();
    const broken = ultralytics({ a: 1 }, body);
    broken[6] = 0xff; // inside the JSON: invalid UTF-8
    expect(splitEngineFile(broken)).toEqual({ plan: broken });
    // A length that leaves no room for a plan is not a header.
    expect(splitEngineFile(ultralytics(metadata, new Uint8Array(8))).metadata).toBeUndefined();
  });

  it('reads the metadata alone, without the plan, for the model contract (loadModel)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-engine-meta-'));
    const file = path.join(folder, 'yolov8n.engine');
    writeFileSync(file, ultralytics(metadata, body));
    expect(readEngineMetadata(file)).toEqual(metadata);
    expect(loadModel({ engine: file }).metadata).toEqual(metadata);
    writeFileSync(path.join(folder, 'bare.plan'), body);
    expect(readEngineMetadata(path.join(folder, 'bare.plan'))).toBeUndefined();
    expect(() => readEngineMetadata(path.join(folder, 'none.engine'))).toThrow(
      expect.objectContaining({ code: 'ERR_FILE_NOT_FOUND' }),
    );
  });

  it('reads a file, ERR_FILE_NOT_FOUND when there is none', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-engine-file-'));
    writeFileSync(path.join(folder, 'm.engine'), ultralytics(metadata, body));
    expect((await readEngineFile(path.join(folder, 'm.engine'))).metadata).toEqual(metadata);
    await expect(readEngineFile(path.join(folder, 'none.engine'))).rejects.toThrow(
      expect.objectContaining({
        code: 'ERR_FILE_NOT_FOUND',
        message: expect.stringMatching(/none\.engine/),
      }),
    );
  });

  it('plan headers: the version of 8.6+ plans, the serialization version of older ones, nothing otherwise', () => {
    expect(readPlanHeader(plan('ftrt', [8, 6, 1]))).toEqual({ version: '8.6.1' });
    expect(readPlanHeader(plan('ptrt', [0, 0, 0], 205))).toEqual({
      serializationVersion: 205,
      release: '8.2',
    });
    expect(readPlanHeader(plan('ptrt', [0, 0, 0], 99))).toBeNull();
    expect(readPlanHeader(new Uint8Array(64))).toBeNull();
    expect(readPlanHeader(plan('ftrt', [8, 6, 1]).subarray(0, 20))).toBeNull();
  });

  it('describes a foreign plan for ERR_TRT_ENGINE, and says nothing about a plan of the loaded version', () => {
    expect(describePlanOrigin(plan('ftrt', [8, 6, 1]), '10.3.0')).toMatch(
      /^its plan header says it was built by TensorRT 8\.6\.1, and TensorRT 10\.3\.0 is loaded here: .*rebuild it on this machine/,
    );
    expect(describePlanOrigin(plan('ptrt', [0, 0, 0], 232), '8.2.1')).toMatch(
      /built by TensorRT 8\.5\.x \(serialization version 232\), and TensorRT 8\.2\.1 is loaded/,
    );
    expect(describePlanOrigin(plan('ftrt', [10, 3, 0]), '10.3.0')).toBe('');
    expect(describePlanOrigin(plan('ptrt', [0, 0, 0], 205), '8.2.1')).toBe('');
    expect(describePlanOrigin(new Uint8Array(64), '10.3.0')).toBe('');
  });

  it('suggests --version-compatible only where such a plan loads: built 8.6+, runtime as new or newer', () => {
    // A newer plan on an older runtime: never (TensorRT "Version Compatibility": newer-built
    // engines do not work with older runtimes); 8.2 has no version compatibility at all.
    for (const [built, loaded] of [
      [[11, 1, 0], '8.2.1'],
      [[10, 3, 0], '8.2.1'],
      [[11, 1, 0], '10.16.0'],
      [[10, 16, 0], '10.3.0'],
    ] as const) {
      const text = describePlanOrigin(plan('ftrt', [...built]), loaded);
      expect(text).toMatch(/a plan from a newer TensorRT never loads on an older one/);
      expect(text).not.toMatch(/version-?compatible\b.*load it|versionCompatible: true/i);
    }
    // Older, version-compatible-capable plans: trtmap's flag, not trtexec's or the API's name.
    for (const [built, loaded] of [
      [[8, 6, 1], '10.3.0'],
      [[10, 3, 0], '10.16.0'],
      [[10, 16, 0], '11.1.0'],
    ] as const) {
      const text = describePlanOrigin(plan('ftrt', [...built]), loaded);
      expect(text).toMatch(/rebuild it on this machine.*load it with --version-compatible/);
      expect(text).not.toContain('versionCompatible: true');
    }
    // 8.6 -> 11 is not a supported combination; a pre-8.6 plan never is.
    expect(describePlanOrigin(plan('ftrt', [8, 6, 1]), '11.1.0')).not.toContain(
      '--version-compatible',
    );
    expect(describePlanOrigin(plan('ptrt', [0, 0, 0], 205), '10.3.0')).not.toContain(
      '--version-compatible',
    );
    expect(versionCompatibleLoads('8.6.1', '8.6.1')).toBe(true);
    expect(versionCompatibleLoads('10.3.0', '8.6.1')).toBe(false);
  });
});

describe('engine file facts without TensorRT (trtmap inspect on any machine)', () => {
  const metadata = { task: 'detect', stride: 32, imgsz: [640, 640], names: { 0: 'person' } };

  it('an Ultralytics file: its metadata and the builder version from the plan header', () => {
    const facts = engineFileFacts(ultralytics(metadata, plan('ftrt', [10, 3, 0])));
    expect(facts).toMatchObject({ metadata, planBytes: 64, planHeader: { version: '10.3.0' } });
    expect(facts.warnings).toEqual([]);
    expect(engineFileFacts(plan('ptrt', [0, 0, 0], 205)).planHeader).toEqual({
      serializationVersion: 205,
      release: '8.2',
    });
  });

  it('a truncated Ultralytics file is a warning, and its whole JSON is still read', () => {
    const whole = ultralytics(metadata, plan('ftrt', [10, 3, 0]));
    const json = whole.length - 64;
    const noPlan = engineFileFacts(whole.subarray(0, json));
    expect(noPlan.warnings).toEqual([
      expect.stringMatching(
        /Ultralytics \.engine with \d+ bytes of metadata and 0 bytes after it.*truncated/,
      ),
    ]);
    expect(noPlan.metadata).toEqual(metadata);
    const cut = engineFileFacts(whole.subarray(0, json - 10));
    expect(cut.warnings).toEqual([
      expect.stringMatching(/metadata runs past the end of the .*truncated/),
    ]);
    expect(cut.metadata).toBeUndefined();
  });

  it('empty, tiny and random files: no builder, a warning when too short for a plan', () => {
    expect(engineFileFacts(new Uint8Array(0))).toMatchObject({
      planHeader: null,
      warnings: [expect.stringMatching(/0 bytes is too short/)],
    });
    expect(engineFileFacts(new Uint8Array(2)).warnings).toHaveLength(1);
    const random = new Uint8Array(4096).map((_, index) => (index * 7919 + 13) & 255);
    expect(engineFileFacts(random)).toMatchObject({ planHeader: null, warnings: [] });
  });
});
