#!/usr/bin/env node
// Entry point of the `conformance` command: registers the TypeScript loader, then hands over to src/cli.ts.
import { register } from 'tsx/esm/api';
register();
// A closed pipe (`conformance faults | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
