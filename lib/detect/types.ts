/** One output tensor of a model, as a backend returns it. */
export interface ModelOutput {
  data: Float32Array | Int32Array;
  dims: readonly number[];
}

export type ModelOutputs = Readonly<Record<string, ModelOutput>>;

/**
 * How a source image was placed in the model input (lib/image's
 * BoxTransform is this type): x_input = x_source * scaleX + offsetX, likewise y.
 */
export interface InputPlacement {
  sourceWidth: number;
  sourceHeight: number;
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

/**
 * The detections of one image, as parallel arrays: corners in source-image
 * pixels (floats, never rounded), score, and the category id the evaluation
 * uses (COCO ids for the fixture models), best score first.
 */
export interface Detections {
  count: number;
  /** [x1, y1, x2, y2] per detection. */
  boxes: Float64Array;
  scores: Float64Array;
  categories: Int32Array;
}
