/**
 * Finds where a JSON text stops being valid, for error messages: V8 reports
 * a position for some syntax errors and only a snippet for others (Node 20),
 * and a line number is what a user of a 50 MB results file needs. Called only
 * after JSON.parse has failed, so it favours simplicity over speed.
 */
export function findJsonSyntaxError(
  text: string,
): { offset: number; expected: string } | undefined {
  let offset = 0;
  const fail = (expected: string): never => {
    throw { offset, expected };
  };
  const skipSpace = () => {
    while (offset < text.length && ' \t\n\r'.includes(text[offset])) offset++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, offset)) offset += word.length;
    else fail('a value');
  };
  const string = () => {
    offset++; // opening quote
    while (offset < text.length && text[offset] !== '"') {
      const code = text.charCodeAt(offset);
      if (code < 0x20) fail('a closing quote');
      if (text[offset] === '\\') {
        offset++;
        if (text[offset] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(offset + 1, offset + 5))) fail('4 hex digits');
          offset += 4;
        } else if (!'"\\/bfnrt'.includes(text[offset] ?? '')) fail('an escape sequence');
      }
      offset++;
    }
    if (offset >= text.length) fail('a closing quote');
    offset++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset, offset + 400));
    if (!match || match[0] === '' || match[0] === '-') fail('a value');
    offset += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    const char = text[offset];
    if (char === '{') return container('}', true);
    if (char === '[') return container(']', false);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char >= '0' && char <= '9')) return number();
    fail('a value');
  };
  const container = (close: string, isObject: boolean): void => {
    offset++;
    skipSpace();
    if (text[offset] === close) {
      offset++;
      return;
    }
    for (;;) {
      if (isObject) {
        skipSpace();
        if (text[offset] !== '"') fail('a property name in double quotes');
        string();
        skipSpace();
        if (text[offset] !== ':') fail("':'");
        offset++;
      }
      value();
      skipSpace();
      if (text[offset] === ',') {
        offset++;
        continue;
      }
      if (text[offset] === close) {
        offset++;
        return;
      }
      fail(`',' or '${close}'`);
    }
  };
  try {
    value();
    skipSpace();
    if (offset < text.length) fail('the end of the text');
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined; // nesting too deep to scan here
    return error as { offset: number; expected: string };
  }
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
