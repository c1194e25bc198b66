import type { Detections } from './types.js';

/**
 * A growable list of candidate boxes in parallel typed arrays, reused from
 * image to image so the decoders allocate nothing per box.
 */
export class Candidates {
  count = 0;
  boxes = new Float64Array(4 * 256);
  scores = new Float64Array(256);
  categories = new Int32Array(256);

  clear(): void {
    this.count = 0;
  }

  push(x1: number, y1: number, x2: number, y2: number, score: number, category: number): void {
    if (this.count === this.scores.length) this.grow();
    const index = this.count++;
    const at = index * 4;
    this.boxes[at] = x1;
    this.boxes[at + 1] = y1;
    this.boxes[at + 2] = x2;
    this.boxes[at + 3] = y2;
    this.scores[index] = score;
    this.categories[index] = category;
  }

  private grow(): void {
    const capacity = this.scores.length * 2;
    const boxes = new Float64Array(capacity * 4);
    boxes.set(this.boxes);
    const scores = new Float64Array(capacity);
    scores.set(this.scores);
    const categories = new Int32Array(capacity);
    categories.set(this.categories);
    this.boxes = boxes;
    this.scores = scores;
    this.categories = categories;
  }

  /** A copy of the candidates listed in `order` (indices into this list). */
  pick(order: ArrayLike<number>, length = order.length): Detections {
    const picked: Detections = {
      count: length,
      boxes: new Float64Array(length * 4),
      scores: new Float64Array(length),
      categories: new Int32Array(length),
    };
    for (let i = 0; i < length; i++) {
      const index = order[i];
      picked.boxes.set(this.boxes.subarray(index * 4, index * 4 + 4), i * 4);
      picked.scores[i] = this.scores[index];
      picked.categories[i] = this.categories[index];
    }
    return picked;
  }
}
