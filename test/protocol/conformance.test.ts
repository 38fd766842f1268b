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
    expect(failures(FAKE('version=2'))).toEqual(['handshake: version, name, supports: version 2, expected 1']);
  }, 30_000);
});
