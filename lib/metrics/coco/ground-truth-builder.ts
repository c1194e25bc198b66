import { TrtmapError } from '../../errors.js';
import { GrowableFloat64 } from '../growable.js';
import type { CocoCategory, CocoGroundTruth, CocoImage } from './ground-truth.js';
import { type CocoId, canonicalId, checkNotMixed, formatId, isCocoId } from './ids.js';
import { showJson, toFiniteNumber } from './values.js';

type Section = 'images' | 'annotations' | 'categories';

/**
 * Builds a CocoGroundTruth from records in any order (a file may list
 * annotations before images), checking each as it comes, and indexes it at
 * the end as pycocotools' `createIndex()` does: `imgs` and `cats` keyed by id
 * (a repeated id keeps its last entry), `imgToAnns` for every annotation,
 * `anns` keyed by annotation id.
 */
export class GroundTruthBuilder {
  private readonly images = new Map<CocoId, CocoImage>();
  private repeatedImages: CocoId[] = [];
  private readonly categories = new Map<CocoId, CocoCategory>();
  private readonly id: CocoId[] = [];
  private readonly imageId: CocoId[] = [];
  private readonly categoryId: CocoId[] = [];
  private readonly box = new GrowableFloat64();
  private readonly area = new GrowableFloat64();
  private readonly iscrowd = new GrowableFloat64();
  private readonly difficult: number[] = [];
  private withoutId = 0;

  constructor(readonly source: string) {}

  fail(message: string): never {
    throw new TrtmapError('ERR_DATASET', `${this.source}: ${message}`, { file: this.source });
  }

