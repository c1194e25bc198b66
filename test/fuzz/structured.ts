import fc from 'fast-check';
import { stringifyJson } from '../../lib/metrics/json-write.js';

/**
 * Well-formed-ish inputs built from each format's grammar, so the fuzzer
 * reaches validation, indexing and evaluation, not only the tokenizers:
 * COCO files whose fields take every kind of value (ids as numbers,
 * strings, integers above 2^53, booleans, null; boxes with huge, negative
 * or zero numbers), darknet cfgs made of random sections and options, VOC
 * annotations, detection text lines, and any JSON value.
 */
const encode = (text: string) => new TextEncoder().encode(text);

const oddNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 700 }),
  fc.constantFrom(0, -0, 1e-300, 1e300, 1.7976931348623157e308, 0.5, 2 ** 53),
);
const id = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', '1', '', '\u{1F600}') },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 53n + 1n, 2n ** 64n, -(2n ** 70n)) },
  { weight: 1, arbitrary: fc.constantFrom(true, null, 1.5, [1], { id: 1 }) },
);
const box = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(oddNumber, oddNumber, oddNumber, oddNumber) },
  { weight: 1, arbitrary: fc.array(oddNumber, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'x', [1, 2, 3, '4']) },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 5 });

const annotation = fc.record(
  {
    id: maybe(id),
    image_id: id,
    category_id: id,
    bbox: box,
    area: maybe(fc.oneof(oddNumber, fc.constant('big'))),
    iscrowd: maybe(fc.constantFrom(0, 1, true, false, 2, null)),
    ignore: maybe(fc.constantFrom(0, 1)),
    difficult: maybe(fc.constantFrom(0, 1, true)),
  },
  { requiredKeys: ['image_id', 'category_id', 'bbox'] },
);

export const cocoGroundTruth: fc.Arbitrary<Uint8Array> = fc
  .record({
    images: fc.array(
      fc.record(
        { id, width: maybe(oddNumber), height: maybe(oddNumber), file_name: maybe(fc.string()) },
        { requiredKeys: ['id'] },
      ),
      { maxLength: 6 },
    ),
    categories: fc.array(
      fc.record(
        { id, name: maybe(fc.oneof(fc.string(), fc.constant(7))) },
        { requiredKeys: ['id'] },
      ),
      {
        maxLength: 4,
      },
    ),
    annotations: fc.array(annotation, { maxLength: 24 }),
  })
  .map((dataset) => encode(stringifyJson(dataset)));

export const cocoResults: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.record(
      {
        image_id: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(1, 2, 3) },
          { weight: 1, arbitrary: id },
        ),
        category_id: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(1, 2, 3) },
          { weight: 1, arbitrary: id },
        ),
        bbox: box,
        score: fc.oneof(
          { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
          { weight: 1, arbitrary: oddNumber },
          { weight: 1, arbitrary: fc.constantFrom('0.5', null) },
        ),
      },
      { requiredKeys: ['image_id', 'category_id', 'bbox'] },
    ),
    { maxLength: 40 },
  )
  .map((results) => encode(stringifyJson(results)));

export const anyJson: fc.Arbitrary<Uint8Array> = fc.json({ maxDepth: 6 }).map(encode);

const cfgOption = fc.tuple(
  fc.constantFrom(
    'filters',
    'size',
    'stride',
    'stride_x',
    'stride_y',
    'pad',
    'padding',
    'groups',
    'batch_normalize',
    'activation',
    'layers',
    'from',
    'mask',
    'anchors',
    'classes',
    'num',
    'scale_x_y',
    'new_coords',
    'nms_kind',
    'beta_nms',
    'probability',
    'dilation',
    'antialiasing',
    'binary',
    'xnor',
    'weights_type',
  ),
  fc.oneof(
    fc.integer({ min: -4, max: 40 }).map(String),
    fc.constantFrom(
      'leaky',
      'linear',
      'mish',
      'swish',
      'logistic',
      'elu',
      'relu',
      'greedynms',
      'diounms',
      '0,1,2',
      '-1,-4',
      '1,2,3,4,5,6',
      '10,13,16,30,33,23',
      '1.05',
      'x',
      '',
      '2#c',
    ),
  ),
);
const cfgSection = fc.tuple(
  fc.constantFrom(
    'convolutional',
    'maxpool',
    'route',
    'shortcut',
    'upsample',
    'yolo',
    'dropout',
    'avgpool',
  ),
  fc.array(cfgOption, { maxLength: 6 }),
);

export const darknetCfg: fc.Arbitrary<Uint8Array> = fc
  .record({
    width: fc.constantFrom(32, 64, 17, 0, 416),
    height: fc.constantFrom(32, 64, 13),
    channels: fc.constantFrom(1, 3, 0),
    sections: fc.array(cfgSection, { minLength: 1, maxLength: 10 }),
    lineEnd: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ width, height, channels, sections, lineEnd }) =>
    encode(
      [`[net]`, `width=${width}`, `height=${height}`, `channels=${channels}`]
        .concat(
          sections.flatMap(([type, options]) => [
            `[${type}]`,
            ...options.map(([key, value]) => `${key} = ${value}`),
          ]),
        )
        .join(lineEnd),
    ),
  );

const xmlText = fc.oneof(
  fc.constantFrom(
    'dog',
    '0',
    '1',
    '',
    ' 12.5 ',
    'x &amp; y',
    '&#65;',
    '<![CDATA[<b>]]>',
    'é',
    '1e308',
  ),
  fc.string({ maxLength: 6 }).map((value) => value.replace(/[<&]/g, '')),
);
const vocObject = fc
  .record({
    name: xmlText,
    difficult: maybe(xmlText),
    box: fc.tuple(xmlText, xmlText, xmlText, xmlText),
    part: fc.boolean(),
  })
  .map(({ name, difficult, box, part }) => {
    const [xmin, ymin, xmax, ymax] = box;
    return (
      `<object><name>${name}</name>${difficult === undefined ? '' : `<difficult>${difficult}</difficult>`}` +
      `<bndbox><xmin>${xmin}</xmin><ymin>${ymin}</ymin><xmax>${xmax}</xmax><ymax>${ymax}</ymax></bndbox>` +
      `${part ? '<part><name>head</name></part>' : ''}</object>`
    );
  });

export const vocXml: fc.Arbitrary<Uint8Array> = fc
  .record({
    declaration: fc.constantFrom(
      '',
      '<?xml version="1.0"?>',
      '<?xml version="1.0" encoding="ISO-8859-1"?>',
    ),
    objects: fc.array(vocObject, { maxLength: 5 }),
  })
  .map(({ declaration, objects }) =>
    encode(
      `${declaration}<annotation><filename>a.jpg</filename>${objects.join('\n')}</annotation>`,
    ),
  );

export const vocText: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.array(
      fc.oneof(
        fc.constantFrom('dog', 'difficult', '0', '1', '-3.5', '.5', '1e9', '1e999', 'NaN'),
        fc.double({ noNaN: true }).map(String),
      ),
      {
        minLength: 5,
        maxLength: 7,
      },
    ),
    { maxLength: 12 },
  )
  .map((lines) => encode(lines.map((tokens) => tokens.join(' ')).join('\n')));
