// A maker run in the gate's worker sees what an in-process one sees: the
// layout, and each step's missing tensors (here two of three at once, then one).
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/check/sandbox/sandbox.ts';
import { adam } from '../../src/optimizers/adam.ts';
import { makeLayout } from '../../src/optimizers/layout.ts';

const sandbox = new Sandbox('test/protocol/adapters/shaped-maker.ts', 'adamMaker');
afterAll(() => sandbox.close());

const layout = makeLayout({
  dim: 9,
  tensors: [
    { name: 'a', offset: 0, shape: [2, 2], group: 0 },
    { name: 'b', offset: 4, shape: [3], group: 1 },
    { name: 'c', offset: 7, shape: [2], group: 0 },
  ],
  groups: [{}, { lr: 0.3 }],
});
const missingAt = (k: number): ReadonlySet<number> | undefined => (k === 2 ? new Set([0, 2]) : k === 3 ? new Set([1]) : undefined);

describe('the sandbox forwards a step\'s missing tensors', () => {
  it('steps bit for bit like the same maker in-process, missing sets included', () => {
    sandbox.open();
    const inWorker = sandbox.maker({ lr: 0.1 })(9, layout);
    const inProcess = adam({ lr: 0.1, beta1: 0.8, beta2: 0.99 })(9, layout);
    const p = Float64Array.from({ length: 9 }, (_, i) => Math.cos(i));
    const q = Float64Array.from(p);
    for (let k = 1; k <= 5; k++) {
      const before = Float64Array.from(p);
      inWorker.step(p, p.map((v, i) => Math.sin(2 * v + i)), missingAt(k));
      inProcess.step(q, q.map((v, i) => Math.sin(2 * v + i)), missingAt(k));
      expect(Array.from(p), `step ${k}`).toEqual(Array.from(q));
      // Not vacuous: the missing tensors stayed, the others moved.
      const stayed = layout.tensors.map((t) => p.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1)).every((v, j) => v === before[t.offset + j]));
      expect(stayed, `step ${k}`).toEqual(layout.tensors.map((_, i) => missingAt(k)?.has(i) ?? false));
    }
  }, 60_000);
});
