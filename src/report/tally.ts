import type { CheckOutcome } from '../checks/model.ts';

/** One API resource and the outcomes of its checks (the console's final table, report.html's overview). */
export interface OutcomeTableRow {
  api: string;
  resource: string;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
}

/** Outcomes counted per API and resource (`<api>.<resource>.<rule>`), in the order the checks came. */
export function outcomeRows(checks: ReadonlyArray<{ id: string; api: string; status: CheckOutcome['status'] }>): OutcomeTableRow[] {
  const rows = new Map<string, OutcomeTableRow>();
  for (const check of checks) {
    const resource = check.id.split('.')[1] ?? '';
    const key = `${check.api}\u0000${resource}`;
    const row = rows.get(key) ?? { api: check.api, resource, passed: 0, failed: 0, skipped: 0, errors: 0 };
    if (check.status === 'error') row.errors++;
    else row[check.status]++;
    rows.set(key, row);
  }
  return [...rows.values()];
}
