/**
 * Fidelity of the pool's presence answers: the real pidgin-sipe, given bob as a contact, must
 * subscribe to his presence with the batched category SUBSCRIBE the product sends (to its own URI,
 * `Require: adhoclist, categoryList`, a `batchSub` body), and accept what the pool answers: the
 * piggy-backed `categories` document (display name, state) and a BENOTIFY when bob's state changes.
 */
import assert from 'node:assert/strict';
import { SimulatedLyncPool } from '../pool';
import { requireSipe, sipeRunCleanup, SipeRun, waitForSipe } from '../sipeHarness';

const BOB = 'sip:bob@contoso.com';

describe('fidelity: pidgin-sipe subscribes to presence as the product does and accepts the pool\'s notifications', function () {
  this.timeout(120_000);
  let pool: SimulatedLyncPool;
  let sipe: SipeRun | undefined;
  sipeRunCleanup(() => sipe, () => pool?.stop());

  before(async function () {
    requireSipe(this);
    pool = await SimulatedLyncPool.start({ ntlmVersion: 4 });
    pool.presence.setContacts('sip:alice@contoso.com', [BOB]);
    pool.setAvailability(BOB, 'busy');
    sipe = SipeRun.start({ host: '127.0.0.1', port: pool.addresses.tcp.port, transport: 'tcp', user: 'alice@contoso.com', password: 'secret', login: 'CONTOSO\\alice' });
  });

  const presenceSubscribes = () => pool.messageLog.filter((e) => e.direction === 'in' && /^SUBSCRIBE /.test(e.text) && /^Event: *presence\r?$/im.test(e.text));
  const header = (text: string, name: string) => new RegExp(`^${name}: *([^\\r\\n]*)`, 'im').exec(text)?.[1]?.trim();

  it('sends a batched category SUBSCRIBE for its contact to its own URI, as the product does', async () => {
    await waitForSipe(() => presenceSubscribes().length > 0, 'a presence SUBSCRIBE from sipe');
    const [subscribe] = presenceSubscribes();
    assert.match(subscribe.text, /^SUBSCRIBE sip:alice@contoso\.com SIP\/2\.0/);
    assert.equal(header(subscribe.text, 'Require'), 'adhoclist, categoryList');
    assert.equal(header(subscribe.text, 'Content-Type'), 'application/msrtc-adrl-categorylist+xml');
    assert.match(subscribe.text, /<batchSub xmlns="http:\/\/schemas\.microsoft\.com\/2006\/01\/sip\/batch-subscribe"/);
    assert.match(subscribe.text, /<resource uri="sip:bob@contoso\.com"/);
    assert.match(subscribe.text, /<category name="contactCard"\/>[\s\S]*<category name="state"\/>/);
    assert.ok(pool.presence.list().some((s) => s.owner === 'sip:alice@contoso.com' && s.resources.includes(BOB)), 'the pool holds the subscription');
  });

  it('accepts the piggy-backed answer: bob\'s state (busy) reaches sipe\'s buddy', async () => {
    await waitForSipe(() => /process_incoming_notify_rlmi: busy/.test(sipe?.debugLog() ?? ''), 'sipe to read bob as busy');
  });

  it('accepts the BENOTIFY of a presence change (signed, in the dialog): bob becomes away', async () => {
    assert.equal(pool.setAvailability(BOB, 'away'), 1);
    await waitForSipe(() => /process_incoming_notify_rlmi: away/.test(sipe?.debugLog() ?? ''), 'sipe to read bob as away');
    assert.doesNotMatch(sipe?.debugLog() ?? '', /[Ii]nvalid message signature|signature of incoming message invalid/);
  });
});
