import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { nasJobChecks } from './nas-jobs.checks.ts';

defineChecks('veeam.nas-jobs', nasJobChecks);
