/**
 * The place of the Allure single-file HTML in a certification bundle (README · Certification).
 *
 * @remarks
 * `conformance report DIR` builds Allure Report 3's single file from `DIR/allure-results`; until the module
 * that builds it is part of the tool, no builder is connected here and bundles carry summary.json, junit.xml and
 * report.html without it. Connecting it means returning the built file's path from `allureSingleFile`: the
 * bundle writer copies it in as ALLURE_BUNDLE_FILE and lists it in MANIFEST.sha256 like any other file.
 */
export const ALLURE_BUNDLE_FILE = 'allure-report.html';

/** The Allure single-file HTML of the run whose reports are in `out`, or undefined when none can be built. */
export function allureSingleFile(_out: string): string | undefined {
  return undefined;
}
