/**
 * Loads the platform's Kerberos API on first use, once per process: koffi (a native module) and the
 * system library are never loaded on the NTLM path. GSSAPI on Linux and macOS; SSPI (secur32.dll) on
 * Windows. A failure to load is remembered and thrown again (a GssFailure with problem 'unavailable').
 */
import { join } from 'node:path';
import type * as Koffi from 'koffi';
import { GssFailure } from './gssStatus';
import type { GssApi } from './types';

let loaded: { api: GssApi } | { error: GssFailure } | undefined;

/**
 * koffi from node_modules (a checkout, the CLI), else the copy a per-platform VSIX ships beside the
 * bundle (dist/koffi, with only that platform's binary: scripts/package.mjs --target).
 */
function requireKoffi(): typeof Koffi {
  const failures: string[] = [];
  for (const id of ['koffi', join(__dirname, 'koffi', 'index.cjs')]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose: native code only when Kerberos is used
      const koffi = require(id) as typeof Koffi;
      // the KDC exchange runs on koffi's worker threads: give them a stack the Kerberos library is at ease in
      try {
        koffi.config({ ...koffi.config(), async_stack_size: 1024 * 1024 });
      } catch {
        // koffi was used before (its settings are fixed then): its default stack it is
      }
      return koffi;
    } catch (error) {
      failures.push((error as Error).message.split('\n')[0] ?? '');
    }
  }
  throw new GssFailure('load', { major: 0, minor: 0 }, `the FFI module koffi is not available for ${process.platform}-${process.arch} (${failures.join('; ')}): install the VSIX built for this platform`);
}

function create(): GssApi {
  const koffi = requireKoffi();
  if (process.platform === 'win32') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Windows binding, loaded on Windows only
    return (require('./sspi') as typeof import('./sspi')).createSspi(koffi);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with koffi, never on the NTLM path
  return (require('./gssapi') as typeof import('./gssapi')).createGssApi(koffi);
}

/** The platform's Kerberos API; throws GssFailure ('unavailable') when it cannot be loaded here. */
export function kerberosApi(): GssApi {
  if (!loaded) {
    try {
      loaded = { api: create() };
    } catch (error) {
      loaded = { error: error instanceof GssFailure ? error : new GssFailure('load', { major: 0, minor: 0 }, String(error)) };
    }
  }
  if ('error' in loaded) throw loaded.error;
  return loaded.api;
}

/**
 * Whether the user holds Kerberos credentials (what `auto` needs to sign in without a password).
 * Loads the native binding; false when it cannot be loaded or holds nothing.
 */
export function kerberosCredentialsAvailable(): boolean {
  try {
    return kerberosApi().hasCredentials();
  } catch {
    return false;
  }
}

/** Whether this process has loaded koffi (the NTLM path must not). */
export function nativeCodeLoaded(): boolean {
  return loaded !== undefined && 'api' in loaded;
}
