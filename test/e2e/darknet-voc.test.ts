import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CocoDetection } from '../../lib/metrics/index.js';
import { evaluate } from '../../lib/pipeline/evaluate.js';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason } from '../helpers/python.js';
import { expectSameDetections, referenceTensors } from '../helpers/reference-tensors.js';

/**
 * The VOC MobileNetV2 darknet models (YOLO-Fastest v1, v2 with
 * squeeze-excitation, YOLOv3-Nano) converted and evaluated on voc100 by
 * `trtmap eval --darknet`, against the Python reference pipeline
 * (test/parity/pipeline/reference.py: OpenCV decode, darknet's resize in
 * numpy, onnxruntime, the devkit's voc_eval transcription, pycocotools) run
 * on the ONNX file `trtmap convert darknet` wrote: VOC mAP and COCO AP / AP50
 * within 0.003 when each side preprocesses on its own, and the same detections
 * to 1e-6 when trtmap is fed the reference's tensors.
 *
 * voc100's images are VOC2012 trainval (2007_* ids), which these models were
 * trained on, so their mAP here runs well above the published VOC2007-test
 * figures (v1 46.55, v2 50.13, Nano 65.27); the floors below only catch a
 * broken model, the reference catches a wrong number.
 */
const modules = ['numpy', 'cv2', 'onnx', 'onnxruntime', 'pycocotools'];
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : !pythonHas(...modules)
      ? pythonMissingReason(...modules)
      : undefined;

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-darknet-voc-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fastest = 'models/darknet-mobilenetv2-yolo-fastest-voc';
const nano = 'models/darknet-mobilenetv2-yolov3-nano';
const models = [
  { base: `${fastest}/MobileNetV2-YOLO-Fastest-voc`, published: 0.4655, floor: 0.4 },
  { base: `${fastest}/MobileNetV2-YOLO-Fastest-voc-v2`, published: 0.5013, floor: 0.4 },
  { base: `${nano}/MobileNetV2-YOLOv3-Nano-voc`, published: 0.6527, floor: 0.55 },
];

interface Reference {
  detections: CocoDetection[];
  stats: number[];
  voc: { mAP: number; ap: Record<string, number> };
}

interface EvalJson {
  coco: { stats: number[] };
  voc: { mAP: number };
  images: number;
  detections: number;
  preset: string;
}

function runReference(job: Record<string, unknown>): Reference {
  const script = path.resolve('test/parity/pipeline/reference.py');
  const output = execFileSync(process.env.PYTHON ?? 'python3', [script], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return JSON.parse(output) as Reference;
}

describe.skipIf(skipReason !== undefined)(
  `VOC MobileNetV2 darknet models on voc100${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    for (const { base, published, floor } of models) {
      const name = path.basename(base);
      it(`${name}: trtmap eval --darknet agrees with the Python reference`, async () => {
        const cfg = fixture(`${base}.cfg`);
        const weights = fixture(`${base}.weights`);
        const voc = path.join(fixturesRoot!, 'datasets/voc100');
        const onnx = path.join(folder, `${name}.onnx`);
        const converted = trtmap('convert', 'darknet', cfg, weights, '-o', onnx);
        expect(converted.code, converted.stderr).toBe(0);

        const tensors = path.join(folder, name);
        const reference = runReference({
          preset: 'yolo',
          model: onnx,
          dataset: { kind: 'voc', root: voc },
          tensors,
          names: fixture(`${path.dirname(base)}/voc.names`),
        });
        expect(Object.keys(reference.voc.ap)).toHaveLength(20);

        const run = trtmap('eval', '--darknet', cfg, weights, '--voc', voc, '--json');
        expect(run.code, run.stderr).toBe(0);
        const own = JSON.parse(run.stdout) as EvalJson;
        expect(own.images).toBe(100);
        expect(own.preset).toBe('yolo');
        // Printed so a run shows the figure beside the published VOC2007-test one.
        console.log(
          `${name}: voc100 VOC mAP ${own.voc.mAP.toFixed(4)} (reference ${reference.voc.mAP.toFixed(4)}; published VOC2007 test ${published})`,
        );
        expect(own.voc.mAP).toBeGreaterThan(floor);
        expect(Math.abs(own.voc.mAP - reference.voc.mAP), 'VOC mAP').toBeLessThan(0.003);
        expect(Math.abs(own.coco.stats[0] - reference.stats[0]), 'COCO AP').toBeLessThan(0.003);
        expect(Math.abs(own.coco.stats[1] - reference.stats[1]), 'AP50').toBeLessThan(0.003);

        const same = await evaluate({
          model: { onnx },
          dataset: { voc: { root: voc } },
          preset: 'yolo',
          backend: 'onnxruntime',
          imageStage: () => referenceTensors(tensors),
        });
        expectSameDetections(same.scores.results, reference.detections);
        expect(Math.abs(same.scores.voc.mAP - reference.voc.mAP), 'VOC mAP').toBeLessThan(1e-9);
      }, 300_000);
    }
  },
);

describe.skipIf(!fixturesRoot || !native)(
  `eval --darknet --input-size converts at that size${fixturesRoot ? (native ? '' : ` (skipped: ${nativeMissingReason})`) : ` (skipped: ${fixturesMissingReason})`}`,
  () => {
    const files = () => {
      const folder = fixture('models/darknet-mobilenetv2-yolo-fastest-voc');
      const base = path.join(folder, 'MobileNetV2-YOLO-Fastest-voc');
      return [`${base}.cfg`, `${base}.weights`];
    };

    it('runs at 416x416 as convert --input-size would (the cfg says 320), and --print-config says so', () => {
      const config = trtmap(
        'eval',
        '--darknet',
        ...files(),
        '--input-size',
        '416x416',
        '--print-config',
      );
      expect(config.code, config.stderr).toBe(0);
      expect(config.stdout).toContain('width: 416 # --input-size');
      expect(config.stdout).toContain('[1, 3, 416, 416]');
      const run = trtmap(
        'eval',
        '--darknet',
        ...files(),
        '--voc',
        fixture('datasets/voc100'),
        '--limit',
        '4',
        '--input-size',
        '416x416',
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/VOC all-point \(VOC2010\+\) mAP@0\.5 = 0\.\d{4}/);
    });

    it('a size darknet cannot take is the converter error naming the nearest sizes', () => {
      const run = trtmap(
        'eval',
        '--darknet',
        ...files(),
        '--input-size',
        '300x300',
        '--print-config',
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'trtmap: ERR_INVALID_ARGUMENT: --input-size 300x300: darknet models take sizes that are multiples of 32',
      );
    });
  },
);
