import assert from 'node:assert/strict';
import { nullLogger } from '../../../src/common/logger';
import type { RememberedNtlmOffer } from '../../../src/endpoint/poolMemory';
import { Registration } from '../../../src/endpoint/registration';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import type { SipRequest, SipResponse, SipStack } from '../../../src/sip/sipStack';

const OFFER = 'NTLM realm="SIP Communications Service", targetname="pool0.contoso.com", version=3';

/** A registrar scripted by status and WWW-Authenticate; records each REGISTER's Authorization value. */
function scriptedStack(answers: Array<{ status: number; authenticate?: string }>): { stack: SipStack; sent: Array<string | undefined> } {
  const sent: Array<string | undefined> = [];
  const stack = {
    localAddress: '192.0.2.10', localPort: 50000, protocol: 'TLS', securityAssociation: undefined,
    setSecurityAssociation: () => undefined,
    send: (request: SipRequest): Promise<SipResponse> => {
      sent.push(request.authorize?.value(''));
      const answer = answers.shift() ?? { status: 403 };
      const raw = parseRawMessage(`SIP/2.0 ${answer.status} Scripted\r\nCSeq: ${sent.length} REGISTER\r\n${answer.authenticate ? `WWW-Authenticate: ${answer.authenticate}\r\n` : ''}Content-Length: 0\r\n\r\n`);
      return Promise.resolve({ statusCode: answer.status, reasonPhrase: 'Scripted', header: (name) => raw.header(name), raw });
    },
  };
  return { stack: stack as unknown as SipStack, sent };
}

function registration(stack: SipStack, ntlmOffer?: RememberedNtlmOffer, authentication: 'auto' | 'kerberos' = 'auto'): Registration {
  return new Registration(stack, {
    aor: 'sip:alice@contoso.com', domain: 'contoso.com', instanceId: '00000000-0000-0000-0000-000000000001',
    credential: { username: 'CONTOSO\\alice', password: 'secret', authentication }, requestTimeoutMs: 1000, logger: nullLogger, ntlmOffer,
  });
}

describe('early NTLM negotiate: the first REGISTER of a restart asks for the CHALLENGE with the remembered offer', () => {
  const remembered = { realm: 'SIP Communications Service', targetname: 'pool0.contoso.com', version: 3 };
  const negotiate = 'NTLM qop="auth", realm="SIP Communications Service", targetname="pool0.contoso.com", gssapi-data="", version=3';

  it('carries the same negotiate header the offer would have produced, on the first REGISTER', async () => {
    const today = scriptedStack([{ status: 401, authenticate: OFFER }]);
    await assert.rejects(registration(today.stack).register());
    const early = scriptedStack([]);
    await assert.rejects(registration(early.stack, remembered).register());
    assert.deepEqual(today.sent, [undefined, negotiate], 'without a remembered offer: no Authorization, then the negotiate request');
    assert.equal(early.sent[0], negotiate, 'with it: the negotiate request at once, byte-identical');
  });

  it('a plain offer in answer is used as the offer (a changed targetname replaces the remembered one), with no extra REGISTER', async () => {
    const { stack, sent } = scriptedStack([{ status: 401, authenticate: OFFER.replace('pool0', 'pool9') }]);
    const reg = registration(stack, { ...remembered, targetname: 'old.contoso.com' });
    await assert.rejects(reg.register());
    assert.deepEqual(sent, [negotiate.replace('pool0', 'old'), negotiate.replace('pool0', 'pool9')]);
    assert.deepEqual(reg.ntlmOffer, { ...remembered, targetname: 'pool9.contoso.com' }, 'the new offer is what the next start remembers');
  });

  it('an early request refused outright falls back to the unauthenticated REGISTER at once; only the first register() sends one', async () => {
    const { stack, sent } = scriptedStack([{ status: 400 }, { status: 401, authenticate: OFFER }]);
    const reg = registration(stack, remembered);
    await assert.rejects(reg.register());
    await assert.rejects(reg.register());
    assert.deepEqual(sent, [negotiate, undefined, negotiate, undefined]);
  });

  it('a registrar that answers it with a Digest challenge gets the Digest answer (the early request is no earlier Digest attempt)', async () => {
    const { stack, sent } = scriptedStack([{ status: 401, authenticate: 'Digest realm="contoso.com", nonce="0123abcd", qop="auth", algorithm=MD5' }]);
    await assert.rejects(registration(stack, remembered).register(), (error: { code?: string }) => error.code !== 'AuthenticationFailed');
    assert.equal(sent.length, 2, 'the Digest REGISTER went out');
    assert.match(sent[1] ?? '', /^Digest /);
  });

  it('is not sent for a Kerberos-only sign-in', async () => {
    const { stack, sent } = scriptedStack([]);
    await assert.rejects(registration(stack, remembered, 'kerberos').register());
    assert.deepEqual(sent, [undefined]);
  });
});
