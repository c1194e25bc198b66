import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vocClassNames } from '../../lib/data/voc-classes.js';
import { parseVocAnnotation } from '../../lib/data/voc-xml.js';
import {
  type VocBoxFormat,
  type VocOptions,
  evaluateVoc,
  loadVocInputs,
  vocInputsFromCoco,
} from '../../lib/metrics/voc/index.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

// Every VOC case of fixtures/parity/EXPECTED.json and the voc100 reference of
// fixtures/README.md. All are reproduced with the devkit defaults: '+1' pixel
// areas, IoU >= t, detections in descending confidence with ties in file order.

const skipNote = fixturesRoot === undefined ? ` (skipped: ${fixturesMissingReason})` : '';

/** A fixture folder, every file in it checked against SHA256SUMS. */
function fixtureFolder(relative: string): string {
  const folder = fixture(relative);
  for (const name of readdirSync(folder)) {
    if (name.includes('.')) fixture(path.join(relative, name));
  }
  return folder;
}

interface ExpectedEntry {
  gt: string;
  dt: string;
  fmt: VocBoxFormat;
  iou?: number;
  [key: string]: unknown;
}

function expectedEntry(key: string): ExpectedEntry {
  const all = JSON.parse(readFileSync(fixture('parity/EXPECTED.json'), 'utf8')) as Record<
    string,
    ExpectedEntry
  >;
  return all[key];
}

async function mAPs(entry: ExpectedEntry, iouThreshold: number, format: VocBoxFormat = entry.fmt) {
  const inputs = await loadVocInputs(
    fixtureFolder(path.join('parity', entry.gt)),
    fixtureFolder(path.join('parity', entry.dt)),
    { format },
  );
  const options: VocOptions = { iouThreshold };
  const allPoint = evaluateVoc(inputs.groundTruth, inputs.detections, options);
  const elevenPoint = evaluateVoc(inputs.groundTruth, inputs.detections, {
    ...options,
    mode: '11-point',
  });
  return { allPoint, elevenPoint };
}

