import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const ortVersion = (() => {
  try {
    return (
      JSON.parse(readFileSync(require.resolve('onnxruntime-node/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return undefined;
  }
})();

describe('trtmap doctor: the CPU and ONNX Runtime', () => {
  it('lists the CPU as the OS reports it', () => {
    const run = trtmap('doctor');
    expect(run.code, run.stderr).toBe(0);
    const cpus = os.cpus();
    const line = run.stdout.split('\n').find((text) => text.startsWith('CPU '));
    expect(line).toBeDefined();
    expect(line).toContain(`x ${cpus.length}`);
    if (cpus[0]?.model) expect(line).toContain(cpus[0].model.trim());
  });

  it.skipIf(ortVersion === undefined)(
    'names the installed onnxruntime-node version, that it loads, and its threads',
    () => {
      const text = trtmap('doctor').stdout;
      expect(text).toMatch(
        new RegExp(
          `^ONNX Runtime {2}${ortVersion!.replace(/\./g, '\\.')} \\(CPU backend\\), threads per operator: `,
          'm',
        ),
      );
      const json = JSON.parse(trtmap('doctor', '--json').stdout) as {
        host: { machine: { cpuCount: number }; onnxRuntime: Record<string, unknown> };
      };
      expect(json.host.onnxRuntime).toEqual({
        loaded: true,
        version: ortVersion,
        threads: 'default',
      });
      expect(json.host.machine.cpuCount).toBe(os.cpus().length);
    },
  );
});
