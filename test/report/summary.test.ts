import { describe, expect, it } from 'vitest';
import { summarise, type TestOutcome } from '../../src/report/summary.ts';
import { renderReport } from '../../src/report/html.ts';
import { lineChart } from '../../src/report/svg.ts';
import type { Evidence } from '../../src/report/evidence.ts';

const claim = { id: 'c1', title: 'A claim', paper: '001' as const, section: 'Sec. 1', statement: 'Something <holds> & more' };
const ev = (status: Evidence['status'], optimizers: string[], control = false): Evidence => ({
  claim, optimizers, status, precision: 'float64', control,
  figures: [{ label: 'x', measured: 1, paper: 2 }],
  plots: [{ title: 'p', x: 'step', y: 'loss', series: [{ name: 's', points: [[0, 1], [1, NaN], [2, 3]] }] }],
});
const outcome = (name: string, state: TestOutcome['state'], evidence: Evidence[]): TestOutcome => ({ file: 'f.spec.ts', name, state, errors: state === 'failed' ? ['boom: seed 7, path "1:2"'] : [], evidence });

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
  it('counts the points a chart cannot draw instead of dropping them silently', () => {
    const svg = lineChart({ title: 't', x: 'x', y: 'y', logY: true, series: [{ name: 's', points: [[0, 1], [1, 0], [2, NaN], [3, 10]] }] });
    expect(svg).toContain('2 point(s) not drawable');
  });
});
