import { CODES } from '../../src/checks/codes.ts';
import { expectOntapError, fail, mustGet, mustStatus } from '../../src/checks/expect.ts';
import type { Check, CheckContext } from '../../src/checks/ontap-model.ts';
import { compareVersions } from '../../src/spec/index.ts';

const REQUIREMENT = 'ontap-ndmp.md · Node scope and SVM scope';
const SOME_UUID = '00000000-0000-4000-8000-000000000001';
const NODE_PATHS = ['/protocols/ndmp/nodes', `/protocols/ndmp/nodes/${SOME_UUID}`];
const SVM_PATHS = ['/protocols/ndmp/svms', `/protocols/ndmp/svms/${SOME_UUID}`];

// The HTTP status of NDMP mode errors is undocumented: any 4xx with the documented code conforms. On an instance
// path, whether the scope is checked before the (made-up) key is looked up is undocumented too, so "entry
// doesn't exist" (code 4) is accepted there; the collection path must give the scope code.
async function mustRejectAll(ctx: CheckContext, paths: string[], code: string): Promise<void> {
  for (const path of paths) {
    const instance = path.includes(SOME_UUID);
    expectOntapError(await ctx.ontap.get(path), { status: '4xx', codes: instance ? [code, CODES.notFound] : [code] });
  }
}

const svmSidePaths = (ctx: CheckContext) => [...SVM_PATHS, ...(compareVersions(ctx.target.version, '9.9') >= 0 ? [`/protocols/ndmp/svms/${SOME_UUID}/passwords/ndmpuser`] : [])];

/** NDMP scope rules: each mode rejects the other mode's endpoints with its documented code. */
export const scopeChecks: Check[] = [
  {
    id: 'ontap.scope.nodes-rejected-in-svm-scope',
    title: 'In SVM scope, node-scoped endpoints fail with 68812801',
    api: 'ontap',
    operation: 'GET /protocols/ndmp/nodes',
    requirement: `${REQUIREMENT}; seed 002 · 68812801`,
    needs: ['ndmp-mode:svm'],
    run: (ctx) => mustRejectAll(ctx, NODE_PATHS, CODES.nodeScopeInSvmMode),
  },
  {
    id: 'ontap.scope.svms-rejected-in-node-scope',
    title: 'In node scope, SVM-scoped endpoints fail with 65601536',
    api: 'ontap',
    operation: 'GET /protocols/ndmp/svms',
    requirement: `${REQUIREMENT}; ontap-ndmp.md · 65601536`,
    needs: ['ndmp-mode:node'],
    run: (ctx) => mustRejectAll(ctx, svmSidePaths(ctx), CODES.svmAwareModeDisabled),
  },
  {
    id: 'ontap.scope.mode-switch',
    title: 'Switching the NDMP mode swaps which endpoints answer; the mode is restored afterwards',
    api: 'ontap',
    operation: 'PATCH /protocols/ndmp',
    requirement: `${REQUIREMENT}; seed 002 · Update the NDMP mode`,
    needs: ['writes'],
    async run(ctx) {
      const original = ctx.target.mode;
      const other = original === 'svm' ? 'node' : 'svm';
      ctx.cleanup(`NDMP mode back to ${original}`, async (fresh) => {
        mustStatus(await fresh.ontap.patch('/protocols/ndmp', { mode: original }), 200);
      });
      mustStatus(await ctx.ontap.patch('/protocols/ndmp', { mode: other }), 200);
      const { res, body } = await mustGet(ctx.ontap, '/protocols/ndmp');
      if (body.mode !== other) fail(res, `mode "${other}" after the PATCH`, `mode "${String(body.mode)}"`);
      const switched = { ...ctx, target: { ...ctx.target, mode: other } } as CheckContext;
      if (other === 'node') {
        await mustGet(ctx.ontap, '/protocols/ndmp/nodes');
        await mustRejectAll(switched, svmSidePaths(ctx), CODES.svmAwareModeDisabled);
      } else {
        await mustGet(ctx.ontap, '/protocols/ndmp/svms');
        await mustRejectAll(switched, NODE_PATHS, CODES.nodeScopeInSvmMode);
      }
      await mustGet(ctx.ontap, '/protocols/ndmp/sessions');
    },
  },
];
