import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveContract } from '../../../lib/contract/index.js';
import {
  efficientNms,
  fastestdet,
  nanodet320,
  nanodet416,
  ssd,
  yolov5,
  yolov8,
  yolox,
} from './models.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const at = path.join(folder, name);
  writeFileSync(at, text);
  return at;
};

describe('auto-detection from the output signature and metadata', () => {
  it('YOLOv8: Ultralytics metadata and [N, 84, 8400], with the preset of its repository', () => {
    const { contract, sources, notes } = resolveContract(yolov8);
    expect(contract.output).toMatchObject({
      family: 'yolov8',
      outputs: { predictions: 'output0' },
      channelsFirst: true,
    });
    expect(contract.input).toMatchObject({
      width: 640,
      height: 640,
      resize: 'letterbox',
      padValue: 114,
      channelOrder: 'rgb',
    });
    expect(contract.postprocess).toMatchObject({
      conf: 0.001,
      nms: 'multi-label',
      iou: 0.7,
      maxDet: 300,
      maxCandidates: 30000,
    });
    expect(contract.classes).toMatchObject({ source: 'metadata', match: 'name' });
    expect(contract.classes.names.slice(0, 3)).toEqual(['person', 'bicycle', 'car']);
    expect(sources['input.width']).toBe('model input images [1, 3, 640, 640]');
    expect(sources['postprocess.iou']).toBe('preset yolov8');
    expect(sources['classes.source']).toMatch(
      /^model metadata \(names, imgsz, stride, task, end2end\)$/,
    );
    expect(notes[0]).toMatch(
      /^auto-detected family yolov8: Ultralytics metadata and output0 \[1, 84, 8400\]/,
    );
  });

  it('YOLOv5: rows of 5 + 80 with yolov5 metadata; val.py settings', () => {
    const { contract } = resolveContract(yolov5);
    expect(contract.output.family).toBe('yolov5');
    expect(contract.input.interpolation).toBe('area');
    expect(contract.postprocess).toMatchObject({
      iou: 0.6,
      maxDet: 300,
      nms: 'multi-label',
      clip: 'after-nms-keep',
    });
  });

  it('YOLOX without metadata is ambiguous (a grid cell per row, 85 values): refused, naming the outputs and the flags', () => {
    expect(() => resolveContract(yolox)).toThrow(
      expect.objectContaining({
        code: 'ERR_MODEL_CONTRACT',
        message: expect.stringMatching(
          /output \[1, 3549, 85\] has one row per grid cell.*pass --preset yolox or --preset yolov8/,
        ),
      }),
    );
    // A class list settles it: 85 = 5 + 80.
    expect(
      resolveContract(yolox, { flags: { classes: { source: 'coco80' } } }).contract.output.family,
    ).toBe('yolox');
    const { contract } = resolveContract(yolox, { preset: 'yolox' });
    expect(contract.input).toMatchObject({
      resize: 'keep-ratio',
      anchor: 'top-left',
      channelOrder: 'bgr',
      scale: 1,
    });
    expect(contract.postprocess).toMatchObject({
      conf: 0.01,
      iou: 0.65,
      nms: 'class-aware',
      maxDet: null,
      clip: 'none',
    });
  });

  it('NanoDet: levels paired by cell count, finest first, whatever the names say', () => {
    const { contract } = resolveContract(nanodet416);
    expect(contract.output).toMatchObject({
      family: 'gfl',
      outputs: { scores: ['792', '814', '836'], boxes: ['795', '817', '839'] },
    });
    const awkward = resolveContract(nanodet320).contract.output.outputs;
    expect(awkward).toEqual({
      scores: ['cls_score0', 'bbox_pred0', 'cls_score1'],
      boxes: ['bbox_pred1', 'cls_score2', 'bbox_pred2'],
    });
  });

  it('EfficientNMS outputs: roles by shape and element type', () => {
    const { contract } = resolveContract(efficientNms);
    expect(contract.output).toMatchObject({
      family: 'efficientnms',
      outputs: {
        count: 'num_dets',
        boxes: 'det_boxes',
        scores: 'det_scores',
        classes: 'det_classes',
      },
    });
    expect(contract.postprocess.nms).toBe('none');
  });

  it('the presets of the first fixtures keep their settings (SSD, FastestDet)', () => {
    expect(resolveContract(ssd).contract).toMatchObject({
      preset: 'ssd-mobilenet-v1',
      input: { scale: 1, mean: [128, 128, 128], std: [128, 128, 128] },
      postprocess: { iou: 0.6, maxPerClass: 100, clip: 'before-nms' },
      classes: { source: 'coco91', match: 'id' },
    });
    expect(resolveContract(fastestdet).contract).toMatchObject({
      preset: 'fastestdet',
      input: { channelOrder: 'bgr' },
      postprocess: { iou: 0.45 },
    });
  });
});

