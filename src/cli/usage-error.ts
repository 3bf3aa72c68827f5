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

/** Credentials given on the command line, and where the password came from (for the console, never the password). */
export interface SuppliedCredentials {
  name: string;
  password: string;
  /** The flag (`--user`) when the password was on the command line, else the environment variable that held it. */
  passwordFrom: string;
}

/**
 * The emulator's --user flags: `NAME:PASSWORD`, or `NAME` alone with the password in the environment variable
 * `envVar` (which keeps it out of the process list and shell history). An unset or empty variable is a usage error.
 */
export function parseCredentials(flag: string, envVar: string, env: NodeJS.ProcessEnv = process.env) {
  return (value: string): SuppliedCredentials => {
    const colon = value.indexOf(':');
    if (colon < 0 && value !== '') {
      const password = env[envVar];
      if (!password) throw new UsageError(`${flag} ${value} takes its password from ${envVar}, which is unset or empty (or give ${flag} NAME:PASSWORD)`);
      return { name: value, password, passwordFrom: envVar };
    }
    if (colon <= 0 || colon === value.length - 1) throw new UsageError(`${flag} expects NAME:PASSWORD, or NAME with the password in ${envVar}`);
    return { name: value.slice(0, colon), password: value.slice(colon + 1), passwordFrom: flag };
  };
}

export function parseVersion(value: string): string {
  if (!/^\d+\.\d+(\.\d+)?$/.test(value)) throw new UsageError(`--version expects X.Y.Z (e.g. 9.14.1), got "${value}"`);
  return value.split('.').length === 2 ? `${value}.0` : value;
}
