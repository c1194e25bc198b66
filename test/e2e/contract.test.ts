import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * The model contract on the fixture models of issue 10: auto-detection and
 * its reasons, --print-config as a config file, NanoDet-m 320 through a config
 * naming its outputs, a user decoder, and the bad inputs (one line, exit 2).
 * The mAP figures are checked against each repository's own Python pipeline
 * in the parity tests; here a floor catches a broken contract.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-contract-e2e-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
};

interface EvalJson {
  coco: { stats: number[] };
  images: number;
  detections: number;
  preset: string;
  warnings: string[];
  contract: { input: Record<string, unknown>; output: { family: string } };
}

describe.skipIf(skipReason !== undefined)(
  `the model contract on the fixture models${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const models = () => ({
      yolov8: fixture('models/yolov8n/yolov8n_dequant_fp32_op17.onnx'),
      yolov5: fixture('models/yolov5n/yolov5n_640_exported.onnx'),
      yolox: fixture('models/yolox-nano/yolox_nano_416.onnx'),
      nanodet416: fixture('models/nanodet-m/nanodet_m_416.onnx'),
      nanodet320: fixture('models/nanodet-m/nanodet_m_320.onnx'),
    });
    const coco = () => [
      '--coco',
      fixture('datasets/coco-val2017-subset/instances_val2017_subset.json'),
      '--images',
      path.join(fixturesRoot!, 'datasets/coco-val2017-subset/images'),
      '--backend',
      'onnxruntime',
    ];
    const evalJson = (...args: string[]) => {
      const run = trtmap('eval', ...args, '--json');
      expect(run.code, run.stderr).toBe(0);
      return { result: JSON.parse(run.stdout) as EvalJson, stderr: run.stderr };
    };
    // 16 images per model: the floor catches a broken contract, the parity tests check the numbers.
    const limit = ['--limit', '16'];

    it('YOLOv8: auto-detected (and says why), Ultralytics val settings', () => {
      const { result, stderr } = evalJson('--onnx', models().yolov8, ...coco(), ...limit);
      expect(stderr).toMatch(
        /auto-detected family yolov8: Ultralytics metadata and output0 \[1, 84, 8400\]/,
      );
      expect(result.preset).toBe('yolov8');
      expect(result.coco.stats[0]).toBeGreaterThan(0.2);
    });

    it("YOLOv5, YOLOX by preset, NanoDet 416 auto-detected, each with its repository's preprocessing", () => {
      const yolov5 = evalJson('--onnx', models().yolov5, ...coco(), ...limit);
      expect(yolov5.result.contract.output.family).toBe('yolov5');
      expect(yolov5.result.contract.input).toMatchObject({
        interpolation: 'area',
        rounding: 'ceil',
      });
      expect(yolov5.result.coco.stats[0]).toBeGreaterThan(0.15);
      const yolox = evalJson('--onnx', models().yolox, ...coco(), ...limit, '--preset', 'yolox');
      expect(yolox.result.contract.input).toMatchObject({
        resize: 'keep-ratio',
        anchor: 'top-left',
        rounding: 'floor',
      });
      expect(yolox.result.coco.stats[0]).toBeGreaterThan(0.15);
      const nanodet = evalJson('--onnx', models().nanodet416, ...coco(), ...limit);
      expect(nanodet.result.contract.input).toMatchObject({
        resize: 'keep-ratio',
        rounding: 'none',
      });
      expect(nanodet.result.contract.output.family).toBe('gfl');
      expect(nanodet.result.warnings[0]).toMatch(
        /^score threshold 0\.05 \(preset nanodet\) is above 0\.01/,
      );
      expect(nanodet.result.coco.stats[0]).toBeGreaterThan(0.1);
    });

    it('NanoDet-m 320 (no batch dimension, misleading names) with a model config naming the roles', () => {
      const config = write(
        'nanodet-m-320.yaml',
        [
          'preset: nanodet',
          'input: { resize: letterbox }',
          'output:',
          '  outputs:',
          '    scores: [cls_score0, bbox_pred0, cls_score1]',
          '    boxes: [bbox_pred1, cls_score2, bbox_pred2]',
        ].join('\n'),
      );
      const { result } = evalJson(
        '--onnx',
        models().nanodet320,
        ...coco(),
        ...limit,
        '--model-config',
        config,
      );
      expect(result.coco.stats[0]).toBeGreaterThan(0.1);
      // The signature pairs the same outputs by shape: the same detections either way.
      const auto = evalJson(
        '--onnx',
        models().nanodet320,
        ...coco(),
        ...limit,
        '--resize',
        'letterbox',
      );
      expect(auto.result.coco.stats).toEqual(result.coco.stats);
    });

    it('--print-config prints a config file that evaluates the same', () => {
      const run = trtmap(
        'eval',
        '--onnx',
        models().yolov8,
        ...coco(),
        '--print-config',
        '--iou',
        '0.65',
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^ {2}iou: 0\.65 # --iou$/m);
      expect(run.stdout).toMatch(/^ {2}width: 640 # model input images \[1, 3, 640, 640\]$/m);
      const printed = parseYaml(run.stdout) as { postprocess: { maxDet: number } };
      expect(printed.postprocess.maxDet).toBe(300);
      const config = write('printed.yaml', run.stdout);
      const viaConfig = evalJson(
        '--onnx',
        models().yolov8,
        ...coco(),
        '--limit',
        '4',
        '--model-config',
        config,
      );
      const viaFlags = evalJson(
        '--onnx',
        models().yolov8,
        ...coco(),
        '--limit',
        '4',
        '--iou',
        '0.65',
      );
      expect(viaConfig.result.coco.stats).toEqual(viaFlags.result.coco.stats);
    });

    it("a user decoder (--decoder) gives the built-in decoder's detections", () => {
      // YOLOv8 [1, 84, anchors], best class per anchor, written as a user would.
      const decoder = write(
        'my-decoder.mjs',
        `export default function decode(outputs, { batchIndex, threshold }) {
  const { data, dims } = outputs.output0;
  const [, channels, anchors] = dims;
  const base = batchIndex * channels * anchors;
  const found = [];
  for (let a = 0; a < anchors; a++) {
    let best = 4;
    for (let c = 5; c < channels; c++) if (data[base + c * anchors + a] > data[base + best * anchors + a]) best = c;
    const score = data[base + best * anchors + a];
    if (!(score > threshold)) continue;
    const cx = data[base + a], cy = data[base + anchors + a];
    const w = data[base + 2 * anchors + a], h = data[base + 3 * anchors + a];
    found.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, classIndex: best - 4 });
  }
  return found;
}
`,
      );
      const common = [...coco(), '--limit', '4', '--preset', 'yolov8', '--nms', 'class-aware'];
      const user = evalJson('--onnx', models().yolov8, ...common, '--decoder', decoder);
      const builtIn = evalJson('--onnx', models().yolov8, ...common);
      expect(user.result.contract.output.family).toBe('custom');
      expect(user.result.detections).toBe(builtIn.result.detections);
      user.result.coco.stats.forEach((value, k) =>
        expect(Math.abs(value - builtIn.result.coco.stats[k]), `stat ${k}`).toBeLessThan(1e-9),
      );
    });

    it('a model with EfficientNMS_TRT: its contract prints from the graph, ONNX Runtime is refused with the reason', () => {
      const model = fixture('models/yolov5n/yolov5n_640_efficientnms.onnx');
      const printed = trtmap('eval', '--onnx', model, ...coco(), '--print-config');
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toMatch(
        /^ {2}family: efficientnms # output signature \(count num_dets, boxes det_boxes, scores det_scores, classes det_classes\)$/m,
      );
      expect(printed.stdout).toMatch(
        /^ {2}maxDet: 100 # model graph \(EfficientNMS_TRT attributes\)$/m,
      );
      const run = trtmap('eval', '--onnx', model, ...coco());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_BACKEND: .*yolov5n_640_efficientnms\.onnx contains the TensorRT plugin EfficientNMS_TRT, which ONNX Runtime cannot run/,
      );
    });

    it("detect prints the model's class names (metadata) with the contract of eval", () => {
      const run = trtmap(
        'detect',
        models().yolov8,
        fixture('images/dog.jpg'),
        '--json',
        '--backend',
        'onnxruntime',
      );
      expect(run.code, run.stderr).toBe(0);
      const [image] = (JSON.parse(run.stdout) as { images: { detections: { class: string }[] }[] })
        .images;
      const classes = image.detections.map((d) => d.class);
      for (const name of ['dog', 'bicycle', 'truck']) expect(classes).toContain(name);
    });

    describe('bad input: one line on stderr, exit 2, no stack trace', () => {
      const expectOneLine = (args: string[], pattern: RegExp) => {
        const run = trtmap('eval', ...args);
        expect(run.code, run.stderr).toBe(2);
        const lines = run.stderr.trim().split('\n');
        expect(lines, run.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(pattern);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      };
      it('a config whose outputs do not fit the model (count, names, shapes)', () => {
        const tooFew = write(
          'too-few.yaml',
          'preset: nanodet\noutput:\n  outputs: { scores: ["792"], boxes: ["795", "817"] }\n',
        );
        expectOneLine(
          ['--onnx', models().nanodet416, ...coco(), '--model-config', tooFew],
          /^trtmap: ERR_SHAPE: /,
        );
        const missing = write(
          'missing.yaml',
          'output:\n  family: yolov8\n  outputs: { predictions: output1 }\n',
        );
        expectOneLine(
          ['--onnx', models().yolov8, ...coco(), '--model-config', missing],
          /^trtmap: ERR_SHAPE: output "output1" \(role predictions\) is not an output of .*yolov8n_dequant_fp32_op17\.onnx; its outputs: output0 \[1, 84, 8400\]$/,
        );
        const swapped = write(
          'swapped.yaml',
          'preset: nanodet\noutput:\n  outputs: { scores: ["792", "814", "836"], boxes: ["839", "817", "795"] }\n',
        );
        expectOneLine(
          ['--onnx', models().nanodet416, ...coco(), '--model-config', swapped],
          /^trtmap: ERR_SHAPE: the GFL decoder: level 0 pairs 792 \[1, 2704, 80\] with 839 \[1, 169, 32\].*check the order/,
        );
      });
      it('a class list that does not fit the class scores', () => {
        expectOneLine(
          ['--onnx', models().yolov8, ...coco(), '--classes', 'voc'],
          /^trtmap: ERR_SHAPE: output output0 \[1, 84, 8400\] scores 80 classes, but the class list \(voc\) has 20; pass the model's own list with --classes/,
        );
      });
      it('an unknown family', () => {
        expectOneLine(
          [
            '--onnx',
            models().yolov8,
            ...coco(),
            '--model-config',
            write('family.yaml', 'output: { family: yolov9 }\n'),
          ],
          /^trtmap: ERR_INVALID_ARGUMENT: Expected one of yolov5, .* for output\.family but received "yolov9" \(in --model-config .*family\.yaml\)$/,
        );
        expectOneLine(
          ['--onnx', models().yolov8, ...coco(), '--family', 'yolov9'],
          /^trtmap: ERR_INVALID_ARGUMENT: Expected one of yolov5, .* for --family but received "yolov9"$/,
        );
      });
      it('classes that match nothing in the dataset', () => {
        const names = write('parts.names', 'bolt\nnut\nwasher\n');
        const model = write('three.yaml', `output: { family: yolov8 }\nclasses: ${names}\n`);
        // A YOLOv8 of 80 classes declared with 3 names fails the class check first; a decoder of 3 classes then the mapping:
        expectOneLine(
          ['--onnx', models().yolov8, ...coco(), '--model-config', model],
          /^trtmap: ERR_SHAPE: .*scores 80 classes, but the class list .*parts\.names\) has 3/,
        );
        const decoder = write('three.mjs', 'export default () => [];\n');
        expectOneLine(
          ['--onnx', models().yolov8, ...coco(), '--decoder', decoder, '--classes', names],
          /^trtmap: ERR_MODEL_CONTRACT: none of the model's classes \(.*parts\.names, matched by name: bolt, nut, washer\) is a category of the dataset \(person, bicycle, car, .*\); set --classes/,
        );
      });
      it('an ambiguous model: the outputs and the flags to set', () => {
        expectOneLine(
          ['--onnx', models().yolox, ...coco()],
          /^trtmap: ERR_MODEL_CONTRACT: cannot tell how to decode .*yolox_nano_416\.onnx: output \[1, 3549, 85\] has one row per grid cell.*Its outputs: output \[1, 3549, 85\]\. pass --preset yolox or --preset yolov8/,
        );
      });
    });
  },
);
