import assert from 'node:assert/strict';
import type { SecurityAssociation } from '../../../src/sip/auth/securityAssociation';
import { ReauthGuard } from '../../../src/sip/reauthGuard';
import type { SipResponse } from '../../../src/sip/sipResponse';

const response = (statusCode: number) => ({ statusCode }) as SipResponse;
const sa = (name: string) => ({ name }) as unknown as SecurityAssociation;

/** A guard whose handshake installs a new association and counts itself; `gate` holds it open. */
function setup() {
  let current: SecurityAssociation | undefined = sa('first');
  let handshakes = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const guard = new ReauthGuard(() => current);
  guard.setHandshake(async () => {
    handshakes++;
    await gate;
    current = sa(`renewed ${handshakes}`);
  });
  return { guard, release, handshakes: () => handshakes };
}

describe('ReauthGuard: a challenged request is resent once after one shared handshake', () => {
  it('a 2xx or any other status is returned as is, without a handshake', async () => {
    const { guard, handshakes } = setup();
    for (const status of [200, 403, 481, 500]) assert.equal((await guard.send(async () => response(status))).statusCode, status);
    assert.equal(handshakes(), 0);
  });

  for (const status of [401, 407]) {
    it(`${status}: one handshake, one resend; a second ${status} is final (no loop)`, async () => {
      const { guard, release, handshakes } = setup();
      release();
      const attempts: boolean[] = [];
      const final = await guard.send(async (resend) => { attempts.push(resend); return response(status); });
      assert.equal(final.statusCode, status);
      assert.deepEqual(attempts, [false, true]);
      assert.equal(handshakes(), 1);
    });
  }

  it('concurrent challenges share one handshake, and every request is resent once', async () => {
    const { guard, release, handshakes } = setup();
    const results = [1, 2, 3].map(() => guard.send(async (resend) => response(resend ? 200 : 401)));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    assert.deepEqual((await Promise.all(results)).map((r) => r.statusCode), [200, 200, 200]);
    assert.equal(handshakes(), 1);
  });

  it('a challenge to a request sent before a finished handshake is resent without another one', async () => {
    const { guard, release, handshakes } = setup();
    release();
    let answerLate: (r: SipResponse) => void = () => undefined;
    const late = guard.send((resend) => (resend ? Promise.resolve(response(200)) : new Promise<SipResponse>((resolve) => { answerLate = resolve; })));
    await guard.send(async (resend) => response(resend ? 200 : 401));
    assert.equal(handshakes(), 1);
    answerLate(response(401));
    assert.equal((await late).statusCode, 200);
    assert.equal(handshakes(), 1, 'the association was already renewed since that request was sent');
  });

  it('a failed handshake rejects the request with its error; without a handshake a challenge is final', async () => {
    const guard = new ReauthGuard(() => undefined);
    assert.equal((await guard.send(async () => response(401))).statusCode, 401);
    guard.setHandshake(() => Promise.reject(new Error('password refused')));
    await assert.rejects(guard.send(async () => response(401)), /password refused/);
  });
});
