/** The target cannot be tested at all (unreachable, wrong credentials, not the API it should be): exit code 2. */
export class TargetError extends Error {
  override name = 'TargetError';
}
