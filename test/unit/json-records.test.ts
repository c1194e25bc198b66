import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrtmapError } from '../../lib/errors.js';
import {
  parseJsonRecords,
  parseJsonValue,
  readJsonRecords,
  readJsonValue,
} from '../../lib/metrics/json-records.js';
import { stringifyJson } from '../../lib/metrics/json-write.js';
import { thrownTrtmapError } from '../helpers/errors.js';
import { tempFolder } from '../helpers/temp-folder.js';

const { folder, write } = tempFolder('trtmap-json-');

const documents: Record<string, unknown> = {
  results: [
    { image_id: 139, category_id: 1, bbox: [412.8, 157.61, 53.05, 138.01], score: 0.998 },
    { image_id: 139, category_id: 64, bbox: [-0.5, 1e-3, 2.5e2, 0], score: 1 },
  ],
  dataset: {
    info: { description: 'x "quoted" \\ \u00e9 \ud83d\ude00', year: 2017 },
    images: [{ id: 1, file_name: 'a [1].jpg' }, { id: 2 }],
    annotations: [],
    categories: [{ id: 1, name: '{person}' }],
    licenses: null,
    nested: { deeper: [[1, [2, {}]], []] },
  },
  scalar: 42.5,
  text: 'just a string',
  empty: [],
  emptyObject: {},
};

describe('readJsonRecords: a JSON file as a stream of records', () => {
  it.each(Object.entries(documents))(
    '%s: reassembled records equal JSON.parse, whatever the chunk size',
    (name, value) => {
      const text = JSON.stringify(value, null, name === 'dataset' ? 2 : undefined);
      const file = write(`${name}.json`, text);
      for (const chunkSize of [1, 2, 3, 7, 64, 1 << 20]) {
        expect(readJsonValue(file, { chunkSize }), `chunk ${chunkSize}`).toEqual(JSON.parse(text));
      }
    },
  );

  it('hands over each element of the top-level array, and of each array under a top-level key', () => {
    const seen: unknown[] = [];
    parseJsonRecords(Buffer.from('{"images": [{"id": 1}, 2], "info": {"a": 1}, "n": []}'), 'mem', {
      root: (kind) => seen.push(`root ${kind}`),
      arrayStart: (key) => seen.push(`array ${key}`),
      record: (key, index, value) => seen.push([key, index, value]),
    });
    expect(seen).toEqual([
      'root object',
      'array images',
      ['images', 0, { id: 1 }],
      ['images', 1, 2],
      ['info', -1, { a: 1 }],
      'array n',
    ]);
  });

  it('keeps integers above 2^53 exact (bigint) and every other number as JSON.parse reads it', () => {
    const value = parseJsonValue(
      Buffer.from(
        '[9007199254740992, 9007199254740993, -12345678901234567890, 1152921504606846976, ' +
          '0.30000000000000004, 1.2345678901234567e+300, 1e400, -0, 123456789012345678.5]',
      ),
      'mem',
    ) as unknown[];
    expect(value).toEqual([
      9007199254740992, // 2^53: a double holds it
      9007199254740993n,
      -12345678901234567890n,
      2 ** 60, // exactly a double: Python's int == float, so a number
      0.30000000000000004,
      1.2345678901234567e300,
      Infinity,
      -0,
      Number('123456789012345678.5'), // a float: as JSON.parse rounds it
    ]);
    expect(stringifyJson(value.slice(0, 3))).toBe(
      '[9007199254740992,9007199254740993,-12345678901234567890]',
    );
  });

  it('an integer of more than 4300 digits is ERR_PARSE, as Python refuses it (and BigInt would be quadratic)', () => {
    expect(
      String((parseJsonValue(Buffer.from(`[-${'7'.repeat(4300)}]`), 'mem') as bigint[])[0]),
    ).toHaveLength(4301);
    const error = thrownTrtmapError(() =>
      parseJsonValue(Buffer.from(`[${'7'.repeat(4301)}]`), 'mem'),
    );
    expect(error.message).toMatch(
      /expected an integer of at most 4300 digits .* at line 1, column 2/,
    );
  });

  it('finds big integers inside records that straddle chunk boundaries', () => {
    const file = write(
      'big.json',
      '[{"image_id": 123456789012345678901, "category_id": 1}, {"image_id": 123456789012345678902}]',
    );
    for (const chunkSize of [1, 5, 13, 1024]) {
      const ids = (readJsonValue(file, { chunkSize }) as { image_id: unknown }[]).map(
        (record) => record.image_id,
      );
      expect(ids).toEqual([123456789012345678901n, 123456789012345678902n]);
    }
  });

  it('skips a UTF-8 byte-order mark and decodes UTF-16 files', () => {
    const text = '{"images": [{"id": "é"}]}';
    expect(readJsonValue(write('bom.json', Buffer.from(`\ufeff${text}`, 'utf8')))).toEqual(
      JSON.parse(text),
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readJsonValue(write('utf16.json', utf16), { chunkSize: 3 })).toEqual(JSON.parse(text));
  });

  it.each([
    [
      '{\n  "images": [\n    {"id": 1,}\n  ]\n}',
      /expected a property name in double quotes at line 3, column 14/,
    ],
    ['[1, 2', /expected ',' or ']' at the end of the text/],
    ['', /expected a value at the end of the text/],
    ['[1]\n x', /expected the end of the text at line 2, column 2/],
    ['{"a" 1}', /expected ':' at line 1, column 6/],
    ['[{"score": NaN}]', /NaN is not JSON: Python's json\.dump writes it/],
    ['[{"a": "\\x"}]', /expected an escape sequence at line 1, column 10/],
    ['[{"a": "é", "b": tru}]', /expected a value at line 1, column 18/],
    ['{"annotations": [], "annotations": []}', /the key "annotations" appears twice/],
    ['[{"a": 1},\n {"a": 2},\n {"a": tru},\n {"a": 4}]', /expected a value at line 3, column 8/],
    ['{"images": [{"id": 1}, {"id": NaN}]}', /at line 1, column 31 \(NaN is not JSON/],
  ])('%j is ERR_PARSE naming the file and where', (text, message) => {
    const file = write('broken.json', text);
    for (const chunkSize of [1, 4, 1 << 20]) {
      const error = thrownTrtmapError(() => readJsonValue(file, { chunkSize }));
      expect(error.code).toBe('ERR_PARSE');
      expect(error.message).toMatch(/broken\.json: /);
      expect(error.message).toMatch(message);
    }
  });

  it('bytes that are not UTF-8 inside a record are ERR_PARSE, not U+FFFD', () => {
    const file = write('latin1.json', Buffer.from('[{"name": "caf\xe9"}]', 'latin1'));
    expect(thrownTrtmapError(() => readJsonValue(file)).message).toMatch(
      /not UTF-8: byte 0xE9 at offset 14/,
    );
  });

  it('a missing file is ERR_FILE_NOT_FOUND', () => {
    const error = thrownTrtmapError(() =>
      readJsonRecords(path.join(folder, 'absent.json'), { record() {} }),
    );
    expect(error.code).toBe('ERR_FILE_NOT_FOUND');
  });

  it('a record handler error stops the read and reaches the caller as it was thrown', () => {
    const file = write('stop.json', '[1, 2, 3]');
    const stop = new TrtmapError('ERR_RESULTS', 'stop');
    expect(() =>
      readJsonRecords(file, {
        record(_key, index) {
          if (index === 1) throw stop;
        },
      }),
    ).toThrow(stop);
  });
});
