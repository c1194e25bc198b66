import type { EngineShapes, TensorInfo } from '../../../lib/trt/index.js';

/** Engine metadata as plain data, shaped like real engines' descriptions. */
export const fastestDet: EngineShapes = {
  implicitBatch: false,
  maxBatchSize: 1,
  tensors: [
    {
      name: 'input.1',
      mode: 'input',
      dtype: 'float32',
      format: 'Row major linear FP32',
      shape: [1, 3, 352, 352],
      profile: null,
    },
    {
      name: '758',
      mode: 'output',
      dtype: 'float32',
      format: 'Row major linear FP32',
      shape: [1, 85, 22, 22],
      profile: null,
    },
  ],
};

const dynamicInput: TensorInfo = {
  name: 'images',
  mode: 'input',
  dtype: 'float16',
  format: 'Row major linear FP16 format',
  shape: [-1, 3, 416, 416],
  profile: { min: [1, 3, 416, 416], opt: [4, 3, 416, 416], max: [8, 3, 416, 416] },
};

export const dynamicBatch: EngineShapes = {
  implicitBatch: false,
  maxBatchSize: 1,
  tensors: [
    dynamicInput,
    {
      name: 'boxes',
      mode: 'output',
      dtype: 'float32',
      format: '',
      shape: [-1, 2535, 4],
      profile: null,
    },
    { name: 'count', mode: 'output', dtype: 'int32', format: '', shape: [-1, 1], profile: null },
  ],
};

/** A UFF SSD engine on TensorRT 8: implicit batch, NMS plugin outputs. */
export const uffSsd: EngineShapes = {
  implicitBatch: true,
  maxBatchSize: 4,
  tensors: [
    {
      name: 'Input',
      mode: 'input',
      dtype: 'float32',
      format: '',
      shape: [-1, 3, 300, 300],
      profile: null,
    },
    {
      name: 'NMS',
      mode: 'output',
      dtype: 'float32',
      format: '',
      shape: [-1, 1, 100, 7],
      profile: null,
    },
    {
      name: 'NMS_1',
      mode: 'output',
      dtype: 'float32',
      format: '',
      shape: [-1, 1, 1, 1],
      profile: null,
    },
  ],
};

/** Stands in for a HostBuffer / DeviceBuffer: what run-request reads of one. */
export function fakeBuffer(byteLength: number): {
  native: { byteLength: number };
  byteLength: number;
} {
  return { native: { byteLength }, byteLength } as never;
}
