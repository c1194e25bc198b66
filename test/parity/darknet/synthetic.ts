import { convolutionalParameterCount, type DarknetNetwork } from '../../../lib/darknet/index.js';
import { seededRandom } from '../../helpers/random.js';

/**
 * A darknet weights file with random parameters for `network`: biases,
 * then BN scales / means / variances (variances positive), then kernels
 * scaled by 1/sqrt(fan-in) so activations stay of order one through the net.
 */
export function randomWeightsFile(
  network: DarknetNetwork,
  seed: number,
  header = { major: 0, minor: 2, revision: 5 },
): Uint8Array {
  const random = seededRandom(seed);
  const uniform = (low: number, high: number) => low + (high - low) * random();
  const values: number[] = [];
  for (const layer of network.layers) {
    if (layer.kind !== 'convolutional') continue;
    const n = layer.filters;
    for (let i = 0; i < n; i++) values.push(uniform(-0.5, 0.5));
    if (layer.batchNormalize) {
      for (let i = 0; i < n; i++) values.push(uniform(0.5, 1.5));
      for (let i = 0; i < n; i++) values.push(uniform(-0.3, 0.3));
      for (let i = 0; i < n; i++) values.push(uniform(0.2, 2));
    }
    const kernel = convolutionalParameterCount(layer) - n * (layer.batchNormalize ? 4 : 1);
    const fanIn = kernel / n;
    const bound = Math.sqrt(3 / fanIn);
    for (let i = 0; i < kernel; i++) values.push(uniform(-bound, bound) * 1.5);
  }
  return weightsFile(values, header);
}

export function weightsFile(
  values: ArrayLike<number>,
  header = { major: 0, minor: 2, revision: 5 },
): Uint8Array {
  const seen64 = header.major * 10 + header.minor >= 2;
  const headerBytes = seen64 ? 20 : 16;
  const bytes = new Uint8Array(headerBytes + 4 * values.length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, header.major, true);
  view.setInt32(4, header.minor, true);
  view.setInt32(8, header.revision, true);
  if (seen64) view.setBigUint64(12, 123456789012n, true);
  else view.setUint32(12, 64000, true);
  for (let i = 0; i < values.length; i++) view.setFloat32(headerBytes + 4 * i, values[i], true);
  return bytes;
}

export function randomImage(
  shape: { channels: number; height: number; width: number },
  seed: number,
): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: shape.channels * shape.height * shape.width }, random);
}
