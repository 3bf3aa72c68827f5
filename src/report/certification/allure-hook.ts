import { AllureReportError, allureResultFiles, buildAllureReport } from '../allure-report.ts';

/** The Allure single-file HTML in a certification bundle: the name `conformance report` gives it too. */
export const ALLURE_BUNDLE_FILE = 'allure-report.html';

/**
 * Builds Allure Report 3's single-file HTML of the run whose reports are in `out` (from `out/allure-results`,
 * with the same builder as `conformance report`) into `output`. Resolves to undefined when it was built, else to
 * why not: a bundle without it is still a bundle, and the console says what is missing.
 */
export async function buildAllureSingleFile(resultsDir: string, output: string, name: string, variables: Record<string, string>): Promise<string | undefined> {
  if (allureResultFiles(resultsDir).length === 0) return `no Allure results in ${resultsDir}`;
  try {
    await buildAllureReport({ resultsDir, output, name, variables });
    return undefined;
  } catch (error) {
    if (error instanceof AllureReportError) return error.message;
    throw error;
  }
}
