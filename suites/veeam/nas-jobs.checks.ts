import fc from 'fast-check';
import { excerpt, fail, mustGetXml } from '../../src/checks/veeam-expect.ts';
import type { VeeamCapability, VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import { discover, forSampledIds, NAS_JOBS, saltOf } from './shared/discover.ts';
import {
  GUID, guidOf, mustBeOneOf, mustGetDoc, mustLead, mustLink, mustSessionName, mustUtc, refsOf, sameUid, SEED_004, uidGuid, veeamCheck,
  type Doc, type DocAnswer,
} from './shared/documents.ts';
import { asksForEntity, enumOf, followAlternate, mustEndTimeMatchState, mustHrefOf, mustResolveLinks } from './shared/sessions.ts';

const OPERATION = 'GET /api/nas/jobs/{ID}/backupSessions';
const NEEDS: VeeamCapability[] = ['api>=v1_5', 'data:nasJobs'];
const SESSION_TYPE = 'BackupJobSession';
const REFERENCE_TYPE = 'BackupJobSessionReference';
const G = GUID.source.slice(1, -1);
/** Sessions of one job judged by the rules that need requests of their own: the newest ones, then a seeded choice. */
const SESSIONS_PER_JOB = 10;
const NEWEST = 3;

/** The sessions list of one NAS job, and the sessions the request-heavy rules look at. */
interface JobSessions {
  jobId: string;
  answer: DocAnswer;
  refs: Doc[];
  sample: Doc[];
}

/** The time in a session's Name (`<job>@<yyyy-MM-dd HH:mm:ss>`): sorts the newest first. */
const nameTime = (ref: Doc) => String(ref.Name ?? '').split('@').pop() ?? '';

async function jobSessions(ctx: VeeamCheckContext, jobId: string, validate = false): Promise<JobSessions> {
  const path = `/api/nas/jobs/${jobId}/backupSessions`;
  const answer = validate ? await mustGetXml(ctx, ctx.veeam, path, { roots: 'EntityReferences' }) : await mustGetDoc(ctx.veeam, path, ['EntityReferences']);
  const refs = refsOf(answer.doc);
  let sample = refs;
  if (refs.length > SESSIONS_PER_JOB) {
    const newest = [...refs].sort((a, b) => nameTime(b).localeCompare(nameTime(a))).slice(0, NEWEST);
    const others = refs.filter((ref) => !newest.includes(ref));
    const [chosen] = fc.sample(fc.shuffledSubarray(others, { minLength: SESSIONS_PER_JOB - NEWEST, maxLength: SESSIONS_PER_JOB - NEWEST }), { seed: ctx.seed, numRuns: 1 });
    sample = [...newest, ...chosen!];
  }
  return { jobId, answer, refs, sample };
}

/** The GUID of a listed session's Href (the list rule has checked that it ends in one). */
function sessionId(answer: DocAnswer, ref: Doc): string {
  const guid = typeof ref.Href === 'string' ? guidOf(ref.Href) : undefined;
  if (!guid) fail(answer.res, 'every listed session with an Href at /backupSessions/{ID}', excerpt(ref, 200));
  return guid;
}

/** One rule judged on the sessions of a seeded sample of the NAS jobs discovery finds; a job without sessions passes. */
function nasCheck(rule: string, title: string, requirement: string, judge: (ctx: VeeamCheckContext, job: JobSessions) => Promise<void>, validate = false): VeeamCheck {
  const id = `veeam.nas-jobs.${rule}`;
  return veeamCheck({
    id, title, operation: OPERATION, requirement, needs: NEEDS,
    async run(ctx) {
      const discovered = await discover(ctx, NAS_JOBS);
      await forSampledIds(ctx, discovered, saltOf(id), async (jobId) => judge(ctx, await jobSessions(ctx, jobId, validate)));
    },
  });
}

const text = (doc: Doc, name: string) => (typeof doc[name] === 'string' ? (doc[name] as string) : undefined);

/** The BackupJobSession entity of a listed session, read at its documented URL (not through its links). */
async function entityOf(ctx: VeeamCheckContext, job: JobSessions, ref: Doc): Promise<DocAnswer> {
  return mustGetDoc(ctx.veeam, `/api/backupSessions/${sessionId(job.answer, ref)}`, [SESSION_TYPE], { query: { format: 'Entity' } });
}

/** GET /nas/jobs/{ID}/backupSessions (seed 004) and the sessions it lists. */
export const nasJobChecks: VeeamCheck[] = [
  nasCheck('sessions-list', 'GET /nas/jobs/{ID}/backupSessions answers EntityReferences valid against the XSD, each Ref of Type BackupJobSessionReference at /backupSessions/{ID}', `${SEED_004} · Response body, Example`, async (_ctx, job) => {
    for (const ref of job.refs) {
      if (ref.Type !== REFERENCE_TYPE) fail(job.answer.res, `every Ref of Type ${REFERENCE_TYPE}`, excerpt({ Type: ref.Type, Href: ref.Href }, 200));
      mustHrefOf(job.answer.res, ref, ['/backupSessions'], sessionId(job.answer, ref), 'every listed session');
    }
  }, true),
  nasCheck('session-uid', 'The UID of each listed session is urn:veeam:BackupJobSession:<the GUID of its Href>', `${SEED_004} · Example (UID); veeam-em.md · Representations (UIDs are URNs)`, async (_ctx, job) => {
    for (const ref of job.refs) {
      const guid = uidGuid(ref.UID, SESSION_TYPE);
      if (!guid || guid.toLowerCase() !== sessionId(job.answer, ref).toLowerCase()) fail(job.answer.res, `UID urn:veeam:${SESSION_TYPE}:<the GUID of the Href>`, `UID ${excerpt(ref.UID, 100)}, Href ${excerpt(ref.Href, 200)}`);
    }
  }),
  nasCheck('session-name', 'Each listed session is named <job name>@<yyyy-MM-dd HH:mm:ss>', `${SEED_004} · Example (Name); veeam-em.md · Representations (names of sessions)`, async (_ctx, job) => {
    for (const ref of job.refs) mustSessionName(job.answer.res, ref.Name, `the session ${String(ref.Href)}`);
  }),
  nasCheck('session-links', 'Each listed session links Up to its backup server and to its job (/jobs/{ID} of the NAS job), Alternate to its entity and Down to its task sessions, and every link resolves', `${SEED_004} · Example (Links)`, async (ctx, job) => {
    const { res } = job.answer;
    for (const ref of job.sample) {
      const id = sessionId(job.answer, ref);
      mustLead(res, mustLink(res, ref, 'Up', 'BackupServerReference', 'the backup server'), new RegExp(`^/backupServers/${G}$`, 'i'), '/backupServers/{ID}');
      mustLead(res, mustLink(res, ref, 'Up', 'JobReference', 'the job the session belongs to'), new RegExp(`^/jobs/${job.jobId}$`, 'i'), `/jobs/${job.jobId} (the NAS job whose sessions these are)`);
      const alternate = mustLink(res, ref, 'Alternate', SESSION_TYPE, 'the entity form of the session');
      mustLead(res, alternate, new RegExp(`^/backupSessions/${id}$`, 'i'), `/backupSessions/${id}?format=Entity`);
      if (!asksForEntity(alternate.Href)) fail(res, 'the Alternate link to ask for the entity (?format=Entity)', `Href ${excerpt(alternate.Href, 200)}`);
      mustLead(res, mustLink(res, ref, 'Down', 'BackupTaskSessionReferenceList', 'the task sessions'), new RegExp(`^/backupSessions/${id}/taskSessions$`, 'i'), `/backupSessions/${id}/taskSessions`);
      await mustResolveLinks(ctx, res, ref);
    }
  }),
  nasCheck('alternate-entity', "The Alternate link of each listed session leads to its BackupJobSession entity (same Name and UID), whose Alternate link leads back to the session's reference", `${SEED_004} · Example (Alternate); veeam-em.md · Representations (reference and entity forms)`, async (ctx, job) => {
    for (const ref of job.sample) {
      const entity = await followAlternate(ctx, job.answer.res, ref, SESSION_TYPE, [SESSION_TYPE]);
      for (const name of ['Name', 'UID'] as const) {
        if (name === 'UID' ? !sameUid(entity.doc.UID, ref.UID) : entity.doc.Name !== ref.Name) fail(entity.res, `the ${name} of the listed reference (${excerpt(ref[name], 100)})`, `${name} ${excerpt(entity.doc[name], 100)}`);
      }
      const back = await followAlternate(ctx, entity.res, entity.doc, REFERENCE_TYPE, ['EntityRef']);
      if (!sameUid(back.doc.UID, ref.UID) || back.doc.Type !== REFERENCE_TYPE) fail(back.res, `the reference of the same session (UID ${excerpt(ref.UID, 100)})`, `Type ${excerpt(back.doc.Type, 60)}, UID ${excerpt(back.doc.UID, 100)}`);
    }
  }),
  nasCheck('session-entity', 'The entity of each listed session belongs to the job (JobUid urn:veeam:Job:{ID}) and carries documented values: JobType, State and Result within their enums, UTC timestamps with Z, Progress 0–100, IsRetry a boolean', `${SEED_004}; veeam-em.md · BackupJobSession and NAS jobs`, async (ctx, job) => {
    for (const ref of job.sample) {
      const { res, doc } = await entityOf(ctx, job, ref);
      const jobGuid = uidGuid(doc.JobUid, 'Job');
      if (!jobGuid || jobGuid.toLowerCase() !== job.jobId.toLowerCase()) fail(res, `JobUid urn:veeam:Job:${job.jobId} (the NAS job that lists the session)`, `JobUid ${excerpt(doc.JobUid, 100)}`);
      mustBeOneOf(res, 'JobType', text(doc, 'JobType'), enumOf(ctx, 'BackupJobType'));
      mustBeOneOf(res, 'State', text(doc, 'State'), enumOf(ctx, 'BackupJobSessionState'));
      mustBeOneOf(res, 'Result', text(doc, 'Result'), enumOf(ctx, 'BackupJobSessionResult'));
      mustUtc(res, 'CreationTimeUTC', text(doc, 'CreationTimeUTC'));
      mustUtc(res, 'EndTimeUTC', text(doc, 'EndTimeUTC'), true);
      const progress = Number(text(doc, 'Progress')?.trim() ?? Number.NaN);
      if (!/^\s*[+-]?\d+\s*$/.test(text(doc, 'Progress') ?? '') || progress < 0 || progress > 100) fail(res, 'Progress a whole number from 0 to 100', `Progress ${excerpt(doc.Progress, 60)}`);
      if (!/^\s*(true|false|1|0)\s*$/.test(text(doc, 'IsRetry') ?? '')) fail(res, 'IsRetry a boolean', `IsRetry ${excerpt(doc.IsRetry, 60)}`);
    }
  }),
  nasCheck('end-time-while-running', 'EndTimeUTC of each listed session is absent exactly while the session runs (State other than Stopped)', `veeam-em.md · BackupJobSession and NAS jobs (EndTimeUTC 0..1)`, async (ctx, job) => {
    for (const ref of job.sample) {
      const { res, doc } = await entityOf(ctx, job, ref);
      mustEndTimeMatchState(res, doc, enumOf(ctx, 'BackupJobSessionState'), enumOf(ctx, 'BackupJobSessionState').filter((state) => state !== 'Stopped'), 'State other than Stopped');
    }
  }),
  nasCheck('sessions-in-backup-sessions', 'Every session listed for a NAS job is also listed by GET /backupSessions', `${SEED_004} ("File share backup job sessions are also displayed in the representation of the /backupSessions resource collection")`, async (ctx, job) => {
    if (job.refs.length === 0) return;
    const listedBy = async () => new Set(refsOf((await mustGetDoc(ctx.veeam, '/api/backupSessions', ['EntityReferences'])).doc).map((ref) => (typeof ref.Href === 'string' ? guidOf(ref.Href)?.toLowerCase() : undefined)));
    const all = await listedBy();
    const missing = job.refs.map((ref) => sessionId(job.answer, ref)).filter((id) => !all.has(id.toLowerCase()));
    if (missing.length === 0) return;
    // The 30-day window moves on between the two requests: a session may have just left both lists.
    const again = await jobSessions(ctx, job.jobId);
    const stillListed = new Set(again.refs.map((ref) => sessionId(again.answer, ref).toLowerCase()));
    const allAgain = await listedBy();
    const lost = missing.filter((id) => stillListed.has(id.toLowerCase()) && !allAgain.has(id.toLowerCase()));
    if (lost.length > 0) fail(again.answer.res, 'every session of the NAS job also in GET /api/backupSessions', `not listed there: ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}`);
  }),
];
