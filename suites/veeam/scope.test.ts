import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { scopeChecks } from './scope.checks.ts';

defineChecks('veeam.scope', scopeChecks);
