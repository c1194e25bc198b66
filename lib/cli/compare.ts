import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compareModel } from '../compare/compare.js';
import { defaultEngineCacheDirectory } from '../trt/engine-cache.js';
import { type Precision, precisionNames } from '../backends/tensorrt-toolkit.js';
import { TrtmapError } from '../errors.js';
import { mapDropVerdict } from '../report/figures.js';
import type { ComparisonRun } from '../report/result.js';
import { formatComparison } from '../report/text.js';
import { writeComparisonJson, writeReport } from '../report/write.js';
import { formatHelp, numberOption, parseArgs, type ParsedArgs } from './args.js';
import { batchOption, parseTimingOptions } from './bench-options.js';
import { ExitCode } from './command.js';
import { checkInputOptions, checkInputPath } from './input-paths.js';
import { compareOptionSpecs, compareUsage } from './compare-options.js';
import { writeOrRecord } from './analysis-output.js';
import { checkOutputOptions, OutputWrites } from './output-paths.js';
import { onInterrupt, pendingOutputs } from './interrupt.js';
import { LegProgress } from './leg-progress.js';
import { datasetFilesOf } from './model-options.js';
import { pluginsOf } from './plugin-options.js';
import { parseRunOptions } from './model-options.js';
import { printContract } from './print-contract.js';
import { readPackageVersion } from './version.js';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, compareOptionSpecs, 'compare');
  if (parsed.flags.has('help')) {
    const description =
      'Builds a TensorRT engine per precision (cached), evaluates each and ONNX Runtime (the reference) on the dataset, benchmarks them, compares their outputs, and prints one table.';
    process.stdout.write(formatHelp(compareUsage, compareOptionSpecs, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length !== 1) throw usage('needs one ONNX model');
  checkInputPath(parsed.positionals[0], 'the model');
  checkInputOptions(parsed.values);
  const runOptions = parseRunOptions(parsed);
  if (runOptions.printConfig)
    return printContract({ onnx: parsed.positionals[0] }, runOptions.contract, {
      backend: 'onnxruntime',
    });
  checkOutputOptions(parsed, ['report', 'json']);
  const progress = new LegProgress(parsed.values.get('json') === '-');
  const cacheDirectory = parsed.values.get('cache-dir') ?? defaultEngineCacheDirectory();
  const pending = pendingOutputs([
    ...(parsed.lists.get('report') ?? []).map((file): [string, string] => ['--report', file]),
    ['--json', parsed.values.get('json')],
  ]);
  const stopListening = onInterrupt(
    progress,
    () => `stopped ${progress.where()}; engines built so far stay in ${cacheDirectory}; ${pending}`,
  );
  const result = await compareModel({
    onnx: parsed.positionals[0],
    dataset: datasetFilesOf(parsed, 'compare'),
    contract: runOptions.contract,
    precisions: precisionsOption(parsed),
    limit: integerOption(parsed, 'limit'),
    batch: batchOption(parsed),
    threads: runOptions.threads,
    scoreThreshold: runOptions.scoreThreshold,
    calibrationImages: calibrationOption(parsed),
    timing: {
      ...parseTimingOptions(parsed),
      cudaGraph: parsed.flags.has('cuda-graph'),
      transfers: !parsed.flags.has('no-transfers'),
      plugins: pluginsOf(parsed),
    },
    power: parsed.flags.has('power'),
    tolerances: {
      atol: toleranceOption(parsed, 'atol'),
      rtol: toleranceOption(parsed, 'rtol'),
      images: integerOption(parsed, 'diff-images') ?? 4,
    },
    maxMapDrop: parsed.values.has('max-map-drop')
      ? numberOption(parsed, 'max-map-drop', 0, (v) => v >= 0, 'mAP points >= 0')
      : undefined,
    cacheDirectory,
    trtmapVersion: readPackageVersion(),
    log: (line) => progress.line(`trtmap: ${line}`),
    onProgress: (leg, done, total) => progress.update(leg, done, total),
  }).finally(() => {
    progress.end();
    stopListening();
  });
  const writes = new OutputWrites();
  save(parsed, result, writes);
  return writes.finish(verdict(result));
}

/** Reports as asked; the JSON goes to --json <file>, or beside the first report (out.html -> out.json). */
function save(parsed: ParsedArgs, result: ComparisonRun, writes: OutputWrites): void {
  const reports = parsed.lists.get('report') ?? [];
  const json = parsed.values.get('json') ?? reports[0]?.replace(/\.[^./\\]+$/, '') + '.json';
  for (const file of reports) writeOrRecord(writes, file, () => writeReport(result, file));
  if (json === '-') {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  if (
    (parsed.values.has('json') || reports.length > 0) &&
    writes.attempt(json, () => writeComparisonJson(result, json))
  ) {
    process.stderr.write(
      `trtmap: wrote ${json} (re-render with: trtmap report ${json} --report <out.html>)\n`,
    );
  }
  process.stdout.write(formatComparison(result) + '\n');
}

/**
 * With --max-map-drop: 0 only when every leg asked for ran and none lost more than the limit;
 * 1 when one did, or when a leg was skipped or failed (the gate could not check it: "not checked").
 */
function verdict(result: ComparisonRun): number {
  const gate = mapDropVerdict(result);
  return !gate || gate.status === 'passed' ? ExitCode.Ok : ExitCode.CheckFailed;
}

function precisionsOption(parsed: ParsedArgs): Precision[] {
  const text = parsed.values.get('precisions') ?? 'fp32,fp16';
  const names = text.split(',').map((name) => name.trim().toLowerCase());
  for (const name of names) {
    if (!(precisionNames as readonly string[]).includes(name))
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `Expected a list of fp32, fp16, int8 for --precisions but received ${JSON.stringify(text)}`,
      );
  }
  return [...new Set(names as Precision[])];
}

function calibrationOption(parsed: ParsedArgs): string[] | undefined {
  const folder = parsed.values.get('calib-images');
  if (folder === undefined) {
    if (precisionsOption(parsed).includes('int8'))
      throw usage('needs --calib-images <dir> for int8 (images like the dataset’s, a few hundred)');
    return undefined;
  }
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new TrtmapError(
      'ERR_FILE_NOT_FOUND',
      `--calib-images ${folder}: cannot read the folder`,
      { file: folder, cause: error },
    );
  }
  const images = names.filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();
  if (images.length === 0) throw usage(`found no .jpg or .png in --calib-images ${folder}`);
  return images.map((name) => path.join(folder, name));
}

function integerOption(parsed: ParsedArgs, name: string): number | undefined {
  if (!parsed.values.has(name)) return undefined;
  return numberOption(parsed, name, 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer');
}

function toleranceOption(parsed: ParsedArgs, name: string): number {
  return numberOption(parsed, name, 1e-5, (v) => Number.isFinite(v) && v >= 0, 'a number >= 0');
}

function usage(message: string): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `trtmap compare ${message} (see trtmap compare --help)`,
  );
}
