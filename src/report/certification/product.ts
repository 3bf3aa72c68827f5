import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../../cli/usage-error.ts';

/** The product a certification is for, from `--product FILE` (fixtures/product.example.yaml). */
export interface ProductInfo {
  vendor: string;
  product: string;
  version: string;
  /** Who answers for the certification: e-mail addresses, URLs or names. */
  contact: string[];
  /** The product's page, when given. */
  url?: string;
}

const REQUIRED = ['vendor', 'product', 'version', 'contact'] as const;
const OPTIONAL = ['url'] as const;

/**
 * Reads and validates a product file: a YAML mapping with the strings `vendor`, `product`, `version` and
 * `contact` (one string or a list), optionally `url`. Any problem is a UsageError naming the file and the field,
 * in one line: the run has not started yet.
 */
export function readProductFile(path: string): ProductInfo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--product ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseProduct(text, path);
}

/** Validates the text of a product file; `path` names it in the messages. */
export function parseProduct(text: string, path: string): ProductInfo {
  const bad = (why: string) => new UsageError(`--product ${path}: ${why} (see fixtures/product.example.yaml)`);
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false });
  } catch (error) {
    throw bad(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw bad('expected a mapping with vendor, product, version and contact');
  const fields = data as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !(REQUIRED as readonly string[]).includes(key) && !(OPTIONAL as readonly string[]).includes(key));
  if (unknown.length > 0) throw bad(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${[...REQUIRED, ...OPTIONAL].join(', ')})`);
  const text1 = (key: string): string => {
    const value = fields[key];
    if (value === undefined || value === null) throw bad(`"${key}" is missing`);
    // A bare 9.10 is the number 9.1 to YAML: refuse numbers rather than record a wrong version.
    if (typeof value !== 'string') throw bad(`"${key}" must be a string, got ${typeof value === 'number' ? `the number ${value} (quote it: ${key}: "${value}")` : typeof value}`);
    if (value.trim() === '') throw bad(`"${key}" is empty`);
    if (/[\r\n]/.test(value.trim())) throw bad(`"${key}" must be one line`);
    return value.trim();
  };
  const vendor = text1('vendor');
  const product = text1('product');
  const version = text1('version');
  const rawContact = fields.contact;
  if (rawContact === undefined || rawContact === null) throw bad('"contact" is missing');
  const contacts = Array.isArray(rawContact) ? rawContact : [rawContact];
  if (contacts.length === 0) throw bad('"contact" is an empty list');
  const contact = contacts.map((entry, i) => {
    if (typeof entry !== 'string' || entry.trim() === '') throw bad(`"contact"${Array.isArray(rawContact) ? `[${i}]` : ''} must be a non-empty string (an e-mail address, URL or name)`);
    return entry.trim();
  });
  const url = fields.url === undefined ? undefined : text1('url');
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw bad(`"url" must be an http(s) URL, got "${url}"`);
  return { vendor, product, version, contact, ...(url ? { url } : {}) };
}
