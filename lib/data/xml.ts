import { SaxesParser } from 'saxes';
import { TrtmapError } from '../errors.js';

/** An element of a parsed XML document. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA, entities decoded), child elements' excluded. */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

/**
 * Parses a small XML document (such as a VOC annotation) into a tree with
 * saxes, a strict XML 1.0 parser: any well-formedness error (mismatched
 * tags, a stray &, an unknown entity, text after the root, ...) is an
 * ERR_PARSE naming the file and line. Entities are the five predefined ones
 * and character references; a DOCTYPE is read past and its entity
 * declarations are never expanded. `source` is text already decoded
 * (lib/data/text.ts reads the bytes, honouring the declared encoding).
 */
const stop = Symbol('the first XML error');

export function parseXml(source: string, file: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  const failures: { message: string; line: number }[] = [];
  parser.on('error', (error) => {
    failures.push({ message: error.message.replace(/^\d+:\d+: /, ''), line: parser.line });
    // saxes goes on after an error; stopping at the first keeps a file with
    // 60,000 malformed tags from costing an Error object each (a fuzzer's find).
    throw stop;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
      line: tagLine,
    };
    open[open.length - 1]?.children.push(element);
    root ??= element;
    if (!tag.isSelfClosing) open.push(element);
  });
  // The line of '<' is where the start tag began: remember it when saxes sees the name.
  let tagLine = 1;
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) open.pop();
  });
  const addText = (text: string) => {
    const parent = open[open.length - 1];
    if (parent !== undefined) parent.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  try {
    parser.write(text);
    parser.close();
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (failures.length > 0) {
    const failure = strayAmpersand(text, failures[0]) ?? failures[0];
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}:${failure.line}: malformed XML: ${failure.message}`,
      {
        file,
      },
    );
  }
  return root!;
}

/**
 * saxes reads an unescaped `&` as the start of an entity that runs to the
 * end of the file and then reports the unclosed root: name the `&` instead.
 */
function strayAmpersand(
  text: string,
  failure: { message: string; line: number },
): { message: string; line: number } | undefined {
  if (!/^(unclosed tag|unexpected end)/.test(failure.message)) return undefined;
  const match = /&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z_:][-A-Za-z0-9_.:]*);)/.exec(text);
  if (match === null) return undefined;
  const line = text.slice(0, match.index).split('\n').length;
  return { message: 'a stray & (write &amp; for a literal ampersand)', line };
}
