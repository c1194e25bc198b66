import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedImage } from '../../../lib/image/decode.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'opencv_reference.py');

function runReference(manifestPath: string): string {
  return execFileSync(process.env.PYTHON ?? 'python3', [script, manifestPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
}

/** One case for opencv_reference.py: an operation on an RGB8 image. */
export interface ReferenceCase {
  image: DecodedImage;
  op:
    | 'resize'
    | 'yolov5-letterbox'
    | 'yolov5-val'
    | 'yolox'
    | 'nanodet-resize-uniform'
    | 'nanodet-warp';
  width: number;
  height: number;
  interpolation?: string;
  gray?: boolean;
  pad?: number;
  scaleup?: boolean;
}

export interface ReferenceOutput {
  pixels: Uint8Array;
  /** [left, top] of the image inside the output, where the op pads. */
  offset: [number, number] | null;
}

/** Runs every case in one Python process (it takes ~0.3 s to start). */
export function opencvReference(cases: ReferenceCase[]): ReferenceOutput[] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'trtmap-opencv-'));
  try {
    const manifest = cases.map((item, index) => {
      const input = path.join(scratch, `${index}.in`);
      writeFileSync(input, item.image.pixels.bytes);
      const { image, ...rest } = item;
      return {
        ...rest,
        input,
        output: path.join(scratch, `${index}.out`),
        sourceWidth: image.width,
        sourceHeight: image.height,
      };
    });
    const manifestPath = path.join(scratch, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const offsets = JSON.parse(runReference(manifestPath)) as ([number, number] | null)[];
    return manifest.map((item, index) => ({
      pixels: readFileSync(item.output),
      offset: offsets[index],
    }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** darknet's letterbox_image sizes and offsets: [newW, newH, left, top] per case. */
export function darknetLetterboxSizes(
  cases: { sourceWidth: number; sourceHeight: number; width: number; height: number }[],
): [number, number, number, number][] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'trtmap-opencv-'));
  try {
    const manifestPath = path.join(scratch, 'manifest.json');
    writeFileSync(
      manifestPath,
      JSON.stringify(cases.map((item) => ({ ...item, op: 'darknet-letterbox-size' }))),
    );
    return JSON.parse(runReference(manifestPath));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
