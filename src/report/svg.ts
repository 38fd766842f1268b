import type { Plot } from './evidence.ts';

const W = 520;
const H = 260;
const M = { left: 62, right: 12, top: 26, bottom: 40 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
}

/**
 * A line chart as an inline SVG string: no scripts, no external references.
 * Non-finite and (on log axes) non-positive points are left out of the
 * drawing and counted in the caption, never silently dropped.
 */
export function lineChart(plot: Plot): string {
  const tx = (v: number) => (plot.logX ? Math.log10(v) : v);
  const ty = (v: number) => (plot.logY ? Math.log10(v) : v);
  const ok = (x: number, y: number) => Number.isFinite(tx(x)) && Number.isFinite(ty(y)) && (!plot.logX || x > 0) && (!plot.logY || y > 0);
  let dropped = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of plot.series) {
    for (const [x, y] of s.points) {
      if (ok(x, y)) { xs.push(tx(x)); ys.push(ty(y)); } else dropped++;
    }
    for (const [x, lo, hi] of s.band ?? []) if (ok(x, lo) && ok(x, hi)) { xs.push(tx(x)); ys.push(ty(lo), ty(hi)); }
  }
  const title = `<text x="${W / 2}" y="16" text-anchor="middle" class="t">${escapeHtml(plot.title)}</text>`;
  if (xs.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${title}<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no drawable points (${dropped} left out)</text></svg>`;
  }
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
  const py = (v: number) => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const parts: string[] = [title];
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="frame"/>`);
  for (let i = 0; i <= 4; i++) {
    const vy = y0 + ((y1 - y0) * i) / 4;
    const vx = x0 + ((x1 - x0) * i) / 4;
    const labelY = plot.logY ? fmt(10 ** vy) : fmt(vy);
    const labelX = plot.logX ? fmt(10 ** vx) : fmt(vx);
    parts.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${py(vy).toFixed(1)}" y2="${py(vy).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${M.left - 4}" y="${(py(vy) + 4).toFixed(1)}" text-anchor="end" class="tick">${labelY}</text>`);
    parts.push(`<text x="${px(vx).toFixed(1)}" y="${M.top + ph + 14}" text-anchor="middle" class="tick">${labelX}</text>`);
  }
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle" class="axis">${escapeHtml(plot.x)}${plot.logX ? ' (log)' : ''}</text>`);
  parts.push(`<text x="12" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 12 ${M.top + ph / 2})" class="axis">${escapeHtml(plot.y)}${plot.logY ? ' (log)' : ''}</text>`);
  plot.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    if (s.band && s.band.length > 0) {
      const good = s.band.filter(([x, lo, hi]) => ok(x, lo) && ok(x, hi));
      const upper = good.map(([x, , hi]) => `${px(tx(x)).toFixed(1)},${py(ty(hi)).toFixed(1)}`);
      const lower = good.map(([x, lo]) => `${px(tx(x)).toFixed(1)},${py(ty(lo)).toFixed(1)}`).reverse();
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`);
    }
    const xy = s.points.filter(([x, y]) => ok(x, y)).map(([x, y]) => [px(tx(x)).toFixed(1), py(ty(y)).toFixed(1)]);
    if (s.style === 'points' || xy.length === 1) for (const [cx, cy] of xy) parts.push(`<circle cx="${cx}" cy="${cy}" r="2" fill="${colour}"/>`);
    else parts.push(`<polyline points="${xy.map((p) => p.join(',')).join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    parts.push(`<rect x="${M.left + 8}" y="${M.top + 6 + i * 14}" width="10" height="3" fill="${colour}"/><text x="${M.left + 22}" y="${M.top + 11 + i * 14}" class="legend">${escapeHtml(s.name)}</text>`);
  });
  for (const m of plot.marks ?? []) {
    if (!Number.isFinite(tx(m.x)) || (plot.logX && m.x <= 0)) continue;
    const x = px(tx(m.x));
    if (x < M.left - 0.5 || x > M.left + pw + 0.5) continue;
    parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${M.top}" y2="${M.top + ph}" class="mark" stroke="#555" stroke-dasharray="4 3"/>`);
    if (m.label) parts.push(`<text x="${(x + 3).toFixed(1)}" y="${M.top + ph - 4}" class="tick">${escapeHtml(m.label)}</text>`);
  }
  if (dropped > 0) parts.push(`<text x="${W - M.right}" y="${H - 6}" text-anchor="end" class="tick">${dropped} point(s) not drawable</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(plot.title)}">${parts.join('')}</svg>`;
}
