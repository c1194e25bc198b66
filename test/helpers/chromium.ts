import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's `chromium` (CHROMIUM names another binary). No npm browser package: apt install chromium. */
const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser'].filter(
  (name): name is string => Boolean(name),
);

/**
 * The headless browser, or undefined. CI sets TRTMAP_REQUIRE_CHROMIUM=1 after
 * installing it, and then a missing browser fails the run instead of skipping.
 */
export const chromium: string | undefined = (() => {
  const found = candidates.find(
    (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
  );
  if (found === undefined && process.env.TRTMAP_REQUIRE_CHROMIUM === '1')
    throw new Error(
      'TRTMAP_REQUIRE_CHROMIUM=1 but chromium is not installed (apt-get install chromium)',
    );
  return found;
})();

export const chromiumMissingReason = 'chromium is not installed (apt-get install chromium)';

/** Runs headless Chromium on a local file with a fresh profile and no network features. */
export function runChromium(url: string, extra: string[]): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'trtmap-chromium-'));
  try {
    const result = spawnSync(
      chromium!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        ...extra,
        url,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000 },
    );
    if (result.status !== 0)
      throw new Error(`chromium exited with ${result.status}: ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
