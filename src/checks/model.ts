import type { OntapClient } from '../client/ontap-client.ts';
import type { Catalog } from '../spec/index.ts';

/**
 * What a check may need from the target. Stable strings: they appear verbatim in skip reasons and reports.
 * `version>=X.Y` and `ndmp-mode:svm|node` are parameterised.
 */
export type Capability =
  | 'writes'
  | 'destructive'
  | 'readonly-credentials'
  | 'data:sessions'
  | 'data:nodes'
  | 'data:svms'
  | `ndmp-mode:${'svm' | 'node'}`
  | `version>=${string}`;

export type Api = 'ontap' | 'veeam';

/** One conformance check: data first, then the code that runs it. */
export interface Check {
  /** `<api>.<resource>.<rule>`, stable across runs (no seeds, ports or random parts). */
  id: string;
  /** The rule as a sentence. */
  title: string;
  api: Api;
  /** `GET /protocols/ndmp/sessions`. */
  operation: string;
  /** Where the rule comes from: seed and section, or reference file and section. */
  requirement: string;
  needs: Capability[];
  /** Resolves = passed; throws CheckFailure = failed; throws NotApplicable = skipped. */
  run(ctx: CheckContext): Promise<void>;
}

/** What the target is, as detected before any check runs. */
export interface OntapTargetInfo {
  url: string;
  /** "9.14.1" */
  version: string;
  mode: 'svm' | 'node';
  embedded: boolean;
  /**
   * Set when the target answered detection but broke the shape of what detection reads: `version` or `mode`
   * is then a best guess, and the checks gated on it fail with this cause instead of being decided by a guess.
   */
  unreadable?: { version?: string; mode?: string };
}

export interface CheckContext {
  target: OntapTargetInfo;
  /** Admin client. */
  ontap: OntapClient;
  /** Readonly-role client, when readonly credentials were given. */
  readonly?: OntapClient;
  /** Same server, no credentials / a wrong password: for the auth checks. */
  anonymous: OntapClient;
  wrongPassword: OntapClient;
  catalog: Catalog;
  /** Validates a response body against an operation's 200 schema; returns readable errors (empty = valid). */
  validate(operationId: string, body: unknown, options?: { strictProperties?: boolean }): string[];
  /** Property-based parameters: the same seed replays the same cases. */
  seed: number;
  runs: number;
  allowWrites: boolean;
  allowDestructive: boolean;
  /**
   * Registers an undo step before the change it undoes: `what` names it ("NDMP mode svm") for the console and
   * the reports. It runs after the check — also when the check fails, times out or the run is interrupted —
   * with an admin client that is not bound to the check's signal.
   */
  cleanup(what: string, undo: (admin: OntapClient) => Promise<void>): void;
  /** Aborts when the check's deadline passes or the run is stopped; the clients above are bound to it. */
  signal: AbortSignal;
  /** Secret strings to keep out of every message. */
  secrets: readonly string[];
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
  /** For a check cut short because the run stopped (signal or deadline): why. */
  stopped?: string;
  /** Undo steps that ran (by name) and those that failed: the target may not be as found. */
  restored?: string[];
  notRestored?: string[];
  title: string;
  api: Api;
  operation: string;
  requirement: string;
  status: OutcomeStatus;
  reason?: string;
  /** For a capability skip: the capability the target lacked. */
  missing?: Capability;
  reproduce?: string;
  durationMs: number;
}
