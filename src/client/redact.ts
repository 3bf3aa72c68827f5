/** The placeholder that stands wherever a secret was. */
export const REDACTED = '<redacted>';

const SECRET_KEY = /pass(word)?|secret|token|authorization/i;

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

/** Removes known secret strings from free text (error messages, bodies quoted in failures). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/("(?:password|token)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`).replace(/(Basic\s+)[A-Za-z0-9+/=]+/g, `$1${REDACTED}`);
}
