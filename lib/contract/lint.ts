import type { Candidates } from '../detect/candidates.js';
import type { Decoder } from '../detect/decoder.js';
import { keepCountOf } from '../detect/ssd.js';
import type { ModelOutputs } from '../detect/types.js';
import type { PluginNode } from './onnx-graph.js';
import type { ModelContract } from './types.js';

export interface LintContext {
  contract: ModelContract;
  /** Where each contract value came from (a preset's own threshold is said so). */
  sources?: Readonly<Record<string, string>>;
  nmsPlugins?: readonly PluginNode[];
  /** The dataset's categories with ground truth, and the model class -> category map. */
  dataset?: { categoriesWithGroundTruth: readonly { id: number; name: string }[]; map: Int32Array };
}

/**
 * Checks whether an evaluation's numbers can be trusted, printed before
 * them: a score threshold above 0.01, an in-graph NMS whose own threshold or
 * top-K cut detections (plugin attributes; outputs saturated at their
 * capacity; no low score ever returned), boxes rounded to integers, classes
 * with ground truth that no model class maps to. Watches the decoded outputs
 * through `wrap`.
 */
export class ValidityLint {
  private readonly early: string[] = [];
  private images = 0;
  private saturated = 0;
  private capacity = 0;
  private inGraphDetections = 0;
  private minimumScore = Infinity;
  private candidates = 0;
  private integerCandidates = 0;

  constructor(private readonly context: LintContext) {
    const { contract, sources } = context;
    const conf = contract.postprocess.conf;
    if (conf > 0.01) {
      const from = sources?.['postprocess.conf'];
      this.early.push(
        `score threshold ${conf}${from ? ` (${from})` : ''} is above 0.01: detections below it are never scored, so mAP comes out lower than at 0.001 and is not comparable with figures measured at 0.001 (--conf 0.001)`,
      );
    }
    for (const node of context.nmsPlugins ?? []) this.early.push(...pluginWarnings(node));
    if (context.dataset !== undefined) {
      const mapped = new Set(context.dataset.map);
      const dropped = context.dataset.categoriesWithGroundTruth.filter((c) => !mapped.has(c.id));
      if (dropped.length > 0) {
        this.early.push(
          `${dropped.length} dataset categor${dropped.length === 1 ? 'y has' : 'ies have'} ground truth but no model class (${contract.classes.source}) maps to ${dropped.length === 1 ? 'it' : 'them'}: ${dropped
            .slice(0, 10)
            .map((c) => c.name)
            .join(
              ', ',
            )}${dropped.length > 10 ? ', ...' : ''}; their AP is 0 and pulls mAP down (check --classes / --class-match)`,
        );
      }
    }
  }

  /** The decoder, observed: in-graph NMS saturation and scores, integer boxes. */
  wrap(decoder: Decoder): Decoder {
    return {
      postNms: decoder.postNms,
      decode: (outputs, batchIndex, threshold, into) => {
        decoder.decode(outputs, batchIndex, threshold, into);
        this.observe(outputs, batchIndex, into);
      },
    };
  }

  private observe(outputs: ModelOutputs, batchIndex: number, decoded: Candidates): void {
    this.images++;
    const { output } = this.context.contract;
    const roles = output.outputs;
    const name = (role: string) => [roles[role]].flat()[0] as string | undefined;
    if (output.family === 'efficientnms') {
      const boxes = outputs[name('boxes') ?? ''];
      const count = outputs[name('count') ?? ''];
      if (boxes && count)
        this.inGraph(count.data[batchIndex], boxes.dims[boxes.dims.length - 2], decoded);
    } else if (output.family === 'nms-trt') {
      const rows = outputs[name('detections') ?? ''];
      const keepName = name('keepCount');
      if (rows) {
        const keepTopK = rows.dims[rows.dims.length - 2];
        const count =
          keepName && outputs[keepName]
            ? keepCountOf(outputs[keepName], keepName, batchIndex, keepTopK)
            : filledRows(rows.data, batchIndex, keepTopK);
        this.inGraph(count, keepTopK, decoded);
      }
    } else if (output.family === 'deepstream-yolo' && output.nmsInGraph && name('detections')) {
      const rows = outputs[name('detections')!];
      const k = rows.dims[rows.dims.length - 2];
      const width = rows.dims[rows.dims.length - 1];
      let filled = 0;
      for (let r = 0; r < k; r++) if (rows.data[(batchIndex * k + r) * width + 4] > 0) filled++;
      this.inGraph(filled, k, decoded);
    }
    for (let i = 0; i < decoded.count; i++) {
      this.candidates++;
      const at = i * 4;
      const b = decoded.boxes;
      if (
        Number.isInteger(b[at]) &&
        Number.isInteger(b[at + 1]) &&
        Number.isInteger(b[at + 2]) &&
        Number.isInteger(b[at + 3])
      )
        this.integerCandidates++;
    }
  }

