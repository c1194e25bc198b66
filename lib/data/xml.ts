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

const namePattern = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const whitespacePattern = /[ \t\r\n]*/y;
const predefinedEntities: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/**
 * Parses a small XML document (such as a VOC annotation) strictly: one root
 * element, matching tags, quoted unique attributes, the five predefined
 * entities and character references, comments, CDATA and processing
 * instructions. A DOCTYPE is refused rather than half-read, so no entity
 * expansion can happen. Any violation is a TrtmapError ERR_PARSE naming the
 * file and line. No npm XML package: trtmap's metrics have no dependencies.
 */
export function parseXml(source: string, file: string): XmlElement {
  return new XmlReader(source, file).readDocument();
}

class XmlReader {
  private position = 0;
  private lineCursor = 0;
  private lineNumber = 1;

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {}

  readDocument(): XmlElement {
    if (this.source.charCodeAt(0) === 0xfeff) this.position = 1;
    this.skipMisc();
    if (!this.source.startsWith('<', this.position)) {
      throw this.error(
        this.atEnd() ? 'the document has no root element' : 'expected a root element',
      );
    }
    const root = this.readElementTree();
    this.skipMisc();
    if (!this.atEnd()) throw this.error('unexpected content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions, before or after the root. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.source.startsWith('<!--', this.position)) this.skipComment();
      else if (this.source.startsWith('<?', this.position)) this.skipProcessingInstruction();
      else if (this.source.startsWith('<!', this.position)) {
        throw this.error('DOCTYPE and other declarations are not supported');
      } else return;
    }
  }

  /** Iterative rather than recursive, so deep nesting cannot overflow the stack. */
  private readElementTree(): XmlElement {
    const open: XmlElement[] = [];
    for (;;) {
      const parent = open[open.length - 1];
      if (this.atEnd()) {
        throw this.error(
          `unexpected end of file: <${parent.name}> (line ${parent.line}) is not closed`,
        );
      }
      if (!this.source.startsWith('<', this.position)) {
        parent.text += this.readText();
      } else if (this.source.startsWith('</', this.position)) {
        this.readEndTag(parent);
        open.pop();
        if (open.length === 0) return parent;
      } else if (this.source.startsWith('<!--', this.position)) {
        this.skipComment();
      } else if (this.source.startsWith('<![CDATA[', this.position)) {
        parent.text += this.readCdata();
      } else if (this.source.startsWith('<?', this.position)) {
        this.skipProcessingInstruction();
      } else if (this.source.startsWith('<!', this.position)) {
        throw this.error('declarations are not allowed inside an element');
      } else {
        const { element, selfClosing } = this.readStartTag();
        if (parent === undefined && selfClosing) return element;
        parent?.children.push(element);
        if (!selfClosing) open.push(element);
      }
    }
  }

