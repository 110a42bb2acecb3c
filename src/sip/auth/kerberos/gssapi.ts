/**
 * The operating system's GSSAPI (MIT libgssapi_krb5 on Linux, GSS.framework on macOS), through the
 * koffi FFI: the only file of the client that touches native memory. Every token from the network
 * is copied into a Node Buffer before the call and bounded in size; every buffer GSSAPI returns is
 * copied out and released with gss_release_buffer at once; every handle is released by its
 * owner's dispose(). Loaded only when Kerberos is used (see loader.ts).
 */
import type * as Koffi from 'koffi';
import { GssFailure, GssStatus } from './gssStatus';
import { MAX_MESSAGE_BYTES, MAX_TOKEN_BYTES } from './limits';
import type { GssApi, GssContext, MutualInitiation } from './types';

const GSS_C_MUTUAL_FLAG = 2;
const GSS_C_INTEG_FLAG = 32;
const GSS_S_CONTINUE_NEEDED = 1;
const GSS_C_INDEFINITE = 0xffffffff;
const GSS_C_GSS_CODE = 1;
const GSS_C_MECH_CODE = 2;
/** 1.2.840.113554.1.2.2: the Kerberos V5 mechanism (RFC 1964). */
const KRB5_MECH_OID = Buffer.from('2a864886f712010202', 'hex');
/** 1.2.840.113554.1.2.2.1: GSS_KRB5_NT_PRINCIPAL_NAME, a `service/host@REALM` principal as written. */
const KRB5_PRINCIPAL_NAME_OID = Buffer.from('2a864886f71201020201', 'hex');

interface BufferDesc { length: number | bigint; value: unknown }
type Handle = unknown;

function libraryName(): string {
  if (process.platform === 'darwin') return '/System/Library/Frameworks/GSS.framework/GSS';
  return 'libgssapi_krb5.so.2';
}

/** The functions this file calls, declared once per process. */
function bind(koffi: typeof Koffi) {
  const lib = koffi.load(libraryName());
  // Apple's GSS headers pack their structs to 2 bytes (gss_OID_desc is 12 bytes there, 16 elsewhere).
  const define = process.platform === 'darwin' ? koffi.pack : koffi.struct;
  define('gss_buffer_desc', { length: 'size_t', value: 'void *' });
  const oid = define('gss_OID_desc', { length: 'uint32_t', elements: 'void *' });
  const f = (proto: string) => lib.func(proto);
  return {
    koffi,
    oid,
    importName: f('uint32_t gss_import_name(_Out_ uint32_t *minor, gss_buffer_desc *name, void *type, _Out_ void **out)'),
    releaseName: f('uint32_t gss_release_name(_Out_ uint32_t *minor, _Inout_ void **name)'),
    displayName: f('uint32_t gss_display_name(_Out_ uint32_t *minor, void *name, _Out_ gss_buffer_desc *out, void *type)'),
    init: f('uint32_t gss_init_sec_context(_Out_ uint32_t *minor, void *cred, _Inout_ void **ctx, void *target, void *mech, ' +
      'uint32_t flags, uint32_t time, void *bindings, gss_buffer_desc *input, void *actualMech, _Out_ gss_buffer_desc *output, ' +
      '_Out_ uint32_t *retFlags, _Out_ uint32_t *timeRec)'),
    accept: f('uint32_t gss_accept_sec_context(_Out_ uint32_t *minor, _Inout_ void **ctx, void *cred, gss_buffer_desc *input, ' +
      'void *bindings, _Out_ void **source, void *mech, _Out_ gss_buffer_desc *output, _Out_ uint32_t *retFlags, ' +
      '_Out_ uint32_t *timeRec, void *delegated)'),
    getMic: f('uint32_t gss_get_mic(_Out_ uint32_t *minor, void *ctx, uint32_t qop, gss_buffer_desc *message, _Out_ gss_buffer_desc *token)'),
    verifyMic: f('uint32_t gss_verify_mic(_Out_ uint32_t *minor, void *ctx, gss_buffer_desc *message, gss_buffer_desc *token, _Out_ uint32_t *qop)'),
    deleteContext: f('uint32_t gss_delete_sec_context(_Out_ uint32_t *minor, _Inout_ void **ctx, void *output)'),
    acquireCred: f('uint32_t gss_acquire_cred(_Out_ uint32_t *minor, void *name, uint32_t time, void *mechs, int usage, ' +
      '_Out_ void **cred, void *actualMechs, _Out_ uint32_t *timeRec)'),
    releaseCred: f('uint32_t gss_release_cred(_Out_ uint32_t *minor, _Inout_ void **cred)'),
    releaseBuffer: f('uint32_t gss_release_buffer(_Out_ uint32_t *minor, _Inout_ gss_buffer_desc *buffer)'),
    displayStatus: f('uint32_t gss_display_status(_Out_ uint32_t *minor, uint32_t status, int type, void *mech, ' +
      '_Inout_ uint32_t *messageContext, _Out_ gss_buffer_desc *out)'),
  };
}
type Native = ReturnType<typeof bind>;

