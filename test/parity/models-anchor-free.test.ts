import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureModels } from './models/harness.js';
import {
  describeNmsTranscriptions,
  describeReferences,
  describeTrtmapParity,
  referenceCache,
  referenceSkipReason,
  tensorImages,
  tensorRun,
} from './models/reference-suite.js';
import { expectSameDetections, trtmapEvaluate } from './models/trtmap-side.js';

const decoder = fileURLToPath(new URL('../../examples/decoders/yolox-grid.mjs', import.meta.url));

/** The README's model config for YOLOX through its user decoder. */
const customYolox = `input:
  resize: keep-ratio
  anchor: top-left
  padValue: 114
  channelOrder: bgr
  scale: 1
output:
  family: custom
  decoder: ${decoder}
postprocess:
  conf: 0.01
  nms: class-aware
  iou: 0.65
  maxDet: none
  clip: none
classes: coco80
`;

/**
 * YOLOX, NanoDet (416 and the awkward 320 export), FastestDet and SSD MobileNet
 * against independent Python pipelines that follow each model's own repository
 * (test/parity/models/), those pipelines' NMS against the source loops, and
 * `trtmap eval` on each model against its reference.
 */
describe.skipIf(referenceSkipReason !== undefined)(
  `YOLOX, NanoDet, FastestDet and SSD reference pipelines${referenceSkipReason ? ` (skipped: ${referenceSkipReason})` : ''}`,
  () => {
    const cache = referenceCache('models-anchor-free');
    describeNmsTranscriptions();
    const names = [
      'yolox-nano',
      'nanodet-m-416',
      'nanodet-m-320',
      'fastestdet',
      'ssd-mobilenet-v1',
    ];
    describeReferences(cache, names);
    describeTrtmapParity(cache, names);

    it(
      "the README's user decoder (examples/decoders/yolox-grid.mjs) evaluates YOLOX as its repository does",
      { timeout: 600_000 },
      async () => {
        const model = fixtureModels['yolox-nano'];
        const reference = await tensorRun(cache, model);
        const config = path.join(cache.modelFolder(model), 'yolox-custom.yaml');
        writeFileSync(config, customYolox);
        const ours = await trtmapEvaluate(model, cache, {
          tensors: tensorImages,
          contract: { configFile: config },
        });
        expect(ours.contract.contract.output.family).toBe('custom');
        expectSameDetections(ours.scores.results, reference.exact!.detections);
      },
    );
  },
);
