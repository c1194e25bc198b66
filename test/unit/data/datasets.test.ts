import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cocoCategoryIds,
  cocoClassNames,
  cocoIdOfVocClass,
  openCocoDataset,
  openVocDataset,
  readAhead,
  selectImages,
  vocClassNames,
} from '../../../lib/data/index.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-data-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function vocXml(objects: string[]): string {
  const body = objects
    .map(
      (name) =>
        `<object><name>${name}</name><difficult>0</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>`,
    )
    .join('');
  return `<annotation><size><width>50</width><height>50</height></size>${body}</annotation>`;
}

describe('category maps', () => {
  it('has 80 COCO classes with their 91-space ids', () => {
    expect(cocoClassNames).toHaveLength(80);
    expect(cocoCategoryIds).toHaveLength(80);
    expect(cocoCategoryIds[cocoClassNames.indexOf('toothbrush')]).toBe(90);
    expect(cocoCategoryIds[cocoClassNames.indexOf('dog')]).toBe(18);
  });
  it('maps the 20 VOC classes onto COCO ids of the same class', () => {
    for (const name of vocClassNames) {
      const cocoId = cocoIdOfVocClass[name];
      expect(cocoClassNames[cocoCategoryIds.indexOf(cocoId)], name).toBe(name);
    }
  });
});

describe('selectImages', () => {
  const images = Array.from({ length: 10 }, (_, i) => ({ id: i, name: `${i}`, path: `${i}.jpg` }));
  it('shards round-robin, then limits', () => {
    expect(selectImages(images, { shard: { index: 1, count: 3 } }).map((i) => i.id)).toEqual([
      1, 4, 7,
    ]);
    expect(
      selectImages(images, { shard: { index: 0, count: 3 }, limit: 2 }).map((i) => i.id),
    ).toEqual([0, 3]);
    expect(selectImages(images, { limit: 0 })).toEqual([]);
  });
});

describe('readAhead', () => {
  it('yields in input order with at most `depth` loads in flight, errors included', async () => {
    let inFlight = 0;
    let most = 0;
    const load = async (n: number) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, (5 - n) * 2));
      inFlight--;
      if (n === 2) throw new Error('corrupt');
      return n * 10;
    };
    const seen: (number | string)[] = [];
    for await (const loaded of readAhead([0, 1, 2, 3, 4], 3, load)) {
      seen.push(loaded.ok ? loaded.value : 'error');
    }
    expect(seen).toEqual([0, 10, 'error', 30, 40]);
    expect(most).toBe(3);
  });
});

describe('openVocDataset', () => {
  const root = path.join(folder, 'VOC');
  mkdirSync(path.join(root, 'Annotations'), { recursive: true });
  mkdirSync(path.join(root, 'JPEGImages'));
  mkdirSync(path.join(root, 'ImageSets', 'Main'), { recursive: true });
  writeFileSync(path.join(root, 'Annotations', 'b.xml'), vocXml(['dog', 'person']));
  writeFileSync(path.join(root, 'Annotations', 'a.xml'), vocXml(['tvmonitor']));
  writeFileSync(path.join(root, 'ImageSets', 'Main', 'val.txt'), 'b\n');

  it('numbers images 1..N in file-name order and maps COCO ids to VOC categories', async () => {
    const dataset = await openVocDataset(root);
    expect(dataset.images.map((image) => [image.id, image.name])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(dataset.images[0].path).toBe(path.join(root, 'JPEGImages', 'a.jpg'));
    expect(dataset.categoryOfCocoId(18)).toBe(vocClassNames.indexOf('dog') + 1);
    expect(dataset.categoryOfCocoId(72)).toBe(vocClassNames.indexOf('tvmonitor') + 1);
    expect(dataset.categoryOfCocoId(8)).toBe(-1); // truck: not a VOC class
    expect(dataset.groundTruth.annotations.count).toBe(3);
  });

  it('keeps only the images of a split', async () => {
    const dataset = await openVocDataset(root, { split: 'val' });
    expect(dataset.images.map((image) => image.name)).toEqual(['b']);
    expect(dataset.voc!.groundTruth).toHaveLength(2);
    await expect(openVocDataset(root, { split: 'test' })).rejects.toMatchObject({
      code: 'ERR_DATASET',
    });
  });

  it('rejects a missing folder or a missing image folder with ERR_DATASET', async () => {
    await expect(openVocDataset(path.join(folder, 'nope'))).rejects.toMatchObject({
      code: 'ERR_DATASET',
      message: expect.stringContaining('does not exist'),
    });
    const noImages = path.join(folder, 'noimages');
    mkdirSync(path.join(noImages, 'Annotations'), { recursive: true });
    writeFileSync(path.join(noImages, 'Annotations', 'a.xml'), vocXml(['dog']));
    await expect(openVocDataset(noImages)).rejects.toThrow(/JPEGImages does not exist/);
  });
});

describe('openCocoDataset', () => {
  it('takes file names from the annotations and requires the image folder', () => {
    const annotations = path.join(folder, 'instances.json');
    writeFileSync(
      annotations,
      JSON.stringify({
        images: [{ id: 42, file_name: 'x.jpg', width: 10, height: 10 }],
        annotations: [],
        categories: [{ id: 1, name: 'person' }],
      }),
    );
    const dataset = openCocoDataset(annotations, folder);
    expect(dataset.images).toEqual([{ id: 42, name: 'x.jpg', path: path.join(folder, 'x.jpg') }]);
    expect(() => openCocoDataset(annotations, path.join(folder, 'missing'))).toThrow(
      /image folder \(--images\).*does not exist/,
    );
  });
});
