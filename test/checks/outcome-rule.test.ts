import { describe, expect, it } from 'vitest';
import { executeCheck, RunStopped, type PreparedApi, type UndoJournalEntry } from '../../src/checks/execute.ts';
import type { DataInventory } from '../../src/checks/inventory.ts';
import { ontapGate } from '../../src/checks/ontap-gate.ts';
import { CheckFailure, NotApplicable, type Check, type CheckContext } from '../../src/checks/ontap-model.ts';
import { RequestTimeoutError } from '../../src/client/errors.ts';
import { OntapClient } from '../../src/client/ontap-client.ts';
import { OutcomeReporter } from '../../src/cli/outcome-reporter.ts';
import { buildSummary } from '../../src/report/summary.ts';

const client = new OntapClient({ baseUrl: 'http://127.0.0.1:9' });
type Base = Omit<CheckContext, 'cleanup' | 'signal'>;
const base: Base = {
  target: { url: 'http://127.0.0.1:9', version: '9.14.1', mode: 'svm', embedded: false },
  ontap: client, anonymous: client, wrongPassword: client,
  catalog: undefined as never, validate: () => [],
  seed: 7, runs: 1, allowWrites: true, allowDestructive: false, secrets: ['s3cret-pw'],
};
const data: DataInventory = { sessions: { count: 3 }, nodes: { count: 0 }, svms: { count: 2 } };
/** A prepared ONTAP pass over `ctx` and `inventory`, without a server: the outcome rule is the runner's. */
const prepared = (ctx: Base = base, inventory: DataInventory = data): PreparedApi<CheckContext> => ({
  context: () => ctx, gate: (need) => ontapGate(need, ctx, inventory), close: async () => undefined,
});
const check = (run: (ctx: CheckContext) => Promise<void>, needs: Check['needs'] = []): Check => ({
  id: 'ontap.test.rule', title: 'a rule', api: 'ontap', operation: 'GET /x', requirement: 'here', needs, run,
});

