import { redactText } from '../client/redact.ts';
import { compareVersions } from '../spec/index.ts';
import { CheckFailure, NotApplicable, type Capability, type Check, type CheckContext, type CheckOutcome } from './model.ts';
import type { DataInventory } from './inventory.ts';

/**
 * Why a capability is missing, or undefined when the target has it. Gating lives here only:
 * check bodies never re-test their own capabilities.
 */
export function missingCapability(need: Capability, ctx: Omit<CheckContext, 'cleanup'>, data: DataInventory): string | undefined {
  if (need === 'writes') return ctx.allowWrites ? undefined : 'writes are not allowed (use --allow-writes)';
  if (need === 'destructive') return ctx.allowDestructive ? undefined : 'destructive checks are not allowed (use --allow-destructive)';
  if (need === 'readonly-credentials') return ctx.readonly ? undefined : 'no readonly credentials given (--ontap-readonly-user)';
  if (need.startsWith('data:')) {
    const kind = need.slice(5) as keyof DataInventory;
    return data[kind] > 0 ? undefined : `the target has no ${kind} to test with`;
  }
  if (need.startsWith('ndmp-mode:')) {
    const mode = need.slice('ndmp-mode:'.length);
    return ctx.target.mode === mode ? undefined : `needs NDMP ${mode} scope; the target is in ${ctx.target.mode} scope`;
  }
  if (need.startsWith('version>=')) {
    const version = need.slice('version>='.length);
    return compareVersions(ctx.target.version, version) >= 0 ? undefined : `introduced in ONTAP ${version}; the target runs ${ctx.target.version}`;
  }
  return `unknown capability ${need}`;
}

/** Runs one check: capability gate, body, then every registered undo step (even after a failure). */
export async function executeCheck(check: Check, base: Omit<CheckContext, 'cleanup'>, data: DataInventory): Promise<CheckOutcome> {
  const started = performance.now();
  const outcome = (status: CheckOutcome['status'], reason?: string, reproduce?: string): CheckOutcome => ({
    id: check.id, title: check.title, api: check.api, operation: check.operation, requirement: check.requirement,
    status,
    ...(reason !== undefined ? { reason: redactText(reason, base.secrets) } : {}),
    ...(reproduce !== undefined ? { reproduce: redactText(reproduce, base.secrets) } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  for (const need of check.needs) {
    const missing = missingCapability(need, base, data);
    if (missing) return { ...outcome('skipped', missing), missing: need };
  }
  const undo: Array<() => Promise<void>> = [];
  let result: CheckOutcome;
  try {
    await check.run({ ...base, cleanup: (fn) => undo.push(fn) });
    result = outcome('passed');
  } catch (error) {
    if (error instanceof CheckFailure) result = outcome('failed', `${error.message}\nseed: ${base.seed}`, error.reproduce);
    else if (error instanceof NotApplicable) result = outcome('skipped', error.message);
    else result = outcome('error', `engine error: ${(error as Error).message ?? String(error)}`);
  }
  for (const step of undo.reverse()) {
    try {
      await step();
    } catch (error) {
      const note = `cleanup failed, the target may not be as found: ${(error as Error).message}`;
      result = { ...result, status: result.status === 'passed' ? 'error' : result.status, reason: [result.reason, note].filter(Boolean).join('\n') };
    }
  }
  return result;
}
