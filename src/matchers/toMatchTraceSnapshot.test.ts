import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTrace } from '../trace/run.ts';
import { l1 } from '../problems/l1.ts';
import { sgd } from '../optimizers/sgd.ts';
import { traceOf } from '../../test/helpers.ts';
import { traceSnapshot, withFirstDifference } from './toMatchTraceSnapshot.ts';

const trace = () => runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: sgd({ lr: 0.01 }), init: [0.5, -0.3, 0.2], steps: 4 });

describe('toMatchTraceSnapshot', () => {
  it('passes on the trace stored in this file\'s snapshot (NaN, −0 and ±Infinity kept exactly)', () => {
    expect(trace()).toMatchTraceSnapshot();
    expect(traceOf([[NaN, -0, Infinity], [-Infinity, 0, 1e-300]])).toMatchTraceSnapshot();
  });

  it('cannot be negated, following vitest\'s snapshot matchers', () => {
    expect(() => expect(trace()).not.toMatchTraceSnapshot()).toThrow('cannot be used with "not"');
  });

  it('throws on a value that is not a trace, negated or not', () => {
    expect(() => expect({ loss: [1] }).toMatchTraceSnapshot()).toThrow('toMatchTraceSnapshot: received: expected an optspec Trace');
    expect(() => expect(42).not.toMatchTraceSnapshot()).toThrow('toMatchTraceSnapshot: received: expected an optspec Trace');
  });
});

describe('the trace snapshot domain', () => {
  const text = '# sgd on l1 (1 coordinates, 1 steps)\n0: 1\n1: 0.5';
  it('stores the exact text of a trace under its own name, read back as is', () => {
    expect(traceSnapshot.name).toBe('optspec-trace');
    expect(traceSnapshot.capture(traceOf([[1], [0.5]]))).toBe('# test on test (1 coordinates, 1 steps)\n0: 1\n1: 0.5');
    expect(traceSnapshot.render(text)).toBe(text);
    expect(traceSnapshot.parseExpected(text)).toBe(text);
    expect(() => traceSnapshot.capture([1, 2])).toThrow(/^toMatchTraceSnapshot: received: expected an optspec Trace/);
  });
  it('matches the same text, and names the first difference otherwise', () => {
    expect(traceSnapshot.match(text, text)).toEqual({ pass: true });
    expect(traceSnapshot.match(text.replace('0.5', '0.25'), text)).toEqual({ pass: false, message: 'sgd on l1 (1 coordinates, 1 steps): first difference at step 1, coordinate 0: snapshot 0.5, now 0.25' });
  });
  it("extends vitest's failure message with the first difference, or says the trace differs when the texts are not at hand", () => {
    const failed = withFirstDifference({ pass: false, message: () => 'Snapshot `x 1` mismatched', expected: text, actual: text.replace('0: 1', '0: 2') });
    expect(failed.pass).toBe(false);
    expect(failed.message()).toBe('Snapshot `x 1` mismatched: sgd on l1 (1 coordinates, 1 steps): first difference at step 0, coordinate 0: snapshot 1, now 2, 1 apart (compared bit for bit, no tolerance; vitest -u accepts the change)');
    expect(withFirstDifference({ pass: false, message: () => 'm', expected: text }).message()).toBe('m: the trace differs (compared bit for bit, no tolerance; vitest -u accepts the change)');
    expect(withFirstDifference({ pass: false, message: () => 'm', actual: text }).message()).toBe('m: the trace differs (compared bit for bit, no tolerance; vitest -u accepts the change)');
  });
});

// The failing case runs vitest itself on a scratch project, so that its snapshot file, and `-u`, are the real ones.
describe('toMatchTraceSnapshot in a vitest run', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(root, '.trace-snapshot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'vitest.config.ts'), `export default { test: { setupFiles: [${JSON.stringify(join(root, 'src/matchers/index.ts'))}], include: ['*.spec.ts'] } };\n`);
  writeFileSync(
    join(dir, 'run.spec.ts'),
    `import { it, expect } from 'vitest';
import { runTrace, l1, sgd, defineOptimizer } from ${JSON.stringify(join(root, 'src/index.ts'))};
// With CHANGE=1 the optimizer moves coordinate 2 by 1e-15 at its third step.
const changed = defineOptimizer('sgd', {}, (dim) => { const inner = sgd({ lr: 0.01 })(dim); let k = 0; return { step(p, g) { inner.step(p, g); if (++k === 3 && process.env.CHANGE) p[2] += 1e-15; } }; });
it('sgd on l1', () => {
  expect(runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: changed, init: [0.5, -0.3, 0.2], steps: 5 })).toMatchTraceSnapshot();
});
`,
  );
  const vitest = (env: Record<string, string>, ...flags: string[]) => {
    const res = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, ...flags], { encoding: 'utf8', env: { ...process.env, ...env, FORCE_COLOR: '0' }, timeout: 60_000 });
    return { code: res.status, out: `${res.stdout}${res.stderr}`.replace(/\u001b\[[0-9;]*m/g, '') };
  };
  const snapshotFile = () => readFileSync(join(dir, '__snapshots__', readdirSync(join(dir, '__snapshots__'))[0]), 'utf8');

  it('records, fails on a change with its first step and coordinate, and accepts it under -u', () => {
    expect(vitest({}, '-u').code).toBe(0);
    const recorded = snapshotFile();
    expect(recorded).toMatch(/# sgd on l1 \(3 coordinates, 5 steps\)\n0: 0.5 -0.3 0.2\n1: 0.49 -0.29 0.19/);

    const failed = vitest({ CHANGE: '1' });
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/Snapshot `sgd on l1 1` mismatched: sgd on l1 \(3 coordinates, 5 steps\): first difference at step 3, coordinate 2: snapshot 0\.16999999999999998, now 0\.17000000000000098, 9\.99e-16 apart \(compared bit for bit, no tolerance; vitest -u accepts the change\)/);
    expect(snapshotFile()).toBe(recorded);

    expect(vitest({ CHANGE: '1' }, '-u').code).toBe(0);
    expect(snapshotFile()).not.toBe(recorded);
    expect(vitest({ CHANGE: '1' }).code).toBe(0);
  }, 120_000);
});
