import { describe, expect, it } from 'vitest';
import { failureParts, htmlReport } from '../../src/report/html.ts';
import type { Summary } from '../../src/report/summary.ts';

type Entry = Summary['checks'][number];

const entry = (id: string, status: Entry['status'], extra: Partial<Entry> = {}): Entry => ({
  id, title: `rule of ${id}`, api: id.split('.')[0]!, operation: 'GET /protocols/ndmp/sessions', status, requirement: 'seed 001 · Parameters', ...extra,
});

const summary = (checks: Entry[], extra: Partial<Summary> = {}): Summary => ({
  tool: { name: 'conformance', version: '0.1.0' }, seed: 42, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 12_345,
  targets: { ontap: { url: 'https://cluster.example', version: '9.14.1', mode: 'svm' }, veeam: { url: 'https://em.example:9398', apiVersion: 'v1_7' } },
  verdict: checks.some((c) => c.status === 'failed' || c.status === 'error') ? 'fail' : 'pass',
  counts: { passed: checks.filter((c) => c.status === 'passed').length, failed: checks.filter((c) => c.status === 'failed').length, skipped: checks.filter((c) => c.status === 'skipped').length },
  checks, ...extra,
});

const FAILURE = 'GET /api/protocols/ndmp/sessions?state=active\nexpected: only records with state=active\nreceived: 3 records with state=idle: [{"state":"idle"}]\nseed: 42';
const CURL = "curl -sS -u 'admin:<redacted>' 'https://cluster.example/api/protocols/ndmp/sessions?state=active'";

const RUN = summary([
  entry('ontap.sessions.filter.matches-oracle', 'passed'),
  entry('ontap.sessions.filter.range', 'failed', { reason: FAILURE, reproduce: CURL }),
  entry('ontap.sessions.patch.restores', 'skipped', { reason: 'writes are not allowed (use --allow-writes)' }),
  entry('ontap.svms.patch.enable', 'skipped', { reason: 'writes are not allowed (use --allow-writes)' }),
  entry('ontap.nodes.scope', 'skipped', { reason: 'the target is in svm scope, the check needs node scope' }),
  entry('veeam.logon.created', 'passed'),
  entry('veeam.query.filter', 'error', { reason: 'engine error: boom' }),
]);

