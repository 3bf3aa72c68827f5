import type { Summary } from './summary.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page a person can open from the reports folder: verdict, counts, then every check. */
export function htmlReport(summary: Summary): string {
  const rows = summary.checks.map((check) => {
    const detail = [check.reason, check.reproduce ? `Reproduce with: ${check.reproduce}` : undefined].filter(Boolean).join('\n');
    return `<tr class="${check.status}"><td>${check.status}</td><td><code>${escape(check.id)}</code><br>${escape(check.title)}</td>`
      + `<td>${escape(check.operation)}<br><small>${escape(check.requirement)}</small></td><td><pre>${escape(detail)}</pre></td></tr>`;
  }).join('\n');
  const targets = Object.entries(summary.targets)
    .map(([api, target]) => `${escape(api)}: ${Object.entries(target).map(([key, value]) => `${escape(key)} ${escape(value)}`).join(', ')}`)
    .join('; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(summary.tool.name)}: ${summary.verdict}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td{border-top:1px solid #ddd;padding:.4em;vertical-align:top}
pre{white-space:pre-wrap;margin:0;font-size:.85em}.failed td:first-child,.error td:first-child{color:#b00020;font-weight:bold}
.passed td:first-child{color:#1b7f3b}.skipped td:first-child{color:#777}.verdict-pass{color:#1b7f3b}.verdict-fail{color:#b00020}
</style></head><body>
<h1>${escape(summary.tool.name)} ${escape(summary.tool.version)}: <span class="verdict-${summary.verdict}">${summary.verdict}</span></h1>
<p>${targets ? `${targets}. ` : ''}Seed ${summary.seed}, started ${escape(summary.startedAt)}, ${summary.durationMs} ms.</p>
<p>${summary.counts.passed} passed, ${summary.counts.failed} failed, ${summary.counts.skipped} skipped${summary.counts.errors ? `, ${summary.counts.errors} engine errors` : ''}.</p>
<table><thead><tr><th>status</th><th>check</th><th>operation / requirement</th><th>details</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
