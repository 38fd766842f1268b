import { describe, expect, it } from 'vitest';
import { summarise, type TestOutcome } from '../../src/report/summary.ts';
import { renderReport } from '../../src/report/html.ts';
import { lineChart } from '../../src/report/svg.ts';
import type { Evidence, Role } from '../../src/report/evidence.ts';
import type { FidelityItem } from '../../src/report/fidelity.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { stripAnsi } from '../../src/report/reporter.ts';

const claim = { id: 'c1', title: 'A claim', paper: '001' as const, section: 'Sec. 1', statement: 'Something <holds> & more' };
const ev = (status: Evidence['status'], optimizers: string[], control = false): Evidence => ({
  claim, optimizers, status, precision: 'float64', control,
  figures: [{ label: 'x', measured: 1, paper: 2 }],
  plots: [{ title: 'p', x: 'step', y: 'loss', series: [{ name: 's', points: [[0, 1], [1, NaN], [2, 3]] }] }],
});
const outcome = (name: string, state: TestOutcome['state'], evidence: Evidence[]): TestOutcome => ({ file: 'f.spec.ts', name, state, errors: state === 'failed' ? ['boom: seed 7, path "1:2"'] : [], evidence });
/** A test that declared its claim before it ran (describeClaim), and recorded nothing: what a failing test leaves. */
const declared = (name: string, state: TestOutcome['state'], role: Role = 'statement', evidence: Evidence[] = []): TestOutcome => ({
  file: 'f.spec.ts', name, state, errors: state === 'failed' ? ['expected trace to never hit zero: coordinate 3 is exactly 0 at step 57'] : [], evidence, claim, role, optimizers: ['sgd'],
});

