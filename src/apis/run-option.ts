import { Option } from 'commander';

/** A `conformance run` flag of an API that also reads CONFORMANCE_<FLAG> (DESIGN.md · The CLI). */
export function runOption(flags: string, description: string): Option {
  const name = flags.split(' ')[0]!.replace(/^--/, '');
  return new Option(flags, description).env(`CONFORMANCE_${name.replace(/-/g, '_').toUpperCase()}`);
}
