import { TrtmapError } from '../errors.js';

/**
 * Darknet `.cfg` files, read as darknet's read_cfg reads them (AlexeyAB's
 * src/parser.c with utils.c fgetl/strip and option_list.c read_option):
 * - a line ends at LF; a CR before it is dropped (CRLF files read as LF ones);
 *   a lone CR ends a line too (darknet would misread such a file);
 * - all whitespace inside a line is removed (`mask = 3, 4` is `mask=3,4`);
 * - a line starting with `#` or `;` is a comment; an empty line is skipped;
 * - `[name]` opens a section; anything else is `key=value`, split at the
 *   first `=`; a later repeat of a key in a section is ignored (option_find
 *   walks from the front);
 * - a comment after a value stays in the value, as in darknet: numbers read
 *   their leading digits (atoi/atof), lists stop at `#` (section-reader.ts).
 * Where darknet prints a message and goes on (a line without `=` or with an
 * empty value is ignored), the line is skipped with a warning; where darknet
 * would crash or misread (an option before any section, a broken header),
 * it is an error naming the line.
 */

export interface CfgOption {
  value: string;
  line: number;
}

export interface CfgSection {
  /** The name between the brackets, lower-cased: "convolutional", "yolo", ... */
  type: string;
  line: number;
  options: Map<string, CfgOption>;
}

/** Parses cfg text (already decoded, see lib/data/text.ts); pushes what darknet would only print onto `warnings`. */
export function parseCfg(text: string, file = '<cfg>', warnings: string[] = []): CfgSection[] {
  const sections: CfgSection[] = [];
  // LF, CRLF and (old Mac) lone CR all end a line.
  const lines = text.split(/\r\n|\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].replace(/[ \t\r\n\v\f]+/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const match = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(line);
      if (!match) {
        throw cfgError(
          file,
          lineNumber,
          `malformed section header ${JSON.stringify(lines[index].trim())}` +
            (/^\[[^\]]*\][#;]/.test(line) ? ' (darknet reads no comment after a header)' : ''),
        );
      }
      sections.push({ type: match[1].toLowerCase(), line: lineNumber, options: new Map() });
      continue;
    }
    const current = sections[sections.length - 1];
    if (current === undefined) {
      throw cfgError(file, lineNumber, 'an option appears before the first [section]');
    }
    const equals = line.indexOf('=');
    if (equals <= 0 || equals === line.length - 1) {
      warnings.push(
        `${file}:${lineNumber}: ${JSON.stringify(lines[index].trim())} is not key=value; ` +
          'darknet ignores the line, and so does this conversion',
      );
      continue;
    }
    const key = line.slice(0, equals);
    const existing = current.options.get(key);
    if (existing !== undefined) {
      warnings.push(
        `${file}:${lineNumber}: ${key} is repeated in [${current.type}]; darknet uses the first (line ${existing.line})`,
      );
      continue;
    }
    current.options.set(key, { value: line.slice(equals + 1), line: lineNumber });
  }
  if (sections.length === 0) throw cfgError(file, 1, 'no [net] section: is this a darknet cfg?');
  return sections;
}

export function cfgError(file: string, line: number, message: string): TrtmapError {
  return new TrtmapError('ERR_DARKNET', `${file}:${line}: ${message}`, { file });
}
