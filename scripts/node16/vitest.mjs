// What `import ... from 'vitest'` gives a test file run by scripts/node16/run.mjs:
// vitest's own runner (@vitest/runner: describe, it, hooks, each, skipIf,
// timeouts) and assertions (@vitest/expect on chai, @vitest/spy), which load on
// Node 16, wired as vitest 4's `createExpect` (vitest/dist/chunks/test.*.js)
// wires them. Vitest itself needs Node 20; these packages do not.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  chai,
  customMatchers,
  GLOBAL_EXPECT,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import { getCurrentTest } from '@vitest/runner';
import * as spy from '@vitest/spy';

export {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  it,
  onTestFailed,
  onTestFinished,
  suite,
  test,
} from '@vitest/runner';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

/** vitest's createExpect(test), less snapshots and expect.poll. */
export function createExpect(task) {
  const expect = (value, message) => {
    const { assertionCalls } = getState(expect);
    setState({ assertionCalls: assertionCalls + 1 }, expect);
    const assertion = chai.expect(value, message);
    const current = task ?? getCurrentTest();
    return current ? assertion.withTest(current) : assertion;
  };
  Object.assign(expect, chai.expect);
  Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
  expect.getState = () => getState(expect);
  expect.setState = (state) => setState(state, expect);
  setState(
    {
      ...(getState(globalThis[GLOBAL_EXPECT]) ?? {}),
      assertionCalls: 0,
      isExpectingAssertions: false,
      isExpectingAssertionsError: null,
      expectedAssertionsNumber: null,
      expectedAssertionsNumberErrorGen: null,
    },
    expect,
  );
  expect.assert = chai.assert;
  expect.extend = (matchers) => chai.expect.extend(expect, matchers);
  expect.soft = (...args) => expect(...args).withContext({ soft: true });
  expect.unreachable = (message) =>
    chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
  chai.util.addMethod(expect, 'assertions', (count) =>
    expect.setState({
      expectedAssertionsNumber: count,
      expectedAssertionsNumberErrorGen: () =>
        new Error(
          `expected number of assertions to be ${count}, but got ${expect.getState().assertionCalls}`,
        ),
    }),
  );
  chai.util.addMethod(expect, 'hasAssertions', () =>
    expect.setState({
      isExpectingAssertions: true,
      isExpectingAssertionsError: new Error('expected any number of assertion, but got none'),
    }),
  );
  expect.extend(customMatchers);
  return expect;
}

export const expect = createExpect();
Object.defineProperty(globalThis, GLOBAL_EXPECT, {
  value: expect,
  writable: true,
  configurable: true,
});
export const assert = chai.assert;

/**
 * The part of `vi` the suites use. resetModules() makes later dynamic
 * imports load fresh copies of the project's modules (the loader adds a
 * generation to their URLs), as vitest's module runner does.
 */
export const vi = {
  fn: spy.fn,
  spyOn: spy.spyOn,
  isMockFunction: spy.isMockFunction,
  clearAllMocks: spy.clearAllMocks,
  resetAllMocks: spy.resetAllMocks,
  restoreAllMocks: spy.restoreAllMocks,
  resetModules() {
    globalThis.__trtmapModuleGeneration = (globalThis.__trtmapModuleGeneration ?? 0) + 1;
    return vi;
  },
};
