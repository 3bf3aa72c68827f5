export interface TlsMaterial {
  key: string;
  cert: string;
}

let cached: Promise<TlsMaterial> | undefined;

/**
 * A self-signed certificate for 127.0.0.1/localhost, made once per process (clusters ship self-signed ones too).
 * The generator is loaded on first use: every worker of a run imports the emulators' modules, few start one.
 */
export function selfSignedCertificate(): Promise<TlsMaterial> {
  cached ??= import('selfsigned').then(({ generate }) => generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  } as never)).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return cached;
}
