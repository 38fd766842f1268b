// The in-process maker runs in a worker the gate can stop: a step that hangs,
// exits or returns a Promise becomes one line naming the step, and the check
// goes on; a non-Error throw is one line too.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { scratchDir } from '../scratch.ts';
import { Sandbox } from '../../src/check/sandbox/sandbox.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { pass, type CheckContext, type Expectation } from '../../src/check/expectation.ts';

const FIXTURES = 'test/check/sandbox-fixtures/makers.mjs';
const reportDir = scratchDir('optspec-sandbox-');
const open: Sandbox[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

function sandbox(exportName: string, stepTimeout = 10): Sandbox {
  const s = new Sandbox(FIXTURES, exportName, { stepTimeout });
  open.push(s);
  s.open();
  return s;
}

/** Three steps of the maker's optimizer from [1, 2] with gradient [1, 1]. */
const threeSteps = (id: string): Expectation => ({
  id,
  kind: 'contract',
  title: id,
  run: (ctx) => {
    const opt = ctx.make({ lr: 0.5 })(2);
    const p = new Float64Array([1, 2]);
    for (let k = 0; k < 3; k++) opt.step(p, new Float64Array([1, 1]));
    return pass(`ended at ${Array.from(p).join(', ')}`);
  },
});

const check = (s: Sandbox, n = 3) => runCheck({ make: s.maker, family: 'sgd', dialect: 'pytorch', precision: 'float64' } as CheckContext, undefined, Array.from({ length: n }, (_, i) => threeSteps(`e${i + 1}`)), s.ledger);

describe('the sandbox', () => {
  it('steps a healthy optimizer in its worker, params in place', () => {
    const [r] = check(sandbox('sgd'), 1);
    expect(r.outcome).toEqual(pass('ended at -0.5, 0.5'));
  });

  it('a step that writes into its gradient changes the caller\'s, as in-process (the gradient contract sees it)', () => {
    const opt = sandbox('mutatesGrad').maker({ lr: 0.5 })(2);
    const p = new Float64Array([1, 2]);
    const g = new Float64Array([1, 1]);
    opt.step(p, g);
    expect(Array.from(g)).toEqual([1 + 0.1 * 1, 1 + 0.1 * 2]);
    expect(Array.from(p)).toEqual([1 - 0.5 * 1.1, 2 - 0.5 * (1 + 0.1 * 2)]);
  });

  it('a step that never returns is one violation naming the step; the next expectation gets a fresh worker; a second hang ends the run', () => {
    const t0 = performance.now();
    const results = check(sandbox('hangsAtStep3', 0.5), 4);
    expect(results.map((r) => r.outcome.failure)).toEqual([
      'step 3 did not return within 0.5 s; its worker was stopped',
      'step 3 did not return within 0.5 s; its worker was stopped',
      "not run: the optimizer's worker failed in 2 expectations and is not started again (first: step 3 did not return within 0.5 s; its worker was stopped)",
      "not run: the optimizer's worker failed in 2 expectations and is not started again (first: step 3 did not return within 0.5 s; its worker was stopped)",
    ]);
    expect(performance.now() - t0).toBeLessThan(8000);
  });

  it('within the expectation that hung, a retry (as fast-check shrinking does) fails at once instead of waiting again', () => {
    const s = sandbox('hangsAtStep3', 0.5);
    const retrying: Expectation = {
      id: 'retries',
      kind: 'contract',
      title: 'retries',
      run: (ctx) => {
        for (let attempt = 0; attempt < 4; attempt++) {
          try {
            threeSteps('once').run(ctx);
          } catch {
            // an expectation may catch and try again
          }
        }
        return pass('caught every failure');
      },
    };
    const t0 = performance.now();
    const [r] = runCheck({ make: s.maker, family: 'sgd', dialect: 'pytorch', precision: 'float64' } as CheckContext, undefined, [retrying], s.ledger);
    expect(r.outcome.failure).toBe('step 3 did not return within 0.5 s; its worker was stopped');
    // One budget, not four (and no fresh worker started within the expectation).
    expect(performance.now() - t0).toBeLessThan(1400);
  });

  it('process.exit in a step ends only the worker, and is one line', () => {
    const [r] = check(sandbox('exitsAtStep2'), 1);
    expect(r.outcome.failure).toBe('step 2: the optimizer called process.exit(0), which ended its worker');
  });

  it.each([['resolvedPromise'], ['rejectedPromise']])('a step that returns a %s is one line saying steps are synchronous', (name) => {
    const results = check(sandbox(name), 2);
    for (const r of results) expect(r.outcome.failure).toBe("step 1 returned a Promise: an optimizer's step must be synchronous");
  });

  it.each([
    ['throwsNull', 'threw: null (not an Error)'],
    ['throwsString', 'threw: "planted string" (a string, not an Error)'],
    ['throwsObject', 'threw: {"code":7} (an object, not an Error)'],
    ['makerThrowsNull', 'threw: null (not an Error)'],
  ])('%s is one line', (name, line) => {
    const [r] = check(sandbox(name), 1);
    expect(r.outcome.failure).toBe(line);
  });

  it('a module that calls process.exit while it loads is refused in one line', () => {
    const s = new Sandbox('test/check/sandbox-fixtures/exits-on-load.mjs', 'sgd');
    open.push(s);
    expect(() => s.open()).toThrow(/^--optimizer: could not be loaded: loading the module: the optimizer called process.exit\(3\), which ended its worker, got "test\/check\/sandbox-fixtures\/exits-on-load.mjs"$/);
  });

  it('an export that is not a function is refused before anything runs', () => {
    expect(() => sandbox('notAFunction')).toThrow(/^--optimizer: expected the export to be a function \(hyper\) => OptimizerFactory; exports: .*notAFunction/);
  });
});

describe('optspec check --optimizer through the sandbox', () => {
  const cli = (exportName: string, ...extra: string[]) => {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ['bin/optspec.js', 'check', '--optimizer', `${FIXTURES}#${exportName}`, '--family', 'sgd', '--report', reportDir, ...extra], { encoding: 'utf8', timeout: 120_000 });
    return { ...res, seconds: (performance.now() - t0) / 1000 };
  };

  it('a step that never returns: exit 1, the step named, in two budgets', () => {
    const r = cli('hangsAtStep3', '--step-timeout', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}reference-parity .*\n {6}step 3 did not return within 1 s; its worker was stopped$/m);
    expect(r.stdout).toMatch(/^ {6}not run: the optimizer's worker failed in 2 expectations/m);
    expect(r.seconds).toBeLessThan(30);
  }, 60_000);

  it('process.exit(0) in a step does not pass the gate: exit 1 and a report', () => {
    const r = cli('exitsAtStep2');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ {6}step 2: the optimizer called process.exit\(0\), which ended its worker$/m);
    expect(r.stdout).toMatch(/^report: /m);
  }, 60_000);
});
