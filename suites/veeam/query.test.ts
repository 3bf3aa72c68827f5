import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { queryChecks } from './query.checks.ts';

defineChecks('veeam.query', queryChecks);
