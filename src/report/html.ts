import type { Summary } from './summary.ts';
import { outcomeRows, type OutcomeTableRow } from './tally.ts';

type CheckEntry = Summary['checks'][number];

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A failure's reason in the parts a failure message is written in (expect.ts · fail): what was asked, expected, received. */
export interface FailureParts {
  request?: string;
  expected?: string;
  received?: string;
  /** Whatever else the reason says (the seed, a cleanup note, a transport error). */
  rest: string;
}

/** Splits a failure reason (`GET /path`, `expected: …`, `received: …`, `seed: N`); a reason of another shape stays whole in `rest`. */
export function failureParts(reason: string | undefined): FailureParts {
  const lines = (reason ?? '').split('\n');
  const parts: FailureParts = { rest: '' };
  const rest: string[] = [];
  let current: 'expected' | 'received' | undefined;
  for (const [index, line] of lines.entries()) {
    if (index === 0 && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S/.test(line)) parts.request = line;
    else if (line.startsWith('expected: ')) [current, parts.expected] = ['expected', line.slice(10)];
    else if (line.startsWith('received: ')) [current, parts.received] = ['received', line.slice(10)];
    else if (/^(seed: |cleanup failed)/.test(line) || current === undefined) [current, rest[rest.length]] = [undefined, line];
    else parts[current] = `${parts[current]}\n${line}`;
  }
  parts.rest = rest.join('\n').trim();
  return parts;
}

const statusOf = (row: OutcomeTableRow) => (row.failed + row.errors > 0 ? 'fail' : 'pass');

function countCells(row: OutcomeTableRow, withErrors: boolean): string {
  return `<td class="n">${row.passed}</td><td class="n${row.failed ? ' failed' : ''}">${row.failed}</td><td class="n">${row.skipped}</td>${withErrors ? `<td class="n${row.errors ? ' error' : ''}">${row.errors}</td>` : ''}`;
}

/** Verdict and counts per API, then per resource. */
function overview(summary: Summary): string {
  const rows = outcomeRows(summary.checks);
  const withErrors = rows.some((row) => row.errors > 0);
  const apis = [...new Set(rows.map((row) => row.api))];
  const body = apis.map((api) => {
    const own = rows.filter((row) => row.api === api);
    const total = own.reduce((sum, row) => ({ ...sum, passed: sum.passed + row.passed, failed: sum.failed + row.failed, skipped: sum.skipped + row.skipped, errors: sum.errors + row.errors }), { api, resource: '', passed: 0, failed: 0, skipped: 0, errors: 0 });
    const target = summary.targets[api];
    const about = target ? Object.entries(target).map(([key, value]) => `${escape(key)} ${escape(value)}`).join(', ') : '';
    return `<tbody><tr class="api"><th>${escape(api)} <span class="verdict ${statusOf(total)}">${statusOf(total)}</span><br><small>${about}</small></th>${countCells(total, withErrors)}</tr>\n`
      + own.map((row) => `<tr><td class="resource">${escape(row.resource)}</td>${countCells(row, withErrors)}</tr>`).join('\n')
      + '</tbody>';
  }).join('\n');
  return `<table class="overview"><thead><tr><th>API / resource</th><th>passed</th><th>failed</th><th>skipped</th>${withErrors ? '<th>errors</th>' : ''}</tr></thead>\n${body}\n</table>`;
}

/** The attributes the filter reads: status, and the text the search matches (id, title, operation). */
function filterable(check: CheckEntry): string {
  return `class="check ${check.status}" id="check-${escape(check.id)}" data-status="${check.status}" data-text="${escape(`${check.id} ${check.title} ${check.operation}`.toLowerCase())}"`;
}

function heading(check: CheckEntry): string {
  return `<div class="head"><span class="mark ${check.status}">${check.status}</span> <code>${escape(check.id)}</code> <span class="title">${escape(check.title)}</span></div>`
    + `<div class="meta">${escape(check.operation)} · ${escape(check.requirement)}</div>`;
}

function failure(check: CheckEntry): string {
  const parts = failureParts(check.reason);
  const field = (name: string, value: string | undefined) => (value ? `<dt>${name}</dt><dd><pre>${escape(value)}</pre></dd>` : '');
  return `<article ${filterable(check)}>${heading(check)}<dl>`
    + field('request', parts.request) + field('expected', parts.expected) + field('received', parts.received) + field(parts.expected ? 'details' : 'reason', parts.rest)
    + field('reproduce', check.reproduce) + '</dl></article>';
}

/** Skips grouped by reason, the most frequent first. */
function skips(checks: CheckEntry[]): string {
  const groups = new Map<string, CheckEntry[]>();
  for (const check of checks) groups.set(check.reason ?? 'no reason given', [...(groups.get(check.reason ?? 'no reason given') ?? []), check]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length).map(([reason, group]) => `<details class="group" open><summary>${escape(reason)} <span class="count">(${group.length})</span></summary>`
    + group.map((check) => `<div ${filterable(check)}>${heading(check)}</div>`).join('\n') + '</details>').join('\n');
}

