import { describe, expect, it } from 'vitest';
import { traceFromRunSpec } from '../../src/cli/run-file.ts';
import { rng, uniformArray } from '../../src/random/rng.ts';

const base = { problem: { kind: 'l1', lambda: 1, dim: 3 }, optimizer: { name: 'sgd', lr: 0.01 }, steps: 4 };
const errorOf = (spec: unknown) => {
  try {
    traceFromRunSpec(spec);
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  throw new Error('expected the run file to be refused');
};

describe('run.json init shorthand', () => {
  it('"zeros" starts at the origin, with the dimension from the problem', () => {
    const trace = traceFromRunSpec({ ...base, init: 'zeros' });
    expect(Array.from(trace.params.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(trace.meta.dim).toBe(3);
  });

  it('{ "seed": n } draws U[−1, 1) from that seed, the same on every run', () => {
    const a = traceFromRunSpec({ ...base, init: { seed: 7 } });
    const b = traceFromRunSpec({ ...base, init: { seed: 7 } });
    const c = traceFromRunSpec({ ...base, init: { seed: 8 } });
    expect(a.params.subarray(0, 3)).toEqual(uniformArray(rng(7), 3, -1, 1));
    expect(b.params).toEqual(a.params);
    expect(c.params.subarray(0, 3)).not.toEqual(a.params.subarray(0, 3));
  });

  it.each([
    [{ ...base, init: 'ones' }, 'init: expected an array of numbers, "zeros" or { "seed": n }, got "ones"'],
    [{ ...base, init: { seed: 1.5 } }, 'init.seed: expected an integer, got 1.5'],
    [{ ...base, init: { seed: 1, scale: 2 } }, 'init'],
    [{ ...base, problem: { kind: 'l1', lambda: 1 }, init: 'zeros' }, 'problem.dim'],
    [{ ...base, init: [] }, 'init: expected at least one number'],
  ])('refuses bad init %# with an InputError naming the field', (spec, message) => {
    const error = errorOf(spec);
    expect(error).toMatch(/^InputError: /);
    expect(error).toContain(message);
  });
});

describe('run.json coordinates (recorded detail)', () => {
  it('"none" keeps the loss and norms but no parameters', () => {
    const trace = traceFromRunSpec({ ...base, init: [0.3, -0.2, 0.1], coordinates: 'none' });
    expect(trace.width).toBe(0);
    expect(trace.loss[0]).toBeCloseTo(0.6, 15);
    expect(trace.l1Norm[4]).toBeGreaterThan(0);
  });

  it('a list of indices keeps those coordinates only', () => {
    const trace = traceFromRunSpec({ ...base, init: [0.3, -0.2, 0.1], coordinates: [2] });
    expect(trace.width).toBe(1);
    expect(trace.params[0]).toBe(0.1);
  });

  it.each([
    ['some', 'coordinates: expected "all", "none" or a non-empty list of parameter indices'],
    [[], 'coordinates: expected'],
    [[3], 'coordinates[0]: expected an index in 0..2, got 3'],
  ])('refuses coordinates %j', (coordinates, message) => {
    expect(errorOf({ ...base, init: 'zeros', coordinates })).toContain(message);
  });
});