  private inGraph(count: number, capacity: number, decoded: Candidates): void {
    this.capacity = capacity;
    if (count >= capacity) this.saturated++;
    this.inGraphDetections += decoded.count;
    for (let i = 0; i < decoded.count; i++)
      this.minimumScore = Math.min(this.minimumScore, decoded.scores[i]);
  }

  /** Every warning, the static ones first. */
  finish(): string[] {
    const warnings = [...this.early];
    const family = this.context.contract.output.family;
    if (this.saturated > 0) {
      warnings.push(
        `the in-graph NMS (${family}) returned its maximum of ${this.capacity} detections on ${this.saturated} of ${this.images} images: its top-K (max_output_boxes / keepTopK) cut detections that count toward mAP; rebuild it with a larger one (300 or more)`,
      );
    }
    if (this.inGraphDetections >= 20 && this.minimumScore > 0.01) {
      warnings.push(
        `the in-graph NMS (${family}) returned no score below ${this.minimumScore.toFixed(3)} in ${this.inGraphDetections} detections: its own score threshold (NMS_TRT configs often use 0.3) hides the low-scoring detections mAP needs; rebuild it with a threshold of 0.001`,
      );
    }
    if (this.candidates >= 20 && this.integerCandidates >= 0.9 * this.candidates) {
      warnings.push(
        `${this.integerCandidates} of ${this.candidates} decoded boxes have integer corners: boxes rounded to whole pixels lose accuracy at high IoU thresholds (mAP@[.5:.95]); keep them as floats`,
      );
    }
    return warnings;
  }
}

/** Rows until the first image id of -1 (NMS_TRT's padding). */
function filledRows(data: ArrayLike<number>, batchIndex: number, keepTopK: number): number {
  for (let row = 0; row < keepTopK; row++)
    if (data[(batchIndex * keepTopK + row) * 7] < 0) return row;
  return keepTopK;
}

function pluginWarnings(node: PluginNode): string[] {
  const a = node.attributes;
  const threshold =
    a.score_threshold ?? a.scoreThreshold ?? a.confidenceThreshold ?? a.confThreshold;
  const limit = a.max_output_boxes ?? a.keepTopK;
  const iou = a.iou_threshold ?? a.iouThreshold ?? a.nmsThreshold;
  const warnings: string[] = [];
  const described = `${node.opType} ${node.name ? `(${node.name}) ` : ''}in the graph`;
  if (threshold !== undefined && threshold > 0.01 + 1e-7)
    warnings.push(
      `${described} drops scores below its score threshold ${round(threshold)} before trtmap sees them: mAP needs 0.001; rebuild it with a threshold of 0.001`,
    );
  if (limit !== undefined && limit < 100)
    warnings.push(
      `${described} keeps at most ${limit} detections per image, fewer than COCO's 100`,
    );
  if (threshold !== undefined || iou !== undefined || limit !== undefined) {
    warnings.push(
      `${described} decides the detections with its own settings (score threshold ${threshold === undefined ? '?' : round(threshold)}, IoU ${iou === undefined ? '?' : round(iou)}, at most ${limit ?? '?'} per image); --conf, --iou and --max-det apply only after it`,
    );
  }
  return warnings;
}

const round = (value: number) => Number(value.toPrecision(6));