describe('the outcome rule: every error ends as exactly one outcome', () => {
  it('a contract breach fails, a missing capability skips, our own bug is an engine error', async () => {
    expect(await executeCheck(check(async () => undefined), prepared())).toMatchObject({ status: 'passed' });
    expect(await executeCheck(check(async () => { throw new CheckFailure('expected: x', 'curl y'); }), prepared())).toMatchObject({ status: 'failed', reason: 'expected: x\nseed: 7', reproduce: 'curl y' });
    expect(await executeCheck(check(async () => { throw new NotApplicable('no such thing'); }), prepared())).toMatchObject({ status: 'skipped', reason: 'no such thing' });
    expect(await executeCheck(check(async () => { throw new TypeError('x is undefined'); }), prepared())).toMatchObject({ status: 'error', reason: 'engine error: x is undefined' });
  });

  it('a transport error on an endpoint the check needs fails it, with the request and its curl line', async () => {
    const timeout = Object.assign(new RequestTimeoutError(2), { request: { method: 'GET', url: 'http://h/api/protocols/ndmp/sessions', curl: 'curl -sS http://h/api/protocols/ndmp/sessions' } });
    const outcome = await executeCheck(check(async () => { throw timeout; }), prepared());
    expect(outcome).toMatchObject({ status: 'failed', reproduce: 'curl -sS http://h/api/protocols/ndmp/sessions' });
    expect(outcome.reason).toMatch(/^GET \/api\/protocols\/ndmp\/sessions\nno complete answer within 2 s \(--request-timeout\)/);
  });

  it('data that could not be counted, or a version or mode that could not be read, fail the gated check', async () => {
    const broken: DataInventory = { ...data, sessions: { broken: 'GET /api/protocols/ndmp/sessions answered HTTP 500', reproduce: 'curl z' } };
    expect(await executeCheck(check(async () => undefined, ['data:sessions']), prepared(base, broken))).toMatchObject({ status: 'failed', reason: expect.stringContaining('HTTP 500'), reproduce: 'curl z' });
    expect(await executeCheck(check(async () => undefined, ['data:nodes']), prepared())).toMatchObject({ status: 'skipped', reason: 'the target has no nodes to test with' });
    const unreadable = { ...base, target: { ...base.target, unreadable: { version: 'no minor', mode: 'mode "x"' } } };
    expect(await executeCheck(check(async () => undefined, ['version>=9.9']), prepared(unreadable))).toMatchObject({ status: 'failed', reason: expect.stringContaining('no minor') });
    expect(await executeCheck(check(async () => undefined, ['ndmp-mode:svm']), prepared(unreadable))).toMatchObject({ status: 'failed', reason: expect.stringContaining('mode "x"') });
    expect(await executeCheck(check(async () => undefined, ['destructive']), prepared())).toMatchObject({ status: 'skipped', missing: 'destructive' });
  });

  it('a check past its deadline fails naming it, and its undo steps still run', async () => {
    const journal: UndoJournalEntry[] = [];
    let undone = false;
    const slow = check(async (ctx) => {
      ctx.cleanup('the thing', async () => { undone = true; });
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    });
    const outcome = await executeCheck(slow, prepared(), { checkTimeoutMs: 100, journal: (entry) => journal.push(entry) });
    expect(outcome).toMatchObject({ status: 'failed', restored: ['the thing'] });
    expect(outcome.reason).toMatch(/did not finish within 0.1 s \(--check-timeout\)/);
    expect(undone).toBe(true);
    expect(journal.map((e) => e.state)).toEqual(['pending', 'restored']);
  });

  it('a stopped run: the running check is "not finished" and restored; the next is "not run"', async () => {
    const stop = new AbortController();
    let signalSeen: AbortSignal | undefined;
    const running = check(async (ctx) => {
      signalSeen = ctx.signal;
      ctx.cleanup('mode back to svm', async () => undefined);
      setTimeout(() => stop.abort(new RunStopped('the run was interrupted (SIGINT)')), 20);
      await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    });
    const outcome = await executeCheck(running, prepared(), { stop: stop.signal });
    expect(signalSeen?.aborted).toBe(true);
    expect(outcome).toMatchObject({ status: 'skipped', stopped: 'the run was interrupted (SIGINT)', restored: ['mode back to svm'], reason: 'not finished: the run was interrupted (SIGINT)' });
    expect(await executeCheck(check(async () => undefined), prepared(), { stop: stop.signal })).toMatchObject({ status: 'skipped', reason: 'not run: the run was interrupted (SIGINT)' });
  });

  it('an undo step that fails makes a passing check fail, loudly, with secrets redacted', async () => {
    const outcome = await executeCheck(check(async (ctx) => {
      ctx.cleanup('svm config', async () => { throw new Error('HTTP 500 for s3cret-pw'); });
    }), prepared());
    expect(outcome.status).toBe('failed');
    expect(outcome.notRestored).toEqual(['svm config: HTTP 500 for <redacted>']);
    expect(outcome.reason).toContain('cleanup failed, the target may not be as found');
  });

  it('the reporter accounts for every planned check: not run when stopped, an engine error otherwise', () => {
    const plan = [check(async () => undefined)];
    expect(new OutcomeReporter(plan, () => undefined).finish('the run deadline of 5 s was reached (--deadline)').outcomes[0]).toMatchObject({ status: 'skipped', reason: 'not run: the run deadline of 5 s was reached (--deadline)' });
    expect(new OutcomeReporter(plan, () => undefined).finish(undefined).outcomes[0]).toMatchObject({ status: 'error', reason: 'engine error: the check reported no outcome' });
  });

  it('a stopped run never passes, even when everything that ran passed', () => {
    const outcome = { id: 'a', title: 'a', api: 'ontap' as const, operation: '', requirement: '', status: 'passed' as const, durationMs: 1 };
    const summary = buildSummary({ tool: { name: 't', version: '1' }, seed: 1, startedAt: new Date(), durationMs: 1, targets: {}, outcomes: [outcome], interrupted: true, stopped: 'x' });
    expect(summary).toMatchObject({ verdict: 'fail', interrupted: true, stopped: 'x' });
  });
});
