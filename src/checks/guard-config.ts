import { mustGet } from './expect.ts';
import type { CheckContext } from './ontap-model.ts';

/**
 * Reads a configuration and registers, before anything changes, the PATCH that puts `fields` back as they
 * were: the target is left as found even when the check fails.
 */
export async function guardConfig(ctx: CheckContext, path: string, fields: readonly string[]): Promise<Record<string, unknown>> {
  const { body } = await mustGet(ctx.ontap, path);
  const original = Object.fromEntries(fields.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
  ctx.cleanup(`${path} back to ${JSON.stringify(original)}`, async (fresh) => {
    const res = await fresh.ontap.patch(path, original);
    if (res.status !== 200) throw new Error(`restoring ${path} answered HTTP ${res.status}`);
  });
  return original;
}