function section(id: string, title: string, checks: CheckEntry[], body: string): string {
  return checks.length === 0 ? '' : `<section id="${id}" class="checks"><h2>${title} <span class="count">(${checks.length})</span></h2>\n${body}\n</section>`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:1.5em 2em;color:#222;line-height:1.35}h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}pre{white-space:pre-wrap;word-break:break-word;margin:0;background:#f6f6f6;padding:.3em .5em;border-radius:3px}
.verdict{padding:.05em .5em;border-radius:3px;color:#fff;font-size:.8em;text-transform:uppercase}.verdict.pass{background:#1b7f3b}.verdict.fail{background:#b00020}
.notice{background:#fff4e5;border-left:4px solid #e69500;padding:.4em .8em}
table.overview{border-collapse:collapse;min-width:28em}.overview th,.overview td{padding:.25em .7em;text-align:left}.overview td.n{text-align:right}
.overview tr.api{border-top:2px solid #ccc;background:#fafafa}.overview td.resource{padding-left:2em}td.failed,td.error{color:#b00020;font-weight:bold}
#controls{position:sticky;top:0;background:#fff;padding:.6em 0;border-bottom:1px solid #ddd;display:flex;gap:1.2em;flex-wrap:wrap;align-items:center}
#controls input[type=search]{min-width:22em;padding:.3em}
.check{padding:.45em .2em;border-top:1px solid #eee}.head .title{color:#444}.meta{color:#777;font-size:.85em}
.mark{display:inline-block;min-width:4.5em;font-size:.8em;font-weight:bold;text-transform:uppercase}.mark.failed,.mark.error{color:#b00020}.mark.passed{color:#1b7f3b}.mark.skipped{color:#777}
dl{display:grid;grid-template-columns:7em 1fr;gap:.3em .6em;margin:.5em 0 .2em}dt{color:#555;font-size:.85em;padding-top:.3em}dd{margin:0}
details.group{margin:.5em 0}details.group>summary{cursor:pointer;font-weight:600}.count{color:#777;font-weight:normal}.hidden{display:none}
`;

/**
 * Filters the checks by status and text; hides groups and sections left empty. The filter lives in the address
 * (`report.html#q=sessions.filter&status=failed,skipped`), so a filtered view can be linked. Without JavaScript
 * everything shows.
 */
const SCRIPT = `
(function () {
  var search = document.getElementById('search');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#controls input[type=checkbox]'));
  var shown = document.getElementById('shown');
  function fromAddress() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.has('q')) search.value = params.get('q');
    if (params.has('status')) {
      var statuses = params.get('status').split(',');
      boxes.forEach(function (box) { box.checked = statuses.indexOf(box.value) >= 0; });
    }
  }
  function toAddress() {
    var params = new URLSearchParams();
    if (search.value) params.set('q', search.value);
    var checked = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    if (checked.length < boxes.length) params.set('status', checked.join(','));
    history.replaceState(null, '', params.toString() ? '#' + params.toString() : location.pathname + location.search);
  }
  function apply() {
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.value] = box.checked; });
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    document.querySelectorAll('.check').forEach(function (el) {
      var text = el.getAttribute('data-text');
      var visible = wanted[el.getAttribute('data-status')] && words.every(function (w) { return text.indexOf(w) >= 0; });
      el.classList.toggle('hidden', !visible);
      if (visible) count++;
    });
    document.querySelectorAll('details.group, section.checks').forEach(function (el) {
      el.classList.toggle('hidden', !el.querySelector('.check:not(.hidden)'));
    });
    shown.textContent = count + ' shown';
  }
  function changed() { toAddress(); apply(); }
  search.addEventListener('input', changed);
  boxes.forEach(function (box) { box.addEventListener('change', changed); });
  window.addEventListener('hashchange', function () { fromAddress(); apply(); });
  fromAddress();
  apply();
})();
`;

/**
 * The quick view of a run, one self-contained page (no external assets): the verdict and counts per API and
 * resource, then failures with what was asked, expected and received and the curl line, skips grouped by
 * reason, and the checks that passed; a filter by status and a search by id, title or operation.
 */
export function htmlReport(summary: Summary): string {
  const by = (status: CheckEntry['status']) => summary.checks.filter((check) => check.status === status);
  const failures = [...by('error'), ...by('failed')];
  const counts = summary.counts;
  const statuses = (['failed', 'error', 'skipped', 'passed'] as const).filter((status) => by(status).length > 0);
  const controls = `<div id="controls"><label>Search <input type="search" id="search" placeholder="check id, title or operation"></label>`
    + statuses.map((status) => `<label><input type="checkbox" value="${status}" checked> ${status} (${by(status).length})</label>`).join('')
    + '<span id="shown"></span></div>';
  const targets = Object.entries(summary.targets).map(([api, target]) => `${escape(api)}: ${Object.entries(target).map(([key, value]) => `${escape(key)} ${escape(value)}`).join(', ')}`).join('; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(summary.tool.name)}: ${summary.verdict}</title>
<style>${STYLE}</style></head><body>
<header>
<h1>${escape(summary.tool.name)} ${escape(summary.tool.version)} <span class="verdict ${summary.verdict}">${summary.verdict}</span></h1>
<p>${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${counts.errors ? `, ${counts.errors} engine errors` : ''}. ${targets ? `${targets}. ` : ''}Seed ${summary.seed}, started ${escape(summary.startedAt)}, ${(summary.durationMs / 1000).toFixed(1)} s.${summary.shard ? ` Shard ${escape(summary.shard)} (a partial result).` : ''}</p>
${summary.interrupted ? `<p class="notice">The run was stopped${summary.stopped ? `: ${escape(summary.stopped)}` : ''}. Checks that did not finish are reported as not run.</p>` : ''}
</header>
${overview(summary)}
${controls}
<main>
${section('failures', 'Failures', failures, failures.map(failure).join('\n'))}
${section('skips', 'Skipped, by reason', by('skipped'), skips(by('skipped')))}
${section('passes', 'Passed', by('passed'), by('passed').map((check) => `<div ${filterable(check)}>${heading(check)}</div>`).join('\n'))}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
