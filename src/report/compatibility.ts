import { basename, dirname } from 'node:path';
import type { CheckStatus } from './diff.ts';
import type { LoadedSummary } from './diff-input.ts';
import { cell } from './diff-markdown.ts';

/** One target of one API: a column of the compatibility table. */
export interface CompatibilityColumn {
  /** `ONTAP 9.14.1 svm+node`, `Veeam v1_7`: the API and its target's properties but the URL; unique within the API. */
  label: string;
  /** The summary.json it comes from. */
  source: string;
  /** The target as summary.json records it (url, version, mode, apiVersion, …). */
  target: Record<string, string>;
  /** The outcomes of this API's checks in that run. */
  counts: { passed: number; failed: number; skipped: number; errors: number };
}

/** One check: its outcome on each target (by column label), null where that run did not have it. */
export interface CompatibilityRow {
  id: string;
  title: string;
  outcomes: Record<string, CheckStatus | null>;
}

/** The table of one API: check × target. */
export interface CompatibilitySection {
  api: string;
  title: string;
  columns: CompatibilityColumn[];
  rows: CompatibilityRow[];
}

export interface CompatibilityTable {
  apis: CompatibilitySection[];
}

/**
 * The compatibility table of several runs, one section per API: a column per run that tested the API (its target),
 * a row per check in run order.
 *
 * @param titleOf The API's short name for column labels (`ONTAP`, `Veeam`).
 */
export function compatibilityTable(runs: readonly LoadedSummary[], titleOf: (api: string) => { title: string; short: string }): CompatibilityTable {
  const apis = [...new Set(runs.flatMap((run) => [...Object.keys(run.summary.targets ?? {}), ...run.summary.checks.map((check) => apiOf(check))]))];
  return {
    apis: apis.map((api) => {
      const { title, short } = titleOf(api);
      const columns: CompatibilityColumn[] = [];
      const statuses: Array<Map<string, CheckStatus>> = [];
      const rows = new Map<string, CompatibilityRow>();
      for (const run of runs) {
        const checks = run.summary.checks.filter((check) => apiOf(check) === api);
        const target = run.summary.targets?.[api];
        if (!target && checks.length === 0) continue;
        const count = (status: string) => checks.filter((check) => check.status === status).length;
        const label = uniqueLabel(labelOf(short, target, run.file), columns.map((column) => column.label));
        columns.push({ label, source: run.file, target: target ?? {}, counts: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), errors: count('error') } });
        statuses.push(new Map(checks.map((check) => [check.id, check.status])));
        for (const check of checks) if (!rows.has(check.id)) rows.set(check.id, { id: check.id, title: check.title ?? check.id, outcomes: {} });
      }
      for (const row of rows.values()) {
        for (const [i, column] of columns.entries()) row.outcomes[column.label] = statuses[i]!.get(row.id) ?? null;
      }
      return { api, title, columns, rows: [...rows.values()] };
    }),
  };
}

/** Only the checks whose outcome is not the same on every target. */
export function differingRows(table: CompatibilityTable): CompatibilityTable {
  return {
    apis: table.apis.map((section) => ({
      ...section,
      rows: section.rows.filter((row) => new Set(Object.values(row.outcomes)).size > 1),
    })),
  };
}

const SYMBOL: Record<CheckStatus, string> = { passed: '✓', failed: '✗', skipped: '–', error: '!' };

/** The table as markdown: a section per API, its totals first, then ✓ / ✗ / – / ! per check and target. */
export function formatCompatibilityMarkdown(table: CompatibilityTable): string {
  const lines: string[] = [];
  for (const section of table.apis) {
    if (section.columns.length === 0) continue;
    lines.push(`### ${section.title}`, '', `| check | ${section.columns.map((column) => cell(column.label)).join(' | ')} |`, `|---|${section.columns.map(() => ':-:').join('|')}|`);
    lines.push(`| **passed / failed / skipped** | ${section.columns.map((column) => `${column.counts.passed} / ${column.counts.failed} / ${column.counts.skipped}${column.counts.errors ? ` / ${column.counts.errors} !` : ''}`).join(' | ')} |`);
    for (const row of section.rows) {
      lines.push(`| \`${row.id}\` | ${section.columns.map((column) => { const status = row.outcomes[column.label]; return status ? SYMBOL[status] : ' '; }).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('✓ passed · ✗ failed · – skipped (not supported by that target, or no data) · ! engine error · blank: not in that run');
  return `${lines.join('\n')}\n`;
}

function apiOf(check: { id: string; api?: string }): string {
  return check.api ?? check.id.split('.')[0]!;
}

function labelOf(short: string, target: Record<string, string> | undefined, source: string): string {
  const parts = Object.entries(target ?? {}).filter(([field]) => field !== 'url').map(([, value]) => value);
  // A run that names no target (a hand-made summary) is named by its folder instead.
  if (parts.length === 0) parts.push(basename(dirname(source)));
  return [short, ...parts].join(' ');
}

function uniqueLabel(label: string, taken: string[]): string {
  if (!taken.includes(label)) return label;
  let n = 2;
  while (taken.includes(`${label} (${n})`)) n++;
  return `${label} (${n})`;
}
