import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built CLI, as users run it (`npm run build` first; `npm test` does it). */
export const cliPath = path.resolve('dist/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function trtmap(...args: string[]): CliRun {
  if (!existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run npm run build before the e2e tests`);
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