/** A gss_OID_desc in memory of its own, kept for the life of the process. */
function makeOid(n: Native, bytes: Buffer): Handle {
  const elements = n.koffi.alloc('uint8_t', bytes.length);
  n.koffi.encode(elements, 'uint8_t', [...bytes], bytes.length);
  const desc = n.koffi.alloc(n.oid, 1);
  n.koffi.encode(desc, n.oid, { length: bytes.length, elements });
  return desc;
}

const isError = (major: number): boolean => (major & 0xffff0000) !== 0;

/** Copies a returned gss_buffer_desc into a Buffer and releases it. */
function takeBuffer(n: Native, desc: BufferDesc): Buffer {
  const length = Number(desc.length);
  const bytes = length > 0 && desc.value ? Buffer.from(new Uint8Array(n.koffi.view(desc.value, length)).slice()) : Buffer.alloc(0);
  n.releaseBuffer([0], desc);
  return bytes;
}

function statusText(n: Native, status: number, type: number): string {
  const parts: string[] = [];
  const messageContext = [0];
  for (let i = 0; i < 4; i++) {
    const out: BufferDesc = { length: 0, value: null };
    if (isError(n.displayStatus([0], status, type, null, messageContext, out))) break;
    parts.push(takeBuffer(n, out).toString('utf8').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200));
    if (messageContext[0] === 0) break;
  }
  return parts.join('; ');
}

function failure(n: Native, call: string, major: number, minor: number): GssFailure {
  const status: GssStatus = { major, minor: minor | 0 };
  const text = [statusText(n, major, GSS_C_GSS_CODE), minor ? statusText(n, minor, GSS_C_MECH_CODE) : ''].filter(Boolean).join(': ');
  return new GssFailure(call, status, text);
}

function input(bytes: Buffer, limit: number, what: string): BufferDesc {
  if (bytes.length > limit) throw new GssFailure(what, { major: 0, minor: 0 }, `${what}: ${bytes.length} bytes is more than ${limit}`);
  return { length: bytes.length, value: bytes.length > 0 ? bytes : null };
}

class NativeContext implements GssContext {
  private handle: Handle;

  constructor(private readonly n: Native, handle: Handle, readonly lifetimeSec: number, readonly peer: string) {
    this.handle = handle;
  }

  getMic(message: Buffer): Buffer {
    const minor = [0];
    const token: BufferDesc = { length: 0, value: null };
    const major = this.n.getMic(minor, this.live(), 0, input(message, MAX_MESSAGE_BYTES, 'gss_get_mic'), token);
    if (isError(major)) throw failure(this.n, 'gss_get_mic', major, minor[0] ?? 0);
    return takeBuffer(this.n, token);
  }

  verifyMic(message: Buffer, token: Buffer): boolean {
    if (token.length === 0 || token.length > MAX_TOKEN_BYTES || message.length > MAX_MESSAGE_BYTES) return false;
    const major = this.n.verifyMic([0], this.live(), input(message, MAX_MESSAGE_BYTES, 'gss_verify_mic'), input(token, MAX_TOKEN_BYTES, 'gss_verify_mic'), [0]);
    return !isError(major);
  }

  dispose(): void {
    if (!this.handle) return;
    const handle = [this.handle];
    this.handle = null;
    this.n.deleteContext([0], handle, null);
  }

  private live(): Handle {
    if (!this.handle) throw new GssFailure('gss_context', { major: 0, minor: 0 }, 'the security context was disposed');
    return this.handle;
  }
}

function importName(n: Native, name: string, type: Handle): Handle {
  const minor = [0];
  const out: Handle[] = [null];
  const bytes = Buffer.from(name, 'utf8');
  const major = n.importName(minor, { length: bytes.length, value: bytes }, type, out);
  if (isError(major)) throw failure(n, 'gss_import_name', major, minor[0] ?? 0);
  return out[0];
}

function nameText(n: Native, name: Handle): string {
  const out: BufferDesc = { length: 0, value: null };
  if (isError(n.displayName([0], name, out, null))) return '';
  return takeBuffer(n, out).toString('utf8').slice(0, 256);
}

