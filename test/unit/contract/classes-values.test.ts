import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  classKey,
  mapClasses,
  parsePythonLiteral,
  parseRoles,
  parseSize,
  parseTriple,
  parseNumber,
  readUltralyticsMetadata,
  resolveClasses,
} from '../../../lib/contract/index.js';
import { cocoIdOfVocClass } from '../../../lib/data/categories.js';
import { vocClassNames } from '../../../lib/data/voc-classes.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-classes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('Python literals in Ultralytics metadata', () => {
  it('reads dicts, lists, tuples, strings with escapes, numbers, booleans and None', () => {
    expect(parsePythonLiteral("{0: 'person', 1: \"it's\", 2: 'a\\'b'}", 'names')).toEqual({
      0: 'person',
      1: "it's",
      2: "a'b",
    });
    expect(parsePythonLiteral('[640, 640]', 'imgsz')).toEqual([640, 640]);
    expect(
      parsePythonLiteral("{'batch': 1, 'half': False, 'data': None, 'x': (1.5, -2e-3)}", 'args'),
    ).toEqual({ batch: 1, half: false, data: null, x: [1.5, -0.002] });
    expect(() => parsePythonLiteral('{0: person}', 'names')).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE' }),
    );
  });
  it('takes plain strings (task: detect) as they are, and a {index: name} dict in index order', () => {
    const metadata = readUltralyticsMetadata({
      names: "{1: 'b', 0: 'a'}",
      task: 'detect',
      stride: '32',
      imgsz: '[480, 640]',
      end2end: 'True',
    });
    expect(metadata).toMatchObject({
      names: ['a', 'b'],
      task: 'detect',
      stride: 32,
      imgsz: [480, 640],
      end2end: true,
    });
    expect(readUltralyticsMetadata({ author: 'me' })).toBeUndefined();
  });
});

