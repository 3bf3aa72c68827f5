import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { logonChecks } from './logon.checks.ts';

defineChecks('veeam.logon', logonChecks);
