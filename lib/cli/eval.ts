import { writeFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
import { stringifyJson } from '../metrics/json-write.js';
import { evaluate, type EvaluateOptions } from '../pipeline/evaluate.js';
import { emulatedBackendNote, withFp16Twin } from '../quantize/fp16/twin-fallback.js';
import type { ModelFiles } from '../pipeline/model.js';
import { Progress } from '../pipeline/progress.js';
import { evaluationJson, formatEvaluation } from '../pipeline/report.js';
import { formatHelp, type OptionSpecs, type ParsedArgs, parseArgs } from './args.js';
import {
  analysisOptionSpecs,
  analysisRequest,
  evaluationAnalysis,
  writeOrRecord,
  writeCommandOutput,
} from './analysis-output.js';
import { ExitCode } from './command.js';
import { ineffectiveOptionWarnings } from './ineffective-options.js';
import { checkInputOptions } from './input-paths.js';
import { integerOption } from './numeric-options.js';
import { checkOutputOptions, OutputWrites } from './output-paths.js';
import { onInterrupt, pendingOutputs } from './interrupt.js';
import { collectMachine, formatBoardState, unlockedClocksWarning } from '../board/index.js';
import { pluginOptions, pluginsOf } from './plugin-options.js';
import { printContract } from './print-contract.js';
import {
  datasetFilesOf,
  datasetOptions,
  modelFilesOf,
  parseRunOptions,
  runOptions,
} from './model-options.js';

const options: OptionSpecs = {
  onnx: { type: 'string', valueName: 'model.onnx', description: 'an ONNX model' },
  engine: { type: 'string', valueName: 'file', description: 'a serialized TensorRT engine' },
  darknet: {
    type: 'string',
    valueName: 'cfg',
    description: 'a darknet model: --darknet <cfg> <weights> (converted in memory)',
  },
  ...datasetOptions,
  ...runOptions,
  ...pluginOptions,
  shard: {
    type: 'string',
    valueName: 'i/n',
    description: 'every n-th image from the i-th (0-based)',
  },
  strict: {
    type: 'flag',
    description: 'stop at the first unreadable image instead of skipping it',
  },
  results: {
    type: 'string',
    valueName: 'out.json',
    description: 'write the detections (COCO results)',
  },
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  ...analysisOptionSpecs('operating-conf'),
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine =
  'trtmap eval (--onnx <model> | --engine <file> | --darknet <cfg> <weights>) (--coco <json> --images <dir> | --voc <dir>) [options]';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'eval');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        usageLine,
        options,
        'Evaluates a detector on a dataset: COCO and VOC mAP, and the speed.',
      ) + '\n',
    );
    return ExitCode.Ok;
  }
  const json = parsed.flags.has('json');
  checkOutputOptions(parsed, ['results', 'csv', 'report']);
  const writes = new OutputWrites();
  const progress = new Progress();
  const { printConfig, ...runSettings } = parseRunOptions(parsed);
  const batch = integerOption(parsed, 'batch', 1);
  const limit = integerOption(parsed, 'limit', 1);
  const shard = shardOf(parsed);
  for (const warning of ineffectiveOptionWarnings(parsed, [
    {
      option: 'operating-conf',
      when: !['analysis', 'csv', 'report'].some((n) => parsed.flags.has(n) || parsed.values.has(n)),
      why: 'it sets the operating point of --analysis, --csv and --report (mAP uses every score)',
    },
  ]))
    process.stderr.write(`trtmap: warning: ${warning}\n`);
  checkInputOptions(parsed.values);
  if (printConfig) return printContract(modelOf(parsed), runSettings.contract, runSettings);
  const reached = { done: 0, total: 0 };
  const pending = pendingOutputs(
    ['results', 'report', 'csv'].map((n) => [`--${n}`, parsed.values.get(n)]),
  );
  const stopListening = onInterrupt(progress, () =>
    reached.total > 0
      ? `stopped at image ${reached.done} of ${reached.total}; ${pending}`
      : `stopped before the first image; ${pending}`,
  );
  const evaluateOptions: EvaluateOptions = {
    model: modelOf(parsed),
    dataset: datasetFilesOf(parsed, 'eval'),
    ...runSettings,
    batch,
    limit,
    shard,
    strict: parsed.flags.has('strict'),
    plugins: pluginsOf(parsed),
    onStart: (info) => {
      for (const note of info.notes) progress.line(`trtmap: ${note}`);
      progress.line(
        `trtmap: ${shardNote(shard)}evaluating ${info.images} images, preset ${info.preset}, backend ${info.backend}`,
      );
      if (shard && info.images === 0) progress.line(`trtmap: warning: ${emptyShardWarning(shard)}`);
    },
    onSkip: (_image, error) => progress.line(`trtmap: skipped: ${error.code}: ${error.message}`),
    onProgress: (done, total) => {
      reached.done = done;
      reached.total = total;
      if (!json) progress.update(done, total);
    },
  };
  const evaluation = await evaluateWithFp16Twin(evaluateOptions, (line) =>
    progress.line(`trtmap: ${line}`),
  ).finally(() => {
    progress.end();
    stopListening();
  });
  // The text output lists them under 'Validity warnings:'; with --json, stderr is where a person sees them.
  if (json) for (const w of evaluation.warnings) process.stderr.write(`trtmap: warning: ${w}\n`);
  const resultsPath = parsed.values.get('results');
  if (resultsPath !== undefined)
    writeOrRecord(writes, resultsPath, () =>
      writeFileSync(resultsPath, stringifyJson(evaluation.scores.results)),
    );
  // The stage timings depend on the machine: record it (and warn about floating Jetson clocks).
  const board = await collectMachine({ onnxRuntimeThreads: runSettings.threads });
  const warning = unlockedClocksWarning(board);
  if (warning) process.stderr.write(`trtmap: warning: ${warning}\n`);
  const analysed = evaluationAnalysis(
    evaluation,
    analysisRequest(parsed, 'operating-conf', false),
    writes,
  );
  writeCommandOutput(
    (json
      ? stringifyJson({ ...evaluationJson(evaluation), ...analysed.json, board })
      : [formatEvaluation(evaluation), ...analysed.text, ...formatBoardState(board)].join('\n')) +
      '\n',
    analysed.csv,
  );
  return writes.finish(ExitCode.Ok);
}

