import { excerpt, fail } from '../../src/checks/veeam-expect.ts';
import type { VeeamCapability, VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import { CDP_TASK_SESSIONS, discover, forSampledIds, saltOf } from './shared/discover.ts';
import {
  GUID, guidOf, mustBeOneOf, mustGetDoc, mustLead, mustLink, mustSessionName, mustUtc, refsOf, sameUid, SEED_003, uidGuid, veeamCheck, type Doc, type DocAnswer,
} from './shared/documents.ts';
import { asksForEntity, enumOf, followAlternate, mustEndTimeMatchState, mustHrefOf, mustResolveLinks, twoForms, type TwoForms } from './shared/sessions.ts';

const OPERATION = 'GET /api/cdpReplicaTaskSessions/{ID}';
const OPERATION_ID = 'cdp_replica_task_session_get';
const NEEDS: VeeamCapability[] = ['api>=v1_6', 'data:cdpTaskSessions'];
const TYPE = 'CdpReplicaTaskSession';
const REFERENCE_TYPE = 'CdpReplicaTaskSessionReference';
/** The states of a session that has not finished (veeam-em.md · CdpReplicaTaskSession: EndTimeUTC absent while running). */
const RUNNING = ['InProgress', 'Pending'];
const G = GUID.source.slice(1, -1);
const SERVER_PATH = new RegExp(`^/backupServers/${G}$`, 'i');
const POLICY_PATH = new RegExp(`^/cdpReplicaSessions/${G}$`, 'i');
/** The entity's own Href: the documented path, or the /replicaTaskSessions slip of Veeam's examples (spec: replica-task-sessions-href). */
const ENTITY_HREF_COLLECTIONS = ['/cdpReplicaTaskSessions', '/replicaTaskSessions'];

/** One rule judged on a seeded sample of the CDP task sessions that discovery finds (collections and query service). */
function cdpCheck(rule: string, title: string, requirement: string, judge: (ctx: VeeamCheckContext, session: TwoForms) => Promise<void>, before?: (ctx: VeeamCheckContext) => Promise<void>): VeeamCheck {
  const id = `veeam.cdp-task-sessions.${rule}`;
  return veeamCheck({
    id, title, operation: OPERATION, requirement, needs: NEEDS,
    async run(ctx) {
      await before?.(ctx);
      const discovered = await discover(ctx, CDP_TASK_SESSIONS);
      await forSampledIds(ctx, discovered, saltOf(id), (sessionId) => judge(ctx, twoForms(ctx, '/cdpReplicaTaskSessions', sessionId, OPERATION_ID)));
    },
  });
}

/** Up to the backup server and to the parent policy session: the links both forms carry (seed 003 · Links). */
function upLinks(answer: DocAnswer) {
  const server = mustLink(answer.res, answer.doc, 'Up', 'BackupServerReference', 'the backup server where the CDP policy was configured');
  const policy = mustLink(answer.res, answer.doc, 'Up', 'CdpReplicaSessionReference', 'the parent CDP replication session');
  return { server: mustLead(answer.res, server, SERVER_PATH, '/backupServers/{ID}'), policy: mustLead(answer.res, policy, POLICY_PATH, '/cdpReplicaSessions/{ID}') };
}

function mustUidOf(answer: DocAnswer, id: string, what: string): void {
  const { res, doc } = answer;
  const guid = uidGuid(doc.UID, TYPE);
  const hrefGuid = typeof doc.Href === 'string' ? guidOf(doc.Href) : undefined;
  if (!guid || guid.toLowerCase() !== hrefGuid?.toLowerCase() || guid.toLowerCase() !== id.toLowerCase()) {
    fail(res, `the UID of ${what} to be urn:veeam:${TYPE}:<the GUID of its Href> (${id})`, `UID ${excerpt(doc.UID, 100)}, Href ${excerpt(doc.Href, 200)}`);
  }
}

/** The Ref items of GET /cdpReplicaTaskSessions carry UIDs of the GUIDs of their Hrefs too. */
async function collectionUids(ctx: VeeamCheckContext): Promise<void> {
  const { res, doc } = await mustGetDoc(ctx.veeam, '/api/cdpReplicaTaskSessions', ['EntityReferences']);
  for (const ref of refsOf(doc)) {
    const guid = typeof ref.Href === 'string' ? guidOf(ref.Href) : undefined;
    if (!guid) fail(res, 'every reference with an Href ending in its GUID', excerpt(ref, 200));
    mustUidOf({ res, root: 'Ref', doc: ref }, guid, `the reference ${guid} of the collection`);
  }
}

const text = (doc: Doc, name: string) => (typeof doc[name] === 'string' ? (doc[name] as string) : undefined);

/** GET /cdpReplicaTaskSessions/{ID} in both forms (seed 003). */
export const cdpTaskSessionChecks: VeeamCheck[] = [
  cdpCheck('reference-form', 'GET /cdpReplicaTaskSessions/{ID} answers an EntityRef of Type CdpReplicaTaskSessionReference at its own Href, valid against the XSD, linking Up to its backup server and policy session and Alternate to its entity', `${SEED_003} · Response body, Links; veeam-em.md · CdpReplicaTaskSession`, async (ctx, session) => {
    const answer = await session.reference({ validate: true });
    const { res, doc } = answer;
    if (doc.Type !== REFERENCE_TYPE) fail(res, `Type="${REFERENCE_TYPE}"`, `Type=${excerpt(doc.Type, 80)}`);
    mustHrefOf(res, doc, ['/cdpReplicaTaskSessions'], session.id, 'the reference');
    if (asksForEntity(String(doc.Href))) fail(res, 'the Href of the reference without format=Entity', `Href ${excerpt(doc.Href, 200)}`);
    upLinks(answer);
    const alternate = mustLink(res, doc, 'Alternate', TYPE, 'the entity form of the same session');
    mustLead(res, alternate, new RegExp(`^/cdpReplicaTaskSessions/${session.id}$`, 'i'), `/cdpReplicaTaskSessions/${session.id}?format=Entity`);
    if (!asksForEntity(alternate.Href)) fail(res, 'the Alternate link to ask for the entity (?format=Entity)', `Href ${excerpt(alternate.Href, 200)}`);
  }),
  cdpCheck('entity-form', 'GET /cdpReplicaTaskSessions/{ID}?format=Entity answers a CdpReplicaTaskSession entity valid against the XSD (VmDisplayName an attribute, elements in order), with the Name and UID of the reference and its links', `${SEED_003} · Response body, Example; veeam-em.md · CdpReplicaTaskSession`, async (ctx, session) => {
    const entity = await session.entity({ validate: true });
    const reference = await session.reference();
    const { res, doc } = entity;
    mustHrefOf(res, doc, ENTITY_HREF_COLLECTIONS, session.id, 'the entity');
    for (const name of ['Name', 'UID'] as const) {
      if (name === 'UID' ? !sameUid(doc.UID, reference.doc.UID) : doc.Name !== reference.doc.Name) fail(res, `the ${name} of the reference form (${excerpt(reference.doc[name], 100)})`, `${name} ${excerpt(doc[name], 100)}`);
    }
    const [ups, referenceUps] = [upLinks(entity), upLinks(reference)];
    if (ups.server.toLowerCase() !== referenceUps.server.toLowerCase() || ups.policy.toLowerCase() !== referenceUps.policy.toLowerCase()) {
      fail(res, `the Up links of the reference form (${referenceUps.server}, ${referenceUps.policy})`, `${ups.server}, ${ups.policy}`);
    }
    const alternate = mustLink(res, doc, 'Alternate', REFERENCE_TYPE, 'the reference form of the same session');
    mustLead(res, alternate, new RegExp(`^/cdpReplicaTaskSessions/${session.id}$`, 'i'), `/cdpReplicaTaskSessions/${session.id}`);
  }),
  cdpCheck('uid-matches-href', 'The UID of a CDP replication task session is urn:veeam:CdpReplicaTaskSession:<the GUID of its Href>, in both forms and in the collection', 'veeam-em.md · Representations (UIDs are URNs urn:veeam:<Type>:<guid>; the {ID} in a path is the bare GUID); seed 003 · UID', async (_ctx, session) => {
    mustUidOf(await session.reference(), session.id, 'the reference form');
    mustUidOf(await session.entity(), session.id, 'the entity form');
  }, collectionUids),
  cdpCheck('alternate-link', 'The Alternate link of each form leads to the other form of the same session', `${SEED_003} · Links (Alternate); veeam-em.md · Representations (reference and entity forms)`, async (ctx, session) => {
    const reference = await session.reference();
    const entity = await followAlternate(ctx, reference.res, reference.doc, TYPE, [TYPE]);
    if (!sameUid(entity.doc.UID, reference.doc.UID)) fail(entity.res, `the entity of the same session (UID ${excerpt(reference.doc.UID, 100)})`, `UID ${excerpt(entity.doc.UID, 100)}`);
    const own = await session.entity();
    const back = await followAlternate(ctx, own.res, own.doc, REFERENCE_TYPE, ['EntityRef']);
    if (!sameUid(back.doc.UID, own.doc.UID) || back.doc.Type !== REFERENCE_TYPE) fail(back.res, `the reference of the same session (UID ${excerpt(own.doc.UID, 100)})`, `Type ${excerpt(back.doc.Type, 60)}, UID ${excerpt(back.doc.UID, 100)}`);
  }),
  cdpCheck('links-resolve', 'Every Up, Down and Alternate link of both forms of a CDP replication task session resolves (GET answers 200)', `${SEED_003} · Links`, async (ctx, session) => {
    for (const answer of [await session.reference(), await session.entity()]) await mustResolveLinks(ctx, answer.res, answer.doc);
  }),
  cdpCheck('parent-session', 'PolicySessionUid is the UID of the CDP replication session the Up link names as parent', `${SEED_003} · PolicySessionUid, Links (Up /cdpReplicaSessions/{ID})`, async (_ctx, session) => {
    const entity = await session.entity();
    const parent = upLinks(entity).policy.split('/').pop()!;
    const uid = uidGuid(entity.doc.PolicySessionUid, 'CdpReplicaSession');
    if (!uid || uid.toLowerCase() !== parent.toLowerCase()) fail(entity.res, `PolicySessionUid urn:veeam:CdpReplicaSession:${parent} (the Up link's session)`, `PolicySessionUid ${excerpt(entity.doc.PolicySessionUid, 120)}`);
  }),
  cdpCheck('documented-values', 'State and Result take documented values, CreationTimeUTC and EndTimeUTC are UTC ending in Z, TotalSize is a whole number of bytes', `${SEED_003} · Parameters; veeam-em.md · CdpReplicaTaskSession`, async (ctx, session) => {
    const { res, doc } = await session.entity();
    mustBeOneOf(res, 'State', text(doc, 'State'), enumOf(ctx, 'CdpReplicaTaskSessionState'));
    mustBeOneOf(res, 'Result', text(doc, 'Result'), enumOf(ctx, 'CdpReplicaTaskSessionResult'));
    mustUtc(res, 'CreationTimeUTC', text(doc, 'CreationTimeUTC'));
    mustUtc(res, 'EndTimeUTC', text(doc, 'EndTimeUTC'), true);
    if (!/^[+-]?\d{1,19}$/.test(text(doc, 'TotalSize')?.trim() ?? '')) fail(res, 'TotalSize as a long (bytes)', `TotalSize ${excerpt(doc.TotalSize, 60)}`);
  }),
  cdpCheck('end-time-while-running', 'EndTimeUTC is absent exactly while the session runs (State InProgress or Pending)', `${SEED_003} · EndTimeUTC; veeam-em.md · CdpReplicaTaskSession (EndTimeUTC absent while running)`, async (ctx, session) => {
    const { res, doc } = await session.entity();
    mustEndTimeMatchState(res, doc, enumOf(ctx, 'CdpReplicaTaskSessionState'), RUNNING, `State ${RUNNING.join(' or ')}`);
  }),
  cdpCheck('reason-only-warning-failed', 'Reason is given only with Result Warning or Failed', `${SEED_003} · Reason; veeam-em.md · CdpReplicaTaskSession`, async (_ctx, session) => {
    const { res, doc } = await session.entity();
    if (doc.Reason !== undefined && !['Warning', 'Failed'].includes(String(doc.Result))) fail(res, 'no Reason unless Result is Warning or Failed', `Result ${String(doc.Result)} with Reason ${excerpt(doc.Reason, 100)}`);
  }),
  cdpCheck('session-name', 'The Name of a CDP replication task session is <VM name>@<yyyy-MM-dd HH:mm:ss> in both forms', `${SEED_003} · Name; veeam-em.md · Representations (names of sessions)`, async (_ctx, session) => {
    for (const [form, answer] of [['reference', await session.reference()], ['entity', await session.entity()]] as const) mustSessionName(answer.res, answer.doc.Name, `the ${form} form`);
  }),
];
