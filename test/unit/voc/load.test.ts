import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateVoc, loadVocInputs, vocInputsFromCoco } from '../../../lib/metrics/voc/index.js';

let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(at(relative)), { recursive: true });
  writeFileSync(at(relative), text);
}

const object = (name: string, box: number[], difficult = 0) =>
  `<object><name>${name}</name><difficult>${difficult}</difficult><bndbox><xmin>${box[0]}</xmin>` +
  `<ymin>${box[1]}</ymin><xmax>${box[2]}</xmax><ymax>${box[3]}</ymax></bndbox></object>`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'trtmap-voc-'));
  write('voc/Annotations/img1.xml', `<annotation>${object('cat', [10, 10, 50, 50])}</annotation>`);
  write('voc/Annotations/img2.xml', `<annotation>${object('dog', [0, 0, 9, 9], 1)}</annotation>`);
  write('dets/img1.txt', 'cat 0.9 10 10 50 50\ncat 0.8 10 10 50 50\n');
  write('dets/img2.txt', 'dog 0.7 0 0 9 9\n');
  write('text-gt/img1.txt', 'cat 10 10 40 40\n');
  write('text-dets/img1.txt', 'cat 0.9 10 10 40 40\n');
  write('stray-dets/img3.txt', 'cat 0.9 10 10 50 50\n');
  write('bad-dets/img1.txt', 'cat 0.9 10 10 50\n');
  write('bad-xml/img1.xml', '<annotation>\n<object>\n</annotation>');
  write('coco/gt.json', '{"images": [], "annotations": [], "categories": []}');
  write('coco/bad.json', '{"images": [');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadVocInputs', () => {
  it('VOC xml (a root with Annotations/) and per-image detection text files', async () => {
    const inputs = await loadVocInputs(at('voc'), at('dets'));
    expect(inputs.imageIds).toEqual(['img1', 'img2']);
    expect(inputs.groundTruth.map((box) => [box.imageId, box.className, box.difficult])).toEqual([
      ['img1', 'cat', false],
      ['img2', 'dog', true],
    ]);
    const result = evaluateVoc(inputs.groundTruth, inputs.detections);
    expect(result.mAP).toBe(1);
    expect(result.classes.map((entry) => [entry.className, entry.ap, entry.tp, entry.fp])).toEqual([
      ['cat', 1, 1, 1],
      ['dog', -1, 0, 0],
    ]);
  });

  it('text ground truth in xywh with text detections in xywh', async () => {
    const inputs = await loadVocInputs(at('text-gt'), at('text-dets'), { format: 'xywh' });
    expect(inputs.groundTruth[0]).toMatchObject({ x1: 10, x2: 50, y2: 50 });
    expect(evaluateVoc(inputs.groundTruth, inputs.detections).mAP).toBe(1);
  });

  it('a missing folder is ERR_FILE_NOT_FOUND naming it', async () => {
    await expect(loadVocInputs(at('nowhere'), at('dets'))).rejects.toMatchObject({
      code: 'ERR_FILE_NOT_FOUND',
      file: at('nowhere'),
    });
    await expect(loadVocInputs(at('voc'), at('nowhere'))).rejects.toMatchObject({
      code: 'ERR_FILE_NOT_FOUND',
    });
  });

  it('a detection file for an image without ground truth is ERR_RESULTS naming it', async () => {
    await expect(loadVocInputs(at('voc'), at('stray-dets'))).rejects.toMatchObject({
      code: 'ERR_RESULTS',
      message: expect.stringMatching(/img3\.txt/),
    });
  });

  it('a malformed detection line is ERR_PARSE with file and line', async () => {
    await expect(loadVocInputs(at('voc'), at('bad-dets'))).rejects.toMatchObject({
      code: 'ERR_PARSE',
      message: expect.stringContaining(`${at('bad-dets', 'img1.txt')}:1:`),
    });
  });

  it('malformed xml is ERR_PARSE with file and line', async () => {
    await expect(loadVocInputs(at('bad-xml'), at('dets'))).rejects.toMatchObject({
      code: 'ERR_PARSE',
      message: expect.stringContaining(`${at('bad-xml', 'img1.xml')}:3: malformed XML`),
    });
  });

  it('a COCO json against a folder is ERR_UNSUPPORTED; a broken json is ERR_PARSE', async () => {
    await expect(loadVocInputs(at('coco/gt.json'), at('dets'))).rejects.toMatchObject({
      code: 'ERR_UNSUPPORTED',
    });
    await expect(loadVocInputs(at('coco/bad.json'), at('coco/gt.json'))).rejects.toMatchObject({
      code: 'ERR_PARSE',
      file: at('coco/bad.json'),
    });
    await expect(loadVocInputs(at('coco/gt.json'), at('coco/missing.json'))).rejects.toMatchObject({
      code: 'ERR_FILE_NOT_FOUND',
    });
  });
});

