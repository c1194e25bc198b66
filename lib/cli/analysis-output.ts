import { performance } from 'node:perf_hooks';
import { TrtmapError } from '../errors.js';
import {
  analysisCsv,
  analyzeCoco,
  analyzeVoc,
  type CocoAnalysis,
  type OperatingPoints,
  detectionsByImage,
  formatCocoClassTable,
  formatConfusion,
  formatOperatingPoints,
  formatTide,
  formatVocClassTable,
  prCurvesAt50,
  type VocAnalysis,
} from '../metrics/analysis/index.js';
import type { CocoEvaluator } from '../metrics/coco/evaluator.js';
import type { CocoDetection, DetectionBatch } from '../metrics/coco/results.js';
import type { VocResult } from '../metrics/voc/types.js';
import { type AnalysisReport, renderAnalysisHtml } from '../report/analysis-html.js';
import { writeTextFile } from '../report/write.js';
import { numberOption, type OptionSpecs, type ParsedArgs } from './args.js';
import type { CocoId } from '../metrics/coco/ids.js';
import type { OutputWrites } from './output-paths.js';

/** The options `score` and `eval` share for what is read off an evaluation. */
export function analysisOptionSpecs(confName: string): OptionSpecs {
  return {
    analysis: {
      type: 'flag',
      description:
        'also operating points (P/R/F1 at the confidence, best-F1 confidence), the confusion matrix and the TIDE error breakdown',
    },
    [confName]: {
      type: 'string',
      valueName: 't',
      description: 'confidence of the operating point and the confusion matrix (default 0.25)',
    },
    csv: { type: 'string', valueName: 'out.csv', description: 'write the per-class table as CSV' },
    report: {
      type: 'string',
      valueName: 'out.html',
      description: 'write an HTML report (tables, PR and F1 curves, confusion heatmap, TIDE)',
    },
  };
}

export interface AnalysisRequest {
  /** The text shows the tables (--per-class) and the rest (--analysis). */
  perClass: boolean;
  analysis: boolean;
  conf: number;
  csv?: string;
  report?: string;
}

export function analysisRequest(
  parsed: ParsedArgs,
  confName: string,
  perClass: boolean,
): AnalysisRequest {
  const report = parsed.values.get('report');
  if (report !== undefined && /\.(md|markdown)$/i.test(report)) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--report ${report}: this report is HTML; name it .html (trtmap compare and trtmap report write Markdown for .md)`,
    );
  }
  return {
    perClass,
    analysis: parsed.flags.has('analysis'),
    conf: numberOption(parsed, confName, 0.25, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
    csv: parsed.values.get('csv'),
    report: parsed.values.get('report'),
  };
}

/** Whether anything beyond the per-class table was asked for. */
const wantsAnalysis = (request: AnalysisRequest) =>
  request.analysis || request.report !== undefined || request.csv !== undefined;

/**
 * COCO: analysis for the JSON, text lines and the files asked for; the
 * per-class table is in the summary already (no second evaluation).
 */
export function cocoAnalysisOutput(
  evaluator: CocoEvaluator,
  detections: ReadonlyMap<CocoId, DetectionBatch>,
  request: AnalysisRequest,
  writes?: OutputWrites,
): { json?: Record<string, unknown>; text: string[]; analysis?: CocoAnalysis; csv?: string } {
  const text: string[] = [];
  const summary = evaluator.summarize();
  if (request.perClass) text.push('', formatCocoClassTable(summary.perCategory));
  if (!wantsAnalysis(request)) return { text };
  const analysis = analyzeCoco(evaluator, detections, {
    conf: request.conf,
    tide: request.analysis || request.report !== undefined,
    onProgress: analysisProgress(detections),
  });
  warnEmptyOperatingPoint(analysis.operatingPoints, request.analysis);
  if (request.analysis) {
    text.push(
      '',
      formatOperatingPoints(analysis.operatingPoints),
      '',
      formatConfusion(analysis.confusion),
    );
    if (analysis.tide) text.push('', formatTide(analysis.tide));
  }
  const csv = request.csv;
  const csvText = () => analysisCsv(summary.perCategory, analysis.operatingPoints);
  // `--csv -`: the CSV is the command's stdout (as compare's `--json -`); the caller moves the rest to stderr.
  if (csv === '-')
    return {
      json: request.analysis ? analysisJson(analysis) : undefined,
      text,
      analysis,
      csv: csvText(),
    };
  if (csv !== undefined) writeOrRecord(writes, csv, () => writeTextFile(csv, csvText()));
  return { json: request.analysis ? analysisJson(analysis) : undefined, text, analysis };
}

/** The analysis in --json (the rows are perCategory already). */
function analysisJson(analysis: CocoAnalysis): Record<string, unknown> {
  return {
    operatingPoints: analysis.operatingPoints,
    confusion: analysis.confusion,
    tide: analysis.tide,
  };
}

/**
 * Where the command's own output goes: stdout, or stderr when `--csv -`
 * made the CSV the command's stdout (so that it can be piped).
 */
export function writeCommandOutput(output: string, csv: string | undefined): void {
  if (csv === undefined) {
    process.stdout.write(output);
    return;
  }
  process.stderr.write(output);
  process.stdout.write(csv);
}

/** `--conf 1` and the like: no detection above the confidence leaves an empty operating point. */
function warnEmptyOperatingPoint(points: OperatingPoints, shown: boolean): void {
  const { truePositives, falsePositives } = points.atConf;
  if (!shown || truePositives + falsePositives > 0 || points.lowestScore === undefined) return;
  process.stderr.write(
    `trtmap: warning: no detection has a score above the operating point's confidence ${points.conf}: ` +
      'its precision, recall and F1 are 0; choose a lower confidence (the best-F1 one is printed)\n',
  );
}

