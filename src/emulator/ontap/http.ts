import type { IncomingMessage, ServerResponse } from 'node:http';

/** An ONTAP error answer: thrown by handlers, rendered once by the server. */
export class OntapHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

export const notFound = (target?: string) => new OntapHttpError(404, '4', "entry doesn't exist", target);

/** JSON responses are HAL unless the client asked for plain application/json (ontap-rest.md · Transport). */
export function contentTypeFor(req: IncomingMessage): string {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('application/hal+json')
    ? 'application/json'
    : 'application/hal+json';
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentTypeFor(req), 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Records per chunk of a streamed collection page. */
const CHUNK_RECORDS = 256;

/**
 * Sends `{...head, "records": [...]}` without building it as one string: the records are projected and written a
 * chunk at a time, waiting for the socket to drain whenever it is full, so a 100 MB answer costs the emulator a
 * chunk of memory, not the whole body. The bytes are those of `JSON.stringify({ ...head, records })`; the length is
 * not known up front, so the answer is chunked.
 */
export async function sendStreamedJson(
  req: IncomingMessage, res: ServerResponse, status: number, head: Record<string, unknown>, records: readonly Record<string, unknown>[],
  project: (record: Record<string, unknown>) => unknown, headers: Record<string, string> = {},
): Promise<void> {
  res.writeHead(status, { 'content-type': contentTypeFor(req), ...headers });
  const open = JSON.stringify(head);
  let chunk = `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"records":[`;
  for (let i = 0; i < records.length; i += CHUNK_RECORDS) {
    const end = Math.min(records.length, i + CHUNK_RECORDS);
    for (let j = i; j < end; j++) chunk += `${j > 0 ? ',' : ''}${JSON.stringify(project(records[j]!))}`;
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
    chunk = '';
  }
  res.end(`${chunk}]}`);
}

/** Resolves when the response can take more data, or when its connection is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function errorBody(error: OntapHttpError, codeAsNumber: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { message: error.message, code: codeAsNumber ? Number(error.code) : error.code };
  if (error.target !== undefined) body.target = error.target;
  return { error: body };
}

const MAX_BODY = 1 << 20;

/** Reads a request body (at most 1 MiB); a larger one is a client error, not a crash. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new OntapHttpError(413, '262199', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a PATCH body: malformed JSON or a non-object is code 262199 (ontap-rest.md · Errors). */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OntapHttpError(400, '262199', 'JSON parse error: the request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OntapHttpError(400, '262199', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
