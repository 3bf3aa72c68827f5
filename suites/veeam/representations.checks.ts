import { fail } from '../../src/checks/veeam-expect.ts';
import type { VeeamCapability, VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import { compareVeeamVersions, type VeeamApiVersion } from '../../src/spec/veeam/index.ts';
import { BACKUP_SESSIONS, CDP_TASK_SESSIONS, discover, forSampledIds, NAS_JOBS, saltOf } from './shared/discover.ts';
import { apiPath, linksOf, mustGetDoc, REPRESENTATIONS, resourcePath, veeamCheck, type Doc } from './shared/documents.ts';
import { mustMirrorJson, mustServeXml, type Resource } from './shared/representation.ts';

type Source = typeof CDP_TASK_SESSIONS;

/** The resources of one family: some read once, the others for each ID of a seeded sample. */
interface Family {
  name: string;
  /** `the entry point and the logon session`: completes the titles. */
  label: string;
  operation: string;
  needs: VeeamCapability[];
  fixed(ctx: VeeamCheckContext): Resource[];
  sampled?: { source: Source; resources(ctx: VeeamCheckContext, id: string): Promise<Resource[]> };
}

const GUID_PATH = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The `/api/...` path of the first link of `type` that leads to `pattern`; none when the resource has no such link. */
function linked(doc: Doc, type: string, pattern: RegExp): string | undefined {
  const link = linksOf(doc).find((candidate) => candidate.Type === type && pattern.test(resourcePath(candidate.Href) ?? ''));
  return link ? apiPath(link.Href)!.split('?')[0] : undefined;
}

/** An instance in both forms: the reference (no format) and the entity (`?format=Entity`). */
const bothForms = (path: string, operationId: string): Resource[] => [
  { path, operationId, form: 'reference' },
  { path: `${path}?format=Entity`, operationId, form: 'entity' },
];

const FAMILIES: Family[] = [
  {
    name: 'entry-point',
    label: 'the entry point (GET /api/) and the logon session',
    operation: 'GET /api/',
    needs: [],
    fixed: (ctx) => {
      const sessionId = ctx.veeam.session.sessionId;
      if (!sessionId) fail(undefined, "the pass's logon session to have a SessionId", 'the logon answer gave none');
      return [{ path: '/api/', operationId: 'em_get', anonymous: true }, { path: `/api/logonSessions/${sessionId}`, operationId: 'logon_session_get' }];
    },
  },
  {
    name: 'backup-sessions',
    label: 'backup job sessions (both forms), their task sessions, backup servers and jobs',
    operation: 'GET /api/backupSessions/{ID}',
    needs: ['data:backupSessions'],
    fixed: () => [{ path: '/api/backupSessions', operationId: 'backup_session_collection_get' }, { path: '/api/backupServers', operationId: 'backup_server_collection_get' }],
    sampled: {
      source: BACKUP_SESSIONS,
      resources: async (ctx, id) => {
        const path = `/api/backupSessions/${id}`;
        const { doc } = await mustGetDoc(ctx.veeam, path, ['EntityRef']);
        const job = linked(doc, 'JobReference', new RegExp(`^/jobs/${GUID_PATH}$`));
        const server = linked(doc, 'BackupServerReference', new RegExp(`^/backupServers/${GUID_PATH}$`));
        return [
          ...bothForms(path, 'backup_session_get'),
          { path: `${path}/taskSessions`, operationId: 'backup_session_task_sessions_get' },
          ...(job ? [{ path: job, operationId: 'job_get' }] : []),
          ...(server ? [{ path: server, operationId: 'backup_server_get' }] : []),
        ];
      },
    },
  },
  {
    name: 'cdp',
    label: 'CDP replication task sessions (both forms), their collections and their policy sessions',
    operation: 'GET /api/cdpReplicaTaskSessions/{ID}',
    needs: ['api>=v1_6', 'data:cdpTaskSessions'],
    fixed: () => [{ path: '/api/cdpReplicaTaskSessions', operationId: 'cdp_replica_task_session_collection_get' }, { path: '/api/cdpReplicaSessions', operationId: 'cdp_replica_session_collection_get' }],
    sampled: {
      source: CDP_TASK_SESSIONS,
      resources: async (ctx, id) => {
        const path = `/api/cdpReplicaTaskSessions/${id}`;
        const { doc } = await mustGetDoc(ctx.veeam, path, ['EntityRef']);
        const policy = linked(doc, 'CdpReplicaSessionReference', new RegExp(`^/cdpReplicaSessions/${GUID_PATH}$`));
        return [
          ...bothForms(path, 'cdp_replica_task_session_get'),
          ...(policy ? [{ path: policy, operationId: 'cdp_replica_session_get' }, { path: `${policy}/cdpReplicaTaskSessions`, operationId: 'cdp_replica_session_task_sessions_get' }] : []),
        ];
      },
    },
  },
  {
    name: 'nas-jobs',
    label: 'file share backup jobs (both forms) and their backup sessions',
    operation: 'GET /api/nas/jobs/{ID}/backupSessions',
    needs: ['api>=v1_5', 'data:nasJobs'],
    fixed: () => [{ path: '/api/nas/jobs', operationId: 'nas_job_collection_get' }],
    sampled: {
      source: NAS_JOBS,
      resources: async (_ctx, id) => [
        ...bothForms(`/api/nas/jobs/${id}`, 'nas_job_get'),
        { path: `/api/nas/jobs/${id}/backupSessions`, operationId: 'nas_job_backup_sessions_get' },
      ],
    },
  },
  {
    name: 'query',
    label: 'query results of every query type the API version offers, as references and as entities',
    operation: 'GET /api/query',
    needs: [],
    fixed: (ctx) => ctx.queryTypes
      .filter((type) => compareVeeamVersions(ctx.target.apiVersion as VeeamApiVersion, type.introduced) >= 0)
      .flatMap((type) => [
        { path: `/api/query?type=${type.type}&pageSize=20`, operationId: 'query_get' },
        { path: `/api/query?type=${type.type}&format=Entities&pageSize=20`, operationId: 'query_get' },
      ]),
  },
];

/** Runs `rule` on the family's fixed resources, then on the resources of every sampled ID. */
async function onEveryResource(ctx: VeeamCheckContext, family: Family, salt: number, rule: (r: Resource) => Promise<void>): Promise<void> {
  for (const resource of family.fixed(ctx)) await rule(resource);
  if (!family.sampled) return;
  const { source, resources } = family.sampled;
  await forSampledIds(ctx, await discover(ctx, source), salt, async (id) => {
    for (const resource of await resources(ctx, id)) await rule(resource);
  });
}

function familyChecks(family: Family): VeeamCheck[] {
  const id = (rule: string) => `veeam.representations.${family.name}.${rule}`;
  return [
    veeamCheck({
      id: id('xml-by-default'),
      title: `Without Accept and with Accept */*, ${family.label} answer XML (application/xml) in the EM namespace, valid against the XSD with the documented root`,
      operation: family.operation,
      requirement: `${REPRESENTATIONS} (XML by default, also for */*; namespace http://www.veeam.com/ent/v1.0); seeds 003–004 · Accept, Content-type`,
      needs: family.needs,
      run: (ctx) => onEveryResource(ctx, family, saltOf(id('xml-by-default')), (r) => mustServeXml(ctx, r)),
    }),
    veeamCheck({
      id: id('json-mirrors-xml'),
      title: `With Accept application/json, ${family.label} answer JSON valid against the spec and equal to their XML answer under the documented mapping`,
      operation: family.operation,
      requirement: `${REPRESENTATIONS} (JSON mirrors XML); spec info.x-veeam-json-mapping; seeds 003–004 · Accept, Content-type`,
      needs: family.needs,
      run: (ctx) => onEveryResource(ctx, family, saltOf(id('json-mirrors-xml')), async (r) => {
        await mustMirrorJson(ctx, r);
      }),
    }),
  ];
}

/** Both representations of every resource kind: XML by default, JSON on request, the one mirroring the other. */
export const representationChecks: VeeamCheck[] = FAMILIES.flatMap(familyChecks);
