/** The placeholder that stands wherever a secret was. */
export const REDACTED = '<redacted>';

const SECRET_KEY = /pass(word)?|secret|token|authorization/i;

/**
 * The secrets of this process (passwords, tokens, generated NDMP passwords), in every form a target could echo
 * them in: as given, URL-encoded, JSON-escaped, and inside a Basic credential.
 */
const registered = new Set<string>();

/** Adds secrets to the process-wide set that every redaction removes. */
export function registerSecrets(secrets: ReadonlyArray<string | undefined>, user?: string): void {
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) registered.add(form);
    if (user !== undefined) registered.add(Buffer.from(`${user}:${secret}`).toString('base64').replace(/=+$/, ''));
  }
}

/** A deep copy of a JSON value with every secret-looking property replaced (passwords, tokens, auth headers). */
export function redactJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, SECRET_KEY.test(key) && typeof item !== 'object' ? REDACTED : redactJson(item)]),
    ) as T;
  }
  return value;
}

/**
 * Removes secrets from free text (error messages, bodies quoted in failures): the registered ones, `extra`,
 * password and token properties, and Basic credentials. Redact whole texts, before any cut.
 */
export function redactText(text: string, extra: readonly string[] = []): string {
  let out = text;
  // Longest first, so that a secret containing another is removed whole.
  const secrets = [...registered, ...extra.filter((s) => s.length >= 3)].sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(/("(?:password|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`)
    .replace(/(Basic\s+)[A-Za-z0-9+/]{8,}={0,2}/g, `$1${REDACTED}`);
}

/** Redacts, then shortens to `max` characters: the cut can never leave part of a secret behind. */
export function clip(text: string, max: number): string {
  const safe = redactText(text);
  return safe.length > max ? `${safe.slice(0, max)}… (${text.length} chars)` : safe;
}
