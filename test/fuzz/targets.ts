import type fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { foreignModelKind, readOnnxMetadataProps } from '../../lib/backends/onnx-metadata.js';
import { parseNamesFile } from '../../lib/data/categories.js';
import { decodeText } from '../../lib/data/text.js';
import { parseVocAnnotation } from '../../lib/data/voc-xml.js';
import { convertDarknet, parseNetwork } from '../../lib/darknet/index.js';
import { readDecoderMetadata } from '../../lib/darknet/metadata.js';
import { readWeights } from '../../lib/darknet/weights.js';
import { CocoEvaluator } from '../../lib/metrics/coco/evaluator.js';
import { parseGroundTruthJson } from '../../lib/metrics/coco/ground-truth.js';
import { parseResultsJson } from '../../lib/metrics/coco/results.js';
import { parseJsonValue } from '../../lib/metrics/json-records.js';
import { evaluateVoc } from '../../lib/metrics/voc/evaluate.js';
import { vocInputsFromParsedCoco } from '../../lib/metrics/voc/load-coco.js';
import {
  parseVocDetectionText,
  parseVocGroundTruthText,
} from '../../lib/metrics/voc/text-boxes.js';
import { encodeModel } from '../../lib/onnx/model.js';
import { readUltralyticsMetadata, ultralyticsLayer } from '../../lib/contract/metadata.js';
import { splitEngineFile } from '../../lib/trt/engine-file.js';
import { describePlanOrigin } from '../../lib/trt/plan-header.js';
import { fixturesRoot } from '../helpers/fixtures.js';
import * as structured from './structured.js';

/**
 * What the TypeScript fuzzer runs: each target reads untrusted bytes the way
 * trtmap reads a user's file. A finding is any exception other than a
 * TrtmapError (the error type users see), a hang, or (json) a value that
 * differs from JSON.parse's. Seeds are the fixtures' real files plus small
 * built-in ones, so the targets run without fixtures too.
 */
export interface FuzzTarget {
  name: string;
  seeds(): Uint8Array[];
  /** Extra tokens the mutator splices in (the format's own syntax). */
  tokens: readonly string[];
  /** Inputs built from the format's grammar (structured.ts), mixed with the mutated seeds. */
  structured?: fc.Arbitrary<Uint8Array>;
  run(bytes: Uint8Array): void;
}

const text = (value: string) => new TextEncoder().encode(value);

/** Fixture files under `relative` (a file or folder) with one of `extensions`, at most `limit` bytes each. */
function fixtureFiles(
  relative: string,
  extensions: string[],
  limit = 65536,
  most = 40,
): Uint8Array[] {
  if (fixturesRoot === undefined) return [];
  const found: Uint8Array[] = [];
  const visit = (target: string) => {
    if (found.length >= most) return;
    let stat;
    try {
      stat = statSync(target);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(target).sort()) visit(path.join(target, name));
    } else if (extensions.some((extension) => target.endsWith(extension)) && stat.size <= limit) {
      found.push(readFileSync(target));
    }
  };
  visit(path.join(fixturesRoot, relative));
  return found;
}

const jsonTokens = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  '\\u00',
  '\\ud800',
  'NaN',
  '-Infinity',
  '1e999',
  '-0',
  '9007199254740993',
  '123456789012345678901234567890',
  '1.7976931348623157e308',
  'true',
  'null',
  '\u0000',
  '\u00ff',
  '\ufeff',
  '"images"',
  '"annotations"',
  '"categories"',
  '"id"',
  '"bbox"',
  '"image_id"',
  '"category_id"',
  '"score"',
  '"area"',
  '"iscrowd"',
  '[1,2,3,4]',
  '[0,0,0,0]',
  '1.5',
  '-1',
  '"x"',
  '"__proto__"',
  '{"id":"a"}',
  '[[[[[[[[[[',
  ']]]]]]]]]]',
];

const tinyGroundTruth = JSON.stringify({
  images: [{ id: 1, width: 100, height: 80 }, { id: 'b' }, { id: 9007199254740993n.toString() }],
  categories: [
    { id: 1, name: 'person' },
    { id: 2, name: 'dog' },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 30], area: 600, iscrowd: 0 },
    { id: 2, image_id: 1, category_id: 2, bbox: [50, 40, 20, 30], area: 600, iscrowd: 1 },
  ],
});
const tinyResults = JSON.stringify([
  { image_id: 1, category_id: 1, bbox: [11, 10, 20, 30], score: 0.9 },
  { image_id: 1, category_id: 2, bbox: [50, 40, 19, 30], score: 0.5 },
]);

