import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/check-glibc-symbols.mjs without --libc: it must not blame trtmap for the symbols
 * glibc 2.34 re-versioned. The objdump here is a script printing `objdump -T` lines in
 * binutils' format for a made-up binary of an architecture with no glibc on this machine.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-glibc-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('check-glibc-symbols without --libc', () => {
  it('newer glibc symbols are "not decided" (exit 2) with what to pass, not FAILED', () => {
    const objdump = path.join(folder, 'objdump');
    writeFileSync(
      objdump,
      [
        '#!/bin/sh',
        'if [ "$1" = "-f" ]; then echo "architecture: riscv:rv64"; exit 0; fi',
        "echo '0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.34) pthread_create'",
        "echo '0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.17) memcpy'",
      ].join('\n'),
    );
    chmodSync(objdump, 0o755);
    const run = spawnSync(
      process.execPath,
      ['scripts/check-glibc-symbols.mjs', 'x.node', '--objdump', objdump],
      { encoding: 'utf8' },
    );
    expect(run.stdout).not.toContain('FAILED');
    expect(run.stdout).toMatch(/pthread_create GLIBC_2\.34: unknown without --libc/);
    expect(run.stdout).toMatch(
      /NOT DECIDED: 1 glibc symbol\(s\) newer than 2\.27; run again with --libc/,
    );
    expect(run.status).toBe(2);
  });
});
