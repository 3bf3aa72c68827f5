import { CODES } from '../../../src/checks/codes.ts';
import fc from 'fast-check';
import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import { expectOntapError, fail } from '../../../src/checks/expect.ts';
import type { Check } from '../../../src/checks/ontap-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import { malformedUuid, wellFormedUuid } from '../../../src/generate/index.ts';
import { collectionCheck } from './define.ts';

const GENERIC = 'ontap-rest.md · Errors';

/** Instance path with the owner/key replaced: sessions need a session id as well. */
function instanceWith(c: CollectionUnderTest, uuid: string): string {
  return c.name === 'sessions' ? `${c.path}/${uuid}/1` : `${c.path}/${uuid}`;
}

export function errorChecks(c: CollectionUnderTest): Check[] {
  return [
    collectionCheck(c, 'errors.unknown-parameter', `An unknown query parameter on ${c.name} is rejected with 262179`, `${GENERIC} (262179 unexpected argument)`, async (ctx) => {
      const names = fc.constantFrom('no_such_param', 'sesion.id', 'maxrecords', 'data.speed');
      await forAll(ctx, names, async (name) => {
        const res = await ctx.ontap.get(c.path, { [name]: '1' });
        expectOntapError(res, { status: 400, codes: [CODES.unexpectedArgument] });
      });
    }),
    collectionCheck(c, 'errors.order-by-unsupported', `order_by on a field ${c.name} do not have is rejected with 262268`, `${GENERIC} (262268 field not supported for order_by)`, async (ctx) => {
      const res = await ctx.ontap.get(c.path, { order_by: 'no_such_field' });
      expectOntapError(res, { status: 400, codes: [CODES.orderByUnsupported] });
    }),
    collectionCheck(c, 'errors.return-timeout-range', `return_timeout outside 0..120 is rejected with 262197 and target return_timeout (${c.name})`, 'ontap-rest.md · Collection GET (return_timeout 0..120)', async (ctx) => {
      await forAll(ctx, fc.oneof(fc.integer({ min: 121, max: 100_000 }), fc.integer({ min: -1000, max: -1 })), async (seconds) => {
        const res = await ctx.ontap.get(c.path, { return_timeout: seconds });
        const error = expectOntapError(res, { status: 400, codes: [CODES.invalidValue] });
        if (error.target !== undefined && error.target !== 'return_timeout') fail(res, 'error.target "return_timeout"', `error.target "${error.target}"`);
      });
    }),
    collectionCheck(c, 'errors.unknown-instance', `GET of a well-formed but unknown ${c.name} key is 404 with code 4`, `${GENERIC} (4 entry doesn't exist → 404)`, async (ctx) => {
      await forAll(ctx, wellFormedUuid, async (uuid) => {
        const res = await ctx.ontap.get(instanceWith(c, uuid));
        expectOntapError(res, { status: 404, codes: [CODES.notFound] });
      });
    }, { operation: c.instanceOperation }),
    collectionCheck(c, 'errors.malformed-uuid', `GET with a malformed ${c.name === 'sessions' ? 'owner' : c.name.slice(0, -1)} uuid is a client error with a documented code`, 'ontap-ndmp.md · NDMP error codes (68812802 "The UUID is not valid", 2 invalid svm.uuid)', async (ctx) => {
      await forAll(ctx, malformedUuid, async (uuid) => {
        const res = await ctx.ontap.get(instanceWith(c, encodeURIComponent(uuid)));
        expectOntapError(res, { status: '4xx', codes: [CODES.invalidUuid, CODES.invalidField, CODES.invalidValue, CODES.notFound] });
      });
    }, { operation: c.instanceOperation }),
  ];
}
