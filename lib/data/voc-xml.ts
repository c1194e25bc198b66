import { TrtmapError } from '../errors.js';
import { parseDecimal } from './decimal.js';
import { type XmlElement, parseXml } from './xml.js';

/** One `<object>` of a Pascal VOC annotation. */
export interface VocAnnotationObject {
  name: string;
  difficult: boolean;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  /** Line of the `<object>` tag. */
  line: number;
}

/** The parts of a Pascal VOC annotation file that evaluation and data loading use. */
export interface VocAnnotation {
  filename?: string;
  width?: number;
  height?: number;
  depth?: number;
  objects: VocAnnotationObject[];
}

/**
 * Reads a VOC annotation (`Annotations/<id>.xml`) as the devkit's
 * `parse_rec()` / `PASreadrecord()` do: the `name`, `difficult` and `bndbox`
 * of each direct `<object>` child of `<annotation>` (so the `<part>` boxes of
 * person layouts are not objects). A missing or empty `<difficult>` means 0,
 * as in detectron2, the MATLAB devkit and PaddleDetection. Coordinates may be fractional (some
 * converted datasets write "273.5"); they are kept as written, 1-based.
 */
export function parseVocAnnotation(source: string, file: string): VocAnnotation {
  const root = parseXml(source, file);
  if (root.name !== 'annotation') {
    throw parseError(file, root, `expected <annotation> as the root element, found <${root.name}>`);
  }
  const annotation: VocAnnotation = { objects: [] };
  const filename = optionalChild(root, 'filename', file);
  if (filename !== undefined) annotation.filename = filename.text.trim();
  const size = optionalChild(root, 'size', file);
  if (size !== undefined) {
    for (const key of ['width', 'height', 'depth'] as const) {
      const element = optionalChild(size, key, file);
      if (element !== undefined) annotation[key] = readNumber(element, file);
    }
  }
  for (const element of root.children) {
    if (element.name === 'object') annotation.objects.push(readObject(element, file));
  }
  return annotation;
}

function readObject(object: XmlElement, file: string): VocAnnotationObject {
  const name = requiredChild(object, 'name', file).text.trim();
  if (name === '') throw parseError(file, object, '<object> has an empty <name>');
  const difficultElement = optionalChild(object, 'difficult', file);
  let difficult = false;
  if (difficultElement !== undefined) {
    // An empty <difficult/> (as LabelImg-style tools write it) means 0, like a missing one.
    const text = difficultElement.text.trim();
    if (text !== '0' && text !== '1' && text !== '') {
      throw parseError(
        file,
        difficultElement,
        `<difficult> must be 0, 1 or empty, not ${JSON.stringify(text)}`,
      );
    }
    difficult = text === '1';
  }
  const box = requiredChild(object, 'bndbox', file);
  return {
    name,
    difficult,
    xmin: readNumber(requiredChild(box, 'xmin', file), file),
    ymin: readNumber(requiredChild(box, 'ymin', file), file),
    xmax: readNumber(requiredChild(box, 'xmax', file), file),
    ymax: readNumber(requiredChild(box, 'ymax', file), file),
    line: object.line,
  };
}

function optionalChild(parent: XmlElement, name: string, file: string): XmlElement | undefined {
  const matches = parent.children.filter((child) => child.name === name);
  if (matches.length > 1) {
    throw parseError(file, matches[1], `<${parent.name}> has more than one <${name}>`);
  }
  return matches[0];
}

function requiredChild(parent: XmlElement, name: string, file: string): XmlElement {
  const child = optionalChild(parent, name, file);
  if (child === undefined) throw parseError(file, parent, `<${parent.name}> has no <${name}>`);
  return child;
}

function readNumber(element: XmlElement, file: string): number {
  const text = element.text.trim();
  const value = parseDecimal(text);
  if (value === undefined) {
    throw parseError(
      file,
      element,
      `<${element.name}> must be a number, not ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function parseError(file: string, element: XmlElement, what: string): TrtmapError {
  return new TrtmapError('ERR_PARSE', `${file}:${element.line}: ${what}`, { file });
}
