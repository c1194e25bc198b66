import { evaluate } from '../pipeline/evaluate.js';
import type { Leg } from '../report/result.js';
import { TrtmapError } from '../errors.js';
import { legAccuracy } from './accuracy.js';
import { engineSource } from './engine-source.js';
import type { CompareContext } from './context.js';
import { cachedEngine } from '../trt/engine-cache.js';
import { formatLayerPrecisions } from '../trt/layer-precisions.js';
import type { EngineToolkit, Precision } from '../backends/tensorrt-toolkit.js';
import { legSpeed } from './reference-leg.js';
import { benchmarkEngine } from './speed.js';
import { repeatToBatch, runSamples } from './samples.js';
import { diffOutputs } from './tensor-diff.js';
import { benchmarkWithPower } from '../board/measure.js';

export const legLabels: Record<Precision, string> = {
  fp32: 'TensorRT FP32',
  fp16: 'TensorRT FP16',
  int8: 'TensorRT INT8',
};

/** A leg that could not run, with the reason the table and the report print. */
export function skippedLeg(
  precision: Precision,
  reason: string,
  status: 'skipped' | 'failed' = 'skipped',
): Leg {
  return { id: precision, label: legLabels[precision], backend: 'TensorRT', status, reason };
}

/**
 * One precision on TensorRT: the engine from the cache (built on a miss, from
 * the model and with the flags `engineSource` picks for this TensorRT version),
 * its layer precisions read back from the engine inspector, evaluated through the registered TensorRT backend like any model, its
 * outputs on the sampled images diffed against the reference's, benchmarked
 * with CUDA-event timings. A failure fails this leg, not the comparison.
 */
export async function runEngineLeg(
  context: CompareContext,
  toolkit: EngineToolkit,
  precision: Precision,
): Promise<Leg> {
  const backendName = `TensorRT ${toolkit.tensorRtVersion} on ${toolkit.gpuName}`;
  try {
    const engine = await engineFor(context, toolkit, precision);
    context.log(`${precision}: evaluating ${engine.path}`);
    const plugins = context.timing.plugins;
    const evaluation = await evaluate({
      model: { engine: engine.path },
      plugins,
      dataset: context.dataset,
      contract: { fixed: context.contract },
      backend: 'tensorrt',
      batch: context.batch,
      limit: context.limit,
      scoreThreshold: context.scoreThreshold,
      onProgress: (done, total) => context.onProgress?.(precision, done, total),
    });
    const backend = await toolkit.open(engine.path, { plugins });
    let outputs;
    try {
      outputs = await runSamples(
        backend,
        context.samples.slice(0, context.referenceOutputs.length),
      );
    } finally {
      await backend.dispose();
    }
    context.log(`${precision}: benchmarking`);
    const inputs = repeatToBatch(context.samples[0], context.batch ?? 1);
    const speed = await benchmarkWithPower(context.timing, context.power ?? false, (options) =>
      benchmarkEngine(toolkit, engine.path, inputs, options),
    );
    return {
      id: precision,
      label: legLabels[precision],
      backend: backendName,
      status: 'ok',
      engine,
      accuracy: legAccuracy(evaluation),
      speed: legSpeed(speed),
      tensorDiffs: diffOutputs(context.referenceOutputs, outputs, context.tolerances),
    };
  } catch (error) {
    if (!(error instanceof TrtmapError)) throw error;
    context.log(`${precision}: failed: ${error.code}: ${error.message}`);
    return {
      ...skippedLeg(precision, `${error.code}: ${error.message}`, 'failed'),
      backend: backendName,
    };
  }
}

async function engineFor(context: CompareContext, toolkit: EngineToolkit, precision: Precision) {
  const { plan, key, request } = await engineSource(context, toolkit, precision);
  context.log(`${precision}: ${plan.description}`);
  const engine = await cachedEngine(toolkit, key, request, context.cacheDirectory);
  context.log(
    `${precision}: engine ${engine.cached ? 'from the cache' : `built in ${engine.buildSeconds!.toFixed(1)} s`}: ${engine.path}`,
  );
  // What TensorRT chose, per layer (the engine inspector), whether built now or cached.
  const layerPrecisions = toolkit.layerPrecisions
    ? await toolkit.layerPrecisions(engine.path, { plugins: context.timing.plugins })
    : undefined;
  if (layerPrecisions) context.log(`${precision}: ${formatLayerPrecisions(layerPrecisions)}`);
  return {
    ...engine,
    source: plan.description,
    ...(layerPrecisions === undefined ? {} : { layerPrecisions }),
  };
}
