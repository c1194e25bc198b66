import { TrtmapError } from '../errors.js';
import type { TensorRange } from './calibrators/calibrator.js';
import { scaleOf } from './qdq/insert.js';

/**
 * The calibrator named in the header. TensorRT reads a cache only into the
 * calibrator type that wrote it; trtmap's builder (lib/trt) uses
 * IInt8EntropyCalibrator2, so every cache says EntropyCalibration2 whatever
 * method chose the scales.
 */
export const cacheCalibratorName = 'EntropyCalibration2';

/**
 * NV_TENSORRT_VERSION as TensorRT prints it in a cache header: major * 1000
 * + minor * 100 + patch before TensorRT 10 ("8.2.1" -> 8201), major * 10000
 * + minor * 100 + patch from 10 on ("10.3.0" -> 100300). Throws
 * ERR_INVALID_ARGUMENT for anything but "major.minor[.patch]".
 */
export function tensorRtVersionNumber(version: string): number {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected a TensorRT version like 8.2.1 for --trt-version but received ${JSON.stringify(version)}`,
    );
  }
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return major >= 10 ? major * 10000 + minor * 100 + patch : major * 1000 + minor * 100 + patch;
}

/** A float32 as TensorRT's cache writes it: the 8 hex digits of its IEEE-754 bits, lower case, no leading zeros. */
export function float32Hex(value: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return view.getUint32(0).toString(16);
}

/**
 * A TensorRT calibration cache (the text IInt8Calibrator::writeCalibrationCache
 * produces and readCalibrationCache gives back): a header
 * `TRT-<version>-<calibrator>` then one `<tensor name>: <hex of the float32
 * scale>` line per calibrated tensor, scale = amax / 127; the layout of
 * NVIDIA/TensorRT samples/sampleINT8/README.md ("CalibrationTable"). An
 * implicit-quantization build (TensorRT 8.x/10.x, the INT8 flag) given this
 * cache uses trtmap's scales instead of calibrating again; TensorRT accepts it
 * only from the version and calibrator named in the header.
 */
export function writeCalibrationCache(
  ranges: ReadonlyMap<string, TensorRange>,
  options: { tensorRtVersion: string },
): string {
  const header = `TRT-${tensorRtVersionNumber(options.tensorRtVersion)}-${cacheCalibratorName}`;
  const lines = [header];
  for (const [tensor, range] of ranges) lines.push(`${tensor}: ${float32Hex(scaleOf(range.amax))}`);
  return lines.join('\n') + '\n';
}
