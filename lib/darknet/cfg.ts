import { TrtmapError } from '../errors.js';

/**
 * Darknet `.cfg` files: `[section]` headers followed by `key=value` lines.
 * Like darknet's read_cfg, all whitespace inside a line is removed
 * (`mask = 3, 4` is `mask=3,4`) and lines starting with `#` or `;` are
 * comments. Unlike darknet, a line that is neither is an error, not a
 * message on stderr, because a silently skipped option changes the model.
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

export function parseCfg(text: string, file = '<cfg>'): CfgSection[] {
  const sections: CfgSection[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].replace(/\s+/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const match = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(line);
      if (!match)
        throw cfgError(
          file,
          lineNumber,
          `malformed section header ${JSON.stringify(lines[index].trim())}`,
        );
      sections.push({ type: match[1].toLowerCase(), line: lineNumber, options: new Map() });
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0 || equals === line.length - 1) {
      throw cfgError(
        file,
        lineNumber,
        `expected key=value but found ${JSON.stringify(lines[index].trim())}`,
      );
    }
    const current = sections[sections.length - 1];
    if (current === undefined) {
      throw cfgError(file, lineNumber, 'an option appears before the first [section]');
    }
    const key = line.slice(0, equals);
    // Darknet keeps the first occurrence of a repeated key (option_find walks in order).
    if (!current.options.has(key))
      current.options.set(key, { value: line.slice(equals + 1), line: lineNumber });
  }
  if (sections.length === 0) throw cfgError(file, 1, 'no [net] section: is this a darknet cfg?');
  return sections;
}

export function cfgError(file: string, line: number, message: string): TrtmapError {
  return new TrtmapError('ERR_DARKNET', `${file}:${line}: ${message}`, { file });
}
