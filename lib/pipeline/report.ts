import type { CocoCategoryResult } from '../metrics/coco/evaluator.js';
import { formatTable } from '../report/table.js';
import type { Evaluation } from './evaluate.js';

/** The text `trtmap eval` prints at the end: COCO's 12 lines, VOC mAP, per-class tables, timing. */
export function formatEvaluation(evaluation: Evaluation): string {
  const { scores, run } = evaluation;
  const skipped =
    run.skipped.length > 0
      ? [
          `skipped ${run.skipped.length} unreadable image(s) (their ground truth counts as missed)`,
          '',
        ]
      : [];
  const lines = [
    // Validity first: a reader must see why the numbers may mislead before reading them.
    ...(evaluation.warnings.length > 0
      ? ['Validity warnings:', ...evaluation.warnings.map((warning) => `  - ${warning}`), '']
      : []),
    ...skipped,
    ...scores.coco.lines,
    '',
    `VOC all-point (VOC2010+) mAP@0.5 = ${scores.voc.mAP.toFixed(4)}`,
    '',
    formatCategoryTable(scores.coco.perCategory, evaluation),
    '',
    formatTiming(evaluation),
  ];
  return lines.join('\n');
}

/** Per class: COCO AP, AP50 and the VOC AP side by side; classes without ground truth left out. */
function formatCategoryTable(categories: CocoCategoryResult[], evaluation: Evaluation): string {
  const vocAp = new Map(evaluation.scores.voc.classes.map((entry) => [entry.className, entry.ap]));
  const cell = (value: number | undefined) =>
    value === undefined || value < 0 ? '-' : value.toFixed(3);
  const rows = categories
    .filter((category) => category.groundTruths > 0)
    .map((category) => [
      category.name,
      String(category.groundTruths),
      cell(category.ap),
      cell(category.ap50),
      cell(vocAp.get(category.name)),
    ]);
  return formatTable(['class', 'GT', 'AP', 'AP50', 'VOC AP'], rows);
}

function formatTiming({ run, images }: Evaluation): string {
  const { timing } = run;
  const perImage = (ms: number) => (run.processed > 0 ? (ms / run.processed).toFixed(2) : '-');
  return [
    formatTable(
      ['stage', 'ms/image'],
      [
        ['decode + preprocess (worker threads, overlapped)', perImage(timing.prepareMs)],
        ['inference', perImage(timing.inferenceMs)],
        ['decode outputs + NMS', perImage(timing.postprocessMs)],
        ['scoring', perImage(timing.scoringMs)],
        ['end to end (wall / images)', perImage(timing.wallMs)],
      ],
    ),
    `${run.processed}/${images} images, ${run.detections} detections, ${run.imagesPerSecond.toFixed(1)} images/s`,
  ].join('\n');
}

/** The `--json` object of issue 6. */
export function evaluationJson(evaluation: Evaluation): Record<string, unknown> {
  const { scores, run } = evaluation;
  return {
    coco: { stats: scores.coco.stats },
    voc: { mAP: scores.voc.mAP, mode: scores.voc.mode },
    images: run.processed,
    skipped: run.skipped.map(({ image, error }) => ({ image: image.path, error: error.message })),
    detections: run.detections,
    imagesPerSecond: run.imagesPerSecond,
    backend: evaluation.backend,
    preset: evaluation.preset,
    warnings: evaluation.warnings,
    contract: evaluation.contract.contract,
    timing: run.timing,
  };
}
