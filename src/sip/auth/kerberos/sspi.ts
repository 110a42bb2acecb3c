/**
 * Windows: Kerberos through SSPI (secur32.dll), the Windows counterpart of gssapi.ts, with the
 * logged-on user's credentials. The initiator only (the simulated pool's acceptor runs on GSSAPI).
 * Same rules as gssapi.ts: inputs bounded before native code sees them, outputs copied into Node
 * Buffers, every handle released by its owner's dispose(). It cannot be tested on the Linux CI:
 * it follows the documented signatures of AcquireCredentialsHandleW, InitializeSecurityContextW,
 * MakeSignature, VerifySignature and QueryContextAttributesW (SECPKG_ATTR_SIZES).
 */
import type * as Koffi from 'koffi';
import { GssFailure, KerberosProblem } from './gssStatus';
import { MAX_MESSAGE_BYTES, MAX_TOKEN_BYTES } from './limits';
import type { GssApi, GssContext } from './types';

const SECPKG_CRED_OUTBOUND = 2;
/** Integrity only, no mutual authentication: one token completes the context (MS-SIPAE Kerberos). */
const ISC_REQ_INTEGRITY = 0x00010000;
const SECURITY_NATIVE_DREP = 0x10;
const SECBUFFER_DATA = 1;
const SECBUFFER_TOKEN = 2;
const SECPKG_ATTR_SIZES = 0;
const SEC_E_OK = 0;
/** 100-ns FILETIME ticks from 1601-01-01 to 1970-01-01. */
const EPOCH_DIFF_MS = 11_644_473_600_000;

/** SECURITY_STATUS values (winerror.h) and what they mean here. */
const PROBLEMS = new Map<number, KerberosProblem>([
  [0x8009030e, 'noTicket'], // SEC_E_NO_CREDENTIALS
  [0x80090303, 'unknownService'], // SEC_E_TARGET_UNKNOWN
  [0x80090322, 'unknownService'], // SEC_E_WRONG_PRINCIPAL
  [0x80090324, 'clockSkew'], // SEC_E_TIME_SKEW
  [0x80090311, 'unavailable'], // SEC_E_NO_AUTHENTICATING_AUTHORITY
  [0x80090305, 'unavailable'], // SEC_E_SECPKG_NOT_FOUND
  [0x8009030c, 'userRefused'], // SEC_E_LOGON_DENIED
]);

interface SecHandle { dwLower: bigint | number; dwUpper: bigint | number }

function bind(koffi: typeof Koffi) {
  const lib = koffi.load('secur32.dll');
  koffi.struct('SecHandle', { dwLower: 'uintptr_t', dwUpper: 'uintptr_t' });
  const secBuffer = koffi.struct('SecBuffer', { cbBuffer: 'uint32_t', BufferType: 'uint32_t', pvBuffer: 'void *' });
  const desc = koffi.struct('SecBufferDesc', { ulVersion: 'uint32_t', cBuffers: 'uint32_t', pBuffers: 'void *' });
  koffi.struct('SecPkgContext_Sizes', { cbMaxToken: 'uint32_t', cbMaxSignature: 'uint32_t', cbBlockSize: 'uint32_t', cbSecurityTrailer: 'uint32_t' });
  const f = (proto: string) => lib.func(proto);
  return {
    koffi, secBuffer, desc,
    acquire: f('int32_t __stdcall AcquireCredentialsHandleW(const char16_t *principal, const char16_t *package, uint32_t use, void *logonId, ' +
      'void *authData, void *getKey, void *getKeyArg, _Out_ SecHandle *cred, _Out_ int64_t *expiry)'),
    freeCred: f('int32_t __stdcall FreeCredentialsHandle(SecHandle *cred)'),
    init: f('int32_t __stdcall InitializeSecurityContextW(SecHandle *cred, void *ctx, const char16_t *target, uint32_t req, uint32_t reserved1, ' +
      'uint32_t dataRep, void *input, uint32_t reserved2, _Out_ SecHandle *newCtx, void *output, _Out_ uint32_t *attrs, _Out_ int64_t *expiry)'),
    sizes: f('int32_t __stdcall QueryContextAttributesW(SecHandle *ctx, uint32_t attribute, _Out_ SecPkgContext_Sizes *sizes)'),
    makeSignature: f('int32_t __stdcall MakeSignature(SecHandle *ctx, uint32_t qop, void *message, uint32_t seq)'),
    verifySignature: f('int32_t __stdcall VerifySignature(SecHandle *ctx, void *message, uint32_t seq, _Out_ uint32_t *qop)'),
    deleteContext: f('int32_t __stdcall DeleteSecurityContext(SecHandle *ctx)'),
  };
}
type Native = ReturnType<typeof bind>;

function failure(call: string, status: number): GssFailure {
  const code = status >>> 0;
  return new GssFailure(call, { major: code, minor: 0 }, `SSPI status 0x${code.toString(16)}`, PROBLEMS.get(code) ?? 'other');
}

/**
 * A SecBufferDesc over `buffers` in native memory of its own (koffi.alloc), for one call: the
 * caller's Node Buffers are the pvBuffer memory, so what SSPI writes lands in them.
 */