  private readStartTag(): { element: XmlElement; selfClosing: boolean } {
    const line = this.lineAt(this.position);
    this.position++; // '<'
    const name = this.readName('an element name after <');
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.position;
      this.skipWhitespace();
      if (this.source.startsWith('/>', this.position)) {
        this.position += 2;
        return { element: { name, attributes, children: [], text: '', line }, selfClosing: true };
      }
      if (this.source.startsWith('>', this.position)) {
        this.position++;
        return { element: { name, attributes, children: [], text: '', line }, selfClosing: false };
      }
      if (this.atEnd()) throw this.error(`unexpected end of file in the start tag <${name}>`);
      if (this.position === before) throw this.error(`expected whitespace, > or /> in <${name}>`);
      const attribute = this.readName(`an attribute name, > or /> in <${name}>`);
      if (Object.prototype.hasOwnProperty.call(attributes, attribute)) {
        throw this.error(`duplicate attribute ${attribute} in <${name}>`);
      }
      attributes[attribute] = this.readAttributeValue(name, attribute);
    }
  }

  private readAttributeValue(element: string, attribute: string): string {
    this.skipWhitespace();
    if (this.source[this.position] !== '=')
      throw this.error(`expected = after ${attribute} in <${element}>`);
    this.position++;
    this.skipWhitespace();
    const quote = this.source[this.position];
    if (quote !== '"' && quote !== "'") {
      throw this.error(`expected a quoted value for ${attribute} in <${element}>`);
    }
    const end = this.source.indexOf(quote, this.position + 1);
    if (end < 0) throw this.error(`unterminated value of ${attribute} in <${element}>`);
    const raw = this.source.slice(this.position + 1, end);
    if (raw.includes('<')) throw this.error(`< in the value of ${attribute} in <${element}>`);
    const value = this.decodeEntities(raw, this.position + 1);
    this.position = end + 1;
    return value;
  }

  private readEndTag(open: XmlElement | undefined): void {
    this.position += 2; // '</'
    const name = this.readName('an element name after </');
    this.skipWhitespace();
    if (this.source[this.position] !== '>') throw this.error(`expected > to end </${name}`);
    if (open === undefined || open.name !== name) {
      const expected = open
        ? `</${open.name}> for <${open.name}> on line ${open.line}`
        : 'no end tag';
      throw this.error(`mismatched end tag </${name}>: expected ${expected}`);
    }
    this.position++;
  }

  private readText(): string {
    let end = this.source.indexOf('<', this.position);
    if (end < 0) end = this.source.length;
    const text = this.decodeEntities(this.source.slice(this.position, end), this.position);
    this.position = end;
    return text;
  }

  private readCdata(): string {
    const start = this.position + '<![CDATA['.length;
    const end = this.source.indexOf(']]>', start);
    if (end < 0) throw this.error('unterminated CDATA section');
    this.position = end + 3;
    return this.source.slice(start, end);
  }

  private skipComment(): void {
    const end = this.source.indexOf('-->', this.position + 4);
    if (end < 0) throw this.error('unterminated comment');
    this.position = end + 3;
  }

  private skipProcessingInstruction(): void {
    const end = this.source.indexOf('?>', this.position + 2);
    if (end < 0) throw this.error('unterminated processing instruction');
    this.position = end + 2;
  }

  private decodeEntities(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&<\s]*);?/g, (match: string, body: string, index: number) => {
      const replacement = match.endsWith(';') ? decodeEntity(body) : undefined;
      if (replacement === undefined) {
        this.position = offset + index;
        throw this.error(`invalid entity or stray & (${JSON.stringify(match.slice(0, 12))})`);
      }
      return replacement;
    });
  }

  private readName(what: string): string {
    namePattern.lastIndex = this.position;
    const match = namePattern.exec(this.source);
    if (match === null) throw this.error(`expected ${what}`);
    this.position += match[0].length;
    return match[0];
  }

  private skipWhitespace(): void {
    whitespacePattern.lastIndex = this.position;
    whitespacePattern.exec(this.source);
    this.position = whitespacePattern.lastIndex;
  }

  private atEnd(): boolean {
    return this.position >= this.source.length;
  }

  /** Line of a position, counted incrementally because positions only move forward. */
  private lineAt(position: number): number {
    if (position < this.lineCursor) {
      this.lineCursor = 0;
      this.lineNumber = 1;
    }
    for (; this.lineCursor < position; this.lineCursor++) {
      if (this.source.charCodeAt(this.lineCursor) === 10) this.lineNumber++;
    }
    return this.lineNumber;
  }

  private error(what: string): TrtmapError {
    const line = this.lineAt(Math.min(this.position, this.source.length));
    return new TrtmapError('ERR_PARSE', `${this.file}:${line}: malformed XML: ${what}`, {
      file: this.file,
    });
  }
}

function decodeEntity(body: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(predefinedEntities, body))
    return predefinedEntities[body];
  const match = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
  if (match === null) return undefined;
  const codePoint = match[1] !== undefined ? parseInt(match[1], 16) : parseInt(match[2], 10);
  const valid =
    codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
  return valid ? String.fromCodePoint(codePoint) : undefined;
}
