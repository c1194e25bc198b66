import { TrtmapError } from '../errors.js';
import type { YoloDecoderMetadata } from '../darknet/metadata.js';

export interface TensorDescription {
  name: string;
  /** Dimensions; a string or -1 is a dynamic one. */
  shape: readonly (number | string)[];
}

/** What a preset needs to know of a model: its tensors and, for converted darknet models, the decode metadata. */
export interface ModelDescription {
  inputs: readonly TensorDescription[];
  outputs: readonly TensorDescription[];
  yolo?: YoloDecoderMetadata;
}

/**
 * The model input a preset asks for, in the fields of lib/image's
 * PreprocessSpec (this pure module cannot import it; the shapes match).
 */
export interface InputSpec {
  width: number;
  height: number;
  resize: 'stretch' | 'letterbox';
  padValue?: number;
  interpolation: 'bilinear' | 'darknet';
  channelOrder: 'rgb' | 'bgr';
  scale: number;
  mean: number;
  std: number;
  layout: 'nchw';
}

/** Checks that the model takes one NCHW image input of the preset's size. */
export function checkInput(
  model: ModelDescription,
  preset: string,
  width: number,
  height: number,
): { name: string; spec: InputSpec } {
  const [input] = model.inputs;
  const shape = input?.shape ?? [];
  const fixed = (value: number | string | undefined, expected: number) =>
    typeof value !== 'number' || value < 0 || value === expected;
  if (
    model.inputs.length !== 1 ||
    shape.length !== 4 ||
    !fixed(shape[1], 3) ||
    !fixed(shape[2], height) ||
    !fixed(shape[3], width)
  ) {
    const found = model.inputs.map((each) => `${each.name} [${each.shape.join(', ')}]`).join(', ');
    throw new TrtmapError(
      'ERR_SHAPE',
      `the '${preset}' preset needs one input of shape [N, 3, ${height}, ${width}] (NCHW), but the model has ${found || 'no inputs'}`,
    );
  }
  return {
    name: input.name,
    spec: {
      width,
      height,
      resize: 'stretch',
      interpolation: 'bilinear',
      channelOrder: 'rgb',
      scale: 1 / 255,
      mean: 0,
      std: 1,
      layout: 'nchw',
    },
  };
}
