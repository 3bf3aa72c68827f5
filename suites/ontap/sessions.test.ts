import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { sessionChecks } from './sessions.checks.ts';

defineChecks('ontap.sessions', sessionChecks);
