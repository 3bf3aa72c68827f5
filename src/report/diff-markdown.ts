import type { CheckChange, CheckStatus, RunInfo, SummaryDiff } from './diff.ts';

/**
 * The diff as markdown that reads well in a pull-request comment or a CI job summary: the two runs side by side,
 * one line of counts, then a table per category that has checks (newly failing first) and the target changes.
 */
export function formatDiffMarkdown(diff: SummaryDiff): string {
  const lines = [`### Conformance diff: ${headline(diff)}`, '', ...runsTable(diff.base, diff.current), '', countsLine(diff)];
  for (const run of [diff.base, diff.current]) {
    const which = run === diff.base ? 'base' : 'current';
    if (run.interrupted) lines.push('', `> The ${which} run was stopped${run.stopped ? ` (${cell(run.stopped)})` : ''}: the checks it did not finish are skipped as "not run".`);
    if (run.shard) lines.push('', `> The ${which} run is shard ${run.shard}, a partial result: join the shards with \`conformance merge\` before comparing.`);
  }
  const section = (title: string, changes: CheckChange[], columns: Array<[string, (change: CheckChange) => string]>) => {
    if (changes.length === 0) return;
    lines.push('', `#### ${title} (${changes.length})`, '', `| check | ${columns.map(([name]) => name).join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`);
    for (const change of changes) lines.push(`| \`${change.id}\` | ${columns.map(([, value]) => value(change)).join(' | ')} |`);
  };
  const base: [string, (c: CheckChange) => string] = ['base', (c) => status(c.before)];
  const current: [string, (c: CheckChange) => string] = ['current', (c) => status(c.after)];
  const reason: [string, (c: CheckChange) => string] = ['reason', (c) => cell(briefReason(c.reason))];
  section('Newly failing', diff.regressions, [base, current, reason]);
  section('Fixed', diff.fixed, [base, current]);
  section('Still failing', diff.stillFailing, [current, reason]);
  section('Newly skipped', diff.newlySkipped, [base, reason]);
  section('No longer skipped', diff.noLongerSkipped, [base, current]);
  section('Added checks', diff.added, [current, reason]);
  section('Removed checks', diff.removed, [base]);
  if (diff.targets.length > 0) {
    lines.push('', `#### Targets changed (${diff.targets.length})`, '', '| target | field | base | current |', '|---|---|---|---|');
    for (const change of diff.targets) lines.push(`| ${change.api} | ${change.field} | ${value(change.before)} | ${value(change.after)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function headline(diff: SummaryDiff): string {
  if (diff.regressions.length > 0) return `${diff.regressions.length} newly failing`;
  if (diff.fixed.length > 0) return `no new failures, ${diff.fixed.length} fixed`;
  return 'no new failures';
}

function countsLine(diff: SummaryDiff): string {
  const parts = [
    [diff.regressions.length, 'newly failing'], [diff.fixed.length, 'fixed'], [diff.stillFailing.length, 'still failing'],
    [diff.newlySkipped.length, 'newly skipped'], [diff.noLongerSkipped.length, 'no longer skipped'], [diff.added.length, 'added'],
    [diff.removed.length, 'removed'], [diff.targets.length, diff.targets.length === 1 ? 'target change' : 'target changes'],
    [diff.unchanged.length, 'unchanged'],
  ] as const;
  // Newly failing always shows (it decides the exit code); the other categories only when they have checks.
  return parts.filter(([count], i) => i === 0 || count > 0).map(([count, what], i) => (i === 0 && count > 0 ? `**${count} ${what}**` : `${count} ${what}`)).join(' · ');
}

function runsTable(base: RunInfo, current: RunInfo): string[] {
  const rows: Array<[string, (run: RunInfo) => string]> = [
    ['summary', (run) => (run.source ? `\`${run.source}\`` : '')],
    ['run', (run) => [run.startedAt, run.seed !== undefined ? `seed ${run.seed}` : undefined, run.toolVersion ? `tool ${run.toolVersion}` : undefined].filter(Boolean).join(' · ')],
    ['verdict', (run) => [run.verdict, run.counts ? countsText(run.counts) : undefined].filter(Boolean).join(': ')],
  ];
  const apis = [...new Set([...Object.keys(base.targets), ...Object.keys(current.targets)])];
  for (const api of apis) rows.push([api, (run) => targetText(run.targets[api])]);
  return [
    '| | base | current |', '|---|---|---|',
    ...rows.filter(([, text]) => text(base) || text(current)).map(([name, text]) => `| ${name} | ${text(base) || '—'} | ${text(current) || '—'} |`),
  ];
}

function countsText(counts: NonNullable<RunInfo['counts']>): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${counts.errors ? `, ${counts.errors} engine error${counts.errors === 1 ? '' : 's'}` : ''}`;
}

function targetText(target: Record<string, string> | undefined): string {
  if (!target) return '';
  return Object.entries(target).map(([field, text]) => `${field} ${cell(text)}`).join(', ');
}

const status = (value: CheckStatus | undefined) => value ?? '—';
const value = (text: string | undefined) => (text === undefined ? '—' : cell(text));

/**
 * A reason short enough for a table cell. A failure reads "what was asked / expected: … / received: …" (the
 * request is in the report and the curl line): the cell keeps what was expected and what came back; any other
 * reason (a skip) keeps its first line.
 */
function briefReason(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((line) => line.trim());
  const told = lines.filter((line) => /^(expected|received): /.test(line));
  return (told.length > 0 ? told : lines.slice(0, 1)).map((line) => shorten(line, 160)).join(' · ');
}

function shorten(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Text safe inside a markdown table cell: pipes escaped, no HTML (GitHub drops what looks like a tag), no emphasis. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\*/g, '\\*').replace(/\n/g, ' ');
}
