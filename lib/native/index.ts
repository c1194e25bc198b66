import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ErrorCode, ErrorCodes, TrtmapError } from '../errors.js';
import type { NativeAddon } from './types.js';

export type * from './types.js';

/** The package root: lib/native/ in the sources, dist/native/ when built. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const require = createRequire(import.meta.url);

let addon: NativeAddon | undefined;
let loadedFrom: string | undefined;
let failure: TrtmapError | undefined;

/**
 * The native addon, loaded on first use (STYLE.md habit 1). Throws
 * ERR_NATIVE_LOAD saying what was tried and how to fix it, with the original
 * error as `cause`. TRTMAP_NATIVE_PATH names a specific .node file instead.
 */
export function loadNative(): NativeAddon {
  if (addon !== undefined) return addon;
  if (failure !== undefined) throw failure;
  const tried: string[] = [];
  try {
    const file = locateBinary(tried);
    const loaded = require(file) as NativeAddon;
    loaded.setErrorFactory(createNativeError);
    addon = loaded;
    loadedFrom = file;
    return loaded;
  } catch (error) {
    failure = loadError(tried, error);
    throw failure;
  }
}

/** The addon, or the reason it cannot be loaded; never throws. */
export function tryLoadNative():
  { addon: NativeAddon; error?: undefined } | { addon?: undefined; error: TrtmapError } {
  try {
    return { addon: loadNative() };
  } catch (error) {
    return { error: error as TrtmapError };
  }
}

/** The .node file that was loaded, once loaded. */
export function nativeBinaryPath(): string | undefined {
  return loadedFrom;
}

function locateBinary(tried: string[]): string {
  const override = process.env.TRTMAP_NATIVE_PATH;
  if (override) {
    tried.push(`TRTMAP_NATIVE_PATH=${override}`);
    // require() reads any other file as JavaScript ("Invalid or unexpected token").
    if (!override.endsWith('.node'))
      throw new Error(
        `TRTMAP_NATIVE_PATH must name the compiled addon, a .node file (e.g. build/Release/trtmap.node), not ${override}`,
      );
    return path.resolve(override);
  }
  tried.push(
    path.join(packageRoot, 'build', 'Release'),
    path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`),
  );
  const nodeGypBuild = require('node-gyp-build') as { path(root: string): string };
  return nodeGypBuild.path(packageRoot);
}

function loadError(tried: string[], cause: unknown): TrtmapError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  const hints = [
    'Build it from source: `npm run build:native` in the trtmap package (needs cmake >= 3.18, a C++17 compiler, libturbojpeg0-dev and libpng-dev; the CUDA toolkit is optional)',
    'Or reinstall so that the install script runs: `npm rebuild trtmap`',
  ];
  if (/lib(turbojpeg|png)/.test(reason)) {
    hints.unshift('Install the image libraries: `apt-get install libturbojpeg0 libpng16-16`');
  }
  const builtHere = existsSync(path.join(packageRoot, 'build', 'Release'));
  return new TrtmapError(
    'ERR_NATIVE_LOAD',
    [
      `The trtmap native addon could not be loaded: ${reason}`,
      `Looked in: ${tried.join(', ')}${builtHere ? '' : ' (no build/Release folder)'}`,
      'Possible solutions:',
      ...hints.map((hint) => `- ${hint}`),
      'The pure TypeScript parts of trtmap (metrics, datasets) work without it.',
    ].join('\n'),
    { cause },
  );
}

/** Called by the addon to create every error it throws or rejects with. */
function createNativeError(code: string, message: string, file?: string): Error {
  const known = (ErrorCodes as readonly string[]).includes(code);
  return new TrtmapError(known ? (code as ErrorCode) : 'ERR_INTERNAL', message, { file });
}

/**
 * Runs a native asynchronous call and, when it rejects, gives the error the
 * stack of the JavaScript call site (the native side has none).
 */
export async function withCallSite<T>(operation: () => Promise<T>): Promise<T> {
  const site = new Error();
  try {
    return await operation();
  } catch (error) {
    if (error instanceof Error && site.stack !== undefined) {
      const frames = site.stack.split('\n').slice(2);
      error.stack = [`${error.name}: ${error.message}`, ...frames].join('\n');
    }
    throw error;
  }
}
