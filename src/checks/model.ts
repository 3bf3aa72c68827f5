/**
 * The check model every API shares: a check is a record, its context is the API's own, and every check ends
 * with exactly one outcome (DESIGN.md · The outcome rule).
 */

/** The name of an API plug-in (`ontap`, `veeam`): the first part of its check ids. */
export type Api = string;

/** Capabilities every API knows; each API adds its own (`data:sessions`, `version>=9.9`, …). */
export type CommonCapability = 'writes' | 'destructive';

/** What every check context carries, whatever the API. */
export interface CheckContextBase<Self> {
  /** Property-based parameters: the same seed replays the same cases. */
  seed: number;
  runs: number;
  allowWrites: boolean;
  allowDestructive: boolean;
  /**
   * Registers an undo step before the change it undoes: `what` names it ("NDMP mode back to svm") for the
   * console and the reports. It runs after the check — also when the check fails, times out or the run is
   * interrupted — and receives the check's context rebuilt with clients that are not bound to its signal.
   */
  cleanup(what: string, undo: (fresh: Self) => Promise<void>): void;
  /** Aborts when the check's deadline passes or the run is stopped; the context's clients are bound to it. */
  signal: AbortSignal;
  /** Secret strings to keep out of every message. */
  secrets: readonly string[];
}

/** One conformance check: data first, then the code that runs it. */
export interface Check<C = any, N extends string = string> {
  /** `<api>.<resource>.<rule>`, stable across runs (no seeds, ports or random parts). */
  id: string;
  /** The rule as a sentence. */
  title: string;
  api: Api;
  /** `GET /protocols/ndmp/sessions`. */
  operation: string;
  /** Where the rule comes from: seed and section, or reference file and section. */
  requirement: string;
  needs: readonly N[];
  /** Resolves = passed; throws CheckFailure = failed; throws NotApplicable = skipped. */
  run(ctx: C): Promise<void>;
}

/** The target breaks the contract. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(message: string, readonly reproduce?: string) {
    super(message);
  }
}

/** The check does not apply to this target (a skip, never a failure). */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/** Our engine or the environment broke: never reported as a failure of the target. */
export class EngineError extends Error {
  override name = 'EngineError';
}

export type OutcomeStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface CheckOutcome {
  id: string;
  title: string;
  api: Api;
  operation: string;
  requirement: string;
  status: OutcomeStatus;
  reason?: string;
  /** For a capability skip: the capability the target lacked. */
  missing?: string;
  reproduce?: string;
  durationMs: number;
  /** For a check cut short because the run stopped (signal or deadline): why. */
  stopped?: string;
  /** Undo steps that ran (by name) and those that failed: the target may not be as found. */
  restored?: string[];
  notRestored?: string[];
}
