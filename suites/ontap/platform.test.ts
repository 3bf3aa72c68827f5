import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { platformChecks } from './platform.checks.ts';

defineChecks('ontap.platform', platformChecks);
