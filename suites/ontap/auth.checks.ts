import { CODES } from '../../src/checks/codes.ts';
import { expectOntapError, fail, mustGet } from '../../src/checks/expect.ts';
import type { Check } from '../../src/checks/ontap-model.ts';

const REQUIREMENT = 'ontap-rest.md · Transport and authentication';

/** Authentication and RBAC: 401 without valid credentials, 403 / code 6 for a readonly user's write. */
export const authChecks: Check[] = [
  {
    id: 'ontap.auth.no-credentials',
    title: 'A request without credentials is rejected with 401',
    api: 'ontap',
    operation: 'GET /protocols/ndmp/sessions',
    requirement: REQUIREMENT,
    needs: [],
    async run(ctx) {
      const res = await ctx.anonymous.get('/protocols/ndmp/sessions');
      if (res.status !== 401) fail(res, 'HTTP 401', `HTTP ${res.status}`);
    },
  },
  {
    id: 'ontap.auth.wrong-password',
    title: 'A request with a wrong password is rejected with 401',
    api: 'ontap',
    operation: 'GET /protocols/ndmp/sessions',
    requirement: REQUIREMENT,
    needs: [],
    async run(ctx) {
      const res = await ctx.wrongPassword.get('/protocols/ndmp/sessions');
      if (res.status !== 401) fail(res, 'HTTP 401', `HTTP ${res.status}`);
    },
  },
  {
    id: 'ontap.auth.readonly-can-read',
    title: 'A readonly user can GET the NDMP sessions',
    api: 'ontap',
    operation: 'GET /protocols/ndmp/sessions',
    requirement: `${REQUIREMENT} (readonly role: GET only)`,
    needs: ['readonly-credentials'],
    async run(ctx) {
      await mustGet(ctx.readonly!, '/protocols/ndmp/sessions');
    },
  },
  {
    id: 'ontap.auth.readonly-patch-forbidden',
    title: "A readonly user's PATCH is refused with 403 and code 6",
    api: 'ontap',
    operation: 'PATCH /protocols/ndmp',
    requirement: `${REQUIREMENT} (RBAC denial → 403, code 6)`,
    needs: ['readonly-credentials'],
    async run(ctx) {
      // The body repeats the current mode: even a server that wrongly accepts it changes nothing.
      expectOntapError(await ctx.readonly!.patch('/protocols/ndmp', { mode: ctx.target.mode }), { status: 403, codes: [CODES.permissionDenied] });
    },
  },
];