  add(section: Section, value: unknown, index: number): void {
    const where = `${section}[${index}]`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(`${where} is not an object`);
    }
    const record = value as Record<string, unknown>;
    if (section === 'annotations') this.addAnnotation(record, where);
    else if (section === 'images') this.addImage(record, where);
    else this.addCategory(record, where);
  }

  private addImage(record: Record<string, unknown>, where: string): void {
    const id = this.idField(record.id, `${where}.id`);
    if (this.images.has(id)) this.repeatedImages.push(id);
    this.images.set(id, { ...(record as object), id } as CocoImage);
  }

  private addCategory(record: Record<string, unknown>, where: string): void {
    const id = this.idField(record.id, `${where}.id`);
    const name = record.name;
    this.categories.set(id, {
      ...(record as object),
      id,
      name: typeof name === 'string' ? name : String(name ?? formatId(id)),
    });
  }

  private addAnnotation(record: Record<string, unknown>, where: string): void {
    // pycocotools fails (KeyError) on an annotation without id; here it is its
    // own annotation, keyed by a string no file can hold (ids never contain NUL).
    if (record.id === undefined) this.withoutId++;
    this.id.push(
      record.id === undefined
        ? `\u0000annotation ${this.id.length}`
        : this.idField(record.id, `${where}.id`),
    );
    this.imageId.push(this.idField(record.image_id, `${where}.image_id`));
    this.categoryId.push(this.idField(record.category_id, `${where}.category_id`));
    const bbox = record.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4) {
      this.fail(`${where}.bbox: expected [x, y, width, height] but received ${showJson(bbox)}`);
    }
    const numbers = (bbox as unknown[]).map((v) => this.numberField(v, `${where}.bbox`));
    for (const v of numbers) this.box.push(v);
    // pycocotools requires `area`; without it we use the box area rather than fail.
    this.area.push(
      record.area === undefined
        ? numbers[2] * numbers[3]
        : this.numberField(record.area, `${where}.area`),
    );
    const crowd = record.iscrowd;
    const iscrowd =
      crowd === undefined || crowd === false
        ? 0
        : crowd === true
          ? 1
          : this.numberField(crowd, `${where}.iscrowd`);
    this.iscrowd.push(iscrowd);
    this.difficult.push('difficult' in record ? (record.difficult ? 1 : 0) : iscrowd ? 1 : 0);
  }

  private idField(value: unknown, where: string): CocoId {
    if (!isCocoId(value)) {
      this.fail(`${where}: expected a number or string id but received ${showJson(value)}`);
    }
    return canonicalId(value);
  }

  private numberField(value: unknown, where: string): number {
    const number = toFiniteNumber(value);
    if (number === undefined) {
      this.fail(`${where}: expected a finite number but received ${showJson(value)}`);
    }
    return number;
  }

  finish(): CocoGroundTruth {
    const images = [...this.images.values()];
    const imageIds = [...this.images.keys()];
    const categories = [...this.categories.values()];
    const categoryIds = [...this.categories.keys()];
    checkNotMixed(imageIds, 'image ids', this.source);
    checkNotMixed(categoryIds, 'category ids', this.source);
    const count = this.id.length;
    const annotations = {
      count,
      id: this.id,
      imageId: this.imageId,
      categoryId: this.categoryId,
      box: this.box.toArray(),
      area: this.area.toArray(),
      iscrowd: this.iscrowd.toArray(),
      difficult: Uint8Array.from(this.difficult),
    };
    const annotationsByImage = new Map<CocoId, number[]>();
    const annotationIndexById = new Map<CocoId, number>();
    for (let index = 0; index < count; index++) {
      const imageId = this.imageId[index];
      let list = annotationsByImage.get(imageId);
      if (list === undefined) annotationsByImage.set(imageId, (list = []));
      list.push(index);
      annotationIndexById.set(this.id[index], index);
    }
    return {
      source: this.source,
      images,
      imageIds,
      categories,
      categoryIds,
      annotations,
      annotationsByImage,
      annotationIndexById,
      warnings: this.warnings(annotationIndexById.size),
    };
  }

  /** pycocotools accepts each of these silently; each probably means a broken file. */
  private warnings(uniqueAnnotationIds: number): string[] {
    const warnings: string[] = [];
    const count = this.id.length;
    if (this.repeatedImages.length > 0) {
      warnings.push(
        `${this.repeatedImages.length} image ids are repeated in "images" (e.g. ${formatId(this.repeatedImages[0])}); ` +
          'like pycocotools, each is one image, described by its last entry',
      );
    }
    if (uniqueAnnotationIds !== count) {
      warnings.push(
        `${count - uniqueAnnotationIds} annotation ids are repeated; like pycocotools, ` +
          'each repeated id evaluates as its last annotation',
      );
    }
    if (this.withoutId > 0) {
      warnings.push(
        `${this.withoutId} annotations have no "id" (pycocotools fails on them with KeyError); ` +
          'each is evaluated as an annotation of its own',
      );
    }
    if (this.id.some((id) => id === 0)) {
      warnings.push(
        'an annotation has id 0; like pycocotools, a detection matched to it counts as unmatched',
      );
    }
    const orphans = this.unlisted(this.imageId, this.images);
    if (orphans.length > 0) {
      const [first] = orphans;
      const example = `annotation ${formatId(this.id[first])} (index ${first}) is on image ${formatId(this.imageId[first])}`;
      warnings.push(
        (orphans.length === 1
          ? `${example}, which "images" does not list`
          : `${orphans.length} annotations are on images that "images" does not list (${example})`) +
          ': ignored by every metric, as pycocotools ignores them',
      );
    }
    const uncategorized = this.unlisted(this.categoryId, this.categories);
    if (uncategorized.length > 0) {
      const [first] = uncategorized;
      warnings.push(
        `${uncategorized.length} annotation(s), e.g. annotation ${formatId(this.id[first])}, have ` +
          `category_id ${formatId(this.categoryId[first])}, which "categories" does not list: not ` +
          'evaluated, as in pycocotools',
      );
    }
    return warnings;
  }

  private unlisted(ids: readonly CocoId[], known: ReadonlyMap<CocoId, unknown>): number[] {
    const indices: number[] = [];
    ids.forEach((id, index) => {
      if (!known.has(id)) indices.push(index);
    });
    return indices;
  }
}
