import { TransportError } from '../client/errors.ts';
import { sleep } from '../client/limits.ts';
import { redactText } from '../client/redact.ts';
import { CheckFailure, NotApplicable, type Check, type CheckContextBase, type CheckOutcome } from './model.ts';

/** The check ran past --check-timeout. */
export class CheckTimeoutError extends Error {
  override name = 'CheckTimeoutError';
  constructor(readonly seconds: number) {
    super(`the check did not finish within ${seconds} s (--check-timeout)`);
  }
}

/** The run was stopped (a signal, or --deadline); the message says which. */
export class RunStopped extends Error {
  override name = 'RunStopped';
}

/** One line of the undo journal: lets the process that drives the run name what may be left changed. */
export interface UndoJournalEntry {
  check: string;
  what: string;
  state: 'pending' | 'restored' | 'failed';
}

export interface ExecuteOptions {
  /** Aborts when the run stops; the running check's requests are abandoned and its undo steps run. */
  stop?: AbortSignal;
  /** Bounds the check's body (0 = no bound); the undo steps run after it in any case. */
  checkTimeoutMs?: number;
  journal?: (entry: UndoJournalEntry) => void;
}

/** Why a gated check cannot be decided: a capability is absent (skip), or reading it failed (the target's fault). */
export interface GateResult {
  status: 'skipped' | 'failed';
  reason: string;
  reproduce?: string;
}

/** A run of one API, prepared in the process that runs its checks. */
export interface PreparedApi<C extends CheckContextBase<C>> {
  /** The check context without its signal and cleanup, its clients bound to `signal` (none: unbound). */
  context(signal: AbortSignal | undefined): Omit<C, 'cleanup' | 'signal'>;
  /**
   * Why one of this API's capabilities is missing (a skip) or could not be read because the target answered
   * badly (a failure, never "absent"); undefined when the target has it. Gating lives here and in `commonGate`
   * only: check bodies never re-test their own capabilities.
   */
  gate(need: string): GateResult | undefined;
  close(): Promise<void>;
}

/** The capabilities every API shares. */
function commonGate(need: string, ctx: { allowWrites: boolean; allowDestructive: boolean }): GateResult | undefined {
  if (need === 'writes' && !ctx.allowWrites) return { status: 'skipped', reason: 'writes are not allowed (use --allow-writes)' };
  if (need === 'destructive' && !ctx.allowDestructive) return { status: 'skipped', reason: 'destructive checks are not allowed (use --allow-destructive)' };
  return undefined;
}

/** How long a check's body may take to unwind after its signal aborted, before its undo steps run anyway. */
const UNWIND_MS = 5_000;

/**
 * Runs one check: capability gate, body (bounded by its deadline and the run's stop signal), then every
 * registered undo step with clients that are not bound to that signal, even after a failure or an abort.
 */
