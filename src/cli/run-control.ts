import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStopped, type UndoJournalEntry } from '../checks/execute.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Stops a run in order: on the first SIGINT/SIGTERM (to the process or its whole group) or at the run
 * deadline, it asks the running check to abandon its requests and restore what it changed, and the rest to
 * report "not run"; on a second signal it aborts at once and names the changes that may not have been restored.
 * The request reaches vitest workers through a stop file; they report their undo steps through a journal file.
 */
export class RunControl {
  readonly files: { stopFile: string; journalFile: string };
  private readonly dir: string;
  private readonly controller = new AbortController();
  private readonly timer?: NodeJS.Timeout;
  private readonly onSignal = (signal: NodeJS.Signals) => this.handleSignal(signal);

  constructor(private readonly say: (line: string) => void, deadlineMs: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'conformance-run-'));
    this.files = { stopFile: join(this.dir, 'stop'), journalFile: join(this.dir, 'journal.jsonl') };
    writeFileSync(this.files.journalFile, '');
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    if (deadlineMs > 0) {
      this.timer = setTimeout(() => this.stop(`the run deadline of ${deadlineMs / 1000} s was reached (--deadline)`), deadlineMs);
      this.timer.unref();
    }
  }

  /** Aborts when the run stops; its reason (a RunStopped) says why. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): string | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as Error).message : undefined;
  }

  /** Signal listeners that other code (vitest) adds while the run goes on are removed: this one decides. */
  keepSignalsToItself(): void {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) if (listener !== this.onSignal) process.off(signal, listener);
    }
  }

  stop(reason: string): void {
    if (this.controller.signal.aborted) return;
    writeFileSync(this.files.stopFile, reason);
    this.controller.abort(new RunStopped(reason));
    this.say(`! ${reason}: abandoning the running check's requests, restoring what it changed, then writing the reports`);
  }

  /** Undo steps registered and neither restored nor reported as failed. */
  pendingUndo(): UndoJournalEntry[] {
    const open = new Map<string, UndoJournalEntry>();
    for (const line of readFileSync(this.files.journalFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as UndoJournalEntry;
      const key = `${entry.check}\u0000${entry.what}`;
      if (entry.state === 'pending') open.set(key, entry);
      else open.delete(key);
    }
    return [...open.values()];
  }

  /** Undo steps that ran and failed: the target may not be as found. */
  failedUndo(): UndoJournalEntry[] {
    return readFileSync(this.files.journalFile, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as UndoJournalEntry).filter((entry) => entry.state === 'failed');
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private handleSignal(signal: NodeJS.Signals): void {
    if (!this.controller.signal.aborted) {
      this.stop(`the run was interrupted (${signal})`);
      this.say('  (send it again to abort at once, without restoring)');
      return;
    }
    const pending = this.pendingUndo();
    this.say(`! aborted at once (${signal} again): no reports were written`);
    if (pending.length === 0) this.say('  no change of the target was left to restore');
    for (const entry of pending) this.say(`! NOT RESTORED (may still be changed): ${entry.what} (by ${entry.check})`);
    this.dispose();
    process.exit(2);
  }
}
