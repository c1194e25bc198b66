import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInput } from '../fuzz/check.js';
import { targets } from '../fuzz/targets.js';

/**
 * Every input the fuzzer ever found (test/fuzz/corpus/<target>/*.bin) runs
 * through its target again in every test run: each must now end in a value
 * or a TrtmapError, quickly.
 */
const corpus = path.resolve('test/fuzz/corpus');

describe('the fuzzing corpus of past findings', () => {
  const cases = targets.flatMap((target) => {
    const folder = path.join(corpus, target.name);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => name.endsWith('.bin'))
      .sort()
      .map((name) => [`${target.name}/${name}`, target, path.join(folder, name)] as const);
  });

  it('has the targets the fuzzer runs', () => {
    expect(targets.map((target) => target.name)).toContain('json');
  });

  it.each(cases)('%s', (_name, target, file) => {
    const found = checkInput(target, readFileSync(file));
    expect(found && `${found.kind}: ${found.message}`).toBeUndefined();
  });
});
