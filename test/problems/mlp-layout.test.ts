import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/problems/mlp.ts';
import { adam } from '../../src/optimizers/adam.ts';
import { runTrace } from '../../src/trace/run.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

const r = rng(77);
const net = mlp({ widths: [3, 4, 2], loss: 'l2', x: [0, 1, 2, 3, 4].map(() => Array.from(uniformArray(r, 3, -1, 1))), y: [0, 1, 2, 3, 4].map(() => Array.from(uniformArray(r, 2, -1, 1))) });
const init = uniformArray(rng(78), net.dim, -0.5, 0.5);

describe("the MLP publishes its tensors", () => {
  it('the weight matrices (out × in) and biases per layer, where its gradient puts them', () => {
    expect(net.layout!.tensors.map((t) => [t.name, t.shape, t.offset])).toEqual([
      ['fc1.weight', [4, 3], 0],
      ['fc2.weight', [2, 4], 12],
      ['fc1.bias', [4], 20],
      ['fc2.bias', [2], 24],
    ]);
    expect(net.layout!.dim).toBe(net.dim);
  });

  it('an elementwise reference runs per tensor exactly as on the flat vector, its state recorded the same', () => {
    const steps = 25;
    const shaped = runTrace({ problem: net, optimizer: adam({ lr: 0.05 }), init, steps, state: ['expAvg'] });
    const flat = runTrace({ problem: { ...net, layout: undefined }, optimizer: adam({ lr: 0.05 }), init, steps, state: ['expAvg'] });
    for (let k = 0; k <= steps; k++) {
      expect(Array.from(shaped.row(k))).toEqual(Array.from(flat.row(k)));
      expect(Array.from(shaped.stateRow('expAvg', k))).toEqual(Array.from(flat.stateRow('expAvg', k)));
    }
    // Not vacuous: the run moved every tensor.
    expect(Array.from(shaped.row(steps)).every((x, j) => x !== init[j])).toBe(true);
  });
});
