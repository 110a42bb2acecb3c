import { createHash, X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { LyncError } from '../../common/errors';

/**
 * The TLS secure context (every root certificate plus the user's CA and client certificate) is
 * built once and reused while the material is unchanged: building it costs ~17 ms of CPU and a
 * few hundred KB per connect, which a reconnect loop would pay every time. The material is also
 * checked here, so a CA file that is not a certificate or a broken PFX gets a clear error before
 * any socket is opened.
 */
export interface ContextMaterial {
  roots: () => string[];
  extraCa: (string | Buffer)[];
  /** Names each extra CA for errors (file path or "the CA setting"). */
  extraCaNames: string[];
  cert?: string | Buffer;
  key?: string | Buffer;
  pfx?: Buffer;
  passphrase?: string;
}

let cached: { key: string; context: tls.SecureContext } | undefined;

export function secureContextFor(material: ContextMaterial): tls.SecureContext {
  const ca = material.extraCa.map((c, i) => certificatesPem(c, material.extraCaNames[i] ?? 'the CA file'));
  const hash = createHash('sha256');
  for (const part of [...ca, material.cert, material.key, material.pfx, material.passphrase]) {
    hash.update(part === undefined ? '\u0000' : typeof part === 'string' ? `s${part}` : Buffer.concat([Buffer.from('b'), part]));
    hash.update('\u0001');
  }
  const key = hash.digest('hex');
  if (cached?.key === key) return cached.context;
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({
      minVersion: 'TLSv1.2',
      ca: ca.length ? [...material.roots(), ...ca] : undefined,
      cert: material.cert, key: material.key, pfx: material.pfx, passphrase: material.passphrase,
    });
  } catch (error) {
    throw clientCertificateError(error, material);
  }
  cached = { key, context };
  return context;
}

/** PEM text of every certificate in `data` (PEM, or one DER certificate); InvalidSettings if there is none. */
function certificatesPem(data: string | Buffer, name: string): string {
  const text = Buffer.isBuffer(data) ? data.toString('latin1') : data;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length) {
    try {
      return blocks.map((b) => new X509Certificate(b).toString()).join('\n');
    } catch (error) {
      throw new LyncError('InvalidSettings', `${name} holds a certificate that cannot be read (${(error as Error).message}).`, { cause: error, retriable: false });
    }
  }
  try {
    if (Buffer.isBuffer(data) && data.length > 0 && data[0] === 0x30) return new X509Certificate(data).toString(); // one DER certificate
  } catch {
    // not DER either: the error below
  }
  throw new LyncError('InvalidSettings', `${name} is not a CA certificate file: expected PEM ("-----BEGIN CERTIFICATE-----") or one DER certificate.`, { retriable: false });
}

function clientCertificateError(error: unknown, material: ContextMaterial): LyncError {
  const detail = (error as Error).message ?? String(error);
  const what = material.pfx
    ? /mac verify|password|decrypt/i.test(detail)
      ? 'The PFX passphrase is wrong (LYNC_PFX_PASSPHRASE)'
      : 'The PFX file is not a readable PKCS#12 file (.pfx/.p12)'
    : 'The client certificate or its key cannot be used';
  return new LyncError('InvalidSettings', `${what}: ${detail}.`, { cause: error, retriable: false });
}
