import { cpus } from 'node:os';
import { missingDetectionsWarning } from '../metrics/shards.js';
import { formatFixed } from '../metrics/numeric.js';
import { TrtmapError } from '../errors.js';
import {
  CocoEvaluator,
  evaluateVoc,
  formatVocTable,
  stringifyJson,
  type VocBoxFormat,
  type VocInterpolation,
  vocResultToJson,
} from '../metrics/index.js';
import {
  choiceOption,
  formatHelp,
  numberOption,
  type OptionSpecs,
  type ParsedArgs,
  parseArgs,
} from './args.js';
import { intervalOption } from './numeric-options.js';
import { ineffectiveOptionWarnings, vocRulesNote } from './ineffective-options.js';
import { checkOutputOptions, OutputWrites } from './output-paths.js';
import { ExitCode } from './command.js';
import { checkInputPath } from './input-paths.js';
import { checkScoreArgumentOrder } from './dataset-paths.js';
import { loadScoreInputs } from './score-inputs.js';
import {
  analysisOptionSpecs,
  analysisRequest,
  cocoAnalysisOutput,
  vocAnalysisOutput,
  vocAnalysisScope,
  writeAnalysisReport,
  writeCommandOutput,
  writeOrRecord,
} from './analysis-output.js';

const options: OptionSpecs = {
  metric: {
    type: 'string',
    valueName: 'coco|voc|voc07|all',
    description:
      'coco: COCO mAP@[.5:.95] as pycocotools; voc: VOC2010+ all-point AP; voc07: 11-point; ' +
      'all: every one (default: coco for a .json ground truth, voc for a folder)',
  },
  iou: {
    type: 'string',
    valueName: 't',
    description: 'IoU threshold of the VOC metrics, in (0, 1] (default 0.5)',
  },
  'iou-comparison': {
    type: 'string',
    valueName: '>=|>',
    description: "VOC match rule: '>=' (MATLAB devkit, default) or '>' (voc_eval.py)",
  },
  'continuous-boxes': {
    type: 'flag',
    description: "VOC: plain (x2-x1)*(y2-y1) areas instead of the devkit's +1 pixel convention",
  },
  format: {
    type: 'string',
    valueName: 'xyxy|xywh',
    description: 'numbers in text files: corners (default) or x y width height',
  },
  split: {
    type: 'string',
    valueName: 'name',
    description:
      'VOC folders: score only the images of ImageSets/Main/<name>.txt (as eval --split evaluated them)',
  },
  'per-class': { type: 'flag', description: 'print a per-class (and per-size) table' },
  ...analysisOptionSpecs('conf'),
  threads: {
    type: 'string',
    valueName: 'n',
    description:
      'COCO: worker threads for matching and accumulation (default: one per CPU, up to 8, ' +
      'from 50,000 detections; 1 = none); the numbers are the same for any n',
  },
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap score <ground-truth> <results> [<results> ...] [options]';
const description = [
  'Scores detections against ground truth. <ground-truth> is a COCO instances .json, or a VOC',
  'folder (Annotations/*.xml or per-image .txt); <results> is a COCO results .json or a folder of',
  'per-image .txt files (class confidence x1 y1 x2 y2). Several <results> are the shards of one run',
  '(trtmap eval --shard i/n --results part-i.json): merged, they score as the unsharded run; an image',
  'in two of them is an error.',
].join('\n');

const metrics = ['coco', 'voc', 'voc07', 'all'] as const;
type Metric = (typeof metrics)[number];

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'score');
  if (parsed.flags.has('help')) {
    process.stdout.write(formatHelp(usageLine, options, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length < 2) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap score needs <ground-truth> and <results> (got ${parsed.positionals.length} paths); see trtmap score --help`,
    );
  }
  const [groundTruthPath, ...resultsPaths] = parsed.positionals;
  const request = analysisRequest(parsed, 'conf', parsed.flags.has('per-class'));
  const metric = choiceOption(parsed, 'metric', metrics) ?? defaultMetric(groundTruthPath);
  const format = choiceOption(parsed, 'format', ['xyxy', 'xywh'] as const) ?? 'xyxy';
  const iouThreshold = intervalOption(parsed, 'iou', { min: 0, max: 1, openMin: true }, 0.5);
  const iouComparison = choiceOption(parsed, 'iou-comparison', ['>=', '>'] as const) ?? '>=';
  const pixelConvention = parsed.flags.has('continuous-boxes') ? 'continuous' : '+1';
  const wantsCoco = metric === 'coco' || metric === 'all';
  const vocModes: VocInterpolation[] =
    metric === 'all'
      ? ['all-point', '11-point']
      : metric === 'voc'
        ? ['all-point']
        : metric === 'voc07'
          ? ['11-point']
          : [];

  const vocOnly = 'COCO averages over IoU 0.50:0.95 with its own matching; use --metric voc or all';
  const analysed = request.analysis || request.csv !== undefined || request.report !== undefined;
  for (const warning of ineffectiveOptionWarnings(parsed, [
    { option: 'iou', when: vocModes.length === 0, why: vocOnly },
    { option: 'iou-comparison', when: vocModes.length === 0, why: vocOnly },
    { option: 'continuous-boxes', when: vocModes.length === 0, why: vocOnly },
    {
      option: 'conf',
      when: !analysed,
      why: 'it sets the operating point of --analysis, --csv and --report (mAP uses every score)',
    },
    {
      option: 'csv',
      when: !wantsCoco,
      why: 'the CSV is the COCO per-class table; use --metric coco or all',
    },
  ]))
    process.stderr.write(`trtmap: warning: ${warning}\n`);

  // After the options' syntax: files are checked once the command line itself is right.
  checkInputPath(groundTruthPath, 'the ground truth', 'any');
  for (const file of resultsPaths) checkInputPath(file, 'the results', 'any');
  checkScoreArgumentOrder(groundTruthPath, resultsPaths);
  checkOutputOptions(parsed, ['csv', 'report']);
  const writes = new OutputWrites();
  const inputs = await loadScoreInputs({
    groundTruthPath,
    resultsPaths,
    format: format as VocBoxFormat,
    split: parsed.values.get('split'),
    coco: wantsCoco,
    voc: vocModes.length > 0,
  });
  // Warnings go to stderr before the numbers, once each, whatever the metric.
  for (const warning of [...inputs.warnings, incompleteResultsWarning(inputs)].filter(Boolean))
    process.stderr.write(`trtmap: warning: ${warning}\n`);
  // Once the inputs are read (a usage error stays one line on stderr).
  const scope = vocAnalysisScope(request, wantsCoco);
  if (scope !== undefined) process.stderr.write(`trtmap: note: ${scope}\n`);
  const output: Record<string, unknown> = {};
  const text: string[] = [];
  let cocoAnalysis: Parameters<typeof writeAnalysisReport>[1]['coco'];
  let vocAnalysis: Parameters<typeof writeAnalysisReport>[1]['voc'];
  let csvOut: string | undefined;
  if (wantsCoco && inputs.coco) {
    const evaluator = new CocoEvaluator(inputs.coco.groundTruth);
    await evaluator.addResultsInWorkers(
      inputs.coco.results,
      scoringThreads(parsed, inputs.coco.results.count),
    );
    const summary = evaluator.summarize();
    // Only warnings the evaluation added: those of the loading are printed already.
    for (const warning of inputs.coco.groundTruth.warnings)
      if (!inputs.warnings.includes(warning)) process.stderr.write(`trtmap: warning: ${warning}\n`);
    const analysed = cocoAnalysisOutput(evaluator, inputs.coco.results.byImage, request, writes);
    output.coco = { stats: summary.stats, perCategory: summary.perCategory, ...analysed.json };
    text.push(...summary.lines, ...analysed.text);
    if (analysed.analysis) cocoAnalysis = { evaluator, analysis: analysed.analysis };
    csvOut = analysed.csv;
  }
  for (const mode of vocModes) {
    const result = evaluateVoc(inputs.voc!.groundTruth, inputs.voc!.detections, {
      classNames: inputs.voc!.classNames,
      iouThreshold,
      mode,
      iouComparison,
      pixelConvention,
    });
    const analysed = mode === vocModes[0] ? vocAnalysisOutput(result, request) : { text: [] };
    output[mode === '11-point' && metric === 'all' ? 'voc07' : 'voc'] = {
      ...vocResultToJson(result),
      ...(analysed.json && { analysis: analysed.json }),
    };
    if (text.length > 0) text.push('');
    text.push(
      parsed.flags.has('per-class')
        ? formatVocTable(result)
        : `VOC ${mode === '11-point' ? '11-point (VOC2007)' : 'all-point (VOC2010+)'} mAP@${iouThreshold} = ${formatFixed(result.mAP, 4)}${vocRulesNote({ iouComparison, pixelConvention })}`,
      ...analysed.text,
    );
    if (analysed.analysis && vocAnalysis === undefined)
      vocAnalysis = { mAP: result.mAP, analysis: analysed.analysis };
  }
  const { report } = request;
  if (report !== undefined) {
    writeOrRecord(writes, report, () =>
      writeAnalysisReport(report, {
        title: `trtmap score: ${resultsPaths.join(', ')} against ${groundTruthPath}`,
        notes: [`${resultsPaths.length} results file(s); metric ${metric}.`],
        coco: cocoAnalysis,
        voc: vocAnalysis,
      }),
    );
  }
  writeCommandOutput(
    parsed.flags.has('json') ? stringifyJson(output) + '\n' : text.join('\n') + '\n',
    csvOut,
  );
  return writes.finish(ExitCode.Ok);
}

/** --threads, or one per CPU (up to 8) when there are enough detections to repay starting threads. */
function scoringThreads(parsed: ParsedArgs, detections: number): number {
  const threads = numberOption(
    parsed,
    'threads',
    detections >= 50_000 ? Math.min(8, cpus().length) : 1,
    (v) => Number.isInteger(v) && v >= 1 && v <= 256,
    'a whole number from 1 to 256',
  );
  return threads;
}

/** Many images with ground truth but no detection: a missing shard or --limit results (issue 15). */
function incompleteResultsWarning(inputs: Awaited<ReturnType<typeof loadScoreInputs>>) {
  if (!inputs.coco) return undefined;
  const { groundTruth, results } = inputs.coco;
  return missingDetectionsWarning(
    groundTruth.annotationsByImage,
    groundTruth.annotations.iscrowd,
    groundTruth.imageIds,
    results.byImage,
  );
}

function defaultMetric(groundTruthPath: string): Metric {
  return groundTruthPath.toLowerCase().endsWith('.json') ? 'coco' : 'voc';
}
