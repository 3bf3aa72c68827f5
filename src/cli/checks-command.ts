import type { Command } from 'commander';

/** `conformance checks`: every check id with what it needs and the rule it enforces, one per line. */
export function registerChecksCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('checks')
    .description('list every check: id, capabilities it needs, the rule it enforces')
    .option('--json', 'print the list as JSON (id, title, operation, requirement, needs)')
    .action((flags: { json?: boolean }) => {
      done((async () => {
        const { ONTAP_CHECKS } = await import('../../suites/ontap/index.ts');
        if (flags.json) {
          const list = ONTAP_CHECKS.map(({ id, title, api, operation, requirement, needs }) => ({ id, title, api, operation, requirement, needs }));
          console.log(JSON.stringify(list, null, 2));
        } else {
          for (const check of ONTAP_CHECKS) {
            console.log(`${check.id.padEnd(48)} ${(check.needs.join(',') || '-').padEnd(34)} ${check.title}`);
          }
        }
        return 0;
      })());
    });
}
