import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import { excerpt, fail, fetchAll, mustGet, recordsOf } from '../../../src/checks/expect.ts';
import type { Check, CheckContext } from '../../../src/checks/ontap-model.ts';
import { collectionCheck } from './define.ts';

type Json = Record<string, unknown>;

/** Session counters and states move while a backup runs: two reads a moment apart may differ there. */
export const VOLATILE = /^(data\.bytes_processed|mover\.bytes_moved|data\.state|mover\.state|data\.reason|mover\.reason)$/;

/** Schema errors, with an error repeated on many records told once, followed by the records it hit. */
export function summariseSchemaErrors(errors: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const error of errors) {
    const record = /^\/records\/(\d+)\//.exec(error)?.[1];
    const key = error.replace(/^\/records\/\d+\//, '/records/*/');
    groups.set(key, [...(groups.get(key) ?? []), ...(record !== undefined ? [record] : [])]);
  }
  return [...groups].slice(0, 5).map(([key, records]) => (records.length > 1 ? `${key} (${records.length} records: ${records.slice(0, 5).join(', ')}${records.length > 5 ? ', …' : ''})` : key.replace('/records/*/', `/records/${records[0] ?? '*'}/`))).join('; ');
}

function mustValidate(ctx: CheckContext, opId: string, res: Parameters<typeof fail>[0], body: unknown): void {
  const errors = ctx.validate(opId, body);
  if (errors.length > 0) fail(res, `a body that matches the ${opId} response schema`, summariseSchemaErrors(errors));
}

export function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value as Json)) {
      if (key === '_links') continue;
      for (const [path, leaf] of leaves(item, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

export function shapeChecks(c: CollectionUnderTest): Check[] {
  const spec = `${c.requirement} · Response`;
  const validatesWith = (fields: string | undefined, rule: string, title: string) =>
    collectionCheck(c, rule, title, spec, async (ctx) => {
      const { res, body } = await mustGet(ctx.ontap, c.path, fields === undefined ? {} : { fields });
      mustValidate(ctx, c.collectionOp, res, body);
      if (recordsOf(res, body).length === 0) fail(res, 'at least one record (the inventory found some)', excerpt(body));
    });
  return [
    validatesWith(undefined, 'shape.default-fields', `GET ${c.path} with default fields matches the spec`),
    validatesWith('*', 'shape.fields-star', `GET ${c.path}?fields=* matches the spec`),
    validatesWith('**', 'shape.fields-double-star', `GET ${c.path}?fields=** matches the spec`),
    collectionCheck(c, 'shape.instance', `GET on each ${c.name} instance matches the spec`, spec, async (ctx) => {
      const records = (await fetchAll(ctx.ontap, c.path, { fields: '*' })).slice(0, Math.max(ctx.runs, 5));
      for (const record of records) {
        const { res, body } = await mustGet(ctx.ontap, c.instancePath(record, ctx.target));
        mustValidate(ctx, c.instanceOp, res, body);
      }
    }, { operation: c.instanceOperation }),
    collectionCheck(c, 'fields.star-equals-instance', `A fields=* record of ${c.name} carries the same fields as the instance GET`, 'ontap-rest.md · Collection GET (fields=* gives the instance properties)', async (ctx) => {
      const records = (await fetchAll(ctx.ontap, c.path, { fields: '*' })).slice(0, Math.max(ctx.runs, 5));
      for (const record of records) {
        const { res, body } = await mustGet(ctx.ontap, c.instancePath(record, ctx.target));
        const fromCollection = leaves(record);
        const fromInstance = leaves(body);
        const missing = [...fromInstance.keys()].filter((path) => !fromCollection.has(path) && !VOLATILE.test(path));
        const extra = [...fromCollection.keys()].filter((path) => !fromInstance.has(path) && !VOLATILE.test(path));
        const differ = [...fromInstance].filter(([path, value]) => fromCollection.has(path) && !VOLATILE.test(path) && JSON.stringify(fromCollection.get(path)) !== JSON.stringify(value));
        if (missing.length || extra.length || differ.length) {
          fail(res, `the fields=* record of ${c.identity(record, ctx.target)} to equal its instance`, [
            missing.length ? `missing in fields=*: ${missing.join(', ')}` : '',
            extra.length ? `only in fields=*: ${extra.join(', ')}` : '',
            differ.length ? `different values: ${differ.map(([p]) => p).join(', ')}` : '',
          ].filter(Boolean).join('; '));
        }
      }
    }),
    collectionCheck(c, 'default-records.carry-keys', `Default records of ${c.name} carry their key fields and _links.self`, 'ontap-rest.md · Collection GET (default records = key fields + _links.self)', async (ctx) => {
      const { res, body } = await mustGet(ctx.ontap, c.path);
      const { required } = ctx.catalog.keys(c.collectionOp, ctx.target);
      for (const record of recordsOf(res, body)) {
        const have = leaves(record);
        const absent = required.filter((key) => !have.has(key));
        const self = ((record._links as Json | undefined)?.self as Json | undefined)?.href;
        if (absent.length > 0) fail(res, `every default record to carry ${required.join(', ')}`, `a record without ${absent.join(', ')}: ${excerpt(record, 200)}`);
        if (typeof self !== 'string') fail(res, 'every default record to carry _links.self.href', excerpt(record, 200));
      }
    }),
  ];
}
