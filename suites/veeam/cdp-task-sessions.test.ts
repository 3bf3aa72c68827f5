import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { cdpTaskSessionChecks } from './cdp-task-sessions.checks.ts';

defineChecks('veeam.cdp-task-sessions', cdpTaskSessionChecks);
