import { TrtmapError } from '../errors.js';
import {
  type CocoCategoryResult,
  CocoEvaluator,
  evaluateVoc,
  formatVocTable,
  type VocBoxFormat,
  type VocInterpolation,
  vocResultToJson,
} from '../metrics/index.js';
import { choiceOption, formatHelp, numberOption, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';
import { loadScoreInputs } from './score-inputs.js';
import { formatTable } from '../report/table.js';

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
    description: 'IoU threshold of the VOC metrics (default 0.5)',
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
  'per-class': { type: 'flag', description: 'print a per-class table' },
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap score <ground-truth> <results> [options]';
const description = [
  'Scores detections against ground truth. <ground-truth> is a COCO instances .json, or a VOC',
  'folder (Annotations/*.xml or per-image .txt); <results> is a COCO results .json or a folder of',
  'per-image .txt files (class confidence x1 y1 x2 y2).',
].join('\n');

const metrics = ['coco', 'voc', 'voc07', 'all'] as const;
type Metric = (typeof metrics)[number];

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'score');
  if (parsed.flags.has('help')) {
    process.stdout.write(formatHelp(usageLine, options, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length !== 2) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap score needs <ground-truth> and <results> (got ${parsed.positionals.length} paths); see trtmap score --help`,
    );
  }
  const [groundTruthPath, resultsPath] = parsed.positionals;
  const metric = choiceOption(parsed, 'metric', metrics) ?? defaultMetric(groundTruthPath);
  const format = choiceOption(parsed, 'format', ['xyxy', 'xywh'] as const) ?? 'xyxy';
  const iouThreshold = numberOption(
    parsed,
    'iou',
    0.5,
    (v) => v >= 0 && v <= 1,
    'a number in [0, 1]',
  );
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

  const inputs = await loadScoreInputs({
    groundTruthPath,
    resultsPath,
    format: format as VocBoxFormat,
    coco: wantsCoco,
    voc: vocModes.length > 0,
  });
  const output: Record<string, unknown> = {};
  const text: string[] = [];
  if (wantsCoco && inputs.coco) {
    const evaluator = new CocoEvaluator(inputs.coco.groundTruth);
    evaluator.addResults(inputs.coco.results);
    const summary = evaluator.summarize();
    for (const warning of inputs.coco.groundTruth.warnings)
      process.stderr.write(`trtmap: warning: ${warning}\n`);
    output.coco = { stats: summary.stats, perCategory: summary.perCategory };
    text.push(...summary.lines);
    if (parsed.flags.has('per-class')) text.push('', formatCocoTable(summary.perCategory));
  }
  for (const mode of vocModes) {
    const result = evaluateVoc(inputs.voc!.groundTruth, inputs.voc!.detections, {
      classNames: inputs.voc!.classNames,
      iouThreshold,
      mode,
      iouComparison,
      pixelConvention,
    });
    output[mode === '11-point' && metric === 'all' ? 'voc07' : 'voc'] = vocResultToJson(result);
    if (text.length > 0) text.push('');
    text.push(
      parsed.flags.has('per-class')
        ? formatVocTable(result)
        : `VOC ${mode === '11-point' ? '11-point (VOC2007)' : 'all-point (VOC2010+)'} mAP@${iouThreshold} = ${result.mAP.toFixed(4)}`,
    );
  }
  process.stdout.write(
    parsed.flags.has('json') ? JSON.stringify(output) + '\n' : text.join('\n') + '\n',
  );
  return ExitCode.Ok;
}

function defaultMetric(groundTruthPath: string): Metric {
  return groundTruthPath.toLowerCase().endsWith('.json') ? 'coco' : 'voc';
}

/** Per-category AP table for `--per-class`; -1 (no ground truth) shows as '-'. */
function formatCocoTable(categories: CocoCategoryResult[]): string {
  const cell = (value: number) => (value < 0 ? '-' : value.toFixed(3));
  const rows = categories.map((category) => [
    category.name,
    String(category.id),
    String(category.groundTruths),
    cell(category.ap),
    cell(category.ap50),
    cell(category.ap75),
    cell(category.ar100),
  ]);
  return formatTable(['category', 'id', 'GT', 'AP', 'AP50', 'AP75', 'AR100'], rows);
}
