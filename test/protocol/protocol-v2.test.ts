// Protocol 2 from optspec's side: a version-1 adapter keeps working on flat
// layouts and is refused a shaped one in one line; an adapter's train()/eval()
// reach commandOptimizer; the adapter puts a train()/eval() class in train mode.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Layout, makeLayout } from '../../src/optimizers/layout.ts';
import { closeCommands, commandOptimizer, ProtocolError } from '../../src/protocol/index.ts';
import { FAKE, TORCH } from './parity.ts';

afterAll(closeCommands, 30_000);

const errorOf = (thunk: () => unknown): Error => {
  try {
    thunk();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
};

const shaped = makeLayout({
  dim: 5,
  tensors: [
    { name: 'w', offset: 0, shape: [2, 2], group: 0 },
    { name: 'b', offset: 4, shape: [1], group: 1 },
  ],
  groups: [{}, { lr: 0.5 }],
});

describe('a version-1 adapter (the pure-Python fake)', () => {
  const factory = () => commandOptimizer(FAKE(), { lr: 0.1 });

  it('steps a flat layout, given or not, as before', () => {
    for (const opt of [factory()(3), factory()(3, Layout.flat(3))]) {
      const p = new Float64Array([1, 2, 3]);
      opt.step(p, new Float64Array([1, -1, 0.5]));
      expect(Array.from(p)).toEqual([1 - 0.1, 2 + 0.1, 3 - 0.1 * 0.5]);
    }
  });

  it('is refused a shaped layout in one line naming the command, and lives on', () => {
    const err = errorOf(() => factory()(5, shaped));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toBe(
      `command ${JSON.stringify(FAKE())}, init (dim 5, hyper {"lr":0.1}): the adapter speaks protocol 1, which carries one flat vector with every gradient; a layout of 2 tensor(s) in 2 group(s) (w [2×2], b [1]) needs protocol 2`,
    );
    // One tensor of another shape than [dim], or with overrides, is shaped too.
    expect(errorOf(() => factory()(4, makeLayout({ dim: 4, tensors: [{ name: 'k', offset: 0, shape: [2, 2] }] }))).message).toMatch(/, init .*: the adapter speaks protocol 1, .*; a layout of 1 tensor\(s\) in 1 group\(s\) \(k \[2×2\]\) needs protocol 2$/);
    expect(errorOf(() => factory()(4, makeLayout({ dim: 4, tensors: [{ name: 'v', offset: 0, shape: [4] }], groups: [{ lr: 1 }] }))).message).toMatch(/needs protocol 2$/);
    const p = new Float64Array([1]);
    factory()(1).step(p, new Float64Array([1]));
    expect(p[0]).toBeCloseTo(0.9, 15);
  });

  it('is refused a step without a gradient in one line, and lives on', () => {
    const opt = factory()(2);
    const p = new Float64Array([1, 2]);
    expect(errorOf(() => opt.step(p, new Float64Array([1, 1]), new Set([0]))).message).toBe(
      `command ${JSON.stringify(FAKE())}, step 1: the adapter speaks protocol 1, which carries one flat vector with every gradient; a step without the gradient of params needs protocol 2`,
    );
    expect(Array.from(p)).toEqual([1, 2]);
    opt.step(p, new Float64Array([1, 1]), new Set());
    expect(Array.from(p)).toEqual([0.9, 1.9]);
  });
});

describe('train() and eval() through protocol 2 (a small averaging optimizer, shaped_optim.AveragedSGD)', () => {
  const command = `PYTHONPATH=test/protocol/adapters ${TORCH('shaped_optim.AveragedSGD')}`;
  const hyper = { lr: 0.1, beta: 0.9 };

  /** The fixture's rule, mirrored: per tensor, z ← z − lr·g; x ← (1 − c)x + c·z with c = 1/(k+1); y ← (1 − β)z + βx. */
  function mirror(layout: Layout, lrs: number[]) {
    const state = layout.tensors.map(() => null as null | { z: Float64Array; x: Float64Array; k: number });
    return {
      step(y: Float64Array, g: Float64Array, missing: ReadonlySet<number>) {
        layout.tensors.forEach((t, i) => {
          if (missing.has(i)) return;
          const n = t.shape.reduce((a, b) => a * b, 1);
          const ys = y.subarray(t.offset, t.offset + n);
          const s = (state[i] ??= { z: ys.slice(), x: ys.slice(), k: 0 });
          const lr = lrs[t.group];
          s.k += 1;
          const c = 1 / (s.k + 1);
          for (let j = 0; j < n; j++) {
            s.z[j] -= lr * g[t.offset + j];
            s.x[j] = s.x[j] * (1 - c) + s.z[j] * c;
            ys[j] = s.z[j] * (1 - hyper.beta) + s.x[j] * hyper.beta;
          }
        });
      },
      x: () => Float64Array.from(layout.tensors.flatMap((_t, i) => Array.from(state[i]!.x))),
    };
  }

  it('steps (the adapter called train() after construction), and eval/train switch to x and back to y', () => {
    const opt = commandOptimizer(command, hyper)(5, shaped);
    expect(typeof opt.train).toBe('function');
    expect(typeof opt.eval).toBe('function');
    const ref = mirror(shaped, [0.1, 0.5]);
    const y = new Float64Array([0.5, -1, 2, 0.25, -0.75]);
    const y2 = y.slice();
    for (let k = 1; k <= 6; k++) {
      const missing = new Set(k === 3 ? [0] : []);
      opt.step(y, y.map((v, i) => Math.sin(v + i)), missing);
      ref.step(y2, y2.map((v, i) => Math.sin(v + i)), missing);
      for (let j = 0; j < 5; j++) expect(y[j]).toBeCloseTo(y2[j], 12);
    }
    const p = y.slice();
    opt.eval!(p);
    const x = ref.x();
    for (let j = 0; j < 5; j++) expect(p[j]).toBeCloseTo(x[j], 12);
    expect(Array.from(p)).not.toEqual(Array.from(y));
    opt.train!(p);
    expect(Array.from(p)).toEqual(Array.from(y));
  }, 60_000);

  it('a group override the class does not take is refused at init, in one line (torch would keep it in the group and ignore it)', () => {
    const layout = makeLayout({ dim: 5, tensors: shaped.tensors, groups: [{}, { beta1: 0.5 }] });
    const err = errorOf(() => commandOptimizer(TORCH('torch.optim.SGD'), { lr: 0.1 })(5, layout));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/, init \(dim 5, hyper \{"lr":0\.1\}\): the optimizer refused: TypeError: layout\.groups\[1\] overrides betas, which SGD does not take$/);
  }, 60_000);

  it('a class without train()/eval() offers neither', () => {
    const opt = commandOptimizer(TORCH('torch.optim.SGD'), { lr: 0.1 })(5, shaped);
    expect(opt.train).toBeUndefined();
    expect(opt.eval).toBeUndefined();
  }, 60_000);
});

