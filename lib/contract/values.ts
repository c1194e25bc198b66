import { TrtmapError, describeValue, invalidArgument } from '../errors.js';
import { builtInClassListNames } from './class-lists.js';
import {
  type ClassesContract,
  type InputContract,
  type OutputContract,
  type OutputRoles,
  type PartialContract,
  type PostprocessContract,
  families,
  nmsKinds,
  roundings,
} from './types.js';

/**
 * Parsing and checking of contract values, shared by the config file and
 * the command line: one message shape ("Expected <what> for <name> but
 * received <value>"), `name` being the flag or the file and key.
 */

export function parseSize(text: string, name: string): { width: number; height: number } {
  const match = /^\s*(\d+)\s*(?:[x,]\s*(\d+))?\s*$/i.exec(text);
  const width = Number(match?.[1]);
  const height = Number(match?.[2] ?? match?.[1]);
  if (!match || width < 1 || height < 1 || width > 16384 || height > 16384)
    throw invalidArgument('a size WxH such as 640x640', name, text);
  return { width, height };
}

/** A number, or a fraction such as 1/255. */
export function parseNumber(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const fraction = /^\s*(-?[\d.]+(?:e-?\d+)?)\s*\/\s*([\d.]+(?:e-?\d+)?)\s*$/i.exec(value);
    const number = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(value);
    if (value.trim() !== '' && Number.isFinite(number)) return number;
  }
  throw invalidArgument('a number (or a fraction such as 1/255)', name, value);
}

/** One number for every channel, or one per channel: "0.485,0.456,0.406" or [0.485, 0.456, 0.406]. */
export function parseTriple(value: unknown, name: string): [number, number, number] {
  const parts =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
  if (parts.length !== 1 && parts.length !== 3)
    throw invalidArgument('one number or three (r,g,b in the input channel order)', name, value);
  const numbers = parts.map((part) => parseNumber(part, name));
  return parts.length === 1
    ? [numbers[0], numbers[0], numbers[0]]
    : (numbers as [number, number, number]);
}

export function parseChoice<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw invalidArgument(`one of ${allowed.join(', ')}`, name, value);
}

export function parseInteger(value: unknown, name: string, minimum: number): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= minimum) return number;
  throw invalidArgument(`an integer >= ${minimum}`, name, value);
}

/** A count, or none / null for no limit. */
export function parseLimit(value: unknown, name: string): number | null {
  if (value === null || value === 'none') return null;
  return parseInteger(value, name, 1);
}

export function parseFraction(value: unknown, name: string): number {
  const number = parseNumber(value, name);
  if (number < 0 || number > 1) throw invalidArgument('a number in [0, 1]', name, value);
  return number;
}

export function parseBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidArgument('true or false', name, value);
}

export function parseIntegerList(value: unknown, name: string): number[] {
  const parts =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
  return parts.map((part) => parseInteger(part, name, 1));
}

/**
 * Output roles: "role=name,role=name" (a role given twice, e.g. one per
 * level, becomes a list in that order), or a { role: name | [names] } object.
 */
export function parseRoles(value: unknown, name: string): OutputRoles {
  const roles: OutputRoles = {};
  const add = (role: string, output: string) => {
    const known = roles[role];
    roles[role] = known === undefined ? output : [...[known].flat(), output];
  };
  if (typeof value === 'string') {
    for (const part of value.split(',')) {
      const match = /^\s*([A-Za-z][\w-]*)\s*=\s*(.+?)\s*$/.exec(part);
      if (!match)
        throw invalidArgument('role=output,... such as scores=792,boxes=795', name, value);
      add(match[1], match[2]);
    }
    return roles;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [role, outputs] of Object.entries(value)) {
      for (const output of [outputs].flat()) {
        if (typeof output !== 'string')
          throw invalidArgument('output names', `${name}.${role}`, outputs);
        add(role, output);
      }
    }
    return roles;
  }
  throw invalidArgument('a map of role: output name', name, value);
}

/**
 * A classes setting: a built-in list (coco80, coco91, voc), "metadata", a
 * names file, or a list of names. File paths are resolved by the caller.
 */
export function parseClasses(value: unknown, name: string): Partial<ClassesContract> {
  if (Array.isArray(value)) {
    if (!value.every((item) => typeof item === 'string'))
      throw invalidArgument('a list of class names', name, value);
    return { source: 'inline', names: value as string[], match: 'name' };
  }
  if (typeof value === 'string' && value.trim() !== '') return { source: value.trim() };
  throw invalidArgument(
    `${builtInClassListNames.join(', ')}, metadata, a names file or a list of names`,
    name,
    value,
  );
}

type Checker = (value: unknown, name: string) => unknown;

const inputKeys: Record<keyof InputContract, Checker> = {
  name: (v, n) => (typeof v === 'string' ? v : invalid('an input name', n, v)),
  width: (v, n) => parseInteger(v, n, 1),
  height: (v, n) => parseInteger(v, n, 1),
  layout: (v, n) => parseChoice(v, n, ['nchw', 'nhwc']),
  dtype: (v, n) => parseChoice(v, n, ['float32', 'float16', 'uint8']),
  channels: (v, n) => Number(parseChoice(String(v), n, ['1', '3'])),
  channelOrder: (v, n) => parseChoice(v, n, ['rgb', 'bgr']),
  resize: (v, n) => parseChoice(v, n, ['stretch', 'letterbox', 'keep-ratio']),
  anchor: (v, n) => parseChoice(v, n, ['center', 'top-left']),
  rounding: (v, n) => parseChoice(v, n, roundings),
  padValue: (v, n) => parseNumber(v, n),
  interpolation: (v, n) => parseChoice(v, n, ['bilinear', 'area', 'darknet', 'nearest']),
  scale: (v, n) => parseNumber(v, n),
  mean: (v, n) => parseTriple(v, n),
  std: (v, n) => {
    const std = parseTriple(v, n);
    if (std.includes(0)) throw invalidArgument('non-zero numbers', n, v);
    return std;
  },
};

