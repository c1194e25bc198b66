import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../lib/data/text.js';
import { thrownTrtmapError } from '../../helpers/errors.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part),
    ),
  );

/** UTF-16 bytes of `text` (BMP only) in either order, written by hand, not by the decoder under test. */
function utf16(text: string, order: 'le' | 'be'): number[] {
  return [...text].flatMap((char) => {
    const code = char.charCodeAt(0);
    return order === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
  });
}

describe('decodeText: every reader reads text the same way', () => {
  it('drops a UTF-8 byte-order mark (files written by Windows tools)', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], '{"a": 1}'), 'f.json')).toBe('{"a": 1}');
  });

  it.each(['le', 'be'] as const)('decodes UTF-16 %s with a byte-order mark', (order) => {
    const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
    expect(decodeText(bytes(mark, utf16('dog 0.9 1 2 3 4\n', order)), 'd.txt')).toBe(
      'dog 0.9 1 2 3 4\n',
    );
  });

  it('decodes UTF-32 LE with a byte-order mark (not mistaken for UTF-16 LE)', () => {
    const text = bytes([0xff, 0xfe, 0, 0], [0x61, 0, 0, 0, 0x62, 0, 0, 0]);
    expect(decodeText(text, 'a.txt')).toBe('ab');
  });

  it('reads UTF-16 XML without a byte-order mark by the bytes of "<?"', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><a/>';
    expect(decodeText(bytes(utf16(xml, 'le')), 'a.xml', { xml: true })).toBe(xml);
    expect(decodeText(bytes(utf16(xml, 'be')), 'a.xml', { xml: true })).toBe(xml);
  });

  it.each([
    // Byte values from Python: 'é'.encode('latin1'), '€'.encode('cp1252'), '猫'.encode('gbk'),
    // 'ネコ'.encode('shift_jis'), 'Ω'.encode('iso-8859-7').
    ['ISO-8859-1', [0xe9], 'é'],
    ['windows-1252', [0x80], '€'],
    ['GBK', [0xc3, 0xa8], '猫'],
    ['Shift_JIS', [0x83, 0x6c, 0x83, 0x52], 'ネコ'],
    ['iso-8859-7', [0xd9], 'Ω'],
  ])('honours an XML declaration of encoding="%s"', (encoding, name, expected) => {
    const head = `<?xml version="1.0" encoding="${encoding}"?><name>`;
    const text = decodeText(bytes(head, name, '</name>'), 'a.xml', { xml: true });
    expect(text).toBe(`${head}${expected}</name>`);
  });

  it('ISO-8859-1 is Latin-1 as XML parsers read it, not windows-1252 as WHATWG labels it', () => {
    const head = '<?xml version="1.0" encoding="ISO-8859-1"?><a>';
    expect(decodeText(bytes(head, [0x80], '</a>'), 'a.xml', { xml: true })).toBe(
      `${head}\u0080</a>`,
    );
  });

  it('an encoding it cannot decode is ERR_UNSUPPORTED naming the encoding', () => {
    const error = thrownTrtmapError(() =>
      decodeText(bytes('<?xml version="1.0" encoding="x-klingon"?><a/>'), 'a.xml', { xml: true }),
    );
    expect(error.code).toBe('ERR_UNSUPPORTED');
    expect(error.message).toMatch(/a\.xml: .*encoding="x-klingon"/);
  });

  it('a UTF-16 declaration on one-byte text is ERR_PARSE', () => {
    const error = thrownTrtmapError(() =>
      decodeText(bytes('<?xml version="1.0" encoding="UTF-16"?><a/>'), 'a.xml', { xml: true }),
    );
    expect(error.code).toBe('ERR_PARSE');
    expect(error.message).toMatch(/declares encoding="UTF-16" but its bytes are not/);
  });

  it('bytes that are not UTF-8 are ERR_PARSE with the offset and line, never U+FFFD', () => {
    const error = thrownTrtmapError(() =>
      decodeText(bytes('tv 0.5 1 2 3 4\ncaf', [0xe9], '\n'), 'd.txt'),
    );
    expect(error.code).toBe('ERR_PARSE');
    expect(error.message).toMatch(/d\.txt: not UTF-8: byte 0xE9 at offset 18 \(line 2\)/);
  });

  it('a U+FFFD written in the file is text like any other', () => {
    expect(decodeText(bytes([0x61, 0xef, 0xbf, 0xbd, 0x62]), 'a.txt')).toBe('a\ufffdb');
  });

  it('NUL bytes without a byte-order mark are ERR_PARSE suggesting UTF-16', () => {
    const error = thrownTrtmapError(() => decodeText(bytes(utf16('dog 1 2 3 4', 'le')), 'd.txt'));
    expect(error.message).toMatch(/UTF-16 text without a byte-order mark/);
  });
});