describe('vocInputsFromCoco', () => {
  const groundTruth = {
    images: [{ id: 1 }, { id: 2 }],
    categories: [
      { id: 3, name: 'cat' },
      { id: 7, name: 'dog' },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 3, bbox: [10, 10, 40, 40], iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 7, bbox: [0, 0, 5, 5], iscrowd: 1 },
      { id: 3, image_id: 2, category_id: 7, bbox: [0, 0, 5, 5], iscrowd: 1, difficult: 0 },
    ],
  };

  it('x2 = x + w; difficult from `difficult`, else from iscrowd; class = category name', () => {
    const inputs = vocInputsFromCoco(groundTruth, [
      { image_id: 1, category_id: 3, bbox: [10, 10, 40, 40], score: 0.5 },
      { image_id: 2, category_id: 9, bbox: [0, 0, 1, 1], score: 0.4 },
    ]);
    expect(inputs.classNames).toEqual(['cat', 'dog']);
    expect(inputs.imageIds).toEqual(['1', '2']);
    expect(inputs.groundTruth.map((box) => [box.className, box.x2, box.difficult])).toEqual([
      ['cat', 50, false],
      ['dog', 5, true],
      ['dog', 5, false],
    ]);
    expect(inputs.detections[1]).toMatchObject({ className: 'category_id 9', imageId: '2' });
  });

  it('results on image ids not in the ground truth are ERR_RESULTS naming the ids', () => {
    expect(() =>
      vocInputsFromCoco(groundTruth, [
        { image_id: 42, category_id: 3, bbox: [0, 0, 1, 1], score: 1 },
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'ERR_RESULTS', message: expect.stringMatching(/42/) }),
    );
  });

  it('malformed entries say which one and what was expected', () => {
    expect(() =>
      vocInputsFromCoco(groundTruth, [{ image_id: 1, category_id: 3, bbox: [0, 0, 1], score: 1 }]),
    ).toThrow(/results\[0\]\.bbox: expected \[x, y, width, height\] but received \[0,0,1\]/);
    expect(() => vocInputsFromCoco({ ...groundTruth, images: null }, [])).toThrow(
      expect.objectContaining({ code: 'ERR_DATASET', message: expect.stringMatching(/images/) }),
    );
  });

  it('accepts what the COCO metric accepts: two categories of one name stay apart by id', () => {
    const inputs = vocInputsFromCoco(
      { ...groundTruth, categories: [...groundTruth.categories, { id: 8, name: 'cat' }] },
      [],
    );
    expect(inputs.classNames).toEqual(['cat (id 3)', 'dog', 'cat (id 8)']);
  });

  it('ignores an annotation on an image `images` does not list, with a warning, as pycocotools does', () => {
    const orphan = { id: 9, image_id: 5, category_id: 3, bbox: [0, 0, 5, 5] };
    const inputs = vocInputsFromCoco(
      { ...groundTruth, annotations: [...groundTruth.annotations, orphan] },
      [],
    );
    expect(inputs.groundTruth).toHaveLength(3);
    expect(inputs.warnings?.join('\n')).toMatch(/annotation 9 \(index 3\) is on image 5/);
  });
});
