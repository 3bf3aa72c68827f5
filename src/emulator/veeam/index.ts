/**
 * The Veeam Backup Enterprise Manager emulator: what the CLI and the suites need to start one and describe it.
 * Default account `veeam` / `veeam1!` (DEFAULT_VEEAM_CONFIG.user); default CLI port VEEAM_DEFAULT_PORT (9398).
 */
export { startVeeamEmulator, VEEAM_DEFAULT_PORT, type RunningVeeamEmulator, type VeeamEmulatorOptions } from './server.ts';
export { DEFAULT_VEEAM_CONFIG, VeeamState, type VeeamCredentials, type VeeamEmulatorConfig } from './state.ts';
export { parseVeeamFaults, VEEAM_FAULTS, type VeeamFaultName } from './faults.ts';
