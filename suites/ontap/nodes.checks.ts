import { CODES } from '../../src/checks/codes.ts';
import fc from 'fast-check';
import type { OntapResponse } from '../../src/client/ontap-client.ts';
import { COLLECTIONS } from '../../src/checks/collections.ts';
import { excerpt, expectOntapError, fail, fetchAll, mustGet, mustStatus } from '../../src/checks/expect.ts';
import { NotApplicable, type Check, type CheckContext } from '../../src/checks/ontap-model.ts';
import { forAll } from '../../src/checks/property.ts';
import { guardConfig } from '../../src/checks/guard-config.ts';
import { authenticationTypes, invalidPatches } from '../../src/generate/index.ts';
import { collectionCheck } from './shared/define.ts';
import { collectionChecks } from './shared/index.ts';

const nodes = COLLECTIONS.nodes;
type Json = Record<string, unknown>;
const PATCH_OP = 'PATCH /protocols/ndmp/nodes/{node.uuid}';

const config = (record: Json) => ({ enabled: record.enabled, authentication_types: record.authentication_types });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A node matching `want`, with its config restored after the check. */
async function pickAndGuard(ctx: CheckContext, want: (record: Json) => boolean): Promise<{ path: string; original: Json }> {
  const node = (await fetchAll(ctx.ontap, nodes.path, { fields: '*' })).find(want);
  if (!node) throw new NotApplicable('no node in the state this check needs');
  const path = nodes.instancePath(node, ctx.target);
  return { path, original: await guardConfig(ctx, path, ['enabled', 'authentication_types']) };
}

/** Checks of /protocols/ndmp/nodes (node scope). */
export const nodeChecks: Check[] = [
  ...collectionChecks(nodes),
  collectionCheck(nodes, 'password.write-only', 'No GET ever returns the write-only node password', 'seed 002 · ndmp_node (password can only be set, not read back)', async (ctx) => {
    const noPassword = (res: OntapResponse) => {
      if (/"password"\s*:/.test(res.text)) fail(res, 'no password property in any GET answer', 'a password property (value redacted)');
    };
    for (const fields of ['*', '**']) noPassword((await mustGet(ctx.ontap, nodes.path, { fields })).res);
    for (const record of await fetchAll(ctx.ontap, nodes.path, { fields: 'node.uuid' })) {
      noPassword((await mustGet(ctx.ontap, nodes.instancePath(record, ctx.target))).res);
    }
    // Asking for the password by name may be refused (it is no readable field) or answered without it.
    noPassword(await ctx.ontap.get(nodes.path, { fields: 'password' }));
  }, { operation: 'GET /protocols/ndmp/nodes/{node.uuid}' }),
  collectionCheck(nodes, 'patch.round-trip', 'A PATCH of a node NDMP config is stored: the next GET shows the new values', 'seed 002 · Update the NDMP node configuration for a node', async (ctx) => {
    // A node with a user can be enabled and disabled freely (enabling needs a user, 68812800).
    const { path } = await pickAndGuard(ctx, (record) => typeof record.user === 'string');
    const body = fc.record({ enabled: fc.boolean(), authentication_types: authenticationTypes }, { requiredKeys: [] }).filter((b) => Object.keys(b).length > 0);
    await forAll(ctx, body, async (patch) => {
      mustStatus(await ctx.ontap.patch(path, patch), 200);
      const { res, body: now } = await mustGet(ctx.ontap, path);
      for (const [key, value] of Object.entries(patch)) {
        const norm = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);
        if (!same(norm(now[key]), norm(value))) fail(res, `${key} = ${JSON.stringify(value)} after the PATCH`, `${key} = ${JSON.stringify(now[key])}`);
      }
    });
  }, { needs: ['writes'], operation: PATCH_OP }),
  collectionCheck(nodes, 'patch.invalid-rejected', 'Invalid node PATCH bodies are rejected with their documented codes and change nothing', 'seed 002 · Update the NDMP node configuration for a node', async (ctx) => {
    const { path, original } = await pickAndGuard(ctx, () => true);
    for (const invalid of invalidPatches('nodes')) {
      expectOntapError(await ctx.ontap.patch(path, invalid.body), { status: 400, codes: invalid.codes });
      const { res, body } = await mustGet(ctx.ontap, path);
      if (!same(config(body), original)) fail(res, `the config unchanged after the rejected PATCH (${invalid.label})`, excerpt(config(body)));
    }
  }, { needs: ['writes'], operation: PATCH_OP }),
  collectionCheck(nodes, 'patch.enable-requires-user', 'Enabling NDMP on a node without a user is rejected with 68812800', 'seed 002 · Update the NDMP node configuration (68812800)', async (ctx) => {
    const { path } = await pickAndGuard(ctx, (record) => record.user === undefined && record.enabled === false);
    expectOntapError(await ctx.ontap.patch(path, { enabled: true }), { status: 400, codes: [CODES.userRequiredToEnable] });
  }, { needs: ['writes'], operation: PATCH_OP }),
];
