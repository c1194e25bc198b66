import { describe, expect, it } from 'vitest';
import { cocoCategoryIds } from '../../../lib/data/categories.js';
import { canonicalId, compareIds, uniqueSortedIds } from '../../../lib/metrics/coco/ids.js';
import {
  CocoEvaluator,
  evaluateCoco,
  loadGroundTruthFile,
  loadResultsFile,
  parseGroundTruth,
  parseResults,
  vocInputsFromCoco,
} from '../../../lib/metrics/index.js';
import { thrownTrtmapError } from '../../helpers/errors.js';
import { tempFolder } from '../../helpers/temp-folder.js';

const { write } = tempFolder('trtmap-ids-');

const box = (id: unknown, image: unknown, category: unknown = 1) => ({
  id,
  image_id: image,
  category_id: category,
  bbox: [10, 10, 20, 20],
  area: 400,
  iscrowd: 0,
});
const hit = (image: unknown, score = 0.9, category: unknown = 1) => ({
  image_id: image,
  category_id: category,
  bbox: [10, 10, 20, 20],
  score,
});

describe('ids as pycocotools holds them', () => {
  it('orders ids as Python: numbers by value, strings by code point (astral after U+FFxx)', () => {
    expect(['b', '\u{1F600}', '\uFF21', 'a', 'B'].sort(compareIds)).toEqual([
      'B',
      'a',
      'b',
      '\uFF21',
      '\u{1F600}',
    ]);
    expect([10, 9007199254740993n, 2, 9007199254740992].sort(compareIds)).toEqual([
      2,
      10,
      9007199254740992,
      9007199254740993n,
    ]);
  });

  it('a bigint a double holds is that number', () => {
    expect(canonicalId(2n ** 60n)).toBe(2 ** 60);
    expect(canonicalId(2n ** 53n + 1n)).toBe(2n ** 53n + 1n);
  });

  it('refuses ids that mix strings and numbers, as Python cannot sort them', () => {
    const error = thrownTrtmapError(() => uniqueSortedIds([1, 'a'], 'image ids', 'gt.json'));
    expect(error.code).toBe('ERR_DATASET');
    expect(error.message).toMatch(/image ids mix numbers and strings \(e\.g\. 1 and "a"\)/);
    const mixed = { images: [{ id: 1 }, { id: 'b' }], categories: [{ id: 1, name: 'x' }] };
    expect(thrownTrtmapError(() => parseGroundTruth(mixed)).code).toBe('ERR_DATASET');
  });

  it('string image ids score (file names as ids)', () => {
    const gt = {
      images: [{ id: 'dog.jpg' }, { id: 'cat.jpg' }],
      categories: [{ id: 1, name: 'x' }],
      annotations: [box(1, 'dog.jpg'), box(2, 'cat.jpg')],
    };
    expect(evaluateCoco(gt, [hit('dog.jpg'), hit('cat.jpg')]).stats[0]).toBe(1);
  });

  it('"12" is not 12: results and ground truth must write ids alike, with a hint when they do not', () => {
    const gt = parseGroundTruth({
      images: [{ id: 12 }],
      categories: [{ id: 1, name: 'x' }],
      annotations: [box(1, 12)],
    });
    const error = thrownTrtmapError(() => parseResults([hit('12')], gt, 'dt.json'));
    expect(error.code).toBe('ERR_RESULTS');
    expect(error.message).toMatch(/: "12" \(the results give image ids as strings/);
  });

  it('ids above 2^53 read from files never merge (a double would make these two one image)', () => {
    const gt = write(
      'big-gt.json',
      '{"images": [{"id": 9007199254740993}, {"id": 9007199254740994}], ' +
        '"categories": [{"id": 1, "name": "x"}], "annotations": [' +
        '{"id": 1, "image_id": 9007199254740993, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400},' +
        '{"id": 2, "image_id": 9007199254740994, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400}]}',
    );
    const dt = write(
      'big-dt.json',
      '[{"image_id": 9007199254740993, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}]',
    );
    const groundTruth = loadGroundTruthFile(gt);
    expect(groundTruth.imageIds).toEqual([9007199254740993n, 9007199254740994]);
    const evaluator = new CocoEvaluator(groundTruth);
    evaluator.addResults(loadResultsFile(dt, groundTruth));
    // One of the two objects found: recall 0.5 (merged ids would give 1 or a crowd of errors).
    expect(evaluator.summarize().stats[8]).toBe(0.5);
  });
});

describe('inputs every metric treats alike', () => {
  const gt = {
    images: [{ id: 1 }, { id: 2 }],
    categories: [{ id: 1, name: 'person' }],
    annotations: [box(1, 1), box(2, 2), box(3, 3)],
  };

  it('an annotation on an unlisted image is ignored by COCO and VOC alike, with one warning', () => {
    const results = [hit(1), hit(2)];
    const coco = evaluateCoco(gt, results);
    expect(coco.stats[0]).toBe(1);
    expect(coco.groundTruth.warnings).toEqual([
      'annotation 3 (index 2) is on image 3, which "images" does not list: ignored by every metric, as pycocotools ignores them',
    ]);
    const voc = vocInputsFromCoco(gt, results);
    expect(voc.groundTruth.map((entry) => entry.imageId)).toEqual(['1', '2']);
  });

  it('an annotation without id is its own annotation (pycocotools: KeyError), with a warning', () => {
    const anonymous: Record<string, unknown> = box(0, 2);
    delete anonymous.id;
    const result = evaluateCoco({ ...gt, annotations: [box(1, 1), anonymous] }, [hit(1), hit(2)]);
    expect(result.stats[0]).toBe(1);
    expect(result.groundTruth.warnings.join()).toMatch(/1 annotations have no "id"/);
  });

  it('a repeated image id is one image (pycocotools keeps the last entry), with a warning', () => {
    const repeated = parseGroundTruth({
      ...gt,
      images: [{ id: 1 }, { id: 2, width: 1 }, { id: 2, width: 9 }],
    });
    expect(repeated.images).toEqual([{ id: 1 }, { id: 2, width: 9 }]);
    expect(repeated.warnings.join()).toMatch(/1 image ids are repeated/);
  });
});

describe('what a results file that scores wrong looks like', () => {
  const categories = [1, 2, 3].map((id) => ({ id, name: `c${id}` }));
  const images = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, width: 100, height: 100 }));
  const gt = parseGroundTruth({
    images,
    categories,
    annotations: images.map((image) => box(image.id, image.id, 1 + (image.id % 3))),
  });

  it('0-based class indices as category ids: a warning that says so', () => {
    const warnings = parseResults([hit(1, 0.9, 0), hit(2, 0.8, 2)], gt).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /1 of 2 detections have category ids the ground truth does not list: 0 \(1\)/,
    );
    expect(warnings[0]).toMatch(
      /0-based class indices\? The ground truth numbers its categories from 1: add 1/,
    );
  });

  it("COCO's 80 classes numbered 1..80 instead of 1..90", () => {
    const coco = parseGroundTruth({
      images: [{ id: 1 }],
      categories: cocoCategoryIds.map((id) => ({ id, name: `c${id}` })),
    });
    expect(coco.categoryIds).toHaveLength(80);
    const warnings = parseResults([hit(1, 0.9, 12), hit(1, 0.8, 80)], coco).warnings;
    expect(warnings.join()).toMatch(/class indices 1\.\.80 instead of COCO category ids 1\.\.90/);
  });

  it('boxes written as corners [x1, y1, x2, y2]', () => {
    const corners = images.map((image) => ({
      image_id: image.id,
      category_id: 1,
      bbox: [50, 50, 90, 95],
      score: 0.5,
    }));
    expect(parseResults(corners, gt).warnings.join()).toMatch(
      /the boxes look like corners \[x1, y1, x2, y2\] \(30 of 30 end beyond their image/,
    );
    const sane = images.map((image) => ({
      image_id: image.id,
      category_id: 1,
      bbox: [50, 50, 20, 25],
      score: 0.5,
    }));
    expect(parseResults(sane, gt).warnings).toEqual([]);
  });

  it('boxes normalized to 0..1 (a YOLO-style export) against images in pixels', () => {
    const normalized = images.map((image) => ({
      image_id: image.id,
      category_id: 1,
      bbox: [0.1, 0.1, 0.2, 0.25],
      score: 0.5,
    }));
    const warnings = parseResults(normalized, gt).warnings;
    expect(warnings).toHaveLength(1); // not also "corners": one cause named
    expect(warnings[0]).toMatch(
      /30 of 30 detections lie inside \[0, 1\] while the images are in pixels: boxes normalized/,
    );
    // Without image sizes, the ground-truth boxes are the pixel reference.
    const unsized = parseGroundTruth({
      images: images.map((image) => ({ id: image.id })),
      categories,
      annotations: images.map((image) => box(image.id, image.id, 1)),
    });
    expect(parseResults(normalized, unsized).warnings.join()).toMatch(
      /while the ground-truth boxes are in pixels/,
    );
    // A ground truth that is itself normalized is not warned about.
    const unitGt = parseGroundTruth({
      images: images.map((image) => ({ id: image.id, width: 1, height: 1 })),
      categories,
      annotations: images.map((image) => ({
        ...box(image.id, image.id, 1),
        bbox: [0.1, 0.1, 0.2, 0.2],
      })),
    });
    expect(parseResults(normalized, unitGt).warnings.join()).not.toMatch(/normalized/);
  });

  it('segmentation results: says only bbox results are scored', () => {
    const segmentation = { size: [100, 100], counts: 'PPYo1' };
    const error = thrownTrtmapError(() =>
      parseResults([{ image_id: 1, category_id: 1, segmentation, score: 0.5 }], gt, 'segm.json'),
    );
    expect(error.message).toBe(
      'segm.json: results[0] has a "segmentation" but no "bbox": trtmap scores bounding-box results ' +
        "only (pycocotools' iouType 'bbox'); write each detection's box as bbox [x, y, width, height]",
    );
  });

  it('an empty results file', () => {
    expect(parseResults([], gt).warnings.join()).toMatch(/the results hold no detections/);
  });

  it('a dataset file given as results, and results given as the dataset, are refused with the reason', () => {
    const dataset = write(
      'dataset.json',
      JSON.stringify({ images: [], annotations: [], categories: [] }),
    );
    const results = write('results.json', JSON.stringify([hit(1)]));
    expect(thrownTrtmapError(() => loadResultsFile(dataset, gt)).message).toMatch(
      /expected a JSON array of detections but found an object: a COCO dataset file\?/,
    );
    expect(thrownTrtmapError(() => loadGroundTruthFile(results)).message).toMatch(
      /the file is an array: is it a results file\?/,
    );
  });
});
