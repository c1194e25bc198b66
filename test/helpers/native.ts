import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryLoadNative } from '../../lib/native/index.js';
import type { NativeAddon } from '../../lib/native/types.js';

export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

const loaded = tryLoadNative();

/**
 * The addon, or undefined (tests then skip with `nativeMissingReason`). CI
 * sets TRTMAP_REQUIRE_NATIVE=1, and then a missing addon fails the run.
 */
export const native: NativeAddon | undefined = (() => {
  if (loaded.addon === undefined && process.env.TRTMAP_REQUIRE_NATIVE === '1') {
    throw new Error(
      `TRTMAP_REQUIRE_NATIVE=1 but the addon cannot be loaded: ${loaded.error.message}`,
    );
  }
  return loaded.addon;
})();

export const nativeMissingReason = `native addon not built (npm run build:native): ${
  loaded.error?.message.split('\n')[0] ?? ''
}`;
