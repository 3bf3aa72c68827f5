import { DEFAULT_ONTAP_CONFIG } from '../../src/emulator/ontap/state.ts';

/** The emulator's built-in admin (public, documented in README.md). */
export const ADMIN = DEFAULT_ONTAP_CONFIG.admin;
export const READONLY = DEFAULT_ONTAP_CONFIG.readonly;
export const BASIC_AUTH = `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}`;
