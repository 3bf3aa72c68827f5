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
