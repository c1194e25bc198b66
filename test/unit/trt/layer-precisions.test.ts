import { describe, expect, it } from 'vitest';
import {
  formatLayerPrecisions,
  precisionShortfall,
  summarizeLayerPrecisions,
  tensorRtCapabilities,
} from '../../../lib/trt/index.js';

/** Engine inspector JSON with detailed verbosity: each layer's outputs carry "Format/Datatype". */
const layer = (name: string, format: string) => ({
  Name: name,
  LayerType: 'CaskConvolution',
  Inputs: [{ Name: 'in', 'Format/Datatype': 'Row major linear FP32 format' }],
  Outputs: [
    {
      Name: `${name}_out`,
      Location: 'Device',
      Dimensions: [1, 16, 8, 8],
      'Format/Datatype': format,
    },
  ],
});

describe('layer precisions from the engine inspector', () => {
  const report = {
    Layers: [
      layer('conv1', 'Row major linear FP16 format'),
      layer('conv2', 'Channel major FP16 format where channel % 8 == 0'),
      layer('conv3', 'Four wide channel vectorized row major Int8 format'),
      layer('head', 'Row major linear FP32 format'),
      layer('shape', 'Row major linear Int32 format'),
      { Name: 'noinfo', LayerType: 'Constant', Outputs: [] },
    ],
    Bindings: ['in', 'out'],
  };

  it('counts each layer by the data type of its first output', () => {
    const counts = summarizeLayerPrecisions(report);
    expect(counts).toEqual({ fp32: 1, fp16: 2, int8: 1, other: 1, total: 5 });
    expect(formatLayerPrecisions(counts!)).toBe('5 layers: FP16 2, INT8 1, FP32 1, other 1');
  });

  it('is null when the report lists layer names only (default verbosity) or is not a report', () => {
    expect(summarizeLayerPrecisions({ Layers: ['conv1', 'conv2'], Bindings: [] })).toBeNull();
    expect(summarizeLayerPrecisions(null)).toBeNull();
    expect(summarizeLayerPrecisions({ Layers: [] })).toBeNull();
  });

  it('says when the precision asked for is not what the engine has', () => {
    const allFp32 = { fp32: 4, fp16: 0, int8: 0, other: 0, total: 4 };
    expect(precisionShortfall('fp16', allFp32)).toMatch(
      /^asked for FP16 but no layer of the engine runs in FP16 \(4 layers: FP32 4\)/,
    );
    expect(precisionShortfall('int8', { ...allFp32, fp16: 2 })).toMatch(
      /asked for INT8 but no layer .* in INT8/,
    );
    expect(precisionShortfall('best', { ...allFp32, fp16: 1 })).toBeUndefined();
    expect(precisionShortfall('fp16', { ...allFp32, fp16: 1 })).toBeUndefined();
    expect(precisionShortfall('fp32', allFp32)).toBeUndefined();
    expect(precisionShortfall('fp16', null)).toBeUndefined();
  });
});

describe('what each TensorRT version can and cannot do', () => {
  it('UFF only on 8.x with its parser; no weak typing on 11; strong typing and data-dependent shapes from 10', () => {
    const trt82 = tensorRtCapabilities('8.2.1', true);
    expect(trt82.can.join('\n')).toMatch(/UFF models/);
    expect(trt82.can.join('\n')).toMatch(/256 MiB builder workspace/);
    expect(trt82.cannot.join('\n')).toMatch(/strongly typed networks: they need TensorRT 10/);
    expect(tensorRtCapabilities('8.5.2', false).cannot.join('\n')).toMatch(
      /UFF models: this addon was built without NvUffParser\.h/,
    );
    const trt10 = tensorRtCapabilities('10.16.0');
    expect(trt10.can.join('\n')).toMatch(/FP16 and INT8 builds of a plain FP32 ONNX/);
    expect(trt10.cannot.join('\n')).toMatch(/TensorRT 10 removed the UFF parser/);
    const trt11 = tensorRtCapabilities('11.1.0');
    expect(trt11.cannot.join('\n')).toMatch(
      /weak typing: no FP16\/INT8 builder flags and no calibrator/,
    );
    expect(trt11.can.join('\n')).toMatch(/strongly typed networks \(the only kind\)/);
  });
});
