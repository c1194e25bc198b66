import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  convertDarknet,
  parseNetwork,
  readWeights,
  type DarknetNetwork,
} from '../../lib/darknet/index.js';
import { encodeModel } from '../../lib/onnx/model.js';
import { referenceForward } from './darknet/reference-forward.js';
import { randomImage, randomWeightsFile } from './darknet/synthetic.js';
import { cases } from './darknet/synthetic-cfgs.js';

/**
 * Every supported layer type, in cfgs written for the purpose with random
 * weights: onnxruntime on the converted model must agree with the plain-loop
 * reference forward pass to 1e-4.
 */
async function compare(
  network: DarknetNetwork,
  seed: number,
  options: { batch?: number | 'dynamic'; opset?: number; images?: number } = {},
) {
  const weights = readWeights(randomWeightsFile(network, seed), network, 'random.weights');
  const { model, decoder } = convertDarknet(network, weights, options);
  const session = await InferenceSession.create(encodeModel(model));
  const images = options.images ?? 1;
  const { channels, height, width } = network.net;
  const planes = Array.from({ length: images }, (_, index) =>
    randomImage(network.net, seed * 31 + index),
  );
  const batch = new Float32Array(images * planes[0].length);
  planes.forEach((plane, index) => batch.set(plane, index * plane.length));
  const results = await session.run({
    input: new Tensor('float32', batch, [images, channels, height, width]),
  });
  let worst = 0;
  for (let image = 0; image < images; image++) {
    const expected = referenceForward(network, weights, planes[image]);
    for (const head of decoder.heads) {
      const reference = expected.get(head.layer)!;
      const actual = results[head.output];
      expect(actual.dims).toEqual([images, reference.channels, reference.height, reference.width]);
      const data = actual.data as Float32Array;
      const offset = image * reference.data.length;
      for (let i = 0; i < reference.data.length; i++)
        worst = Math.max(worst, Math.abs(data[offset + i] - reference.data[i]));
    }
  }
  await session.release();
  return worst;
}

describe('darknet conversion matches a reference forward pass (synthetic cfgs)', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const network = parseNetwork(testCase.cfg, `${testCase.name}.cfg`, testCase.network);
      const kinds = new Set(network.layers.map((layer) => layer.kind));
      for (const kind of testCase.covers ?? []) expect(kinds).toContain(kind);
      const worst = await compare(network, testCase.seed, testCase.convert);
      expect(worst).toBeLessThan(1e-4);
    });
  }
});