/**
 * evaluate(), and where ONNX Runtime cannot load an FP16 ONNX model, the same
 * evaluation of its FP32 twin with float16 rounding (lib/quantize), said on
 * stderr and in the backend's description.
 */
async function evaluateWithFp16Twin(options: EvaluateOptions, note: (line: string) => void) {
  const model = options.model;
  if (!('onnx' in model) || options.backend === 'tensorrt') return evaluate(options);
  const { result, emulated } = await withFp16Twin(
    model.onnx,
    (onnx) => evaluate({ ...options, model: { ...model, onnx } }),
    note,
  );
  return emulated ? { ...result, backend: `${result.backend}, ${emulatedBackendNote}` } : result;
}

function modelOf(parsed: ParsedArgs): ModelFiles {
  const given = ['onnx', 'engine', 'darknet'].filter((name) => parsed.values.has(name));
  if (given.length !== 1) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap eval needs exactly one of --onnx, --engine, --darknet (see trtmap eval --help)`,
    );
  }
  const cfg = parsed.values.get('darknet');
  if (cfg !== undefined) {
    if (parsed.positionals.length > 1) throw unexpected(parsed.positionals.slice(1));
    return modelFilesOf(cfg, parsed.positionals[0]);
  }
  if (parsed.positionals.length > 0) throw unexpected(parsed.positionals);
  const onnx = parsed.values.get('onnx');
  return onnx !== undefined ? { onnx } : { engine: parsed.values.get('engine')! };
}

function unexpected(values: string[]): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `trtmap eval: unexpected argument(s) ${values.map((v) => JSON.stringify(v)).join(' ')}`,
  );
}

/** "shard 1/3 (every 3rd image from position 1): " for a shard run, "" otherwise. */
function shardNote(shard: { index: number; count: number } | undefined): string {
  if (!shard) return '';
  const every = shard.count === 1 ? 'every image' : `every ${ordinal(shard.count)} image`;
  return `shard ${shard.index}/${shard.count} (${every} of the set from position ${shard.index}): `;
}

function emptyShardWarning(shard: { index: number; count: number }): string {
  return (
    `shard ${shard.index}/${shard.count} holds no image: the set has ${shard.index} image(s) or fewer ` +
    'after --split; its results are empty and every metric below is -1 (undefined). Use fewer shards'
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function shardOf(parsed: ParsedArgs): { index: number; count: number } | undefined {
  const text = parsed.values.get('shard');
  if (text === undefined) return undefined;
  const match = /^(0|[1-9]\d*)\/([1-9]\d*)$/.exec(text); // no leading zeros, as --conf's numbers
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected i/n with 0 <= i < n for --shard but received ${JSON.stringify(text)}`,
    );
  }
  return { index, count };
}