describe('resolution order: preset < metadata < model < config file < flags', () => {
  it('each layer overrides the weaker ones, and the sources say which', () => {
    const config = file('m.yaml', 'postprocess:\n  iou: 0.5\n  maxDet: 100\ninput:\n  mean: 1\n');
    const { contract, sources } = resolveContract(yolov8, {
      configFile: config,
      flags: { postprocess: { iou: 0.55 } },
      flagSources: { 'postprocess.iou': '--iou' },
    });
    expect(contract.postprocess).toMatchObject({ iou: 0.55, maxDet: 100 });
    expect(contract.input.mean).toEqual([1, 1, 1]);
    expect(sources['postprocess.iou']).toBe('--iou');
    expect(sources['postprocess.maxDet']).toBe(`--model-config ${config}`);
  });

  it("each preset's placement rounding is its repository's; unset, lib/image's default; config and --rounding override", () => {
    const rounding = (model: Parameters<typeof resolveContract>[0], preset?: string) =>
      resolveContract(model, { preset }).contract.input.rounding;
    // Ultralytics' validation loaders (ceil), YOLOX's int(), NanoDet's warp, DeepStream's truncation.
    expect(rounding(yolov5)).toBe('ceil');
    expect(rounding(yolov8)).toBe('ceil');
    expect(rounding(yolox, 'yolox')).toBe('floor');
    expect(rounding(nanodet416)).toBe('none');
    const { contract, sources } = resolveContract(yolov8, { preset: 'yolov8' });
    expect(sources['input.rounding']).toBe('preset yolov8');
    expect(contract.input.resize).toBe('letterbox');
    // No preset states one: the value lib/image would take, said to be trtmap's default.
    const custom = resolveContract(yolox, {
      flags: { output: { family: 'yolox' }, input: { resize: 'keep-ratio' } },
      preset: undefined,
    });
    expect(custom.contract.input.rounding).toBe('floor');
    const config = file('rounding.yaml', 'input:\n  rounding: half-even\n');
    const fromFile = resolveContract(yolov8, { configFile: config });
    expect(fromFile.contract.input.rounding).toBe('half-even');
    expect(fromFile.sources['input.rounding']).toBe(`--model-config ${config}`);
    const fromFlag = resolveContract(yolov8, {
      configFile: config,
      flags: { input: { rounding: 'integer' } },
      flagSources: { 'input.rounding': '--rounding' },
    });
    expect(fromFlag.contract.input.rounding).toBe('integer');
    expect(fromFlag.sources['input.rounding']).toBe('--rounding');
    expect(() =>
      resolveContract(yolov8, { configFile: file('bad.yaml', 'input:\n  rounding: up\n') }),
    ).toThrow(/input\.rounding/);
  });

  it('a config file names the outputs of NanoDet-m 320 and fixes the class list', () => {
    const config = file(
      'nanodet-320.yaml',
      [
        'preset: nanodet',
        'output:',
        '  outputs:',
        '    scores: [cls_score0, bbox_pred0, cls_score1]',
        '    boxes: [bbox_pred1, cls_score2, bbox_pred2]',
        'classes: coco80',
      ].join('\n'),
    );
    const { contract, sources } = resolveContract(nanodet320, { configFile: config });
    expect(contract.output.outputs.boxes).toEqual(['bbox_pred1', 'cls_score2', 'bbox_pred2']);
    expect(sources['output.outputs.scores']).toBe(`--model-config ${config}`);
    expect(contract.classes).toMatchObject({ source: 'coco80', match: 'id' });
  });

  it('a dynamic input needs --input-size', () => {
    const dynamic = {
      ...yolov8,
      metadata: undefined,
      inputs: [{ name: 'images', shape: ['batch', 3, 'h', 'w'], type: 'float32' }],
    };
    expect(() => resolveContract(dynamic)).toThrow(
      expect.objectContaining({
        code: 'ERR_MODEL_CONTRACT',
        message: expect.stringContaining('pass --input-size WxH'),
      }),
    );
    expect(
      resolveContract(dynamic, { flags: { input: { width: 320, height: 256 } } }).contract.input,
    ).toMatchObject({ width: 320, height: 256 });
  });
});

describe('a contract that does not fit the model: one clear error naming the output and the fix', () => {
  it('wrong class count', () => {
    expect(() => resolveContract(yolov8, { flags: { classes: { source: 'voc' } } })).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message:
          "output output0 [1, 84, 8400] scores 80 classes, but the class list (voc) has 20; pass the model's own list with --classes (coco80, coco91, voc, metadata or a names file)",
      }),
    );
  });
  it('wrong output count or shapes for the family', () => {
    expect(() => resolveContract(yolov8, { preset: 'nanodet' })).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringMatching(
          /^preset nanodet: the gfl family needs outputs for scores .* has output0 \[1, 84, 8400\]; name them with --outputs/,
        ),
      }),
    );
    expect(() => resolveContract(nanodet416, { preset: 'efficientnms' })).toThrow(
      expect.objectContaining({ code: 'ERR_SHAPE' }),
    );
  });
  it('a role naming an output the model does not have', () => {
    expect(() =>
      resolveContract(yolov8, { flags: { output: { outputs: { predictions: 'nope' } } } }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringMatching(
          /output "nope" \(role predictions\) is not an output of yolov8n\.onnx; its outputs: output0 \[1, 84, 8400\]/,
        ),
      }),
    );
  });
  it('an input size the model does not take', () => {
    expect(() =>
      resolveContract(yolov8, { flags: { input: { width: 320, height: 320 } } }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringContaining('its height is fixed at 640, not 320'),
      }),
    );
  });
  it('an unknown family or key in the config file', () => {
    expect(() =>
      resolveContract(yolov8, {
        configFile: file('bad-family.yaml', 'output:\n  family: yolov9\n'),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringMatching(
          /^Expected one of yolov5, yolov8, .* for output\.family but received "yolov9" \(in --model-config .*bad-family\.yaml\)$/,
        ),
      }),
    );
    expect(() =>
      resolveContract(yolov8, { configFile: file('bad-key.yaml', 'input:\n  sizee: 640\n') }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringContaining('unknown key input.sizee'),
      }),
    );
  });
  it('an unknown preset', () => {
    expect(() => resolveContract(yolov8, { preset: 'yolov9' })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringContaining('for --preset but received "yolov9"'),
      }),
    );
  });
});
