/** JUnit XML for a check, so CI systems show each expectation as a test case. */
import type { CheckResult } from './run-check.ts';
import type { NotChecked } from './expectation.ts';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * One test case per expectation; what the gate did not check (`notChecked`:
 * options declared --without, expectations turned off) as skipped test cases
 * with the reason, so CI lists them rather than dropping them.
 */
export function junitXml(suite: string, family: string, results: readonly CheckResult[], notChecked: readonly NotChecked[] = []): string {
  const failures = results.filter((r) => !r.outcome.pass).length;
  const skipped = results.filter((r) => r.outcome.skipped).length + notChecked.length;
  const tests = results.length + notChecked.length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = seconds(results.reduce((s, r) => s + r.ms, 0));
  const cases = results.map(({ expectation: e, outcome: o, ms }) => {
    const open = `    <testcase classname="optspec.check.${escape(family)}" name="${escape(`${e.id}: ${e.title}`)}" time="${seconds(ms)}"`;
    if (!o.pass) return `${open}>\n      <failure message="${escape(o.failure)}" type="${e.kind}">${escape(o.failure)}</failure>\n    </testcase>`;
    if (o.skipped) return `${open}>\n      <skipped message="${escape(o.success)}"/>\n    </testcase>`;
    return `${open}>\n      <system-out>${escape(o.success)}</system-out>\n    </testcase>`;
  });
  for (const n of notChecked) cases.push(`    <testcase classname="optspec.check.${escape(family)}" name="${escape(`not checked: ${n.what}`)}" time="0.000">\n      <skipped message="${escape(n.why)}"/>\n    </testcase>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="optspec check" tests="${tests}" failures="${failures}" skipped="${skipped}" time="${total}">`,
    `  <testsuite name="${escape(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${total}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
