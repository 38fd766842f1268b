/**
 * 001 Prop. B.3: NDGM with momentum does not keep a zero. On λ‖β‖₁, if
 * β_N[k] = 0 after β_{N−1}[k] ≠ 0, the gradient there is 0 and eq. (16) gives
 * β_{N+1}[k] = −η·β_{N−1}[k]. Checked bit for bit with dyadic rationals, so
 * that runs land on 0 exactly, in the paper's heavy-ball form and in PyTorch's
 * SGD momentum form (where, with dampening 0, the same identity holds with η
 * the momentum factor). Vanilla NDGM keeps the zero: the control.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { l1 } from '../src/problems/l1.ts';
import { sgd, heavyBall, defineOptimizer, type OptimizerFactory } from '../src/optimizers/index.ts';
import { runTrace } from '../src/trace/run.ts';
import { landings } from '../src/analysis/zeros.ts';
import { defineClaim, record } from '../src/report/evidence.ts';
import { describeClaim, asserts } from '../src/report/declare.ts';
import { propertyOptions, PROPERTY_SEED } from './support.ts';

const claim = defineClaim({
  id: 'momentum-jump-off-zero',
  family: 'momentum',
  tier: 'fast',
  title: 'Momentum jumps off zero',
  paper: '001',
  section: 'App. B.3.2, Prop. B.3, Table 1',
  statement: 'For NDGM with momentum η on λ‖β‖₁, a coordinate that lands exactly on 0 moves to −η·β_{N−1} at the next step; it does not stay at 0 as vanilla NDGM does.',
});

const dyadic = (maxDenominatorLog2: number) =>
  fc.tuple(fc.integer({ min: -64, max: 64 }), fc.integer({ min: 0, max: maxDenominatorLog2 })).map(([n, k]) => n / 2 ** k);

function run(optimizer: OptimizerFactory, lambda: number, init: number[], steps = 24) {
  return runTrace({ problem: l1({ lambda, dim: init.length }), optimizer, init, steps });
}

describeClaim(claim, () => {
  it('heavy-ball form, eq. (16): every landing on 0 jumps to −η·β_{N−1}, bit for bit', ({ task }) => {
    let landed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 0.25, 0.75),
        fc.constantFrom(0.5, 0.25, 0.125),
        fc.constantFrom(1, 2, 0.5),
        fc.array(dyadic(4), { minLength: 1, maxLength: 6 }),
        (eta, alpha, lambda, rest) => {
          // The first coordinate starts exactly one step from 0, so it lands at step 1.
          const trace = run(heavyBall({ lr: alpha, eta }), lambda, [alpha * (1 - eta) * lambda, ...rest]);
          expect(trace).toJumpOffZero(eta);
          landed += landings(trace).length;
        },
      ),
      propertyOptions(60),
    );
    const example = run(heavyBall({ lr: 0.5, eta: 0.5 }), 1, [0.25], 4);
    expect(Array.from(example.column(0)).slice(0, 3)).toEqual([0.25, 0, -0.125]);
    record(task, {
      claim,
      optimizers: ['heavy-ball'],
      precision: 'float64',
      seed: PROPERTY_SEED,
      figures: [
        { label: 'landings on 0 checked', measured: landed },
        { label: 'α = 0.5, η = 0.5, λ = 1, β0 = 0.25', measured: '0.25 → 0 → −0.125', paper: 'β_{N+1} = −η·β_{N−1} (eq. 17)' },
      ],
    });
  });

  it('PyTorch SGD momentum form: the same jump, bit for bit', ({ task }) => {
    let landed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 0.25),
        fc.constantFrom(0.5, 0.25, 0.125),
        fc.constantFrom(1, 2),
        fc.array(dyadic(3), { minLength: 1, maxLength: 6 }),
        (momentum, lr, lambda, rest) => {
          const trace = run(sgd({ lr, momentum }), lambda, [lr * lambda, ...rest], 16);
          expect(trace).toJumpOffZero(momentum);
          landed += landings(trace).length;
        },
      ),
      propertyOptions(60),
    );
    record(task, { claim, optimizers: ['sgd'], precision: 'float64', seed: PROPERTY_SEED, figures: [{ label: 'landings on 0 checked (torch.optim.SGD form, dampening 0)', measured: landed }] });
  });

  it('control: a momentum that restarts its buffer from step 3 jumps off its first zero but not its second, and the matcher catches it', asserts('control'), ({ task }) => {
    // PyTorch's form, buf ← μ·buf + g, except buf ← g from step 3 on (a restart schedule gone wrong).
    const restarting = defineOptimizer('momentum-restart', { lr: 0.25, momentum: 0.5 }, (dim) => {
      const buf = new Float64Array(dim);
      let t = 0;
      return {
        step(p, g) {
          t++;
          for (let i = 0; i < dim; i++) {
            buf[i] = t === 1 || t >= 3 ? g[i] : 0.5 * buf[i] + g[i];
            p[i] -= 0.25 * buf[i];
          }
        },
      };
    });
    const init = [0.25, 0.625];
    const reference = run(sgd({ lr: 0.25, momentum: 0.5 }), 1, init, 12);
    const broken = run(restarting, 1, init, 12);
    // Both land on 0 at the same steps (coordinate 0 at step 1, coordinate 1 at step 2): only the second jump differs.
    expect(landings(broken).map((l) => [l.coordinate, l.step])).toEqual(landings(reference).map((l) => [l.coordinate, l.step]));
    expect(reference).toJumpOffZero(0.5);
    expect(broken).not.toJumpOffZero(0.5);
    expect(() => expect(broken).toJumpOffZero(0.5)).toThrow(/coordinate 1 landed on 0 at step 2/);
    record(task, { claim, optimizers: ['sgd'], precision: 'float64', notes: ['The first landing jumps as Prop. B.3 says; the second, after the restart, does not.'] });
  });

  it('control: vanilla NDGM keeps its zeros, and the matcher catches the missing jump', asserts('control'), ({ task }) => {
    const trace = run(sgd({ lr: 0.25 }), 1, [0.5, 0.75, -0.25]);
    expect(trace).toKeepZeros();
    expect(trace).not.toJumpOffZero(0.5);
    expect(() => expect(trace).toJumpOffZero(0.5)).toThrow(/coordinate 2 landed on 0 at step 1 from -0.25, then went to 0 at step 2, not −η·β_\{N−1\} = 0.125/);
    record(task, { claim, optimizers: ['sgd'], precision: 'float64', notes: ['Vanilla NDGM: 0.5 → 0.25 → 0 → 0 …'] });
  });
});
