import type { Option } from 'commander';
import type { PreparedApi } from '../checks/execute.ts';
import type { Check, CheckContextBase } from '../checks/model.ts';
import type { ExchangeLimits } from '../client/limits.ts';

/**
 * An API under test (ontap, veeam, …) behind one small interface: its checks, how its target is named on the
 * command line, detected and prepared, and its emulator. The runner, the CLI and the reports know only this
 * interface and loop over the APIs that have a target; adding an API adds one plug-in and one registry line.
 */
export interface ApiPlugin<T = any, C extends CheckContextBase<C> = any> {
  /** `ontap`: the first part of the API's check ids, its `--only` value and its key in summary.json targets. */
  name: string;
  /** `ONTAP`, `Veeam Enterprise Manager`. */
  title: string;
  /** The vitest files of its checks, relative to the project root. */
  suites: string;
  /** Every check, in run order. */
  checks(): Promise<readonly Check<C>[]>;
  /** Its `conformance run` flags (each also read from CONFORMANCE_<FLAG>). */
  runOptions(): Option[];
  /**
   * The passes against the target the flags name, or undefined when they name none of this API; a target
   * named by halves (a URL without a user, a missing password) is a UsageError.
   */
  passesFromFlags(flags: Record<string, unknown>): TargetPass<T>[] | undefined;
  /** The passes against its embedded emulator, when no target is named at all. */
  embeddedPasses(seed: number): TargetPass<T>[];
  /** Secrets of a target (passwords, with the user they go with), redacted everywhere. */
  secrets(target: T): Array<{ value: string; user?: string }>;
  /** Detection and data inventory before any check; throws TargetError (exit 2) when the target is unusable. */
  survey(target: T, limits: ExchangeLimits, signal: AbortSignal): Promise<Survey>;
  /** One entry of summary.json `targets` from the surveys of its passes. */
  summaryTarget(surveys: readonly Survey[]): Record<string, string>;
  /** In the worker that runs the checks: clients, spec, validators and gating for one pass. */
  prepare(config: ApiRunConfig<T>): Promise<PreparedApi<C>>;
  /** Its part of `conformance emulator` and `conformance faults`. */
  emulator: EmulatorPlugin;
}

/** One pass over a target; the embedded ONTAP run makes two, one per NDMP scope. */
export interface TargetPass<T> {
  /** Against an embedded emulator: the run may press harder (more concurrent checks). */
  embedded?: boolean;
  allowWrites: boolean;
  allowDestructive: boolean;
  /** Starts what the pass needs (an embedded emulator) and names the target. */
  open(): Promise<{ target: T; close(): Promise<void> }>;
}

/** What the run knows of a target before its checks run: plain data, it crosses to the workers as JSON. */
export interface Survey {
  /** The API's detected target information. */
  info: unknown;
  /** The API's data inventory: what there is to test with, or why it could not be read. */
  inventory: unknown;
  /** One console line: `ONTAP 9.14.1 at https://… (NDMP svm scope)`. */
  describe: string;
  /** What detection could not read: the checks of those rules and those gated on them fail, the run goes on. */
  unreadable: string[];
  /** Its entry in summary.json `targets`. */
  summary: Record<string, string>;
}

/** Everything a worker needs to run one API's checks for one pass, as JSON. */
export interface ApiRunConfig<T> {
  api: string;
  target: T;
  survey: Survey;
  seed: number;
  runs: number;
  allowWrites: boolean;
  allowDestructive: boolean;
  limits: ExchangeLimits;
  /** Bounds one check's body (0: no bound). */
  checkTimeoutMs: number;
  /** Read-only checks of a suite file run this many at a time; checks that write run alone. */
  concurrency?: number;
  /** The ids of the checks this run plans; absent: every check. */
  selected?: string[];
  /** Files shared with the process that drives the run: its stop request, and the journal of undo steps. */
  control?: { stopFile: string; journalFile: string };
}

/** An API's part of `conformance emulator`. */
export interface EmulatorPlugin {
  /** `--ontap-port`: given alone, only this API's emulator starts. */
  portFlag: string;
  defaultPort: number;
  /** Its own flags (`--mode`, `--veeam-user`, …). */
  options(): Option[];
  /** Its switchable non-conformances, by stable name. */
  faults: Record<string, string>;
  /** Starts it; the lines describe it on the console (never a password a user supplied). */
  start(flags: Record<string, unknown>, common: EmulatorCommon): Promise<{ url: string; lines: string[]; close(): Promise<void> }>;
}

export interface EmulatorCommon {
  port: number;
  tls: boolean;
  seed: number;
  live: boolean;
  /** The faults of this API that were asked for. */
  faults: string[];
}
