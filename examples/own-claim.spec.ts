// The README's "Claims and the report for your own specs" example, run as a test so it stays true.
import { expect, it } from 'vitest';
import { l1, sgd, ista, runTrace } from 'optspec';
import { defineClaim, describeClaim, asserts, record } from 'optspec/claims';

const claim = defineClaim({
  id: 'my-sgd-non-sparse',
  title: 'Our SGD never makes an L1 weight exactly zero',
  paper: 'design note 12, "Sparsity" (any source string)',
  section: 'Sec. 2',
  statement: 'From a random start, SGD on λ‖β‖₁ leaves no coordinate exactly 0.',
  family: 'sgd',
});

describeClaim(claim, { optimizers: ['sgd'] }, () => {
  it('no exact zeros over 300 steps', ({ task }) => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 4 }), optimizer: sgd({ lr: 0.01 }), init: [0.31, -0.77, 0.5053, -0.12], steps: 300 });
    expect(trace).toNeverHitZero();
    record(task, { precision: 'float64', figures: [{ label: 'exact zeros at the end', measured: trace.zeros[300], paper: 0 }] });
  });

  it('control: ISTA does make zeros, and the matcher says so', asserts('control', { optimizers: ['ista'] }), () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 4 }), optimizer: ista({ lr: 0.01 }), init: [0.31, -0.77, 0.5053, -0.12], steps: 300 });
    expect(trace).not.toNeverHitZero();
  });
});
