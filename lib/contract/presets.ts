import { TrtmapError } from '../errors.js';
import type { Family, InputContract, PartialContract } from './types.js';

/**
 * A preset: a named bundle of contract settings, each from the model's own
 * repository's evaluation code. Weaker than what the model says about itself
 * (metadata, input shape): a preset never fixes the input size.
 */
export interface Preset {
  name: string;
  /** The families it fits, the first one the model's outputs bind to is used. */
  families: Family[];
  /** Where the settings come from, for --print-config and the README. */
  reference: string;
  values: PartialContract;
}

// Ultralytics' validation loader: load_image resizes the long side to the input size,
// the short one to min(ceil(w r), W); LetterBox (round()) then has nothing left to resize.
const letterbox114: Partial<InputContract> = {
  resize: 'letterbox',
  anchor: 'center',
  rounding: 'ceil',
  padValue: 114,
  interpolation: 'bilinear',
  channelOrder: 'rgb',
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
};

const presetList: Preset[] = [
  {
    name: 'yolov5',
    families: ['yolov5'],
    reference:
      'ultralytics/yolov5 val.py (conf 0.001, iou 0.6, max_det 300, multi_label=True), utils/general.py non_max_suppression (max_nms 30000), utils/augmentations.py letterbox (114, centred), utils/dataloaders.py load_image (ceil(w r), INTER_AREA when shrinking; letterbox then pads only)',
    values: {
      input: { ...letterbox114, interpolation: 'area' },
      output: { family: 'yolov5', scoreComparison: '>' },
      postprocess: {
        conf: 0.001,
        nms: 'multi-label',
        iou: 0.6,
        maxDet: 300,
        maxCandidates: 30000,
        clip: 'after-nms-keep',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'yolov8',
    families: ['yolov8'],
    reference:
      'ultralytics models/yolo/detect/val.py DetectionValidator (conf 0.001, iou 0.7, max_det 300, multi_label=True), utils/nms.py non_max_suppression (max_nms 30000), data/base.py load_image (min(ceil(w r), imgsz), INTER_LINEAR), data/augment.py LetterBox (114, centred; pads only)',
    values: {
      input: letterbox114,
      output: { family: 'yolov8', scoreComparison: '>' },
      postprocess: {
        conf: 0.001,
        nms: 'multi-label',
        iou: 0.7,
        maxDet: 300,
        maxCandidates: 30000,
        clip: 'after-nms-keep',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'yolox',
    families: ['yolox'],
    reference:
      'Megvii-BaseDetection/YOLOX yolox/data/datasets/coco.py load_resized_img (int(w r), INTER_LINEAR), yolox/data/data_augment.py preproc (ratio min(H/h, W/w), top-left on a 114 canvas, BGR, 0-255), yolox/exp/yolox_base.py (test_conf 0.01, nmsthre 0.65), yolox/utils/boxes.py postprocess (obj x best class >= conf, class-aware batched_nms, no max_det, no clipping)',
    values: {
      input: {
        resize: 'keep-ratio',
        anchor: 'top-left',
        rounding: 'floor',
        padValue: 114,
        interpolation: 'bilinear',
        channelOrder: 'bgr',
        scale: 1,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      },
      output: { family: 'yolox', scoreComparison: '>=' },
      postprocess: {
        conf: 0.01,
        nms: 'class-aware',
        iou: 0.65,
        maxDet: null,
        maxCandidates: null,
        clip: 'none',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'nanodet',
    families: ['gfl'],
    reference:
      'RangiLyu/nanodet config/nanodet-m.yml (keep_ratio, BGR mean [103.53, 116.28, 123.675], std [57.375, 57.12, 58.395]), nanodet/data/transform/warp.py warp_and_resize (cv2.warpPerspective of the keep-ratio matrix: centred, fractional offsets, border 0), nanodet/model/head/gfl_head.py get_bboxes_single (cell centres (i + 0.5) x stride, top 1000 cells per level, boxes clipped to the input, multiclass_nms score_thr 0.05, iou 0.6, max_num 100)',
    values: {
      input: {
        resize: 'keep-ratio',
        anchor: 'center',
        rounding: 'none',
        padValue: 0,
        interpolation: 'bilinear',
        channelOrder: 'bgr',
        scale: 1,
        mean: [103.53, 116.28, 123.675],
        std: [57.375, 57.12, 58.395],
      },
      output: {
        family: 'gfl',
        cellOffset: 0.5,
        preNmsTopK: 1000,
        scoreActivation: 'none',
        scoreComparison: '>',
      },
      postprocess: {
        conf: 0.05,
        nms: 'multi-label',
        iou: 0.6,
        maxDet: 100,
        maxCandidates: null,
        clip: 'after-nms-keep',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'efficientnms',
    families: ['efficientnms'],
    reference:
      "NVIDIA/TensorRT plugin/efficientNMSPlugin (and batchedNMSPlugin): NMS runs in the graph with the plugin's own thresholds; input as the YOLO exports that use it are validated (Ultralytics' loader: min(ceil(w r), W), letterbox 114, RGB, /255)",
    values: {
      input: letterbox114,
      output: { family: 'efficientnms', normalized: false, scoreComparison: '>=' },
      postprocess: {
        conf: 0.001,
        nms: 'none',
        iou: 0.65,
        maxDet: null,
        maxCandidates: null,
        clip: 'after-nms-keep',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'yolo-layer',
    families: ['yolo-layer'],
    reference:
      'jkjung-avt/tensorrt_demos eval_yolo.py (conf_th 1e-2), utils/yolo_with_plugins.py (_preprocess_yolo: cv2.resize, RGB, /255, with letter_box int(h W / w) centred; _postprocess_yolo: per-class _nms_boxes at 0.5 with +1 on the intersection)',
    values: {
      input: {
        resize: 'stretch',
        anchor: 'center',
        rounding: 'integer',
        padValue: 127,
        interpolation: 'bilinear',
        channelOrder: 'rgb',
        scale: 1 / 255,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      },
      output: { family: 'yolo-layer', scoreComparison: '>=' },
      postprocess: {
        conf: 0.01,
        nms: 'class-aware',
        iou: 0.5,
        intersectionOffset: 1,
        maxDet: null,
        maxCandidates: null,
        clip: 'after-nms-keep',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'deepstream-yolo',
    families: ['deepstream-yolo'],
    reference:
      'marcoslucianops/DeepStream-Yolo config_infer_primary_yoloV8.txt (net-scale-factor 1/255, RGB, maintain-aspect-ratio + symmetric-padding: gstnvinfer.cpp scales the limiting side to the input and truncates the other, cluster-mode 2 NMS, nms-iou-threshold 0.45, topk 300), nvdsparsebbox_Yolo.cpp (rows x1, y1, x2, y2, score, class; clamped to the input, boxes under 1 px dropped)',
    values: {
      input: { ...letterbox114, rounding: 'integer', padValue: 0 },
      output: {
        family: 'deepstream-yolo',
        boxFormat: 'xyxy',
        normalized: false,
        nmsInGraph: false,
        scoreComparison: '>=',
      },
      postprocess: {
        conf: 0.001,
        nms: 'class-aware',
        iou: 0.45,
        maxDet: 300,
        maxCandidates: null,
        clip: 'before-nms',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'detr',
    families: ['detr'],
    reference:
      'facebookresearch/detr datasets/coco.py (RGB, /255, ImageNet mean/std), models/detr.py PostProcess (softmax, "no object" dropped, best class per query, no NMS)',
    values: {
      input: {
        resize: 'stretch',
        anchor: 'center',
        padValue: 0,
        interpolation: 'bilinear',
        channelOrder: 'rgb',
        scale: 1 / 255,
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
      },
      output: {
        family: 'detr',
        scoreActivation: 'softmax',
        normalized: true,
        scoreComparison: '>=',
      },
      postprocess: {
        conf: 0.001,
        nms: 'none',
        iou: 0.5,
        maxDet: 100,
        maxCandidates: null,
        clip: 'none',
      },
      classes: { source: 'coco91' },
    },
  },
  {
    name: 'ssd-mobilenet-v1',
    families: ['ssd', 'nms-trt'],
    reference:
      'TF Object Detection API ssd_mobilenet_v1 (RGB, (x - 128) / 128, plain resize; per-class NMS at 0.6, 100 per class; column k = COCO id k), trtmap issue 6 (threshold 0.001, boxes clipped before NMS, top 100)',
    values: {
      input: {
        resize: 'stretch',
        anchor: 'center',
        padValue: 127.5,
        interpolation: 'bilinear',
        channelOrder: 'rgb',
        scale: 1,
        mean: [128, 128, 128],
        std: [128, 128, 128],
      },
      output: { family: 'ssd', scoreComparison: '>=' },
      postprocess: {
        conf: 0.001,
        nms: 'multi-label',
        iou: 0.6,
        maxPerClass: 100,
        maxDet: 100,
        maxCandidates: null,
        clip: 'before-nms',
      },
      classes: { source: 'coco91' },
    },
  },
  {
    name: 'fastestdet',
    families: ['fastestdet'],
    reference:
      'dog-qiuqiu/FastestDet example/onnx-runtime (BGR, /255, plain resize, obj^0.6 x cls^0.4, best class, NMS 0.45), trtmap issue 6 (threshold 0.001, clipped before NMS, top 100)',
    values: {
      input: {
        resize: 'stretch',
        anchor: 'center',
        padValue: 127.5,
        interpolation: 'bilinear',
        channelOrder: 'bgr',
        scale: 1 / 255,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      },
      output: { family: 'fastestdet', scoreComparison: '>=' },
      postprocess: {
        conf: 0.001,
        nms: 'class-aware',
        iou: 0.45,
        maxDet: 100,
        maxCandidates: null,
        clip: 'before-nms',
      },
      classes: { source: 'coco80' },
    },
  },
  {
    name: 'yolo',
    families: ['darknet'],
    reference:
      "AlexeyAB/darknet (the model's metadata written by trtmap convert: input size, letter_box, NMS kind and threshold), detector.c validate_detector_map (threshold 0.001 here as for mAP), yolo_layer.c get_yolo_box, image.c letterbox_image (integer sizes (h W) / w, pad 0.5)",
    values: {
      input: {
        resize: 'stretch',
        anchor: 'center',
        rounding: 'integer',
        padValue: 127.5,
        interpolation: 'darknet',
        channelOrder: 'rgb',
        scale: 1 / 255,
        mean: [0, 0, 0],
        std: [1, 1, 1],
      },
      output: { family: 'darknet', scoreComparison: '>=' },
      postprocess: {
        conf: 0.001,
        nms: 'multi-label',
        iou: 0.45,
        maxDet: 100,
        maxCandidates: null,
        clip: 'after-nms',
      },
    },
  },
];

export const presetNames: readonly string[] = presetList.map((preset) => preset.name);

/** The preset a family falls back to when none is named. */
const familyDefaults: Record<Family, string | undefined> = {
  yolov5: 'yolov5',
  yolov8: 'yolov8',
  yolox: 'yolox',
  gfl: 'nanodet',
  efficientnms: 'efficientnms',
  'nms-trt': 'ssd-mobilenet-v1',
  'deepstream-yolo': 'deepstream-yolo',
  'yolo-layer': 'yolo-layer',
  detr: 'detr',
  ssd: 'ssd-mobilenet-v1',
  fastestdet: 'fastestdet',
  darknet: 'yolo',
  custom: undefined,
};

export function findPreset(name: string): Preset {
  const preset = presetList.find((each) => each.name === name);
  if (preset === undefined) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected one of ${presetNames.join(', ')} for --preset but received ${JSON.stringify(name)}`,
    );
  }
  return preset;
}

export function defaultPresetOf(family: Family): Preset | undefined {
  const name = familyDefaults[family];
  return name === undefined ? undefined : findPreset(name);
}
