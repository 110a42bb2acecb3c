import { PassThrough } from 'node:stream';
import type * as net from 'node:net';
import { LyncError } from '../../src/common/errors';
import { nullLogger } from '../../src/common/logger';
import { parseProvisioningBody } from '../../src/endpoint/provisioning';
import { parseAuthHeader } from '../../src/sip/auth/authHeader';
import { createDigestAuthorization } from '../../src/sip/auth/digest';
import { GssFailure } from '../../src/sip/auth/kerberos/gssStatus';
import { kerberosApi } from '../../src/sip/auth/kerberos/loader';
import { decodeChallengeMessage, readAvPairs } from '../../src/sip/auth/ntlmMessages';
import { decodeAuthenticateMessage } from '../../simulator/auth/ntlmServer';
import { parseNtlmChallengeHeader } from '../../src/sip/auth/sipae';
import { SipFramer } from '../../src/sip/message/framer';
import { parseRawMessage } from '../../src/sip/message/rawMessage';
import { SipStack } from '../../src/sip/sipStack';
import { SipConnection } from '../../src/sip/transport/sipConnection';
import { decodeEnvelope } from '../../src/persistentChat/xccos/envelope';
import { decodeInvitations } from '../../src/persistentChat/xccos/invitations';
import { decodeJoin, decodeParticipantChanges } from '../../src/persistentChat/xccos/join';
import { decodeHistory } from '../../src/persistentChat/xccos/messages';
import { decodeRoomList } from '../../src/persistentChat/xccos/rooms';
import { decodeRequri, decodeServerInfo } from '../../src/persistentChat/xccos/serverInfo';

/** One fuzz target: feeds one input; throws only for what is a finding (anything but a typed LyncError). */
export interface FuzzTarget {
  name: 'framer' | 'sip' | 'xccos' | 'auth' | 'provisioning' | 'kerberos';
  run(input: Buffer): void;
}

/** Typed errors are the contract for bad input; anything else escaping is a crash. */
export function typed<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (LyncError.is(error)) return undefined;
    throw error;
  }
}

const framer: FuzzTarget = {
  name: 'framer',
  run(input) {
    const f = new SipFramer((bytes) => { typed(() => parseRawMessage(bytes)); }, () => undefined, { maxMessageBytes: 256 * 1024 });
    // the same bytes in uneven chunks, as TCP delivers them
    for (let i = 0, step = 1; i < input.length; i += step, step = (step * 7 + 3) % 1500 + 1) typed(() => f.push(input.subarray(i, i + step)));
  },
};

/** A whole SipStack (sip.js core included) over a fake socket: what a server's bytes can do to it. */
function sipTarget(): FuzzTarget {
  const socket = Object.assign(new PassThrough(), { setKeepAlive: () => undefined, localAddress: '127.0.0.1', localPort: 5060, remoteAddress: '127.0.0.1' });
  socket.resume();
  const connection = new SipConnection(socket as unknown as net.Socket, { host: '127.0.0.1', port: 5061, transport: 'tcp' }, nullLogger);
  const stack = new SipStack(connection, { aor: 'sip:alice@contoso.com', epid: '0123456789', userAgent: 'fuzz', logger: nullLogger });
  void stack;
  return {
    name: 'sip',
    run(input) {
      if (!connection.isOpen) throw new Error('the fuzz connection closed');
      // one message at a time: a framing error would end the connection
      typed(() => {
        const raw = parseRawMessage(input);
        (connection as unknown as { receive(bytes: Buffer): void }).receive(Buffer.from(raw.text, 'utf8'));
      });
    },
  };
}

const xccos: FuzzTarget = {
  name: 'xccos',
  run(input) {
    const envelope = typed(() => decodeEnvelope(input.toString('utf8')));
    for (const item of envelope?.items ?? []) {
      const data = 'data' in item ? (item as { data?: never }).data : undefined;
      for (const decode of [decodeInvitations, decodeJoin, decodeHistory, decodeRoomList, decodeRequri, decodeServerInfo] as ((d: unknown) => unknown)[]) typed(() => decode(data));
      if ('id' in item) typed(() => decodeParticipantChanges({ id: String((item as { id: unknown }).id), data }));
    }
  },
};

const auth: FuzzTarget = {
  name: 'auth',
  run(input) {
    typed(() => decodeChallengeMessage(input));
    typed(() => decodeAuthenticateMessage(input));
    typed(() => readAvPairs(input));
    const text = input.toString('latin1');
    typed(() => parseAuthHeader(text));
    typed(() => parseNtlmChallengeHeader(text));
    typed(() => createDigestAuthorization(text, { username: 'alice', password: 'p', method: 'REGISTER', uri: 'sip:contoso.com', cnonce: 'c' }));
  },
};

/**
 * Hostile AP-REQ tokens into the system GSSAPI acceptor through the koffi binding (the native code a
 * client's token reaches first). A refused token is a GssFailure, the binding's typed error.
 */
const kerberos: FuzzTarget = {
  name: 'kerberos',
  run(input) {
    try {
      kerberosApi().accept(input).context.dispose();
    } catch (error) {
      if (!(error instanceof GssFailure)) throw error;
    }
  },
};

const provisioning: FuzzTarget = {
  name: 'provisioning',
  run(input) {
    typed(() => parseProvisioningBody(input.toString('utf8')));
  },
};

export function createTargets(): FuzzTarget[] {
  return [framer, sipTarget(), xccos, auth, provisioning, kerberos];
}
