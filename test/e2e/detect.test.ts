import { describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
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
    detections: { class: string; score: number; box: number[] }[];
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
  },
);
