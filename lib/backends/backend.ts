import type { ModelOutputs } from '../detect/types.js';

export interface TensorInfo {
  name: string;
  /** Dimensions; a string or -1 is dynamic. */
  shape: readonly (number | string)[];
  /** Element type as the backend names it ('float32', 'int32', ...). */
  type: string;
}

/** Input elements: float32 values, float16 bits, or uint8 values. */
export type InputData = Float32Array | Uint16Array | Uint8Array;

export interface InputTensor {
  data: InputData;
  dims: readonly number[];
  /** The element type of `data` (default float32): a Uint16Array holds float16 bits. */
  type?: 'float32' | 'float16' | 'uint8';
}

/** What `--onnx`, `--darknet` (converted in memory) or `--engine` give a backend. */
export type ModelSource =
  { kind: 'onnx'; path: string; bytes: Uint8Array } | { kind: 'engine'; path: string };

/** One interface over TensorRT and ONNX Runtime: tensor metadata and `run(batch)`. */
export interface Backend {
  readonly name: 'onnxruntime' | 'tensorrt';
  /** For people: e.g. "ONNX Runtime 1.30.0 (CPU)". */
  readonly description: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Runs one batch; float outputs come back as Float32Array, integer ones as Int32Array. */
  run(inputs: Readonly<Record<string, InputTensor>>): Promise<ModelOutputs>;
  dispose(): Promise<void>;
}

export type BackendChoice = 'auto' | 'tensorrt' | 'onnxruntime';
export const backendChoices: readonly BackendChoice[] = ['auto', 'tensorrt', 'onnxruntime'];
