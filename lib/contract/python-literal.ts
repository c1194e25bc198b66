import { TrtmapError } from '../errors.js';

export type PythonValue =
  string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

/**
 * Parses the Python literals Ultralytics and yolov5 write into ONNX metadata
 * (`str(value)` of a dict, list, tuple, str, int, float, bool or None, as
 * `ast.literal_eval` reads them back): names "{0: 'person', ...}" or
 * "['person', ...]", imgsz "[640, 640]", stride "32". Dict keys become
 * strings. Throws ERR_PARSE naming `what` on anything else.
 */
export function parsePythonLiteral(text: string, what: string): PythonValue {
  const parser = new LiteralParser(text, what);
  const value = parser.value();
  parser.end();
  return value;
}

class LiteralParser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  value(): PythonValue {
    this.space();
    const char = this.text[this.position];
    if (char === '{') return this.dict();
    if (char === '[' || char === '(') return this.list(char === '[' ? ']' : ')');
    if (char === "'" || char === '"') return this.string(char);
    const word = /^(True|False|None)\b/.exec(this.text.slice(this.position));
    if (word) {
      this.position += word[0].length;
      return word[0] === 'None' ? null : word[0] === 'True';
    }
    const number = /^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|inf|nan)/i.exec(
      this.text.slice(this.position),
    );
    if (number) {
      this.position += number[0].length;
      return Number(number[0].replace(/inf/i, 'Infinity').replace(/nan/i, 'NaN'));
    }
    throw this.error('a value');
  }

  end(): void {
    this.space();
    if (this.position !== this.text.length) throw this.error('the end');
  }

  private dict(): { [key: string]: PythonValue } {
    this.position++;
    const result: { [key: string]: PythonValue } = {};
    for (this.space(); this.text[this.position] !== '}'; this.space()) {
      const key = this.value();
      this.expect(':');
      result[String(key)] = this.value();
      if (!this.comma()) break;
    }
    this.expect('}');
    return result;
  }

  private list(close: string): PythonValue[] {
    this.position++;
    const result: PythonValue[] = [];
    for (this.space(); this.text[this.position] !== close; this.space()) {
      result.push(this.value());
      if (!this.comma()) break;
    }
    this.expect(close);
    return result;
  }

  private string(quote: string): string {
    let result = '';
    for (this.position++; this.position < this.text.length; this.position++) {
      const char = this.text[this.position];
      if (char === quote) {
        this.position++;
        return result;
      }
      if (char !== '\\') {
        result += char;
        continue;
      }
      const next = this.text[++this.position];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
      if (next === 'x' || next === 'u') {
        const length = next === 'x' ? 2 : 4;
        result += String.fromCharCode(
          parseInt(this.text.slice(this.position + 1, this.position + 1 + length), 16),
        );
        this.position += length;
      } else result += simple[next] ?? next;
    }
    throw this.error(`a closing ${quote}`);
  }

  /** Consumes a comma after an item; false at the end of the container. */
  private comma(): boolean {
    this.space();
    if (this.text[this.position] !== ',') return false;
    this.position++;
    return true;
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.position] !== char) throw this.error(JSON.stringify(char));
    this.position++;
  }

  private space(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  private error(expected: string): TrtmapError {
    return new TrtmapError(
      'ERR_PARSE',
      `${this.what}: expected ${expected} at character ${this.position} of ${JSON.stringify(this.text.length > 80 ? this.text.slice(0, 77) + '...' : this.text)}`,
    );
  }
}
