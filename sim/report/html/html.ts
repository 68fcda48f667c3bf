/** Text for HTML: escaped, and with URL schemes dropped, so nothing in the page can point off it. */
export function esc(value: unknown): string {
  return String(value)
    .replace(/[a-z][a-z0-9+.-]*:\/\//gi, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.scroll{overflow-x:auto}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}
.muted{color:#57606a}.chart{margin:4px 0 12px}.chart.half{display:inline-block;width:48%;margin-right:2%;vertical-align:top}.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}.legend .swatch{margin-right:4px;vertical-align:middle}
.pair{display:flex;gap:2%}.pair>div{flex:1;min-width:0}.pair .chart.half{width:100%;margin:0}
svg text.band-label{font-size:10px;fill:#424a53}svg text.axis-title{fill:#1b1f24}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:1px 4px;border-radius:3px}
svg text{font:11px system-ui,sans-serif;fill:#57606a}
table.fit{width:100%;font-size:13px}table.fit td,table.fit th{padding:3px 5px}table.fit td code{overflow-wrap:anywhere}
nav a{margin-right:12px}details{margin:4px 0}summary{cursor:pointer}
.timeline td{font-size:12px}tr.fault td{background:#fff0ee}
`;

/** One self-contained page: inline CSS, no script or asset from anywhere else. */
export function page(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
${script === '' ? '' : `<script>${script}</script>`}
</body>
</html>
`;
}

/** A table from a header row (all blank: none) and body rows of already escaped cells; wide ones scroll. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], className = ''): string {
  const cell = (text: string, i: number): string => `<td${numeric.includes(i) ? ' class="num"' : ''}>${text}</td>`;
  const thead = head.every((text) => text === '') ? '' : `<thead><tr>${head.map((text) => `<th>${esc(text)}</th>`).join('')}</tr></thead>`;
  return `<div class="scroll"><table${className === '' ? '' : ` class="${className}"`}>${thead}<tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table></div>`;
}