const outputKeys: Record<keyof OutputContract, Checker> = {
  family: (v, n) => parseChoice(v, n, families),
  outputs: (v, n) => parseRoles(v, n),
  channelsFirst: (v, n) => parseBoolean(v, n),
  strides: (v, n) => parseIntegerList(v, n),
  bins: (v, n) => parseInteger(v, n, 2),
  cellOffset: (v, n) => parseNumber(v, n),
  preNmsTopK: (v, n) => parseInteger(v, n, 1),
  scoreActivation: (v, n) => parseChoice(v, n, ['none', 'sigmoid', 'softmax']),
  boxFormat: (v, n) => parseChoice(v, n, ['xyxy', 'cxcywh']),
  normalized: (v, n) => parseBoolean(v, n),
  nmsInGraph: (v, n) => parseBoolean(v, n),
  scoreComparison: (v, n) => parseChoice(v, n, ['>', '>=']),
  decoder: (v, n) => (typeof v === 'string' ? v : invalid('a module path', n, v)),
};

const postprocessKeys: Record<keyof PostprocessContract, Checker> = {
  conf: (v, n) => parseFraction(v, n),
  nms: (v, n) => parseChoice(v, n, nmsKinds),
  iou: (v, n) => parseFraction(v, n),
  maxDet: (v, n) => parseLimit(v, n),
  maxCandidates: (v, n) => parseLimit(v, n),
  maxPerClass: (v, n) => parseInteger(v, n, 1),
  beta: (v, n) => parseNumber(v, n),
  intersectionOffset: (v, n) => parseNumber(v, n),
  clip: (v, n) => parseChoice(v, n, ['before-nms', 'after-nms', 'after-nms-keep', 'none']),
};

function invalid(what: string, name: string, value: unknown): never {
  throw invalidArgument(what, name, value);
}

/**
 * A config file's (or any plain object's) contract values, checked key by
 * key: unknown keys are errors (a misspelt key must not silently fall back
 * to a default). `where` prefixes the key names in messages.
 */
export function checkPartialContract(value: unknown, where: string): PartialContract {
  const object = asObject(value, where);
  const result: PartialContract = {};
  for (const [key, section] of Object.entries(object)) {
    if (key === 'preset') {
      if (typeof section !== 'string') invalid('a preset name', `${where}preset`, section);
      result.preset = section;
    } else if (key === 'input')
      result.input = checkSection(section, inputKeys, `${where}input`, sizeShorthand);
    else if (key === 'output') result.output = checkSection(section, outputKeys, `${where}output`);
    else if (key === 'postprocess')
      result.postprocess = checkSection(section, postprocessKeys, `${where}postprocess`);
    else if (key === 'classes') result.classes = checkClasses(section, `${where}classes`);
    else throw unknownKey(where, key, ['preset', 'input', 'output', 'postprocess', 'classes']);
  }
  return result;
}

function sizeShorthand(
  key: string,
  value: unknown,
  name: string,
): Record<string, unknown> | undefined {
  if (key !== 'size') return undefined;
  if (Array.isArray(value) && value.length === 2)
    return { width: parseInteger(value[0], name, 1), height: parseInteger(value[1], name, 1) };
  return parseSize(String(value), name);
}

function checkSection<T>(
  value: unknown,
  keys: Record<string, Checker>,
  where: string,
  shorthand?: (key: string, value: unknown, name: string) => Record<string, unknown> | undefined,
): Partial<T> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(asObject(value, where))) {
    const expanded = shorthand?.(key, item, `${where}.${key}`);
    if (expanded) Object.assign(result, expanded);
    else if (keys[key] === undefined) throw unknownKey(`${where}.`, key, Object.keys(keys));
    else result[key] = keys[key](item, `${where}.${key}`);
  }
  return result as Partial<T>;
}

function checkClasses(value: unknown, where: string): Partial<ClassesContract> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return parseClasses(value, where);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object))
    if (!['source', 'names', 'match'].includes(key))
      throw unknownKey(`${where}.`, key, ['source', 'names', 'match']);
  let result: Partial<ClassesContract> = {};
  if (object.names !== undefined) result = parseClasses(object.names, `${where}.names`);
  // `source` with a list of names is --print-config's form (source: metadata, names: [...]).
  if (object.source !== undefined) {
    const source = parseClasses(object.source, `${where}.source`).source!;
    result = Array.isArray(object.names) ? { ...result, source } : { source };
  }
  if (object.match !== undefined)
    result.match = parseChoice(object.match, `${where}.match`, ['id', 'name'] as const);
  return result;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `Expected a mapping of keys for ${where || 'the model config'} but received ${describeValue(value)}`,
  );
}

function unknownKey(where: string, key: string, known: string[]): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `unknown key ${where}${key} (known: ${known.join(', ')})`,
  );
}
