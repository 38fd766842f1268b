import type { Precision } from './family/module.ts';
/**
 * The page `optspec check --report` writes, for a person who opens it after a
 * red CI run and wants the answer in ten seconds: what broke first (each
 * violated expectation with its failure line; for a parity failure the
 * configuration it shrank to, the first divergence and two plots of it),
 * then what the gate did not check and why, then what held.
 *
 * One self-contained page: inline CSS and SVG, no script, nothing fetched.
 */
import { downsample } from '../report/evidence.ts';
import { escapeHtml as e, lineChart } from '../report/svg.ts';
import type { CheckSummary, CheckedExpectation, CheckedSummary } from './report.ts';
import type { DivergenceEvidence } from './expectation.ts';
import { ulpsBetween } from './precision.ts';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:12px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:20px;margin:4px 0}h2{font-size:17px;margin:18px 0 6px}h3{font-size:15px;margin:0 0 4px}
.tally{margin:2px 0 8px}.muted{color:#666}
.v{font-weight:600;border-radius:4px;padding:1px 6px;white-space:nowrap}
.violated{background:#ffd6d6;color:#7a0000}.held{background:#d8f3dc;color:#1b4332}.skipped{background:#eee;color:#555}
.violation{border:1px solid #f0b4b4;border-left:5px solid #c00;border-radius:4px;padding:8px 12px;margin:8px 0}
.failure{font-family:ui-monospace,monospace;font-size:12.5px;margin:4px 0;overflow-wrap:anywhere}
.first-divergence{font-size:15px;margin:4px 0}.first-divergence b{font-family:ui-monospace,monospace}
.config,.dialect{margin:3px 0}code{background:#f3f3f3;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
.dialect{background:#fff3bf;padding:3px 8px;border-radius:4px}
.plots{display:flex;flex-wrap:wrap;gap:10px;margin-top:6px}svg{background:#fff;border:1px solid #eee}
svg .t{font-size:13px;font-weight:600}svg .tick,svg .legend{font-size:10px}svg .axis{font-size:11px}
svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
ul.plain{padding-left:20px;margin:4px 0}
`;

type Verdict = CheckedExpectation['verdict'];
const badge = (v: Verdict) => `<span class="v ${v}">${v}</span>`;

/** A number as the console prints it: every digit of a float64, so expected and actual can be told apart. */
const num = (x: number | null): string => (x === null ? 'not finite' : String(x));

export const ulpsText = (ulps: number | null, precision: string): string =>
  ulps !== null && Number.isFinite(ulps) ? `${ulps.toPrecision(3)} ulps (${precision})` : 'not finite';

function hyperText(hyper: DivergenceEvidence['hyper']): string {
  const entries = Object.entries(hyper);
  return entries.length ? entries.map(([k, v]) => `${k} = ${v}`).join(', ') : '(the base configuration)';
}

/** The diverging coordinate over steps, candidate against reference, with the divergence marked. */
function valuePlot(d: DivergenceEvidence): string {
  const steps = d.series.candidate.map((_, i) => d.series.from + i);
  return lineChart({
    title: `coordinate ${d.coordinate}${d.tensor ? ` (${d.tensor})` : ''} on ${d.problem}`,
    x: 'step',
    y: `x[${d.coordinate}]`,
    series: [
      { name: 'candidate', points: downsample(d.series.candidate, 400, steps) },
      { name: d.reference, points: downsample(d.series.reference, 400, steps) },
    ],
    marks: [{ x: d.step, label: `step ${d.step}` }],
  });
}

/** The gap between candidate and reference in ulps, on a log scale: rounding noise stays near 1, a bug climbs. */
function gapPlot(d: DivergenceEvidence, precision: Precision): string {
  const steps = d.series.candidate.map((_, i) => d.series.from + i);
  const gap = d.series.candidate.map((c, i) => ulpsBetween(c, d.series.reference[i], precision));
  const equal = gap.filter((g) => g === 0).length;
  return lineChart({
    title: `gap in ulps (${precision})${equal ? `; ${equal} step(s) equal, not drawn` : ''}`,
    x: 'step',
    y: 'ulps apart',
    logY: true,
    series: [{ name: `|candidate − reference| / ulp`, points: downsample(gap, 400, steps) }],
    marks: [{ x: d.step, label: `step ${d.step}` }],
  });
}

function divergenceBlock(d: DivergenceEvidence, precision: Precision, id: string): string {
  const dialect = d.matchesDialect
    ? `<p class="dialect" data-matches-dialect="${e(d.matchesDialect)}">The trajectory matches the <b>${e(d.matchesDialect)}</b> dialect's reference. If that is the convention you meant, check it as one: <code>--dialect ${e(d.matchesDialect)}</code></p>`
    : '';
  return `<p class="first-divergence" id="first-divergence-${e(id)}">First divergence on ${e(d.problem)}: <b>step ${e(String(d.step))}</b>, <b>coordinate ${e(String(d.coordinate))}${d.tensor ? ` (${e(d.tensor)})` : ''}</b>: expected <b>${e(num(d.expected))}</b>, got <b>${e(num(d.actual))}</b>, ${e(ulpsText(d.ulps, precision))} apart (against ${e(d.reference)}).</p>
<p class="config">Shrunk to: <code>${e(hyperText(d.hyper))}</code></p>
${dialect}
<div class="plots" id="plots-${e(id)}">${valuePlot(d)}${gapPlot(d, precision)}</div>`;
}

function violation(x: CheckedExpectation, c: CheckedSummary, several: boolean): string {
  const anchor = several ? `${c.name}-${x.id}` : x.id;
  return `<article class="violation" id="${e(anchor)}" data-expectation="${e(x.id)}" data-verdict="violated">
<h3>${badge('violated')} ${e(x.id)}: ${e(x.title)}${several ? ` <span class="muted">on ${e(c.name)}</span>` : ''}</h3>
<p class="failure">${e(x.line)}</p>
${x.divergence ? divergenceBlock(x.divergence, c.precision, anchor) : ''}
</article>`;
}

function heading(s: CheckSummary): string {
  const env = s.environment;
  const name = env['checked optimizer'] ?? s.checked.map((c) => c.name).join(', ');
  const as = env.family ? ` as ${env.family}${env.dialect ? ` (${env.dialect} dialect${env.precision ? `, ${env.precision}` : ''})` : ''}` : '';
  return `optspec check: ${name}${as}`;
}

/** The check report page, from the check's summary (see checkReport). */
export function renderCheckReport(s: CheckSummary): string {
  const several = s.checked.length > 1;
  const all = s.checked.flatMap((c) => c.expectations.map((x) => ({ x, c })));
  const violated = all.filter(({ x }) => x.verdict === 'violated');
  const held = all.filter(({ x }) => x.verdict === 'held');
  const notChecked = [
    ...s.notChecked.map((n) => ({ what: n.what, why: n.why, on: n.optimizer })),
    ...all.filter(({ x }) => x.verdict === 'skipped').map(({ x, c }) => ({ what: `${x.id}: ${x.title}`, why: x.line, on: c.name })),
  ];
  const on = (name: string) => (several ? ` <span class="muted">on ${e(name)}</span>` : '');
  const verdict = violated.length ? `${violated.length} of ${all.length} expectations violated` : 'no expectation violated';
  const tally = `${violated.length ? `<b>${e(verdict)}</b>` : e(verdict)} · ${held.length} ${badge('held')} · ${notChecked.length} not checked`;
  const env = Object.entries(s.environment).map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(verdict)}: ${e(heading(s))}</title><style>${CSS}</style></head>
<body>
<h1>${e(heading(s))}</h1>
<p class="tally" id="tally">${tally}. <span class="muted">Generated ${e(s.generated)}.</span></p>
<section id="violations">${violated.length ? violated.map(({ x, c }) => violation(x, c, several)).join('\n') : '<p>No expectation was violated.</p>'}</section>
<section id="not-checked"><h2>Not checked (${notChecked.length})</h2>
${notChecked.length ? `<ul class="plain">${notChecked.map((n) => `<li data-not-checked="${e(n.what)}"><b>${e(n.what)}</b>: ${e(n.why)}${on(n.on)}</li>`).join('')}</ul>` : '<p class="muted">Everything the family defines was checked.</p>'}</section>
<section id="held"><h2>Held (${held.length})</h2>
${held.length ? `<table><tr><th>expectation</th><th>what held</th><th>time</th></tr>${held.map(({ x, c }) => `<tr data-expectation="${e(x.id)}"><td>${badge('held')} ${e(x.id)}: ${e(x.title)}${on(c.name)}</td><td>${e(x.line)}</td><td class="muted">${(x.ms / 1000).toFixed(2)} s</td></tr>`).join('')}</table>` : '<p class="muted">None.</p>'}</section>
<h2>Environment</h2><table id="environment">${env}</table>
</body></html>
`;
}
