import { closeSync, openSync, readSync } from 'node:fs';
import { byteOrderMark, checkUtf8, decodeText, fileReadError } from '../data/text.js';
import { TrtmapError } from '../errors.js';
import { Kind, ValueScan } from './json-scan.js';
import { describeJsonSyntaxError, JsonSyntaxError, parseJsonExact } from './json-syntax.js';

/**
 * Reads a JSON document as a stream of records, so a 500 MB results file is
 * never one string (V8 caps strings at 2^29 characters) nor one object tree:
 * the bytes are read in chunks, a small state machine follows the document's
 * top two levels, and each record (an element of the top-level array, an
 * element of an array under a top-level key, or a top-level key's other
 * value) is parsed on its own and handed over. A record is parsed by
 * JSON.parse, or by parseJsonExact when it holds an integer literal of 16 or
 * more digits (which may exceed 2^53: ids stay exact). Text encodings as
 * lib/data/text.ts reads them (a UTF-8 byte-order mark is skipped; UTF-16/32
 * files are decoded whole first).
 *
 * Records are validated as JSON.parse would validate the whole document,
 * except that a key repeated at the top level is an error (JSON.parse would
 * keep the last; a COCO file with two "annotations" arrays is broken).
 */
export interface JsonRecordHandler {
  /** Called once, at the root's first character: lets a reader refuse the wrong shape early. */
  root?(kind: 'array' | 'object' | 'value'): void;
  /**
   * One record: `key` is the top-level key (undefined inside a top-level
   * array); `index` the position in that array, or -1 for a value that is not
   * inside an array (a key's object or number, a scalar root).
   */
  record(key: string | undefined, index: number, value: unknown): void;
  /** Called when a top-level key's value is an array, before its elements. */
  arrayStart?(key: string): void;
}

const defaultChunkSize = 1 << 22;

export interface JsonReadOptions {
  /** Bytes read at a time (default 4 MiB); the tests make it tiny to cross boundaries everywhere. */
  chunkSize?: number;
}

/** Streams the records of a JSON file to `handler`; ERR_FILE_NOT_FOUND, ERR_IO, ERR_PARSE. */
export function readJsonRecords(
  file: string,
  handler: JsonRecordHandler,
  options: JsonReadOptions = {},
): void {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw fileReadError(error, file);
  }
  try {
    let reader: JsonRecordReader | undefined;
    let first = true;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      let length: number;
      try {
        length = readSync(fd, chunk, 0, chunkSize, null);
      } catch (error) {
        throw fileReadError(error, file);
      }
      if (first && length > 0) {
        first = false;
        const mark = byteOrderMark(chunk.subarray(0, length));
        if (mark !== undefined && mark.encoding !== 'utf-8') {
          // UTF-16/32: rare and never huge in practice; decode it whole.
          return parseJsonRecords(
            readRest(fd, chunk.subarray(0, length), chunkSize),
            file,
            handler,
          );
        }
        const skip = mark === undefined ? 0 : mark.length;
        reader = new JsonRecordReader(file, handler, { file, fd }, skip);
        reader.push(chunk.subarray(skip, length));
        continue;
      }
      reader ??= new JsonRecordReader(file, handler, { file, fd });
      if (length === 0) break;
      reader.push(chunk.subarray(0, length));
    }
    reader.end();
  } finally {
    closeSync(fd);
  }
}

/** readJsonRecords over bytes in memory (`source` names them in messages). */
export function parseJsonRecords(
  bytes: Uint8Array,
  source: string,
  handler: JsonRecordHandler,
): void {
  let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mark = byteOrderMark(buffer);
  if (mark !== undefined) {
    buffer =
      mark.encoding === 'utf-8'
        ? buffer.subarray(mark.length)
        : Buffer.from(decodeText(buffer, source), 'utf8');
  }
  const reader = new JsonRecordReader(source, handler, { bytes: buffer });
  reader.push(buffer);
  reader.end();
}

/** The whole document as one value (records reassembled), with exact big integers. */
export function readJsonValue(file: string, options: JsonReadOptions = {}): unknown {
  const assembler = new ValueAssembler();
  readJsonRecords(file, assembler, options);
  return assembler.value;
}

/** parseJsonRecords + reassembly, for bytes in memory. */
export function parseJsonValue(bytes: Uint8Array, source: string): unknown {
  const assembler = new ValueAssembler();
  parseJsonRecords(bytes, source, assembler);
  return assembler.value;
}

