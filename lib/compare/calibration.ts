import path from 'node:path';
import { stackBatch } from '../pipeline/batches.js';
import { nativeImageStage } from '../pipeline/image-stage.js';
import type { CompareContext } from './context.js';
import { type EngineKey, engineFileName } from '../trt/engine-cache.js';
import type { InputSet } from './samples.js';

/**
 * INT8 calibration input: the --calib-images files preprocessed exactly as
 * the evaluation preprocesses (a calibrator fed differently normalized
 * tensors picks wrong scales and costs mAP for no reason), in batches of the
 * engine's batch size, read lazily so a large folder is never all in memory.
 */
export function calibrationFeed(context: CompareContext): {
  batches: () => AsyncIterable<InputSet>;
  /** What the engine cache key hashes: the image list, in order. */
  digestSource: string;
  cache(key: EngineKey): string;
} {
  const files = context.calibrationImages ?? [];
  const batch = context.batch ?? 1;
  const { name, spec } = context.input;
  async function* batches(): AsyncIterable<InputSet> {
    const stage = nativeImageStage(spec);
    for (let start = 0; start + batch <= files.length; start += batch) {
      const tensors = [];
      for (const file of files.slice(start, start + batch))
        tensors.push((await stage.prepare(file)).tensor);
      yield { [name]: stackBatch(tensors, spec, { size: batch, padded: false }) };
    }
  }
  return {
    batches,
    digestSource: files.map((file) => path.basename(file)).join('\n'),
    cache: (key) =>
      path.join(context.cacheDirectory, engineFileName(key).replace(/\.plan$/, '.calib')),
  };
}
