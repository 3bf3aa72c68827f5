import type { CheckOutcome } from '../checks/model.ts';
import { outcomeRows, type OutcomeTableRow } from '../report/tally.ts';
import { formatOutcomeLine, type CheckProgress } from './outcome-reporter.ts';

/**
 * How a run talks to its console. **live**: a terminal — one status line redrawn in place, failures printed
 * above it; **plain**: CI or a pipe — one line per check; **quiet**: the verdict line and errors only.
 */
export type ConsoleMode = 'live' | 'plain' | 'quiet';

/** Live only on a terminal outside CI (`CI` set to anything but `false` or `0` means CI). */
export function consoleMode(options: { quiet?: boolean; isTTY?: boolean; env?: NodeJS.ProcessEnv }): ConsoleMode {
  if (options.quiet) return 'quiet';
  const ci = options.env?.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return options.isTTY && !inCi ? 'live' : 'plain';
}

/** `3.2 s`, `1 min 05 s`. */
export function formatElapsed(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** The live line: checks done / total, failures so far, the longest-running check and its elapsed time. */
export function statusLine(state: { done: number; total?: number; failed: number; running: ReadonlyArray<{ id: string; since: number }>; now: number }): string {
  const parts = [`${state.done}${state.total !== undefined ? `/${state.total}` : ''} checks`, `${state.failed} failed`];
  const oldest = [...state.running].sort((a, b) => a.since - b.since)[0];
  if (oldest) parts.push(`${oldest.id} ${formatElapsed(state.now - oldest.since)}${state.running.length > 1 ? ` (+${state.running.length - 1} running)` : ''}`);
  return parts.join(' · ');
}

/** Cuts a line to the terminal's width, so that redrawing it in place never wraps. */
function fit(line: string, columns: number): string {
  const max = Math.max(20, columns - 1);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const CLEAR_LINE = '\r\x1b[2K';

export interface RunConsoleOptions {
  mode: ConsoleMode;
  /** Where text goes (stdout). */
  write?: (text: string) => void;
  /** The terminal's width, for the live line. */
  columns?: () => number;
  /** Checks the run plans, over every pass; unknown for a shard. */
  total?: number;
  /** How often the live line is redrawn (its elapsed time moves on). */
  redrawMs?: number;
  now?: () => number;
}

/**
 * The console of a run: every line the run prints goes through `say`, every check through `started` and
 * `finished`. In live mode the status line is cleared before a line is printed and redrawn after it, so that
 * printed lines stay and only the status line moves.
 */
export class RunConsole implements CheckProgress {
  readonly mode: ConsoleMode;
  private readonly write: (text: string) => void;
  private readonly columns: () => number;
  private readonly now: () => number;
  private readonly running = new Map<string, number>();
  private readonly timer?: NodeJS.Timeout;
  private done = 0;
  private failed = 0;
  /** The status line on screen, if any. */
  private shown?: string;
  private closed = false;

  constructor(private readonly options: RunConsoleOptions) {
    this.mode = options.mode;
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.columns = options.columns ?? (() => process.stdout.columns || 80);
    this.now = options.now ?? (() => Date.now());
    if (this.mode === 'live') {
      this.timer = setInterval(() => this.redraw(), options.redrawMs ?? 200);
      this.timer.unref();
    }
  }

  /** A line of the run. Quiet mode keeps only errors (`! …`). */
  say(line: string): void {
    if (this.mode === 'quiet' && !line.startsWith('!')) return;
    this.print(line);
  }

  /** The verdict line: printed in every mode. */
  verdict(line: string): void {
    this.print(line);
  }

  started(id: string): void {
    if (!this.running.has(id)) this.running.set(id, this.now());
    this.redraw();
  }

  finished(outcome: CheckOutcome): void {
    this.running.delete(outcome.id);
    this.done++;
    if (outcome.status === 'failed' || outcome.status === 'error') this.failed++;
    if (this.mode === 'plain') this.print(formatOutcomeLine(outcome));
    // On a terminal only what needs reading stays on screen: failures, and changes left or restored.
    else if (this.mode === 'live' && (outcome.status === 'failed' || outcome.status === 'error' || outcome.notRestored?.length || (outcome.stopped && outcome.restored?.length))) {
      this.print(formatOutcomeLine(outcome));
    } else this.redraw();
  }

  /** Stops redrawing and removes the status line: what follows is printed as plain lines. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.clear();
    this.running.clear();
  }

  private print(text: string): void {
    this.clear();
    this.write(`${text}\n`);
    this.redraw();
  }

  private clear(): void {
    if (this.shown === undefined) return;
    this.write(CLEAR_LINE);
    this.shown = undefined;
  }

  private redraw(): void {
    if (this.mode !== 'live' || this.closed || (this.done === 0 && this.running.size === 0)) return;
    const line = fit(statusLine({ done: this.done, total: this.options.total, failed: this.failed, running: [...this.running].map(([id, since]) => ({ id, since })), now: this.now() }), this.columns());
    if (line === this.shown) return;
    this.write(`${CLEAR_LINE}${line}`);
    this.shown = line;
  }
}

/** The final table of a run: passed / failed / skipped per API and resource, and the totals. */
export function formatOutcomeTable(checks: ReadonlyArray<{ id: string; api: string; status: CheckOutcome['status'] }>): string[] {
  const rows = outcomeRows(checks);
  if (rows.length === 0) return [];
  const withErrors = rows.some((row) => row.errors > 0);
  const total = rows.reduce((sum, row) => ({ ...sum, passed: sum.passed + row.passed, failed: sum.failed + row.failed, skipped: sum.skipped + row.skipped, errors: sum.errors + row.errors }), { api: 'total', resource: '', passed: 0, failed: 0, skipped: 0, errors: 0 });
  const head = ['api', 'resource', 'passed', 'failed', 'skipped', ...(withErrors ? ['errors'] : [])];
  const cells = (row: OutcomeTableRow) => [row.api, row.resource, String(row.passed), String(row.failed), String(row.skipped), ...(withErrors ? [String(row.errors)] : [])];
  const table = [head, ...rows.map(cells), cells(total)];
  const widths = head.map((_, i) => Math.max(...table.map((cols) => cols[i]!.length)));
  const line = (cols: string[]) => cols.map((col, i) => (i < 2 ? col.padEnd(widths[i]!) : col.padStart(widths[i]!))).join('  ').trimEnd();
  return table.map(line);
}
