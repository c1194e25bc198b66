import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { InputContract } from '../contract/types.js';
import { TrtmapError } from '../errors.js';
import { nativeImageStage } from '../pipeline/image-stage.js';
import type { CalibrationFeed } from './collect.js';

/**
 * The calibration images of a folder: .jpg/.jpeg/.png in name order, the
 * first `count` of them. Throws ERR_FILE_NOT_FOUND or ERR_INVALID_ARGUMENT.
 */
export function listCalibrationImages(folder: string, count?: number): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new TrtmapError(
      'ERR_FILE_NOT_FOUND',
      `--calib-images ${folder}: cannot read the folder`,
      {
        file: folder,
        cause: error,
      },
    );
  }
  const images = names.filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();
  if (images.length === 0) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `found no .jpg or .png in --calib-images ${folder}`,
    );
  }
  return images.slice(0, count ?? images.length).map((name) => path.join(folder, name));
}

/**
 * Calibration batches (batch 1) from image files, decoded and preprocessed
 * exactly as evaluation preprocesses for the model's contract: a calibrator
 * fed differently normalized tensors picks wrong scales.
 */
export function imageCalibrationFeed(
  files: readonly string[],
  input: { name: string; spec: InputContract },
): CalibrationFeed {
  const { spec } = input;
  if (spec.dtype !== 'float32') {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `calibration feeds float32 inputs; the contract gives input ${input.name} as ${spec.dtype}`,
    );
  }
  const dims =
    spec.layout === 'nhwc'
      ? [1, spec.height, spec.width, spec.channels]
      : [1, spec.channels, spec.height, spec.width];
  return async function* () {
    const stage = nativeImageStage(spec);
    for (const file of files) {
      const prepared = await stage.prepare(file);
      yield { [input.name]: { data: prepared.tensor as Float32Array, dims } };
    }
  };
}
