import { describe, expect, it } from 'vitest';
import {
  float32Hex,
  tensorRtVersionNumber,
  writeCalibrationCache,
} from '../../../lib/quantize/calibration-cache.js';

/**
 * The CalibrationTable that NVIDIA/TensorRT samples/sampleINT8/README.md
 * prints ("Calibration data" section): a `TRT-<version>-<calibrator>`
 * header, then `<tensor>: <hex of the float32 scale>` per tensor.
 */
const nvidiaSample = `TRT-7000-EntropyCalibration2
data: 3c008912
conv1: 3c88edfc
pool1: 3c88edfc
conv2: 3ddc858b
pool2: 3ddc858b
ip1: 3db6bd6e
ip2: 3e691968
prob: 3c010a14
`;

const lineShape = /^[^:\n]+: [0-9a-f]{1,8}$/;
const fromHex = (hex: string) =>
  new DataView(Uint32Array.of(parseInt(hex, 16)).buffer).getFloat32(0, true);

describe('TensorRT calibration cache', () => {
  it('writes the hex of each float32 scale exactly as the NVIDIA sample does', () => {
    const [, ...lines] = nvidiaSample.trim().split('\n');
    for (const line of lines) {
      const hex = line.split(': ')[1];
      expect(float32Hex(fromHex(hex))).toBe(hex);
    }
    expect(float32Hex(1 / 127)).toBe('3c010204');
    expect(float32Hex(0)).toBe('0');
  });

  it('numbers TensorRT versions as NV_TENSORRT_VERSION (8.x: 8201; 10.x: 100300)', () => {
    expect(tensorRtVersionNumber('7.0.0')).toBe(7000);
    expect(tensorRtVersionNumber('8.2.1')).toBe(8201);
    expect(tensorRtVersionNumber('8.6.1.6')).toBe(8601);
    expect(tensorRtVersionNumber('10.3.0')).toBe(100300);
    expect(() => tensorRtVersionNumber('eight')).toThrow(/--trt-version/);
  });

  it('has the sample layout: header, then one line per calibrated tensor with scale = amax / 127', () => {
    const ranges = new Map([
      ['data', { min: -2.0, max: 1.2, amax: 2.0 }],
      ['(Unnamed Layer* 3) [Shuffle]_output', { min: 0, max: 0, amax: 0 }],
      ['prob', { min: 0, max: 1, amax: 1.000089 }],
    ]);
    const text = writeCalibrationCache(ranges, { tensorRtVersion: '7.0.0' });
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header).toBe(nvidiaSample.split('\n')[0]);
    expect(lines).toHaveLength(ranges.size);
    for (const line of lines) expect(line).toMatch(lineShape);
    for (const line of nvidiaSample.trim().split('\n').slice(1)) expect(line).toMatch(lineShape);
    expect(lines[0]).toBe(`data: ${float32Hex(2 / 127)}`);
    expect(fromHex(lines[0].split(': ')[1])).toBeCloseTo(2 / 127, 9);
    // An all-zero tensor gets scale 1 (a zero scale would divide by zero in TensorRT).
    expect(lines[1]).toBe('(Unnamed Layer* 3) [Shuffle]_output: 3f800000');
  });
});