describe('report summary', () => {
  it('takes the weakest status, and a failing test makes the claim violated', () => {
    const s1 = summarise([outcome('a', 'passed', [ev('held', ['sgd'])]), outcome('b', 'passed', [ev('not reproduced', ['adam'])])], {});
    expect(s1.claims[0].verdict).toBe('not reproduced');
    expect(s1.claims[0].optimizers).toEqual({ sgd: 'held', adam: 'not reproduced' });
    const s2 = summarise([outcome('a', 'failed', [ev('held', ['sgd'])]), outcome('b', 'passed', [ev('held with caveat', ['sgd'])])], {});
    expect(s2.claims[0].verdict).toBe('violated');
    expect(s2.claims[0].optimizers.sgd).toBe('violated');
  });
  it('controls count towards the verdict only when they fail, and never fill the matrix', () => {
    const s = summarise([outcome('a', 'passed', [ev('held', ['sgd'])]), outcome('ctl', 'passed', [ev('held', ['ista'], true)])], {});
    expect(s.optimizers).toEqual(['sgd']);
    expect(summarise([outcome('ctl', 'failed', [ev('held', ['ista'], true)])], {}).claims[0].verdict).toBe('violated');
  });
  it('a declared test that fails counts as violated for its claim, with its name and message, even with no evidence', () => {
    const s = summarise([declared('a', 'passed'), declared('b', 'failed')], {});
    expect(s.claims.map((c) => [c.claim.id, c.verdict])).toEqual([['c1', 'violated']]);
    expect(s.claims[0].optimizers).toEqual({ sgd: 'violated' });
    expect(s.otherTests.tests).toEqual([]);
    const html = renderReport(s);
    expect(html).toMatch(/<tr data-claim="c1">.*violated/);
    expect(html).toContain('coordinate 3 is exactly 0 at step 57');
    // A claim whose every test fails does not drop out of the matrix.
    expect(summarise([declared('a', 'failed'), declared('ctl', 'failed', 'control')], {}).claims[0].verdict).toBe('violated');
  });
  it('a claim with no passing test of its own is not held: a passing control or skipped tests alone give skipped', () => {
    expect(summarise([declared('ctl', 'passed', 'control')], {}).claims[0].verdict).toBe('skipped');
    expect(summarise([declared('a', 'skipped'), declared('ctl', 'passed', 'control')], {}).claims[0].verdict).toBe('skipped');
    expect(summarise([outcome('ctl', 'passed', [ev('held', ['ista'], true)])], {}).claims[0].verdict).toBe('skipped');
  });
  it('a passing test\'s status: computed by its evidence when it compared numbers, else what it declared it asserts', () => {
    const verdictOf = (...t: TestOutcome[]) => summarise(t, {}).claims[0].verdict;
    expect(verdictOf(declared('a', 'passed'))).toBe('held');
    expect(verdictOf(declared('a', 'passed', 'caveat'))).toBe('held with caveat');
    expect(verdictOf(declared('a', 'passed', 'deviation'))).toBe('not reproduced');
    const measured = (status: Evidence['status']): Evidence => ({ claim, optimizers: ['sgd'], status, precision: 'float64' });
    expect(verdictOf(declared('a', 'passed', 'deviation', [measured('held')]))).toBe('held');
    expect(verdictOf(declared('a', 'passed', 'statement', [measured('not reproduced')]))).toBe('not reproduced');
  });
  it('lists tests without a claim, failures with their messages', () => {
    const s = summarise([outcome('unit ok', 'passed', []), outcome('unit bad', 'failed', [])], {});
    expect(s.otherTests).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
    expect(s.otherTests.tests.map((t) => t.name)).toEqual(['unit bad', 'unit ok']);
    expect(renderReport(s)).toContain('boom: seed 7');
    const md = renderMarkdown(s);
    expect(md).toContain('### Failed tests (1)');
    expect(md).toContain('**unit bad**');
    expect(md).toContain('boom: seed 7, path "1:2"');
  });
  it('strips ANSI colour codes from messages', () => {
    expect(stripAnsi('\u001b[31mexpected\u001b[39m \u001b[2m1\u001b[22m')).toBe('expected 1');
  });
  it('does not depend on the order of the outcomes (merged shards)', () => {
    const a = outcome('a', 'passed', [ev('held', ['sgd'])]);
    const b = outcome('b', 'passed', [ev('held with caveat', ['rmsprop'])]);
    const c = outcome('unit', 'passed', []);
    const strip = (s: ReturnType<typeof summarise>) => ({ ...s, generated: '' });
    expect(strip(summarise([a, b, c], {}, 'x'))).toEqual(strip(summarise([c, b, a], {}, 'x')));
  });
  it('renders one self-contained page: escaped text, inline SVG, errors with the replay seed, no external reference', () => {
    const html = renderReport(summarise([outcome('a', 'failed', [ev('held', ['sgd'])])], { node: 'v20' }));
    expect(html).toContain('Something &lt;holds&gt; &amp; more');
    expect(html).toContain('<svg');
    expect(html).toContain('seed 7, path &quot;1:2&quot;');
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:|<script|<link|src=/);
  });
  it('renders the fidelity section and the per-claim paper-vs-measured table from a hand-made item', () => {
    const item: FidelityItem = { paper: '001', where: 'App. B.2', statement: 'more than 15-fold increase <in norm>', paperValue: '> 15', measured: 14.3, comparison: 'measured > 15', status: 'differs', claim: 'c1', note: 'B.2 names λ = 0.1 where it means 0.01' };
    const s = summarise([{ ...declared('a', 'passed'), fidelity: [item] }], {});
    expect(s.fidelity).toEqual([item]);
    const html = renderReport(s);
    const section = html.slice(html.indexOf('id="fidelity"'));
    expect(section).toContain('<tr data-fidelity="differs"><td>001</td><td>App. B.2</td><td>more than 15-fold increase &lt;in norm&gt;');
    for (const cellText of ['&gt; 15', '14.3', 'measured &gt; 15', 'B.2 names λ = 0.1 where it means 0.01']) expect(section).toContain(cellText);
    const claimPart = html.slice(html.indexOf('<section id="c1"'), html.indexOf('</section>'));
    expect(claimPart).toContain('<table class="paper-vs-measured">');
    expect(claimPart).toMatch(/more than 15-fold.*&gt; 15.*14\.3.*differs/);
    // Markdown shows the text literally: its HTML characters as entities.
    expect(renderMarkdown(s)).toContain('| 001 | App. B.2 | more than 15-fold increase &lt;in norm&gt; | &gt; 15 | 14.3 | differs |');
  });
  it('counts the points a chart cannot draw instead of dropping them silently', () => {
    const svg = lineChart({ title: 't', x: 'x', y: 'y', logY: true, series: [{ name: 's', points: [[0, 1], [1, 0], [2, NaN], [3, 10]] }] });
    expect(svg).toContain('2 point(s) not drawable');
  });
});
