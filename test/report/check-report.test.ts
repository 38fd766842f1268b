/**
 * The check report's page and summary.json, from a hand-made failing check:
 * violations first with the first divergence and its plots, then what was not
 * checked, then what held; expectations, never claims; everything escaped.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkReport, writeCheckReport } from '../../src/check/report.ts';
import { renderCheckReport } from '../../src/check/report-html.ts';
import { fail, pass, type Expectation } from '../../src/check/expectation.ts';
import { checked, divergence, env } from './fixtures/failing-check.ts';
import { testScratchDir } from '../scratch.ts';

const page = () => renderCheckReport(checkReport([checked], env));
const at = (html: string, marker: string) => {
  const i = html.indexOf(marker);
  if (i < 0) throw new Error(`no ${marker} on the page`);
  return i;
};

describe('the check report page', () => {
  it('puts the violations first, then what was not checked, then what held', () => {
    const html = page();
    const order = ['data-expectation="reference-parity" data-verdict="violated"', 'data-expectation="relation-scale-invariance" data-verdict="violated"', 'id="not-checked"', 'id="held"', '<tr data-expectation="contract-finite">'];
    const positions = order.map((m) => at(html, m));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain('<b>2 of 12 expectations violated</b> · 9 <span class="v held">held</span> · 2 not checked');
  });

  it('shows the first divergence: step, coordinate, expected, actual, ulps, the configuration it shrank to, and two plots', () => {
    const html = page();
    const block = html.slice(at(html, 'class="first-divergence"'), at(html, 'id="not-checked"'));
    for (const text of ['<b>step 17</b>', '<b>coordinate 1</b>', '0.21372031484771417', '0.21372031570259545', '3.85e+6 ulps (float64)', 'the pytorch reference']) expect(block).toContain(text);
    expect(block).toContain('Shrunk to: <code>lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0</code>');
    const plots = block.slice(at(block, 'class="plots"'));
    expect(plots.match(/<svg /g)).toHaveLength(2);
    expect(plots).toContain('coordinate 1 on rosenbrock-2d');
    expect(plots).toContain('gap in ulps (float64)');
    expect(plots).toContain('ulps apart (log)');
    expect(plots).toMatch(/class="mark"/);
  });

  it('names the dialect a mismatch matches and the flag that checks it', () => {
    const html = page();
    expect(html).toMatch(/matches the <b>tfjs<\/b> dialect.*<code>--dialect tfjs<\/code>/);
    const plain = renderCheckReport(checkReport([{ ...checked, results: checked.results.map((r) => (r.outcome.divergence ? { ...r, outcome: { ...r.outcome, divergence: { ...divergence, matchesDialect: undefined } } } : r)) }], env));
    expect(plain).not.toContain('--dialect');
  });

  it('lists what was not checked with why: options declared missing and skipped expectations', () => {
    const html = page();
    const section = html.slice(at(html, 'id="not-checked"'), at(html, 'id="held"'));
    expect(section).toContain('Not checked (2)');
    expect(section).toContain('<b>amsgrad</b>: declared --without amsgrad');
    expect(section).toContain('<b>contract-save-load: save &amp; load resume &quot;exactly&quot;</b>: the optimizer has no save()');
  });

  it('calls them expectations, never claims', () => {
    const html = page();
    expect(html).toContain('expectations');
    expect(html).not.toMatch(/claim/i);
  });

  it('escapes every text, strips terminal codes, and fetches nothing', () => {
    const hostile: Expectation = { id: 'x<script>', kind: 'contract', title: '\u001b[31m<img src=x onerror=alert(1)>\u001b[39m', run: () => pass('') };
    const html = renderCheckReport(
      checkReport([{ name: '"><script>alert(1)</script>', results: [{ expectation: hostile, outcome: fail('\u001b[1m<b>bold</b>\u001b[22m'), ms: 1 }], notChecked: [{ what: '<i>opt</i>', why: '&amp;' }] }], { 'checked optimizer': '<u>name</u>' }),
    );
    expect(html).not.toMatch(/<script|<img|<b>bold|<i>opt|<u>name|\u001b/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&amp;amp;');
    expect(page().replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:|<script|<link|src=|url\(/);
  });

  it('says plainly when nothing was violated', () => {
    const held = { ...checked, results: checked.results.filter((r) => r.outcome.pass) };
    const html = renderCheckReport(checkReport([held], env));
    expect(html).toContain('no expectation violated · 9 <span class="v held">held</span> · 2 not checked');
    expect(html).toContain('No expectation was violated.');
  });
});

describe("the check's summary.json", () => {
  it('keeps the report summary and adds what was not checked, the divergence, and each expectation in run order', () => {
    const s = JSON.parse(JSON.stringify(checkReport([checked], env)));
    expect(s.format).toBe('optspec-report/2');
    expect(s.claims.map((c: { claim: { id: string } }) => c.claim.id)).toContain('reference-parity');
    expect(s.notChecked).toEqual([{ optimizer: 'my_adam.ts#adam', what: 'amsgrad', why: 'declared --without amsgrad' }]);
    const parity = s.claims.find((c: { claim: { id: string } }) => c.claim.id === 'reference-parity');
    expect(parity.tests[0].divergence).toEqual(JSON.parse(JSON.stringify(divergence)));
    const [run] = s.checked;
    expect(run.expectations.map((x: { id: string; verdict: string }) => `${x.verdict} ${x.id}`)).toEqual([
      'held contract-finite',
      'skipped contract-save-load',
      'violated reference-parity',
      'violated relation-scale-invariance',
      'held contract-deterministic',
      ...['no-nan-on-zero-gradient', 'state-shape', 'zero-lr-is-identity', 'step-count', 'params-untouched-by-grad-read', 'dtype-kept', 'restart-clears-state'].map((id) => `held contract-${id}`),
    ]);
    expect(run.expectations[2].divergence.series.candidate).toHaveLength(30);
  });

  it('measures the gap in ulps at the precision the check declared', () => {
    const s = checkReport([checked], { ...env, precision: 'float32' });
    expect(s.checked[0].precision).toBe('float32');
    expect(renderCheckReport(s)).toContain('gap in ulps (float32)');
  });

  it('keeps a divergence series handed as typed arrays as JSON lists', () => {
    // What an expectation may hand over at run time, whatever its declared type says.
    const typed = { ...divergence, series: { from: 0, candidate: Float64Array.of(1, 2) as unknown as number[], reference: Float64Array.of(1, 3) as unknown as number[] } };
    const results = [{ ...checked.results[2], outcome: { ...checked.results[2].outcome, divergence: typed } }];
    const s = JSON.parse(JSON.stringify(checkReport([{ name: 'n', results }], {})));
    expect(s.checked[0].expectations[0].divergence.series).toEqual({ from: 0, candidate: [1, 2], reference: [1, 3] });
  });

  it('is written as one set: summary.json beside its page, nothing else left in the folder', () => {
    const dir = testScratchDir('optspec-check-report-');
    const index = writeCheckReport(join(dir, 'check'), [checked], env);
    expect(index).toBe(join(dir, 'check', 'index.html'));
    expect(readdirSync(join(dir, 'check')).sort()).toEqual(['index.html', 'summary.json']);
    expect(JSON.parse(readFileSync(join(dir, 'check', 'summary.json'), 'utf8')).notChecked).toHaveLength(1);
    expect(readFileSync(index, 'utf8')).toContain('id="first-divergence-reference-parity"');
  });
});

describe('a divergence on a problem with a layout', () => {
  it('names the tensor and element beside the coordinate, in the line and the plot title', () => {
    const shaped = { ...checked, results: checked.results.map((r) => (r.outcome.divergence ? { ...r, outcome: { ...r.outcome, divergence: { ...r.outcome.divergence, tensor: 'fc.weight[0,1]' } } } : r)) };
    const html = renderCheckReport(checkReport([shaped], env));
    expect(html).toContain('<b>coordinate 1 (fc.weight[0,1])</b>');
    expect(html).toContain('coordinate 1 (fc.weight[0,1]) on rosenbrock-2d');
  });
});
