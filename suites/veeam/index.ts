import type { VeeamCheck } from '../../src/checks/veeam-model.ts';
import { logonChecks } from './logon.checks.ts';
import { representationChecks } from './representations.checks.ts';
import { cdpTaskSessionChecks } from './cdp-task-sessions.checks.ts';
import { nasJobChecks } from './nas-jobs.checks.ts';
import { errorChecks } from './errors.checks.ts';
import { queryChecks } from './query.checks.ts';
import { scopeChecks } from './scope.checks.ts';

/** Every Veeam Enterprise Manager check, in run order. */
export const VEEAM_CHECKS: VeeamCheck[] = [...logonChecks, ...representationChecks, ...cdpTaskSessionChecks, ...nasJobChecks, ...errorChecks, ...queryChecks, ...scopeChecks];
