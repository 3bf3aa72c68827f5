import type { Command } from 'commander';
import { APIS } from '../apis/index.ts';

/** `conformance checks`: every check id of every API with what it needs and the rule it enforces, one per line. */
export function registerChecksCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('checks')
    .description('list every check: id, capabilities it needs, the rule it enforces')
    .option('--json', 'print the list as JSON (id, title, api, operation, requirement, needs)')
    .action((flags: { json?: boolean }) => {
      done((async () => {
        const checks = (await Promise.all(APIS.map((api) => api.checks()))).flat();
        if (flags.json) {
          const list = checks.map(({ id, title, api, operation, requirement, needs }) => ({ id, title, api, operation, requirement, needs }));
          console.log(JSON.stringify(list, null, 2));
        } else {
          for (const check of checks) {
            console.log(`${check.id.padEnd(48)} ${(check.needs.join(',') || '-').padEnd(34)} ${check.title}`);
          }
        }
        return 0;
      })());
    });
}