/** From this many detections the analysis takes long enough (seconds to minutes) to say where it is. */
const PROGRESS_FROM_DETECTIONS = 50_000;

/** `trtmap: analysis: <stage> (<s> s)` lines on stderr for large sets, nothing for small ones. */
function analysisProgress(
  detections: ReadonlyMap<CocoId, DetectionBatch>,
): ((message: string) => void) | undefined {
  let count = 0;
  for (const batch of detections.values()) count += batch.count;
  if (count < PROGRESS_FROM_DETECTIONS) return undefined;
  const started = performance.now();
  return (message) =>
    process.stderr.write(
      `trtmap: analysis: ${message} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
}

export function vocAnalysisOutput(
  result: VocResult,
  request: AnalysisRequest,
): { json?: Record<string, unknown>; text: string[]; analysis?: VocAnalysis } {
  if (!wantsAnalysis(request)) return { text: [] };
  const analysis = analyzeVoc(result, { conf: request.conf });
  warnEmptyOperatingPoint(analysis.operatingPoints, request.analysis);
  const text = request.analysis
    ? ['', formatVocClassTable(analysis), '', formatOperatingPoints(analysis.operatingPoints)]
    : [];
  return { json: request.analysis ? { ...analysis } : undefined, text, analysis };
}

/**
 * What --analysis / --report cover under a VOC-only metric, said on stderr
 * so that nothing is left out silently: the confusion matrix and TIDE are
 * built on the COCO evaluation (pycocotools' matches, crowds), which a VOC
 * metric does not run. Undefined when nothing is missing.
 */
export function vocAnalysisScope(request: AnalysisRequest, wantsCoco: boolean): string | undefined {
  if (wantsCoco || !(request.analysis || request.report !== undefined)) return undefined;
  return (
    'under the VOC metric, --analysis and --report give the VOC per-class table and the ' +
    'operating points (with F1 curves in the report); the confusion matrix, the TIDE error ' +
    'breakdown and the COCO tables need --metric coco or --metric all'
  );
}

/** Writes the HTML report of an evaluation. */
export function writeAnalysisReport(
  file: string,
  report: Omit<AnalysisReport, 'coco'> & {
    coco?: { evaluator: CocoEvaluator; analysis: CocoAnalysis };
  },
): void {
  const coco = report.coco && {
    lines: report.coco.evaluator.summarize().lines,
    analysis: report.coco.analysis,
    curves: prCurvesAt50(report.coco.evaluator.params, report.coco.evaluator.accumulate()),
  };
  writeTextFile(file, renderAnalysisHtml({ ...report, coco }));
}

/** With `writes`, a failed write is recorded there (the metrics still print); without, it throws. */
export function writeOrRecord(writes: OutputWrites | undefined, file: string, write: () => void) {
  if (writes) {
    if (writes.attempt(file, write)) process.stderr.write(`trtmap: wrote ${file}\n`);
  } else {
    write();
    process.stderr.write(`trtmap: wrote ${file}\n`);
  }
}

/**
 * `trtmap eval`: the per-category rows always in the JSON; with the
 * analysis options, the COCO analysis of the evaluated images (text, JSON,
 * --csv, --report).
 */
export function evaluationAnalysis(
  evaluation: {
    scores: { cocoEvaluator: CocoEvaluator; results: CocoDetection[]; voc: VocResult };
  },
  request: AnalysisRequest,
  writes?: OutputWrites,
): { json: Record<string, unknown>; text: string[]; csv?: string } {
  const { cocoEvaluator: evaluator, results, voc } = evaluation.scores;
  const analysed = cocoAnalysisOutput(evaluator, detectionsByImage(results), request, writes);
  const { report } = request;
  const analysis = analysed.analysis;
  if (report !== undefined && analysis) {
    writeOrRecord(writes, report, () =>
      writeAnalysisReport(report, {
        title: 'trtmap eval',
        notes: [`${evaluator.params.imgIds.length} images evaluated.`],
        coco: { evaluator, analysis },
        voc: { mAP: voc.mAP, analysis: analyzeVoc(voc, { conf: request.conf }) },
      }),
    );
  }
  return {
    json: {
      perCategory: evaluator.summarize().perCategory,
      ...(analysed.json && { analysis: analysed.json }),
    },
    text: analysed.text,
    csv: analysed.csv,
  };
}
