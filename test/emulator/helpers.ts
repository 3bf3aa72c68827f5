import { OntapClient } from '../../src/client/ontap-client.ts';
import { startOntapEmulator, type OntapEmulatorOptions, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG } from '../../src/emulator/ontap/state.ts';

export interface EmulatorFixture {
  emulator: RunningOntapEmulator;
  admin: OntapClient;
  readonly: OntapClient;
  anonymous: OntapClient;
  close(): Promise<void>;
}

/** Starts an emulator and clients for it (admin, readonly, anonymous). */
export async function withEmulator(options: OntapEmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await startOntapEmulator(options);
  const base = { baseUrl: emulator.url, insecure: true };
  const admin = new OntapClient({ ...base, credentials: DEFAULT_ONTAP_CONFIG.admin });
  const readonly = new OntapClient({ ...base, credentials: DEFAULT_ONTAP_CONFIG.readonly });
  const anonymous = new OntapClient(base);
  return {
    emulator, admin, readonly, anonymous,
    close: async () => {
      await Promise.all([admin.close(), readonly.close(), anonymous.close()]);
      await emulator.close();
    },
  };
}

export type Json = Record<string, any>;
export const body = (res: { json: unknown }) => res.json as Json;
export const errorCode = (res: { json: unknown }) => (res.json as Json | undefined)?.error?.code;
