// Draws a Grafana dashboard of deploy/observability/grafana/dashboards as a static HTML page, with
// the same panels, queries, legends and units, from a running Prometheus: a picture of the
// dashboard where Grafana itself cannot run (README's picture is made with it). Only what our
// dashboards use is drawn: time-series panels, their PromQL targets, legendFormat, units
// s, percentunit, short and none, and $variables given with --var.
//
//   node deploy/observability/preview/render.mjs DASHBOARD.json http://localhost:9090 OUT.html \
//        [--minutes 30] [--var job=workflow-service]
import { readFileSync, writeFileSync } from 'node:fs';

const [dashboardFile, prometheus, out, ...flags] = process.argv.slice(2);
if (!dashboardFile || !prometheus || !out) {
  console.error('usage: render.mjs DASHBOARD.json PROMETHEUS_URL OUT.html [--minutes N] [--var name=value]');
  process.exit(2);
}
let minutes = 30;
const vars = {};
for (let i = 0; i < flags.length; i += 2) {
  if (flags[i] === '--minutes') minutes = Number(flags[i + 1]);
  else if (flags[i] === '--var') {
    const [name, value] = flags[i + 1].split('=');
    vars[name] = value;
  } else {
    console.error(`unknown flag ${flags[i]}`);
    process.exit(2);
  }
}

const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
const end = Math.floor(Date.now() / 1000);
const start = end - minutes * 60;
const step = Math.max(15, Math.floor((end - start) / 120));
const PALETTE = ['#73bf69', '#f2cc0c', '#5794f2', '#ff780a', '#f2495c', '#b877d9', '#8ab8ff', '#fade2a', '#96d98d', '#ffa6b0'];

const expand = (expr) => expr.replace(/\$\{?(\w+)\}?/g, (all, name) => (name in vars ? vars[name] : all));

async function range(expr) {
  const url = new URL('/api/v1/query_range', prometheus);
  url.search = new URLSearchParams({ query: expand(expr), start, end, step }).toString();
  const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = await answer.json();
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result;
}

const legend = (format, metric) => (format ?? '').replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label) => metric[label] ?? '')
  .trim() || JSON.stringify(metric);

function formatValue(value, unit) {
  if (!Number.isFinite(value)) return '';
  if (unit === 'percentunit') return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
  if (unit === 's') {
    if (value === 0) return '0';
    if (value < 1) return `${(value * 1000).toFixed(value < 0.01 ? 1 : 0)} ms`;
    return value < 60 ? `${value.toFixed(1)} s` : `${(value / 60).toFixed(1)} min`;
  }
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(1)} K`;
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 3 : 1);
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function chart(series, unit, width, height) {
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  if (values.length === 0) return `<div class="empty">No data</div>`;
  const max = Math.max(...values, 0) * 1.1 || 1;
  const min = Math.min(...values, 0);
  const left = 64;
  const bottom = 20;
  const x = (t) => left + ((t - start) / (end - start)) * (width - left - 8);
  const y = (v) => 6 + (1 - (v - min) / (max - min)) * (height - bottom - 6);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = min + f * (max - min);
    return `<line x1="${left}" x2="${width - 8}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`
      + `<text x="${left - 6}" y="${y(v) + 4}" class="tick" text-anchor="end">${escape(formatValue(v, unit))}</text>`;
  }).join('');
  const times = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const t = start + f * (end - start);
    const label = new Date(t * 1000).toISOString().slice(11, 16);
    const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
    return `<text x="${x(t)}" y="${height - 4}" class="tick" text-anchor="${anchor}">${label}</text>`;
  }).join('');
  const lines = series.map((s) => {
    const d = s.points.filter(([, v]) => Number.isFinite(v)).map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
    return `<path d="${d}" stroke="${s.color}" class="line"/>`;
  }).join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" height="${height}">${grid}${times}${lines}</svg>`;
}

const COLUMN = 56;
const ROW = 30;
const panels = [];
for (const panel of dashboard.panels.filter((p) => p.type === 'timeseries')) {
  const unit = panel.fieldConfig?.defaults?.unit ?? 'short';
  const series = [];
  for (const target of panel.targets ?? []) {
    for (const result of await range(target.expr)) {
      series.push({
        name: legend(target.legendFormat, result.metric),
        points: result.values.map(([t, v]) => [Number(t), Number(v)]),
        color: PALETTE[series.length % PALETTE.length],
      });
    }
  }
  const { x, y, w, h } = panel.gridPos;
  const width = w * COLUMN - 10;
  const height = h * ROW - 70;
  const legendHtml = series.map((s) => `<span><i style="background:${s.color}"></i>${escape(s.name)}</span>`).join('');
  panels.push(`<section style="grid-column:${x + 1}/span ${w};grid-row:${y + 1}/span ${h}">
    <h2>${escape(panel.title)}</h2>${chart(series, unit, width, height)}<div class="legend">${legendHtml}</div></section>`);
}

writeFileSync(out, `<!doctype html><html><head><meta charset="utf-8"><title>${escape(dashboard.title)}</title><style>
body{margin:0;padding:12px;background:#111217;color:#ccccdc;font:13px system-ui,sans-serif}
h1{font-size:17px;font-weight:500;margin:4px 4px 12px}h1 small{color:#8e8e9e;font-weight:400;margin-left:10px}
main{display:grid;grid-template-columns:repeat(24,${COLUMN - 2}px);grid-auto-rows:${ROW - 2}px;gap:2px}
section{background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px 8px;overflow:hidden}
h2{font-size:13px;font-weight:500;margin:0 0 4px}.grid{stroke:#2c3235}.tick{fill:#8e8e9e;font-size:10px}
.line{fill:none;stroke-width:1.5}.legend span{margin-right:12px;white-space:nowrap;font-size:11px}
.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
.empty{color:#8e8e9e;padding:40px;text-align:center}
</style></head><body><h1>${escape(dashboard.title)}<small>last ${minutes} min, from ${escape(prometheus)}</small></h1>
<main>${panels.join('\n')}</main></body></html>\n`);
console.log(`${out}: ${panels.length} panels`);
