import type { Check } from '../../src/checks/ontap-model.ts';
import { authChecks } from './auth.checks.ts';
import { nodeChecks } from './nodes.checks.ts';
import { platformChecks } from './platform.checks.ts';
import { scopeChecks } from './scope.checks.ts';
import { sessionChecks } from './sessions.checks.ts';
import { svmChecks } from './svms.checks.ts';

/** Every ONTAP check, in run order (the mode switch comes last but one, the destructive delete inside sessions). */
export const ONTAP_CHECKS: Check[] = [...platformChecks, ...authChecks, ...sessionChecks, ...nodeChecks, ...svmChecks, ...scopeChecks];
