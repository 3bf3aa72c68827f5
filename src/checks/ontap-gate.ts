import { compareVersions } from '../spec/index.ts';
import type { GateResult } from './execute.ts';
import type { DataInventory, DataKind } from './inventory.ts';
import type { CheckContext } from './ontap-model.ts';

/**
 * Why a capability is missing, or undefined when the target has it. Gating lives here only: check bodies never
 * re-test their own capabilities. A capability that could not be read because the target answered badly is
 * not "absent": the check fails with the cause (DESIGN.md · The outcome rule).
 */
export function ontapGate(need: string, ctx: Omit<CheckContext, 'cleanup' | 'signal'>, data: DataInventory): GateResult | undefined {
  const skip = (reason: string): GateResult => ({ status: 'skipped', reason });
  if (need === 'readonly-credentials') return ctx.readonly ? undefined : skip('no readonly credentials given (--ontap-readonly-user)');
  if (need.startsWith('data:')) {
    const kind = need.slice(5) as DataKind;
    const entry = data[kind];
    if ('broken' in entry) return { status: 'failed', reason: `the ${kind} this check needs could not be counted: ${entry.broken}`, ...(entry.reproduce ? { reproduce: entry.reproduce } : {}) };
    return entry.count > 0 ? undefined : skip(`the target has no ${kind} to test with`);
  }
  if (need.startsWith('ndmp-mode:')) {
    const mode = need.slice('ndmp-mode:'.length);
    if (ctx.target.unreadable?.mode) return { status: 'failed', reason: `needs NDMP ${mode} scope, and the target's NDMP mode could not be read: ${ctx.target.unreadable.mode}` };
    return ctx.target.mode === mode ? undefined : skip(`needs NDMP ${mode} scope; the target is in ${ctx.target.mode} scope`);
  }
  if (need.startsWith('version>=')) {
    const version = need.slice('version>='.length);
    if (ctx.target.unreadable?.version) return { status: 'failed', reason: `introduced in ONTAP ${version}, and the target's version could not be read: ${ctx.target.unreadable.version}` };
    return compareVersions(ctx.target.version, version) >= 0 ? undefined : skip(`introduced in ONTAP ${version}; the target runs ${ctx.target.version}`);
  }
  return { status: 'failed', reason: `unknown capability ${need}` };
}

