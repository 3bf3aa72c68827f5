import { CODES } from '../../src/checks/codes.ts';
import { excerpt, expectOntapError, fail, mustGet, mustStatus } from '../../src/checks/expect.ts';
import type { Check } from '../../src/checks/ontap-model.ts';

const check = (c: Omit<Check, 'api'>): Check => ({ api: 'ontap', ...c });

/** Checks of /cluster (version detection) and /protocols/ndmp (the NDMP mode). */
export const platformChecks: Check[] = [
  check({
    id: 'ontap.cluster.version',
    title: 'GET /cluster?fields=version reports generation, major and minor as integers',
    operation: 'GET /cluster',
    requirement: 'ontap-rest.md · Version detection',
    needs: [],
    async run(ctx) {
      const { res, body } = await mustGet(ctx.ontap, '/cluster', { fields: 'version' });
      const version = body.version as Record<string, unknown> | undefined;
      for (const part of ['generation', 'major', 'minor']) {
        if (!Number.isInteger(version?.[part])) fail(res, `version.${part} as an integer`, excerpt(version));
      }
      const errors = ctx.validate('cluster_get', body);
      if (errors.length > 0) fail(res, 'a body matching the cluster schema', errors.join('; '));
    },
  }),
  check({
    id: 'ontap.ndmp.mode',
    title: 'GET /protocols/ndmp reports the NDMP mode as svm or node',
    operation: 'GET /protocols/ndmp',
    requirement: 'seed 002 · Retrieve current NDMP mode',
    needs: [],
    async run(ctx) {
      const { res, body } = await mustGet(ctx.ontap, '/protocols/ndmp');
      const errors = ctx.validate('ndmp_get', body);
      if (errors.length > 0) fail(res, 'a body matching the cluster_ndmp_properties schema', errors.join('; '));
      if (body.mode !== 'svm' && body.mode !== 'node') fail(res, 'mode "svm" or "node"', excerpt(body));
    },
  }),
  check({
    id: 'ontap.ndmp.patch-invalid-mode',
    title: 'PATCH /protocols/ndmp with an unknown mode is rejected and the mode stays',
    operation: 'PATCH /protocols/ndmp',
    requirement: 'seed 002 · Update the NDMP mode; ontap-rest.md · Errors (262197)',
    needs: ['writes'],
    async run(ctx) {
      const before = (await mustGet(ctx.ontap, '/protocols/ndmp')).body.mode;
      ctx.cleanup(`NDMP mode back to ${String(before)}`, async (fresh) => {
        mustStatus(await fresh.ontap.patch('/protocols/ndmp', { mode: before }), 200);
      });
      expectOntapError(await ctx.ontap.patch('/protocols/ndmp', { mode: 'cluster' }), { status: 400, codes: [CODES.invalidValue, CODES.invalidField] });
      const { res, body } = await mustGet(ctx.ontap, '/protocols/ndmp');
      if (body.mode !== before) fail(res, `mode still "${String(before)}"`, `mode "${String(body.mode)}"`);
    },
  }),
];
