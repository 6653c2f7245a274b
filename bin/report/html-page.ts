// The shell every report page shares: one self-contained HTML file (styles inline, charts as
// inline SVG, no script, no font or image fetched), laid out for a screen and for print.

export function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0 0 16px}
.verdict{border-radius:6px;padding:12px 16px;margin:12px 0;border:1px solid}
.verdict.pass{background:#e9f7ee;border-color:#4ac26b}.verdict.fail{background:#fdecec;border-color:#e5534b}.verdict.none{background:#f6f8fa;border-color:#d0d7de}
.verdict strong{font-size:16px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:10px 0}
.figures div{background:#f6f8fa;border-radius:4px;padding:6px 10px}.figures b{display:block;font-size:16px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1a7f37}.bad{color:#cf222e}
figure.chart{margin:10px 0}figure.chart svg{max-width:100%;height:auto}
pre{background:#f6f8fa;padding:8px;overflow-x:auto;font-size:12px;white-space:pre-wrap}
.note{color:#57606a;font-size:12px}
@media print{body{max-width:none;margin:0}figure.chart,table,.verdict{break-inside:avoid}h2{break-after:avoid}}
`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function figure(id: string, svg: string): string {
  return `<figure class="chart" id="chart-${esc(id)}">${svg}</figure>`;
}

/** A table of `columns` over `rows`; numbers right-aligned. */
export function htmlTable(columns: readonly string[], rows: readonly (readonly unknown[])[], className = ''): string {
  const head = columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => (typeof v === 'number' ? `<td class="num">${esc(v)}</td>` : `<td>${esc(v)}</td>`)).join('')}</tr>`).join('\n');
  return `<table${className === '' ? '' : ` class="${className}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Figures as labelled tiles. */
/** Figure tiles; a tile's `title` is its definition, shown as a tooltip. */
export function tiles(items: readonly { label: string; value: string; bad?: boolean; title?: string }[]): string {
  return `<div class="figures">${items.map((i) => `<div${i.title === undefined ? '' : ` title="${esc(i.title)}"`}>${esc(i.label)}<b${i.bad === true ? ' class="bad"' : ''}>${esc(i.value)}</b></div>`).join('')}</div>`;
}
