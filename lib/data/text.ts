import { promises as fs, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { TrtmapError } from '../errors.js';

/**
 * The one way trtmap turns a text file's bytes into a string: COCO and results
 * JSON, VOC xml, text detections, ImageSets lists, darknet cfg and names files
 * all come through here, so a file written by a Windows tool reads the same
 * in every reader.
 *
 * - A byte-order mark picks the encoding (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE)
 *   and is dropped.
 * - XML (`xml: true`) without a byte-order mark: UTF-16/32 recognized by the
 *   bytes of its first `<` (XML 1.0 appendix F), otherwise the declaration's
 *   `encoding=` (ISO-8859-1, Windows-1252, GBK, Shift_JIS, ... decoded by
 *   iconv-lite, which does not depend on Node's ICU build), UTF-8 when absent.
 * - Anything else is UTF-8, checked: bytes that are not UTF-8 are an
 *   ERR_PARSE naming the offset and line, never silently replaced by U+FFFD.
 *   NUL bytes mean UTF-16 without a byte-order mark: an error saying so.
 */
export interface TextOptions {
  /** Honour an XML declaration's encoding and BOM-less UTF-16 XML. */
  xml?: boolean;
}

/** Encodings named by a byte-order mark, longest mark first (UTF-32 LE starts like UTF-16 LE). */
const byteOrderMarks: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

/** The first bytes of `<?` in each wide encoding, for XML without a byte-order mark. */
const xmlStarts: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be' },
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be' },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le' },
];

/** The encoding a byte-order mark names and the mark's length, or undefined without one. */
export function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  const found = byteOrderMarks.find((mark) => startsWith(bytes, mark.bytes));
  return found && { encoding: found.encoding, length: found.bytes.length };
}

/**
 * Decodes a text file's bytes (see the module comment). Throws ERR_PARSE for
 * bytes that are not in the file's encoding and ERR_UNSUPPORTED for an
 * encoding iconv-lite does not know, each naming the file.
 */
export function decodeText(bytes: Uint8Array, file: string, options: TextOptions = {}): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mark = byteOrderMark(buffer);
  if (mark !== undefined) {
    const body = buffer.subarray(mark.length);
    return mark.encoding === 'utf-8' ? decodeUtf8(body, file) : decodeWide(body, mark.encoding);
  }
  if (options.xml) {
    const wide = xmlStarts.find((start) => startsWith(buffer, start.bytes));
    if (wide !== undefined) return decodeWide(buffer, wide.encoding);
    const declared = declaredXmlEncoding(buffer);
    if (declared !== undefined && !isUtf8Name(declared)) {
      return decodeDeclared(buffer, declared, file);
    }
  }
  if (buffer.indexOf(0) !== -1) {
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}: contains NUL bytes: UTF-16 text without a byte-order mark? Save it as UTF-8 ` +
        '(or as UTF-16 with a byte-order mark)',
      { file },
    );
  }
  return decodeUtf8(buffer, file);
}

/** Reads and decodes a text file; a missing file is ERR_FILE_NOT_FOUND, other failures ERR_IO. */
export function readTextFileSync(file: string, options: TextOptions = {}): string {
  return decodeText(readBytesSync(file), file, options);
}

/** The asynchronous readTextFileSync. */
export async function readTextFile(file: string, options: TextOptions = {}): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw fileReadError(error, file);
  }
  return decodeText(bytes, file, options);
}

/** A file's bytes; ERR_FILE_NOT_FOUND / ERR_IO as readTextFileSync. */
export function readBytesSync(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw fileReadError(error, file);
  }
}

/** The TrtmapError for a failed read of `file` (ENOENT: ERR_FILE_NOT_FOUND; else ERR_IO). */
export function fileReadError(error: unknown, file: string): TrtmapError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new TrtmapError('ERR_FILE_NOT_FOUND', `${file}: no such file`, { file, cause: error });
  }
  if (code === 'EISDIR') {
    return new TrtmapError('ERR_IO', `${file}: is a folder, not a file`, { file, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new TrtmapError('ERR_IO', `${file}: cannot read: ${reason}`, { file, cause: error });
}

/**
 * UTF-8 with its validity checked: Node replaces each invalid sequence with
 * U+FFFD, so the text is valid exactly when every U+FFFD in it was spelled
 * EF BF BD in the bytes. `offset` is where `bytes` start in the file, for
 * the message.
 */
export function decodeUtf8(bytes: Buffer, file: string, offset = 0): string {
  const text = bytes.toString('utf8');
  checkUtf8(text, bytes, file, offset);
  return text;
}

/** Throws unless `text` (Node's decoding of `bytes`) has no replacement character that `bytes` lacks. */
export function checkUtf8(text: string, bytes: Buffer, file: string, offset = 0): void {
  let index = text.indexOf('\ufffd');
  if (index === -1) return;
  let byteIndex = 0;
  let counted = 0;
  for (; index !== -1; index = text.indexOf('\ufffd', index + 1)) {
    byteIndex += Buffer.byteLength(text.slice(counted, index), 'utf8');
    counted = index;
    if (
      bytes[byteIndex] !== 0xef ||
      bytes[byteIndex + 1] !== 0xbf ||
      bytes[byteIndex + 2] !== 0xbd
    ) {
      const line = lineOfByte(bytes, byteIndex);
      const at = offset + byteIndex;
      throw new TrtmapError(
        'ERR_PARSE',
        `${file}: not UTF-8: byte 0x${bytes[byteIndex].toString(16).toUpperCase().padStart(2, '0')} ` +
          `at offset ${at}${offset === 0 ? ` (line ${line})` : ''}. Save the file as UTF-8 ` +
          '(an XML file may instead declare its encoding, e.g. <?xml version="1.0" encoding="ISO-8859-1"?>)',
        { file },
      );
    }
  }
}

function decodeWide(bytes: Buffer, encoding: string): string {
  // iconv-lite replaces an odd trailing byte or a lone surrogate rather than
  // failing; such a file is damaged beyond what a message could fix.
  return iconv.decode(bytes, encoding, { stripBOM: false });
}

function decodeDeclared(bytes: Buffer, declared: string, file: string): string {
  if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(declared)) {
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}: declares encoding="${declared}" but its bytes are not ${declared} ` +
        '(no byte-order mark, and "<?xml" is written one byte per character): fix the declaration',
      { file },
    );
  }
  if (!iconv.encodingExists(declared)) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `${file}: the XML declares encoding="${declared}", which trtmap cannot decode; ` +
        'save the file as UTF-8',
      { file },
    );
  }
  return iconv.decode(bytes, declared, { stripBOM: false });
}

/** The `encoding` of an `<?xml ... ?>` declaration at the very start, read as ASCII. */
function declaredXmlEncoding(bytes: Buffer): string | undefined {
  if (!startsWith(bytes, [0x3c, 0x3f, 0x78, 0x6d, 0x6c])) return undefined; // "<?xml"
  const end = bytes.indexOf('?>', 0, 'latin1');
  const head = bytes.toString('latin1', 0, end === -1 ? Math.min(bytes.length, 256) : end);
  const match = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  return match ? (match[1] ?? match[2]).trim() : undefined;
}

function isUtf8Name(name: string): boolean {
  return /^utf-?8$/i.test(name);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((byte, index) => bytes[index] === byte);
}

function lineOfByte(bytes: Buffer, byteIndex: number): number {
  let line = 1;
  for (let at = bytes.indexOf(10); at !== -1 && at < byteIndex; at = bytes.indexOf(10, at + 1)) {
    line++;
  }
  return line;
}
