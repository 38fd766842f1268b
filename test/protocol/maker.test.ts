// commandMaker is what `optspec check --command` hands the gate: a Maker,
// every factory served by one process.
import { afterAll, expect, it } from 'vitest';
import type { Maker } from '../../src/check/expectations.ts';
import { closeCommands, commandMaker } from '../../src/protocol/index.ts';
import { FAKE } from './parity.ts';

afterAll(closeCommands);

it('fits the gate’s Maker type and serves every hyperparameter setting from one process', () => {
  const make: Maker = commandMaker(FAKE());
  const a = make({ lr: 0.5 });
  const b = make({ lr: 0.25 });
  expect(a.optimizerName).toBe(b.optimizerName); // the name carries the pid: one process
  expect(a.hyper).toEqual({ lr: 0.5 });
  const [oa, ob] = [a(1), b(1)];
  const [pa, pb] = [new Float64Array([1]), new Float64Array([1])];
  for (let k = 0; k < 3; k++) {
    oa.step(pa, new Float64Array([1]));
    ob.step(pb, new Float64Array([1]));
  }
  expect([pa[0], pb[0]]).toEqual([1 - 3 * 0.5, 1 - 3 * 0.25]); // interleaved instances keep their own lr
});

it('sends only the family’s hyperparameters when told which, and leaves out undefined ones', () => {
  const make = commandMaker(FAKE(), { hyperKeys: ['lr'] });
  expect(make({ lr: 0.5, momentum: 0.5 }).hyper).toEqual({ lr: 0.5 });
  expect(commandMaker(FAKE())({ lr: 0.5, momentum: undefined }).hyper).toEqual({ lr: 0.5 });
  // Without hyperKeys an extra hyperparameter reaches the optimizer, which may refuse it: never silently dropped.
  expect(() => commandMaker(FAKE())({ momentum: 0.5 })(1)).toThrow(/init \(dim 1, hyper \{"momentum":0.5\}\): the optimizer refused: init needs lr/);
});
