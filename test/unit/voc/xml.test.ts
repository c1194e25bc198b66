import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../lib/data/xml.js';

function parseError(source: string): Error & { code?: string; file?: string } {
  try {
    parseXml(source, 'a.xml');
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a parse error');
}

describe('parseXml', () => {
  it('reads elements, attributes, text, entities, CDATA, comments and processing instructions', () => {
    const root = parseXml(
      '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!-- head -->\n<a x="1" y=\'&lt;2&gt;\'>\n' +
        '  <b>fish &amp; chips &#65;&#x42;</b><c/><d><![CDATA[<raw>]]></d><?pi ignored?>\n</a>\n<!-- tail -->\n',
      'a.xml',
    );
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1', y: '<2>' });
    expect(root.children.map((child) => [child.name, child.text, child.line])).toEqual([
      ['b', 'fish & chips AB', 4],
      ['c', '', 4],
      ['d', '<raw>', 4],
    ]);
    expect(root.line).toBe(3);
  });

  it('reads past a DOCTYPE without expanding its entities', () => {
    expect(parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>t</a>', 'a.xml').text).toBe('t');
  });

  it('keeps deep nesting off the call stack', () => {
    const depth = 20000;
    const root = parseXml('<n>'.repeat(depth) + '</n>'.repeat(depth), 'deep.xml');
    expect(root.children[0].children[0].name).toBe('n');
  });

  it.each([
    ['<a><b></a>', 1, /unexpected close tag/],
    ['<a>\n<b>\n</b>', 3, /unclosed tag: a/],
    ['<a></a>\n<b/>', 2, /only one root/],
    ['', 1, /must contain a root element/],
    ['text', 1, /text data outside of root node/],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 1, /undefined entity/],
    ['<a>\n\n&nbsp;</a>', 3, /undefined entity/],
    ['<a>fish & chips</a>', 1, /stray &/],
    ['<a>\nfish & chips\n</a>', 2, /stray &/],
    ['<a x="1" x="2"/>', 1, /duplicate attribute: x/],
    ['<a x=1/>', 1, /unquoted attribute value/],
    ['<a x="1"y="2"/>', 1, /no whitespace between attributes/],
    ['<a><!-- open</a>', 1, /unclosed tag/],
    ['<a>&#0;</a>', 1, /malformed character entity/],
    ['<1a/>', 1, /disallowed character in tag name/],
    ['<a>\u0001</a>', 1, /disallowed character/],
  ])('rejects %j as ERR_PARSE at line %i', (source, line, message) => {
    const error = parseError(source);
    expect(error.code).toBe('ERR_PARSE');
    expect(error.file).toBe('a.xml');
    expect(error.message).toMatch(new RegExp(`^a\\.xml:${line}: malformed XML: `));
    expect(error.message).toMatch(message);
  });
});
