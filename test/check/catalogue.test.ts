import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MUTANTS, CORRECT, judge, type Judged } from '../../catalogue/index.ts';
import { SHIPPED } from '../../catalogue/shipped.ts';
import { CHECK_FAMILIES, dialectsOf } from '../../src/check/families.ts';
import { checkReport, killMatrixText } from '../../src/check/report.ts';
import { renderReport } from '../../src/report/html.ts';

let broken: Judged[] = [];
let correct: Judged[] = [];

beforeAll(() => {
  broken = MUTANTS.map(judge);
  correct = CORRECT.map(judge);
}, 300_000);

const failures = (j: Judged) => j.results.filter((r) => !r.outcome.pass).map((r) => `${r.expectation.id}: ${r.outcome.failure}`);

describe('the reproductions of shipped bugs', () => {
  it('cover options, long horizons, checkpoints and gradient mutation, each citing the public issue it reproduces', () => {
    const text = readFileSync(new URL('../../catalogue/shipped.ts', import.meta.url), 'utf8');
    const names = SHIPPED.map((e) => e.name);
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const e of SHIPPED) {
      // Each entry names its issue in its bug line, and a comment above it (or above its group) gives the URL.
      expect(e.bug, e.name).toMatch(/\([\w-]+#\d+/);
      const at = text.indexOf(`'${e.name}'`);
      expect(text.slice(0, at).lastIndexOf('https://github.com/'), e.name).toBeGreaterThan(-1);
    }
    for (const cls of ['step-count', 'checkpoint', 'amsgrad', 'maximize', 'decay-into-grad']) expect(names.some((n) => n.includes(cls)), cls).toBe(true);
  });
});

describe('the mutant catalogue measures the gate', () => {
  it('holds at least 40 broken optimizers over all eleven families, each with its bug named, and at least 10 correct ones', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(40);
    expect(CORRECT.length).toBeGreaterThanOrEqual(10);
    expect(new Set(MUTANTS.map((m) => m.family))).toEqual(new Set(CHECK_FAMILIES));
    expect(new Set([...MUTANTS, ...CORRECT].map((m) => m.name)).size).toBe(MUTANTS.length + CORRECT.length);
    for (const m of MUTANTS) expect(m.bug, m.name).toMatch(/\w/);
    // Correct variants cover both precisions and every non-PyTorch dialect.
    expect(new Set(CORRECT.map((c) => c.precision ?? 'float64'))).toEqual(new Set(['float64', 'float32', 'bfloat16']));
    // Every dialect of the seven PyTorch families has a correct variant, and every family at least one.
    const covered = new Set(CORRECT.map((c) => `${c.family} ${c.dialect ?? dialectsOf(c.family)[0]}`));
    for (const f of CHECK_FAMILIES.slice(0, 7)) for (const d of dialectsOf(f)) expect(covered.has(`${f} ${d}`), `${f} ${d}`).toBe(true);
    expect(new Set(CORRECT.map((c) => c.family))).toEqual(new Set(CHECK_FAMILIES));
  });

  it('kills at least 95% of the broken optimizers', () => {
    const survivors = broken.filter((j) => j.accepted).map((j) => `${j.entry.name} (${j.entry.bug})`);
    expect((broken.length - survivors.length) / broken.length, `survivors: ${survivors.join('; ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('accepts every correct variant', () => {
    const rejected = correct.filter((j) => !j.accepted).map((j) => `${j.entry.name}: ${failures(j).join('; ')}`);
    expect(rejected).toEqual([]);
  });

  it('gives each killed optimizer a one-line reason per failed expectation', () => {
    for (const j of broken.filter((x) => !x.accepted)) {
      for (const f of failures(j)) expect(f, j.entry.name).not.toContain('\n');
    }
  });

  it('draws the kill matrix: which expectation killed which optimizer', () => {
    const checked = [...broken, ...correct].map((j) => ({ name: j.entry.name, results: j.results }));
    const text = killMatrixText(checked);
    expect(text).toMatch(/^adam-no-bias-correction +killed by reference-parity, contract-long-horizon, relation-adam-first-step$/m);
    expect(text).toMatch(/^adam-save-shares-buffers +killed by contract-save-load, contract-save-load-late$/m);
    expect(text).toMatch(/^adam-step-count-bfloat16 +killed by contract-long-horizon$/m);
    expect(text).toMatch(/^sgd-decay-into-grad +killed by reference-parity, contract-gradient-untouched, relation-maximize$/m);
    expect(text).toMatch(/^adam-textbook +passed every expectation$/m);
    const html = renderReport(checkReport(checked, { catalogue: 'test' }));
    for (const name of ['momentum-shared-buffer', 'adamw-coupled-decay', 'contract-independent-instances']) expect(html).toContain(name);
  });
});
