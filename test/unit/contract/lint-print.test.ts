import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ValidityLint,
  bindContract,
  formatContract,
  readGraphTensors,
  readNmsPluginNodes,
  resolveContract,
} from '../../../lib/contract/index.js';
import { loadUserDecoder } from '../../../lib/contract/user-decoder.js';
import { Candidates } from '../../../lib/detect/index.js';
import { ProtoWriter } from '../../../lib/onnx/protobuf.js';
import { efficientNms, nanodet320, yolov8 } from './models.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-print-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('--print-config', () => {
  it('prints every value with where it came from, as a config file that resolves to the same contract', () => {
    const resolved = resolveContract(yolov8, {
      flags: { postprocess: { iou: 0.65 } },
      flagSources: { 'postprocess.iou': '--iou' },
    });
    const text = formatContract(resolved, 'yolov8n.onnx');
    expect(text).toMatch(/^# trtmap model contract for yolov8n\.onnx/);
    expect(text).toMatch(/^ {2}width: 640 # model input images \[1, 3, 640, 640\]$/m);
    expect(text).toMatch(/^ {2}scale: 1\/255 # preset yolov8$/m);
    expect(text).toMatch(/^ {2}iou: 0\.65 # --iou$/m);
    expect(text).toMatch(/^ {4}predictions: output0 # output signature/m);
    const file = path.join(folder, 'printed.yaml');
    writeFileSync(file, text);
    expect(resolveContract(yolov8, { configFile: file }).contract).toEqual(resolved.contract);
  });

  it('round-trips the NanoDet-m 320 roles', () => {
    const resolved = resolveContract(nanodet320);
    const file = path.join(folder, 'nanodet.yaml');
    writeFileSync(file, formatContract(resolved));
    expect(resolveContract(nanodet320, { configFile: file }).contract).toEqual(resolved.contract);
  });
});

describe('bindContract', () => {
  it('builds the family decoder with the contract settings', async () => {
    const bound = await bindContract(resolveContract(yolov8), yolov8);
    expect(bound).toMatchObject({ name: 'yolov8', inputName: 'images' });
    expect(bound.postprocess).toMatchObject({
      scoreThreshold: 0.001,
      clip: 'after-nms-keep',
      maxDetections: 300,
      nms: { kind: 'iou', iouThreshold: 0.7, maxCandidates: 30000 },
    });
    // [1, 84, 2] with one box at anchor 1, classes 0 and 1 over the threshold: multi-label.
    const data = new Float32Array(84 * 2);
    [10, 20, 4, 6].forEach((v, c) => (data[c * 2 + 1] = v));
    data[4 * 2 + 1] = 0.5;
    data[5 * 2 + 1] = 0.25;
    const list = new Candidates();
    bound.createDecoder().decode({ output0: { data, dims: [1, 84, 2] } }, 0, 0.001, list);
    expect(Array.from(list.categories.subarray(0, list.count))).toEqual([0, 1]);
  });
});

describe('validity lint', () => {
  const threshold = resolveContract(yolov8, {
    flags: { postprocess: { conf: 0.25 } },
    flagSources: { 'postprocess.conf': '--conf' },
  });

  it('a score threshold above 0.01 and classes with ground truth that nothing maps to', () => {
    const lint = new ValidityLint({
      contract: threshold.contract,
      sources: threshold.sources,
      dataset: {
        categoriesWithGroundTruth: [
          { id: 1, name: 'person' },
          { id: 90, name: 'toothbrush' },
        ],
        map: Int32Array.from([1]),
      },
    });
    const warnings = lint.finish();
    expect(warnings[0]).toMatch(/^score threshold 0\.25 \(--conf\) is above 0\.01/);
    expect(warnings[1]).toMatch(
      /^1 dataset category has ground truth but no model class \(metadata\) maps to it: toothbrush/,
    );
  });

  it('an in-graph NMS: its own settings, outputs saturated at its top-K, and integer boxes', () => {
    const { contract } = resolveContract(efficientNms);
    const lint = new ValidityLint({
      contract,
      nmsPlugins: [
        {
          opType: 'EfficientNMS_TRT',
          name: 'n',
          attributes: { score_threshold: 0.25, iou_threshold: 0.45, max_output_boxes: 50 },
        },
      ],
    });
    const decoder = lint.wrap({
      postNms: true,
      decode(_outputs, _batch, _threshold, into) {
        for (let i = 0; i < 25; i++) into.push(i, i, i + 10, i + 10, 0.5, 0);
      },
    });
    const outputs = {
      num_dets: { data: Int32Array.from([100]), dims: [1, 1] },
      det_boxes: { data: new Float32Array(400), dims: [1, 100, 4] },
    };
    decoder.decode(outputs, 0, 0.001, new Candidates());
    const warnings = lint.finish();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^EfficientNMS_TRT \(n\) in the graph drops scores below its score threshold 0\.25/,
      ),
      expect.stringMatching(/keeps at most 50 detections per image, fewer than COCO's 100/),
      expect.stringMatching(
        /decides the detections with its own settings \(score threshold 0\.25, IoU 0\.45, at most 50 per image\)/,
      ),
      expect.stringMatching(
        /^the in-graph NMS \(efficientnms\) returned its maximum of 100 detections on 1 of 1 images/,
      ),
      expect.stringMatching(/returned no score below 0\.500 in 25 detections/),
      expect.stringMatching(/^25 of 25 decoded boxes have integer corners/),
    ]);
  });
});

describe('NMS plugin nodes of an ONNX graph', () => {
  it('reads op type, name and numeric attributes (float, and int64 such as -1)', () => {
    const attribute = (name: string, write: (w: ProtoWriter) => void) => {
      const w = new ProtoWriter();
      w.string(1, name);
      write(w);
      return w.finish();
    };
    const node = new ProtoWriter();
    node.string(3, 'nms');
    node.string(4, 'EfficientNMS_TRT');
    node.bytes(
      5,
      attribute('score_threshold', (w) => w.float(2, 0.25)),
    );
    node.bytes(
      5,
      attribute('background_class', (w) => w.int(3, -1)),
    );
    const other = new ProtoWriter();
    other.string(4, 'Conv');
    const graph = new ProtoWriter();
    graph.bytes(1, other.finish());
    graph.bytes(1, node.finish());
    const model = new ProtoWriter();
    model.int(1, 8);
    model.bytes(7, graph.finish());
    expect(readNmsPluginNodes(model.finish())).toEqual([
      {
        opType: 'EfficientNMS_TRT',
        name: 'nms',
        attributes: { score_threshold: 0.25, background_class: -1 },
      },
    ]);
  });
});

describe('graph tensors of an ONNX model (for models no backend here opens)', () => {
  it('inputs without the initializers, outputs, fixed and symbolic dims, element types', () => {
    const valueInfo = (name: string, elemType: number, dims: (number | string)[]) =>
      new ProtoWriter()
        .string(1, name)
        .message(2, (type) =>
          type.message(1, (tensor) =>
            tensor.int(1, elemType).message(2, (shape) => {
              for (const dim of dims)
                shape.message(1, (d) =>
                  typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim),
                );
            }),
          ),
        )
        .finish();
    const graph = new ProtoWriter()
      .bytes(5, new ProtoWriter().string(8, 'weight').finish())
      .bytes(11, valueInfo('images', 10, ['batch', 3, 640, 640]))
      .bytes(11, valueInfo('weight', 1, [16]))
      .bytes(12, valueInfo('num_dets', 6, [1, 1]))
      .finish();
    const model = new ProtoWriter().int(1, 8).bytes(7, graph).finish();
    expect(readGraphTensors(model)).toEqual({
      inputs: [{ name: 'images', shape: ['batch', 3, 640, 640], type: 'float16' }],
      outputs: [{ name: 'num_dets', shape: [1, 1], type: 'int32' }],
    });
  });
});

describe('user decoder modules', () => {
  it('a module without a function export, or one that does not load, is a clear error', async () => {
    const none = path.join(folder, 'none.mjs');
    writeFileSync(none, 'export const x = 1;\n');
    await expect(loadUserDecoder(none)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringContaining('the module exports no function'),
    });
    const broken = path.join(folder, 'broken.mjs');
    writeFileSync(broken, 'export default function (\n');
    await expect(loadUserDecoder(broken)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringContaining('cannot load the module'),
    });
    const good = path.join(folder, 'good.mjs');
    writeFileSync(good, 'export const postNms = true;\nexport function decode() { return []; }\n');
    await expect(loadUserDecoder(good)).resolves.toMatchObject({ postNms: true, source: good });
  });
});
