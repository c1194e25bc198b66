export type Loaded<T, R> = { ok: true; item: T; value: R } | { ok: false; item: T; error: unknown };

/**
 * Loads items with at most `depth` loads in flight and yields them in input
 * order, so decoding runs ahead of the consumer but memory stays bounded. A
 * failed load is yielded with its error (the consumer decides whether it is
 * fatal); loads already started are still awaited when the consumer stops early.
 */
export async function* readAhead<T, R>(
  items: Iterable<T>,
  depth: number,
  load: (item: T) => Promise<R>,
): AsyncGenerator<Loaded<T, R>> {
  const iterator = items[Symbol.iterator]();
  const pending: Promise<Loaded<T, R>>[] = [];
  const start = (): boolean => {
    const next = iterator.next();
    if (next.done) return false;
    const item = next.value;
    pending.push(
      load(item).then(
        (value): Loaded<T, R> => ({ ok: true, item, value }),
        (error: unknown): Loaded<T, R> => ({ ok: false, item, error }),
      ),
    );
    return true;
  };
  while (pending.length < Math.max(1, depth) && start());
  try {
    while (pending.length > 0) {
      const loaded = await pending.shift()!;
      start();
      yield loaded;
    }
  } finally {
    await Promise.all(pending);
  }
}
