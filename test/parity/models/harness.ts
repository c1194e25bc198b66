import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { convertDarknetFiles } from '../../../lib/darknet/index.js';
import type { CocoDetection } from '../../../lib/metrics/index.js';
import type { CocoId } from '../../../lib/metrics/coco/ids.js';
import { fixture, fixturesRoot } from '../../helpers/fixtures.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The reference pipelines of this folder, one per evaluation code they follow. */
export type ReferenceFamily =
  | 'yolov5'
  | 'ultralytics'
  | 'yolox'
  | 'nanodet'
  | 'fastestdet'
  | 'ssd'
  | 'darknet'
  | 'efficientnms';

/** A fixture model and how its reference is run and judged. */
export interface FixtureModel {
  name: string;
  family: ReferenceFamily;
  dataset: 'coco' | 'voc';
  /** The ONNX file under $TRTMAP_FIXTURES (not for darknet models). */
  onnx?: string;
  /** darknet: the cfg/weights path under $TRTMAP_FIXTURES without extension. */
  darknet?: string;
  /** Whether the reference runs trtmap's conversion of the darknet cfg (else its own transcription). */
  trtmapConverts?: boolean;
  /** The figure its authors publish, on the full split named in `source`. */
  published: { ap?: number; ap50?: number; vocMap?: number; source: string };
}

const darknetVocFastest =
  'models/darknet-mobilenetv2-yolo-fastest-voc/MobileNetV2-YOLO-Fastest-voc';
const darknetNano = 'models/darknet-mobilenetv2-yolov3-nano/MobileNetV2-YOLOv3-Nano';

// prettier-ignore
export const fixtureModels: Record<string, FixtureModel> = {
  yolov5n: { name: 'yolov5n', family: 'yolov5', dataset: 'coco', onnx: 'models/yolov5n/yolov5n_640_exported.onnx',
    published: { ap: 0.28, ap50: 0.457, source: 'ultralytics/yolov5 README, COCO val2017 at 640' } },
  'yolov5n-efficientnms': { name: 'yolov5n-efficientnms', family: 'efficientnms', dataset: 'coco',
    onnx: 'models/yolov5n/yolov5n_640_efficientnms.onnx',
    published: { ap: 0.28, ap50: 0.457, source: 'the same yolov5n weights' } },
  'yolov8n-dequant': { name: 'yolov8n-dequant', family: 'ultralytics', dataset: 'coco',
    onnx: 'models/yolov8n/yolov8n_dequant_fp32_op17.onnx',
    published: { ap: 0.373, source: 'ultralytics docs, YOLOv8n FP32, COCO val2017' } },
  'yolov8n-int8': { name: 'yolov8n-int8', family: 'ultralytics', dataset: 'coco',
    onnx: 'models/yolov8n/yolov8n_int8_dynamic.onnx',
    published: { ap: 0.373, source: 'ultralytics docs, YOLOv8n FP32 (none for the INT8 file)' } },
  'yolox-nano': { name: 'yolox-nano', family: 'yolox', dataset: 'coco', onnx: 'models/yolox-nano/yolox_nano_416.onnx',
    published: { ap: 0.258, source: 'Megvii-BaseDetection/YOLOX README, COCO val2017 at 416' } },
  'nanodet-m-416': { name: 'nanodet-m-416', family: 'nanodet', dataset: 'coco', onnx: 'models/nanodet-m/nanodet_m_416.onnx',
    published: { ap: 0.235, source: 'RangiLyu/nanodet README, COCO val2017' } },
  'nanodet-m-320': { name: 'nanodet-m-320', family: 'nanodet', dataset: 'coco', onnx: 'models/nanodet-m/nanodet_m_320.onnx',
    published: { ap: 0.206, source: 'RangiLyu/nanodet README, COCO val2017' } },
  fastestdet: { name: 'fastestdet', family: 'fastestdet', dataset: 'coco', onnx: 'models/fastestdet/FastestDet.onnx',
    published: { ap: 0.13, ap50: 0.253, source: 'dog-qiuqiu/FastestDet README' } },
  'ssd-mobilenet-v1': { name: 'ssd-mobilenet-v1', family: 'ssd', dataset: 'coco',
    onnx: 'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
    published: { ap: 0.182, source: 'TF OD API config: 18.2 mAP on COCO14 minival' } },
  'yolo-fastest-1.1': { name: 'yolo-fastest-1.1', family: 'darknet', dataset: 'coco', trtmapConverts: true,
    darknet: 'models/yolo-fastest-1.1/yolo-fastest-1.1',
    published: { ap50: 0.244, source: 'dog-qiuqiu/Yolo-Fastest mAP_log.txt, darknet detector map' } },
  'mobilenetv2-yolov3-nano-coco': { name: 'mobilenetv2-yolov3-nano-coco', family: 'darknet', dataset: 'coco',
    trtmapConverts: true, darknet: `${darknetNano}-coco`,
    published: { ap50: 0.3013, source: 'COCOmAP.txt, darknet detector map' } },
  'mobilenetv2-yolov3-nano-voc': { name: 'mobilenetv2-yolov3-nano-voc', family: 'darknet', dataset: 'voc',
    trtmapConverts: true, darknet: `${darknetNano}-voc`,
    published: { vocMap: 0.6527, source: 'VOCmAP.txt, darknet detector map, VOC2007 test' } },
  'mobilenetv2-yolo-fastest-voc': { name: 'mobilenetv2-yolo-fastest-voc', family: 'darknet', dataset: 'voc',
    trtmapConverts: true, darknet: darknetVocFastest,
    published: { vocMap: 0.4655, source: 'VOCmAP-v1.txt, darknet detector map, VOC2007 test' } },
  'mobilenetv2-yolo-fastest-voc-v2': { name: 'mobilenetv2-yolo-fastest-voc-v2', family: 'darknet', dataset: 'voc',
    trtmapConverts: true, darknet: `${darknetVocFastest}-v2`,
    published: { vocMap: 0.5013, source: 'VOCmAP-v2.txt, darknet detector map, VOC2007 test' } },
};

