import fc from 'fast-check';
import { forAll } from '../../src/checks/property.ts';
import { excerpt, fail, mustErrorDocument, mustMediaType, mustStatus, parseXml } from '../../src/checks/veeam-expect.ts';
import type { VeeamCapability, VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import type { VeeamResponse } from '../../src/client/veeam-client.ts';
import { malformedUuid, wellFormedUuid } from '../../src/generate/ids.ts';
import { saltOf } from './shared/discover.ts';
import { refsOf, veeamCheck } from './shared/documents.ts';
import { mustMirrorJson, mustXmlAnswer, type Resource } from './shared/representation.ts';

const ERRORS = 'veeam-em.md · Errors';

/** An instance resource, addressed by an ID that the case makes up (`{ID}` in the template). */
interface Addressed {
  template: string;
  operationId: string;
}

const pathOf = (resource: Addressed, id: string) => resource.template.replace('{ID}', id);

const INSTANCES: Addressed[] = [
  { template: '/api/backupSessions/{ID}', operationId: 'backup_session_get' },
  { template: '/api/backupSessions/{ID}?format=Entity', operationId: 'backup_session_get' },
  { template: '/api/backupServers/{ID}', operationId: 'backup_server_get' },
  { template: '/api/jobs/{ID}', operationId: 'job_get' },
  { template: '/api/nas/jobs/{ID}', operationId: 'nas_job_get' },
  { template: '/api/nas/jobs/{ID}?format=Entity', operationId: 'nas_job_get' },
];
const CDP_INSTANCES: Addressed[] = [
  { template: '/api/cdpReplicaTaskSessions/{ID}', operationId: 'cdp_replica_task_session_get' },
  { template: '/api/cdpReplicaTaskSessions/{ID}?format=Entity', operationId: 'cdp_replica_task_session_get' },
];
const NAS_SESSIONS: Addressed = { template: '/api/nas/jobs/{ID}/backupSessions', operationId: 'nas_job_backup_sessions_get' };

/**
 * The answer to `r` is an Error document with the status in both representations: XML (application/xml, valid
 * against the XSD, StatusCode the answer's status) and JSON (application/json, valid against the spec, StatusCode a
 * number, equal to the XML under the mapping).
 */
async function mustErrorInBothForms(ctx: VeeamCheckContext, r: Resource): Promise<void> {
  const xml = await mustXmlAnswer(ctx, r);
  mustErrorDocument(xml, 'xml');
  const errors = ctx.validateXml(xml.text, 'Error');
  if (errors.length > 0) fail(xml, 'an <Error> document valid against specs/veeam/enterprise-manager.xsd', errors.slice(0, 5).join('; '));
  mustErrorDocument(await mustMirrorJson(ctx, r), 'json');
}

/** A property over made-up IDs and the resources they address, with the run's seed and case count. */
function overIds(id: string, resources: readonly Addressed[], ids: fc.Arbitrary<string>, judge: (ctx: VeeamCheckContext, resource: Addressed, made: string) => Promise<void>) {
  return (ctx: VeeamCheckContext) => forAll(ctx, fc.tuple(fc.constantFrom(...resources), ids), ([resource, made]) => judge(ctx, resource, made), saltOf(id));
}

function unknownIdCheck(rule: string, title: string, requirement: string, needs: VeeamCapability[], resources: readonly Addressed[], operation: string): VeeamCheck {
  const id = `veeam.errors.${rule}`;
  return veeamCheck({
    id, title, operation, requirement, needs,
    run: overIds(id, resources, wellFormedUuid, (ctx, resource, guid) => mustErrorInBothForms(ctx, { path: pathOf(resource, guid), operationId: resource.operationId, status: 404 })),
  });
}

/** 400 or 404 with an Error document: the status of a malformed ID is not documented (spec: malformed-id-status). */
async function mustRejectMalformed(ctx: VeeamCheckContext, resource: Addressed, malformed: string): Promise<void> {
  const path = pathOf(resource, encodeURIComponent(malformed));
  const probe = await ctx.veeam.get(path, { accept: 'xml' });
  if (probe.status !== 400 && probe.status !== 404) fail(probe, `HTTP 400 or 404 for the malformed ID "${malformed}" (which of the two is not documented; never 5xx)`, `HTTP ${probe.status} ${excerpt(probe.text, 200)}`);
  await mustErrorInBothForms(ctx, { path, operationId: resource.operationId, status: probe.status });
}

function malformedIdCheck(rule: string, title: string, needs: VeeamCapability[], resources: readonly Addressed[], operation: string): VeeamCheck {
  const id = `veeam.errors.${rule}`;
  return veeamCheck({
    id, title, operation, needs,
    requirement: `${ERRORS} (a malformed ID: status not documented, 400 or 404 accepted); spec components.parameters.ID`,
    run: overIds(id, resources, malformedUuid, mustRejectMalformed),
  });
}

/** An answer for an unknown NAS job: 404 with an Error document, or an empty list (spec: unknown-nas-job). */
async function mustAnswerUnknownJob(ctx: VeeamCheckContext, guid: string): Promise<void> {
  const path = pathOf(NAS_SESSIONS, guid);
  const probe = await ctx.veeam.get(path, { accept: 'xml' });
  if (probe.status === 404) return mustErrorInBothForms(ctx, { path, operationId: NAS_SESSIONS.operationId, status: 404 });
  if (probe.status !== 200) fail(probe, 'HTTP 404 with an Error document, or HTTP 200 with an empty list (which of the two is not documented)', `HTTP ${probe.status} ${excerpt(probe.text, 200)}`);
  mustMediaType(probe, 'xml');
  const { root, doc } = parseXml(probe);
  if (root !== 'EntityReferences' || refsOf(doc).length > 0) fail(probe, 'an empty <EntityReferences> list for a job that does not exist', excerpt(probe.text, 300));
  await mustMirrorJson(ctx, { path, operationId: NAS_SESSIONS.operationId });
}

/** Resources that document GET only: another method is not allowed there. PUT changes nothing where it is refused. */
const GET_ONLY = ['/api/backupSessions', '/api/backupServers', '/api/nas/jobs'];

async function mustRefuseMethod(ctx: VeeamCheckContext, path: string): Promise<void> {
  for (const accept of ['xml', 'json'] as const) {
    const res: VeeamResponse = await ctx.veeam.send('PUT', path, { accept });
    mustStatus(res, 405);
    mustErrorDocument(res, accept);
  }
}

/** Error answers: unknown and malformed IDs, methods a resource does not allow, requests without a session. */
export const errorChecks: VeeamCheck[] = [
  unknownIdCheck('unknown-id', 'An unknown (well-formed) ID answers 404 with an Error document, in XML and in JSON', `${ERRORS} (404: resource not in the collection; the Error body)`, [], INSTANCES, 'GET /api/backupSessions/{ID}'),
  unknownIdCheck('unknown-cdp-task-session', 'GET /cdpReplicaTaskSessions/{ID} for an unknown (well-formed) ID answers 404 with an Error document, in XML and in JSON', `seed 003; ${ERRORS}`, ['api>=v1_6'], CDP_INSTANCES, 'GET /api/cdpReplicaTaskSessions/{ID}'),
  veeamCheck({
    id: 'veeam.errors.unknown-nas-job',
    title: 'GET /nas/jobs/{ID}/backupSessions for an unknown (well-formed) job ID answers 404 with an Error document, or an empty list',
    operation: 'GET /api/nas/jobs/{ID}/backupSessions',
    requirement: `seed 004; ${ERRORS} (not documented: 404 or an empty list; spec unknown-nas-job)`,
    needs: ['api>=v1_5'],
    run: (ctx) => forAll(ctx, wellFormedUuid, (guid) => mustAnswerUnknownJob(ctx, guid), saltOf('veeam.errors.unknown-nas-job')),
  }),
  malformedIdCheck('malformed-id', 'A malformed (non-GUID) ID answers 400 or 404 with an Error document, never 5xx', [], [...INSTANCES, NAS_SESSIONS], 'GET /api/backupSessions/{ID}'),
  malformedIdCheck('malformed-cdp-task-session-id', 'GET /cdpReplicaTaskSessions/{ID} with a malformed (non-GUID) ID answers 400 or 404 with an Error document, never 5xx', ['api>=v1_6'], CDP_INSTANCES, 'GET /api/cdpReplicaTaskSessions/{ID}'),
  veeamCheck({
    id: 'veeam.errors.method-not-allowed',
    title: 'A method a resource does not allow (PUT on a session collection) answers 405 with an Error document, in XML and in JSON',
    operation: 'PUT /api/backupSessions',
    requirement: `${ERRORS} (405: method not allowed)`,
    needs: [],
    async run(ctx) {
      for (const path of GET_ONLY) await mustRefuseMethod(ctx, path);
    },
  }),
  veeamCheck({
    id: 'veeam.errors.unauthorized-document',
    title: 'A request without a session token answers 401 with an Error document valid against the spec, in XML and in JSON',
    operation: 'GET /api/backupSessions',
    requirement: `${ERRORS}; veeam-em.md · Logon and sessions (missing token: 401)`,
    needs: [],
    run: (ctx) => mustErrorInBothForms(ctx, { path: '/api/backupSessions', operationId: 'backup_session_collection_get', status: 401, anonymous: true }),
  }),
];
