import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classColor } from '../../lib/image/draw.js';
import { trtmap } from '../helpers/cli.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { darknetDogDetections } from '../helpers/darknet-reference.js';

const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

interface DetectJson {
  images: {
    image: string;
    width: number;
    height: number;
    detections: { class: string; classIndex: number; score: number; box: number[] }[];
  }[];
}

describe.skipIf(skipReason !== undefined)(
  `trtmap detect${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it("Yolo-Fastest-1.1 on dog.jpg at --conf 0.1 gives darknet's detections (0.01, 2 px)", () => {
      const cfg = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.cfg');
      const weights = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.weights');
      const run = trtmap(
        'detect',
        cfg,
        fixture('images/dog.jpg'),
        '--weights',
        weights,
        '--conf',
        '0.1',
        '--json',
      );
      expect(run.code, run.stderr).toBe(0);
      const [image] = (JSON.parse(run.stdout) as DetectJson).images;
      expect([image.width, image.height]).toEqual([768, 576]);
      expect(image.detections.map((d) => d.class)).toEqual(
        darknetDogDetections.map(([label]) => label),
      );
      image.detections.forEach((detection, index) => {
        const [label, probability, box] = darknetDogDetections[index];
        expect(Math.abs(detection.score - probability), label).toBeLessThan(0.01);
        // darknet prints truncated integer corners, clipped to the last pixel.
        const [left, top, width, height] = detection.box;
        const printed = [Math.trunc(left), Math.trunc(top)];
        printed.push(
          Math.min(Math.trunc(left + width), 767) - printed[0],
          Math.min(Math.trunc(top + height), 575) - printed[1],
        );
        printed.forEach((value, k) =>
          expect(Math.abs(value - box[k]), `${label} ${k}`).toBeLessThanOrEqual(2),
        );
      });
    });

    it('prints one line per detection, best first, and fails clearly on a missing image', () => {
      const model = fixture('models/fastestdet/FastestDet.onnx');
      const run = trtmap('detect', model, fixture('images/dog.jpg'), fixture('images/person.jpg'));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/dog\.jpg \(768x576\): \d+ detections\n {2}\S/);
      expect(run.stdout).toMatch(/person\.jpg \(\d+x\d+\): \d+ detections/);
      const missing = trtmap('detect', model, fixture('images/dog.jpg') + '.missing');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/ERR_FILE_NOT_FOUND/);
    });

    const pillowMissing = pythonHas('PIL') ? undefined : pythonMissingReason('PIL');
    it.skipIf(pillowMissing !== undefined)(
      `--save draws the detections: the picture read back (Pillow) has the best box's class colour on its edge${pillowMissing ? ` (skipped: ${pillowMissing})` : ''}`,
      () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-detect-save-'));
        afterAll(() => rmSync(folder, { recursive: true, force: true }));
        const cfg = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.cfg');
        const weights = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.weights');
        const picture = path.join(folder, 'dog.png');
        const dog = fixture('images/dog.jpg');
        const run = trtmap('detect', cfg, dog, '--weights', weights, '--save', picture, '--json');
        expect(run.code, run.stderr).toBe(0);
        const [image] = (JSON.parse(run.stdout) as DetectJson).images;
        // Drawn: what detect printed, at the default --conf 0.25.
        expect(image.detections.length).toBeGreaterThan(2);
        expect(Math.min(...image.detections.map((d) => d.score))).toBeGreaterThanOrEqual(0.25);
        // The best detection is drawn last: the middle of its left edge has its class colour.
        const best = image.detections[0];
        const [left, top, , height] = best.box;
        const x = Math.round(left);
        const y = Math.round(top + height / 2);
        const read = JSON.parse(
          runPython(
            'import json, sys; from PIL import Image; im = Image.open(sys.argv[1]); ' +
              'print(json.dumps({"format": im.format, "size": im.size, ' +
              '"pixel": im.convert("RGB").getpixel((int(sys.argv[2]), int(sys.argv[3])))}))',
            [picture, String(x), String(y)],
          ),
        ) as { format: string; size: number[]; pixel: number[] };
        expect(read.format).toBe('PNG');
        expect(read.size).toEqual([768, 576]);
        expect(read.pixel).toEqual([...classColor(best.classIndex)]);
        // A folder: one picture per image, named after it (JPEG for a JPEG).
        const several = trtmap(
          'detect',
          cfg,
          dog,
          fixture('images/person.jpg'),
          '--weights',
          weights,
          '--save',
          `${folder}/`,
        );
        expect(several.code, several.stderr).toBe(0);
        expect(readdirSync(folder).sort()).toEqual(['dog.jpg', 'dog.png', 'person.jpg']);
        const format = runPython(
          'import sys; from PIL import Image; im = Image.open(sys.argv[1]); print(im.format, *im.size)',
          [path.join(folder, 'person.jpg')],
        );
        expect(format.trim()).toBe('JPEG 640 424');
      },
    );

    it('--save to a path that cannot be written is one clear line before the run, exit 2', () => {
      const model = fixture('models/fastestdet/FastestDet.onnx');
      const dog = fixture('images/dog.jpg');
      const missingFolder = path.join(tmpdir(), 'trtmap-no-such-folder', 'out.png');
      const cases: [string[], RegExp][] = [
        [[dog, '--save', missingFolder], /--save .*out\.png: the folder .* does not exist/],
        [[dog, '--save', path.join(tmpdir(), 'out.gif')], /must end in \.png, \.jpg or \.jpeg/],
        [
          [dog, fixture('images/person.jpg'), '--save', path.join(tmpdir(), 'one.png')],
          /one file for 2 images; give a folder/,
        ],
      ];
      for (const [args, message] of cases) {
        const run = trtmap('detect', model, ...args);
        expect(run.code).toBe(2);
        // One line, and nothing from opening the model (the run never started).
        expect(run.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^trtmap: ERR_INVALID_ARGUMENT: /),
        ]);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe('');
      }
      expect(existsSync(missingFolder)).toBe(false);
    });
  },
);
