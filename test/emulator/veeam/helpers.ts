import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { XMLParser } from 'fast-xml-parser';
import { startVeeamEmulator, type RunningVeeamEmulator, type VeeamEmulatorOptions } from '../../../src/emulator/veeam/server.ts';
import { DEFAULT_VEEAM_CONFIG } from '../../../src/emulator/veeam/state.ts';

export type Json = Record<string, any>;

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON when it is JSON. */
  json: Json | undefined;
  /** The body parsed as XML (attributes without prefix, every value a string) when it is XML. */
  xml: Json | undefined;
}

export interface RequestOptions {
  accept?: string;
  /** How the token travels: the header (default), the cookie, both, or not at all. */
  via?: 'header' | 'cookie' | 'both' | 'none';
  token?: string;
  headers?: Record<string, string>;
  body?: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false });
const orderedParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, preserveOrder: true, trimValues: true });

export const parseXml = (text: string): Json => parser.parse(text) as Json;
/** fast-xml-parser's ordered form: `[{Tag: [children], ':@': {attributes}}]`, text as `{'#text': …}`. */
export const parseOrderedXml = (text: string): Json[] => orderedParser.parse(text) as Json[];

/** A minimal EM client for the tests: sends the request target exactly as given (no URL normalisation). */
export class VeeamTestClient {
  token: string | undefined;

  constructor(readonly url: string) {}

  send(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const target = new URL(this.url);
    const token = options.token ?? this.token;
    const headers: Record<string, string> = { ...(options.accept !== undefined ? { accept: options.accept } : {}), ...options.headers };
    const via = options.via ?? 'header';
    if (token !== undefined && (via === 'header' || via === 'both')) headers['X-RestSvcSessionId'] = token;
    if (token !== undefined && (via === 'cookie' || via === 'both')) headers.cookie = `X-RestSvcSessionId=${token}`;
    // Node sends a GET or DELETE body unframed unless its length is given.
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, method, path, headers, rejectUnauthorized: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? '');
          let json: Json | undefined;
          if (type.startsWith('application/json')) json = JSON.parse(text) as Json;
          const xml = type.startsWith('application/xml') ? parseXml(text) : undefined;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, xml });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  get(path: string, options: RequestOptions = {}): Promise<Answer> {
    return this.send('GET', path, options);
  }

  /** Logs on (latest version unless given) and keeps the token for later requests. */
  async logon(options: { query?: string; user?: string; password?: string; body?: string } = {}): Promise<Answer> {
    const { name, password } = DEFAULT_VEEAM_CONFIG.user;
    const basic = Buffer.from(`${options.user ?? name}:${options.password ?? password}`).toString('base64');
    const answer = await this.send('POST', `/api/sessionMngr/${options.query ?? '?v=latest'}`, { headers: { authorization: `Basic ${basic}` }, body: options.body, via: 'none' });
    if (answer.status === 201) this.token = answer.headers['x-restsvcsessionid'] as string;
    return answer;
  }
}

export interface VeeamFixture {
  emulator: RunningVeeamEmulator;
  client: VeeamTestClient;
  close(): Promise<void>;
}

/** Starts an emulator and a logged-on client for it. */
export async function withVeeam(options: VeeamEmulatorOptions = {}): Promise<VeeamFixture> {
  const emulator = await startVeeamEmulator(options);
  const client = new VeeamTestClient(emulator.url);
  await client.logon();
  return { emulator, client, close: () => emulator.close() };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 5, 1, 12)): { now: () => number; advance(ms: number): void; set(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms), set: (ms) => void (at = ms) };
}

/** The path (from /api) of an absolute Href of the emulator. */
export const pathOf = (href: string) => {
  const url = new URL(href);
  return url.pathname + url.search;
};

/** The JSON `Links` array or XML `Links/Link` list of a document, normalised to arrays of attribute objects. */
export function xmlLinks(element: Json): Json[] {
  const list = element?.Links?.Link;
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

/** Items of an XML list that fast-xml-parser gives as one object or an array. */
export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const GUID_RE = new RegExp(`^${GUID}$`);
export const NAME_TIME_RE = /@\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
