import { describe } from 'vitest';
import {
  describeNmsTranscriptions,
  describeReferences,
  referenceCache,
  referenceSkipReason,
} from './models/reference-suite.js';

/**
 * YOLOX, NanoDet (416 and the awkward 320 export), FastestDet and SSD MobileNet
 * against independent Python pipelines that follow each model's own repository
 * (test/parity/models/), and those pipelines' NMS against the source loops.
 */
describe.skipIf(referenceSkipReason !== undefined)(
  `YOLOX, NanoDet, FastestDet and SSD reference pipelines${referenceSkipReason ? ` (skipped: ${referenceSkipReason})` : ''}`,
  () => {
    const cache = referenceCache('models-anchor-free');
    describeNmsTranscriptions();
    describeReferences(cache, [
      'yolox-nano',
      'nanodet-m-416',
      'nanodet-m-320',
      'fastestdet',
      'ssd-mobilenet-v1',
    ]);
  },
);
