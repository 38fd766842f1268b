import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTrace, firstSnapshotDifference, describeSnapshotDifference } from '../../src/check/trace-snapshot.ts';
import { baselineExpectation, baselineText } from '../../src/check/baseline.ts';
import type { CheckContext } from '../../src/check/expectation.ts';
import { reference, type Maker } from '../../src/check/families.ts';
import { defineOptimizer } from '../../src/optimizers/optimizer.ts';
import { traceOf } from '../helpers.ts';
import { scratchDir } from '../scratch.ts';

const two = (rows: number[][], label: string) => encodeTrace(traceOf(rows), label);

describe('exact trace snapshots', () => {
  it('write one line per step in the shortest form that reads back as the same double', () => {
    const t = traceOf([[0.1, -0, NaN], [1e-300, Infinity, -Infinity]]);
    expect(encodeTrace(t)).toBe('# test on test (3 coordinates, 1 steps)\n0: 0.1 -0 NaN\n1: 1e-300 Infinity -Infinity');
    expect(encodeTrace(t, 'mine')).toBe('# mine (3 coordinates, 1 steps)\n0: 0.1 -0 NaN\n1: 1e-300 Infinity -Infinity');
  });

  it('are the same when every value is, NaN and −0 included', () => {
    const a = `${two([[1, -0], [NaN, 2]], 'a')}\n\n${two([[3]], 'b')}\n`;
    expect(firstSnapshotDifference(a, a)).toBeNull();
    // Blank lines and lines without "k: " are not rows.
    expect(firstSnapshotDifference(a, a.replace('\n\n', '\nnote\n\n'))).toBeNull();
  });

  it('name the first step and coordinate that differ, down to the sign of zero', () => {
    const d = firstSnapshotDifference(two([[1, 2], [3, 0]], 'a'), two([[1, 2], [3, -0]], 'a'));
    expect(d).toEqual({ trace: 'a (2 coordinates, 1 steps)', step: 1, coordinate: 1, expected: '0', actual: '-0' });
    expect(describeSnapshotDifference(d!)).toBe('a (2 coordinates, 1 steps): first difference at step 1, coordinate 1: snapshot 0, now -0');
    expect(firstSnapshotDifference(two([[NaN]], 'a'), two([[1]], 'a'))).toMatchObject({ step: 0, coordinate: 0, expected: 'NaN', actual: '1' });
  });

  it('find a difference in a later trace, after an equal first one', () => {
    const a = `${two([[1]], 'a')}\n\n${two([[2], [3]], 'b')}`;
    const b = `${two([[1]], 'a')}\n\n${two([[2], [4]], 'b')}`;
    expect(firstSnapshotDifference(a, b)).toEqual({ trace: 'b (1 coordinates, 1 steps)', step: 1, coordinate: 0, expected: '3', actual: '4' });
  });

  it('say when a row has a coordinate fewer or more', () => {
    // The label states the width, so the labels are made equal to reach the row comparison.
    const wide = '# w\n0: 1 2\n';
    const narrow = '# w\n0: 1\n';
    expect(firstSnapshotDifference(wide, narrow)).toEqual({ trace: 'w', step: 0, coordinate: 1, expected: '2', actual: 'nothing' });
    expect(firstSnapshotDifference(narrow, wide)).toEqual({ trace: 'w', step: 0, coordinate: 1, expected: 'nothing', actual: '2' });
  });

  it('read a snapshot whose text starts or ends with white space', () => {
    expect(firstSnapshotDifference(`  \n  ${two([[1]], 'a')}\n\n`, two([[1]], 'a'))).toBeNull();
  });

  it('say when a trace has no rows at all', () => {
    const d = firstSnapshotDifference('# r\n', '# r\n0: 1\n')!;
    expect(d).toEqual({ trace: 'r', step: 0, coordinate: -1, expected: 'no row', actual: 'a row' });
    expect(describeSnapshotDifference(d)).toBe('r: at step 0 the snapshot has no row and the run a row');
  });

  it('say when a run is shorter or longer than its snapshot', () => {
    const long = '# r\n0: 1\n1: 2\n';
    const short = '# r\n0: 1\n';
    const d = firstSnapshotDifference(long, short)!;
    expect(d).toEqual({ trace: 'r', step: 1, coordinate: -1, expected: 'a row', actual: 'no row' });
    expect(describeSnapshotDifference(d)).toBe('r: at step 1 the snapshot has a row and the run no row');
    expect(firstSnapshotDifference(short, long)).toEqual({ trace: 'r', step: 1, coordinate: -1, expected: 'no row', actual: 'a row' });
  });

  it('say when a trace is missing, extra or labelled differently', () => {
    const one = two([[1]], 'a');
    const both = `${one}\n\n${two([[1]], 'b')}`;
    const missing = firstSnapshotDifference(both, one)!;
    expect(missing).toEqual({ trace: 'b (1 coordinates, 0 steps)', step: -1, coordinate: -1, expected: 'b (1 coordinates, 0 steps)', actual: 'no trace' });
    expect(describeSnapshotDifference(missing)).toBe('the snapshot holds b (1 coordinates, 0 steps) where the run gives no trace');
    expect(firstSnapshotDifference(one, both)).toMatchObject({ trace: 'b (1 coordinates, 0 steps)', expected: 'no trace', actual: 'b (1 coordinates, 0 steps)' });
    expect(firstSnapshotDifference(one, two([[1]], 'c'))).toMatchObject({ trace: 'a (1 coordinates, 0 steps)', step: -1, expected: 'a (1 coordinates, 0 steps)', actual: 'c (1 coordinates, 0 steps)' });
    // A row before any label belongs to no trace and is ignored.
    expect(firstSnapshotDifference('0: 5\n', '')).toBeNull();
  });
});

