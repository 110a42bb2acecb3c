import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { ntlmVersion, writeAvPairs } from '../../src/sip/auth/ntlmMessages';
import { encodeChallengeMessage } from '../../simulator/auth/ntlmServer';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceEndpoint } from '../protocol/helpers/pool';
import { FuzzTarget } from './targets';

const ROOT = join(__dirname, '..', '..', '..');

/** Seeds per target: the pidgin-sipe capture, plus the traffic of one recorded session with the simulated pool. */
export async function collectSeeds(): Promise<Record<FuzzTarget['name'], Buffer[]>> {
  const capture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'captures', 'pidgin-sipe-ntlm-signin.json'), 'utf8')) as { messages: { text: string }[] };
  const texts = [...capture.messages.map((m) => m.text), ...(await recordSession())];
  const bodies = texts.map((t) => t.slice(t.indexOf('\r\n\r\n') + 4)).filter((b) => b.length > 0);
  const blobs = texts.flatMap((t) => [...t.matchAll(/gssapi-data="([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64')));
  const authHeaders = texts.flatMap((t) => [...t.matchAll(/^(?:WWW-Authenticate|Authentication-Info|Authorization): (.*)$/gim)].map((m) => Buffer.from(m[1])));
  const challenge = encodeChallengeMessage(0xe2898235, Buffer.alloc(8, 7), 'CONTOSO', writeAvPairs([{ id: 2, value: Buffer.from('CONTOSO', 'utf16le') }, { id: 7, value: Buffer.alloc(8) }]), ntlmVersion(6, 1, 7601));
  const digest = Buffer.from('Digest realm="contoso.com", nonce="abc", qop="auth,auth-int", algorithm=MD5, opaque="o"');
  const messages = texts.map((t) => Buffer.from(t));
  const tokens = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'kerberos', 'tokens.json'), 'utf8')) as { apReq: string; mic: string };
  return {
    framer: [Buffer.concat(messages.slice(0, 8)), ...messages, Buffer.from('\r\n\r\n\r\n')],
    sip: messages,
    xccos: bodies.filter((b) => b.includes('<xccos')).map((b) => Buffer.from(b)),
    auth: [challenge, ...blobs, digest, ...authHeaders],
    provisioning: bodies.filter((b) => /provision/i.test(b)).map((b) => Buffer.from(b)),
    kerberos: [Buffer.from(tokens.apReq, 'base64'), Buffer.from(tokens.mic, 'base64'), Buffer.from('6006060' + '92a864886f7120102020100', 'hex')],
  };
}

/** Sign in, open the chat session, browse and read history, sign out; every message both ways. */
async function recordSession(): Promise<string[]> {
  const pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 });
  try {
    const connection = new ChatConnection({ userUri: 'sip:alice@contoso.com', createEndpoint: () => aliceEndpoint(pool, 'tcp'), watchNetwork: false });
    await connection.connect();
    const chat = connection.chatEndpoint!;
    const rooms = await chat.browseChatRooms();
    for (const room of rooms.slice(0, 2)) {
      await chat.joinChatRoom(room.uri).catch(() => undefined);
      await chat.getRecentChatHistory(room.uri, 10).catch(() => undefined);
    }
    await connection.disconnect();
    connection.dispose();
    return pool.messageLog.map((m) => m.text);
  } finally {
    await pool.stop();
  }
}
