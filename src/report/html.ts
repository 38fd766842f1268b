import { worst, type ReportSummary, type ClaimSummary, type Verdict } from './summary.ts';
import type { Evidence } from './evidence.ts';
import { lineChart, escapeHtml as e } from './svg.ts';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:36px;border-top:1px solid #ddd;padding-top:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.v{font-weight:600;border-radius:4px;padding:1px 6px;white-space:nowrap}
.held{background:#d8f3dc;color:#1b4332}.held-with-caveat{background:#fff3bf;color:#5c4400}
.not-reproduced{background:#ffe0cc;color:#7a2e00}.violated{background:#ffd6d6;color:#7a0000}.skipped{background:#eee;color:#555}
.plots{display:flex;flex-wrap:wrap;gap:12px}svg{background:#fff;border:1px solid #eee}
svg .t{font-size:13px;font-weight:600}svg .tick,svg .legend{font-size:10px}svg .axis{font-size:11px}
svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px;max-height:300px}
.muted{color:#666}.control{font-size:12px;color:#555}
.scroll{overflow-x:auto}#matrix td:first-child{min-width:300px}#matrix th{font-size:12px}#matrix td{white-space:nowrap}#matrix td:first-child{white-space:normal}
`;

const badge = (v: Verdict) => `<span class="v ${v.replace(/ /g, '-')}">${e(v)}</span>`;

function figures(evidence: readonly Evidence[]): string {
  const rows = evidence.flatMap((ev) =>
    (ev.figures ?? []).map(
      (f) => `<tr><td>${e(f.label)}${ev.control ? ' <span class="control">(control)</span>' : ''}</td><td>${e(String(f.measured))}${f.unit ? ` ${e(f.unit)}` : ''}</td><td>${f.paper === undefined ? '<span class="muted">—</span>' : e(String(f.paper))}</td><td>${ev.precision}</td></tr>`,
    ),
  );
  return rows.length ? `<table><tr><th>figure</th><th>measured</th><th>paper</th><th>arithmetic</th></tr>${rows.join('')}</table>` : '';
}

function claimSection(c: ClaimSummary): string {
  const evidence = c.tests.flatMap((t) => t.evidence.filter((x) => x.claim.id === c.claim.id));
  const plots = evidence.flatMap((ev) => ev.plots ?? []).map(lineChart).join('');
  const notes = evidence.flatMap((ev) => ev.notes ?? []);
  const seeds = [...new Set(evidence.map((ev) => ev.seed).filter((s) => s !== undefined))];
  const tests = c.tests
    .map((t) => {
      const controls = t.evidence.some((x) => x.control) ? ' <span class="control">control</span>' : '';
      const errors = t.errors.length ? `<pre>${e(t.errors.join('\n\n'))}</pre>` : '';
      const own = t.evidence.filter((x) => x.claim.id === c.claim.id);
      const v: Verdict = t.state === 'failed' ? 'violated' : t.state !== 'passed' ? 'skipped' : worst(own.map((x) => (x.control ? 'held' : x.status)));
      return `<li>${badge(v)} ${e(t.name)}${controls} <span class="muted">${e(t.file)}</span>${errors}</li>`;
    })
    .join('');
  return `<section id="${e(c.claim.id)}" data-claim="${e(c.claim.id)}" data-verdict="${e(c.verdict)}">
<h2>${e(c.claim.title)} ${badge(c.verdict)}</h2>
<p><b>Paper ${e(c.claim.paper)}, ${e(c.claim.section)}.</b> ${e(c.claim.statement)}</p>
${figures(evidence)}
${notes.length ? `<ul>${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
<div class="plots">${plots}</div>
${seeds.length ? `<p class="muted">fast-check seed: ${seeds.join(', ')} (replay: set OPTSPEC_SEED; a failing property prints its seed and path below)</p>` : ''}
<ul>${tests}</ul>
</section>`;
}

/** How the claim's parts (its non-control tests) came out, e.g. "3 held, 1 not reproduced": the verdict is the weakest. */
function parts(c: ClaimSummary): string {
  const counts = new Map<string, number>();
  for (const t of c.tests) {
    const own = t.evidence.filter((x) => x.claim.id === c.claim.id && !x.control);
    if (own.length === 0) continue;
    const v = t.state === 'failed' ? 'violated' : t.state !== 'passed' ? 'skipped' : worst(own.map((x) => x.status));
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([v, n]) => `${n} ${v}`).join(', ');
}

/** The conformance report: one self-contained page, no scripts, no external requests. */
export function renderReport(s: ReportSummary): string {
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
Other tests: ${s.otherTests.passed} passed, ${s.otherTests.failed} failed, ${s.otherTests.skipped} skipped.</p>
<p class="muted">held: as the paper states it. held with caveat: holds under conditions the paper does not state (see the notes). not reproduced: the paper's statement does not hold here, and the spec asserts what does happen. violated: a spec failed, so the behaviour changed.</p>
<div class="scroll"><table id="matrix">${header}${rows}</table></div>
${s.claims.map(claimSection).join('\n')}
<h2>Environment</h2><table id="environment">${env}</table>
</body></html>
`;
}
