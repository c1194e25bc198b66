import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { explicitPrecisionModel } from '../quantize/compare-leg.js';
import { type TensorRtBuildPlan, tensorRtBuildPlan } from '../quantize/tensorrt.js';
import {
  type EngineBuildRequest,
  type EngineKey,
  type Precision,
  sha256,
} from '../trt/engine-cache.js';
import { calibrationFeed } from './calibration.js';
import type { CompareContext } from './context.js';

/** What the engine cache needs for one TensorRT leg: the key and the build request. */
export interface EngineSource {
  plan: TensorRtBuildPlan;
  key: EngineKey;
  request: Omit<EngineBuildRequest, 'output'>;
}

/** trtmap's FP16 / Q/DQ model for the compared model (lib/quantize/compare-leg.ts); injectable for tests. */
export type ExplicitModelProvider = typeof explicitPrecisionModel;

/**
 * How one precision's engine is built on this TensorRT version
 * (`tensorRtBuildPlan`): from the FP32 model with the builder flag, from
 * trtmap's FP16 or Q/DQ model (strongly typed on TensorRT 11; with the INT8
 * flag, explicit quantization, on 8.5+/10.x), or (8.2) from the FP32 model
 * with implicit calibration whose calibrator reads trtmap's calibration
 * cache. The same trtmap models as the ONNX Runtime legs, so both columns
 * score one model. The engine key hashes the model actually built (a
 * trtmap model's bytes carry its scales) and, for calibrated builds, the
 * calibration images. Throws what `explicitPrecisionModel` throws
 * (ERR_INVALID_ARGUMENT: INT8 without --calib-images).
 */
export async function engineSource(
  context: CompareContext,
  toolkit: { tensorRtVersion: string; gpuName: string },
  precision: Precision,
  explicitModel: ExplicitModelProvider = explicitPrecisionModel,
): Promise<EngineSource> {
  const plan = tensorRtBuildPlan(toolkit.tensorRtVersion, precision);
  const common = {
    precision,
    batch: context.batch ?? 1,
    tensorRtVersion: toolkit.tensorRtVersion,
    gpuName: toolkit.gpuName,
  };
  const request = {
    batch: context.batch,
    plugins: context.timing.plugins,
    precision: plan.builderPrecision,
    ...(plan.stronglyTyped ? { stronglyTyped: true } : {}),
  };
  if (plan.model !== 'original') {
    const model = await explicitModel(context, plan.model === 'explicit-fp16' ? 'fp16' : 'int8');
    return {
      plan,
      key: { ...common, modelSha256: sha256(readFileSync(model.path)) },
      request: { ...request, onnx: model.path },
    };
  }
  if (plan.calibration === 'none') {
    return {
      plan,
      key: { ...common, modelSha256: context.modelSha256 },
      request: { ...request, onnx: context.onnx },
    };
  }
  const feed = calibrationFeed(context);
  const trtmapCache = plan.calibration === 'trtmap-cache';
  const key: EngineKey = {
    ...common,
    modelSha256: context.modelSha256,
    // trtmap's scales (from its first images) and TensorRT's own calibration are different engines.
    calibrationSha256: sha256(`${feed.digestSource}${trtmapCache ? '\ntrtmap-cache' : ''}`),
  };
  const cache = feed.cache(key);
  if (trtmapCache && !existsSync(cache)) {
    const model = await explicitModel(context, 'int8', {
      calibrationCacheFor: toolkit.tensorRtVersion,
    });
    // A copy: if TensorRT refused the cache it would calibrate and write its own over it.
    mkdirSync(path.dirname(cache), { recursive: true });
    copyFileSync(model.calibrationCache!, cache);
    context.log(
      `${precision}: TensorRT reads trtmap's calibration cache ${model.calibrationCache}`,
    );
  }
  return {
    plan,
    key,
    request: {
      ...request,
      onnx: context.onnx,
      calibration: { batches: feed.batches, cache },
    },
  };
}