class ValueAssembler implements JsonRecordHandler {
  value: unknown;
  root(kind: 'array' | 'object' | 'value'): void {
    if (kind === 'array') this.value = [];
    if (kind === 'object') this.value = {};
  }
  record(key: string | undefined, index: number, value: unknown): void {
    if (key === undefined) {
      if (index === -1) this.value = value;
      else (this.value as unknown[]).push(value);
      return;
    }
    const object = this.value as Record<string, unknown>;
    if (index === -1) defineOwn(object, key, value);
    else (object[key] as unknown[]).push(value);
  }
  arrayStart(key: string): void {
    defineOwn(this.value as Record<string, unknown>, key, []);
  }
}

function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Where the reader is in the top two levels of the document. */
const enum State {
  RootValue,
  RootArrayFirst,
  RootArrayValue,
  RootArrayNext,
  ObjectFirstKey,
  ObjectKey,
  ObjectColon,
  ObjectValue,
  ObjectNext,
  KeyArrayFirst,
  KeyArrayValue,
  KeyArrayNext,
  End,
}

class JsonRecordReader {
  private state = State.RootValue;
  private key: string | undefined;
  private index = 0;
  private readonly keys = new Set<string>();
  private readonly scan = new ValueScan();
  private scanning = false;
  private scanningKey = false;
  /** Absolute offset of the current chunk's first byte. */
  private chunkStart: number;
  /**
   * Consecutive records of one array that lie whole in the current chunk,
   * parsed by one JSON.parse when flushed (per-record calls cost more than
   * the parsing itself): [start, end, index] per record, offsets in `buffer`.
   */
  private batch: { key: string | undefined; buffer: Buffer; spans: number[] } | undefined;

  constructor(
    private readonly source: string,
    private readonly handler: JsonRecordHandler,
    private readonly origin: { bytes: Buffer } | { file: string; fd: number },
    /** Where the first pushed byte is in the document (after a byte-order mark). */
    firstOffset = 0,
  ) {
    this.chunkStart = firstOffset;
  }