describe('report.html', () => {
  const html = htmlReport(RUN);

  it('opens with the verdict and the counts per API and per resource', () => {
    expect(html).toMatch(/<h1>conformance 0\.1\.0 <span class="verdict fail">fail<\/span><\/h1>/);
    const overview = html.slice(html.indexOf('<table class="overview">'), html.indexOf('</table>'));
    expect(html.indexOf('<table class="overview">')).toBeLessThan(html.indexOf('id="failures"'));
    // ontap: 1 passed, 1 failed, 3 skipped, 0 errors; its verdict fails.
    expect(overview).toMatch(/<th>ontap <span class="verdict fail">fail<\/span><br><small>url https:\/\/cluster\.example, version 9\.14\.1, mode svm<\/small><\/th><td class="n">1<\/td><td class="n failed">1<\/td><td class="n">3<\/td><td class="n">0<\/td>/);
    expect(overview).toMatch(/<td class="resource">sessions<\/td><td class="n">1<\/td><td class="n failed">1<\/td><td class="n">1<\/td>/);
    expect(overview).toMatch(/<td class="resource">svms<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">1<\/td>/);
    expect(overview).toMatch(/<th>veeam <span class="verdict fail">fail<\/span>/);
    expect(overview).toContain('<th>errors</th>');
  });

  it('shows failures first, each with what was asked, expected and received, and the curl line', () => {
    const failures = html.indexOf('id="failures"');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(html.indexOf('id="skips"'));
    expect(html.indexOf('id="skips"')).toBeLessThan(html.indexOf('id="passes"'));
    const card = html.slice(html.indexOf('id="check-ontap.sessions.filter.range"'), html.indexOf('</article>', html.indexOf('id="check-ontap.sessions.filter.range"')));
    expect(card).toContain('<dt>request</dt><dd><pre>GET /api/protocols/ndmp/sessions?state=active</pre></dd>');
    expect(card).toContain('<dt>expected</dt><dd><pre>only records with state=active</pre></dd>');
    expect(card).toContain('<dt>received</dt><dd><pre>3 records with state=idle: [{&quot;state&quot;:&quot;idle&quot;}]</pre></dd>');
    expect(card).toContain('<dt>details</dt><dd><pre>seed: 42</pre></dd>');
    expect(card).toContain(`<dt>reproduce</dt><dd><pre>curl -sS -u &#39;admin:&lt;redacted&gt;&#39; &#39;https://cluster.example/api/protocols/ndmp/sessions?state=active&#39;</pre></dd>`);
    // Engine errors are listed with the failures, with their reason.
    expect(html).toContain('<dt>reason</dt><dd><pre>engine error: boom</pre></dd>');
  });

  it('groups skips by reason, the most frequent first', () => {
    const skips = html.slice(html.indexOf('id="skips"'), html.indexOf('id="passes"'));
    const writes = skips.indexOf('writes are not allowed (use --allow-writes) <span class="count">(2)</span>');
    const scope = skips.indexOf('the target is in svm scope, the check needs node scope <span class="count">(1)</span>');
    expect(writes).toBeGreaterThan(0);
    expect(scope).toBeGreaterThan(writes);
    expect(skips.slice(writes, scope)).toContain('ontap.sessions.patch.restores');
    expect(skips.slice(writes, scope)).toContain('ontap.svms.patch.enable');
  });

  it('carries what the filter needs: a search box, a box per status present, status and text on every check', () => {
    expect(html).toContain('<input type="search" id="search"');
    for (const status of ['failed', 'error', 'skipped', 'passed']) expect(html).toContain(`<input type="checkbox" value="${status}" checked>`);
    expect(html.match(/class="check /g)).toHaveLength(RUN.checks.length);
    expect(html).toContain('data-status="failed" data-text="ontap.sessions.filter.range rule of ontap.sessions.filter.range get /protocols/ndmp/sessions"');
    const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
    expect(() => new Function(script)).not.toThrow();
  });

  it('needs nothing from outside the file', () => {
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('escapes everything a target wrote', () => {
    const hostile = htmlReport(summary([entry('ontap.sessions.x', 'failed', { reason: 'expected: a\nreceived: <script>alert(1)</script>', reproduce: "curl '<img src=x>'" })]));
    expect(hostile).not.toContain('<script>alert(1)</script>');
    expect(hostile).not.toContain('<img src=x>');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says when the run was stopped, and leaves out empty sections', () => {
    const stopped = htmlReport(summary([entry('ontap.sessions.a', 'skipped', { reason: 'not run: the run was interrupted (SIGINT)' })], { interrupted: true, stopped: 'the run was interrupted (SIGINT)', verdict: 'fail' }));
    expect(stopped).toContain('<p class="notice">The run was stopped: the run was interrupted (SIGINT).');
    expect(stopped).not.toContain('id="failures"');
    expect(stopped).not.toContain('id="passes"');
    expect(stopped).not.toContain('value="passed"');
  });
});

describe('failure reasons in parts', () => {
  it('splits request, expected, received and the rest; keeps other shapes whole', () => {
    expect(failureParts(FAILURE)).toEqual({ request: 'GET /api/protocols/ndmp/sessions?state=active', expected: 'only records with state=active', received: '3 records with state=idle: [{"state":"idle"}]', rest: 'seed: 42' });
    expect(failureParts('expected: a\nreceived: line one\nline two\nseed: 1')).toEqual({ expected: 'a', received: 'line one\nline two', rest: 'seed: 1' });
    expect(failureParts('GET /api/x\nthe exchange with https://h failed: connection reset by the server\nseed: 3')).toEqual({ request: 'GET /api/x', rest: 'the exchange with https://h failed: connection reset by the server\nseed: 3' });
    expect(failureParts(undefined)).toEqual({ rest: '' });
  });
});
