/** One ground-truth box of a VOC-style evaluation, in absolute pixel corners. */
export interface VocGroundTruthBox {
  imageId: string;
  className: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** VOC `difficult`: a detection matched to it is neither a true nor a false positive. */
  difficult: boolean;
}

/** One detection, in absolute pixel corners. */
export interface VocDetection {
  imageId: string;
  className: string;
  confidence: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** 'all-point': VOC2010+ area under the PR envelope; '11-point': VOC2007. */
export type VocInterpolation = 'all-point' | '11-point';

/** '>=': MATLAB devkit VOCevaldet.m (`ov >= minoverlap`); '>': voc_eval.py (`ovmax > ovthresh`). */
export type VocIouComparison = '>=' | '>';

/** '+1': devkit areas (x2 - x1 + 1) * (y2 - y1 + 1); 'continuous': (x2 - x1) * (y2 - y1). */
export type VocPixelConvention = '+1' | 'continuous';

export interface VocOptions {
  /** Default 0.5. */
  iouThreshold?: number;
  /** Default 'all-point'. */
  mode?: VocInterpolation;
  /** Default '>=' (the MATLAB devkit, and every VOC value in the fixtures). */
  iouComparison?: VocIouComparison;
  /** Default '+1' (the devkit). */
  pixelConvention?: VocPixelConvention;
  /**
   * Classes to report first, in this order (e.g. the VOC class list or the COCO
   * categories), even when they have neither ground truth nor detections.
   * Classes met only in the data follow, sorted by name.
   */
  classNames?: readonly string[];
}

export interface VocClassResult {
  className: string;
  /** AP in the result's mode; -1 when the class has no non-difficult ground truth. */
  ap: number;
  /** Per detection in descending confidence order, as voc_eval.py's `prec`. */
  precision: Float64Array;
  /** Per detection, as voc_eval.py's `rec` (NaN throughout when nGroundTruth is 0). */
  recall: Float64Array;
  /** Confidence of each detection, in the same (descending) order. */
  confidence: Float64Array;
  /** Per detection in that order: 1 TP, 0 FP, 2 ignored (matched to a difficult box). */
  outcome: Uint8Array;
  tp: number;
  fp: number;
  /** Detections matched to a difficult box: neither TP nor FP. */
  ignored: number;
  /** Non-difficult ground-truth boxes (the devkit's `npos`). */
  nGroundTruth: number;
  nDifficult: number;
  nDetections: number;
}

export interface VocResult {
  /** Mean AP over the classes with non-difficult ground truth; -1 when there are none. */
  mAP: number;
  mode: VocInterpolation;
  iouThreshold: number;
  iouComparison: VocIouComparison;
  pixelConvention: VocPixelConvention;
  classes: VocClassResult[];
}
