import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareModel } from '../../lib/compare/compare.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { native } from '../helpers/native.js';

const cache = mkdtempSync(path.join(tmpdir(), 'trtmap-compare-quantized-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const ready = fixturesRoot !== undefined && native !== undefined;

/**
 * The accuracy targets CI can check without a GPU, on a subset (the full
 * table: npm run bench:quantize): trtmap's FP16 model within 0.1 mAP point
 * of FP32 and its Q/DQ INT8 model within 1.0, both on ONNX Runtime, INT8
 * calibrated on train images only. The reference is pycocotools-exact COCO
 * mAP of the FP32 model on ONNX Runtime.
 */
describe.skipIf(!ready)(
  'compare: FP16 and INT8 legs on ONNX Runtime (SSD MobileNet, 60 val images)',
  () => {
    it('run everywhere, name their backend, and meet the targets', async () => {
      const calibFolder = fixture('datasets/coco-train2017-subset/images');
      const calibrationImages = readdirSync(calibFolder)
        .filter((name) => name.endsWith('.jpg'))
        .sort()
        .slice(0, 16)
        .map((name) => path.join(calibFolder, name));
      const run = await compareModel({
        onnx: fixture('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx'),
        dataset: {
          coco: {
            annotations: fixture('datasets/coco-val2017-subset/instances_val2017_subset.json'),
            images: fixture('datasets/coco-val2017-subset/images'),
          },
        },
        contract: { preset: 'ssd-mobilenet-v1' },
        precisions: ['fp16', 'int8'],
        limit: 60,
        calibrationImages,
        timing: {
          durationSeconds: 0.2,
          warmupSeconds: 0,
          iterations: 2,
          cudaGraph: false,
          transfers: true,
        },
        tolerances: { atol: 1e-5, rtol: 1e-5, images: 1 },
        cacheDirectory: cache,
        trtmapVersion: 'test',
      });
      const leg = (id: string) => run.legs.find((each) => each.id === id)!;
      const reference = leg('reference').accuracy!.cocoMap;
      expect(leg('fp16-ort')).toMatchObject({ status: 'ok', label: 'fp16 (ONNX Runtime)' });
      expect(leg('int8-ort')).toMatchObject({ status: 'ok', label: 'int8 Q/DQ (ONNX Runtime)' });
      expect(leg('fp16-ort').backend).toMatch(/^ONNX Runtime/);
      expect(Math.abs(leg('fp16-ort').accuracy!.cocoMap - reference) * 100).toBeLessThanOrEqual(
        0.1,
      );
      expect((reference - leg('int8-ort').accuracy!.cocoMap) * 100).toBeLessThanOrEqual(1.0);
      // The INT8 model really differs from FP32 (the check is not comparing FP32 with itself).
      expect(leg('int8-ort').tensorDiffs!.some((diff) => diff.maxAbsolute > 1e-3)).toBe(true);
    }, 600_000);
  },
);
