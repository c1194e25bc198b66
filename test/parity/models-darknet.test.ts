import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureModels, python } from './models/harness.js';
import {
  describeReferences,
  describeTrtmapParity,
  ownRun,
  referenceCache,
  referenceSkipReason,
} from './models/reference-suite.js';

const names = [
  'yolo-fastest-1.1',
  'mobilenetv2-yolov3-nano-coco',
  'mobilenetv2-yolov3-nano-voc',
  'mobilenetv2-yolo-fastest-voc',
  'mobilenetv2-yolo-fastest-voc-v2',
];

/**
 * The darknet fixture models against an independent Python pipeline following
 * AlexeyAB darknet's `detector map` (NMS in fractions of the image, as trtmap's
 * `yolo` preset), whose network is its own ONNX transcription of the cfg and
 * weights (test/parity/models/darknet*.py), and `trtmap eval` against it.
 */
describe.skipIf(referenceSkipReason !== undefined)(
  `darknet reference pipelines${referenceSkipReason ? ` (skipped: ${referenceSkipReason})` : ''}`,
  () => {
    const cache = referenceCache('models-darknet');
    describeReferences(cache, names);
    describeTrtmapParity(cache, names);

    for (const name of names) {
      const model = fixtureModels[name];
      it(
        `${name}: the reference network and trtmap's conversion give the same outputs`,
        { timeout: 600_000 },
        async () => {
          await ownRun(cache, model);
          // Every fixture cfg converts ([avgpool] and [scale_channels] included).
          expect(model.trtmapConverts).toBe(true);
          const converted = cache.trtmapDarknetOnnx(model);
          const folder = cache.modelFolder(model);
          const reference = await cache.referenceDarknetOnnx(model);
          const script = path.join(
            path.dirname(new URL(import.meta.url).pathname),
            'models',
            'compare_models.py',
          );
          const result = JSON.parse(
            await python(script, [reference, converted, path.join(folder, 'tensors')]),
          ) as { images: number; maxAbsDiff: number[]; maxAbs: number };
          expect(result.images).toBeGreaterThan(0);
          expect(result.maxAbs).toBeGreaterThan(1);
          // float32 with batch norm folded (trtmap) or not (the reference): rounding only.
          for (const difference of result.maxAbsDiff) {
            expect(difference).toBeLessThan(1e-4 * result.maxAbs);
          }
        },
      );
    }
  },
);
