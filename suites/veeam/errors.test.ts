import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { errorChecks } from './errors.checks.ts';

defineChecks('veeam.errors', errorChecks);