export interface ReferenceScores {
  detections: CocoDetection[];
  /** pycocotools' 12 summary numbers. */
  stats: number[];
  /** VOC datasets: devkit mAP@0.5, all-point and 11-point. */
  voc?: { map: number; map07: number };
}

export interface ReferenceRun {
  images: number;
  /** The images run, in dataset order. */
  image_ids: number[];
  /** Wall time per stage, and the process's CPU time ("cpu") including scoring. */
  seconds: { preprocess: number; inference: number; postprocess: number; cpu: number };
  repo: ReferenceScores;
  exact?: ReferenceScores;
}

export interface ReferenceOptions {
  /** The first N images (trtmap's `limit`); all when undefined. */
  limit?: number;
  /** 'own': preprocess and write the first `writeTensors` tensors; 'tensors': read them back. */
  mode?: 'own' | 'tensors';
  writeTensors?: number;
  arithmetic?: ('repo' | 'exact')[];
}

/** The dataset of a fixture model, as the reference job and trtmap's evaluate() name it. */
export function datasetOf(model: FixtureModel): {
  job: Record<string, string>;
  files: { coco: { annotations: string; images: string } } | { voc: { root: string } };
} {
  if (model.dataset === 'voc') {
    const root = path.join(fixturesRoot!, 'datasets/voc100');
    return { job: { kind: 'voc', root }, files: { voc: { root } } };
  }
  const annotations = fixture('datasets/coco-val2017-subset/instances_val2017_subset.json');
  const images = path.join(fixturesRoot!, 'datasets/coco-val2017-subset/images');
  return { job: { kind: 'coco', annotations, images }, files: { coco: { annotations, images } } };
}

