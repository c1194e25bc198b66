import { describe, expect, it } from 'vitest';
import {
  foldBatchNorm,
  parseNetwork,
  readWeights,
  type ConvolutionalLayer,
} from '../../../lib/darknet/index.js';
import { TrtmapError } from '../../../lib/errors.js';
import { weightsFile } from '../../parity/darknet/synthetic.js';

// Layer 0: 2 filters, 3x1x1 kernels, batch norm: 2 * (4 + 3) = 14 floats.
// Layer 1: 1 filter, 2x1x1 kernel, no batch norm: 1 + 2 = 3 floats.
const cfg =
  '[net]\nwidth=4\nheight=4\nchannels=3\n\n' +
  '[convolutional]\nbatch_normalize=1\nfilters=2\nsize=1\nactivation=leaky\n\n' +
  '[convolutional]\nfilters=1\nsize=1\nactivation=linear\n';
const network = parseNetwork(cfg, 'small.cfg');
const values = Array.from({ length: 17 }, (_, index) => index + 1);

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TrtmapError);
    expect((error as TrtmapError).code).toBe('ERR_DARKNET');
    return (error as TrtmapError).message;
  }
  throw new Error('expected a TrtmapError');
}

describe('readWeights', () => {
  it('splits each convolution into biases, scales, means, variances, kernel (darknet file order)', () => {
    const weights = readWeights(weightsFile(values), network, 'small.weights');
    expect(weights.header).toMatchObject({
      major: 0,
      minor: 2,
      revision: 5,
      seen: 123456789012n,
      bytes: 20,
    });
    const first = weights.convolutions.get(0)!;
    expect([...first.biases]).toEqual([1, 2]);
    expect([...first.batchNorm!.scales]).toEqual([3, 4]);
    expect([...first.batchNorm!.mean]).toEqual([5, 6]);
    expect([...first.batchNorm!.variance]).toEqual([7, 8]);
    expect([...first.kernel]).toEqual([9, 10, 11, 12, 13, 14]);
    const second = weights.convolutions.get(1)!;
    expect(second.batchNorm).toBeUndefined();
    expect([...second.biases, ...second.kernel]).toEqual([15, 16, 17]);
  });

  it('reads a 32-bit "seen" before version 0.2 and a 64-bit one from it on', () => {
    const old = readWeights(weightsFile(values, { major: 0, minor: 1, revision: 0 }), network);
    expect(old.header).toMatchObject({ seen: 64000n, bytes: 16 });
    expect([...old.convolutions.get(1)!.kernel]).toEqual([16, 17]);
    expect(
      readWeights(weightsFile(values, { major: 1, minor: 0, revision: 0 }), network).header.bytes,
    ).toBe(20);
  });

  it('says how many floats are missing and in which layer the file ends', () => {
    const text = message(() =>
      readWeights(weightsFile(values.slice(0, 12)), network, 'short.weights'),
    );
    expect(text).toMatch(
      /short\.weights holds 12 floats after its header but small\.cfg needs 17: 5 floats missing/,
    );
    expect(text).toMatch(/ends inside layer 0 \[convolutional\] \(small\.cfg:6\)/);
    expect(message(() => readWeights(weightsFile(values.slice(0, 15)), network))).toMatch(
      /2 floats missing.*layer 1 \[convolutional\] \(small\.cfg:12\)/,
    );
  });

  it('says how many floats are left over, and rejects stray bytes and short headers', () => {
    expect(message(() => readWeights(weightsFile([...values, 0, 0, 0]), network))).toMatch(
      /3 floats left over/,
    );
    const stray = new Uint8Array(weightsFile(values).length + 2);
    stray.set(weightsFile(values));
    expect(message(() => readWeights(stray, network))).toMatch(/2 stray trailing bytes/);
    expect(message(() => readWeights(new Uint8Array(10), network, 'tiny.weights'))).toMatch(
      /tiny\.weights: 10 bytes is too short/,
    );
  });
});

describe('foldBatchNorm', () => {
  it('uses darknet epsilon .00001: w*scale/sqrt(var+eps), bias - scale*mean/sqrt(var+eps)', () => {
    const weights = readWeights(weightsFile(values), network).convolutions.get(0)!;
    const layer = network.layers[0] as ConvolutionalLayer;
    const folded = foldBatchNorm(layer, weights);
    const factor0 = 3 / Math.sqrt(7 + 0.00001);
    const factor1 = 4 / Math.sqrt(8 + 0.00001);
    expect(folded.bias[0]).toBeCloseTo(1 - 5 * factor0, 5);
    expect(folded.bias[1]).toBeCloseTo(2 - 6 * factor1, 5);
    expect([...folded.kernel].map((value) => +value.toFixed(4))).toEqual(
      [9 * factor0, 10 * factor0, 11 * factor0, 12 * factor1, 13 * factor1, 14 * factor1].map(
        (value) => +value.toFixed(4),
      ),
    );
  });
});
