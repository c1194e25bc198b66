/**
 * Candidate indices by descending score, equal scores in candidate order,
 * produced lazily from a binary heap: NMS with a top-k usually needs only
 * the first few hundred of 10^5 candidates (an SSD at threshold 0.001), so
 * building the heap (O(n)) and popping what is used beats sorting them all.
 */
export class ScoreOrder {
  private readonly heap: Uint32Array;
  private size: number;

  constructor(
    private readonly scores: Float64Array,
    count: number,
  ) {
    this.heap = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.heap[i] = i;
    this.size = count;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The next index, or -1 when all have been taken. */
  next(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    this.heap[0] = this.heap[--this.size];
    this.siftDown(0);
    return top;
  }

  /** Whether candidate a comes before candidate b. */
  private before(a: number, b: number): boolean {
    const difference = this.scores[a] - this.scores[b];
    return difference > 0 || (difference === 0 && a < b);
  }

  private siftDown(position: number): void {
    const { heap, size } = this;
    const item = heap[position];
    for (;;) {
      let child = 2 * position + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(heap[child + 1], heap[child])) child++;
      if (!this.before(heap[child], item)) break;
      heap[position] = heap[child];
      position = child;
    }
    heap[position] = item;
  }
}
