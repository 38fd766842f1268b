import { describe, expect, it } from 'vitest';
import { conformance } from '../../src/protocol/index.ts';
import { FAKE, TORCH } from './parity.ts';

const failures = (command: string) => conformance(command).filter((c) => !c.pass).map((c) => `${c.check}: ${c.detail}`);

describe('the conformance suite any adapter can be run against', () => {
  it('passes the PyTorch adapter, save/load included', () => {
    const checks = conformance(TORCH('torch.optim.Adam'));
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    expect(checks.map((c) => c.check)).toContain('save then load resumes in lockstep');
  }, 60_000);

  it('passes the pure-Python fake, which offers no save/load', () => {
    expect(failures(FAKE())).toEqual([]);
  }, 30_000);

  it('fails an adapter that ignores end of input', () => {
    const checks = conformance(FAKE('no-eof'));
    expect(checks.filter((c) => !c.pass).map((c) => c.check)).toEqual(['end of input ends the process']);
  }, 30_000);

  it('fails an adapter whose steps return the wrong number of values, naming it', () => {
    expect(failures(FAKE('short-at=1'))[0]).toMatch(/^a step returns dim finite values that moved: expected 4 values, got 3$/);
  }, 30_000);

  it('fails an adapter that speaks another version at the handshake and stops there', () => {
    expect(failures(FAKE('version=3'))).toEqual(['handshake: version, name, supports: version 3, expected one of 1, 2']);
  }, 30_000);
});

const FIXTURE = (cls: string) => `PYTHONPATH=test/protocol/adapters ${TORCH(`shaped_optim.${cls}`)}`;
const V2_CHECKS = ["v2: a shaped layout in two groups, each group's override on its own tensors", 'v2: a tensor whose gradient is null is untouched', "v2: scale-lr changes the steps after it (every group's lr, as a scheduler)"];

describe('protocol 2 in the conformance suite', () => {
  it('the PyTorch adapter speaks protocol 2 and passes the shaped checks; the v1 fake is not asked them', () => {
    const torch = conformance(TORCH('torch.optim.Adam'));
    expect(torch[0].detail).toMatch(/, protocol 2, supports \[save, load, scale-lr\]$/);
    expect(torch.map((c) => c.check)).toEqual(expect.arrayContaining(V2_CHECKS));
    const fake = conformance(FAKE());
    expect(fake[0].detail).toMatch(/, protocol 1, supports \[\]$/);
    expect(fake.map((c) => c.check).filter((c) => c.startsWith('v2:'))).toEqual([]);
  }, 60_000);

  it('checks train and eval when advertised (a small averaging optimizer with train()/eval())', () => {
    const checks = conformance(FIXTURE('AveragedSGD'));
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    expect(checks[0].detail).toMatch(/supports \[save, load, train, eval, scale-lr\]$/);
    expect(checks.find((c) => c.check.startsWith('v2: train and eval'))?.detail).toMatch(/^eval moved the parameters, train brought them back/);
  }, 60_000);

  it.each([
    ['AdamNoneAsZero', ['v2: a tensor whose gradient is null is untouched: w had no gradient at step 2 but went from [']],
    // Reading every lr from the defaults also ignores a scheduler's change to the groups' lr.
    ['AdamLrFromDefaults', ["v2: a shaped layout in two groups, each group's override on its own tensors: group 1's override { lr: 0.02 } changed nothing: b went to [", "v2: scale-lr changes the steps after it (every group's lr, as a scheduler): after scale-lr by 0.5 step 2 went to ["]],
  ])('fails %s on the checks its bug breaks, and only those', (cls, lines) => {
    const failed = failures(FIXTURE(cls));
    expect(failed.map((f) => f.slice(0, lines.map((l) => l.length).reduce((a, b) => Math.max(a, b))))).toEqual(lines.map((l) => expect.stringContaining(l)));
  }, 60_000);
});
