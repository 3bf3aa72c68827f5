import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../src/emulator/ontap/state.ts';
import { runCommand, type CommandResult } from '../support/run-command.ts';

const PLAYBOOK = resolve(import.meta.dirname, '../../fixtures/ansible/ndmp.yml');
const hasAnsible = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;

function play(emulator: RunningOntapEmulator, mode: 'svm' | 'node', svmName: string): Promise<CommandResult> {
  const port = new URL(emulator.url).port;
  const vars = { ontap_host: '127.0.0.1', ontap_port: port, ontap_user: DEFAULT_ONTAP_CONFIG.admin.name, ontap_password: DEFAULT_ONTAP_CONFIG.admin.password, ndmp_mode: mode, svm_name: svmName };
  return runCommand('ansible-playbook', [PLAYBOOK, '-e', JSON.stringify(vars)], {
    ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
  });
}

// Ansible's netapp.ontap collection is a real ONTAP client: if it works against the emulator, so do the basics
// real clients rely on (HTTPS, Basic auth, /api/cluster version, `//` paths, empty fields=, default key fields).
describe.skipIf(!hasAnsible)('netapp.ontap (Ansible) against the emulator over HTTPS', () => {
  for (const mode of ['svm', 'node'] as const) {
    describe(`in ${mode} scope`, () => {
      let emulator: RunningOntapEmulator;
      beforeAll(async () => {
        emulator = await startOntapEmulator({ tls: true, mode });
      });
      afterAll(() => emulator.close());

      it('gathers all four NDMP subsets and, in SVM scope, enables NDMP on an SVM idempotently', async () => {
        const svm = emulator.state.data.svms.find((s) => !s.ndmp.enabled)!;
        const result = await play(emulator, mode, svm.name);
        expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stdout).toMatch(/failed=0/);
        if (mode === 'svm') {
          expect(svm.ndmp).toEqual({ enabled: true, authentication_types: ['challenge'] });
          expect(result.stdout).toMatch(/changed=1/);
        }
      });
    });
  }
});
