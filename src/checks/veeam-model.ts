import type { VeeamClient } from '../client/veeam-client.ts';
import type { ValidationResult, VeeamForm, VeeamOperation, VeeamQueryType, VeeamSpec } from '../spec/veeam/index.ts';
import type { VeeamTargetInfo } from '../target/veeam-target.ts';
import type { Check as CoreCheck, CheckContextBase, CommonCapability } from './model.ts';

export { CheckFailure, EngineError, NotApplicable, type CheckOutcome } from './model.ts';

/**
 * What a Veeam check may need. `data:<collection>` (something to test with), `api>=v1_6` (the API version that
 * introduced a resource), `session-timeout` (the server's idle timeout is known: the expiry check can wait it out).
 */
export type VeeamCapability =
  | CommonCapability
  | 'data:cdpTaskSessions'
  | 'data:cdpPolicySessions'
  | 'data:nasJobs'
  | 'data:backupSessions'
  | `api>=${string}`
  | 'session-timeout';

/** The context of a Veeam check. */
export interface VeeamCheckContext extends CheckContextBase<VeeamCheckContext> {
  target: VeeamTargetInfo;
  /** Logged on for the pass: the checks share its session (the suite logs off at the end). */
  veeam: VeeamClient;
  /** The same server and user without a session: for the logon and token checks (`logon()` makes its own). */
  anonymous: VeeamClient;
  /** The same user with a wrong password. */
  wrongPassword: VeeamClient;
  spec: VeeamSpec;
  operation(id: string): VeeamOperation;
  queryTypes: readonly VeeamQueryType[];
  /** Validates an XML answer against the XSD (root names optional); readable errors, empty = valid. */
  validateXml(xml: string, root?: string | readonly string[]): string[];
  /** Validates a JSON answer against the spec's schema of the operation's answer. */
  validateJson(operationId: string, body: unknown, options?: { form?: VeeamForm; status?: number | 'default' }): string[];
}

export type VeeamCheck = CoreCheck<VeeamCheckContext, VeeamCapability>;
export type Check = VeeamCheck;
export type { ValidationResult };
