/**
 * The report as Markdown, for a CI job summary:
 * `cat reports/summary.md >> "$GITHUB_STEP_SUMMARY"`. Claims and their
 * verdicts, every failing test with its message, and the fidelity counts.
 */
import type { ReportSummary, TestOutcome } from './summary.ts';
import { parts } from './html.ts';

/** A table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}\n${text}\n${ticks}`;
}

export function renderMarkdown(s: ReportSummary): string {
  const out: string[] = ['## optspec report', ''];
  const other = s.otherTests;
  out.push(`${s.claims.length} claims; other tests: ${other.passed} passed, ${other.failed} failed, ${other.skipped} skipped.`, '');
  if (s.claims.length) {
    out.push('| claim | source | verdict | parts |', '| --- | --- | --- | --- |');
    for (const c of s.claims) out.push(`| ${cell(c.claim.title)} (\`${cell(c.claim.id)}\`) | ${cell(`${c.claim.paper} ${c.claim.section}`)} | **${c.verdict}** | ${cell(parts(c))} |`);
    out.push('');
  }
  const failed: TestOutcome[] = [...new Set([...s.claims.flatMap((c) => c.tests), ...(other.tests ?? [])])].filter((t) => t.state === 'failed');
  if (failed.length) {
    out.push(`### Failed tests (${failed.length})`, '');
    for (const t of failed) out.push(`- **${cell(t.name)}** (\`${cell(t.file)}\`)${t.claim ? `, claim \`${cell(t.claim.id)}\`` : ''}`, '', fence(t.errors.join('\n\n') || '(no message)'), '');
  }
  const fidelity = s.fidelity ?? [];
  if (fidelity.length) {
    const counts = fidelity.reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});
    out.push(`### Fidelity (${fidelity.length} statements: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')})`, '');
    out.push('| paper | where | statement | paper value | measured | status |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of fidelity) out.push(`| ${cell(f.paper)} | ${cell(f.where)} | ${cell(f.statement)} | ${cell(String(f.paperValue))} | ${cell(String(f.measured))} | ${f.status} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
