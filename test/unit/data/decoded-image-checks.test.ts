import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DecodedImageChecks } from '../../../lib/data/decoded-image-checks.js';
import {
  loadVocAnnotationFolder,
  parseGroundTruth,
  vocToCoco,
} from '../../../lib/metrics/index.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-decoded-checks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const annotation = (width: number, height: number) =>
  `<annotation><size><width>${width}</width><height>${height}</height><depth>3</depth></size>` +
  '<object><name>cat</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object></annotation>';

describe('DecodedImageChecks', () => {
  it('compares decoded frames with VOC <size>: one warning naming the swap an EXIF tag makes', async () => {
    mkdirSync(path.join(folder, 'Annotations'));
    writeFileSync(path.join(folder, 'Annotations/a.xml'), annotation(640, 360));
    writeFileSync(path.join(folder, 'Annotations/b.xml'), annotation(500, 375));
    writeFileSync(path.join(folder, 'Annotations/c.xml'), annotation(0, 0)); // no size given
    const { groundTruth, imageIdOf } = vocToCoco(await loadVocAnnotationFolder(folder), folder);
    const images = ['a', 'b', 'c'].map((name) => ({
      id: imageIdOf.get(name)!,
      name: `${name}.jpg`,
      path: `/images/${name}.jpg`,
    }));
    const frames = new Map([
      ['/images/a.jpg', [360, 640]],
      ['/images/b.jpg', [500, 375]],
      ['/images/c.jpg', [10, 10]],
    ]);
    const check = new DecodedImageChecks(groundTruth, images);
    const stage = check.watch({
      prepare: (file: string) => {
        const [sourceWidth, sourceHeight] = frames.get(file)!;
        return Promise.resolve({ placement: { sourceWidth, sourceHeight } });
      },
    });
    for (const image of images) await stage.prepare(image.path);
    expect(check.warnings()).toEqual([
      expect.stringMatching(
        /^1 of 2 images decode to another size than their annotation gives \(a\.jpg: 640x360 in the annotation, 360x640 decoded\); in 1 of them width and height are swapped, as an EXIF orientation tag does/,
      ),
    ]);
  });

  it('damaged images decoded anyway: one warning with the count and the first file', async () => {
    const groundTruth = parseGroundTruth({
      images: [{ id: 1 }, { id: 2 }],
      categories: [],
      annotations: [],
    });
    const check = new DecodedImageChecks(groundTruth, []);
    const stage = check.watch({
      prepare: (file: string) =>
        Promise.resolve({
          placement: { sourceWidth: 4, sourceHeight: 4 },
          ...(file.startsWith('/cut') && {
            warning: 'truncated JPEG (Premature end of JPEG file)',
          }),
        }),
    });
    for (const file of ['/ok.jpg', '/cut-1.jpg', '/cut-2.jpg']) await stage.prepare(file);
    expect(check.warnings()).toEqual([
      '2 of 3 images were damaged and decoded anyway, as cv2.imread decodes them (/cut-1.jpg: ' +
        'truncated JPEG (Premature end of JPEG file)); detections in their missing parts are lost: ' +
        're-download or re-encode them',
    ]);
  });

  it('a frame of another size that is not a swap names a resized image instead', () => {
    const groundTruth = parseGroundTruth({
      images: [{ id: 1, width: 640, height: 480 }],
      categories: [],
      annotations: [],
    });
    const check = new DecodedImageChecks(groundTruth, [{ id: 1, name: 'x.jpg', path: '/x.jpg' }]);
    check.record('/x.jpg', 320, 240);
    expect(check.warnings().join()).toMatch(
      /640x480 in the annotation, 320x240 decoded\); the annotation was made on another version/,
    );
    const same = new DecodedImageChecks(groundTruth, [{ id: 1, name: 'x.jpg', path: '/x.jpg' }]);
    same.record('/x.jpg', 640, 480);
    expect(same.warnings()).toEqual([]);
  });
});
