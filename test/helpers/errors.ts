import { expect } from 'vitest';
import { TrtmapError } from '../../lib/errors.js';

/**
 * The TrtmapError `action` throws; the test fails if it throws anything else or
 * returns normally. Callers then assert the error's `code` and message.
 */
export function thrownTrtmapError(action: () => unknown): TrtmapError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TrtmapError);
    return error as TrtmapError;
  }
  throw new Error('expected a TrtmapError');
}
