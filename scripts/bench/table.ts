/** One line of the benchmark table: a figure, what was measured, its target, and whether the target is met. */
export interface Row {
  figure: string;
  value: string;
  target: string;
  /** Absent for figures that have no target (references for the ratios). */
  met?: boolean;
}

/** A plain-text table, one figure a line, its target beside it. */
export function formatTable(rows: readonly Row[]): string {
  const verdict = (row: Row) => (row.met === undefined ? '' : row.met ? 'met' : 'MISSED');
  const head: Row = { figure: 'figure', value: 'measured', target: 'target' };
  const widths = {
    figure: Math.max(...[head, ...rows].map((row) => row.figure.length)),
    value: Math.max(...[head, ...rows].map((row) => row.value.length)),
    target: Math.max(...[head, ...rows].map((row) => row.target.length)),
  };
  const line = (row: Row, mark: string) => `${row.figure.padEnd(widths.figure)} | ${row.value.padEnd(widths.value)} | ${row.target.padEnd(widths.target)} | ${mark}`.trimEnd();
  return [line(head, 'verdict'), line({ figure: '-'.repeat(widths.figure), value: '-'.repeat(widths.value), target: '-'.repeat(widths.target) }, '-------'), ...rows.map((row) => line(row, verdict(row)))].join('\n');
}
