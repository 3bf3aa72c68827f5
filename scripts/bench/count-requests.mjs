// Preloaded into `conformance run` by the benchmark (node --import): counts the requests every HTTP(S) server of
// the process receives — the embedded emulators — and writes the counts, per API, to $BENCH_REQUEST_COUNTS at exit.
// A server is ONTAP's when it was asked for /api/cluster or /api/protocols/..., Veeam's when it was asked for its
// logon (/api/sessionMngr/); the emulators themselves are left as they are.
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const servers = new Map();
diagnostics.subscribe('http.server.request.start', ({ request, server }) => {
  let entry = servers.get(server);
  if (!entry) servers.set(server, (entry = { requests: 0, api: 'other' }));
  entry.requests++;
  const path = (request.url ?? '').toLowerCase();
  if (entry.api === 'other' && /^\/+api\/+(cluster|protocols)/.test(path)) entry.api = 'ontap';
  if (entry.api === 'other' && /^\/+api\/+sessionmngr/.test(path)) entry.api = 'veeam';
});

process.on('exit', () => {
  const file = process.env.BENCH_REQUEST_COUNTS;
  if (!file) return;
  const perApi = { ontap: 0, veeam: 0, other: 0 };
  for (const { api, requests } of servers.values()) perApi[api] += requests;
  writeFileSync(file, JSON.stringify({ servers: servers.size, ...perApi }));
});
