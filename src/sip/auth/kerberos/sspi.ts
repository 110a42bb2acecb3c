/** Windows: SSPI (secur32.dll). Placeholder until the SSPI binding lands. */
import type * as Koffi from 'koffi';
import { GssFailure } from './gssStatus';
import type { GssApi } from './types';

export function createSspi(koffi: typeof Koffi): GssApi {
  void koffi;
  throw new GssFailure('load', { major: 0, minor: 0 }, 'Kerberos through SSPI is not available in this build');
}
