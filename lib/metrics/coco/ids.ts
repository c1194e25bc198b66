import { TrtmapError } from '../../errors.js';

/**
 * An image, category or annotation id as pycocotools holds it: a number, a
 * string (datasets whose image ids are file names), or an integer beyond
 * 2^53 as a bigint (Python's json reads ids exactly; a double would merge
 * 2^53 and 2^53 + 1). Ids compare by value as Python's dict keys do: 5 and
 * 5.0 are one id (both are the number 5 here), "5" is another.
 */
export type CocoId = number | string | bigint;

/** Whether a JSON value can be an id (booleans and null cannot; pycocotools would merge true with 1). */
export function isCocoId(value: unknown): value is CocoId {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'string' ||
    typeof value === 'bigint'
  );
}

/**
 * The one value an id has: a bigint a double holds exactly becomes that
 * number (2n ** 60n is 2 ** 60), as the JSON reader gives it, so ids from a
 * file and ids a caller passes meet in Maps.
 */
export function canonicalId(id: CocoId): CocoId {
  if (typeof id !== 'bigint') return id;
  const number = Number(id);
  return Number.isFinite(number) && BigInt(number) === id ? number : id;
}

/**
 * Python's ordering of ids, which `sorted(coco.getImgIds())` and `np.unique`
 * use: numbers (and bigints) by value, strings by code point. The order
 * matters beyond looks: pycocotools concatenates images in this order before
 * its stable sort by score, so it breaks score ties.
 */
export function compareIds(a: CocoId, b: CocoId): number {
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a !== 'string') return -1;
    if (typeof b !== 'string') return 1;
    return compareCodePoints(a, b);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `sorted(set(ids))` as pycocotools computes it. Strings mixed with numbers
 * make Python's sort raise TypeError; here that is an ERR_DATASET naming
 * the field (`what`: "image ids", "category ids") in `source`.
 */
export function uniqueSortedIds(ids: Iterable<CocoId>, what: string, source: string): CocoId[] {
  const unique = [...new Set(ids)];
  checkNotMixed(unique, what, source);
  return unique.sort(compareIds);
}

/** Throws ERR_DATASET when `ids` hold both strings and numbers (pycocotools cannot sort them). */
export function checkNotMixed(ids: readonly CocoId[], what: string, source: string): void {
  const text = ids.find((id) => typeof id === 'string');
  const number = ids.find((id) => typeof id !== 'string');
  if (text !== undefined && number !== undefined) {
    throw new TrtmapError(
      'ERR_DATASET',
      `${source}: the ${what} mix numbers and strings (e.g. ${formatId(number)} and ${formatId(text)}); ` +
        "pycocotools cannot sort them (Python's TypeError): use one kind for every id",
      { file: source },
    );
  }
}

/** An id for messages: numbers as written, strings quoted (so "12" and 12 stay apart). */
export function formatId(id: CocoId): string {
  return typeof id === 'string' ? JSON.stringify(id) : String(id);
}

/** A number id as a JSON number; used where ids are written back (results files). */
export function idToJson(id: CocoId): string {
  return typeof id === 'string' ? JSON.stringify(id) : String(id);
}

function compareCodePoints(a: string, b: string): number {
  // JavaScript compares UTF-16 code units; Python compares code points. They
  // differ only where a surrogate pair meets a code unit above U+D7FF.
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.codePointAt(index)!;
    const y = b.codePointAt(index)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) index++;
  }
  return a.length - b.length;
}
