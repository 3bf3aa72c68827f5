/**
 * The certification bundle of `conformance run --profile certification`, its signature and its verification
 * (README · Certification).
 */
export { ALLURE_BUNDLE_FILE, buildAllureSingleFile } from './allure-hook.ts';
export { BUNDLE_DIR, writeCertificationBundle, type BundleApiRun, type BundleInput } from './bundle.ts';
export { buildConformanceReport, conformanceReportYaml, profileReport, type ConformanceReport } from './conformance-report.ts';
export { MANIFEST_FILE, SIGNATURE_FILE } from './manifest.ts';
export { applyCertificationProfile, CERTIFICATION_RUNS, certificationOptions, type CertificationPlan } from './options.ts';
export { parseProduct, readProductFile, type ProductInfo } from './product.ts';
export { capabilityProfile, checkProfile, profileResult, type Profile, type ProfileResult } from './profile.ts';
export { generateSigningKeys, keyFingerprint, readPrivateKey, readPublicKey } from './signing.ts';
export { formatVerifyResult, verifyBundle, type VerifyResult } from './verify.ts';