/** The ground truth fuzzed results are scored against (the tiny one, with numeric image 1). */
const resultsGroundTruth = parseGroundTruthJson(
  text(
    JSON.stringify({
      images: [1, 2, 3].map((id) => ({ id, width: 100, height: 80 })),
      categories: [1, 2, 3].map((id) => ({ id, name: `c${id}` })),
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 30], area: 600 },
        { id: 2, image_id: 2, category_id: 2, bbox: [0, 0, 100, 80], area: 8000, iscrowd: 1 },
      ],
    }),
  ),
);

const xmlTokens = [
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&amp;',
  '&#0;',
  '&#x10FFFF;',
  '&#xD800;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0" encoding="GBK"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?xml version="1.0" encoding="x-unknown"?>',
  '<!DOCTYPE a [<!ENTITY x "y">]>',
  '<difficult/>',
  '<difficult>1</difficult>',
  '<object>',
  '</object>',
  '<bndbox>',
  '<xmin>1e308</xmin>',
  '<name>',
  '\u00e9',
];

const vocXml =
  '<annotation><filename>a.jpg</filename><size><width>10</width><height>10</height><depth>3</depth></size>' +
  '<object><name>dog</name><difficult/><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>';

const textTokens = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '1e999',
  '-0',
  'NaN',
  '0x10',
  '.5',
  '1.',
  'difficult',
  '\u00a0',
  '\ufeff',
];

const cfgTokens = [
  '[net]',
  '[convolutional]',
  '[yolo]',
  '[route]',
  '[shortcut]',
  '[maxpool]',
  '[upsample]',
  '[dropout]',
  'layers=-1',
  'layers=-100',
  'layers=0,1',
  'from=-3',
  'filters=0',
  'size=0',
  'stride=0',
  'stride=-1',
  'groups=0',
  'groups=3',
  'mask=0,1,2',
  'mask=',
  'anchors=',
  'anchors=1e9,1',
  'classes=0',
  'num=0',
  'width=0',
  'width=100000',
  'height=1',
  'channels=0',
  'channels=1',
  'pad=1',
  'padding=7',
  'stride_x=3',
  '#',
  ';',
  '\r\n',
  '\n',
  '=',
  'batch_normalize=1',
  'activation=mish',
  'activation=leaky#x',
  'new_coords=1',
  'scale_x_y=1.05',
  'nms_kind=diounms',
  'beta_nms=0.6',
  'letter_box=1',
  '32#',
  '\t',
];

const tinyCfg =
  '[net]\nwidth=64\nheight=64\nchannels=3\n[convolutional]\nbatch_normalize=1\nfilters=8\nsize=3\nstride=2\npad=1\nactivation=leaky\n' +
  '[maxpool]\nsize=2\nstride=2\n[convolutional]\nfilters=18\nsize=1\nactivation=linear\n[yolo]\nmask=0,1,2\nanchors=10,13,16,30,33,23\nnum=3\nclasses=1\n';
const weightsNetwork = parseNetwork(tinyCfg, 'tiny.cfg');
function tinyWeights(): Uint8Array {
  const floats = 8 * (1 + 3 + 3 * 9) + 18 * (1 + 8);
  const bytes = new Uint8Array(20 + floats * 4);
  const view = new DataView(bytes.buffer);
  view.setInt32(4, 2, true);
  view.setInt32(8, 5, true);
  for (let index = 0; index < floats; index++)
    view.setFloat32(20 + index * 4, Math.sin(index), true);
  return bytes;
}

