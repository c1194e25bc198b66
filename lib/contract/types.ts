/**
 * A model's contract: everything between an image file and a list of boxes.
 * One plain, printable record; lib/contract resolves it from the model's
 * metadata, its output signature, a config file and flags (in that order of
 * weakness), validates it against the model and binds it to a decoder.
 */
export interface ModelContract {
  /** The preset whose settings this contract starts from, when one was used. */
  preset?: string;
  input: InputContract;
  output: OutputContract;
  postprocess: PostprocessContract;
  classes: ClassesContract;
}

/**
 * The model input, field for field lib/image's PreprocessSpec. Per channel c
 * after `channelOrder`: value = (pixel x scale - mean[c]) / std[c], pixel in
 * 0..255 after resizing (darknet's interpolation scales first).
 */
export interface InputContract {
  /** The input tensor (default: the model's only input). */
  name: string;
  width: number;
  height: number;
  layout: 'nchw' | 'nhwc';
  dtype: 'float32' | 'float16' | 'uint8';
  channels: 1 | 3;
  channelOrder: 'rgb' | 'bgr';
  /**
   * 'stretch' fills the input; 'letterbox' keeps the aspect ratio and pads
   * (placed by `anchor`); 'keep-ratio' scales by min(W / w, H / h) as YOLOX
   * and NanoDet do.
   */
  resize: 'stretch' | 'letterbox' | 'keep-ratio';
  anchor: 'center' | 'top-left';
  /**
   * Letterbox / keep-ratio: how w x r becomes whole pixels, as lib/image's
   * PreprocessSpec.rounding: 'half-even' = round() (yolov5 / Ultralytics
   * letterbox()), 'floor' = int() (YOLOX), 'ceil' = min(ceil(), W) (yolov5 /
   * Ultralytics validation, load_image), 'integer' (darknet letterbox_image,
   * DeepStream, tensorrt_demos), 'none' (NanoDet's warpPerspective).
   */
  rounding: Rounding;
  /** The border's pixel value 0..255, before normalization. */
  padValue: number;
  /** 'bilinear' = cv2 INTER_LINEAR; 'area' = cv2 INTER_AREA when shrinking, else INTER_LINEAR (yolov5). */
  interpolation: 'bilinear' | 'area' | 'darknet' | 'nearest';
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
}

export const roundings = ['half-even', 'floor', 'ceil', 'integer', 'none'] as const;
export type Rounding = (typeof roundings)[number];

export const families = [
  'yolov5',
  'yolov8',
  'yolox',
  'gfl',
  'efficientnms',
  'nms-trt',
  'deepstream-yolo',
  'yolo-layer',
  'detr',
  'ssd',
  'fastestdet',
  'darknet',
  'custom',
] as const;
export type Family = (typeof families)[number];

/** Output roles: which named output holds what (a list where a family has one per level). */
export type OutputRoles = Record<string, string | string[]>;

export interface OutputContract {
  family: Family;
  outputs: OutputRoles;
  /** YOLOv8: [N, 4 + C, anchors] (true, Ultralytics' export) or [N, anchors, 4 + C]. */
  channelsFirst?: boolean;
  /** YOLOX, GFL: strides of the levels, finest first. */
  strides?: number[];
  /** GFL: bins per box side (reg_max + 1). */
  bins?: number;
  /** GFL: cell centre = (column + cellOffset) x stride. */
  cellOffset?: number;
  /** GFL: best cells per level kept before NMS (NanoDet's GFLHead: 1000). */
  preNmsTopK?: number;
  /** GFL: 'none' when the graph applies the sigmoid; DETR: 'softmax' or 'sigmoid'. */
  scoreActivation?: 'none' | 'sigmoid' | 'softmax';
  /** deepstream-yolo rows: 'xyxy' or 'cxcywh'. */
  boxFormat?: 'xyxy' | 'cxcywh';
  /** Boxes relative to the input (0..1) rather than in input pixels. */
  normalized?: boolean;
  /** deepstream-yolo rows: NMS already ran in the graph (Ultralytics end2end exports). */
  nmsInGraph?: boolean;
  /** '>' or '>=' when comparing scores with the threshold (each repository's own). */
  scoreComparison?: '>' | '>=';
  /** custom: the decoder module (`--decoder ./my-decoder.mjs`). */
  decoder?: string;
}

export const nmsKinds = ['multi-label', 'class-aware', 'class-agnostic', 'diou', 'none'] as const;
export type NmsKind = (typeof nmsKinds)[number];

export interface PostprocessContract {
  /** Score threshold (0.001 for mAP). */
  conf: number;
  /**
   * 'multi-label' (yolov5 / Ultralytics val): a candidate per (box, class)
   * over conf, class-aware NMS; 'class-aware' / 'class-agnostic': each box's
   * best class; 'diou': darknet's DIoU NMS; 'none': NMS ran in the graph.
   */
  nms: NmsKind;
  iou: number;
  /** Detections per image (null: no limit). */
  maxDet: number | null;
  /** Best candidates entering NMS (yolov5 / Ultralytics max_nms 30000; null: all). */
  maxCandidates: number | null;
  /** Kept boxes per class at most (TF Object Detection API's max_detections_per_class). */
  maxPerClass?: number;
  /** darknet DIoU exponent. */
  beta?: number;
  /** tensorrt_demos' NMS adds 1 to the intersection sides. */
  intersectionOffset?: number;
  clip: 'before-nms' | 'after-nms' | 'after-nms-keep' | 'none';
}

export interface ClassesContract {
  /** Where the list came from: 'coco80', 'coco91', 'voc', 'metadata', a file, 'inline'. */
  source: string;
  /** Model class index -> name (may be empty where unknown). */
  names: string[];
  /** Model class index -> COCO category id (-1: none), for the built-in lists. */
  cocoIds?: number[];
  /** Match the dataset's categories by COCO id or by name. */
  match: 'id' | 'name';
}

/** A contract in the making: any part may be missing. */
export interface PartialContract {
  preset?: string;
  input?: Partial<InputContract>;
  output?: Partial<OutputContract>;
  postprocess?: Partial<PostprocessContract>;
  classes?: Partial<ClassesContract>;
}

/** Tensor metadata as a backend reports it. */
export interface ModelTensor {
  name: string;
  /** Dimensions; a string or -1 is a dynamic one. */
  shape: readonly (number | string)[];
  /** 'float32', 'float16', 'uint8', 'int32', ... */
  type?: string;
}