/** The initiator's first call, on koffi's worker thread (asking the KDC for the service ticket must not block the event loop). */
async function firstToken(n: Native, name: Handle, mech: Handle, flags: number): Promise<{ major: number; token: Buffer; ctx: Handle; timeRec: number }> {
  const minor = [0];
  const ctx: Handle[] = [null];
  const output: BufferDesc = { length: 0, value: null };
  const timeRec = [0];
  const major = await new Promise<number>((resolve, reject) => {
    n.init.async(minor, null, ctx, name, mech, flags, GSS_C_INDEFINITE, null, { length: 0, value: null }, null, output, [0], timeRec,
      (error: unknown, result: number) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
  });
  if (isError(major)) {
    if (ctx[0]) n.deleteContext([0], [ctx[0]], null);
    throw failure(n, 'gss_init_sec_context', major, minor[0] ?? 0);
  }
  return { major, token: takeBuffer(n, output), ctx: ctx[0], timeRec: timeRec[0] ?? 0 };
}

/** An initiator context that asked for mutual authentication: the acceptor's AP-REP completes it. */
class MutualContext implements MutualInitiation {
  constructor(private readonly n: Native, private name: Handle, private readonly mech: Handle, private ctx: Handle, readonly token: Buffer) {}

  verify(reply: Buffer): boolean {
    if (!this.ctx || reply.length === 0 || reply.length > MAX_TOKEN_BYTES) return false;
    const handle: Handle[] = [this.ctx];
    const output: BufferDesc = { length: 0, value: null };
    const major = this.n.init([0], null, handle, this.name, this.mech, GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG, GSS_C_INDEFINITE, null,
      input(reply, MAX_TOKEN_BYTES, 'gss_init_sec_context'), null, output, [0], [0]);
    this.ctx = handle[0];
    takeBuffer(this.n, output);
    const complete = major === 0;
    this.dispose();
    return complete;
  }

  dispose(): void {
    if (this.ctx) this.n.deleteContext([0], [this.ctx], null);
    if (this.name) this.n.releaseName([0], [this.name]);
    this.ctx = null;
    this.name = null;
  }
}

/** Whether the user holds credentials (a ticket) GSSAPI would use by default, still valid. */
function hasDefaultCredentials(n: Native): boolean {
  const cred: Handle[] = [null];
  const timeRec = [0];
  // GSS_C_NO_NAME, default mechanisms, GSS_C_INITIATE (1): the user's default credentials
  const major = n.acquireCred([0], null, 0, null, 1, cred, null, timeRec);
  if (cred[0]) n.releaseCred([0], [cred[0]]);
  return !isError(major) && (timeRec[0] ?? 0) > 0;
}

/** The acceptor's side (the simulator's): one AP-REQ completes the context; anything else is refused and released. */
function acceptToken(n: Native, token: Buffer): { context: NativeContext; reply: Buffer } {
  const minor = [0];
  const ctx: Handle[] = [null];
  const source: Handle[] = [null];
  const output: BufferDesc = { length: 0, value: null };
  const timeRec = [0];
  const major = n.accept(minor, ctx, null, input(token, MAX_TOKEN_BYTES, 'gss_accept_sec_context'), null, source, null, output, [0], timeRec, null);
  const reply = takeBuffer(n, output);
  if (isError(major) || major !== 0) {
    if (ctx[0]) n.deleteContext([0], [ctx[0]], null);
    if (source[0]) n.releaseName([0], [source[0]]);
    throw failure(n, 'gss_accept_sec_context', major, minor[0] ?? 0);
  }
  const peer = nameText(n, source[0]);
  n.releaseName([0], [source[0]]);
  return { context: new NativeContext(n, ctx[0], timeRec[0] ?? 0, peer), reply };
}

/** The bindings, once per process: throws (GssFailure 'load') when the library is absent. */
export function createGssApi(koffi: typeof Koffi): GssApi {
  let n: Native;
  try {
    n = bind(koffi);
  } catch (error) {
    throw new GssFailure('load', { major: 0, minor: 0 }, `the system GSSAPI library (${libraryName()}) could not be loaded: ${(error as Error).message}`);
  }
  const mech = makeOid(n, KRB5_MECH_OID);
  const principalType = makeOid(n, KRB5_PRINCIPAL_NAME_OID);
  return {
    hasCredentials: () => hasDefaultCredentials(n),
    async initiate(target: string) {
      const name = importName(n, target, principalType);
      try {
        const first = await firstToken(n, name, mech, GSS_C_INTEG_FLAG);
        const context = new NativeContext(n, first.ctx, first.timeRec, target);
        if (first.major !== 0) {
          context.dispose();
          throw new GssFailure('gss_init_sec_context', { major: first.major, minor: 0 }, 'the Kerberos context needs more than one token (not MS-SIPAE Kerberos)');
        }
        return { token: first.token, context };
      } finally {
        n.releaseName([0], [name]);
      }
    },
    async initiateMutual(target: string) {
      const name = importName(n, target, principalType);
      try {
        const first = await firstToken(n, name, mech, GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG);
        if (first.major !== GSS_S_CONTINUE_NEEDED) {
          n.deleteContext([0], [first.ctx], null);
          throw new GssFailure('gss_init_sec_context', { major: first.major, minor: 0 }, 'the Kerberos context did not wait for the mutual authentication answer');
        }
        return new MutualContext(n, name, mech, first.ctx, first.token);
      } catch (error) {
        n.releaseName([0], [name]);
        throw error;
      }
    },
    accept: (token: Buffer) => acceptToken(n, token),
  };
}
