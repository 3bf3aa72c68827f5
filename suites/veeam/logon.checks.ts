import { excerpt, fail, mustErrorDocument, mustGetXml, mustMediaType, mustStatus, parseXml } from '../../src/checks/veeam-expect.ts';
import type { VeeamCheck, VeeamCheckContext } from '../../src/checks/veeam-model.ts';
import { sleep } from '../../src/client/limits.ts';
import { TOKEN_HEADER, type VeeamClient, type VeeamResponse } from '../../src/client/veeam-client.ts';

const LOGON = 'veeam-em.md · Logon and sessions';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A resource every session may read: what the token checks ask for. */
const PROTECTED = '/api/backupSessions';

const check = (c: Omit<VeeamCheck, 'api'>): VeeamCheck => ({ api: 'veeam', ...c });

/** Logs on with a session of the check's own (not the pass's), and logs it off afterwards whatever happens. */
async function ownSession(ctx: VeeamCheckContext): Promise<{ client: VeeamClient; res: VeeamResponse }> {
  const client = ctx.anonymous.fresh();
  const res = await client.logon(ctx.target.apiVersion);
  ctx.cleanup('log off the check\'s own logon session', async () => {
    await client.logoff();
  });
  mustStatus(res, 201);
  if (!client.session.token) fail(res, `an ${TOKEN_HEADER} header with the session token`, 'no such header');
  return { client, res };
}

/** The answer to a request without a valid session: 401 with an Error document. */
function mustBeUnauthorized(res: VeeamResponse, why: string): void {
  if (res.status !== 401) fail(res, `HTTP 401 ${why}`, `HTTP ${res.status} ${excerpt(res.text, 200)}`);
  mustErrorDocument(res, 'xml');
}

