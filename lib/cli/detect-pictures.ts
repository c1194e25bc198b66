import { statSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { decodeImage, drawDetections, formatOfPath, rasterOf, saveImage } from '../image/index.js';
import type { DrawnDetection } from '../image/index.js';
import { checkOutputPath } from './output-paths.js';

/**
 * `trtmap detect --save`: a picture per input image with its detections
 * drawn (lib/image drawDetections: class-coloured outlines and labels), so
 * people look at the boxes before they trust the numbers.
 */

/** One detection as detect prints it: box [left, top, width, height] in source pixels. */
export interface PictureDetection {
  class: string;
  classIndex: number;
  score: number;
  box: number[];
}

/**
 * Where each image's picture goes, checked before the run: `--save out.png`
 * (or .jpg) for one image; a folder (existing, or named with a trailing
 * slash) for any number, each picture named after its image (`dog.jpg` ->
 * `dir/dog.jpg`; a PNG stays PNG, anything else becomes JPEG; a name met
 * twice gets `-2`, `-3`). Throws ERR_INVALID_ARGUMENT naming what to change.
 */
export function picturePaths(save: string, images: readonly string[]): string[] {
  const stats = statSync(save, { throwIfNoEntry: false });
  const folder = stats?.isDirectory() === true || /[\\/]$/.test(save);
  if (!folder) {
    if (images.length > 1) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `--save ${save}: one file for ${images.length} images; give a folder (--save pictures/) for one picture per image`,
      );
    }
    formatOfPathOrExplain(save);
    checkOutputPath(save, '--save');
    return [save];
  }
  if (stats === undefined) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--save ${save}: the folder does not exist: create it first (mkdir -p) or choose another path`,
    );
  }
  const used = new Map<string, number>();
  return images.map((image) => {
    const parsed = path.parse(image);
    const extension = parsed.ext.toLowerCase() === '.png' ? '.png' : '.jpg';
    const key = `${parsed.name}${extension}`;
    const count = (used.get(key) ?? 0) + 1;
    used.set(key, count);
    const file = path.join(save, count === 1 ? key : `${parsed.name}-${count}${extension}`);
    checkOutputPath(file, '--save');
    return file;
  });
}

function formatOfPathOrExplain(file: string): void {
  try {
    formatOfPath(file);
  } catch {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--save ${file}: the picture's name must end in .png, .jpg or .jpeg (or name a folder, ending in /)`,
    );
  }
}

/**
 * Decodes `image` again (RGB, EXIF orientation applied: the pixels the
 * boxes refer to), draws the detections, the best one last so its outline
 * is on top, and writes the picture. Rejects with ERR_IO naming the file.
 */
export async function savePicture(
  image: string,
  detections: readonly PictureDetection[],
  file: string,
): Promise<void> {
  const decoded = await decodeImage(image, { pinned: false });
  try {
    const raster = rasterOf(decoded);
    const drawn: DrawnDetection[] = [...detections]
      .sort((a, b) => a.score - b.score)
      .map((detection) => {
        const [left, top, width, height] = detection.box;
        return {
          box: [left, top, left + width, top + height],
          label: `${detection.class} ${detection.score.toFixed(2)}`,
          classId: detection.classIndex,
        };
      });
    drawDetections(raster, drawn);
    await saveImage(file, raster);
  } finally {
    await decoded.pixels.dispose();
  }
}