describe('a scheduler between steps: scaleLr through protocol 2 (the op scale-lr)', () => {
  it('multiplies every group’s lr from the next step on, group overrides included', () => {
    // SGD: each step moves by lr·g, so the step after scaleLr(0.5) is half the one before, in both groups (lr 0.1 and 0.5).
    const opt = commandOptimizer(TORCH('torch.optim.SGD'), { lr: 0.1 })(5, shaped);
    const p = Float64Array.from([1, 2, 3, 4, 5]);
    const g = Float64Array.from([1, -1, 0.5, 2, 1]);
    opt.step(p, g);
    const first = Float64Array.from([1, 2, 3, 4, 5], (v, i) => v - p[i]);
    [0.1, -0.1, 0.05, 0.2, 0.5].forEach((want, i) => expect(first[i]).toBeCloseTo(want, 12));
    opt.scaleLr!(0.5);
    const before = p.slice();
    opt.step(p, g);
    Array.from(p, (v, i) => (before[i] - v) / first[i]).forEach((ratio) => expect(ratio).toBeCloseTo(0.5, 12));
  }, 60_000);

  it('is refused in one line for a negative or non-finite factor, before anything is sent', () => {
    const opt = commandOptimizer(TORCH('torch.optim.SGD'), { lr: 0.1 })(5, shaped);
    expect(() => opt.scaleLr!(-1)).toThrow('scaleLr(factor): expected a finite number ≥ 0, got -1');
    expect(() => opt.scaleLr!(Number.NaN)).toThrow(/^scaleLr\(factor\): expected a finite number ≥ 0, got NaN$/);
  }, 60_000);

  it('a version-1 adapter does not offer it', () => {
    expect(commandOptimizer(FAKE(), { lr: 0.1 })(3).scaleLr).toBeUndefined();
  }, 60_000);
});

describe('optspec conform says which protocol the adapter speaks', () => {
  const BIN = new URL('../../bin/optspec.js', import.meta.url).pathname;
  const conform = (command: string) => spawnSync(process.execPath, [BIN, 'conform', '--command', command], { encoding: 'utf8' });

  it('protocol 2, with the shaped checks, for the PyTorch adapter', () => {
    const r = conform(TORCH('torch.optim.SGD'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nPASS  v2: a tensor whose gradient is null is untouched: /);
    expect(r.stdout.endsWith('\nthe adapter speaks protocol 2\n')).toBe(true);
  }, 60_000);

  it('protocol 1, flat layouts only, for a version-1 adapter', () => {
    const r = conform(FAKE());
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/v2:/);
    expect(r.stdout.endsWith('\nthe adapter speaks protocol 1 (flat layouts only: layouts, missing gradients and train/eval need protocol 2)\n')).toBe(true);
  }, 30_000);
});