describe('the baseline expectation', () => {
  const dir = scratchDir('optspec-baseline-');
  const sgd: Maker = (h) => reference('sgd', 'pytorch', h);
  const ctx = (make: Maker): CheckContext => ({ make, family: 'sgd', dialect: 'pytorch', precision: 'float64' });
  // SGD that moves coordinate 3 by 1e-15 more at its 7th step.
  const nudged: Maker = (h) =>
    defineOptimizer('nudged', { lr: h.lr }, () => {
      let k = 0;
      return { step(p, g) { for (let i = 0; i < p.length; i++) p[i] -= h.lr * g[i]; if (++k === 7) p[3] += 1e-15; } };
    });

  it('holds the base configuration on three problems of the suite, 20 steps each', () => {
    const text = baselineText(ctx(sgd));
    const labels = text.split('\n').filter((l) => l.startsWith('# '));
    expect(labels).toEqual([
      '# sgd on least-squares 12×6 (6 coordinates, 20 steps)',
      '# sgd on huber 12×6, δ = 0.5 (6 coordinates, 20 steps)',
      '# sgd on l1 λ = 100 (gradients ~100) (6 coordinates, 20 steps)',
    ]);
    expect(text.split('\n').filter((l) => /^\d+: /.test(l))).toHaveLength(63);
    expect(text).toMatch(/\n\n# sgd on huber/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is refused in CI when no baseline was recorded, and writes nothing', () => {
    const file = join(dir, 'ci.txt');
    const out = baselineExpectation(file, { update: false, ci: true }).run(ctx(sgd));
    expect(out).toEqual({ pass: false, failure: `no baseline at ${file}; record it outside CI (or with --update-baseline) and commit it`, success: '' });
    expect(existsSync(file)).toBe(false);
  });

  it('records a missing baseline outside CI, then passes while the traces are the same bit for bit', () => {
    const file = join(dir, 'local.txt');
    const e = baselineExpectation(file, { update: false, ci: false });
    expect(e).toMatchObject({ id: 'baseline', kind: 'baseline', title: `the exact traces match the baseline in ${file}` });
    expect(e.run(ctx(sgd))).toEqual({ pass: true, failure: '', success: `baseline written to ${file}` });
    expect(readFileSync(file, 'utf8')).toBe(baselineText(ctx(sgd)));
    expect(e.run(ctx(sgd))).toEqual({ pass: true, failure: '', success: `the traces match ${file} bit for bit` });
    // In CI an existing baseline is compared, not refused.
    expect(baselineExpectation(file, { update: false, ci: true }).run(ctx(sgd)).pass).toBe(true);
  });

  it('fails on a change, naming its first step and coordinate, and --update-baseline accepts it', () => {
    const file = join(dir, 'change.txt');
    writeFileSync(file, baselineText(ctx(sgd)));
    const out = baselineExpectation(file, { update: false, ci: true }).run(ctx(nudged));
    expect(out.pass).toBe(false);
    expect(out.failure.startsWith(`behaviour changed against ${file}: sgd on least-squares 12×6 (6 coordinates, 20 steps): first difference at step 7, coordinate 3: `)).toBe(true);
    expect(out.failure).toMatch(/: first difference at step 7, coordinate 3: snapshot [-\d.e]+, now [-\d.e]+ \(accept it with --update-baseline\)$/);
    const accepted = baselineExpectation(file, { update: true, ci: true }).run(ctx(nudged));
    expect(accepted).toEqual({ pass: true, failure: '', success: `baseline written to ${file}` });
    expect(readFileSync(file, 'utf8')).toBe(baselineText(ctx(nudged)));
  });
});
