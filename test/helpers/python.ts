import { execFileSync, spawnSync } from 'node:child_process';

const python = process.env.PYTHON ?? 'python3';
const probed = new Map<string, boolean>();

/**
 * Whether python3 can import every module named. CI sets
 * TRTMAP_REQUIRE_PYTHON_REFERENCES=1 after installing them, and then a missing
 * reference fails the run instead of skipping the parity tests.
 */
export function pythonHas(...modules: string[]): boolean {
  const key = modules.join(',');
  let found = probed.get(key);
  if (found === undefined) {
    const result = spawnSync(python, ['-c', modules.map((name) => `import ${name}`).join('; ')], {
      stdio: 'ignore',
    });
    found = result.status === 0;
    probed.set(key, found);
    if (!found && process.env.TRTMAP_REQUIRE_PYTHON_REFERENCES === '1') {
      throw new Error(
        `python3 cannot import ${modules.join(', ')} but the references are required`,
      );
    }
  }
  return found;
}

export function pythonMissingReason(...modules: string[]): string {
  return `python3 cannot import ${modules.join(', ')} (pip install ${modules.join(' ')})`;
}

/** Runs a Python script with arguments; returns stdout. Throws with stderr on failure. */
export function runPython(script: string, args: string[] = [], input?: string): string {
  return execFileSync(python, ['-c', script, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
