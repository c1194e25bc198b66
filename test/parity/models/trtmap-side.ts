import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { bindContract } from '../../../lib/contract/bind.js';
import { mapClasses } from '../../../lib/contract/classes.js';
import { readGraphTensors, readNmsPluginNodes } from '../../../lib/contract/onnx-graph.js';
import { type ContractRequest, resolveContract } from '../../../lib/contract/resolve.js';
import type { PartialContract } from '../../../lib/contract/types.js';
import { Postprocessor } from '../../../lib/detect/postprocess.js';
import type { InputPlacement, ModelOutputs } from '../../../lib/detect/types.js';
import { type CocoId, compareIds } from '../../../lib/metrics/coco/ids.js';
import { expectSameDetections as expectSameOrderedDetections } from '../../helpers/reference-tensors.js';
import type { CocoDetection } from '../../../lib/metrics/index.js';
import { type Evaluation, evaluate, openDataset } from '../../../lib/pipeline/evaluate.js';
import type { ImageStage } from '../../../lib/pipeline/image-stage.js';
import { fixture } from '../../helpers/fixtures.js';
import { native, nativeMissingReason } from '../../helpers/native.js';
import { type FixtureModel, type ReferenceCache, datasetOf } from './harness.js';

/**
 * How `trtmap eval` is asked to read each model: nothing (auto-detection), a
 * preset, documented flags (the CLI's layer of the contract) or a model config
 * file, each the setting that makes trtmap follow the repository the reference
 * follows; the preprocessing is always the contract's own (the preset's).
 * `ownSkip` says why the each-side comparison cannot hold for a model.
 */
export interface TrtmapSide {
  preset?: string;
  flags?: PartialContract;
  /** A --model-config file's text (YAML). */
  config?: string;
  ownSkip?: string;
}

// prettier-ignore
export const trtmapSides: Record<string, TrtmapSide> = {
  yolov5n: {},
  'yolov8n-dequant': {},
  'yolov8n-int8': {},
  'yolox-nano': { preset: 'yolox' },
  'nanodet-m-416': {},
  // The README's config: the export has no batch dimension and misleading output names.
  'nanodet-m-320': {
    config: [
      'preset: nanodet',
      'output:',
      '  outputs:',
      '    scores: [cls_score0, bbox_pred0, cls_score1]   # per level, stride 8 first',
      '    boxes: [bbox_pred1, cls_score2, bbox_pred2]',
      '',
    ].join('\n'),
  },
  // FastestDet's eval neither clips nor caps its boxes (pycocotools keeps 100).
  fastestdet: { config: 'postprocess:\n  clip: none\n  maxDet: null\n' },
  // The OD API: threshold 1e-8, NMS on unclipped boxes, then clip and drop empty ones, top 100.
  'ssd-mobilenet-v1': {
    config: 'postprocess:\n  conf: 0.00000001\n  clip: after-nms\n',
    ownSkip:
      "the TF Object Detection API resizes with TF1's resize_bilinear (src = dst x in / out, no half-pixel centres), which lib/image has no mode for; cv2's INTER_LINEAR, the preset's, moves COCO AP by 0.0045 on these 188 images",
  },
  // darknet writes every detection (pycocotools keeps 100); NMS as the metadata says (detector map).
  'yolo-fastest-1.1': { flags: { postprocess: { maxDet: null } } },
  'mobilenetv2-yolov3-nano-coco': { flags: { postprocess: { maxDet: null } } },
  'mobilenetv2-yolov3-nano-voc': { flags: { postprocess: { maxDet: null } } },
  'mobilenetv2-yolo-fastest-voc': { flags: { postprocess: { maxDet: null } } },
  'mobilenetv2-yolo-fastest-voc-v2': { flags: { postprocess: { maxDet: null } } },
};

/** Why trtmap cannot run this model's comparison with its own preprocessing here, if it cannot. */
export function ownPreprocessingSkip(model: FixtureModel): string | undefined {
  const side = trtmapSides[model.name];
  if (side === undefined) return 'no trtmap side';
  if (native === undefined) return nativeMissingReason;
  return side.ownSkip;
}

/** The contract request of a model, writing its config file into the model's folder. */
export function contractOf(model: FixtureModel, cache: ReferenceCache): ContractRequest {
  const side = trtmapSides[model.name];
  const request: ContractRequest = { preset: side.preset, flags: side.flags };
  if (side.config !== undefined) {
    const file = path.join(cache.modelFolder(model), 'model-config.yaml');
    writeFileSync(file, side.config);
    request.configFile = file;
  }
  return request;
}

/**
 * `trtmap eval` through the library, ONNX Runtime with one thread: with its
 * own decode and preprocessing, or (`tensors`) fed the reference's tensors
 * and placements for the images it wrote them for.
 */