/** Logon, the session token and the session lifecycle. */
export const logonChecks: VeeamCheck[] = [
  check({
    id: 'veeam.entry.without-logon',
    title: 'GET /api/ answers without logon with the EnterpriseManager entry point and its supported versions',
    operation: 'GET /api/',
    requirement: 'veeam-em.md · Base, versions, entry point',
    needs: [],
    async run(ctx) {
      const { res, doc } = await mustGetXml(ctx, ctx.anonymous, '/api/', { token: null, roots: 'EnterpriseManager' });
      const versions = ((doc.SupportedVersions as { SupportedVersion?: Array<{ Name?: string }> } | undefined)?.SupportedVersion ?? []).map((v) => v.Name);
      if (!versions.includes(ctx.target.apiVersion)) fail(res, `SupportedVersions listing ${ctx.target.apiVersion}`, versions.join(', ') || 'none');
      const links = ((doc.Links as { Link?: Array<{ Rel?: string; Href?: string }> } | undefined)?.Link ?? []);
      if (!links.some((link) => link.Rel === 'Create' && /\/api\/sessionMngr\/?/.test(link.Href ?? ''))) fail(res, 'a Create link to /api/sessionMngr/', excerpt(links, 300));
    },
  }),
  check({
    id: 'veeam.logon.created',
    title: 'A logon answers 201 with the token in the X-RestSvcSessionId header and cookie and a LogonSession body',
    operation: 'POST /api/sessionMngr/',
    requirement: LOGON,
    needs: [],
    async run(ctx) {
      const { client, res } = await ownSession(ctx);
      const token = client.session.token!;
      const cookie = res.setCookies.find((line) => line.startsWith(`${TOKEN_HEADER}=`));
      if (!cookie) fail(res, `a Set-Cookie: ${TOKEN_HEADER}=<token>; Path=/api header`, res.setCookies.length ? res.setCookies.join(' | ').replace(token, '<token>') : 'no Set-Cookie');
      if (cookie.slice(TOKEN_HEADER.length + 1).split(';')[0] !== token) fail(res, 'the cookie to carry the header\'s token', 'another value');
      mustMediaType(res, 'xml');
      const errors = ctx.validateXml(res.text, 'LogonSession');
      if (errors.length > 0) fail(res, 'a LogonSession document valid against the XSD', errors.slice(0, 5).join('; '));
      const { doc } = parseXml(res);
      const sessionId = String(doc.SessionId ?? '');
      if (!GUID.test(sessionId)) fail(res, 'SessionId as a GUID', excerpt(sessionId, 80));
      if (sessionId === token) fail(res, 'a token that is not the SessionId', 'the token equals the SessionId');
      if (String(doc.UserName ?? '').toLowerCase().split('\\').pop() !== ctx.anonymous.options.credentials!.name.toLowerCase().split('\\').pop()) fail(res, `UserName of the user who logged on`, excerpt(doc.UserName, 80));
      const links = ((doc.Links as { Link?: Array<{ Rel?: string; Href?: string }> } | undefined)?.Link ?? []);
      if (!links.some((link) => link.Rel === 'Delete' && (link.Href ?? '').toLowerCase().endsWith(`/logonsessions/${sessionId.toLowerCase()}`))) fail(res, `a Delete link to /api/logonSessions/${sessionId}`, excerpt(links, 300));
    },
  }),
  check({
    id: 'veeam.logon.bad-credentials',
    title: 'A logon with a wrong password answers 401 with WWW-Authenticate: Basic Realm=RestSvc',
    operation: 'POST /api/sessionMngr/',
    requirement: LOGON,
    needs: [],
    async run(ctx) {
      const client = ctx.wrongPassword.fresh();
      const res = await client.logon(ctx.target.apiVersion);
      ctx.cleanup('log off a session a wrong password should not have opened', async () => {
        await client.logoff();
      });
      if (res.status !== 401) fail(res, 'HTTP 401', `HTTP ${res.status}`);
      const challenge = res.headers['www-authenticate'] ?? '';
      if (!/^basic\s+realm="?restsvc"?/i.test(challenge.trim())) fail(res, 'WWW-Authenticate: Basic Realm=RestSvc', challenge ? `WWW-Authenticate: ${challenge}` : 'no WWW-Authenticate');
    },
  }),
  check({
    id: 'veeam.auth.token-required',
    title: 'Without a token, or with a made-up one, a resource answers 401 with an Error document',
    operation: `GET ${PROTECTED}`,
    requirement: LOGON,
    needs: [],
    async run(ctx) {
      mustBeUnauthorized(await ctx.anonymous.get(PROTECTED, { token: null }), 'without a token');
      const madeUp = Buffer.from(`${ctx.seed}-not-a-session-${Date.now()}`).toString('base64');
      mustBeUnauthorized(await ctx.anonymous.get(PROTECTED, { token: madeUp }), 'with a made-up token');
    },
  }),
  check({
    id: 'veeam.auth.token-by-cookie',
    title: 'The session token is accepted from the X-RestSvcSessionId cookie as from the header',
    operation: `GET ${PROTECTED}`,
    requirement: LOGON,
    needs: [],
    async run(ctx) {
      mustStatus(await ctx.veeam.get(PROTECTED, { byCookie: true }), 200);
    },
  }),
  check({
    id: 'veeam.logoff.token-dead',
    title: 'DELETE /logonSessions/{ID} answers 204 and the token is refused afterwards',
    operation: 'DELETE /api/logonSessions/{ID}',
    requirement: LOGON,
    needs: [],
    async run(ctx) {
      const { client } = await ownSession(ctx);
      const token = client.session.token!;
      mustStatus(await client.get(PROTECTED), 200);
      const res = await client.logoff();
      mustStatus(res!, 204);
      mustBeUnauthorized(await client.get(PROTECTED, { token }), 'with the token of a session that was logged off');
    },
  }),
  check({
    id: 'veeam.logon.idle-expiry',
    title: 'A session expires after the idle timeout, and every request restarts the timeout (sliding)',
    operation: `GET ${PROTECTED}`,
    requirement: `${LOGON} (15 minutes idle, sliding)`,
    needs: ['session-timeout'],
    async run(ctx) {
      const timeout = ctx.target.sessionTimeoutMs!;
      const { client } = await ownSession(ctx);
      const token = client.session.token!;
      // The pass's shared session must not expire while this check idles its own: keep it busy meanwhile.
      const shared = ctx.veeam.session.sessionId;
      const heartbeat = setInterval(() => void ctx.veeam.get(`/api/logonSessions/${shared}`).catch(() => undefined), Math.max(200, timeout / 3));
      try {
        // Requests every 60 % of the timeout keep the session alive well past one timeout after logon.
        for (let i = 0; i < 2; i++) {
          await sleep(timeout * 0.6, ctx.signal);
          const res = await client.get(PROTECTED, { token });
          if (res.status !== 200) fail(res, `HTTP 200: the session was used ${Math.round(timeout * 0.6)} ms ago (sliding expiry)`, `HTTP ${res.status}`);
        }
        await sleep(timeout + 1000, ctx.signal);
        mustBeUnauthorized(await client.get(PROTECTED, { token }), `after ${(timeout + 1000) / 1000} s idle`);
      } finally {
        clearInterval(heartbeat);
      }
    },
  }),
];
