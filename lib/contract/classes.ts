import { parse as parseYaml } from 'yaml';
import { parseNamesFile } from '../data/categories.js';
import { readTextFileSync } from '../data/text.js';
import { TrtmapError } from '../errors.js';
import { builtInClassList, classKey } from './class-lists.js';
import type { ClassesContract } from './types.js';

/**
 * The model's class list from the merged classes setting: a built-in list
 * (matched by COCO id unless said otherwise), names from the metadata, a
 * names file or a list (matched by name), or 'indices' (class k is category
 * k + 1, for darknet models of other class counts).
 */
export function resolveClasses(
  partial: Partial<ClassesContract>,
  classCount: number | undefined,
): ClassesContract {
  const source = partial.source ?? 'coco80';
  const builtIn = builtInClassList(source);
  if (builtIn !== undefined) return { source, ...builtIn, match: partial.match ?? 'id' };
  if (source === 'indices') {
    const count = classCount ?? 0;
    return {
      source,
      names: Array.from({ length: count }, (_, k) => `class ${k}`),
      cocoIds: Array.from({ length: count }, (_, k) => k + 1),
      match: partial.match ?? 'id',
    };
  }
  if (source === 'metadata' || source === 'inline') {
    if (partial.names === undefined) {
      throw new TrtmapError(
        'ERR_MODEL_CONTRACT',
        'classes: metadata was asked for, but the model carries no class names; pass --classes coco80|coco91|voc or a names file',
      );
    }
    return { source, names: partial.names, match: partial.match ?? 'name' };
  }
  return { source, names: readNames(source), match: partial.match ?? 'name' };
}

/** Class names from a darknet .names file (one per line) or a YAML/JSON list or {index: name} map (an Ultralytics data.yaml's `names`). */
function readNames(file: string): string[] {
  let text: string;
  try {
    // lib/data/text.ts: a byte-order mark, UTF-16 from a Windows editor, bytes that are not UTF-8.
    text = readTextFileSync(file);
  } catch (error) {
    if (!(error instanceof TrtmapError) || error.code !== 'ERR_FILE_NOT_FOUND') throw error;
    throw new TrtmapError(
      'ERR_FILE_NOT_FOUND',
      `classes: ${file}: no such file (expected coco80, coco91, voc, metadata or a names file)`,
      { file, cause: error },
    );
  }
  if (!/\.(ya?ml|json)$/i.test(file)) return parseNamesFile(text);
  let value: unknown = parseYaml(text);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'names' in value)
    value = (value as { names: unknown }).names;
  if (Array.isArray(value) && value.every((name) => typeof name === 'string'))
    return value as string[];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const names: string[] = [];
    for (const [key, name] of Object.entries(value)) {
      if (!/^\d+$/.test(key) || typeof name !== 'string') break;
      names[Number(key)] = name;
    }
    if (names.length > 0 && names.every((name) => name !== undefined)) return names;
  }
  throw new TrtmapError(
    'ERR_PARSE',
    `classes: ${file} holds neither a list of names nor {index: name} (nor a names: key with either)`,
    { file },
  );
}

/** What the evaluation's dataset offers to map classes onto. */
export interface DatasetCategories {
  categories: readonly { id: number; name: string }[];
  /** The dataset's category of a COCO category id (-1 when it has none). */
  categoryOfCocoId(cocoId: number): number;
}

export interface ClassMapping {
  /** Model class index -> dataset category id, -1 for classes the dataset lacks. */
  map: Int32Array;
  /** Model classes that match no category. */
  unmatched: string[];
  /**
   * Classes matched by id whose dataset category has another name (spellings
   * aside): `person -> car` when a dataset numbers its own classes 1, 2, 3.
   */
  renamed: { model: string; dataset: string }[];
}

/**
 * Maps the model's classes onto the dataset's categories, by COCO id or by
 * name (lower case, letters and digits only, darknet / VOC spellings = COCO's).
 * A model none of whose classes matches is ERR_MODEL_CONTRACT listing both
 * sides, since every number would be 0.
 */
export function mapClasses(classes: ClassesContract, dataset: DatasetCategories): ClassMapping {
  const byName = new Map(
    dataset.categories.map((category) => [classKey(category.name), category.id]),
  );
  const map = Int32Array.from(classes.names, (name, k) => {
    if (classes.match === 'id') {
      const cocoId = classes.cocoIds?.[k] ?? -1;
      return cocoId < 0 ? -1 : dataset.categoryOfCocoId(cocoId);
    }
    return name === '' ? -1 : (byName.get(classKey(name)) ?? -1);
  });
  const unmatched = classes.names.filter((name, k) => map[k] < 0 && name !== '');
  const renamed = classes.match === 'id' ? renamedById(classes, dataset, map, byName) : [];
  if (classes.names.length > 0 && map.every((id) => id < 0)) {
    const sample = (list: readonly string[]) =>
      list.slice(0, 8).join(', ') + (list.length > 8 ? `, ... (${list.length})` : '');
    throw new TrtmapError(
      'ERR_MODEL_CONTRACT',
      `none of the model's classes (${classes.source}, matched by ${classes.match}: ${sample(classes.names.filter((n) => n !== ''))}) is a category of the dataset (${sample(dataset.categories.map((c) => c.name))}); set --classes to the model's list (coco80, coco91, voc or a names file) or --class-match ${classes.match === 'id' ? 'name' : 'id'}`,
    );
  }
  return { map, unmatched, renamed };
}

/**
 * The id-matched classes whose names disagree. When most of them do, and
 * matching by name would pair at least as many classes, the ids are another
 * numbering (a custom dataset in COCO format, 0-based ids) and every AP
 * would be computed against the wrong class: ERR_MODEL_CONTRACT naming the
 * pairs and --class-match name.
 */
function renamedById(
  classes: ClassesContract,
  dataset: DatasetCategories,
  map: Int32Array,
  byName: ReadonlyMap<string, number>,
): { model: string; dataset: string }[] {
  const nameOf = new Map(dataset.categories.map((category) => [category.id, category.name]));
  const renamed: { model: string; dataset: string }[] = [];
  let matched = 0;
  classes.names.forEach((name, k) => {
    // A COCO dataset maps every COCO id to itself, listed in its categories or not.
    const datasetName = nameOf.get(map[k]);
    if (datasetName === undefined || name === '') return;
    matched++;
    if (classKey(datasetName) !== classKey(name))
      renamed.push({ model: name, dataset: datasetName });
  });
  const byNameCount = classes.names.filter(
    (name) => name !== '' && byName.has(classKey(name)),
  ).length;
  // Name matching pairs only agreeing names: it is right where it pairs more classes than
  // the ids pair correctly.
  if (
    renamed.length * 2 >= matched &&
    renamed.length > 0 &&
    byNameCount > matched - renamed.length
  ) {
    throw new TrtmapError(
      'ERR_MODEL_CONTRACT',
      `the model's classes (${classes.source}) matched by id land on dataset categories of other names in ${renamed.length} of ${matched} cases (${describeRenamed(renamed)}): the dataset numbers its categories its own way; pass --class-match name (${byNameCount} classes match by name), or --classes with the model's real list`,
    );
  }
  return renamed;
}

/** "person -> car, bicycle -> vest, ..." for messages. */
export function describeRenamed(renamed: readonly { model: string; dataset: string }[]): string {
  const shown = renamed
    .slice(0, 6)
    .map(({ model, dataset }) => `model ${model} -> dataset ${dataset}`);
  return shown.join(', ') + (renamed.length > 6 ? `, ... (${renamed.length})` : '');
}
