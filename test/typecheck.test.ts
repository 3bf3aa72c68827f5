import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from './support/run-command.ts';

const ROOT = resolve(import.meta.dirname, '..');

describe('the project', () => {
  it('type-checks in strict mode (npm run typecheck)', async () => {
    const result = await runCommand(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
