import { TrtmapError } from '../errors.js';
import { describeTensor, dimsOf, type ModelDescription } from './model.js';
import type { InputContract, ModelTensor } from './types.js';

/** The image input: the one named, the only one, or the only rank-4 one. */
export function imageInput(model: ModelDescription, name: string | undefined): ModelTensor {
  const inputs = model.inputs;
  if (name !== undefined) {
    const named = inputs.find((input) => input.name === name);
    if (named !== undefined) return named;
    throw new TrtmapError(
      'ERR_SHAPE',
      `the model has no input ${JSON.stringify(name)}; its inputs: ${inputs.map(describeTensor).join(', ')}`,
    );
  }
  if (inputs.length === 1) return inputs[0];
  const images = inputs.filter((input) => input.shape.length === 4);
  if (images.length === 1) return images[0];
  throw new TrtmapError(
    'ERR_MODEL_CONTRACT',
    `cannot tell which input of ${model.path ?? 'the model'} takes the image: ${inputs.map(describeTensor).join(', ') || 'none'}; name it with input.name in --model-config`,
  );
}

/**
 * What the input tensor itself says: its name, layout (the axis of 1 or 3
 * channels), channels, fixed height and width, and element type.
 */
export function inputFromTensor(input: ModelTensor): Partial<InputContract> {
  const dims = dimsOf(input);
  const result: Partial<InputContract> = { name: input.name };
  if (dims.length === 4) {
    const isChannels = (size: number) => size === 1 || size === 3;
    const nhwc = isChannels(dims[3]) && !isChannels(dims[1]);
    result.layout = nhwc ? 'nhwc' : 'nchw';
    const [channels, height, width] = nhwc
      ? [dims[3], dims[1], dims[2]]
      : [dims[1], dims[2], dims[3]];
    if (channels === 1 || channels === 3) result.channels = channels;
    if (height > 0) result.height = height;
    if (width > 0) result.width = width;
  }
  if (input.type === 'float32' || input.type === 'float16' || input.type === 'uint8')
    result.dtype = input.type;
  // A uint8 input takes raw pixels: the model normalizes inside.
  if (input.type === 'uint8') Object.assign(result, { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
  return result;
}

/** Checks the resolved input against the model's input tensor; a mismatch says which and how to fix it. */
export function checkInput(input: InputContract, tensor: ModelTensor): void {
  const dims = dimsOf(tensor);
  const fail = (what: string, fix: string) => {
    throw new TrtmapError('ERR_SHAPE', `input ${describeTensor(tensor)}: ${what}; ${fix}`);
  };
  if (dims.length !== 4)
    fail('expected a 4-d image tensor', 'name the image input with input.name');
  const [channels, height, width] =
    input.layout === 'nchw' ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  if (channels > 0 && channels !== input.channels)
    fail(
      `it has ${channels} channels in ${input.layout.toUpperCase()} but the contract says ${input.channels}`,
      'check --layout (nchw/nhwc) and input.channels',
    );
  if (height > 0 && height !== input.height)
    fail(
      `its height is fixed at ${height}, not ${input.height}`,
      `use --input-size ${width > 0 ? width : input.width}x${height} or a model exported at ${input.width}x${input.height}`,
    );
  if (width > 0 && width !== input.width)
    fail(
      `its width is fixed at ${width}, not ${input.width}`,
      `use --input-size ${width}x${height > 0 ? height : input.height} or a model exported at ${input.width}x${input.height}`,
    );
  if (
    tensor.type !== undefined &&
    ['float32', 'float16', 'uint8'].includes(tensor.type) &&
    tensor.type !== input.dtype
  )
    fail(
      `it takes ${tensor.type}, not ${input.dtype}`,
      `set input.dtype: ${tensor.type} in --model-config`,
    );
  if (
    input.dtype === 'uint8' &&
    (input.scale !== 1 || input.mean.some((v) => v !== 0) || input.std.some((v) => v !== 1))
  )
    fail(
      'a uint8 input takes the raw 0..255 pixels',
      'use --scale 1 --mean 0 --std 1 (the model normalizes inside)',
    );
}
