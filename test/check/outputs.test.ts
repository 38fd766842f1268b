import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/check/junit.ts';
import { checkOutcomes, checkReport, killMatrixText } from '../../src/check/report.ts';
import { pass, fail, skip, type Expectation, type Outcome } from '../../src/check/expectation.ts';
import type { CheckResult } from '../../src/check/run-check.ts';

/** Hand-made results: what the gate's writers are given, without running an optimizer. */
const expectation = (id: string, kind: Expectation['kind'], title: string, source?: string): Expectation => ({
  id,
  kind,
  title,
  ...(source ? { source } : {}),
  run: () => pass(''),
});
const result = (e: Expectation, outcome: Outcome, ms: number): CheckResult => ({ expectation: e, outcome, ms });

const parity = expectation('reference-parity', 'parity', 'steps match the reference');
const claim = expectation('l1-non-sparsity', 'claim', 'coordinates do not stay at 0', '001 Prop. B.3');
const contract = expectation('contract-save-load', 'contract', 'save & load resume "exactly"');
const results: CheckResult[] = [
  result(parity, pass('matched 20 configurations'), 1234.5),
  result(claim, fail('coordinate 0 was 0 at step 2 <and> left it\u0007'), 20),
  result(contract, skip("the optimizer has no save()"), 0.4),
];

describe('the JUnit XML of a check', () => {
  it('writes one test case per expectation: system-out when held, failure with its kind when broken, skipped when skipped', () => {
    expect(junitXml('optspec check: my-sgd', 'sgd', results)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="optspec check" tests="3" failures="1" skipped="1" time="1.255">',
        '  <testsuite name="optspec check: my-sgd" tests="3" failures="1" errors="0" skipped="1" time="1.255">',
        '    <testcase classname="optspec.check.sgd" name="reference-parity: steps match the reference" time="1.234">',
        '      <system-out>matched 20 configurations</system-out>',
        '    </testcase>',
        '    <testcase classname="optspec.check.sgd" name="l1-non-sparsity: coordinates do not stay at 0" time="0.020">',
        '      <failure message="coordinate 0 was 0 at step 2 &lt;and&gt; left it" type="claim">coordinate 0 was 0 at step 2 &lt;and&gt; left it</failure>',
        '    </testcase>',
        '    <testcase classname="optspec.check.sgd" name="contract-save-load: save &amp; load resume &quot;exactly&quot;" time="0.000">',
        '      <skipped message="the optimizer has no save()"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it("escapes every XML special character and drops control characters XML 1.0 cannot hold, keeping tab and newline", () => {
    const odd = expectation("a'b", 'relation', 'x');
    const xml = junitXml('s<&>', 'f"', [result(odd, fail('1\t2\n3\u0000\u0008\u000b\u000c\u000e\u001f4'), 1)]);
    expect(xml).toContain('<testsuite name="s&lt;&amp;&gt;"');
    expect(xml).toContain('classname="optspec.check.f&quot;" name="a&apos;b: x"');
    expect(xml).toContain('message="1\t2\n34" type="relation">1\t2\n34</failure>');
  });

  it('lists what was not checked as skipped test cases with the reason, counted in tests and skipped', () => {
    const xml = junitXml('s', 'adam', [results[0]], [{ what: 'amsgrad', why: 'declared --without amsgrad' }, { what: 'option <weird> & "odd"', why: 'skipped by the user' }]);
    expect(xml).toContain('<testsuites name="optspec check" tests="3" failures="0" skipped="2" time="1.234">');
    expect(xml).toContain(['    <testcase classname="optspec.check.adam" name="not checked: amsgrad" time="0.000">', '      <skipped message="declared --without amsgrad"/>', '    </testcase>'].join('\n'));
    expect(xml).toContain('name="not checked: option &lt;weird&gt; &amp; &quot;odd&quot;"');
  });

  it('counts an empty check as zero tests in zero seconds', () => {
    expect(junitXml('s', 'sgd', [])).toContain('<testsuites name="optspec check" tests="0" failures="0" skipped="0" time="0.000">');
  });
});

describe("the check's report", () => {
  it('turns each result into a test outcome of its expectation, with the optimizer as its column', () => {
    const [held, broken, skipped] = checkOutcomes([{ name: 'my-sgd', results }]);
    expect(held).toEqual({
      file: 'my-sgd',
      name: 'reference-parity: steps match the reference',
      state: 'passed',
      errors: [],
      evidence: [
        {
          claim: { id: 'reference-parity', title: 'reference-parity', paper: 'optspec check', section: 'parity', statement: 'steps match the reference' },
          optimizers: ['my-sgd'],
          precision: 'float64',
          notes: ['matched 20 configurations'],
        },
      ],
    });
    expect(broken.state).toBe('failed');
    expect(broken.errors).toEqual(['coordinate 0 was 0 at step 2 <and> left it\u0007']);
    expect(broken.evidence[0].claim).toEqual({ id: 'l1-non-sparsity', title: 'l1-non-sparsity', paper: '001', section: 'Prop. B.3', statement: 'coordinates do not stay at 0' });
    expect(broken.evidence[0].notes).toEqual(['coordinate 0 was 0 at step 2 <and> left it\u0007']);
    expect(skipped.state).toBe('skipped');
    expect(skipped.errors).toEqual([]);
  });

  it('keeps the precision a float32 optimizer was judged at', () => {
    const [o] = checkOutcomes([{ name: 'f32', results: [results[0]], precision: 'float32' }]);
    expect(o.evidence[0].precision).toBe('float32');
  });

  it('is a summary whose claims are the expectations and whose verdicts come from the outcomes', () => {
    const summary = checkReport([{ name: 'my-sgd', results }, { name: 'other', results: [result(parity, fail('diverged at step 1'), 1)] }], { family: 'sgd' });
    expect(summary.environment.family).toBe('sgd');
    const verdict = Object.fromEntries(summary.claims.map((c) => [c.claim.id, c.verdict]));
    expect(verdict).toEqual({ 'reference-parity': 'violated', 'l1-non-sparsity': 'violated', 'contract-save-load': 'skipped' });
    const parityRow = summary.claims.find((c) => c.claim.id === 'reference-parity')!;
    expect(parityRow.optimizers).toEqual({ 'my-sgd': 'held', other: 'violated' });
  });

  it('prints a kill matrix: each optimizer, padded to the longest name, and the expectations that killed it', () => {
    const text = killMatrixText([
      { name: 'sgd-sign-zero', results },
      { name: 'sgd', results: [results[0], results[2]] },
      { name: 'two', results: [result(parity, fail('x'), 1), result(claim, fail('y'), 1)] },
    ]);
    expect(text).toBe(['sgd-sign-zero  killed by l1-non-sparsity', 'sgd            passed every expectation', 'two            killed by reference-parity, l1-non-sparsity'].join('\n'));
  });
});
