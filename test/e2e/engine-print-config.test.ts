import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { probeTensorRt } from '../helpers/tensorrt.js';

// Where TensorRT runs, trtmap opens the engine (these files are no real plans): other tests cover that.
const tensorrt = await probeTensorRt();
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : tensorrt.available
    ? 'TensorRT is available here: --print-config opens the engine'
    : undefined;

/** An Ultralytics `.engine`: 4-byte little-endian length, the JSON metadata, then the plan (here, placeholder bytes). */
function ultralyticsEngine(file: string, metadata: Record<string, unknown>): string {
  const json = Buffer.from(JSON.stringify(metadata));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  writeFileSync(file, Buffer.concat([length, json, Buffer.from('ftrt'), Buffer.alloc(256)]));
  return file;
}

describe.skipIf(skipReason !== undefined)(
  `--print-config with --engine, without TensorRT${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-engine-config-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const dog = () => fixture('images/dog.jpg');

    it('prints what an Ultralytics header says and names what needs the engine opened', () => {
      const engine = ultralyticsEngine(path.join(folder, 'yolo11n.engine'), {
        description: 'Ultralytics YOLO11n model',
        task: 'detect',
        batch: 1,
        imgsz: [480, 640],
        names: { 0: 'person', 1: 'bicycle', 2: 'car' },
        stride: 32,
      });
      const run = trtmap('detect', engine, dog(), '--print-config', '--iou', '0.65');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/the engine cannot be opened here \(ERR_TENSORRT_NOT_FOUND/);
      expect(run.stderr).toMatch(/Ultralytics metadata of a detection model: preset yolov8/);
      expect(run.stdout).toMatch(
        /^# Not known until the engine is opened with TensorRT \(its tensors tell\): input\.name, input\.layout, input\.dtype, input\.channels, output\.outputs\.$/m,
      );
      expect(run.stdout).toMatch(/^ {2}width: 640 # model metadata \(.*imgsz/m);
      expect(run.stdout).toMatch(/^ {2}iou: 0\.65 # --iou$/m);
      const printed = parse(run.stdout) as Record<string, Record<string, unknown>>;
      expect(printed.input).toMatchObject({ width: 640, height: 480, rounding: 'ceil' });
      expect(printed.input.name).toBeUndefined();
      expect(printed.output).toMatchObject({ family: 'yolov8' });
      expect(printed.classes).toMatchObject({
        source: 'metadata',
        names: ['person', 'bicycle', 'car'],
      });
      expect(printed.postprocess).toMatchObject({ iou: 0.65, maxDet: 300 });
    });

    it('a bare plan: only the preset and the flags; the input size and the family wait for the engine', () => {
      const plan = path.join(folder, 'yolox.plan');
      writeFileSync(plan, Buffer.concat([Buffer.from('ftrt'), Buffer.alloc(256, 7)]));
      const withPreset = trtmap('detect', plan, dog(), '--print-config', '--preset', 'yolox');
      expect(withPreset.code, withPreset.stderr).toBe(0);
      expect(withPreset.stderr).toMatch(/a bare TensorRT plan: none/);
      expect(withPreset.stdout).toMatch(/: input\.name, input\.width, input\.height,/);
      const printed = parse(withPreset.stdout) as Record<string, Record<string, unknown>>;
      expect(printed.input).toMatchObject({
        resize: 'keep-ratio',
        rounding: 'floor',
        anchor: 'top-left',
      });
      expect(printed.output.family).toBe('yolox');

      const bare = trtmap('detect', plan, dog(), '--print-config', '--input-size', '416x416');
      expect(bare.code, bare.stderr).toBe(0);
      expect(bare.stdout).toMatch(
        /: input\.name, input\.layout, input\.dtype, input\.channels, output\.family, output\.outputs\./,
      );
      expect(bare.stdout).toMatch(/^ {2}width: 416 # --input-size$/m);
    });

    it('a missing engine file still fails clearly (exit 2)', () => {
      const run = trtmap('detect', path.join(folder, 'missing.engine'), dog(), '--print-config');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/ERR_FILE_NOT_FOUND/);
    });
  },
);
