import { describe, expect, it } from 'vitest';

describe('canary', () => {
  // Array.prototype.findLast came with Node 18 (V8 9.7): on Node 16 this throws a TypeError.
  it('calls an API newer than Node 16', () => {
    expect([1, 2, 3].findLast((value) => value < 3)).toBe(2);
  });
});