describe.skipIf(fixturesRoot === undefined)(`VOC published values${skipNote}`, () => {
  it('voc_padilla_odm_sample: Object-Detection-Metrics sample at IoU 0.3, to the last digit', async () => {
    const entry = expectedEntry('voc_padilla_odm_sample');
    const exact = entry.exact as { AP_all_point: number; AP_11pt: number };
    const { allPoint, elevenPoint } = await mAPs(entry, entry.iou ?? 0.5);
    expect(allPoint.mAP).toBe(exact.AP_all_point);
    expect(elevenPoint.mAP).toBe(exact.AP_11pt);
    // results/results.txt prints the person curve to two decimals.
    const printed = readFileSync(
      fixture('parity/Object-Detection-Metrics/results/results.txt'),
      'utf8',
    );
    const list = (label: string) =>
      JSON.parse(
        new RegExp(`${label}: (\\[.*\\])`).exec(printed)![1].replace(/'/g, '"'),
      ) as string[];
    const person = allPoint.classes.find((entry) => entry.className === 'person')!;
    expect(Array.from(person.precision, (value) => value.toFixed(2))).toEqual(list('Precision'));
    expect(Array.from(person.recall, (value) => value.toFixed(2))).toEqual(list('Recall'));
  });

  for (const iou of ['0.1', '0.3', '0.5', '0.75']) {
    it(`voc_review_test_case_1 at IoU ${iou} (to 1e-10)`, async () => {
      const entry = expectedEntry('voc_review_test_case_1');
      const { allPoint, elevenPoint } = await mAPs(entry, Number(iou));
      expect(
        Math.abs(allPoint.mAP - (entry.AP_all_point as Record<string, number>)[iou]),
      ).toBeLessThan(1e-10);
      expect(
        Math.abs(elevenPoint.mAP - (entry.AP_11pt as Record<string, number>)[iou]),
      ).toBeLessThan(1e-10);
    });
  }

  for (const iou of ['0.5', '0.75']) {
    it(`voc_review_toyexample_cat at IoU ${iou} (4 decimals)`, async () => {
      const entry = expectedEntry('voc_review_toyexample_cat');
      const expected = entry[`iou${iou}`] as { AP_11pt: number; AP_all_point: number };
      const { allPoint, elevenPoint } = await mAPs(entry, Number(iou));
      expect(allPoint.mAP.toFixed(4)).toBe(expected.AP_all_point.toFixed(4));
      expect(elevenPoint.mAP.toFixed(4)).toBe(expected.AP_11pt.toFixed(4));
    });
  }

  it('datasets/voc-toy-cat (Annotations + detections_txt) gives the toy example values', async () => {
    const inputs = await loadVocInputs(
      fixtureFolder('datasets/voc-toy-cat/Annotations'),
      fixtureFolder('datasets/voc-toy-cat/detections_txt'),
    );
    expect(evaluateVoc(inputs.groundTruth, inputs.detections).mAP.toFixed(4)).toBe('0.8958');
  });
});

describe.skipIf(fixturesRoot === undefined)(
  `voc100 reference (fixtures/README.md)${skipNote}`,
  () => {
    const expectedAllPoint = 0.6138747923;
    const expected11Point = 0.6075105147;

    it('VOC xml + detection text files: mAP 0.6138747923, VOC07 0.6075105147', async () => {
      const inputs = await loadVocInputs(
        fixtureFolder('datasets/voc100/Annotations'),
        fixtureFolder('datasets/voc100/detections/txt'),
      );
      expect(inputs.groundTruth).toHaveLength(273);
      expect(inputs.groundTruth.filter((box) => box.difficult)).toHaveLength(38);
      expect(inputs.detections).toHaveLength(452);
      const allPoint = evaluateVoc(inputs.groundTruth, inputs.detections);
      const elevenPoint = evaluateVoc(inputs.groundTruth, inputs.detections, { mode: '11-point' });
      expect(Math.abs(allPoint.mAP - expectedAllPoint)).toBeLessThan(5e-11);
      expect(Math.abs(elevenPoint.mAP - expected11Point)).toBeLessThan(5e-11);
    });

    it('the COCO results json against a COCO form of the xml gives the same mAP', () => {
      const annotations = fixtureFolder('datasets/voc100/Annotations');
      const names = readdirSync(annotations)
        .filter((name) => name.endsWith('.xml'))
        .sort();
      const classes: string[] = [...vocClassNames];
      // Image ids 1..100 follow file-name order, as the fixture's coco_results.json does.
      const groundTruth = {
        images: names.map((name, index) => ({
          id: index + 1,
          file_name: name.replace('.xml', '.jpg'),
        })),
        categories: classes.map((name, index) => ({ id: index + 1, name })),
        annotations: names.flatMap((name, index) =>
          parseVocAnnotation(readFileSync(path.join(annotations, name), 'utf8'), name).objects.map(
            (object) => ({
              image_id: index + 1,
              category_id: classes.indexOf(object.name) + 1,
              bbox: [
                object.xmin,
                object.ymin,
                object.xmax - object.xmin,
                object.ymax - object.ymin,
              ],
              difficult: object.difficult ? 1 : 0,
              iscrowd: 0,
            }),
          ),
        ),
      };
      const results = JSON.parse(
        readFileSync(fixture('datasets/voc100/detections/coco_results.json'), 'utf8'),
      );
      const inputs = vocInputsFromCoco(groundTruth, results);
      const options = { classNames: inputs.classNames };
      expect(
        Math.abs(
          evaluateVoc(inputs.groundTruth, inputs.detections, options).mAP - expectedAllPoint,
        ),
      ).toBeLessThan(5e-11);
      const elevenPoint = evaluateVoc(inputs.groundTruth, inputs.detections, {
        ...options,
        mode: '11-point',
      });
      expect(Math.abs(elevenPoint.mAP - expected11Point)).toBeLessThan(5e-11);
    });
  },
);
