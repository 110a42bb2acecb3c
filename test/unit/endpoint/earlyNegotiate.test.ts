import assert from 'node:assert/strict';
import type { LyncError } from '../../../src/common/errors';
import { nullLogger } from '../../../src/common/logger';
import type { RememberedNtlmOffer } from '../../../src/endpoint/poolMemory';
import { Registration } from '../../../src/endpoint/registration';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import type { SipRequest, SipResponse, SipStack } from '../../../src/sip/sipStack';
import { createChallengeMessage } from '../../../simulator/auth/ntlmServer';

const NTLM_CHALLENGE = createChallengeMessage({ netbiosDomain: 'CONTOSO', netbiosComputer: 'POOL0', dnsDomain: 'contoso.com', dnsComputer: 'pool0.contoso.com' }).raw.toString('base64');
const OFFER = 'NTLM realm="SIP Communications Service", targetname="pool0.contoso.com", version=3';

/** A registrar scripted by status and WWW-Authenticate; records each REGISTER's Authorization value. */
type Answer = { status: number; authenticate?: string; headers?: string[] };

function scriptedStack(answers: Answer[]): { stack: SipStack; sent: Array<string | undefined> } {
  const sent: Array<string | undefined> = [];
  const stack = {
    localAddress: '192.0.2.10', localPort: 50000, protocol: 'TLS', securityAssociation: undefined,
    setSecurityAssociation: () => undefined,
    send: (request: SipRequest): Promise<SipResponse> => {
      sent.push(request.authorize?.value(''));
      const answer = answers.shift() ?? { status: 403 };
      const raw = parseRawMessage(`SIP/2.0 ${answer.status} Scripted\r\nCSeq: ${sent.length} REGISTER\r\n${answer.authenticate ? `WWW-Authenticate: ${answer.authenticate}\r\n` : ''}${(answer.headers ?? []).map((h) => `${h}\r\n`).join('')}Content-Length: 0\r\n\r\n`);
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
    assert.deepEqual(reg.ntlmOffer, { ...remembered, targetname: 'pool9.contoso.com', kerberos: false }, 'the new offer is what the next start remembers, NTLM alone');
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

/** What a register() ended with, as the layers above see it: the error's fields, or the redirect. */
async function outcome(reg: Registration): Promise<unknown> {
  try {
    return await reg.register();
  } catch (error) {
    const e = error as LyncError;
    return { code: e.code, message: e.message, sipStatus: e.sipStatus, diagnostics: e.diagnostics, retryAfterMs: e.retryAfterMs, retriable: e.retriable, auth: e.auth };
  }
}

describe('early NTLM negotiate: a fault answer to it is handled exactly as the same answer to a plain first REGISTER', () => {
  const remembered = { realm: 'SIP Communications Service', targetname: 'pool0.contoso.com', version: 3 };
  const faults: Array<[string, Answer]> = [
    ['403 Forbidden (a disabled user)', { status: 403, headers: ['ms-diagnostics: 1000;reason="User is disabled"'] }],
    ['404 Not Found (a user not enabled for Lync)', { status: 404, headers: ['ms-diagnostics: 4005;reason="Destination URI either not enabled for SIP or does not exist"'] }],
    ['408 Request Timeout', { status: 408 }],
    ['480 Temporarily Unavailable', { status: 480 }],
    ['500 Server Internal Error', { status: 500 }],
    ['503 Service Unavailable with Retry-After', { status: 503, headers: ['Retry-After: 5', 'ms-diagnostics: 1008;reason="Server is busy"'] }],
    ['504 Server Time-out', { status: 504 }],
    ['486 Busy Here (a status with no meaning of its own)', { status: 486 }],
    ['301 to the home pool', { status: 301, headers: ['Contact: <sip:pool1.contoso.com:5061;transport=tls>'] }],
  ];
  for (const [name, answer] of faults) {
    it(`${name}: the same outcome, after the one REGISTER, as without a remembered offer`, async () => {
      const plain = scriptedStack([answer, { status: 200 }]);
      const early = scriptedStack([answer, { status: 200 }]);
      const expected = await outcome(registration(plain.stack));
      assert.deepEqual(await outcome(registration(early.stack, remembered)), expected);
      assert.notEqual((expected as { kind?: string }).kind, 'registered', 'the fault ended the sign-in');
      assert.equal(plain.sent.length, 1);
      assert.equal(early.sent.length, 1, 'no second REGISTER after the fault: the early request is not retried plain');
      assert.match(early.sent[0] ?? '', /^NTLM /, 'the fault answered the early request');
    });
  }

  it('a password refused after the early request is refused as after a plain first REGISTER (the only answer that removes a stored password)', async () => {
    const challenge = `${OFFER}, opaque="0a1b2c3d", gssapi-data="${NTLM_CHALLENGE}"`;
    const plain = scriptedStack([{ status: 401, authenticate: OFFER }, { status: 401, authenticate: challenge }, { status: 401, authenticate: OFFER }]);
    const early = scriptedStack([{ status: 401, authenticate: challenge }, { status: 401, authenticate: OFFER }]);
    const expected = await outcome(registration(plain.stack));
    assert.equal((expected as { auth?: { reason?: string } }).auth?.reason, 'passwordRefused');
    assert.deepEqual(await outcome(registration(early.stack, remembered)), expected);
    assert.equal(early.sent.length, plain.sent.length - 1, 'one REGISTER fewer');
  });

  it('a 400 to the early request (a registrar that cannot read it) sends the plain first REGISTER at once, whose answer decides', async () => {
    const { stack, sent } = scriptedStack([{ status: 400 }, { status: 403, headers: ['ms-diagnostics: 1000;reason="User is disabled"'] }]);
    const expected = await outcome(registration(scriptedStack([{ status: 403, headers: ['ms-diagnostics: 1000;reason="User is disabled"'] }]).stack));
    assert.deepEqual(await outcome(registration(stack, remembered)), expected);
    assert.equal(sent.length, 2);
    assert.equal(sent[1], undefined, 'the second REGISTER is the plain one');
  });
});
