/**
 * A JSON parser for the two jobs JSON.parse cannot do: integers beyond 2^53
 * kept exactly, and the offset and expectation of a syntax error (V8 reports a
 * position for some errors and only a snippet for others, and a line number
 * is what a user of a 50 MB results file needs). The record reader
 * (json-records.ts) hands it only the records that need it, so it favours
 * simplicity over speed. Iterative, so no nesting depth overflows the stack.
 *
 * Values are JSON.parse's, except an integer literal (no fraction or exponent)
 * whose value a double cannot hold exactly, which becomes a bigint: Python's
 * json (and so pycocotools) reads such ids exactly, and two ids above 2^53
 * must never merge. An integer a double does hold exactly (2^60 written out)
 * stays a number, as Python's int == float equality would have it.
 */

/** Where a JSON text stops being valid: a UTF-16 offset into the text and what was expected there. */
export class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

type Frame = { array: unknown[] } | { object: Record<string, unknown>; key: string };

const integerPattern = /^-?\d+$/;
/**
 * CPython's limit on the digits of an int read from text (sys.int_info,
 * default 4300 since 3.11): longer integer literals make its json fail, and
 * BigInt would take quadratic time on them here (a fuzzer's 1.8 MB number).
 */
const maxIntegerDigits = 4300;
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `text` (see the module comment); throws JsonSyntaxError. */
export function parseJsonExact(text: string): unknown {
  let offset = 0;
  const fail = (expected: string): never => {
    throw new JsonSyntaxError(offset, expected);
  };
  const skipSpace = () => {
    for (;;) {
      const code = text.charCodeAt(offset);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      offset++;
    }
  };
  const readString = (): string => {
    const begin = offset++;
    let plain = true;
    for (;;) {
      if (offset >= text.length) fail('a closing quote');
      const code = text.charCodeAt(offset);
      if (code === 0x22) break;
      if (code < 0x20) fail('a closing quote');
      if (code === 0x5c) {
        plain = false;
        const escape = text[++offset];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(offset + 1, offset + 5))) fail('4 hex digits');
          offset += 4;
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          fail('an escape sequence');
        }
      }
      offset++;
    }
    offset++;
    return plain
      ? text.slice(begin + 1, offset - 1)
      : (JSON.parse(text.slice(begin, offset)) as string);
  };
  const readKey = (): string => {
    skipSpace();
    if (text.charCodeAt(offset) !== 0x22) fail('a property name in double quotes');
    const key = readString();
    skipSpace();
    if (text.charCodeAt(offset) !== 0x3a) fail("':'");
    offset++;
    return key;
  };
  const readNumber = (): number | bigint => {
    numberPattern.lastIndex = offset;
    const match = numberPattern.exec(text);
    if (match === null) return fail('a value');
    const token = match[0];
    const digits = token.length - (token.startsWith('-') ? 1 : 0);
    if (digits > maxIntegerDigits && integerPattern.test(token)) {
      fail(
        `an integer of at most ${maxIntegerDigits} digits (Python's json, and so pycocotools, refuses longer ones)`,
      );
    }
    offset += token.length;
    return exactNumber(token);
  };
  const literal = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, offset)) fail('a value');
    offset += word.length;
    return value;
  };

  const stack: Frame[] = [];
  for (;;) {
    skipSpace();
    let value: unknown;
    const char = text[offset];
    if (char === '{' || char === '[') {
      offset++;
      skipSpace();
      if (text[offset] === (char === '{' ? '}' : ']')) {
        offset++;
        value = char === '{' ? {} : [];
      } else {
        stack.push(char === '{' ? { object: {}, key: readKey() } : { array: [] });
        continue;
      }
    } else if (char === '"') value = readString();
    else if (char === 't') value = literal('true', true);
    else if (char === 'f') value = literal('false', false);
    else if (char === 'n') value = literal('null', null);
    else if (char === '-' || (char >= '0' && char <= '9')) value = readNumber();
    else fail('a value');

    // Store the value, then close every container that ends right after it.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        skipSpace();
        if (offset < text.length) fail('the end of the text');
        return value;
      }
      if ('array' in top) top.array.push(value);
      else setProperty(top.object, top.key, value);
      skipSpace();
      const close = 'array' in top ? ']' : '}';
      if (text[offset] === ',') {
        offset++;
        if ('object' in top) top.key = readKey();
        break;
      }
      if (text[offset] !== close) fail(`',' or '${close}'`);
      offset++;
      stack.pop();
      value = 'array' in top ? top.array : top.object;
    }
  }
}

/**
 * The value of a JSON number token as JSON.parse gives it, except that an
 * integer a double cannot hold exactly is a bigint.
 */
export function exactNumber(token: string): number | bigint {
  const value = Number(token);
  // Up to 15 digits every integer is exact; only longer ones need checking.
  if (token.length < 16 || !integerPattern.test(token)) return value;
  const exact = BigInt(token);
  return Number.isFinite(value) && BigInt(value) === exact ? value : exact;
}

/** As JSON.parse: a later duplicate key wins, and "__proto__" is an own property. */
function setProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/**
 * Where a JSON text stops being valid, or undefined when it is valid. Called
 * after JSON.parse has failed, for the message.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    parseJsonExact(text);
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
}

/**
 * "expected ',' or '}' at line 3, column 5" for a syntax error, with the
 * likely cause where the text shows one (Python's NaN and Infinity, a
 * UTF-16 file without a byte-order mark).
 */
export function describeJsonSyntaxError(
  found: JsonSyntaxError,
  where: string,
  next: string,
): string {
  const hint = /^-?(NaN|Infinity)/.test(next)
    ? ` (${/NaN/.test(next) ? 'NaN' : 'Infinity'} is not JSON: Python's json.dump writes it for a ` +
      'float nan or inf; the file holds a number the model or script did not compute)'
    : next.startsWith('\u0000')
      ? ' (a NUL byte: UTF-16 text without a byte-order mark? Save the file as UTF-8)'
      : '';
  return `expected ${found.expected} ${where}${hint}`;
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