function bufferDesc(n: Native, buffers: { type: number; bytes: Buffer }[]): { desc: unknown; read(index: number): number; free(): void } {
  const array = n.koffi.alloc(n.secBuffer, buffers.length);
  buffers.forEach((b, i) => n.koffi.encode(array, i * n.koffi.sizeof(n.secBuffer), n.secBuffer, { cbBuffer: b.bytes.length, BufferType: b.type, pvBuffer: b.bytes }));
  const desc = n.koffi.alloc(n.desc, 1);
  n.koffi.encode(desc, n.desc, { ulVersion: 0, cBuffers: buffers.length, pBuffers: array });
  return {
    desc,
    read: (index) => Number((n.koffi.decode(array, index * n.koffi.sizeof(n.secBuffer), n.secBuffer) as { cbBuffer: number }).cbBuffer),
    free: () => { n.koffi.free(desc); n.koffi.free(array); },
  };
}

function lifetimeSec(expiry: bigint | number | undefined): number {
  const ms = Number(expiry ?? 0) / 10_000 - EPOCH_DIFF_MS - Date.now();
  // SSPI reports some expiries in local time, or "never": anything odd means unknown (the 8 h rule)
  return ms > 0 && ms < 30 * 24 * 3600 * 1000 ? Math.floor(ms / 1000) : 0;
}

class SspiContext implements GssContext {
  private handle: SecHandle | undefined;

  constructor(private readonly n: Native, handle: SecHandle, private readonly maxSignature: number, readonly lifetimeSec: number, readonly peer: string) {
    this.handle = handle;
  }

  getMic(message: Buffer): Buffer {
    if (message.length > MAX_MESSAGE_BYTES) throw new GssFailure('MakeSignature', { major: 0, minor: 0 }, 'message too long');
    const signature = Buffer.alloc(this.maxSignature);
    const buffers = bufferDesc(this.n, [{ type: SECBUFFER_DATA, bytes: Buffer.from(message) }, { type: SECBUFFER_TOKEN, bytes: signature }]);
    try {
      const status = this.n.makeSignature(this.live(), 0, buffers.desc, 0);
      if (status !== SEC_E_OK) throw failure('MakeSignature', status);
      return Buffer.from(signature.subarray(0, Math.min(buffers.read(1), signature.length)));
    } finally {
      buffers.free();
    }
  }

  verifyMic(message: Buffer, token: Buffer): boolean {
    if (token.length === 0 || token.length > MAX_TOKEN_BYTES || message.length > MAX_MESSAGE_BYTES) return false;
    const buffers = bufferDesc(this.n, [{ type: SECBUFFER_DATA, bytes: Buffer.from(message) }, { type: SECBUFFER_TOKEN, bytes: Buffer.from(token) }]);
    try {
      return this.n.verifySignature(this.live(), buffers.desc, 0, [0]) === SEC_E_OK;
    } finally {
      buffers.free();
    }
  }

  dispose(): void {
    if (!this.handle) return;
    const handle = this.handle;
    this.handle = undefined;
    this.n.deleteContext(handle);
  }

  private live(): SecHandle {
    if (!this.handle) throw new GssFailure('SecurityContext', { major: 0, minor: 0 }, 'the security context was disposed');
    return this.handle;
  }
}

function acquire(n: Native): SecHandle {
  const cred = {} as SecHandle;
  const status = n.acquire(null, 'Kerberos', SECPKG_CRED_OUTBOUND, null, null, null, null, cred, [0]);
  if (status !== SEC_E_OK) throw failure('AcquireCredentialsHandleW', status);
  return cred;
}

function initiate(n: Native, target: string): { token: Buffer; context: GssContext } {
  const cred = acquire(n);
  const token = Buffer.alloc(MAX_TOKEN_BYTES);
  const output = bufferDesc(n, [{ type: SECBUFFER_TOKEN, bytes: token }]);
  try {
    const ctx = {} as SecHandle;
    const expiry = [0n];
    const status = n.init(cred, null, target, ISC_REQ_INTEGRITY, 0, SECURITY_NATIVE_DREP, null, 0, ctx, output.desc, [0], expiry);
    if (status !== SEC_E_OK) {
      if (status > 0) n.deleteContext(ctx); // SEC_I_CONTINUE_NEEDED and the like: not MS-SIPAE's one-token Kerberos
      throw failure('InitializeSecurityContextW', status);
    }
    const sizes = { cbMaxSignature: 0 };
    if (n.sizes(ctx, SECPKG_ATTR_SIZES, sizes) !== SEC_E_OK || sizes.cbMaxSignature <= 0 || sizes.cbMaxSignature > MAX_TOKEN_BYTES) {
      n.deleteContext(ctx);
      throw new GssFailure('QueryContextAttributesW', { major: 0, minor: 0 }, 'no usable signature size');
    }
    const length = Math.min(output.read(0), token.length);
    return { token: Buffer.from(token.subarray(0, length)), context: new SspiContext(n, ctx, sizes.cbMaxSignature, lifetimeSec(expiry[0]), target) };
  } finally {
    output.free();
    n.freeCred(cred);
  }
}

export function createSspi(koffi: typeof Koffi): GssApi {
  let n: Native;
  try {
    n = bind(koffi);
  } catch (error) {
    throw new GssFailure('load', { major: 0, minor: 0 }, `SSPI (secur32.dll) could not be loaded: ${(error as Error).message}`);
  }
  return {
    hasCredentials() {
      try {
        n.freeCred(acquire(n));
        return true;
      } catch {
        return false;
      }
    },
    initiate: (target) => new Promise((resolve) => resolve(initiate(n, target))),
    accept() {
      throw new GssFailure('AcceptSecurityContext', { major: 0, minor: 0 }, 'the acceptor is not implemented on Windows (only the simulated pool accepts)', 'unavailable');
    },
  };
}
