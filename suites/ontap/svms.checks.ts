import fc from 'fast-check';
import { COLLECTIONS } from '../../src/checks/collections.ts';
import { excerpt, expectOntapError, fail, fetchAll, mustGet, mustStatus } from '../../src/checks/expect.ts';
import { NotApplicable, type Check, type CheckContext } from '../../src/checks/ontap-model.ts';
import { forAll } from '../../src/checks/property.ts';
import { guardConfig } from '../../src/checks/guard-config.ts';
import { invalidPatches, svmPatchBody } from '../../src/generate/index.ts';
import { collectionCheck } from './shared/define.ts';
import { collectionChecks } from './shared/index.ts';

const svms = COLLECTIONS.svms;
type Json = Record<string, unknown>;

const config = (record: Json) => ({ enabled: record.enabled, authentication_types: record.authentication_types });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The first SVM's config, restored after the check. */
async function pickAndGuard(ctx: CheckContext): Promise<{ path: string; original: Json }> {
  const [first] = await fetchAll(ctx.ontap, svms.path, { fields: 'svm.uuid' });
  const path = svms.instancePath(first!, ctx.target);
  return { path, original: await guardConfig(ctx, path, ['enabled', 'authentication_types']) };
}

/** Checks of /protocols/ndmp/svms and the passwords endpoint. */
export const svmChecks: Check[] = [
  ...collectionChecks(svms),
  collectionCheck(svms, 'patch.round-trip', 'A PATCH of an SVM NDMP config is stored: the next GET shows the new values', 'seed 002 · Update the NDMP configuration for an SVM', async (ctx) => {
    const { path } = await pickAndGuard(ctx);
    await forAll(ctx, svmPatchBody, async (body) => {
      const res = await ctx.ontap.patch(path, body);
      mustStatus(res, 200);
      const { res: after, body: now } = await mustGet(ctx.ontap, path);
      for (const [key, value] of Object.entries(body)) {
        const stored = key === 'authentication_types' ? [...(now[key] as string[])].sort() : now[key];
        const wanted = key === 'authentication_types' ? [...(value as string[])].sort() : value;
        if (!same(stored, wanted)) fail(after, `${key} = ${JSON.stringify(wanted)} after the PATCH`, `${key} = ${JSON.stringify(now[key])}`);
      }
    });
  }, { needs: ['writes'], operation: 'PATCH /protocols/ndmp/svms/{svm.uuid}' }),
  collectionCheck(svms, 'patch.invalid-rejected', 'Invalid SVM PATCH bodies are rejected with their documented codes and change nothing', 'seed 002 · Update the NDMP configuration for an SVM; ontap-ndmp.md · 65601551', async (ctx) => {
    const { path, original } = await pickAndGuard(ctx);
    for (const invalid of invalidPatches('svms')) {
      const res = await ctx.ontap.patch(path, invalid.body);
      expectOntapError(res, { status: 400, codes: invalid.codes });
      const { res: after, body } = await mustGet(ctx.ontap, path);
      if (!same(config(body), original)) fail(after, `the config unchanged after the rejected PATCH (${invalid.label})`, excerpt(config(body)));
    }
  }, { needs: ['writes'], operation: 'PATCH /protocols/ndmp/svms/{svm.uuid}' }),
  collectionCheck(svms, 'passwords.generate', 'The passwords endpoint generates a password for the user it names', 'seed 002 · Generate and retrieve the password for an NDMP user', async (ctx) => {
    const all = await fetchAll(ctx.ontap, svms.path, { fields: 'svm.uuid,svm.name' });
    const user = fc.stringMatching(/^[a-z][a-z0-9_]{2,11}$/);
    await forAll(ctx, fc.tuple(fc.constantFrom(...all), user), async ([svm, name]) => {
      const uuid = String((svm.svm as Json).uuid);
      const path = `${svms.path}/${uuid}/passwords/${encodeURIComponent(name)}`;
      const res = await ctx.ontap.get(path);
      // Whether the user must exist on the SVM is undocumented: "no such entry" makes the case inapplicable.
      if (res.status === 404) throw new NotApplicable(`the target generates no password for user "${name}" (HTTP 404)`);
      mustStatus(res, 200);
      const body = (res.json ?? {}) as Json;
      const errors = ctx.validate('ndmp_password_get', body);
      if (errors.length > 0) fail(res, 'a body matching the ndmp_password schema', errors.join('; '));
      if (body.user !== name) fail(res, `user "${name}" echoed`, `user ${JSON.stringify(body.user)}`);
      if (typeof body.password !== 'string' || body.password.length === 0) fail(res, 'a non-empty generated password', `password of type ${typeof body.password}`);
    });
  }, { needs: ['version>=9.9'], operation: 'GET /protocols/ndmp/svms/{svm.uuid}/passwords/{user}' }),
];
