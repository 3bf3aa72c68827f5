/** A problem with how the command was called or with the target: one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`invalid port "${value}" (expected 0..65535)`);
  return port;
}

export function parsePositiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a non-negative integer, got "${value}"`);
    return Number(value);
  };
}

/** `NAME:PASSWORD`, as the emulator's --user flags take it. */
export function parseCredentials(flag: string) {
  return (value: string): { name: string; password: string } => {
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) throw new UsageError(`${flag} expects NAME:PASSWORD`);
    return { name: value.slice(0, colon), password: value.slice(colon + 1) };
  };
}

export function parseVersion(value: string): string {
  if (!/^\d+\.\d+(\.\d+)?$/.test(value)) throw new UsageError(`--version expects X.Y.Z (e.g. 9.14.1), got "${value}"`);
  return value.split('.').length === 2 ? `${value}.0` : value;
}
