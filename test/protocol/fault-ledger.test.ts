// The FaultLedger's rule for an adapter, in-process: a hang fails the
// expectation it happened in once (a retry within it fails at once), the next
// expectation gets a fresh process, and a second fault ends the rest fast.
import { afterAll, describe, expect, it } from 'vitest';
import { closeCommands, commandMaker } from '../../src/protocol/index.ts';
import { FaultLedger } from '../../src/protocol/fault-ledger.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { pass, type CheckContext, type Expectation } from '../../src/check/expectation.ts';
import { FAKE } from './parity.ts';

afterAll(closeCommands);

/** Three steps, retried up to four times when one throws, as fast-check's shrinking would. */
const retrying = (id: string): Expectation => ({
  id,
  kind: 'contract',
  title: id,
  run: (ctx) => {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const opt = ctx.make({ lr: 0.5 })(2);
        const p = new Float64Array([1, 2]);
        for (let k = 0; k < 3; k++) opt.step(p, new Float64Array([1, 1]));
        return pass('stepped');
      } catch {
        // try again
      }
    }
    return pass('every attempt failed');
  },
});

describe('an adapter under the FaultLedger', () => {
  it('costs one step budget per faulty expectation, two in all, then fails the rest at once', () => {
    const faults = new FaultLedger('the adapter');
    const make = commandMaker(FAKE('hang-at=3'), { stepTimeout: 0.5, faults });
    const ctx = { make, family: 'sgd', dialect: 'pytorch', precision: 'float64' } as CheckContext;
    const t0 = performance.now();
    const results = runCheck(ctx, undefined, ['a', 'b', 'c', 'd'].map(retrying), { begin: () => faults.begin(), fault: () => faults.fault() });
    const seconds = (performance.now() - t0) / 1000;
    const hang = expect.stringMatching(/^command ".*fake_sgd.py hang-at=3", step 3: no reply within 0.5 s; the process was killed$/);
    const broken = expect.stringMatching(/^not run: the adapter failed in 2 expectations and is not started again \(first: command ".*", step 3: no reply/);
    expect(results.map((r) => r.outcome.failure)).toEqual([hang, hang, broken, broken]);
    // One budget per faulty expectation, whatever it retries; sixteen attempts would take 8 s.
    expect(results[0].ms).toBeLessThan(1800);
    expect(results[1].ms).toBeLessThan(1800);
    expect(seconds).toBeLessThan(4);
  }, 30_000);
});
