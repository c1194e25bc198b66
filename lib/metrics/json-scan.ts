/**
 * The byte scanner under json-records.ts: finds where one JSON value ends
 * without parsing it, across chunk boundaries, and notes whether it holds an
 * integer literal of 16 or more digits (which may exceed 2^53, so the record
 * needs the exact parser). Strings are skipped with their escapes; brackets
 * inside strings do not count.
 */
export const enum Kind {
  Container,
  String,
  Scalar,
}

/**
 * The extent of one value being scanned, resumable across chunks. A digit run
 * of 16 or more in an integer part marks the record for the exact parser.
 */
export class ValueScan {
  pieces: Buffer[] = [];
  /** Absolute byte offset of the value's first byte. */
  start = 0;
  kind = Kind.Scalar;
  depth = 0;
  inString = false;
  escaped = false;
  digits = 0;
  notInteger = false;
  exact = false;

  begin(kind: Kind, start: number): void {
    if (this.pieces.length > 0) this.pieces = [];
    this.start = start;
    this.kind = kind;
    this.depth = 0;
    this.inString = kind === Kind.String;
    this.escaped = false;
    this.digits = 0;
    this.notInteger = false;
    this.exact = false;
  }

  /** Scans buf from `from`; returns the index just past the value, or -1 when buf ends first. */
  scan(buf: Buffer, from: number): number {
    if (this.kind === Kind.Scalar) return this.scanScalar(buf, from);
    let { depth, inString, escaped, digits, notInteger, exact } = this;
    const length = buf.length;
    let index = from;
    let end = -1;
    for (; index < length; index++) {
      const c = buf[index];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          inString = false;
          if (this.kind === Kind.String) {
            end = index + 1;
            break;
          }
        }
        continue;
      }
      if (c >= 0x30 && c <= 0x39) {
        if (!notInteger && ++digits >= 16) exact = true;
        continue;
      }
      if (c === 0x2e || c === 0x65 || c === 0x45) {
        notInteger = true; // '.', 'e', 'E': a fraction or exponent follows
        continue;
      }
      if (c === 0x2b || c === 0x2d) continue; // a sign keeps the number going
      digits = 0;
      notInteger = false;
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          end = index + 1;
          break;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.digits = digits;
    this.notInteger = notInteger;
    this.exact = exact;
    return end;
  }

  private scanScalar(buf: Buffer, from: number): number {
    for (let index = from; index < buf.length; index++) {
      const c = buf[index];
      if (
        c === 0x2c ||
        c === 0x5d ||
        c === 0x7d ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      ) {
        return index;
      }
      if (c >= 0x30 && c <= 0x39) {
        if (!this.notInteger && ++this.digits >= 16) this.exact = true;
      } else if (c === 0x2e || c === 0x65 || c === 0x45) this.notInteger = true;
    }
    return -1;
  }
}
