// Claims checked on training runs recorded in PyTorch (fixtures/torch-record,
// written by optspec_torch.record in fixtures/torch-record/make_runs.py).
import { describe, expect, it } from 'vitest';
import { traceFromJsonl } from 'optspec';

describe('a PyTorch run of torch.optim.SGD on λ‖β‖₁ (001 Sec. 4)', () => {
  const trace = traceFromJsonl('fixtures/torch-record/l1-sgd.jsonl');
  const lr = trace.meta.hyper.lr as number;
  const lambda = trace.meta.hyper.lambda as number;

  it('never lands a coordinate on 0 and ends in the γ, γ − αλ two-cycle (001 Prop. 4.1)', () => {
    expect(trace.length).toBe(201);
    expect(trace).toNeverHitZero();
    expect(trace).toEnterTwoCycle(lr * lambda);
  });
});

describe('a PyTorch run of an L1-regularised linear model (summaries only)', () => {
  const trace = traceFromJsonl('fixtures/torch-record/lasso-sgd.jsonl');

  it('makes weights small but never exactly zero (001: NDGM with L1 is not sparse)', () => {
    expect(trace.width).toBe(0); // no parameters recorded: the claim rests on the zero count
    expect(trace).toNeverHitZero();
    const small = trace.summary('smallFraction');
    // Weights pile up near 0 — the data uses 5 of the 30 — yet the zero count stays 0 at every step.
    expect(small[small.length - 1]).toBeGreaterThan(small[0]);
    expect(small[small.length - 1]).toBeLessThanOrEqual(25 / 30);
  });
});
