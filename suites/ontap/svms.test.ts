import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { svmChecks } from './svms.checks.ts';

defineChecks('ontap.svms', svmChecks);
