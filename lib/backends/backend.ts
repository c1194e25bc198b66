import type { ModelOutputs } from '../detect/types.js';

export interface TensorInfo {
  name: string;
  /** Dimensions; a string or -1 is dynamic. */
  shape: readonly (number | string)[];
  /** Element type as the backend names it ('float32', 'int32', ...). */
  type: string;
}

export interface InputTensor {
  data: Float32Array;
  dims: readonly number[];
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
