import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport, observeExchanges, type ExchangeRecord } from '../../src/client/http.ts';
import { REDACTED } from '../../src/client/redact.ts';
import { checkLabels, passFacets, profileOf, severityOf } from '../../src/report/allure-labels.ts';
import { boundedBody, exchangeStep, ExchangeLog, HEAD_STEPS, MAX_ATTACHED_BODY, requestLine, TAIL_STEPS } from '../../src/report/allure-steps.ts';

const SECRET = 'Zq8-Tn4Vx2Hb6Lm';

function record(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return { method: 'GET', url: 'https://cluster.example:8443/api/protocols/ndmp/sessions?fields=id%2Cstate', curl: "curl -sS -u 'admin:<redacted>' 'https://cluster.example:8443/api/protocols/ndmp/sessions'", start: 0, durationMs: 7, answer: { status: 200, headers: { 'content-type': 'application/hal+json; charset=utf-8' }, text: '{"records":[]}' }, ...overrides };
}

describe('profiles and labels of a check', () => {
  it('core: needs nothing a conformant server may lack; extended: a capability of the target or the run (the certification profiles)', () => {
    expect(profileOf([])).toBe('core');
    expect(profileOf(['data:sessions', 'data:svms'])).toBe('core');
    expect(profileOf(['ndmp-mode:svm', 'api>=v1_5', 'data:nasJobs'])).toBe('core');
    for (const need of ['writes', 'destructive', 'readonly-credentials', 'ndmp-mode:node', 'version>=9.9', 'api>=v1_6', 'session-timeout']) {
      expect(profileOf([need]), need).toBe('extended');
      expect(profileOf(['data:sessions', need]), need).toBe('extended');
    }
    expect(severityOf('core')).toBe('critical');
    expect(severityOf('extended')).toBe('normal');
  });

  it('names the api, resource, operation, check id, requirement, severity and every need', () => {
    const labels = checkLabels({ id: 'ontap.sessions.patch.restores', api: 'ontap', operation: 'PATCH /protocols/ndmp/svms/{svm.uuid}', requirement: 'seed 003 · Update', needs: ['writes', 'data:svms'] });
    expect(labels).toEqual([
      { name: 'epic', value: 'ontap' },
      { name: 'feature', value: 'sessions' },
      { name: 'story', value: 'PATCH /protocols/ndmp/svms/{svm.uuid}' },
      { name: 'check', value: 'ontap.sessions.patch.restores' },
      { name: 'requirement', value: 'seed 003 · Update' },
      { name: 'profile', value: 'extended' },
      { name: 'severity', value: 'normal' },
      { name: 'tag', value: 'writes' },
      { name: 'tag', value: 'data:svms' },
    ]);
  });

  it('tells passes apart by their facets, never by URL or version (history follows a check across both)', () => {
    expect(passFacets({ url: 'https://127.0.0.1:41234', version: '9.14.1', mode: 'svm' })).toEqual([['mode', 'svm']]);
    expect(passFacets({ url: 'http://em:9398', apiVersion: 'v1_7' })).toEqual([]);
    expect(passFacets(undefined)).toEqual([]);
  });
});

describe('one step per exchange', () => {
  it('names the request line (path and readable query, no host) and the status', () => {
    expect(exchangeStep(record()).title).toBe('GET /api/protocols/ndmp/sessions?fields=id,state → 200');
    expect(requestLine('GET', 'http://h/api/x?query=a%3Db')).toBe('GET /api/x?query=a%3Db');
    const failed = exchangeStep(record({ answer: undefined, error: 'connection reset by the server' }));
    expect(failed.title).toBe('GET /api/protocols/ndmp/sessions?fields=id,state → no answer');
    expect(failed.error).toBe('connection reset by the server');
    expect(exchangeStep(record()).contentType).toBe('application/hal+json');
  });

  it('redacts the body and the curl line before keeping them', () => {
    const basic = Buffer.from(`admin:${SECRET}`).toString('base64');
    const step = exchangeStep(record({
      curl: `curl -H 'Authorization: Basic ${basic}' 'https://h/api/x'`,
      answer: { status: 200, headers: {}, text: JSON.stringify({ password: 'generated-ndmp-pw', echo: `you sent ${SECRET}` }) },
    }), [SECRET]);
    expect(step.body).not.toContain(SECRET);
    expect(step.body).not.toContain('generated-ndmp-pw');
    expect(step.body).toContain(REDACTED);
    expect(step.curl).not.toContain(basic);
  });

  it('cuts a large body after redacting it, whatever the offset of the secret around the cut', () => {
    for (let pad = MAX_ATTACHED_BODY - SECRET.length - 2; pad <= MAX_ATTACHED_BODY + 2; pad++) {
      const body = boundedBody(`${'x'.repeat(pad)}${SECRET}${'y'.repeat(10_000)}`, [SECRET]);
      for (let i = 0; i + 5 <= SECRET.length; i++) expect(body.includes(SECRET.slice(i, i + 5)), `pad ${pad}`).toBe(false);
      expect(body.length).toBeLessThan(MAX_ATTACHED_BODY + 100);
    }
    expect(boundedBody('x'.repeat(MAX_ATTACHED_BODY * 3))).toMatch(/cut at \d+ of \d+ characters\)$/);
    expect(boundedBody('short')).toBe('short');
  });

  it('keeps the first and the last exchanges of a check and counts those in between', () => {
    const log = new ExchangeLog();
    const total = HEAD_STEPS + TAIL_STEPS + 30;
    for (let i = 0; i < total; i++) log.add(record({ url: `https://h/api/x/${i}`, answer: { status: i % 2 ? 200 : 404, headers: {}, text: '' } }));
    const steps = log.steps();
    expect(steps.head).toHaveLength(HEAD_STEPS);
    expect(steps.tail).toHaveLength(TAIL_STEPS);
    expect(steps.head[0]!.title).toBe('GET /api/x/0 → 404');
    expect(steps.tail.at(-1)!.title).toBe(`GET /api/x/${total - 1} → 200`);
    expect(steps.omitted.count).toBe(30);
    expect(steps.omitted.statuses).toEqual({ 200: 15, 404: 15 });
  });
});

describe('the transport tells the observer of its context about every exchange', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') {
        req.socket.destroy();
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('records answers and failures in order, only within its context, and changes no answer', async () => {
    const transport = new HttpTransport(base, {});
    const seen: ExchangeRecord[] = [];
    const send = (path: string) => transport.send({ method: 'GET', url: `${base}${path}`, headers: {}, curl: `curl '${base}${path}'` });
    try {
      const answers = await observeExchanges((exchange) => seen.push(exchange), async () => {
        const ok = await send('/a');
        const missing = await send('/missing');
        const broken = await send('/slow').catch((error: Error) => error);
        return { ok, missing, broken };
      });
      await send('/outside');
      expect(answers.ok.status).toBe(200);
      expect(answers.ok.text).toBe('{"path":"/a"}');
      expect(answers.missing.status).toBe(404);
      expect(answers.broken).toBeInstanceOf(Error);
      expect(seen.map((exchange) => [exchange.url.replace(base, ''), exchange.answer?.status ?? 'error'])).toEqual([['/a', 200], ['/missing', 404], ['/slow', 'error']]);
      expect(seen[0]!.answer!.text).toBe('{"path":"/a"}');
      expect(seen[2]!.error).toBeTruthy();

      // An observer that throws changes nothing.
      const again = await observeExchanges(() => {
        throw new Error('observer broke');
      }, () => send('/b'));
      expect(again.status).toBe(200);
    } finally {
      await transport.close();
    }
  });
});
