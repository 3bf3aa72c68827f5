import { fail } from '../../src/checks/veeam-expect.ts';
import { NotApplicable, type VeeamCheck } from '../../src/checks/veeam-model.ts';
import { parseVeeamDateTime } from '../../src/oracle/veeam-query.ts';
import { describeItems, mustReadAll, QUERY_REQUIREMENT, queryCheck } from './query/define.ts';
import { queryFilterChecks } from './query/filter-checks.ts';
import { QUERY_SUBJECTS, type QuerySubject } from './query/model.ts';
import { queryPagingChecks } from './query/paging-checks.ts';
import { EDGE_MARGIN_MS, readAllRecords, readQuery, readReferences, WINDOW_MS } from './query/read.ts';
import { querySortChecks, sameRecords } from './query/sort-checks.ts';

/**
 * The query service (`GET /api/query`) of CDP replica task sessions and backup job sessions compared with the
 * oracle (src/oracle/veeam-query.ts) over the whole collection: filters, sorting, paging, both forms, and the
 * collections that list the same sessions.
 */

function entitiesCheck(subject: QuerySubject): VeeamCheck {
  return queryCheck(subject, 'entities-match-references', `format=Entities lists the same ${subject.what} as the reference form, with the same UID and Name`, `${QUERY_REQUIREMENT} (QueryResult with Refs, or Entities with format=Entities)`, async (ctx, model) => {
    const entities = await mustReadAll(ctx, model, subject);
    if (entities.length === 0) throw new NotApplicable(`the query service lists no ${subject.what}`);
    const refs = (await readQuery(ctx, model, {}))!;
    const res = refs.pages[0]!.res;
    const wrongType = refs.items.find((item) => item.type !== model.type.referenceType);
    if (wrongType) fail(res, `Ref elements of Type="${model.type.referenceType}"`, `${wrongType.id}: Type=${JSON.stringify(wrongType.type)}`);
    const difference = await sameRecords(ctx, model, refs.items.map((item) => item.id), entities);
    if (difference) fail(res, `the ${entities.length} ${subject.what} of format=Entities, each once`, difference);
    const byId = new Map(entities.map((item) => [item.id, item]));
    const differing = refs.items.find((ref) => byId.has(ref.id) && (byId.get(ref.id)!.uid !== ref.uid || byId.get(ref.id)!.name !== ref.name));
    if (differing) {
      const entity = byId.get(differing.id)!;
      fail(res, `the reference of ${differing.id} to carry the entity's UID and Name (UID=${entity.uid}, Name=${entity.name})`, `UID=${differing.uid}, Name=${differing.name}`);
    }
  });
}

/**
 * Collections list the sessions of the last 30 days (seed 004); whether the query service applies the same
 * window is not documented, so it may find older ones too. Inside the window (less a margin for clock skew)
 * the two must agree, and the query service must find whatever the collection lists.
 */
function collectionCheck(subject: QuerySubject): VeeamCheck {
  return queryCheck(subject, 'matches-collection', `The query service finds every session ${subject.collection.replace('/api', '')} lists, and that collection lists every one the query service finds created in the last 30 days`, `${QUERY_REQUIREMENT}; seed 004 (the last 30 days; the same sessions appear in /backupSessions); whether the query service is windowed is not documented`, async (ctx, model) => {
    // The collection is read before and after the query: a session that starts in between is in one of the reads.
    const before = await readReferences(ctx, subject.collection);
    const records = await readAllRecords(ctx, model, {}, true);
    const after = await readReferences(ctx, subject.collection);
    const listed = new Set([...before.items, ...after.items].map((item) => item.id));
    const inBoth = before.items.filter((item) => after.items.some((other) => other.id === item.id)).map((item) => item.id);
    let found = new Set(records.map((item) => item.id));
    if (inBoth.some((id) => !found.has(id))) found = new Set([...found, ...(await readAllRecords(ctx, model)).map((item) => item.id)]);
    const notFound = inBoth.filter((id) => !found.has(id));
    if (notFound.length) fail(before.res, `GET /api/query?type=${subject.type} to find every session ${subject.collection} lists`, `not found: ${notFound.slice(0, 5).join(', ')}${notFound.length > 5 ? ` (+${notFound.length - 5})` : ''}`);
    const edge = Date.now() - WINDOW_MS + EDGE_MARGIN_MS;
    const creation = model.creation.name;
    const recent = records.filter((item) => (parseVeeamDateTime(item.values[creation] ?? '') ?? -Infinity) > edge && !listed.has(item.id));
    if (recent.length) {
      fail(after.res, `${subject.collection} to list every ${subject.type} the query service finds created in the last 30 days (after ${new Date(edge).toISOString()})`, `not listed: ${describeItems(recent.map((item) => item.id), new Map(recent.map((item) => [item.id, item])), [creation])}`);
    }
  });
}

export const queryChecks: VeeamCheck[] = [
  ...queryFilterChecks,
  ...querySortChecks,
  ...queryPagingChecks,
  ...QUERY_SUBJECTS.flatMap((subject) => [entitiesCheck(subject), collectionCheck(subject)]),
];
