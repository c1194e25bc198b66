import path from 'node:path';
import { cocoClassIndexOfId, cocoClassNames } from '../data/categories.js';
import type { Detections, InputPlacement } from '../detect/types.js';
import { TrtmapError } from '../errors.js';
import { nativeImageStage } from '../pipeline/image-stage.js';
import { openModel } from '../pipeline/open.js';
import { runPipeline } from '../pipeline/run.js';
import { formatHelp, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';
import { modelFilesOf, parseRunOptions, runOptions } from './model-options.js';

const options: OptionSpecs = {
  weights: {
    type: 'string',
    valueName: 'file',
    description: 'darknet weights (default: beside the .cfg)',
  },
  ...runOptions,
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap detect <model.onnx | model.cfg | model.engine> <image...> [options]';

interface ImageDetections {
  image: string;
  width: number;
  height: number;
  detections: { class: string; categoryId: number; score: number; box: number[] }[];
}

/** `trtmap detect`: like darknet's `detector test`, boxes as left, top, width, height in pixels. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'detect');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        usageLine,
        options,
        'Runs a detector on images and prints what it finds (default --conf 0.25, as darknet).',
      ) + '\n',
    );
    return ExitCode.Ok;
  }
  const [model, ...images] = parsed.positionals;
  if (model === undefined || images.length === 0) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap detect needs a model and at least one image (see trtmap detect --help)`,
    );
  }
  const runSettings = parseRunOptions(parsed);
  const opened = await openModel(modelFilesOf(model, parsed.values.get('weights')), runSettings);
  const found: ImageDetections[] = [];
  try {
    for (const note of opened.notes) process.stderr.write(`trtmap: ${note}\n`);
    await runPipeline({
      backend: opened.backend,
      preset: opened.preset,
      images: images.map((file, index) => ({
        id: index + 1,
        name: path.basename(file),
        path: file,
      })),
      stage: nativeImageStage(opened.preset.input),
      scoreThreshold: runSettings.scoreThreshold ?? 0.25,
      strict: true,
      onImage: (image, detections, placement) =>
        found.push(describe(image.path, detections, placement)),
    });
  } finally {
    await opened.backend.dispose();
  }
  process.stdout.write(
    (parsed.flags.has('json') ? JSON.stringify({ images: found }) : found.map(format).join('\n')) +
      '\n',
  );
  return ExitCode.Ok;
}

function describe(
  image: string,
  detections: Detections,
  placement: InputPlacement,
): ImageDetections {
  const list: ImageDetections['detections'] = [];
  for (let d = 0; d < detections.count; d++) {
    const [x1, y1, x2, y2] = detections.boxes.subarray(d * 4, d * 4 + 4);
    const categoryId = detections.categories[d];
    list.push({
      class: cocoClassNames[cocoClassIndexOfId(categoryId)] ?? `category ${categoryId}`,
      categoryId,
      score: detections.scores[d],
      box: [x1, y1, x2 - x1, y2 - y1],
    });
  }
  return { image, width: placement.sourceWidth, height: placement.sourceHeight, detections: list };
}

function format(entry: ImageDetections): string {
  const lines = entry.detections.map((detection) => {
    const [left, top, width, height] = detection.box.map((value) => value.toFixed(1));
    return `  ${detection.class.padEnd(14)} ${detection.score.toFixed(3)}  left ${left}  top ${top}  width ${width}  height ${height}`;
  });
  return [
    `${entry.image} (${entry.width}x${entry.height}): ${entry.detections.length} detections`,
    ...lines,
  ].join('\n');
}
