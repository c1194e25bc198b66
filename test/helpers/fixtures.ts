import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The fixtures folder named by TRTMAP_FIXTURES (../shared/fixtures in CI), or undefined. */
export const fixturesRoot: string | undefined = (() => {
  const root = process.env.TRTMAP_FIXTURES;
  return root && existsSync(path.join(root, 'SHA256SUMS')) ? path.resolve(root) : undefined;
})();

export const fixturesMissingReason =
  'TRTMAP_FIXTURES is not set to the fixtures folder (e.g. ../shared/fixtures)';

let sums: Map<string, string> | undefined;

/**
 * Absolute path of a fixture, after checking its sha256 against SHA256SUMS, so
 * a test never runs against a changed or truncated file.
 */
export function fixture(relative: string): string {
  if (fixturesRoot === undefined) throw new Error(fixturesMissingReason);
  const absolute = path.join(fixturesRoot, relative);
  sums ??= new Map(
    readFileSync(path.join(fixturesRoot, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [hash, file] = line.trim().split(/\s+\*?/, 2) as [string, string];
        return [path.normalize(file.replace(/^\.\//, '')), hash];
      }),
  );
  const expected = sums.get(path.normalize(relative));
  if (expected !== undefined) {
    const actual = createHash('sha256').update(readFileSync(absolute)).digest('hex');
    if (actual !== expected) throw new Error(`fixture ${relative} does not match SHA256SUMS`);
  }
  return absolute;
}
