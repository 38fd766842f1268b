import { testVerdict, isControl, type ReportSummary, type ClaimSummary, type Verdict, type TestOutcome } from './summary.ts';
import type { FidelityItem } from './fidelity.ts';
import type { Evidence } from './evidence.ts';
import { lineChart, escapeHtml as e } from './svg.ts';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:36px;border-top:1px solid #ddd;padding-top:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.v{font-weight:600;border-radius:4px;padding:1px 6px;white-space:nowrap}
.held{background:#d8f3dc;color:#1b4332}.held-with-caveat{background:#fff3bf;color:#5c4400}
.not-reproduced{background:#ffe0cc;color:#7a2e00}.violated{background:#ffd6d6;color:#7a0000}.skipped{background:#eee;color:#555}
.matches{background:#d8f3dc;color:#1b4332}.differs{background:#ffe0cc;color:#7a2e00}.inconsistent{background:#fff3bf;color:#5c4400}.garbled{background:#eee;color:#555}
.plots{display:flex;flex-wrap:wrap;gap:12px}svg{background:#fff;border:1px solid #eee}
svg .t{font-size:13px;font-weight:600}svg .tick,svg .legend{font-size:10px}svg .axis{font-size:11px}
svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px;max-height:300px}
.muted{color:#666}.control{font-size:12px;color:#555}
.scroll{overflow-x:auto}#matrix th{font-size:12px}#matrix td{white-space:nowrap}
.matrix-box{overflow:auto;width:fit-content;max-width:100%;max-height:80vh;border:1px solid #ddd;margin:8px 0}
.matrix-box table{margin:0;border-collapse:separate;border-spacing:0}
.matrix-box td,.matrix-box th{border-width:0 1px 1px 0}
.matrix-box tr:first-child th{position:sticky;top:0;background:#f7f7f7;z-index:1}
#matrix td:first-child,#matrix th:first-child{position:sticky;left:0;background:#fff;z-index:2;min-width:260px;max-width:340px;white-space:normal;box-shadow:1px 0 0 #ccc}
#matrix tr:first-child th:first-child{z-index:3;background:#f7f7f7}
`;

const badge = (v: Verdict | 'todo') => `<span class="v ${v === 'todo' ? 'skipped' : v.replace(/ /g, '-')}">${e(v)}</span>`;

const fidelityBadge = (v: FidelityItem['status']) => `<span class="v ${v}">${e(v)}</span>`;

/** Paper against measured, per claim: the figures its evidence carries and the fidelity items that name it. */
function figures(evidence: readonly Evidence[], fidelity: readonly FidelityItem[]): string {
  const rows = evidence.flatMap((ev) =>
    (ev.figures ?? []).map(
      (f) => `<tr><td>${e(f.label)}${ev.control ? ' <span class="control">(control)</span>' : ''}</td><td>${f.paper === undefined ? '<span class="muted">—</span>' : e(String(f.paper))}</td><td>${e(String(f.measured))}${f.unit ? ` ${e(f.unit)}` : ''}</td><td>${ev.precision}</td></tr>`,
    ),
  );
  const checked = fidelity.map((f) => `<tr><td>${e(f.where)}: ${e(f.statement)}</td><td>${e(String(f.paperValue))}</td><td>${e(String(f.measured))} ${fidelityBadge(f.status)}</td><td class="muted">${e(f.comparison)}</td></tr>`);
  return rows.length + checked.length ? `<table class="paper-vs-measured"><tr><th>figure</th><th>paper</th><th>measured</th><th>arithmetic / comparison</th></tr>${rows.join('')}${checked.join('')}</table>` : '';
}

/** The fidelity section: every checked quantitative statement of the papers, with its computed status. */
export function fidelitySection(items: readonly FidelityItem[]): string {
  if (items.length === 0) return '';
  const counts = items.reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});
  const rows = items
    .map((f) => `<tr data-fidelity="${e(f.status)}"><td>${e(f.paper)}</td><td>${e(f.where)}</td><td>${e(f.statement)}${f.claim ? ` <a href="#${e(f.claim)}" class="muted">${e(f.claim)}</a>` : ''}</td><td>${e(String(f.paperValue))}</td><td>${e(String(f.measured))}</td><td>${e(f.comparison)}</td><td>${fidelityBadge(f.status)}</td><td>${f.note ? e(f.note) : ''}</td></tr>`)
    .join('');
  return `<h2 id="fidelity">Fidelity: the papers' numbers against ours</h2>
<p>${items.length} statements: ${Object.entries(counts).map(([v, n]) => `${n} ${fidelityBadge(v as FidelityItem['status'])}`).join(' ')}. matches: within the stated comparison. differs: outside it. inconsistent: the paper contradicts itself here. garbled: the paper's text cannot be read for this value.</p>
<div class="scroll"><table id="fidelity-table"><tr><th>paper</th><th>where</th><th>statement</th><th>paper value</th><th>measured</th><th>comparison</th><th>status</th><th>note</th></tr>${rows}</table></div>`;
}

const roleLabel = (t: TestOutcome, id: string) => (isControl(t, id) ? ' <span class="control">control</span>' : t.claim?.id === id && t.role && t.role !== 'statement' ? ` <span class="control">asserts the ${e(t.role)}</span>` : '');

function testItem(t: TestOutcome, v: Verdict, extra = ''): string {
  const errors = t.errors.length ? `<pre>${e(t.errors.join('\n\n'))}</pre>` : '';
  return `<li data-test-state="${e(t.state)}">${badge(t.state === 'todo' ? 'todo' : v)} ${e(t.name)}${extra} <span class="muted">${e(t.file)}</span>${errors}</li>`;
}

function claimSection(c: ClaimSummary, fidelity: readonly FidelityItem[]): string {
  const evidence = c.tests.flatMap((t) => t.evidence.filter((x) => x.claim.id === c.claim.id));
  const plots = evidence.flatMap((ev) => ev.plots ?? []).map(lineChart).join('');
  const notes = evidence.flatMap((ev) => ev.notes ?? []);
  const seeds = [...new Set(evidence.map((ev) => ev.seed).filter((s) => s !== undefined))];
  const tests = c.tests.map((t) => testItem(t, testVerdict(t, c.claim.id), roleLabel(t, c.claim.id))).join('');
  return `<section id="${e(c.claim.id)}" data-claim="${e(c.claim.id)}" data-verdict="${e(c.verdict)}">
<h2>${e(c.claim.title)} ${badge(c.verdict)}</h2>
<p><b>${/^\d{3}$/.test(c.claim.paper) ? 'Paper ' : ''}${e(c.claim.paper)}, ${e(c.claim.section)}.</b> ${e(c.claim.statement)}</p>
${figures(evidence, fidelity.filter((f) => f.claim === c.claim.id))}
${notes.length ? `<ul>${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
<div class="plots">${plots}</div>
${seeds.length ? `<p class="muted">fast-check seed: ${seeds.join(', ')} (replay: set OPTSPEC_SEED; a failing property prints its seed and path below)</p>` : ''}
<ul>${tests}</ul>
</section>`;
}

/** How the claim's parts (its non-control tests) came out, e.g. "3 held, 1 not reproduced"; failed controls are counted too. */
export function parts(c: ClaimSummary): string {
  const counts = new Map<string, number>();
  for (const t of c.tests) {
    const control = isControl(t, c.claim.id);
    if (control && t.state !== 'failed') continue;
    const v = `${t.state === 'todo' ? 'todo' : testVerdict(t, c.claim.id)}${control ? ' (control)' : ''}`;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const order = ['held', 'held with caveat', 'not reproduced', 'violated', 'skipped', 'todo'];
  const rank = (v: string) => order.indexOf(v.replace(' (control)', '')) + (v.endsWith('(control)') ? 0.5 : 0);
  return [...counts].sort(([a], [b]) => rank(a) - rank(b)).map(([v, n]) => `${n} ${v}`).join(', ');
}

/** Tests that belong to no claim: failures listed with their messages, passes folded away. */
function otherSection(s: ReportSummary): string {
  const tests = s.otherTests.tests ?? [];
  if (tests.length === 0) return '';
  const state = (t: TestOutcome): Verdict => (t.state === 'failed' ? 'violated' : t.state === 'passed' ? 'held' : 'skipped');
  const failed = tests.filter((t) => t.state === 'failed');
  const rest = tests.filter((t) => t.state !== 'failed');
  return `<h2 id="other-tests">Tests without a claim</h2>
${failed.length ? `<ul>${failed.map((t) => testItem(t, state(t))).join('')}</ul>` : '<p>None failed.</p>'}
${rest.length ? `<details><summary>${rest.length} passed, skipped or todo</summary><ul>${rest.map((t) => testItem(t, state(t))).join('')}</ul></details>` : ''}`;
}

/** The conformance report: one self-contained page, no scripts, no external requests. */
export function renderReport(s: ReportSummary): string {
  const fidelity = s.fidelity ?? [];
  const header = `<tr><th>claim</th><th>verdict</th>${s.optimizers.map((o) => `<th>${e(o)}</th>`).join('')}</tr>`;
  const rows = s.claims
    .map((c) => `<tr data-claim="${e(c.claim.id)}"><td><a href="#${e(c.claim.id)}">${e(c.claim.title)}</a><br><span class="muted">${e(c.claim.paper)} ${e(c.claim.section)}</span></td><td>${badge(c.verdict)}<br><span class="muted">${e(parts(c))}</span></td>${s.optimizers.map((o) => `<td>${c.optimizers[o] ? badge(c.optimizers[o]) : '<span class="muted">—</span>'}</td>`).join('')}</tr>`)
    .join('');
  const counts = s.claims.reduce<Record<string, number>>((acc, c) => ((acc[c.verdict] = (acc[c.verdict] ?? 0) + 1), acc), {});
  const env = Object.entries(s.environment).map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>optspec conformance report</title><style>${CSS}</style></head>
<body>
<h1>optspec conformance report</h1>
<p>${s.claims.length} claims: ${Object.entries(counts).map(([v, n]) => `${n} ${badge(v as Verdict)}`).join(' ')}. Generated ${e(s.generated)}.
Other tests: ${s.otherTests.passed} passed, ${s.otherTests.failed} failed, ${s.otherTests.skipped} skipped, ${s.otherTests.todo ?? 0} todo.</p>
<p class="muted">held: as the paper states it. held with caveat: holds under conditions the paper does not state (see the notes). not reproduced: the paper's statement does not hold here, and the spec asserts what does happen. violated: a test of the claim (or its control) failed. skipped: no test of the claim's own passed, so it is not held.</p>
<div class="matrix-box" id="matrix-box"><table id="matrix">${header}${rows}</table></div>
${s.claims.map((c) => claimSection(c, fidelity)).join('\n')}
${fidelitySection(fidelity)}
${otherSection(s)}
<h2>Environment</h2><table id="environment">${env}</table>
</body></html>
`;
}
