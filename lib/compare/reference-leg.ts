import { benchmarkBackend } from './speed.js';
import { evaluate } from '../pipeline/evaluate.js';
import { openModel } from '../pipeline/open.js';
import type { Leg } from '../report/result.js';
import { histogram } from '../bench/histogram.js';
import type { BenchResult } from '../bench/harness.js';
import type { ContractRequest } from '../contract/resolve.js';
import type { LegSpeed } from '../report/result.js';
import { legAccuracy } from './accuracy.js';
import type { CompareContext } from './context.js';
import { repeatToBatch, runSamples, sampleInputs } from './samples.js';
import { benchmarkWithPower } from '../board/measure.js';

export type ReferenceOutcome = Pick<
  CompareContext,
  'preset' | 'contract' | 'input' | 'samples' | 'referenceOutputs'
> & { leg: Leg };

/**
 * The reference: the ONNX model on ONNX Runtime (CPU), evaluated on the
 * dataset, run on the sampled images (the outputs the engines are diffed
 * against) and benchmarked. Resolves the preset for the engine legs.
 */
export async function runReferenceLeg(
  context: Omit<
    CompareContext,
    'preset' | 'contract' | 'input' | 'samples' | 'referenceOutputs'
  > & {
    contract?: ContractRequest;
    sampleCount: number;
  },
): Promise<ReferenceOutcome> {
  context.log('reference: evaluating on ONNX Runtime (CPU)');
  const evaluation = await evaluate({
    model: { onnx: context.onnx },
    dataset: context.dataset,
    contract: context.contract,
    backend: 'onnxruntime',
    batch: context.batch,
    limit: context.limit,
    threads: context.threads,
    scoreThreshold: context.scoreThreshold,
    onProgress: (done, total) => context.onProgress?.('reference', done, total),
  });
  // The contract (and why it was chosen) and the validity warnings hold for every leg.
  for (const note of evaluation.contract.notes) context.log(note);
  for (const warning of evaluation.warnings) context.log(`warning: ${warning}`);
  const opened = await openModel(
    { onnx: context.onnx },
    {
      contract: { fixed: evaluation.contract.contract },
      backend: 'onnxruntime',
      threads: context.threads,
    },
  );
  try {
    const samples = await sampleInputs(
      context.images,
      opened.bound,
      Math.max(1, context.sampleCount),
    );
    const referenceOutputs = await runSamples(
      opened.backend,
      samples.slice(0, context.sampleCount),
    );
    context.log('reference: benchmarking');
    const inputs = repeatToBatch(samples[0], context.batch ?? 1);
    const speed = await benchmarkWithPower(context.timing, context.power ?? false, (options) =>
      benchmarkBackend(opened.backend, inputs, options),
    );
    const leg: Leg = {
      id: 'reference',
      label: 'ONNX Runtime (reference)',
      backend: opened.backend.description,
      status: 'ok',
      accuracy: legAccuracy(evaluation),
      speed: legSpeed(speed),
    };
    const input = { name: opened.bound.inputName, spec: opened.bound.input };
    const contract = evaluation.contract.contract;
    return { leg, preset: evaluation.preset, contract, input, samples, referenceOutputs };
  } finally {
    await opened.backend.dispose();
  }
}

/** The benchmark's figures for the JSON: every statistic, the histogram instead of the samples. */
export function legSpeed(
  measured:
    BenchResult | { result: BenchResult; power?: LegSpeed['power']; powerUnavailable?: string },
): LegSpeed {
  const { result, power, powerUnavailable } =
    'result' in measured ? measured : { result: measured };
  const { latencySamplesMs, batchSize, ...figures } = result;
  return {
    ...figures,
    batch: batchSize,
    histogram: histogram(latencySamplesMs),
    ...(power ? { power } : {}),
    ...(powerUnavailable ? { powerUnavailable } : {}),
  };
}
