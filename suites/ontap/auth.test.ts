import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { authChecks } from './auth.checks.ts';

defineChecks('ontap.auth', authChecks);
