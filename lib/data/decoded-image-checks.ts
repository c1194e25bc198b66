import type { CocoGroundTruth } from '../metrics/coco/ground-truth.js';
import type { CocoId } from '../metrics/coco/ids.js';
import type { DatasetImage } from './dataset.js';

/** What an image stage returns that these checks read: the decoded frame's size, the decoder's warning. */
interface PreparedFrame {
  placement: { sourceWidth: number; sourceHeight: number };
  /** Set when a damaged file was decoded anyway (a truncated JPEG, as cv2.imread decodes it). */
  warning?: string;
}

/** The image stage's shape (lib/pipeline's ImageStage), generic so lib/data does not import the pipeline. */
interface FrameStage<Prepared extends PreparedFrame> {
  prepare(path: string): Promise<Prepared>;
}

interface Mismatch {
  name: string;
  declared: string;
  decoded: string;
  swapped: boolean;
}

/**
 * What the decoded images say about the dataset, reported once per run with
 * counts, before the numbers:
 *
 * Damaged files decoded anyway (a truncated JPEG decodes as far as its data
 * goes, as cv2.imread decodes it, instead of being skipped): their
 * detections in the missing part are lost, so they are named.
 *
 * Frame sizes: compares each decoded image's width x height with the size its annotation
 * declares (COCO `images[].width/height`, VOC `<size>`). trtmap decodes as
 * cv2.imread does by default, applying the EXIF orientation tag (OpenCV >= 3.1,
 * `IMREAD_COLOR` without `IMREAD_IGNORE_ORIENTATION`), so a photo whose tag
 * rotates it by 90 degrees decodes with width and height swapped, and its
 * detections are in the rotated frame; annotation tools that ignore the tag
 * drew the boxes in the unrotated one. Nothing fails: the boxes just miss.
 * This names it once, with a count, instead of a silently lower mAP.
 */
export class DecodedImageChecks {
  private readonly declared = new Map<string, { image: DatasetImage; size: string }>();
  private readonly mismatches: Mismatch[] = [];
  private readonly damaged: { path: string; warning: string }[] = [];
  private decoded = 0;
  private checked = 0;

  constructor(groundTruth: CocoGroundTruth, images: readonly DatasetImage[]) {
    const sizes = new Map<CocoId, string>();
    for (const { id, width, height } of groundTruth.images) {
      if (isPositive(width) && isPositive(height)) sizes.set(id, `${width}x${height}`);
    }
    for (const image of images) {
      const size = sizes.get(image.id);
      if (size !== undefined) this.declared.set(image.path, { image, size });
    }
  }

  /** The same stage, each prepared image's frame and decoder warning recorded. */
  watch<Prepared extends PreparedFrame>(stage: FrameStage<Prepared>): FrameStage<Prepared> {
    return {
      prepare: async (path) => {
        const prepared = await stage.prepare(path);
        this.decoded++;
        if (prepared.warning !== undefined) this.damaged.push({ path, warning: prepared.warning });
        this.record(path, prepared.placement.sourceWidth, prepared.placement.sourceHeight);
        return prepared;
      },
    };
  }

  /** Records one decoded frame (exposed for stages that do not go through `watch`). */
  record(path: string, width: number, height: number): void {
    const entry = this.declared.get(path);
    if (entry === undefined) return;
    this.checked++;
    const decoded = `${width}x${height}`;
    if (decoded === entry.size) return;
    const swapped = `${height}x${width}` === entry.size;
    this.mismatches.push({ name: entry.image.name, declared: entry.size, decoded, swapped });
  }

  /** At most one warning per kind for the whole run, with counts and the first example. */
  warnings(): string[] {
    return [...this.damagedWarnings(), ...this.sizeWarnings()];
  }

  private damagedWarnings(): string[] {
    if (this.damaged.length === 0) return [];
    const [first] = this.damaged;
    return [
      `${this.damaged.length} of ${this.decoded} images were damaged and decoded anyway, as cv2.imread ` +
        `decodes them (${first.path}: ${first.warning}); detections in their missing parts are lost: ` +
        're-download or re-encode them',
    ];
  }

  private sizeWarnings(): string[] {
    const count = this.mismatches.length;
    if (count === 0) return [];
    const first = this.mismatches[0];
    const swapped = this.mismatches.filter((mismatch) => mismatch.swapped).length;
    const example = `${first.name}: ${first.declared} in the annotation, ${first.decoded} decoded`;
    const cause =
      swapped > 0
        ? `; in ${swapped} of them width and height are swapped, as an EXIF orientation tag does: ` +
          'trtmap rotates images as cv2.imread does by default, so their detections are in the rotated ' +
          'frame while the boxes were probably drawn on the unrotated one (remove the tag, e.g. ' +
          '`exiftool -Orientation= -n`, or annotate the rotated image)'
        : '; the annotation was made on another version of the image (resized or cropped)?';
    return [
      `${count} of ${this.checked} images decode to another size than their annotation gives ` +
        `(${example})${cause}`,
    ];
  }
}

function isPositive(value: number | undefined): value is number {
  return typeof value === 'number' && value > 0;
}