/**
 * Runs each model's reference at most once per mode for the test file that owns
 * the cache (python3 test/parity/models/reference.py; ONNX Runtime with one
 * thread, one process per model), keeping its tensors in `folder/<model>`.
 */
export class ReferenceCache {
  private readonly runs = new Map<string, Promise<ReferenceRun>>();

  constructor(readonly folder: string) {}

  /** The folder of a model's tensors, placements and plugin outputs. */
  modelFolder(model: FixtureModel): string {
    return path.join(this.folder, model.name);
  }

  /** trtmap's own conversion of a darknet model (written once into the model folder). */
  trtmapDarknetOnnx(model: FixtureModel): string {
    const file = path.join(this.modelFolder(model), 'trtmap.onnx');
    if (!existsSync(file)) {
      mkdirSync(this.modelFolder(model), { recursive: true });
      const base = model.darknet!;
      const { onnx } = convertDarknetFiles(fixture(`${base}.cfg`), fixture(`${base}.weights`));
      writeFileSync(file, onnx);
    }
    return file;
  }

  /** The reference's own ONNX transcription of a darknet model (darknet_onnx.py). */
  async referenceDarknetOnnx(model: FixtureModel): Promise<string> {
    const base = model.darknet!;
    const output = await python(path.join(here, 'darknet_onnx.py'), [
      fixture(`${base}.cfg`),
      fixture(`${base}.weights`),
      this.modelFolder(model),
    ]);
    return output.trim();
  }

  run(model: FixtureModel, key: string, options: ReferenceOptions): Promise<ReferenceRun> {
    const id = `${model.name}:${key}`;
    let pending = this.runs.get(id);
    if (pending === undefined) {
      pending = this.start(model, options);
      this.runs.set(id, pending);
    }
    return pending;
  }

  private async start(model: FixtureModel, options: ReferenceOptions): Promise<ReferenceRun> {
    const folder = this.modelFolder(model);
    mkdirSync(folder, { recursive: true });
    const job: Record<string, unknown> = {
      family: model.family,
      model: model.onnx === undefined ? null : fixture(model.onnx),
      dataset: datasetOf(model).job,
      limit: options.limit ?? null,
      mode: options.mode ?? 'own',
      tensors: path.join(folder, 'tensors'),
      write_tensors: options.writeTensors ?? 0,
      arithmetic: options.arithmetic ?? ['repo'],
      work: folder,
      threads: 1,
    };
    if (model.darknet !== undefined) {
      job.cfg = fixture(`${model.darknet}.cfg`);
      job.weights = fixture(`${model.darknet}.weights`);
      // The network as trtmap converts it where it can (the converter is checked against
      // a darknet forward in darknet-*.test.ts and against the reference's own
      // transcription in models-darknet.test.ts), so that fed the same tensors both
      // sides see the same outputs; the reference's own ONNX otherwise.
      if (model.trtmapConverts) job.model = this.trtmapDarknetOnnx(model);
    }
    if (model.family === 'efficientnms') job.plugin_outputs = path.join(folder, 'plugin-outputs');
    return JSON.parse(
      await python(path.join(here, 'reference.py'), [], JSON.stringify(job)),
    ) as ReferenceRun;
  }
}

/**
 * Runs a script of this folder; resolves with stdout, rejects with stderr.
 * numpy's BLAS gets one thread: the references run one per test file, beside
 * ONNX Runtime (one thread) and the other test files, on CI's two cores.
 */
export async function python(script: string, args: string[], input?: string): Promise<string> {
  const child = run(process.env.PYTHON ?? 'python3', [script, ...args], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return (await child).stdout;
}

/** Detections of the given images, in their original order. */
export function detectionsOf(
  detections: readonly CocoDetection[],
  imageIds: ReadonlySet<CocoId>,
): CocoDetection[] {
  return detections.filter((detection) => imageIds.has(detection.image_id));
}
