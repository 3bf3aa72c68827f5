/**
 * The ONTAP error codes the checks expect, by name. Every one is documented in specs/ontap/ndmp.yaml
 * (generic codes in `info.x-ontap-generic-error-codes`, NDMP codes per operation); a test keeps it so.
 */
export const CODES = {
  invalidField: '2',
  notSupported: '3',
  notFound: '4',
  permissionDenied: '6',
  unexpectedArgument: '262179',
  invalidValue: '262197',
  invalidValueAlt: '262185',
  invalidJson: '262199',
  invalidJsonAlt: '262201',
  notPatchable: '262203',
  orderByUnsupported: '262268',
  userRequiredToEnable: '68812800',
  nodeScopeInSvmMode: '68812801',
  invalidUuid: '68812802',
  svmAwareModeDisabled: '65601536',
  ssoNotCombinable: '65601551',
} as const;
