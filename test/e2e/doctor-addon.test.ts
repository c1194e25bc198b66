import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

/** `trtmap doctor` when the addon cannot be loaded: it says so, and guesses nothing about TensorRT. */
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-doctor-addon-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function doctor(nativePath: string) {
  return spawnSync(process.execPath, [cliPath, 'doctor'], {
    encoding: 'utf8',
    env: { ...process.env, TRTMAP_NATIVE_PATH: nativePath },
  });
}

describe('trtmap doctor without a loadable addon', () => {
  it('a broken .node file: TensorRT not checked, not "built without TensorRT headers"', () => {
    const fake = path.join(folder, 'fake.node');
    writeFileSync(fake, 'not an ELF file');
    const run = doctor(fake);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Addon         NOT LOADED');
    expect(run.stdout).toMatch(/^TensorRT +not checked \(needs the addon/m);
    expect(run.stdout).not.toContain('built without TensorRT headers');
  });

  it('TRTMAP_NATIVE_PATH that is not a .node file is named as the problem', () => {
    const plan = path.join(folder, 'random.plan');
    writeFileSync(plan, Buffer.from([0x7f, 0x00, 0xff, 0x10]));
    const run = doctor(plan);
    expect(run.stdout).toContain('TRTMAP_NATIVE_PATH must name the compiled addon, a .node file');
    expect(run.stdout).not.toContain('Invalid or unexpected token');
  });
});