export function trtmapEvaluate(
  model: FixtureModel,
  cache: ReferenceCache,
  options: { tensors?: number; contract?: ContractRequest } = {},
): Promise<Evaluation> {
  const base = model.darknet;
  return evaluate({
    model:
      base === undefined
        ? { onnx: fixture(model.onnx!) }
        : { darknet: { cfg: fixture(`${base}.cfg`), weights: fixture(`${base}.weights`) } },
    dataset: datasetOf(model).files,
    contract: options.contract ?? contractOf(model, cache),
    backend: 'onnxruntime',
    threads: 1,
    ...(options.tensors === undefined
      ? {}
      : {
          limit: options.tensors,
          imageStage: () => referenceTensors(path.join(cache.modelFolder(model), 'tensors')),
        }),
  });
}

/** Feeds trtmap the tensors (and placements) a reference wrote. */
export function referenceTensors(folder: string): ImageStage {
  const placements = JSON.parse(
    readFileSync(path.join(folder, 'placements.json'), 'utf8'),
  ) as Record<string, InputPlacement & { tensor: string }>;
  return {
    prepare: async (image) => {
      const entry = placements[image];
      if (entry === undefined) throw new Error(`the reference wrote no tensor for ${image}`);
      const { tensor, ...placement } = entry;
      const bytes = readFileSync(tensor);
      return {
        tensor: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
        placement,
        milliseconds: 0,
      };
    },
  };
}

function detectionOrder(a: CocoDetection, b: CocoDetection): number {
  return (
    compareIds(a.image_id, b.image_id) ||
    b.score - a.score ||
    compareIds(a.category_id, b.category_id) ||
    a.bbox[0] - b.bbox[0] ||
    a.bbox[1] - b.bbox[1]
  );
}

/**
 * The same detections to `tolerance` in every box coordinate (source pixels)
 * and score, compared image by image in score order (equal scores are not
 * ordered the same way by every NMS).
 */
export function expectSameDetections(
  actual: readonly CocoDetection[],
  expected: readonly CocoDetection[],
  tolerance = 1e-5,
): void {
  const ours = [...actual].sort(detectionOrder);
  const theirs = [...expected].sort(detectionOrder);
  const count = (list: CocoDetection[]) =>
    list.reduce(
      (map, d) => map.set(d.image_id, (map.get(d.image_id) ?? 0) + 1),
      new Map<CocoId, number>(),
    );
  expect(count(ours), 'detections per image').toEqual(count(theirs));
  // In that order, the one comparison of ids, scores and boxes the other pipeline tests use.
  expectSameOrderedDetections(ours, theirs, tolerance);
}

/**
 * trtmap's decoding of an EfficientNMS_TRT model from the plugin outputs the
 * reference computed (ONNX Runtime cannot run the plugin): the contract as
 * trtmap resolves it from the model's graph (auto-detection, the preset the
 * family falls back to), its decoder and postprocessing, image by image.
 */
export async function decodePluginOutputs(
  model: FixtureModel,
  folder: string,
  imageIds: readonly number[],
): Promise<CocoDetection[]> {
  const file = fixture(model.onnx!);
  const bytes = readFileSync(file);
  const description = {
    path: file,
    ...readGraphTensors(bytes),
    nmsPlugins: readNmsPluginNodes(bytes),
  };
  const bound = await bindContract(resolveContract(description, {}), description);
  const dataset = await openDataset(datasetOf(model).files);
  const { map } = mapClasses(bound.contract.classes, {
    // openDataset refuses category ids that are not numbers (model classes map onto int32).
    categories: dataset.groundTruth.categories as { id: number; name: string }[],
    categoryOfCocoId: dataset.categoryOfCocoId,
  });
  const postprocessor = new Postprocessor(bound.createDecoder(map), bound.postprocess);
  const results: CocoDetection[] = [];
  for (const id of imageIds) {
    const read = (name: string) => readFileSync(path.join(folder, `${id}.${name}`));
    const int32 = (name: string) => new Int32Array(new Uint8Array(read(name)).buffer);
    const float32 = (name: string) => new Float32Array(new Uint8Array(read(name)).buffer);
    const outputs: ModelOutputs = {
      num_dets: { data: int32('num_dets'), dims: [1, 1] },
      det_boxes: { data: float32('det_boxes'), dims: [1, 100, 4] },
      det_scores: { data: float32('det_scores'), dims: [1, 100] },
      det_classes: { data: int32('det_classes'), dims: [1, 100] },
    };
    const placement = JSON.parse(read('placement.json').toString('utf8')) as InputPlacement;
    const { count, boxes, scores, categories } = postprocessor.run(outputs, 0, placement);
    for (let d = 0; d < count; d++) {
      const [x1, y1, x2, y2] = boxes.subarray(d * 4, d * 4 + 4);
      results.push({
        image_id: id,
        category_id: categories[d],
        score: scores[d],
        bbox: [x1, y1, x2 - x1, y2 - y1],
      });
    }
  }
  return results;
}
