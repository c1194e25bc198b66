import { describe, expect, it } from 'vitest';
import { formatEngineDescription, toEngineDescription } from '../../../lib/trt/index.js';

describe('trt inspect report', () => {
  it('lists the engine, its IO tensors with dynamic dimensions and profiles', () => {
    const description = toEngineDescription({
      tensors: [
        {
          name: 'images',
          mode: 'input',
          dtype: 'float32',
          format: 'Row major linear FP32',
          vectorized: null,
          location: 'device',
          shape: [-1, 3, 416, 416],
          profile: { min: [1, 3, 416, 416], opt: [4, 3, 416, 416], max: [8, 3, 416, 416] },
        },
        {
          name: 'output',
          mode: 'output',
          dtype: 'float16',
          format: 'Row major linear FP16 format',
          vectorized: null,
          location: 'device',
          shape: [-1, 2535, 85],
          profile: null,
        },
      ],
      deviceMemorySize: 12 * 2 ** 20,
      optimizationProfiles: 1,
      layers: 42,
      implicitBatch: false,
      maxBatchSize: 1,
      tensorrtVersion: '10.16.0',
    });
    expect(formatEngineDescription('yolo.plan', description)).toBe(
      [
        'Engine        yolo.plan',
        'TensorRT      10.16.0',
        'Layers        42',
        'Device memory 12.0 MiB per execution context',
        'Profiles      1',
        '',
        'Inputs',
        '  images  float32  [?, 3, 416, 416]     Row major linear FP32',
        '          profile min [1, 3, 416, 416] opt [4, 3, 416, 416] max [8, 3, 416, 416]',
        '',
        'Outputs',
        '  output  float16  [?, 2535, 85]        Row major linear FP16 format',
      ].join('\n'),
    );
  });
});
