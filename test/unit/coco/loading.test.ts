import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CocoEvaluator,
  evaluateCoco,
  loadGroundTruthFile,
  loadResultsFile,
  parseGroundTruth,
  parseResults,
} from '../../../lib/metrics/index.js';
import { seededRandom } from '../../helpers/random.js';
import { detection, groundTruth } from './build.js';
import { thrownTrtmapError } from '../../helpers/errors.js';
import { tempFolder } from '../../helpers/temp-folder.js';

const { folder: directory, write } = tempFolder('trtmap-coco-unit-');

describe('loading COCO ground truth and results', () => {
  it('a missing file is ERR_FILE_NOT_FOUND naming it', () => {
    const error = thrownTrtmapError(() => loadGroundTruthFile(path.join(directory, 'absent.json')));
    expect(error.code).toBe('ERR_FILE_NOT_FOUND');
    expect(error.message).toContain('absent.json');
  });

  it('malformed JSON is ERR_PARSE with the file and line', () => {
    const file = write('broken.json', '{\n  "images": [\n    {"id": 1,}\n  ]\n}');
    const error = thrownTrtmapError(() => loadGroundTruthFile(file));
    expect(error.code).toBe('ERR_PARSE');
    expect(error.message).toMatch(/broken\.json: malformed JSON .*line 3/);
  });

  it('a ground truth without images is ERR_DATASET', () => {
    const error = thrownTrtmapError(() =>
      parseGroundTruth({ annotations: [], categories: [] }, 'gt.json'),
    );
    expect(error.code).toBe('ERR_DATASET');
    expect(error.message).toBe('gt.json: "images" must be an array');
  });

  it('a bad bbox names the annotation', () => {
    const dataset = groundTruth([{ bbox: [1, 2, 3, 4] }]);
    (dataset.annotations[0] as { bbox: unknown }).bbox = [1, 2, 3];
    const error = thrownTrtmapError(() => parseGroundTruth(dataset, 'gt.json'));
    expect(error.message).toBe(
      'gt.json: annotations[0].bbox: expected [x, y, width, height] but received [1,2,3]',
    );
  });

  it('results for image ids not in the ground truth are ERR_RESULTS naming the ids', () => {
    const gt = parseGroundTruth(groundTruth([{ bbox: [1, 2, 3, 4] }]), 'gt.json');
    const error = thrownTrtmapError(() =>
      parseResults(
        [detection([0, 0, 1, 1], 0.5, { image: 42 }), detection([0, 0, 1, 1], 0.5, { image: 7 })],
        gt,
        'dt.json',
      ),
    );
    expect(error.code).toBe('ERR_RESULTS');
    expect(error.message).toContain('image ids that are not in the ground truth gt.json: 42, 7');
  });

  it('a result without a numeric score is ERR_RESULTS naming the entry', () => {
    const gt = parseGroundTruth(groundTruth([{ bbox: [1, 2, 3, 4] }]));
    const file = write(
      'dt.json',
      JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 'high' }]),
    );
    const error = thrownTrtmapError(() => loadResultsFile(file, gt));
    expect(error.message).toMatch(
      /dt\.json: results\[0\]\.score: expected a finite number but received "high"/,
    );
  });

  it('results that are not an array are ERR_RESULTS', () => {
    const gt = parseGroundTruth(groundTruth([{ bbox: [1, 2, 3, 4] }]));
    expect(thrownTrtmapError(() => parseResults({ annotations: [] }, gt)).code).toBe('ERR_RESULTS');
  });

  it('repeated annotation ids are reported as a warning', () => {
    const gt = parseGroundTruth(
      groundTruth([
        { bbox: [1, 2, 3, 4], id: 5 },
        { bbox: [1, 2, 3, 4], id: 5 },
      ]),
    );
    expect(gt.warnings.join()).toMatch(/1 annotation ids are repeated/);
  });
});

describe('incremental evaluation', () => {
  const random = seededRandom(7);
  const images = [3, 1, 2, 5, 4];
  const boxes = images.flatMap((image) =>
    Array.from({ length: 4 }, () => ({
      image,
      category: 1 + Math.floor(random() * 3),
      bbox: [random() * 300, random() * 300, 20 + random() * 100, 20 + random() * 100] as [
        number,
        number,
        number,
        number,
      ],
    })),
  );
  const gt = groundTruth(boxes, { categories: [1, 2, 3] });
  const results = boxes.flatMap((box) => [
    detection([box.bbox[0] + random() * 10, box.bbox[1], box.bbox[2], box.bbox[3]], random(), box),
    detection([random() * 300, random() * 300, 50, 50], random(), box),
  ]);

  it('adding images one at a time, in any order, gives the batch result exactly', () => {
    const batch = evaluateCoco(gt, results);
    const evaluator = new CocoEvaluator(parseGroundTruth(gt));
    for (const image of [5, 2, 4, 1]) {
      evaluator.addImage(
        image,
        results.filter((result) => result.image_id === image),
      );
    }
    // Image 3 is never added: it counts as an image without detections.
    const withoutImage3 = evaluateCoco(
      gt,
      results.filter((result) => result.image_id !== 3),
    );
    expect(evaluator.summarize().stats).toEqual(withoutImage3.stats);
    expect(withoutImage3.stats).not.toEqual(batch.stats);
  });

  it('adding an image twice is ERR_INVALID_ARGUMENT', () => {
    const evaluator = new CocoEvaluator(parseGroundTruth(gt));
    evaluator.addImage(1, []);
    expect(() => evaluator.addImage(1, [])).toThrow(/already added/);
  });

  it('accepts parallel typed arrays', () => {
    const evaluator = new CocoEvaluator(parseGroundTruth(gt));
    for (const image of images) {
      const own = results.filter((result) => result.image_id === image);
      evaluator.addImage(image, {
        count: own.length,
        categoryId: Float64Array.from(own, (result) => result.category_id),
        score: Float32Array.from(own, (result) => result.score),
        box: Float64Array.from(own.flatMap((result) => result.bbox)),
      });
    }
    const rounded = results.map((result) => ({ ...result, score: Math.fround(result.score) }));
    expect(evaluator.summarize().stats).toEqual(evaluateCoco(gt, rounded).stats);
  });
});
