import type { OntapClient } from '../client/ontap-client.ts';
import type { Catalog } from '../spec/index.ts';
import type { Check as CoreCheck, CheckContextBase, CommonCapability } from './model.ts';

export { CheckFailure, EngineError, NotApplicable, type CheckOutcome } from './model.ts';

/**
 * What an ONTAP check may need from the target. Stable strings: they appear verbatim in skip reasons and
 * reports. `version>=X.Y` and `ndmp-mode:svm|node` are parameterised.
 */
export type Capability =
  | CommonCapability
  | 'readonly-credentials'
  | 'data:sessions'
  | 'data:nodes'
  | 'data:svms'
  | `ndmp-mode:${'svm' | 'node'}`
  | `version>=${string}`;

/** What the target is, as detected before any check runs. */
export interface OntapTargetInfo {
  url: string;
  /** "9.14.1" */
  version: string;
  mode: 'svm' | 'node';
  embedded: boolean;
  /**
   * Set when the target answered detection but broke the shape of what detection reads: `version` or `mode`
   * is then a best guess, and the checks gated on it fail with this cause instead of being decided by a guess.
   */
  unreadable?: { version?: string; mode?: string };
}

/** The context of an ONTAP check. */
export interface CheckContext extends CheckContextBase<CheckContext> {
  target: OntapTargetInfo;
  /** Admin client. */
  ontap: OntapClient;
  /** Readonly-role client, when readonly credentials were given. */
  readonly?: OntapClient;
  /** Same server, no credentials / a wrong password: for the auth checks. */
  anonymous: OntapClient;
  wrongPassword: OntapClient;
  catalog: Catalog;
  /** Validates a response body against an operation's 200 schema; returns readable errors (empty = valid). */
  validate(operationId: string, body: unknown, options?: { strictProperties?: boolean }): string[];
}

/** An ONTAP check record. */
export type OntapCheck = CoreCheck<CheckContext, Capability>;
export type Check = OntapCheck;
