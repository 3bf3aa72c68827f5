import { CODES } from '../../../src/checks/codes.ts';
import type { CollectionUnderTest } from '../../../src/checks/collections.ts';
import { excerpt, expectOntapError, fail, fetchAll, mustGet, recordsOf } from '../../../src/checks/expect.ts';
import { NotApplicable, type Check, type CheckContext } from '../../../src/checks/ontap-model.ts';
import { forAll } from '../../../src/checks/property.ts';
import { fieldSelection, nestedPair, unknownFieldName } from '../../../src/generate/index.ts';
import { compareVersions } from '../../../src/spec/index.ts';
import { collectionCheck } from './define.ts';
import { leaves, VOLATILE } from './shape-checks.ts';

type Json = Record<string, unknown>;

const REQUIREMENT = 'ontap-rest.md · Collection GET (fields=)';

function leafPaths(ctx: CheckContext, c: CollectionUnderTest): string[] {
  return ctx.catalog.recordFields(c.collectionOp)
    .filter((field) => compareVersions(ctx.target.version, field.introduced) >= 0)
    .map((field) => field.path);
}

const covered = (path: string, requested: readonly string[]) => requested.some((r) => path === r || path.startsWith(`${r}.`));

/** Fetches `fields=<raw>` and checks every record against its fields=* counterpart. */
async function mustSelect(ctx: CheckContext, c: CollectionUnderTest, full: Map<string, Json>, raw: string, wanted: string[], excluded: string[]): Promise<void> {
  const { res, body } = await mustGet(ctx.ontap, c.path, { fields: raw });
  const { allowed } = ctx.catalog.keys(c.collectionOp);
  for (const record of recordsOf(res, body)) {
    const got = leaves(record);
    const stray = [...got.keys()].filter((path) => !covered(path, wanted) && !allowed.includes(path));
    if (stray.length > 0) fail(res, `records with only ${wanted.join(', ')} plus key fields`, `unrequested ${stray.join(', ')} in ${excerpt(record, 200)}`);
    const leaked = [...got.keys()].filter((path) => covered(path, excluded) && !allowed.includes(path));
    if (leaked.length > 0) fail(res, `records without the excluded ${excluded.join(', ')}`, `${leaked.join(', ')} present`);
    const reference = full.get(c.identity(record, ctx.target));
    if (!reference) continue;
    const expected = [...leaves(reference).keys()].filter((path) => covered(path, wanted) && !covered(path, excluded));
    // A reason appears and disappears with the state of a live session: its absence proves nothing.
    const absent = expected.filter((path) => !got.has(path) && !VOLATILE.test(path));
    if (absent.length > 0) fail(res, `the requested ${absent.join(', ')} (present in the fields=* record)`, excerpt(record, 300));
  }
}

async function fullRecords(ctx: CheckContext, c: CollectionUnderTest): Promise<Map<string, Json>> {
  return new Map((await fetchAll(ctx.ontap, c.path, { fields: '*' })).map((record) => [c.identity(record, ctx.target), record]));
}

export function fieldsChecks(c: CollectionUnderTest): Check[] {
  return [
    collectionCheck(c, 'fields.selects-only-requested', `fields=a,b.c returns only the requested ${c.name} fields plus key fields`, REQUIREMENT, async (ctx) => {
      const full = await fullRecords(ctx, c);
      await forAll(ctx, fieldSelection(leafPaths(ctx, c)), (selection) => mustSelect(ctx, c, full, selection.join(','), selection, []));
    }),
    collectionCheck(c, 'fields.exclusion', `fields=a,!a.b returns a without a.b (${c.name})`, REQUIREMENT, async (ctx) => {
      const { allowed } = ctx.catalog.keys(c.collectionOp);
      const pairs = nestedPair(leafPaths(ctx, c).filter((path) => !allowed.includes(path)));
      if (!pairs) throw new NotApplicable(`${c.name} records have no nested non-key fields to exclude`);
      const full = await fullRecords(ctx, c);
      await forAll(ctx, pairs, ({ parent, children: [drop] }) =>
        mustSelect(ctx, c, full, `${parent},!${parent}.${drop}`, [parent], [`${parent}.${drop}`]));
    }),
    collectionCheck(c, 'fields.braces', `fields=a.{b,c} selects the same ${c.name} fields as a.b,a.c`, REQUIREMENT, async (ctx) => {
      const pairs = nestedPair(leafPaths(ctx, c));
      if (!pairs) throw new NotApplicable(`${c.name} records have no nested fields`);
      const full = await fullRecords(ctx, c);
      await forAll(ctx, pairs, ({ parent, children: [a, b] }) =>
        mustSelect(ctx, c, full, `${parent}.{${a},${b}}`, [`${parent}.${a}`, `${parent}.${b}`], []));
    }),
    collectionCheck(c, 'fields.carry-keys', `Every record of a fields= selection of ${c.name} still carries the key fields of a default record`, REQUIREMENT, async (ctx) => {
      // The keys follow the target: the owner object of a session by NDMP mode, its uuid from 9.9.
      const { required, allowed } = ctx.catalog.keys(c.collectionOp, ctx.target);
      // Selections never name a key, so a key in the answer can only come from the rule; they exclude none either
      // (whether `!svm.uuid` drops a key is not documented).
      const selectable = leafPaths(ctx, c).filter((path) => !allowed.includes(path));
      if (selectable.length === 0) throw new NotApplicable(`${c.name} records have no fields besides their keys`);
      await forAll(ctx, fieldSelection(selectable), async (selection) => {
        const { res, body } = await mustGet(ctx.ontap, c.path, { fields: selection.join(',') });
        for (const record of recordsOf(res, body)) {
          const have = leaves(record);
          const absent = required.filter((key) => !have.has(key));
          if (absent.length > 0) fail(res, `every record to carry the key fields ${required.join(', ')} besides ${selection.join(', ')}`, `a record without ${absent.join(', ')}: ${excerpt(record, 200)}`);
        }
      });
    }),
    collectionCheck(c, 'fields.unknown-rejected', `An unknown name in fields= is rejected with 262197 (${c.name})`, 'ontap-ndmp.md · NDMP error codes (262197 invalid value for "fields")', async (ctx) => {
      await forAll(ctx, unknownFieldName, async (name) => {
        const res = await ctx.ontap.get(c.path, { fields: name });
        expectOntapError(res, { status: 400, codes: [CODES.invalidValue, CODES.invalidField] });
      });
    }),
    collectionCheck(c, 'fields.ignore-unknown', `ignore_unknown_fields=true accepts an unknown name in fields= (${c.name})`, 'ontap-rest.md · Collection GET (ignore_unknown_fields)', async (ctx) => {
      await mustGet(ctx.ontap, c.path, { fields: 'no_such_field', ignore_unknown_fields: 'true' });
    }),
  ];
}