describe('classes', () => {
  const coco = {
    categories: [
      { id: 1, name: 'person' },
      { id: 4, name: 'motorcycle' },
      { id: 72, name: 'tv' },
    ],
    categoryOfCocoId: (id: number) => ([1, 4, 72].includes(id) ? id : -1),
  };
  const voc = {
    categories: vocClassNames.map((name, k) => ({ id: k + 1, name })),
    categoryOfCocoId: (id: number) => {
      const name = Object.entries(cocoIdOfVocClass).find(([, cocoId]) => cocoId === id)?.[0];
      return name === undefined ? -1 : vocClassNames.indexOf(name as never) + 1;
    },
  };

  it('coco80 maps class k to the k-th COCO id; the dataset keeps what it has', () => {
    const { map, unmatched } = mapClasses(resolveClasses({ source: 'coco80' }, 80), coco);
    expect([map[0], map[3], map[62], map[5]]).toEqual([1, 4, 72, -1]);
    expect(unmatched).toHaveLength(77);
  });

  it('a dataset numbering its own classes: ids that land on other names are an error naming --class-match name', () => {
    // A custom COCO-format set with car=1, person=2, dog=3 (the trial's reid.json).
    const renumbered = {
      categories: [
        { id: 1, name: 'car' },
        { id: 2, name: 'person' },
        { id: 3, name: 'dog' },
      ],
      categoryOfCocoId: (id: number) => ([1, 2, 3].includes(id) ? id : -1),
    };
    const coco80 = resolveClasses({ source: 'coco80' }, 80);
    expect(() => mapClasses(coco80, renumbered)).toThrow(
      /matched by id land on dataset categories of other names in 3 of 3 cases \(model person -> dataset car, model bicycle -> dataset person, model car -> dataset dog\).*--class-match name \(3 classes match by name\)/,
    );
    // By name the same set maps right.
    const byName = mapClasses({ ...coco80, match: 'name' }, renumbered);
    expect([byName.map[0], byName.map[2], byName.map[16]]).toEqual([2, 1, 3]);
    // Names that match nothing by name either (helmet, vest, head): mapped by id, with the
    // renamed pairs reported for a warning rather than refused.
    const ppe = {
      categories: ['helmet', 'vest', 'head'].map((name, k) => ({ id: k + 1, name })),
      categoryOfCocoId: (id: number) => ([1, 2, 3].includes(id) ? id : -1),
    };
    expect(mapClasses(coco80, ppe).renamed).toEqual([
      { model: 'person', dataset: 'helmet' },
      { model: 'bicycle', dataset: 'vest' },
      { model: 'car', dataset: 'head' },
    ]);
    // The real COCO names: nothing renamed.
    expect(mapClasses(coco80, coco).renamed).toEqual([]);
  });

  it('names match by key: case, spaces and darknet / VOC spellings do not matter', () => {
    expect(['Motorbike', 'tvmonitor', 'potted plant', 'aeroplane'].map(classKey)).toEqual([
      'motorcycle',
      'tv',
      'pottedplant',
      'airplane',
    ]);
    const names = resolveClasses(
      { source: 'inline', names: ['person', 'motorbike', 'tvmonitor', 'sofa'] },
      4,
    );
    expect(Array.from(mapClasses(names, coco).map)).toEqual([1, 4, 72, -1]);
    // The same names onto VOC's categories (1..20 in devkit order).
    expect(Array.from(mapClasses(names, voc).map)).toEqual([15, 14, 20, 18]);
  });

  it('reads names files: darknet .names, and YAML lists or {index: name} maps (an Ultralytics data.yaml)', () => {
    const names = path.join(folder, 'my.names');
    // Line k is class k, as darknet's get_labels reads it: a blank line is a class (with no
    // name, matching no category), so the classes after it keep their numbers.
    writeFileSync(names, 'cat\n\ndog\r\n');
    expect(resolveClasses({ source: names }, 3)).toMatchObject({
      names: ['cat', '', 'dog'],
      match: 'name',
    });
    // UTF-16 with a byte-order mark, as Windows editors save it.
    writeFileSync(
      names,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('cat\r\ndog\r\n', 'utf16le')]),
    );
    expect(resolveClasses({ source: names }, 2).names).toEqual(['cat', 'dog']);
    const yaml = path.join(folder, 'data.yaml');
    writeFileSync(yaml, 'path: x\nnames:\n  0: cat\n  1: dog\n');
    expect(resolveClasses({ source: yaml, match: 'id' }, 2)).toMatchObject({
      names: ['cat', 'dog'],
      match: 'id',
    });
    expect(() => resolveClasses({ source: path.join(folder, 'missing.names') }, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_FILE_NOT_FOUND' }),
    );
  });

  it('classes matching nothing in the dataset are one clear error listing both sides', () => {
    const vocModel = resolveClasses({ source: 'inline', names: ['aeroplane', 'bird'] }, 2);
    expect(() => mapClasses(vocModel, coco)).toThrow(
      expect.objectContaining({
        code: 'ERR_MODEL_CONTRACT',
        message: expect.stringMatching(
          /none of the model's classes \(inline, matched by name: aeroplane, bird\) is a category of the dataset \(person, motorcycle, tv\); set --classes/,
        ),
      }),
    );
  });
});

describe('flag values', () => {
  it('sizes, fractions, per-channel triples and roles', () => {
    expect(parseSize('640x480', '--input-size')).toEqual({ width: 640, height: 480 });
    expect(() => parseSize('640x', '--input-size')).toThrow(
      expect.objectContaining({
        message: 'Expected a size WxH such as 640x640 for --input-size but received "640x"',
      }),
    );
    expect(parseNumber('1/255', '--scale')).toBeCloseTo(1 / 255, 15);
    expect(parseTriple('0.485,0.456,0.406', '--mean')).toEqual([0.485, 0.456, 0.406]);
    expect(parseTriple('128', '--mean')).toEqual([128, 128, 128]);
    expect(() => parseTriple('1,2', '--std')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(parseRoles('scores=a,scores=b,boxes=c,boxes=d', '--outputs')).toEqual({
      scores: ['a', 'b'],
      boxes: ['c', 'd'],
    });
  });
});
