import { CODES } from '../../src/checks/codes.ts';
import { COLLECTIONS, sessionOwner } from '../../src/checks/collections.ts';
import { excerpt, expectOntapError, fail, fetchAll, mustGet, mustStatus, recordsOf } from '../../src/checks/expect.ts';
import type { Check } from '../../src/checks/ontap-model.ts';
import { collectionChecks } from './shared/index.ts';
import { collectionCheck } from './shared/define.ts';

const sessions = COLLECTIONS.sessions;
const SCOPE = 'ontap-ndmp.md · Node scope and SVM scope (sessions follow the mode)';

/** Checks of GET/DELETE /protocols/ndmp/sessions[/{owner.uuid}/{session.id}]. */
export const sessionChecks: Check[] = [
  ...collectionChecks(sessions),
  collectionCheck(sessions, 'scope.owner-and-id', 'Sessions carry the owner, id format and svm object of the current NDMP mode', SCOPE, async (ctx) => {
    const { res } = await mustGet(ctx.ontap, sessions.path, { fields: '*' });
    for (const record of await fetchAll(ctx.ontap, sessions.path, { fields: '*' })) {
      const id = String(record.id);
      const svm = record.svm as Record<string, unknown> | undefined;
      if (ctx.target.mode === 'svm') {
        if (!/^\d+:\d+$/.test(id)) fail(res, 'in SVM scope, session ids of the form 2000:4000', `id "${id}"`);
        if (!svm || typeof svm.uuid !== 'string') fail(res, 'in SVM scope, an svm object on every session', excerpt(record, 200));
      } else {
        if (!/^\d+$/.test(id)) fail(res, 'in node scope, integer-like session ids (2000)', `id "${id}"`);
        if (svm !== undefined) fail(res, 'in node scope, no svm object (it applies to SVM-scoped sessions only)', excerpt(svm, 200));
      }
      if (record.uuid !== undefined && record.uuid !== sessionOwner(record, ctx.target)) {
        fail(res, `uuid equal to the owning ${ctx.target.mode === 'svm' ? 'SVM' : 'node'} uuid`, `uuid ${String(record.uuid)} for owner ${sessionOwner(record, ctx.target)}`);
      }
    }
  }),
  collectionCheck(sessions, 'uuid-field', 'Sessions carry the owner uuid in the top-level uuid field (9.9 and later)', 'seed 001 · Retrieve NDMP sessions (uuid, introduced in 9.9)', async (ctx) => {
    const { res } = await mustGet(ctx.ontap, sessions.path, { fields: 'uuid' });
    for (const record of await fetchAll(ctx.ontap, sessions.path, { fields: '*' })) {
      if (typeof record.uuid !== 'string') fail(res, 'a uuid on every session', excerpt(record, 200));
    }
  }, { needs: ['version>=9.9'] }),
  collectionCheck(sessions, 'delete.removes', 'DELETE of a session removes it: the next GET of it is 404 with code 4', 'seed 001 · Delete an NDMP session', async (ctx) => {
    const { res: listed, body } = await mustGet(ctx.ontap, sessions.path, { fields: 'id,node.uuid,svm.uuid', max_records: 1 });
    const [victim] = recordsOf(listed, body);
    if (!victim) fail(listed, 'one session (the inventory found some)', excerpt(body));
    const path = sessions.instancePath(victim, ctx.target);
    const res = await ctx.ontap.delete(path);
    mustStatus(res, 200);
    expectOntapError(await ctx.ontap.get(path), { status: 404, codes: [CODES.notFound] });
  }, { needs: ['destructive'], operation: 'DELETE /protocols/ndmp/sessions/{owner.uuid}/{session.id}' }),
];
