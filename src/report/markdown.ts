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

/**
 * Text from a test or a claim as Markdown shows it, literally: HTML special
 * characters as entities (GitHub would otherwise render a test named
 * `<img src=x>` as HTML), Markdown's emphasis, link and code characters
 * backslash-escaped, and made one table cell.
 */
export function mdText(text: string): string {
  return cell(text.replace(/[\\`*_[\]]/g, (c) => `\\${c}`).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!));
}

/** Text as an inline code span: fenced with more backticks than it holds, so nothing inside it is Markdown or HTML. */
export function mdCode(text: string): string {
  const body = cell(text);
  const ticks = '`'.repeat(Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}\n${text}\n${ticks}`;
}

export function renderMarkdown(s: ReportSummary): string {
  const out: string[] = ['## optspec report', ''];
  const other = s.otherTests;
  out.push(`${s.claims.length} claims; other tests: ${other.passed} passed, ${other.failed} failed, ${other.skipped} skipped, ${other.todo ?? 0} todo.`, '');
  if (s.claims.length) {
    out.push('| claim | source | verdict | parts |', '| --- | --- | --- | --- |');
    for (const c of s.claims) out.push(`| ${mdText(c.claim.title)} (${mdCode(c.claim.id)}) | ${mdText(`${c.claim.paper} ${c.claim.section}`)} | **${c.verdict}** | ${mdText(parts(c))} |`);
    out.push('');
  }
  const failed: TestOutcome[] = [...new Set([...s.claims.flatMap((c) => c.tests), ...(other.tests ?? [])])].filter((t) => t.state === 'failed');
  if (failed.length) {
    out.push(`### Failed tests (${failed.length})`, '');
    for (const t of failed) out.push(`- **${mdText(t.name)}** (${mdCode(t.file)})${t.claim ? `, claim ${mdCode(t.claim.id)}` : ''}`, '', fence(t.errors.join('\n\n') || '(no message)'), '');
  }
  const fidelity = s.fidelity ?? [];
  if (fidelity.length) {
    const counts = fidelity.reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});
    out.push(`### Fidelity (${fidelity.length} statements: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')})`, '');
    out.push('| paper | where | statement | paper value | measured | status |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of fidelity) out.push(`| ${mdText(f.paper)} | ${mdText(f.where)} | ${mdText(f.statement)} | ${mdText(String(f.paperValue))} | ${mdText(String(f.measured))} | ${mdText(f.status)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