export const targets: FuzzTarget[] = [
  {
    name: 'text-decode',
    tokens: [...xmlTokens, '\ufeff', '\u0000', '\ud800', '\u00ff\u00fe', '\u00fe\u00ff'],
    seeds: () => [
      text(vocXml),
      text('dog 0.5 1 2 3 4\n'),
      ...fixtureFiles('wild', ['.xml', '.txt']),
    ],
    run(bytes) {
      decodeText(bytes, 'input');
      decodeText(bytes, 'input.xml', { xml: true });
    },
  },
  {
    name: 'json',
    structured: structured.anyJson,
    tokens: jsonTokens,
    seeds: () => [text(tinyGroundTruth), text(tinyResults), text('[1, "a", {"b": [null, true]}]')],
    run(bytes) {
      const ours = parseJsonValue(bytes, 'input.json');
      compareWithJsonParse(bytes, ours);
    },
  },
  {
    name: 'coco-ground-truth',
    structured: structured.cocoGroundTruth,
    tokens: jsonTokens,
    seeds: () => [
      text(tinyGroundTruth),
      ...fixtureFiles('wild', ['gt.json', 'gt_bom.json', 'gt_nobom.json']),
      ...fixtureFiles('parity/faster_coco_eval/tests/dataset', [
        'gt_dataset.json',
        'gt_ignore_test.json',
      ]),
    ],
    run(bytes) {
      const groundTruth = parseGroundTruthJson(bytes, 'gt.json');
      const evaluator = new CocoEvaluator(groundTruth);
      evaluator.summarize();
      evaluateVoc(
        vocInputsFromParsedCoco(groundTruth, parseResultsJson(text('[]'), groundTruth)).groundTruth,
        [],
      );
    },
  },
  {
    name: 'coco-results',
    structured: structured.cocoResults,
    tokens: jsonTokens,
    seeds: () => [text(tinyResults), ...fixtureFiles('wild', ['results.json'])],
    run(bytes) {
      const results = parseResultsJson(bytes, resultsGroundTruth, 'results.json');
      const evaluator = new CocoEvaluator(resultsGroundTruth);
      evaluator.addResults(results);
      evaluator.summarize();
      const voc = vocInputsFromParsedCoco(resultsGroundTruth, results);
      evaluateVoc(voc.groundTruth, voc.detections, { classNames: voc.classNames });
    },
  },
  {
    name: 'voc-xml',
    structured: structured.vocXml,
    tokens: xmlTokens,
    seeds: () => [
      text(vocXml),
      ...fixtureFiles('wild', ['.xml']),
      ...fixtureFiles('datasets/voc100/Annotations', ['.xml'], 65536, 20),
    ],
    run(bytes) {
      parseVocAnnotation(decodeText(bytes, 'a.xml', { xml: true }), 'a.xml');
    },
  },
  {
    name: 'voc-text',
    structured: structured.vocText,
    tokens: textTokens,
    seeds: () => [
      text('dog 0.9 1 2 3 4\ncat 0.1 5 6 7 8\n'),
      text('dog 1 2 3 4 difficult\n'),
      ...fixtureFiles('wild', ['.txt']),
      ...fixtureFiles('datasets/voc100/detections/txt', ['.txt'], 65536, 10),
    ],
    run(bytes) {
      const source = decodeText(bytes, 'a.txt');
      const detections = parseVocDetectionText(source, 'a.txt', 'a', 'xyxy');
      parseVocDetectionText(source, 'a.txt', 'a', 'xywh');
      const groundTruth = parseVocGroundTruthText(source, 'a.txt', 'a', 'xyxy');
      evaluateVoc(groundTruth, detections);
    },
  },
  {
    name: 'darknet-cfg',
    structured: structured.darknetCfg,
    tokens: cfgTokens,
    seeds: () => [
      text(tinyCfg),
      ...fixtureFiles('models', ['.cfg']),
      ...fixtureFiles('wild', ['.cfg']),
    ],
    run(bytes) {
      parseNetwork(decodeText(bytes, 'model.cfg'), 'model.cfg');
    },
  },
  {
    name: 'darknet-weights',
    tokens: ['\u0000\u0000\u0000\u0000', '\u00ff\u00ff\u00ff\u007f', '\u0000\u0000\u00c0\u007f'],
    seeds: () => [tinyWeights()],
    run(bytes) {
      const weights = readWeights(bytes, weightsNetwork, 'model.weights');
      encodeModel(convertDarknet(weightsNetwork, weights).model);
    },
  },
  {
    name: 'onnx-metadata',
    tokens: [
      '\u0008\u0007',
      '\u0072\u0000',
      '\u0072\u0080\u0080\u0080\u0080\u0010',
      'TFL3',
      'PK',
      '[net]',
      '\u0000\u0000\u0000\u0000\u0002\u0000\u0000\u0000',
    ],
    seeds: () => {
      const converted = encodeModel(
        convertDarknet(weightsNetwork, readWeights(tinyWeights(), weightsNetwork)).model,
      );
      return [
        converted,
        ...fixtureFiles('models', ['.onnx'], 1 << 26, 10).map((bytes) => bytes.subarray(0, 4096)),
      ];
    },
    run(bytes) {
      foreignModelKind(bytes);
      readDecoderMetadata(readOnnxMetadataProps(bytes, 'model.onnx'));
    },
  },
  {
    // Engine files as people have them: an Ultralytics .engine (4-byte length, JSON metadata,
    // plan) or a bare plan, whose header says which TensorRT built it; the metadata goes on
    // into the model contract as eval --engine reads it.
    name: 'engine-header',
    tokens: [
      'ftrt',
      'ptrt',
      '{"names": {0: \'person\', 1: \'bicycle\'}, "imgsz": [640, 640], "stride": 32, "task": "detect"}',
      '"batch": 1',
      '"half": true',
      '\u0000\u0000\u0000\u0000',
      '\u00ff\u00ff\u00ff\u007f',
      '{',
      '}',
    ],
    seeds: () => {
      const plan = (magic: string, version: number[]) => {
        const bytes = new Uint8Array(64);
        bytes.set(text(magic));
        bytes.set(version, 24);
        bytes[8] = 205;
        return bytes;
      };
      const ultralytics = (json: string, body: Uint8Array) => {
        const meta = text(json);
        const bytes = new Uint8Array(4 + meta.length + body.length);
        new DataView(bytes.buffer).setUint32(0, meta.length, true);
        bytes.set(meta, 4);
        bytes.set(body, 4 + meta.length);
        return bytes;
      };
      const meta =
        '{"description": "Ultralytics YOLOv8n model", "stride": 32, "task": "detect", "batch": 1, "imgsz": [640, 640], "names": {0: \'person\', 1: \'bicycle\'}, "args": {"half": true, "int8": false}}';
      return [
        plan('ftrt', [10, 3, 0]),
        plan('ptrt', [0, 0, 0]),
        ultralytics(meta, plan('ftrt', [8, 6, 1])),
        ultralytics(
          JSON.stringify({ names: "{0: 'a'}", imgsz: '[320, 320]', stride: 32 }),
          plan('ftrt', [10, 16, 0]),
        ),
      ];
    },
    run(bytes) {
      const { plan, metadata } = splitEngineFile(bytes);
      describePlanOrigin(plan, '10.16.0');
      describePlanOrigin(plan, '8.2.1');
      const ultralytics = readUltralyticsMetadata(metadata);
      if (ultralytics !== undefined) ultralyticsLayer(ultralytics);
    },
  },
  {
    name: 'names',
    tokens: textTokens,
    seeds: () => [text('person\nbicycle\r\n\r\ncar\n'), ...fixtureFiles('models', ['.names'])],
    run(bytes) {
      parseNamesFile(decodeText(bytes, 'coco.names'));
    },
  },
];

/**
 * The json target's oracle: where JSON.parse reads the same text (no
 * byte-order mark, valid UTF-8, no integer that needs a bigint, no repeated
 * top-level key), the reader must give JSON.parse's value; where JSON.parse
 * fails, the reader must have failed too (it did not, since it returned).
 */
function compareWithJsonParse(bytes: Uint8Array, ours: unknown): void {
  const buffer = Buffer.from(bytes);
  if (buffer[0] === 0xef || buffer[0] === 0xfe || buffer[0] === 0xff) return;
  const source = buffer.toString('utf8');
  if (source.includes('\ufffd')) return;
  let reference: unknown;
  try {
    reference = JSON.parse(source);
  } catch {
    throw new Error('the reader accepted text JSON.parse refuses');
  }
  let same: boolean;
  try {
    if (containsBigint(ours)) return;
    same = sameJson(ours, reference);
  } catch (error) {
    // The oracle's own recursion on a value nested thousands deep: no verdict.
    if (error instanceof RangeError) return;
    throw error;
  }
  if (!same) throw new Error('the reader and JSON.parse give different values');
}

function containsBigint(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(containsBigint);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length || keysA.some((key, index) => key !== keysB[index]))
    return false;
  return keysA.every((key) =>
    sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