export async function executeCheck<C extends CheckContextBase<C>>(check: Check<C>, prepared: PreparedApi<C>, options: ExecuteOptions = {}): Promise<CheckOutcome> {
  const base = prepared.context(undefined);
  const started = performance.now();
  const outcome = (status: CheckOutcome['status'], reason?: string, reproduce?: string): CheckOutcome => ({
    id: check.id, title: check.title, api: check.api, operation: check.operation, requirement: check.requirement,
    status,
    ...(reason !== undefined ? { reason: redactText(reason, base.secrets) } : {}),
    ...(reproduce !== undefined ? { reproduce: redactText(reproduce, base.secrets) } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  const { stop } = options;
  if (stop?.aborted) return { ...outcome('skipped', `not run: ${reasonOf(stop)}`), stopped: reasonOf(stop) };
  for (const need of check.needs) {
    const gate = need === 'writes' || need === 'destructive' ? commonGate(need, base) : prepared.gate(need);
    if (gate?.status === 'skipped') return { ...outcome('skipped', gate.reason), missing: need };
    if (gate) return outcome('failed', gate.reason, gate.reproduce);
  }

  const controller = new AbortController();
  const onStop = () => controller.abort(stop!.reason);
  stop?.addEventListener('abort', onStop, { once: true });
  const timeoutMs = options.checkTimeoutMs ?? 0;
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new CheckTimeoutError(timeoutMs / 1000)), timeoutMs) : undefined;
  const undo: Array<{ what: string; run: (fresh: C) => Promise<void> }> = [];
  const ctx = {
    ...prepared.context(controller.signal),
    signal: controller.signal,
    cleanup: (what: string, run: (fresh: C) => Promise<void>) => {
      undo.push({ what, run });
      options.journal?.({ check: check.id, what, state: 'pending' });
    },
  } as C;

  let result: CheckOutcome;
  try {
    const body = check.run(ctx).then(() => undefined, (error: unknown) => error ?? new Error('the check failed without a reason'));
    const aborted = new Promise<'aborted'>((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    let settled = await Promise.race([body.then((error) => ({ error })), aborted]);
    // Requests of an aborted check fail at once: let its body unwind so none of them overlaps the undo steps.
    if (settled === 'aborted') settled = await Promise.race([body.then((error) => ({ error })), sleep(UNWIND_MS).then(() => 'aborted' as const)]);
    const error = settled === 'aborted' ? undefined : settled.error;
    if (controller.signal.aborted) {
      const why = controller.signal.reason;
      if (why instanceof CheckTimeoutError) result = outcome('failed', `${why.message}\nseed: ${base.seed}`, requestOf(error));
      else result = { ...outcome('skipped', `not finished: ${reasonOf(controller.signal)}`), stopped: reasonOf(controller.signal) };
    } else if (error === undefined) {
      result = outcome('passed');
    } else {
      result = classify(error, outcome, base.seed);
    }
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }

  const restored: string[] = [];
  const notRestored: string[] = [];
  for (const step of undo.reverse()) {
    try {
      // Undo steps get clients of their own: the check's are bound to a signal that may have aborted.
      const fresh = { ...base, signal: new AbortController().signal, cleanup: () => undefined } as unknown as C;
      await step.run(fresh);
      restored.push(step.what);
      options.journal?.({ check: check.id, what: step.what, state: 'restored' });
    } catch (error) {
      notRestored.push(`${step.what}: ${messageOf(error)}`);
      options.journal?.({ check: check.id, what: step.what, state: 'failed' });
    }
  }
  if (restored.length > 0) result.restored = restored;
  if (notRestored.length > 0) {
    const note = `cleanup failed, the target may not be as found: ${notRestored.join('; ')}`;
    result = {
      ...result,
      status: result.status === 'passed' || result.status === 'skipped' ? 'failed' : result.status,
      reason: redactText([result.reason, note].filter(Boolean).join('\n'), base.secrets),
      notRestored: notRestored.map((line) => redactText(line, base.secrets)),
    };
  }
  return result;
}

/** The outcome an error of a check's body stands for. */
function classify(error: unknown, outcome: (status: CheckOutcome['status'], reason?: string, reproduce?: string) => CheckOutcome, seed: number): CheckOutcome {
  if (error instanceof CheckFailure) return outcome('failed', `${error.message}\nseed: ${seed}`, error.reproduce);
  if (error instanceof NotApplicable) return outcome('skipped', error.message);
  // The target did not answer as HTTP should on an endpoint the check needs: the check fails, naming the cause.
  if (error instanceof TransportError) {
    const asked = error.request ? `${error.request.method} ${error.request.url.replace(/^https?:\/\/[^/]+/, '')}\n` : '';
    return outcome('failed', `${asked}${error.message}\nseed: ${seed}`, error.request?.curl);
  }
  return outcome('error', `engine error: ${messageOf(error)}`);
}

function requestOf(error: unknown): string | undefined {
  return error instanceof TransportError ? error.request?.curl : error instanceof CheckFailure ? error.reproduce : undefined;
}

function reasonOf(signal: AbortSignal): string {
  return messageOf(signal.reason);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
