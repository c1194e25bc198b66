import { describe, expect, it } from 'vitest';
import { makeNode, makeValueInfo } from '../../../lib/onnx/graph.js';
import { DataType, onnx } from '../../../lib/onnx/proto.js';
import { float32Tensor } from '../../../lib/onnx/tensor.js';
import { writeCalibrationCache } from '../../../lib/quantize/calibration-cache.js';
import { quantizeInt8 } from '../../../lib/quantize/int8.js';
import { seededRandom } from '../../helpers/random.js';

/** a [1, 256] -> MatMul `read_a`; b [1, 256] -> MatMul `read_b`; both [256, 4] weights. */
function twoReaders() {
  const weights = Float32Array.from({ length: 1024 }, (_, k) => ((k * 7) % 11) / 10 - 0.5);
  const graph = onnx.GraphProto.create({
    name: 'two-readers',
    node: [
      makeNode('MatMul', ['a', 'w'], ['ya'], [], 'read_a'),
      makeNode('MatMul', ['b', 'w'], ['yb'], [], 'read_b'),
    ],
    initializer: [float32Tensor('w', [256, 4], weights)],
    input: [
      makeValueInfo('a', DataType.FLOAT, [1, 256]),
      makeValueInfo('b', DataType.FLOAT, [1, 256]),
    ],
    output: [
      makeValueInfo('ya', DataType.FLOAT, [1, 4]),
      makeValueInfo('yb', DataType.FLOAT, [1, 4]),
    ],
  });
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'trtmap-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
}

describe('INT8 keeps in float an activation no per-tensor scale fits', () => {
  it('the reader of a tiny bulk with a large tail stays float, and the cache leaves it out', async () => {
    const random = seededRandom(7);
    const gaussian = () =>
      Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    // `a`: most values within 0.05, 0.5 % up to 100 (yolox-nano's tensor 687 in miniature).
    const batches = Array.from({ length: 16 }, () => ({
      a: {
        data: Float32Array.from({ length: 256 }, () =>
          random() < 0.005 ? 100 * random() : 0.05 * gaussian(),
        ),
        dims: [1, 256],
      },
      b: { data: Float32Array.from({ length: 256 }, gaussian), dims: [1, 256] },
    }));
    const result = await quantizeInt8(twoReaders(), {
      calibration: () => batches,
      calibrateAll: true,
      quantizeTail: true,
    });
    expect(result.excluded.get('read_a')).toMatch(
      /^reads a: \d+ % of its non-zero values round to 0 in INT8 \(over --max-underflow 0\.05\)/,
    );
    expect(result.excluded.has('read_b')).toBe(false);
    expect([...result.scales.keys()]).toEqual(['b']);
    expect(result.keptFloat.map((entry) => entry.tensor)).toEqual(['a']);
    const cache = writeCalibrationCache(result.ranges, { tensorRtVersion: '8.2.1' });
    expect(cache).toMatch(/^b: [0-9a-f]+$/m);
    expect(cache).not.toMatch(/^a: /m);
    // With the limit off, the same data quantizes `a` too: the check above is not vacuous.
    const off = await quantizeInt8(twoReaders(), {
      calibration: () => batches,
      maxUnderflow: 1,
      quantizeTail: true,
    });
    expect([...off.scales.keys()].sort()).toEqual(['a', 'b']);
    expect(off.excluded.size).toBe(0);
  });
});