  push(buf: Buffer): void {
    let at = 0;
    if (this.scanning) {
      at = this.continueScan(buf, 0);
      if (at < 0) {
        this.chunkStart += buf.length;
        return;
      }
    }
    while (at < buf.length) {
      const c = buf[at];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        at++;
        continue;
      }
      at = this.step(buf, at, c);
      if (at < 0) break;
    }
    this.flushBatch();
    this.chunkStart += buf.length;
  }

  end(): void {
    this.flushBatch();
    if (this.scanning && this.scan.kind === Kind.Scalar) {
      // A scalar ends with the text.
      this.scanning = false;
      this.finishValue(Buffer.alloc(0), 0);
    }
    if (this.scanning)
      this.fail(
        this.chunkStart,
        this.scanningKey || this.scan.inString ? 'a closing quote' : 'the rest of the document',
      );
    if (this.state !== State.End) {
      this.fail(this.chunkStart, this.state === State.RootValue ? 'a value' : this.expectation());
    }
  }

  /** Handles the non-space byte `c` at `at`; returns where to continue, or -1 when a scan needs the next chunk. */
  private step(buf: Buffer, at: number, c: number): number {
    switch (this.state) {
      case State.RootValue:
        if (c === 0x5b) return this.open('array', State.RootArrayFirst, at);
        if (c === 0x7b) return this.open('object', State.ObjectFirstKey, at);
        this.handler.root?.('value');
        return this.startValue(buf, at, c);
      case State.RootArrayFirst:
      case State.KeyArrayFirst:
        if (c === 0x5d) return this.closeArray(at);
        return this.startValue(buf, at, c);
      case State.RootArrayValue:
      case State.KeyArrayValue:
      case State.ObjectValue:
        if (this.state === State.ObjectValue && c === 0x5b) {
          this.flushBatch();
          this.handler.arrayStart?.(this.key!);
          this.index = 0;
          this.state = State.KeyArrayFirst;
          return at + 1;
        }
        return this.startValue(buf, at, c);
      case State.RootArrayNext:
      case State.KeyArrayNext:
        if (c === 0x2c) {
          this.state =
            this.state === State.RootArrayNext ? State.RootArrayValue : State.KeyArrayValue;
          return at + 1;
        }
        if (c === 0x5d) return this.closeArray(at);
        return this.fail(this.chunkStart + at, "',' or ']'");
      case State.ObjectFirstKey:
      case State.ObjectKey:
        if (c === 0x7d && this.state === State.ObjectFirstKey) {
          this.state = State.End;
          return at + 1;
        }
        if (c !== 0x22) return this.fail(this.chunkStart + at, 'a property name in double quotes');
        this.scanningKey = true;
        return this.startValue(buf, at, c);
      case State.ObjectColon:
        if (c !== 0x3a) return this.fail(this.chunkStart + at, "':'");
        this.state = State.ObjectValue;
        return at + 1;
      case State.ObjectNext:
        if (c === 0x2c) {
          this.state = State.ObjectKey;
          return at + 1;
        }
        if (c === 0x7d) {
          this.state = State.End;
          return at + 1;
        }
        return this.fail(this.chunkStart + at, "',' or '}'");
      case State.End:
        return this.fail(this.chunkStart + at, 'the end of the text');
    }
  }

  private open(kind: 'array' | 'object', next: State, at: number): number {
    this.handler.root?.(kind);
    this.state = next;
    return at + 1;
  }

  private closeArray(at: number): number {
    this.state =
      this.state === State.RootArrayFirst || this.state === State.RootArrayNext
        ? State.End
        : State.ObjectNext;
    return at + 1;
  }

  private startValue(buf: Buffer, at: number, c: number): number {
    const kind = c === 0x7b || c === 0x5b ? Kind.Container : c === 0x22 ? Kind.String : Kind.Scalar;
    this.scan.begin(kind, this.chunkStart + at);
    if (kind === Kind.Container) this.scan.depth = 1;
    this.scanning = true;
    return this.continueScan(buf, kind === Kind.Scalar ? at : at + 1);
  }

  private continueScan(buf: Buffer, from: number): number {
    const end = this.scan.scan(buf, from);
    if (end < 0) {
      const start = Math.max(0, this.scan.start - this.chunkStart);
      this.scan.pieces.push(buf.subarray(start));
      return -1;
    }
    this.scanning = false;
    this.finishValue(buf, end);
    return end;
  }

  /** The scanned value ends at `end` in `buf`: parse it and pass it on. */
  private finishValue(buf: Buffer, end: number): void {
    const start = Math.max(0, this.scan.start - this.chunkStart);
    if (!this.scanningKey && this.scan.pieces.length === 0 && !this.scan.exact && this.inArray()) {
      this.addToBatch(buf, start, end);
      return;
    }
    this.flushBatch();
    const bytes =
      this.scan.pieces.length === 0
        ? buf.subarray(start, end)
        : Buffer.concat([...this.scan.pieces, buf.subarray(0, end)]);
    const value = this.parseValue(bytes, this.scan.start, this.scan.exact);
    if (this.scanningKey) {
      this.scanningKey = false;
      this.takeKey(value as string);
      return;
    }
    this.deliver(value);
  }

  private inArray(): boolean {
    return (
      this.state === State.RootArrayFirst ||
      this.state === State.RootArrayValue ||
      this.state === State.KeyArrayFirst ||
      this.state === State.KeyArrayValue
    );
  }

  /** Moves the state on as deliver() does, and keeps the record for flushBatch(). */
  private addToBatch(buf: Buffer, start: number, end: number): void {
    const root = this.state === State.RootArrayFirst || this.state === State.RootArrayValue;
    const key = root ? undefined : this.key;
    this.state = root ? State.RootArrayNext : State.KeyArrayNext;
    if (this.batch !== undefined && (this.batch.buffer !== buf || this.batch.key !== key)) {
      this.flushBatch();
    }
    this.batch ??= { key, buffer: buf, spans: [] };
    this.batch.spans.push(start, end, this.index++);
  }

  /**
   * Parses and hands over the batched records: one JSON.parse of the text
   * from the first record's start to the last one's end (only commas and
   * whitespace lie between them) inside brackets; if that fails (a bad
   * record) or the text is not UTF-8, record by record, which says where.
   */
  private flushBatch(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    const { buffer, spans, key } = batch;
    const count = spans.length / 3;
    let values: unknown[] | undefined;
    if (count > 1) {
      const text = buffer.toString('utf8', spans[0], spans[spans.length - 2]);
      if (!text.includes('\ufffd')) {
        try {
          values = JSON.parse(`[${text}]`) as unknown[];
        } catch {
          values = undefined;
        }
      }
    }
    for (let r = 0; r < count; r++) {
      const [start, end, index] = [spans[r * 3], spans[r * 3 + 1], spans[r * 3 + 2]];
      const value = values
        ? values[r]
        : this.parseValue(buffer.subarray(start, end), this.chunkStart + start, false);
      this.handler.record(key, index, value);
    }
  }

  private takeKey(key: string): void {
    if (this.keys.has(key)) {
      throw new TrtmapError(
        'ERR_PARSE',
        `${this.source}: the key ${JSON.stringify(key)} appears twice at the top level of the JSON`,
        { file: this.source },
      );
    }
    this.keys.add(key);
    this.key = key;
    this.state = State.ObjectColon;
  }

  private deliver(value: unknown): void {
    switch (this.state) {
      case State.RootValue:
        this.state = State.End;
        this.handler.record(undefined, -1, value);
        return;
      case State.ObjectValue:
        this.state = State.ObjectNext;
        this.handler.record(this.key, -1, value);
        return;
      case State.RootArrayFirst:
      case State.RootArrayValue:
        this.state = State.RootArrayNext;
        this.handler.record(undefined, this.index++, value);
        return;
      default:
        this.state = State.KeyArrayNext;
        this.handler.record(this.key, this.index++, value);
    }
  }

  /**
   * Parses one record's bytes; `offset` is where they start in the document
   * (for messages); `exact` sends them to the exact parser (a 16+ digit integer).
   */
  private parseValue(bytes: Buffer, offset: number, exact: boolean): unknown {
    if (bytes.length > 0x1fffffe8) {
      throw new TrtmapError(
        'ERR_PARSE',
        `${this.source}: one JSON value of ${bytes.length} bytes at offset ${offset} is too large to read; ` +
          'COCO files keep their records in top-level arrays ("images", "annotations", or a results array)',
        { file: this.source },
      );
    }
    const text = bytes.toString('utf8');
    checkUtf8(text, bytes, this.source, offset);
    if (!exact) {
      try {
        return JSON.parse(text);
      } catch {
        // Fall through: the exact parser says where and why.
      }
    }
    try {
      return parseJsonExact(text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      const byteOffset = offset + Buffer.byteLength(text.slice(0, error.offset), 'utf8');
      return this.fail(byteOffset, error.expected, text.slice(error.offset, error.offset + 12));
    }
  }

  private expectation(): string {
    switch (this.state) {
      case State.RootArrayFirst:
      case State.KeyArrayFirst:
      case State.RootArrayValue:
      case State.KeyArrayValue:
      case State.ObjectValue:
        return 'a value';
      case State.RootArrayNext:
      case State.KeyArrayNext:
        return "',' or ']'";
      case State.ObjectFirstKey:
      case State.ObjectKey:
        return 'a property name in double quotes';
      case State.ObjectColon:
        return "':'";
      default:
        return "',' or '}'";
    }
  }

  private fail(byteOffset: number, expected: string, next?: string): never {
    // Records before the error first: an error in one of them is the earlier error.
    this.flushBatch();
    const { where, following } = this.locate(byteOffset);
    const message = describeJsonSyntaxError(
      new JsonSyntaxError(byteOffset, expected),
      where,
      next ?? following,
    );
    throw new TrtmapError('ERR_PARSE', `${this.source}: malformed JSON (${message})`, {
      file: this.source,
    });
  }

  /**
   * "at line 3, column 5" (or "at the end of the text") for an absolute byte
   * offset, and the text there. Reads the document again from its start:
   * this runs only for an error.
   */
  private locate(byteOffset: number): { where: string; following: string } {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let line = 1;
    let column = 1;
    for (let position = 0; ;) {
      const length = this.readAt(buffer, position);
      if (length === 0) return { where: 'at the end of the text', following: '' };
      const limit = Math.min(length, byteOffset - position);
      for (let index = 0; index < limit; index++) {
        const c = buffer[index];
        if (c === 0x0a) {
          line++;
          column = 1;
        } else if ((c & 0xc0) !== 0x80) column++; // count characters, not UTF-8 continuation bytes
      }
      if (position + length > byteOffset) {
        const next = Buffer.allocUnsafe(12);
        const following = next.subarray(0, this.readAt(next, byteOffset)).toString('utf8');
        return { where: `at line ${line}, column ${column}`, following };
      }
      position += length;
    }
  }

  /** Copies document bytes from `position` into `target`; returns how many. */
  private readAt(target: Buffer, position: number): number {
    if ('bytes' in this.origin) return this.origin.bytes.copy(target, 0, position);
    try {
      return readSync(this.origin.fd, target, 0, target.length, position);
    } catch (error) {
      throw fileReadError(error, this.origin.file);
    }
  }
}

/** The rest of an open file after `first`, as one buffer. */
function readRest(fd: number, first: Buffer, chunkSize: number): Buffer {
  const parts = [Buffer.from(first)];
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkSize);
    const length = readSync(fd, chunk, 0, chunkSize, null);
    if (length === 0) return Buffer.concat(parts);
    parts.push(chunk.subarray(0, length));
  }
}
