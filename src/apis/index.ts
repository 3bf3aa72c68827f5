import { ontapPlugin } from './ontap/plugin.ts';
import { veeamPlugin } from './veeam/plugin.ts';
import type { ApiPlugin } from './plugin.ts';

/** Every API the suite tests, in run order: one line per API. */
export const APIS: readonly ApiPlugin[] = [ontapPlugin, veeamPlugin];

/** The plug-in of an API by name (the first part of its check ids). */
export function apiNamed(name: string): ApiPlugin | undefined {
  return APIS.find((api) => api.name === name);
}
