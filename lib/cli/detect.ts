import path from 'node:path';
import type { BoundModel } from '../contract/bind.js';
import type { Detections, InputPlacement } from '../detect/types.js';
import { TrtmapError } from '../errors.js';
import { nativeImageStage } from '../pipeline/image-stage.js';
import { openModel } from '../pipeline/open.js';
import { runPipeline } from '../pipeline/run.js';
import { formatHelp, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';
import { picturePaths, savePicture } from './detect-pictures.js';
import { checkDetectArguments } from './model-file-kind.js';
import { modelFilesOf, parseRunOptions, runOptions } from './model-options.js';
import { printContract } from './print-contract.js';

const options: OptionSpecs = {
  weights: {
    type: 'string',
    valueName: 'file',
    description: 'darknet weights (default: beside the .cfg)',
  },
  ...runOptions,
  save: {
    type: 'string',
    valueName: 'out.jpg|out.png|dir/',
    description:
      'draw the detections above --conf (0.25 unless given) on each image: one file for one image, else a folder',
    default: 'no pictures',
  },
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap detect <model.onnx | model.cfg | model.engine> <image...> [options]';

interface ImageDetections {
  image: string;
  /** Where --save writes its picture. */
  picture?: string;
  width: number;
  height: number;
  detections: {
    class: string;
    classIndex: number;
    categoryId: number;
    score: number;
    box: number[];
  }[];
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
  checkDetectArguments(model, images);
  const { printConfig, ...runSettings } = parseRunOptions(parsed);
  const files = modelFilesOf(model, parsed.values.get('weights'));
  if (printConfig) return printContract(files, runSettings.contract, runSettings);
  const save = parsed.values.get('save');
  const pictures = save === undefined ? undefined : picturePaths(save, images);
  const opened = await openModel(files, runSettings);
  const found: ImageDetections[] = [];
  // Each unreadable image is reported as met and the others still printed; the exit code says some failed.
  const failed: string[] = [];
  try {
    for (const note of [...opened.notes, ...opened.resolved.notes])
      process.stderr.write(`trtmap: ${note}\n`);
    const { bound } = opened;
    await runPipeline({
      backend: opened.backend,
      model: bound,
      images: images.map((file, index) => ({
        id: index + 1,
        name: path.basename(file),
        path: file,
      })),
      stage: nativeImageStage(bound.input),
      scoreThreshold: runSettings.scoreThreshold ?? 0.25,
      onSkip: (image, error) => {
        failed.push(image.path);
        process.stderr.write(`trtmap: ${image.path}: ${error.code}: ${error.message}\n`);
      },
      onImage: (image, detections, placement) =>
        found.push({
          ...describe(image.path, detections, placement, bound),
          picture: pictures?.[Number(image.id) - 1],
        }),
    });
  } finally {
    await opened.backend.dispose();
  }
  process.stdout.write(
    (parsed.flags.has('json') ? JSON.stringify({ images: found }) : found.map(format).join('\n')) +
      '\n',
  );
  const unsaved = await savePictures(found);
  if (failed.length === 0) return unsaved ? ExitCode.Usage : ExitCode.Ok;
  process.stderr.write(
    `trtmap: ${failed.length} of ${images.length} images could not be read (above); the others are printed\n`,
  );
  return ExitCode.Usage;
}

/** Draws and writes each picture asked for; reports each write that failed. Returns whether one did. */
async function savePictures(found: readonly ImageDetections[]): Promise<boolean> {
  let failures = false;
  for (const entry of found) {
    if (entry.picture === undefined) continue;
    try {
      await savePicture(entry.image, entry.detections, entry.picture);
    } catch (error) {
      failures = true;
      const { code, message } = error as TrtmapError;
      process.stderr.write(
        `trtmap: ${code ?? 'ERR_IO'}: could not save ${entry.picture}: ${message} (the detections printed are complete)\n`,
      );
    }
  }
  return failures;
}

/** Detections with the model's class names; categoryId is the class's COCO id where its list has one, else its index. */
function describe(
  image: string,
  detections: Detections,
  placement: InputPlacement,
  model: BoundModel,
): ImageDetections {
  const list: ImageDetections['detections'] = [];
  const { cocoIds } = model.contract.classes;
  for (let d = 0; d < detections.count; d++) {
    const [x1, y1, x2, y2] = detections.boxes.subarray(d * 4, d * 4 + 4);
    const classIndex = detections.categories[d];
    list.push({
      class: model.classNames[classIndex] || `class ${classIndex}`,
      classIndex,
      categoryId: cocoIds?.[classIndex] ?? classIndex,
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
