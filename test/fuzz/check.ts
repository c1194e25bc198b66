import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TrtmapError } from '../../lib/errors.js';
import type { FuzzTarget } from './targets.js';

/** An input that made a target fail: what happened and the input itself. */
export interface Finding {
  target: string;
  kind: 'exception' | 'hang' | 'memory';
  message: string;
  bytes: Uint8Array;
}

/**
 * Longest a single input may take (twice, to rule out a pause of the
 * machine) before it counts as a hang: 2 s plus 2 ms per KiB, so a large
 * input read in linear time passes and a quadratic blow-up does not.
 */
const hangMilliseconds = (bytes: number) => 2000 + (2 * bytes) / 1024;

/**
 * Runs one input through a target: returns a Finding for an exception other
 * than TrtmapError or for a run over the hang limit, undefined otherwise.
 */
export function checkInput(target: FuzzTarget, bytes: Uint8Array): Finding | undefined {
  const finding = (kind: Finding['kind'], message: string): Finding => ({
    target: target.name,
    kind,
    message,
    bytes,
  });
  const timed = (): number | Finding => {
    const start = performance.now();
    try {
      target.run(bytes);
    } catch (error) {
      if (!(error instanceof TrtmapError)) {
        return finding(
          'exception',
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
    }
    return performance.now() - start;
  };
  const first = timed();
  if (typeof first !== 'number') return first;
  const limit = hangMilliseconds(bytes.length);
  if (first < limit) return undefined;
  const second = timed();
  if (typeof second !== 'number') return second;
  return second < limit
    ? undefined
    : finding('hang', `${Math.round(second)} ms for ${bytes.length} bytes`);
}

/** Saves a finding's input (and what it did) under `folder`/<target>-<sha1>.bin. */
export function saveFinding(folder: string, found: Finding): string {
  mkdirSync(folder, { recursive: true });
  const name = `${found.target}-${createHash('sha1').update(found.bytes).digest('hex').slice(0, 16)}`;
  writeFileSync(path.join(folder, `${name}.bin`), found.bytes);
  writeFileSync(path.join(folder, `${name}.txt`), `${found.kind}: ${found.message}\n`);
  return name;
}
