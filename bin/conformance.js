#!/usr/bin/env node
// Entry point of the `conformance` command: registers the TypeScript loader, then hands over to src/cli.ts.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
