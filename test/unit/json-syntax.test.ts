import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../lib/metrics/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.stringify writes', () => {
    const value = { a: [1, -2.5e-3, 'x"\\\u0001é', null, true, false, {}, []], b: { c: '' } };
    expect(findJsonSyntaxError(JSON.stringify(value))).toBeUndefined();
    expect(findJsonSyntaxError(JSON.stringify(value, null, 2))).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 8, 'a property name in double quotes'],
    ['[1, 2', 5, "',' or ']'"],
    ['[01]', 2, "',' or ']'"],
    ['{"a" 1}', 5, "':'"],
    ['[1] 2', 4, 'the end of the text'],
    ['["\\x"]', 3, 'an escape sequence'],
    ['[tru]', 1, 'a value'],
  ])('%s fails at offset %i expecting %s', (text, offset, expected) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, expected });
    expect(() => JSON.parse(text)).toThrow();
  });

  it('lineAndColumn counts from 1', () => {
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
